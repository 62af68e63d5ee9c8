import { describe, expect, it } from 'vitest';
import { normaliseAddress } from './normalise-address.js';

describe('address normalisation', () => {
  it('lifts the house number out of the first line and expands abbreviations', () => {
    expect(normaliseAddress(['12 High St', 'Little Snoring'])).toEqual({
      houseNumber: '12',
      lines: ['high street', 'little snoring'],
    });
    expect(normaliseAddress(['12a Acacia Ave.'])).toEqual({ houseNumber: '12a', lines: ['acacia avenue'] });
  });

  it('reads "St" as Saint and "Dr" as Doctor unless they end the line', () => {
    expect(normaliseAddress(['1 St Johns Rd']).lines).toEqual(['st johns road']);
    expect(normaliseAddress(['1 Dr Browns Drive']).lines).toEqual(['dr browns drive']);
    expect(normaliseAddress(['1 Park Dr']).lines).toEqual(['park drive']);
  });

  it('takes the number on the door, not the flat number', () => {
    expect(normaliseAddress(['Flat 3, 12 High Street'])).toEqual({
      houseNumber: '12',
      lines: ['flat 3 high street'],
    });
  });

  it('prefers a separately given house number and drops empty lines', () => {
    expect(normaliseAddress(['', 'Tullaroop Street', '  '], '6')).toEqual({
      houseNumber: '6',
      lines: ['tullaroop street'],
    });
    expect(normaliseAddress([])).toEqual({ lines: [] });
  });
});
