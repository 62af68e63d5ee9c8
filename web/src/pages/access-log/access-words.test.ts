import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../fhir/resources.js';
import { accessWords } from './access-words.js';

const gp = {
  requestor: true,
  name: 'Dr Amina Shah',
  who: { reference: 'Practitioner/p1', display: 'Dr Amina Shah' },
  role: [{ coding: [{ code: 'gp' }], text: 'gp' }],
  purposeOfUse: [{ coding: [{ code: 'TREAT' }], text: 'treatment' }],
};
const practice = {
  requestor: false,
  name: 'Kirkgate Medical Practice',
  who: { reference: 'Organization/o1' },
};

describe('accessWords', () => {
  it('says who looked at which part of the record, where they work and why', () => {
    const event: AuditEvent = {
      resourceType: 'AuditEvent',
      id: '42',
      action: 'R',
      outcome: '0',
      recorded: '2026-03-03T10:00:00Z',
      subtype: [{ code: 'search-type' }],
      agent: [gp, practice],
      purposeOfEvent: [{ coding: [{ code: 'TREAT' }] }],
      entity: [{ what: { reference: 'Patient/x' } }, { query: btoa('Observation?patient=x') } as never],
    };
    expect(accessWords(event, 'Patient/x')).toMatchObject({
      who: 'Dr Amina Shah',
      role: 'gp',
      organization: 'Kirkgate Medical Practice',
      action: 'looked',
      parts: ['testResults'],
      purpose: 'care',
      mine: false,
    });
  });

  it('marks break-glass with its reason, refusals, and the person’s own accesses', () => {
    const glass: AuditEvent = {
      resourceType: 'AuditEvent',
      action: 'E',
      outcome: '0',
      subtype: [{ code: 'break-glass' }],
      agent: [{ ...gp, purposeOfUse: undefined }],
      purposeOfEvent: [{ coding: [{ code: 'ETREAT' }], text: 'Unconscious in A&E' }],
    };
    expect(accessWords(glass, undefined)).toMatchObject({
      action: 'brokeGlass',
      purpose: 'emergency',
      reasonText: 'Unconscious in A&E',
      parts: ['wholeRecord'],
    });
    const refused: AuditEvent = { ...glass, subtype: [{ code: 'access-denied' }], outcome: '4' };
    expect(accessWords(refused, undefined).action).toBe('refused');
    const own: AuditEvent = {
      resourceType: 'AuditEvent',
      action: 'R',
      agent: [{ requestor: true, name: 'Me', who: { reference: 'Patient/x' } }],
      entity: [{ what: { reference: 'MedicationRequest/m' } }],
    };
    expect(accessWords(own, 'Patient/x')).toMatchObject({ mine: true, parts: ['medicines'] });
  });

  it('tells a sign-in apart from a look at the record', () => {
    const login: AuditEvent = {
      resourceType: 'AuditEvent',
      action: 'E',
      outcome: '0',
      subtype: [{ code: 'login' }],
      agent: [{ requestor: true, name: 'Me', who: { reference: 'Patient/x' } }],
    };
    expect(accessWords(login, 'Patient/x')).toMatchObject({ action: 'signedIn', parts: [], mine: true });
    expect(accessWords({ ...login, outcome: '4' }, 'Patient/x').action).toBe('refused');
  });
});
