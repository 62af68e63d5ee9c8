import { describe, expect, it } from 'vitest';
import { createDateConverter } from './hl7-datetime.js';

describe('createDateConverter', () => {
  const london = createDateConverter('Europe/London');

  it('keeps the precision HL7 gives for dates', () => {
    expect(london.date('2024')).toBe('2024');
    expect(london.date('202403')).toBe('2024-03');
    expect(london.date('20240305')).toBe('2024-03-05');
    expect(london.date('198808181126+0215')).toBe('1988-08-18');
    expect(london.dateTime('20240305')).toBe('2024-03-05');
  });

  it('writes times with the offset the sender gave', () => {
    expect(london.dateTime('20240305143000+0215')).toBe('2024-03-05T14:30:00+02:15');
    expect(london.dateTime('201203141259-0500')).toBe('2012-03-14T12:59:00-05:00');
    expect(london.dateTime('20240305143000.1234+0000')).toBe('2024-03-05T14:30:00.1234+00:00');
    expect(london.dateTime('2024030514')).toBe('2024-03-05T14:00:00+00:00');
  });

  it('reads times without an offset as local time in the configured zone (GMT and BST)', () => {
    expect(london.dateTime('20240115093000')).toBe('2024-01-15T09:30:00+00:00');
    expect(london.dateTime('20240715093000')).toBe('2024-07-15T09:30:00+01:00');
    // Either side of the clocks going back on 27 October 2024 at 02:00 BST.
    expect(london.dateTime('20241027003000')).toBe('2024-10-27T00:30:00+01:00');
    expect(london.dateTime('20241027030000')).toBe('2024-10-27T03:00:00+00:00');
    expect(createDateConverter('America/New_York').dateTime('20240715093000')).toBe(
      '2024-07-15T09:30:00-04:00',
    );
  });

  it('gives instants only for values with a time of day', () => {
    expect(london.instant('20240305')).toBeUndefined();
    expect(london.instant('202403051430')).toBe('2024-03-05T14:30:00+00:00');
  });

  it.each(['', 'abc', '2024-03-05', '20241305', '20240230', '20240305250000', '20240305120000+1500', '0000'])(
    'refuses the invalid value %j',
    (value) => {
      expect(london.dateTime(value)).toBeUndefined();
      expect(london.date(value)).toBeUndefined();
    },
  );
});
