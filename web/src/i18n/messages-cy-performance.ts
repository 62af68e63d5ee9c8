import type { enPerformance } from './messages-en-performance.js';

/** Welsh for the public performance pages. */
export const cyPerformance: Record<keyof typeof enPerformance, string> = {
  'performance.title': 'Sut mae gwasanaethau’r GIG yn perfformio',
  'performance.intro':
    'Gweld sut mae ysbytai a meddygfeydd yn cymharu o ran amseroedd aros, brechiadau ac apwyntiadau ar-lein. Daw’r ffigurau o’r cofnod cleifion sengl.',
  'performance.loading': 'Wrthi’n llwytho’r ffigurau',
  'performance.error':
    'Mae’n ddrwg gennym, nid oedd modd llwytho’r ffigurau hyn. Rhowch gynnig arall arni yn nes ymlaen.',
  'performance.period': 'Blwyddyn',
  'performance.noData': 'Nid oes ffigurau ar gyfer {period}.',
  'performance.national': 'Ar draws Lloegr: {share} yn {period}.',
  'performance.standard': 'Y safon yw {value}%.',
  'performance.percent': '{value}%',
  'performance.tableCaption': '{title}, {period}',
  'performance.rank': 'Safle',
  'performance.provider': 'Sefydliad',
  'performance.share': 'Cyfran',
  'performance.medianWeeks': 'Aros canolrifol (wythnosau)',
  'performance.england': 'Lloegr',
  'performance.suppressed': 'Heb ei ddangos',
  'performance.notRanked': 'Dim safle',
  'performance.aboutHeading': 'Am y ffigurau hyn',
  'performance.aboutSuppression':
    'Er mwyn diogelu preifatrwydd pobl, nid yw rhifau o 1 i 7 yn cael eu dangos, mae rhifau eraill wedi’u talgrynnu i’r 5 agosaf, ac nid yw rhai rhifau eraill yn cael eu dangos fel na ellir cyfrifo’r rhai cudd. Caiff cyfrannau eu cyfrifo cyn talgrynnu. Nid oes safle i sefydliadau heb gyfran.',
  'performance.aboutOptOut':
    'Nid yw pobl sydd wedi dewis optio allan o ddata cenedlaethol yn cael eu cyfrif yn y ffigurau hyn.',
  'performance.measure.ae-four-hour.title': 'Adrannau brys: gadael o fewn 4 awr',
  'performance.measure.ae-four-hour.description':
    'O’r bobl a aeth i adran achosion brys, y gyfran a adawodd o fewn 4 awr i gyrraedd.',
  'performance.measure.ae-four-hour.numerator': 'O fewn 4 awr',
  'performance.measure.ae-four-hour.denominator': 'Ymweliadau',
  'performance.measure.rtt-18-weeks.title': 'Triniaeth o fewn 18 wythnos i atgyfeirio',
  'performance.measure.rtt-18-weeks.description':
    'O’r bobl y dechreuodd eu triniaeth ar ôl atgyfeiriad, y gyfran a ddechreuodd o fewn 18 wythnos, a’r aros canolrifol.',
  'performance.measure.rtt-18-weeks.numerator': 'O fewn 18 wythnos',
  'performance.measure.rtt-18-weeks.denominator': 'Triniaethau a ddechreuwyd',
  'performance.measure.childhood-immunisation.title': 'Brechiadau plentyndod',
  'performance.measure.childhood-immunisation.description':
    'O’r plant sy’n troi’n 1, 2 neu 5 oed ac sydd wedi’u cofrestru gyda meddygfa, y gyfran a gafodd eu brechiadau mewn pryd.',
  'performance.measure.childhood-immunisation.numerator': 'Wedi’u brechu mewn pryd',
  'performance.measure.childhood-immunisation.denominator': 'Plant yn ddyledus',
  'performance.measure.digital-first.title': 'Apwyntiadau ar-lein a fideo',
  'performance.measure.digital-first.description':
    'O apwyntiadau meddygon teulu a chleifion allanol, y gyfran a oedd yn alwadau fideo neu a drefnwyd ar-lein.',
  'performance.measure.digital-first.numerator': 'Ar-lein neu fideo',
  'performance.measure.digital-first.denominator': 'Apwyntiadau',
};
