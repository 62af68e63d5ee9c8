import { describe, expect, it } from 'vitest';
import type { StoredVersion, WriteResult } from '../store/index.js';
import { InteractionLedger } from './interaction-ledger.js';

const at = '2026-11-21T17:00:00.000Z';
const version = (resourceType: string, id: string, patientKey: string): StoredVersion => ({
  resourceType,
  id,
  versionId: 1,
  lastUpdated: at,
  deleted: false,
  patientKey,
});
const result = (resourceType: string, id: string, patientKey: string): WriteResult => ({
  resourceType,
  id,
  outcome: 'created',
  versionId: 1,
  lastUpdated: at,
  patientKey,
});

describe('InteractionLedger.split', () => {
  it('gives each part of a shared transaction what it wrote, and each read to the parts that wrote in its record', () => {
    const ledger = new InteractionLedger();
    // Conditional matches made on the way: a shared practitioner, a's existing Patient, someone else.
    ledger.read([
      version('Practitioner', 'dr', 'dr'),
      version('Patient', 'a', 'a'),
      version('Patient', 'c', 'c'),
    ]);
    // Entries 0–1 are the first sender's, 2–4 the second's.
    ledger.written(
      [
        result('Encounter', 'e2', 'b'),
        result('Patient', 'a', 'a'),
        result('Observation', 'o1', 'a'),
        result('Patient', 'b', 'b'),
      ],
      [2, 0, 1, 3],
    );
    const [first, second] = ledger.split([2, 3]);
    expect(first).toEqual({
      patients: ['a', 'c'],
      entities: [
        'Patient/a/_history/1',
        'Observation/o1/_history/1',
        'Practitioner/dr/_history/1',
        'Patient/a/_history/1',
        'Patient/c/_history/1',
      ],
      entityPatients: ['a', 'a', undefined, 'a', 'c'],
    });
    expect(second).toEqual({
      patients: ['b', 'c'],
      entities: [
        'Encounter/e2/_history/1',
        'Patient/b/_history/1',
        'Practitioner/dr/_history/1',
        'Patient/c/_history/1',
      ],
      entityPatients: ['b', 'b', undefined, 'c'],
    });
  });
});
