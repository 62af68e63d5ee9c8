import { describe, expect, it } from 'vitest';
import { NHS_NUMBER_SYSTEM } from './nhs-number.js';
import { personRecordFromPatient } from './person-from-patient.js';

describe('person records from FHIR Patient', () => {
  it('reads identifiers, current and former names, birth date, gender, home address and telecom', () => {
    const record = personRecordFromPatient({
      resourceType: 'Patient',
      id: 'p1',
      identifier: [
        { system: NHS_NUMBER_SYSTEM, value: '9434765919' },
        { system: 'https://trust.example/mrn', value: 'RX1234' },
        { value: 'no system' },
      ],
      name: [
        { use: 'maiden', family: 'Brown', given: ['Margaret'] },
        { use: 'usual', given: ['Peggy'], family: 'Smith' },
        { use: 'official', prefix: ['Mrs'], given: ['Margaret', 'Ann'], family: 'Smith' },
      ],
      birthDate: '1950-02-17',
      gender: 'female',
      address: [
        { use: 'old', line: ['1 Old Road'], postalCode: 'M1 1AE' },
        { use: 'work', line: ['Leeds General Infirmary'], postalCode: 'LS1 3EX' },
        {
          use: 'home',
          line: ['12 High Street'],
          city: 'Leeds',
          district: 'West Yorkshire',
          postalCode: 'LS1 4AP',
        },
      ],
      telecom: [
        { system: 'phone', value: '0113 496 0000' },
        { system: 'email', value: 'peggy@example.org' },
        { system: 'phone', value: '0113 496 9999', period: { end: '2010-01-01' } },
        { system: 'fax', value: '0113 496 1111' },
      ],
    });
    expect(record).toEqual({
      id: 'p1',
      nhsNumber: '9434765919',
      identifiers: [{ system: 'https://trust.example/mrn', value: 'RX1234' }],
      givenNames: ['margaret', 'ann', 'peggy'],
      familyNames: ['smith', 'brown'],
      birthDate: '1950-02-17',
      sex: 'female',
      postcode: 'LS1 4AP',
      houseNumber: '12',
      addressLines: ['high street'],
      locality: 'leeds',
      region: 'west yorkshire',
      telecom: ['01134960000', 'peggy@example.org'],
    });
  });

  it('splits a text-only name and tolerates malformed elements', () => {
    const record = personRecordFromPatient({
      resourceType: 'Patient',
      name: [{ text: 'John Paul Jones' }, 'not a name'],
      identifier: 'not a list',
      birthDate: 19500217,
      address: [{ line: 'not a list', postalCode: 'SW1A1AA' }],
    });
    expect(record).toEqual({
      id: '',
      identifiers: [],
      givenNames: ['john', 'paul'],
      familyNames: ['jones'],
      postcode: 'SW1A 1AA',
      addressLines: [],
      telecom: [],
    });
  });

  it('gives an empty record for a Patient with nothing to match on', () => {
    expect(personRecordFromPatient({ resourceType: 'Patient', id: 'p2' })).toEqual({
      id: 'p2',
      identifiers: [],
      givenNames: [],
      familyNames: [],
      addressLines: [],
      telecom: [],
    });
  });
});
