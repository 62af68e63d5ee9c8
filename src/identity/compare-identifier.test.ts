import { describe, expect, it } from 'vitest';
import { compareIdentifiers, compareNhsNumbers, compareSex, compareTelecom } from './compare-identifier.js';

describe('identifier comparisons', () => {
  it('NHS numbers agree or disagree, never partly', () => {
    expect(compareNhsNumbers('9434765919', '9434765919').level).toBe('exact');
    expect(compareNhsNumbers('9434765919', '4000000632').level).toBe('disagree');
    expect(compareNhsNumbers(undefined, '4000000632').level).toBe('missing');
  });

  it('other identifiers count only within one system', () => {
    const mrn = (value: string, system = 'https://trust.example/mrn') => ({ system, value });
    expect(compareIdentifiers([mrn('A123')], [mrn('A123')]).level).toBe('exact');
    expect(compareIdentifiers([mrn('A123')], [mrn('A132')]).level).toBe('close');
    expect(compareIdentifiers([mrn('A123')], [mrn('B999')]).level).toBe('disagree');
    expect(compareIdentifiers([mrn('A123')], [mrn('A123', 'https://other.example/mrn')]).level).toBe(
      'missing',
    );
    expect(compareIdentifiers([mrn('B999'), mrn('A123')], [mrn('A123')]).level).toBe('exact');
  });

  it('telecom agrees on any shared value', () => {
    expect(compareTelecom(['07700900123', 'a@b.uk'], ['a@b.uk']).level).toBe('exact');
    expect(compareTelecom(['07700900123'], ['07700900999']).level).toBe('disagree');
    expect(compareTelecom([], ['07700900999']).level).toBe('missing');
  });

  it('sex compares only male and female', () => {
    expect(compareSex('male', 'male').level).toBe('exact');
    expect(compareSex('male', 'female').level).toBe('disagree');
    expect(compareSex('male', 'unknown').level).toBe('missing');
    expect(compareSex('other', 'other').level).toBe('missing');
  });
});
