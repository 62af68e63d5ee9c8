import { describe, expect, it } from 'vitest';
import { auditContent, auditEventFromRow, placeInContent, prepareAudit } from './audit-event.js';
import { clinician, readOf } from './test-audit-support.js';

type Entity = { what?: { reference: string } };
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

  it("show one person only what an interaction touched of theirs, never others' records or the query", () => {
    const search = {
      ...readOf('p1', 1),
      subtype: 'search-type' as const,
      action: 'E' as const,
      patients: ['p1', 'p2'],
      entities: [
        'Patient/p1/_history/1',
        'Patient/p2/_history/3',
        'Organization/g1/_history/1',
        'Observation/o2/_history/1',
      ],
      entityPatients: ['p1', 'p2', undefined, 'p2'],
      query: 'GET Patient?identifier=9990001112,9990001120',
    };
    const row = stored('9', search);
    const refsOf = (r: typeof row, view?: Set<string>) =>
      ((auditEventFromRow(r, view ? { patients: view } : undefined).entity ?? []) as Entity[]).map(
        (e) => e.what?.reference ?? 'query',
      );
    const refs = (view?: Set<string>) => refsOf(row, view);
    // The privacy officer's view, and the view of someone all of whose records these are: everything.
    expect(refs()).toEqual([
      'Patient/p1',
      'Patient/p2',
      'Patient/p1/_history/1',
      'Patient/p2/_history/3',
      'Organization/g1/_history/1',
      'Observation/o2/_history/1',
      'query',
    ]);
    expect(refs(new Set(['p1', 'p2']))).toEqual(refs());
    expect(refs(new Set(['p1']))).toEqual([
      'Patient/p1',
      'Patient/p1/_history/1',
      'Organization/g1/_history/1',
    ]);
    expect(refs(new Set(['p2']))).toEqual([
      'Patient/p2',
      'Patient/p2/_history/3',
      'Organization/g1/_history/1',
      'Observation/o2/_history/1',
    ]);
    // A record from before owners were kept names its patients, and no entity it cannot place.
    const old = { ...row, content: row.content.replace(/,"owners":\[[^\]]*\]/, '') };
    expect(old.content).not.toContain('owners');
    expect(auditEventFromRow(old, { patients: new Set(['p1']) }).entity).toEqual([
      expect.objectContaining({ what: { reference: 'Patient/p1' } }),
    ]);
    expect(() => prepareAudit({ ...search, entityPatients: ['p1'] }, at)).toThrow(TypeError);
    // An entity said to be in the record of someone the record does not name is shown to no one person.
    const stray = stored('10', { ...search, entityPatients: ['p1', 'p3', undefined, 'p2'] });
    expect(refsOf(stray, new Set(['p1']))).toEqual([
      'Patient/p1',
      'Patient/p1/_history/1',
      'Organization/g1/_history/1',
    ]);
    expect(refsOf(stray, new Set(['p3']))).toEqual(['Organization/g1/_history/1']);
  });

  it('refuse a record that names no valid patient id before anything is stored', () => {
    expect(() => prepareAudit({ ...readOf('p1', 1), patients: ["x'; DROP TABLE"] }, at)).toThrow(TypeError);
    expect(() => prepareAudit({ ...readOf('p1', 1), principal: clinician, entities: ['nope'] }, at)).toThrow(
      TypeError,
    );
  });
});
