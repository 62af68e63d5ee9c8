/** English for the public performance pages (league tables of the published measures). */
export const enPerformance = {
  'performance.title': 'How NHS services are performing',
  'performance.intro':
    'See how hospitals and GP practices compare on waiting times, vaccinations and online appointments. The figures come from the single patient record.',
  'performance.loading': 'Loading the figures',
  'performance.error': 'Sorry, we could not load these figures. Try again later.',
  'performance.period': 'Year',
  'performance.noData': 'There are no figures for {period}.',
  'performance.national': 'Across England: {share} in {period}.',
  'performance.standard': 'The standard is {value}%.',
  'performance.percent': '{value}%',
  'performance.tableCaption': '{title}, {period}',
  'performance.rank': 'Rank',
  'performance.provider': 'Organisation',
  'performance.share': 'Share',
  'performance.medianWeeks': 'Median wait (weeks)',
  'performance.england': 'England',
  'performance.suppressed': 'Not shown',
  'performance.notRanked': 'Not ranked',
  'performance.aboutHeading': 'About these figures',
  'performance.aboutSuppression':
    'To protect people’s privacy, numbers from 1 to 7 are not shown, other numbers are rounded to the nearest 5, and some further numbers are not shown so that hidden ones cannot be worked out. Shares are worked out before rounding. Organisations without a share are not ranked.',
  'performance.aboutOptOut':
    'People who have chosen the national data opt-out are not counted in these figures.',
  'performance.measure.ae-four-hour.title': 'A&E: left within 4 hours',
  'performance.measure.ae-four-hour.description':
    'Of people who went to an emergency department, the share who left within 4 hours of arriving.',
  'performance.measure.ae-four-hour.numerator': 'Within 4 hours',
  'performance.measure.ae-four-hour.denominator': 'Attendances',
  'performance.measure.rtt-18-weeks.title': 'Treatment within 18 weeks of referral',
  'performance.measure.rtt-18-weeks.description':
    'Of people whose treatment started after a referral, the share who started within 18 weeks, and the median wait.',
  'performance.measure.rtt-18-weeks.numerator': 'Within 18 weeks',
  'performance.measure.rtt-18-weeks.denominator': 'Treatments started',
  'performance.measure.childhood-immunisation.title': 'Childhood vaccinations',
  'performance.measure.childhood-immunisation.description':
    'Of children turning 1, 2 or 5 who are registered with a GP practice, the share who had their vaccinations on time.',
  'performance.measure.childhood-immunisation.numerator': 'Vaccinated on time',
  'performance.measure.childhood-immunisation.denominator': 'Children due',
  'performance.measure.digital-first.title': 'Online and video appointments',
  'performance.measure.digital-first.description':
    'Of GP and outpatient appointments, the share that were video calls or were booked online.',
  'performance.measure.digital-first.numerator': 'Online or video',
  'performance.measure.digital-first.denominator': 'Appointments',
};
