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
};
