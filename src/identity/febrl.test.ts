import { describe, expect, it } from 'vitest';
import { FEBRL_SOC_SEC_ID_SYSTEM, febrlEntityOf, parseFebrlCsv } from './febrl.js';

describe('FEBRL CSV', () => {
  it('reads comma + space separated records with empty fields and CRLF line ends', () => {
    const csv =
      'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\r\n' +
      'rec-223-org, , waller, 6, tullaroop street, willaroo, st james, 4011, wa, 19081209, 6988048\r\n' +
      'rec-223-dup-0, elk i, , , tullaroopstreet, , st james, 4011, wa, 19089909, 6988048';
    const [org, dup] = parseFebrlCsv(csv);
    expect(org).toEqual({
      id: 'rec-223-org',
      identifiers: [{ system: FEBRL_SOC_SEC_ID_SYSTEM, value: '6988048' }],
      givenNames: [],
      familyNames: ['waller'],
      birthDate: '1908-12-09',
      postcode: '4011',
      houseNumber: '6',
      addressLines: ['tullaroop street', 'willaroo'],
      locality: 'st james',
      region: 'wa',
      telecom: [],
    });
    expect(dup?.givenNames).toEqual(['elk', 'i']);
    expect(dup?.birthDate).toBe('1908-99-09');
    expect(dup?.houseNumber).toBeUndefined();
  });

  it('reads the ground truth from record ids, for evaluation only', () => {
    expect(febrlEntityOf('rec-12-org')).toBe('12');
    expect(febrlEntityOf('rec-12-dup-3')).toBe('12');
    expect(() => febrlEntityOf('patient-12')).toThrow();
  });
});
