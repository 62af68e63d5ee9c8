import { describe, expect, it } from 'vitest';
import { isUkPostcode, normalisePostcode, parseUkPostcode } from './normalise-postcode.js';

describe('UK postcodes', () => {
  it('normalises spacing and case for every outward-code shape', () => {
    const cases: [string, string][] = [
      ['sw1a1aa', 'SW1A 1AA'],
      [' M1  1AE ', 'M1 1AE'],
      ['b338th', 'B33 8TH'],
      ['CR2 6XH', 'CR2 6XH'],
      ['dn551pt', 'DN55 1PT'],
      ['W1A-0AX', 'W1A 0AX'],
      ['EC1A 1BB', 'EC1A 1BB'],
    ];
    for (const [input, output] of cases) expect(parseUkPostcode(input)?.postcode, input).toBe(output);
  });

  it('splits into area, district (outward code) and sector', () => {
    expect(parseUkPostcode('LS1 4AP')).toEqual({
      postcode: 'LS1 4AP',
      outward: 'LS1',
      inward: '4AP',
      area: 'LS',
      sector: 'LS1 4',
    });
  });

  it('reads a letter O or I keyed as the inward digit', () => {
    expect(parseUkPostcode('SW1A OAA')?.postcode).toBe('SW1A 0AA');
    expect(parseUkPostcode('LS1 IAP')?.postcode).toBe('LS1 1AP');
  });

  it('rejects shapes that are not UK postcodes', () => {
    for (const bad of ['', '1234', 'SW1A', 'SW1A 1A', '1W1A 1AA', 'SW1A 1CA', 'ABCD 1AA', 'SW1A 1AAA']) {
      expect(isUkPostcode(bad), bad).toBe(false);
    }
    expect(isUkPostcode('GIR 0AA')).toBe(true);
  });

  it('keeps other postal codes comparable', () => {
    expect(normalisePostcode('sw1a 1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode(' 2617 ')).toBe('2617');
    expect(normalisePostcode('D02 X285')).toBe('D02X285');
    expect(normalisePostcode(' - ')).toBeUndefined();
  });
});
