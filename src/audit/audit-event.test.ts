import { describe, expect, it } from 'vitest';
import { auditContent, auditEventFromRow, placeInContent, prepareAudit } from './audit-event.js';
import { clinician, readOf } from './test-audit-support.js';

const at = new Date('2026-11-21T10:00:00.123Z');

function stored(seq: string, record = readOf('p1', 1)) {
  const p = prepareAudit(record, at);
  return {
    seq,
    recorded: p.recorded,
    subtype: p.subtype,
    action: p.action,
    outcome: p.outcome,
    agent_subject: p.agentSubject,
    agent_person: p.agentPerson,
    agent_org: p.agentOrg,
    patient_ids: p.patientIds,
    purpose: p.purpose,
    content: auditContent(`5:${seq}`, p),
  };
}

describe('stored audit records', () => {
  it('keep a compact record and render the AuditEvent from it', () => {
    const row = stored('7');
    expect(row.content.length).toBeLessThan(300);
    expect(JSON.parse(row.content)).toMatchObject({ at: '5:7', role: 'clinician', name: 'Dr Amina Shah' });
    expect(placeInContent(row.content)).toBe('5:7');
    const event = auditEventFromRow(row);
    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      id: '7',
      recorded: '2026-11-21T10:00:00.123Z',
      action: 'R',
      agent: [
        {
          who: { reference: 'Practitioner/amina', display: 'Dr Amina Shah' },
          network: { address: '10.0.0.7' },
        },
        { who: { reference: 'Organization/rgt', display: 'Riverside General' } },
      ],
      entity: [
        { what: { reference: 'Patient/p1' } },
        { what: { reference: 'Observation/o1/_history/1' } },
        { query: Buffer.from('GET Observation/o1').toString('base64') },
      ],
    });
  });

  it('serve records written whole, before the compact form, as they were written', () => {
    const whole = { resourceType: 'AuditEvent', id: '3', recorded: '2026-01-01T00:00:00.000Z', action: 'R' };
    expect(auditEventFromRow({ ...stored('3'), content: JSON.stringify(whole) })).toEqual(whole);
    expect(placeInContent(JSON.stringify(whole))).toBe('1:3');
  });

  it('refuse a record that names no valid patient id before anything is stored', () => {
    expect(() => prepareAudit({ ...readOf('p1', 1), patients: ["x'; DROP TABLE"] }, at)).toThrow(TypeError);
    expect(() => prepareAudit({ ...readOf('p1', 1), principal: clinician, entities: ['nope'] }, at)).toThrow(
      TypeError,
    );
  });
});
