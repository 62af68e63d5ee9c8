import { describe, expect, it } from 'vitest';
import { NHS_NUMBER_SYSTEM } from './nhs-number.js';
import { createPersonRecord, normalisePhone } from './person-record.js';

describe('person records', () => {
  it('normalises every field of source demographics', () => {
    const record = createPersonRecord({
      id: 'pas-1',
      nhsNumber: '943 476 5919',
      identifiers: [{ system: 'https://trust.example/mrn', value: ' A123 ' }],
      given: ['Mrs Zoë', 'Anne-Marie'],
      family: ['Smith-Jones', "O'Brien"],
      birthDate: '03/06/1966',
      sex: 'F',
      postcode: 'ls14ap',
      addressLines: ['12 High St', 'Headingley'],
      locality: 'LEEDS',
      region: 'West Yorkshire',
      phones: ['+44 (0)113 496 0000'],
      emails: [' Zoe@Example.org '],
    });
    expect(record).toEqual({
      id: 'pas-1',
      nhsNumber: '9434765919',
      identifiers: [{ system: 'https://trust.example/mrn', value: 'A123' }],
      givenNames: ['zoe', 'anne', 'marie'],
      familyNames: ['smith jones', 'obrien'],
      birthDate: '1966-06-03',
      sex: 'female',
      postcode: 'LS1 4AP',
      houseNumber: '12',
      addressLines: ['high street', 'headingley'],
      locality: 'leeds',
      region: 'west yorkshire',
      telecom: ['01134960000', 'zoe@example.org'],
    });
  });

  it('drops what cannot be used rather than comparing garbage', () => {
    const record = createPersonRecord({
      id: 'x',
      nhsNumber: '9434765918',
      birthDate: 'unknown',
      sex: '?',
      phones: ['n/a'],
    });
    expect(record).toEqual({
      id: 'x',
      identifiers: [],
      givenNames: [],
      familyNames: [],
      addressLines: [],
      telecom: [],
    });
  });

  it('takes the NHS number from the identifier list too', () => {
    const record = createPersonRecord({
      id: 'x',
      identifiers: [{ system: NHS_NUMBER_SYSTEM, value: '943-476-5919' }],
    });
    expect(record.nhsNumber).toBe('9434765919');
    expect(record.identifiers).toEqual([]);
  });

  it('keeps a mistyped birth date as typed, since its digits still help', () => {
    expect(createPersonRecord({ id: 'x', birthDate: '19319924' }).birthDate).toBe('1931-99-24');
  });

  it('writes phone numbers in UK national form', () => {
    expect(normalisePhone('+44 7700 900123')).toBe('07700900123');
    expect(normalisePhone('0044 7700 900123')).toBe('07700900123');
    expect(normalisePhone('07700-900-123')).toBe('07700900123');
    expect(normalisePhone('123')).toBeUndefined();
  });
});
