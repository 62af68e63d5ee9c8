import type { PluralMessage } from './message.js';
import type { enServices } from './messages-en-services.js';

type ServicesCatalogue = {
  [K in keyof typeof enServices]: (typeof enServices)[K] extends string ? string : PluralMessage;
};

/** Cymraeg for the services and consoles (see messages-cy.ts on REVIEW). */
export const cyServices: ServicesCatalogue = {
  'date.weekdayDate': '{weekday} {date}',
  'date.weekday.0': 'Dydd Sul',
  'date.weekday.1': 'Dydd Llun',
  'date.weekday.2': 'Dydd Mawrth',
  'date.weekday.3': 'Dydd Mercher',
  'date.weekday.4': 'Dydd Iau',
  'date.weekday.5': 'Dydd Gwener',
  'date.weekday.6': 'Dydd Sadwrn',

  'form.errorSummary': 'Mae problem',
  'form.back': 'Yn ôl',
  'form.continue': 'Parhau',
  'form.save': 'Cadw',
  'form.saving': 'Wrthi’n cadw…',
  'form.change': 'Newid',

  'nav.gpAppointments': 'Apwyntiadau meddyg teulu',
  'nav.prescriptions': 'Presgripsiynau',
  'nav.choices': 'Eich dewisiadau',
  'nav.accessLog': 'Pwy sydd wedi edrych ar eich cofnod',

  'gpAppointments.title': 'Apwyntiadau meddyg teulu',
  'gpAppointments.intro': 'Trefnu, gwirio neu ganslo apwyntiadau yn eich practis meddyg teulu.',
  'gpAppointments.bookButton': 'Trefnu apwyntiad',
  'gpAppointments.loading': 'Wrthi’n llwytho eich apwyntiadau…',
  'gpAppointments.loadingOne': 'Wrthi’n llwytho’r apwyntiad…',
  'gpAppointments.upcoming': 'Apwyntiadau i ddod',
  'gpAppointments.noUpcoming': 'Nid oes gennych apwyntiadau i ddod.',
  'gpAppointments.past': 'Apwyntiadau blaenorol a rhai wedi’u canslo',
  'gpAppointments.cancelLink': 'Canslo’r apwyntiad hwn',
  'gpAppointments.cancelledBanner': 'Mae eich apwyntiad wedi’i ganslo.',
  'gpAppointments.date': 'Dyddiad',
  'gpAppointments.time': 'Amser',
  'gpAppointments.with': 'Gyda',
  'gpAppointments.where': 'Ble',
  'gpAppointments.about': 'Beth yw’r pwrpas',

  'book.caption': 'Trefnu apwyntiad',
  'book.loading': 'Wrthi’n chwilio am apwyntiadau rhydd…',
  'book.yourPractice': 'eich practis meddyg teulu',
  // REVIEW
  'book.none': 'Nid oes apwyntiadau rhydd yn {practice} yn ystod y 4 wythnos nesaf. Ffoniwch y practis.',
  'book.day.title': 'Dewiswch ddiwrnod',
  'book.day.legend': 'Pa ddiwrnod hoffech chi gael apwyntiad yn {practice}?',
  'book.day.hint': 'Diwrnodau ag apwyntiadau rhydd yn ystod y 4 wythnos nesaf.',
  'book.day.error': 'Dewiswch ddiwrnod',
  // REVIEW: mutations after numbers.
  'book.day.count': {
    zero: '{count} amser rhydd',
    one: '{count} amser rhydd',
    two: '{count} amser rhydd',
    few: '{count} amser rhydd',
    many: '{count} amser rhydd',
    other: '{count} amser rhydd',
  },
  'book.time.title': 'Dewiswch amser ar {day}',
  'book.time.titleNoDay': 'Dewiswch amser',
  'book.time.legend': 'Pa amser sy’n gyfleus i chi?',
  'book.time.error': 'Dewiswch amser',
  'book.time.with': 'Gyda {clinician}',
  'book.time.none': 'Nid oes amseroedd rhydd ar y diwrnod hwn bellach.',
  'book.chooseAnotherDay': 'Dewis diwrnod arall',
  'book.chooseAnotherTime': 'Dewis amser arall',
  'book.check.title': 'Gwiriwch eich apwyntiad',
  'book.check.change': 'Newid y diwrnod neu’r amser',
  'book.check.reasonLabel': 'Am beth hoffech chi siarad? (dewisol)',
  // REVIEW
  'book.check.reasonHint':
    'Mae hyn yn helpu’r practis i baratoi. Peidiwch â defnyddio hwn ar gyfer problemau brys: ffoniwch 111.',
  'book.check.submit': 'Trefnu apwyntiad',
  'book.check.booking': 'Wrthi’n trefnu…',
  'book.check.taken': 'Mae’n ddrwg gennym, mae rhywun arall newydd gymryd yr amser hwn',
  'book.check.failed': 'Mae’n ddrwg gennym, nid oedd modd trefnu’r apwyntiad hwn',
  'book.done.title': 'Apwyntiad wedi’i drefnu',
  'book.done.panel': 'Mae eich apwyntiad wedi’i drefnu.',
  'book.done.nextHeading': 'Beth sy’n digwydd nesaf',
  // REVIEW
  'book.done.next':
    'Bydd eich practis meddyg teulu yn eich disgwyl ar yr amser hwn. Os na allwch fynd, canslwch ef er mwyn i rywun arall ei gael.',
  'book.done.seeAll': 'Gweld eich holl apwyntiadau',

  'cancel.title': 'Canslo eich apwyntiad',
  'cancel.reasonLabel': 'Pam ydych chi’n canslo? (dewisol)',
  'cancel.reasonHint': 'Er enghraifft, rydych chi’n teimlo’n well neu nid yw’r amser yn gyfleus mwyach.',
  'cancel.submit': 'Canslo’r apwyntiad',
  'cancel.cancelling': 'Wrthi’n canslo…',
  'cancel.keep': 'Cadw’r apwyntiad hwn',
  'cancel.failed': 'Nid oedd modd canslo’r apwyntiad hwn.',

  'nav.findPatient': 'Chwilio am glaf',
  'nav.privacyQueue': 'Ciw adolygu',
  'nav.auditSearch': 'Chwilio’r archwiliad',
  'app.signedInAs': 'Wedi mewngofnodi fel',
  'app.signOut': 'Allgofnodi',

  'signIn.title': 'Mewngofnodi i Heartwood',
  // REVIEW
  'signIn.intro':
    'Mae Heartwood yn dod â’ch cofnod iechyd o’ch practis meddyg teulu a’ch ysbytai at ei gilydd mewn un lle.',
  'signIn.demoHidden': 'Arddangosiad:',
  'signIn.demoExplained':
    'Arddangosiad gyda phobl ffug yw hwn. Ar y dudalen nesaf, dewiswch un o’r cyfrifon arddangos:',
  // REVIEW
  'signIn.demoPatient':
    'claf, i weld ei gofnod, trefnu apwyntiadau, archebu presgripsiynau amlroddadwy a gwneud dewisiadau',
  'signIn.demoProxy':
    'gofalwr, sy’n gweithredu ar ran y claf ac yn gweld dim ond yr hyn a ganiatawyd gan y claf',
  'signIn.demoClinician':
    'meddyg teulu neu feddyg ysbyty, sy’n chwilio am gleifion (a gall dorri’r gwydr mewn argyfwng)',
  'signIn.demoPrivacy': 'swyddog preifatrwydd, sy’n adolygu mynediad brys a phryderon cleifion',
  'signIn.button': 'Parhau i fewngofnodi',
  'signIn.going': 'Wrthi’n mynd i fewngofnodi…',
  'signIn.failed': 'Nid oedd modd dechrau eich mewngofnodi.',
  'signIn.signingIn': 'Wrthi’n eich mewngofnodi…',
  'signIn.problemTitle': 'Mae problem wrth eich mewngofnodi',
  'signIn.problemBody': 'Nid oedd modd cwblhau eich mewngofnodi. Efallai ei fod wedi cymryd gormod o amser.',
  'signIn.again': 'Mewngofnodi eto',
  'signOut.title': 'Rydych wedi allgofnodi',
  'signOut.body': 'Rydych wedi allgofnodi o Heartwood ar y ddyfais hon.',
  'signOut.again': 'Mewngofnodi eto',
  'noPages.title': 'Nid oes tudalennau ar gyfer eich cyfrif',
  'noPages.body': 'Mae eich cyfrif yn defnyddio Heartwood drwy ei API, nid drwy’r tudalennau hyn.',

  'proxy.actingFor': 'Rydych yn gweithredu ar ran {name}.',
  'proxy.someone': 'rhywun arall',
  // REVIEW
  'proxy.grantExplained': 'Dim ond y rhannau o’u cofnod y maen nhw wedi’u caniatáu y byddwch yn eu gweld.',

  'prescriptions.title': 'Presgripsiynau amlroddadwy',
  'prescriptions.intro':
    'Gofynnwch i’ch practis meddyg teulu am ragor o’r meddyginiaethau rydych yn eu cymryd yn rheolaidd.',
  'prescriptions.loading': 'Wrthi’n llwytho eich meddyginiaethau amlroddadwy…',
  'prescriptions.none': 'Nid oes gennych feddyginiaethau amlroddadwy.',
  // REVIEW
  'prescriptions.allPending':
    'Rydych wedi gofyn am eich holl feddyginiaethau amlroddadwy. Mae eich practis meddyg teulu yn delio â’ch ceisiadau.',
  'prescriptions.legend': 'Pa feddyginiaethau sydd eu hangen arnoch?',
  'prescriptions.hint': 'Dewiswch bob un sydd ei angen arnoch.',
  'prescriptions.error': 'Dewiswch o leiaf un feddyginiaeth',
  'prescriptions.submit': 'Gofyn am feddyginiaethau',
  'prescriptions.sending': 'Wrthi’n anfon eich cais…',
  'prescriptions.failed': 'Nid oedd modd anfon eich cais.',
  // REVIEW: mutations after numbers.
  'prescriptions.sent': {
    zero: 'Mae eich cais am {count} meddyginiaeth wedi’i anfon at {practice}.',
    one: 'Mae eich cais am {count} feddyginiaeth wedi’i anfon at {practice}.',
    two: 'Mae eich cais am {count} feddyginiaeth wedi’i anfon at {practice}.',
    few: 'Mae eich cais am {count} meddyginiaeth wedi’i anfon at {practice}.',
    many: 'Mae eich cais am {count} meddyginiaeth wedi’i anfon at {practice}.',
    other: 'Mae eich cais am {count} meddyginiaeth wedi’i anfon at {practice}.',
  },
  'prescriptions.requests': 'Eich ceisiadau',
  'prescriptions.noRequests': 'Nid ydych wedi gofyn am unrhyw bresgripsiynau amlroddadwy eto.',
  'prescriptions.medicine': 'Meddyginiaeth',
  'prescriptions.requestedOn': 'Gofynnwyd ar',
  'prescriptions.status': 'Statws',
  'prescriptions.state.sent': 'Wedi’i anfon at eich practis meddyg teulu',
  'prescriptions.state.inProgress': 'Wrthi’n cael ei wirio',
  'prescriptions.state.done': 'Wedi’i gymeradwyo',
  'prescriptions.state.refused': 'Heb ei gymeradwyo',
  'prescriptions.state.cancelled': 'Wedi’i ganslo',

  'choices.title': 'Eich dewisiadau',
  'choices.intro':
    'Dewiswch sut mae eich cofnod iechyd yn cael ei rannu a’i ddefnyddio. Gallwch newid y rhain ar unrhyw adeg.',
  'choices.loading': 'Wrthi’n llwytho eich dewisiadau…',
  'choices.saved': 'Mae eich dewis wedi’i gadw.',
  'choices.failed': 'Nid oedd modd cadw eich dewis.',
  'choices.category.mental-health': 'Iechyd meddwl',
  'choices.category.sexual-health': 'Iechyd rhywiol',
  'choices.category.substance-use': 'Defnyddio alcohol a chyffuriau',
  'choices.category.safeguarding': 'Diogelu',
  'choices.category.restricted': 'Cofnodion wedi’u marcio’n gyfyngedig',
  'choices.categoryHint.mental-health': 'Er enghraifft, iselder neu orbryder a’u triniaeth.',
  'choices.categoryHint.sexual-health': 'Er enghraifft, ymweliadau â chlinig iechyd rhywiol a phrofion HIV.',
  'choices.categoryHint.substance-use': 'Er enghraifft, cymorth gyda defnyddio alcohol neu gyffuriau.',
  'choices.categoryHint.safeguarding': 'Nodiadau a wnaed i’ch cadw chi neu eraill yn ddiogel.',
  'choices.categoryHint.restricted':
    'Cofnodion y mae eich meddyg teulu wedi’u marcio fel rhai sydd angen gofal ychwanegol.',
  'choices.method.email': 'e-bost',
  'choices.method.phone': 'ffôn',
  'choices.method.post': 'post',
  'choices.sharing.name': 'Rhannu eich cofnod ar gyfer eich gofal',
  'choices.sharing.all': 'Mae eich cofnod cyfan yn cael ei rannu gyda’r bobl sy’n gofalu amdanoch',
  'choices.sharing.kept': 'Wedi’u cadw i’ch practis meddyg teulu: {categories}',
  'choices.sharing.title': 'Rhannu eich cofnod ar gyfer eich gofal',
  // REVIEW
  'choices.sharing.intro1':
    'Gall meddygon, nyrsys a staff eraill sy’n gofalu amdanoch mewn ysbytai a gwasanaethau eraill weld eich cofnod. Mae hyn yn eu helpu i’ch trin yn ddiogel.',
  // REVIEW
  'choices.sharing.intro2':
    'Gallwch gadw rhai rhannau sensitif o’ch cofnod i’ch practis meddyg teulu. Mewn argyfwng, efallai y bydd meddyg yn dal i’w gweld: bob tro y bydd yn gwneud hynny, caiff ei gofnodi a’i wirio.',
  'choices.sharing.legend': 'Pa rannau ddylai eich practis meddyg teulu yn unig eu gweld?',
  'choices.sharing.hint':
    'Dewiswch bob un sy’n berthnasol. Peidiwch â dewis dim i rannu popeth ar gyfer eich gofal.',
  'choices.optOut.name': 'Defnyddio eich data ar gyfer ymchwil a chynllunio',
  'choices.optOut.in': 'Gellir defnyddio eich data ar gyfer ymchwil a chynllunio',
  'choices.optOut.out': 'Rydych wedi optio allan',
  'choices.optOut.title': 'Defnyddio eich data ar gyfer ymchwil a chynllunio',
  // REVIEW
  'choices.optOut.intro1':
    'Gall gwybodaeth o’ch cofnod iechyd helpu’r GIG i gynllunio gwasanaethau a helpu ymchwilwyr i ddod o hyd i driniaethau gwell. Dim ond mewn ffyrdd sy’n eich cadw’n ddiogel ac yn breifat y caiff ei defnyddio.',
  'choices.optOut.intro2':
    'Gallwch optio allan. Yr enw ar hyn yw’r optio allan cenedlaethol o ddata. Nid yw’n newid y gofal a gewch.',
  // REVIEW
  'choices.optOut.intro3':
    'Os byddwch yn optio allan, ni fydd eich data’n cael ei ddefnyddio ar gyfer ymchwil a chynllunio, ac eithrio lle mae’r gyfraith yn gofyn am hynny.',
  'choices.optOut.legend': 'A ellir defnyddio eich data ar gyfer ymchwil a chynllunio?',
  'choices.optOut.answerIn': 'Gellir, gellir defnyddio fy nata',
  'choices.optOut.answerOut': 'Na, rwyf am optio allan',
  'choices.research.name': 'Cael eich cysylltu ynghylch ymchwil',
  'choices.research.yes': 'Ie, drwy {method}',
  'choices.research.no': 'Na',
  'choices.research.title': 'Cael eich cysylltu ynghylch ymchwil',
  // REVIEW
  'choices.research.intro':
    'Efallai y bydd ymchwilwyr am ofyn a hoffech gymryd rhan mewn astudiaeth. Mae dweud ie yn golygu dim ond y gallant gysylltu â chi: gallwch bob amser ddweud na wrth astudiaeth.',
  'choices.research.legend': 'A gaiff ymchwilwyr gysylltu â chi?',
  'choices.research.yesBy': 'Cânt, drwy {method}',
  'choices.research.answerNo': 'Na, peidiwch â chysylltu â mi',
  'choices.fullRecord.name': 'Gweld eich cofnod meddyg teulu llawn',
  'choices.fullRecord.asked': 'Gofynnoch i’ch practis meddyg teulu ar {date}',
  'choices.fullRecord.notAsked': 'Nid ydych wedi gofyn',
  'choices.fullRecord.title': 'Gofyn am weld eich cofnod meddyg teulu llawn',
  // REVIEW
  'choices.fullRecord.intro1':
    'Gallwch weld crynodeb o’ch cofnod yma. Gallwch ofyn i’ch practis meddyg teulu sicrhau bod eich cofnod llawn ar gael, gan gynnwys nodiadau a llythyrau.',
  // REVIEW
  'choices.fullRecord.intro2':
    'Bydd eich practis yn gwirio eich cais. Efallai y byddant yn cysylltu â chi yn gyntaf, er enghraifft i sicrhau ei bod yn ddiogel i chi weld popeth.',
  'choices.fullRecord.submit': 'Gofyn i fy mhractis meddyg teulu',

  'access.title': 'Pwy sydd wedi edrych ar eich cofnod',
  // REVIEW
  'access.intro':
    'Bob tro y bydd rhywun yn edrych ar eich cofnod iechyd neu’n ei newid, caiff ei gofnodi. Mae’r dudalen hon yn dangos y cofnodion hynny i chi, y diweddaraf yn gyntaf.',
  'access.introConcern':
    'Os oes rhywbeth yn edrych yn anghywir, rhowch wybod am bryder a bydd swyddog preifatrwydd yn ymchwilio.',
  'access.filterLegend': 'Beth i’w ddangos',
  'access.showMine': 'Cynnwys yr adegau y gwnaethoch chi edrych ar eich cofnod eich hun',
  'access.loading': 'Wrthi’n llwytho pwy sydd wedi edrych ar eich cofnod…',
  'access.empty': 'Nid oes neb arall wedi edrych ar eich cofnod eto.',
  'access.listLabel': 'Mynediad i’ch cofnod, y diweddaraf yn gyntaf',
  'access.reported': 'Mae eich pryder wedi’i anfon at y swyddfa preifatrwydd. Byddant yn cysylltu â chi.',
  'access.emergencyTag': 'Mynediad brys',
  'access.refusedTag': 'Gwrthodwyd',
  'access.reasonGiven': 'Y rheswm a roddwyd:',
  'access.reportLink': 'Rhoi gwybod am bryder',
  'access.you': 'Chi',
  'access.someone': 'Rhywun',
  'access.whoRoleAt': '{who}, {role} yn {organization},',
  'access.whoRole': '{who}, {role},',
  'access.list': '{items} a {last}',
  // REVIEW: word order.
  'access.sentence': '{who} {action} {parts} ar {when}{purpose}.',
  'access.role.gp': 'meddyg teulu',
  'access.role.clinician': 'meddyg',
  'access.role.patient': 'claf',
  'access.role.proxy': 'gofalwr',
  'access.role.privacy-officer': 'swyddog preifatrwydd',
  'access.role.analyst': 'dadansoddwr data',
  'access.role.admin': 'gweinyddwr y gwasanaeth',
  'access.role.source': 'system cofnodion iechyd gysylltiedig',
  'access.role.system': 'system Heartwood',
  'access.action.looked': 'wedi edrych ar',
  'access.action.added': 'wedi ychwanegu at',
  'access.action.changed': 'wedi newid',
  'access.action.removed': 'wedi tynnu rhywbeth o',
  'access.action.refused': 'wedi cael ei wrthod rhag gweld',
  'access.action.brokeGlass': 'wedi agor',
  'access.part.testResults': 'eich canlyniadau profion',
  'access.part.medicines': 'eich meddyginiaethau',
  'access.part.allergies': 'eich alergeddau',
  'access.part.conditions': 'eich cyflyrau iechyd',
  'access.part.vaccinations': 'eich brechiadau',
  'access.part.appointments': 'eich apwyntiadau a’ch ymweliadau',
  'access.part.details': 'eich manylion personol',
  'access.part.choices': 'eich dewisiadau',
  'access.part.requests': 'eich ceisiadau',
  'access.part.documents': 'eich llythyrau a’ch dogfennau',
  'access.part.wholeRecord': 'eich cofnod cyfan',
  'access.purpose.care': ' i ofalu amdanoch',
  'access.purpose.emergency': ' i’ch trin mewn argyfwng',
  'access.purpose.yourRequest': ' ar eich cais',
  'access.purpose.research': ' ar gyfer ymchwil',
  'access.purpose.running': ' i redeg y gwasanaeth',
  'concern.title': 'Rhoi gwybod am bryder',
  'concern.intro':
    'Bydd swyddog preifatrwydd yn gwirio pam yr edrychwyd ar eich cofnod ac yn cysylltu â chi gyda’r hyn a ganfyddant.',
  'concern.label': 'Beth sy’n eich poeni am hyn?',
  'concern.hint':
    'Er enghraifft, nid ydych yn adnabod y person hwn, neu nid oeddech yn cael eich trin bryd hynny.',
  'concern.error': 'Dywedwch wrthym beth sy’n eich poeni',
  'concern.submit': 'Anfon pryder',
  'concern.sending': 'Wrthi’n anfon…',
  'concern.failed': 'Nid oedd modd anfon eich pryder.',
};
