import type { Catalogue } from './catalogue.js';
import { cyServices } from './messages-cy-services.js';
import { cyPerformance } from './messages-cy-performance.js';

/**
 * Cymraeg. Translated with care, not by a professional translator: every message marked REVIEW is
 * one we are less sure of and should be checked by a Welsh-language reviewer (ideally against the
 * NHS Wales and GOV.UK Welsh style guides) before the Welsh pages are used by the public.
 *
 * Welsh numbers take the singular noun and mutate it: 1 canlyniad, 2 ganlyniad, 3 chanlyniad,
 * 6 chanlyniad. The plural messages below follow Intl's Welsh plural categories
 * (zero 0, one 1, two 2, few 3, many 6, other).
 */
export const cy: Catalogue = {
  ...cyServices,
  ...cyPerformance,
  'page.title': '{page} – Heartwood',

  'app.serviceName': 'Heartwood',
  // The logo's letters are "NHS", so its text alternative is too.
  'app.nhsLogo': 'NHS',
  'app.homeLinkLabel': 'Tudalen hafan NHS Heartwood',
  'app.skipLink': "Neidio i'r prif gynnwys",
  'app.accountNav': 'Cyfrif',
  // REVIEW: "Viewing the record of" (read before the patient's name by screen readers).
  'app.viewingRecordOf': 'Yn gweld cofnod',
  'app.changePatient': 'Newid claf',
  'app.languageSwitchHidden': 'Newid iaith:',
  'app.menu': 'Dewislen',

  'nav.home': 'Hafan',
  'nav.testResults': 'Canlyniadau profion',
  'nav.appointments': 'Apwyntiadau ac ymweliadau',

  // REVIEW: "Demo" as a label; "Arddangosiad" is the fuller word.
  'demo.tag': 'Demo',
  'demo.banner': "Arddangosiad gyda chleifion dychmygol yw hwn. Nid yw'n dangos cofnodion iechyd go iawn.",

  'footer.about': 'Meddalwedd cod agored ar gyfer un cofnod claf yw Heartwood.',

  // Dates: "5 Mawrth 2024"; short months label chart axes.
  'date.dayMonthYear': '{day} {month} {year}',
  'date.monthYear': '{month} {year}',
  'date.month.1': 'Ionawr',
  'date.month.2': 'Chwefror',
  'date.month.3': 'Mawrth',
  'date.month.4': 'Ebrill',
  'date.month.5': 'Mai',
  'date.month.6': 'Mehefin',
  'date.month.7': 'Gorffennaf',
  'date.month.8': 'Awst',
  'date.month.9': 'Medi',
  'date.month.10': 'Hydref',
  'date.month.11': 'Tachwedd',
  'date.month.12': 'Rhagfyr',
  'date.monthShort.1': 'Ion',
  'date.monthShort.2': 'Chwef',
  'date.monthShort.3': 'Maw',
  'date.monthShort.4': 'Ebr',
  'date.monthShort.5': 'Mai',
  'date.monthShort.6': 'Meh',
  'date.monthShort.7': 'Gorff',
  'date.monthShort.8': 'Awst',
  'date.monthShort.9': 'Medi',
  'date.monthShort.10': 'Hyd',
  'date.monthShort.11': 'Tach',
  'date.monthShort.12': 'Rhag',
  'date.atTime': 'am {time}',
  'date.dayAtTime': '{date} am {time}',

  // REVIEW: "demo patient" rendered as "example patient" (claf enghreifftiol).
  'choose.title': 'Dewis claf enghreifftiol',
  'choose.important': 'Pwysig:',
  'choose.demoOnly': 'At ddibenion arddangos yn unig',
  'choose.demoExplained':
    "Mae Heartwood yn rhedeg yn y modd arddangos. Gallwch edrych ar gofnod unrhyw un o'r cleifion dychmygol hyn heb fewngofnodi.",
  // REVIEW: "NHS login" is kept as the product's name.
  'choose.realService':
    'Mewn gwasanaeth go iawn, byddech yn mewngofnodi gydag NHS login ac yn gweld eich cofnod eich hun yn unig, neu gofnodion pobl rydych yn gofalu amdanynt.',
  'choose.loading': "Wrthi'n llwytho'r cleifion enghreifftiol…",
  'choose.failed': "Nid oedd modd llwytho'r cleifion enghreifftiol.",
  'choose.empty':
    'Nid oes cleifion yn yr arddangosiad hwn. Dechreuwch Heartwood gyda data arddangos (npm start).',
  'choose.unnamed': 'Claf heb enw',
  'choose.nhsNumber': 'Rhif GIG: {number}',
  'choose.born': 'Ganwyd {date}',

  'home.title': 'Eich cofnod iechyd',
  'home.details.loading': "Wrthi'n llwytho eich manylion…",
  'home.details.failed': 'Nid oedd modd llwytho eich manylion.',
  'home.details.name': 'Enw',
  'home.details.nhsNumber': 'Rhif GIG',
  'home.details.dateOfBirth': 'Dyddiad geni',
  'home.details.gp': 'Meddygfa',
  'home.allergies.heading': 'Alergeddau ac adweithiau',
  'home.allergies.loading': "Wrthi'n llwytho eich alergeddau…",
  'home.allergies.failed': 'Nid oedd modd llwytho eich alergeddau.',
  'home.allergies.empty': "Nid oes unrhyw alergeddau wedi'u cofnodi.",
  'home.medicines.heading': 'Meddyginiaethau cyfredol',
  'home.medicines.loading': "Wrthi'n llwytho eich meddyginiaethau…",
  'home.medicines.failed': 'Nid oedd modd llwytho eich meddyginiaethau.',
  'home.medicines.empty': "Nid oes unrhyw feddyginiaethau cyfredol wedi'u cofnodi.",
  'home.problems.heading': 'Cyflyrau iechyd',
  'home.problems.loading': "Wrthi'n llwytho eich cyflyrau iechyd…",
  'home.problems.failed': 'Nid oedd modd llwytho eich cyflyrau iechyd.',
  'home.problems.empty': "Nid oes unrhyw gyflyrau iechyd cyfredol wedi'u cofnodi.",
  'home.vaccinations.heading': 'Brechiadau',
  'home.vaccinations.loading': "Wrthi'n llwytho eich brechiadau…",
  'home.vaccinations.failed': 'Nid oedd modd llwytho eich brechiadau.',
  'home.vaccinations.empty': "Nid oes unrhyw frechiadau wedi'u cofnodi.",
  'home.more.heading': 'Mwy yn eich cofnod',
  'home.more.testResults': 'Profion gwaed, pwysedd gwaed, pwysau a mesuriadau eraill, gyda siartiau.',
  'home.more.appointments':
    "Eich apwyntiadau meddyg teulu a'ch ymweliadau ag ysbytai, a ble cafodd pob un ei gofnodi.",

  'record.unnamedEntry': 'Cofnod heb ddisgrifiad',
  'record.recordedAs': "Wedi'i gofnodi fel:",

  'source.recordedByOn': 'Cofnodwyd gan {name} ar {date}',
  'source.recordedBy': 'Cofnodwyd gan {name}',
  'source.recordedOn': 'Cofnodwyd ar {date}',
  'source.unnamedOn': "Cofnodwyd ar {date} gan system o'r enw {source}",
  'source.unnamed': "Cofnodwyd gan system o'r enw {source}",
  'source.loading': "Wrthi'n llwytho…",
  'source.none': 'Anhysbys',

  'allergy.highRisk': 'Risg uchel',
  'allergy.reaction': 'Adwaith',
  // REVIEW: conflicting allergy records.
  'allergy.conflictLabel': 'Mae’r cofnodion yn anghytuno:',
  'condition.conflict': 'Mae’r cofnodion yn anghytuno: cofnododd rhywle arall nad oes gennych y cyflwr hwn.',
  'allergy.conflict': 'Mae’r cofnodion yn anghytuno: cofnododd rhywle arall nad oes gennych yr alergedd hwn.',
  'allergy.conflictNext':
    'Hyd nes y caiff hyn ei wirio, bydd unrhyw un sy’n eich trin yn gweld y ddau. Gofynnwch i’ch practis meddyg teulu pa un sy’n gywir.',
  'allergy.severity': 'Difrifoldeb',
  'allergy.severity.mild': 'Ysgafn',
  'allergy.severity.moderate': 'Cymedrol',
  'allergy.severity.severe': 'Difrifol',
  'allergy.category': 'Math',
  'allergy.category.medication': 'Meddyginiaeth',
  'allergy.category.food': 'Bwyd',
  'allergy.category.environment': 'Amgylchedd (fel paill neu latecs)',
  'allergy.category.biologic': 'Cynnyrch biolegol (fel brechlyn neu gynnyrch gwaed)',

  // As in "presgripsiwn amlroddadwy" (repeat prescription).
  'medicine.repeat': 'Amlroddadwy',
  'medicine.shortCourse': 'Cwrs byr',
  'medicine.howToTake': "Sut i'w gymryd",

  'condition.since': 'Ers',

  'vaccination.given': 'Rhoddwyd',
  'vaccination.dose': 'Dos',
  'vaccination.notGiven': 'Heb ei roi',

  'plain.type2Diabetes': 'Diabetes math 2',
  'plain.hypertension': 'Pwysedd gwaed uchel',
  'plain.asthma': 'Asthma',
  'plain.copd': 'COPD (clefyd rhwystrol cronig yr ysgyfaint)',
  'plain.coronaryHeartDisease': 'Clefyd coronaidd y galon',
  'plain.heartFailure': 'Methiant y galon',
  'plain.osteoarthritis': 'Osteoarthritis',
  'plain.depression': 'Iselder',
  // REVIEW: "underactive thyroid".
  'plain.hypothyroidism': 'Thyroid tanweithredol',
  // REVIEW: "chest infection (acute bronchitis)".
  'plain.acuteBronchitis': 'Haint ar y frest (broncitis acíwt)',
  'plain.chestPain': 'Poen yn y frest',
  'plain.pneumonia': 'Niwmonia',
  'plain.amoxicillin': 'Amoxicillin (gwrthfiotig)',
  'plain.penicillinAllergy': 'Penisilin (gwrthfiotig)',
  'plain.peanutAllergy': 'Cnau mwnci',
  'plain.latexAllergy': 'Latecs',
  'plain.grassPollenAllergy': 'Paill gwair (clefyd y gwair)',
  // REVIEW: "hives (an itchy, raised rash)".
  'plain.hives': 'Cychod gwenyn (brech goslyd, uwch)',
  'plain.anaphylaxis': 'Anaffylacsis (adwaith alergaidd difrifol)',
  'plain.skinRash': 'Brech ar y croen',
  'plain.sneezing': 'Tisian',
  'plain.fluVaccine': 'Brechlyn ffliw',
  'plain.covidVaccine': 'Brechlyn COVID-19',

  'results.title': 'Canlyniadau profion',
  'results.intro':
    "Canlyniadau eich profion a'ch mesuriadau o'ch meddygfa ac o ysbytai. Dewiswch un i'w weld dros amser.",
  'results.loading': "Wrthi'n llwytho canlyniadau eich profion…",
  'results.empty': "Nid oes unrhyw ganlyniadau profion wedi'u cofnodi.",
  'results.latestOn': 'Diweddaraf: {value} ar {date}',
  // REVIEW: the mutations after numbers, and "canlyniad" (rather than "o ganlyniadau") for other numbers.
  'results.count': {
    zero: 'Dim canlyniadau',
    one: '{count} canlyniad',
    two: '{count} ganlyniad',
    few: '{count} chanlyniad',
    many: '{count} chanlyniad',
    other: '{count} canlyniad',
  },
  'results.other.heading': 'Canlyniadau eraill',
  'results.table.date': 'Dyddiad',
  'results.table.test': 'Prawf',
  'results.table.result': 'Canlyniad',
  'results.table.from': 'Cofnodwyd gan',
  'results.noDate': 'Dyddiad heb ei gofnodi',
  'results.noValue': "Dim canlyniad wedi'i gofnodi",
  'results.back': 'Yn ôl i ganlyniadau profion',

  'result.loading': "Wrthi'n llwytho eich canlyniadau {name}…",
  'result.empty': "Nid oes unrhyw ganlyniadau {name} wedi'u cofnodi.",
  'result.information': 'Gwybodaeth:',
  'result.latest': 'Eich canlyniad diweddaraf:',
  'result.overTime': 'Eich canlyniadau dros amser',
  'result.tableCaption': 'Eich holl ganlyniadau {name}',

  'chart.caption': "Siart o'ch canlyniadau {name} dros amser.",
  'chart.tableNote': "Mae'r un canlyniadau yn y tabl o dan y siart.",
  'chart.tooFew': 'Mae siart yn ymddangos pan fydd 2 ganlyniad neu fwy.',
  // Worded around the number ("nifer" = how many) to avoid mutating the noun after it.
  'chart.summary': { other: "Siart llinell o'ch canlyniadau {name} (nifer: {count})." },
  'chart.seriesSummary': '{series}: o {from} i {to}, isaf {lowest}, uchaf {highest}, diweddaraf {latest}.',

  'test.hba1c.name': 'HbA1c (siwgr gwaed cyfartalog)',
  'test.hba1c.inSentence': 'HbA1c',
  'test.hba1c.about':
    'Mae HbA1c yn dangos lefel gyfartalog y siwgr (glwcos) yn eich gwaed dros y 2 i 3 mis diwethaf. Caiff ei ddefnyddio i ganfod diabetes ac i gadw llygad arno.',
  'test.hba1c.series': 'HbA1c',
  'test.bloodPressure.name': 'Pwysedd gwaed',
  'test.bloodPressure.inSentence': 'pwysedd gwaed',
  'test.bloodPressure.about':
    "Caiff pwysedd gwaed ei ysgrifennu fel 2 rif. Y cyntaf (systolig) yw'r pwysedd pan fydd eich calon yn gwthio gwaed allan. Yr ail (diastolig) yw'r pwysedd pan fydd eich calon yn gorffwys rhwng curiadau.",
  'test.bloodPressure.systolic': 'Systolig (rhif cyntaf)',
  'test.bloodPressure.diastolic': 'Diastolig (ail rif)',
  'test.weight.name': 'Pwysau',
  'test.weight.inSentence': 'pwysau',
  'test.weight.about': "Eich pwysau, fel y'i mesurwyd yn eich meddygfa neu yn yr ysbyty.",
  'test.weight.series': 'Pwysau',
  'test.bmi.name': 'Mynegai màs y corff (BMI)',
  'test.bmi.inSentence': 'BMI',
  'test.bmi.about': "Mae BMI yn defnyddio eich taldra a'ch pwysau i gyfrifo a yw eich pwysau'n iach.",
  'test.bmi.series': 'BMI',
  'test.height.name': 'Taldra',
  'test.height.inSentence': 'taldra',
  'test.height.about': "Eich taldra, fel y'i mesurwyd yn eich meddygfa neu yn yr ysbyty.",
  'test.height.series': 'Taldra',

  'visits.title': 'Apwyntiadau ac ymweliadau',
  'visits.intro':
    "Eich apwyntiadau meddyg teulu a'ch ymweliadau ag ysbytai, y diweddaraf yn gyntaf. Mae pob un yn dangos pwy a'i gofnododd.",
  'visits.loading': "Wrthi'n llwytho eich apwyntiadau a'ch ymweliadau…",
  'visits.empty': "Nid oes unrhyw apwyntiadau nac ymweliadau wedi'u cofnodi.",
  'visits.upcoming': 'I ddod',
  'visits.undated': 'Dyddiad heb ei gofnodi',
  'visits.fromTo': '{from} i {to}',
  'visits.where': 'Ble',
  'visits.with': 'Gyda',
  'visits.cancelled': "Wedi'i ganslo",

  'encounter.kind.appointment': 'Apwyntiad',
  'encounter.kind.remote': 'Apwyntiad dros y ffôn neu drwy fideo',
  'encounter.kind.emergency': "Ymweliad â'r adran achosion brys",
  'encounter.kind.stay': 'Arhosiad yn yr ysbyty',
  // REVIEW: "day case (in and out on the same day)".
  'encounter.kind.dayCase': 'Achos dydd (i mewn ac allan ar yr un diwrnod)',
  'encounter.kind.home': 'Ymweliad cartref',
  'encounter.kind.other': 'Ymweliad',

  'notFound.title': "Heb ddod o hyd i'r dudalen",
  'notFound.body':
    "Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch ei ludo, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.",

  'problem.goHome': "Mynd i'ch cofnod iechyd",
  'problem.tryLater': 'Rhowch gynnig arall arni yn nes ymlaen.',
  'problem.detailsSummary': "Manylion i'r tîm cymorth",
  'problem.serverSaid': 'Dywedodd y gwasanaeth:',
  'problem.status': 'Statws: {status}',
  'problem.reference': 'Cyfeirnod:',
  'problem.notFound.title': "Nid oeddem yn gallu dod o hyd i'r cofnod hwn",
  'problem.notFound.body':
    'Efallai ei fod wedi cael ei ddileu, neu efallai fod y ddolen a ddilynoch yn anghywir.',
  'problem.forbidden.title': 'Ni allwch weld y cofnod hwn',
  'problem.forbidden.body': "Nid oes gennych ganiatâd i weld y rhan hon o'r cofnod.",
  'problem.service.title': "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth",
  'problem.service.body': 'Rhowch gynnig arall arni yn nes ymlaen.',
  'problem.refused.body':
    'Nid oedd y gwasanaeth yn gallu ateb y cais hwn. Rhowch gynnig arall arni yn nes ymlaen.',
  'problem.service.urgent':
    "Os oes angen i chi siarad â rhywun am eich iechyd, cysylltwch â'ch meddygfa neu ffoniwch 111.",
};
