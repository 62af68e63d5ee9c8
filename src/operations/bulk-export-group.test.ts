import { describe, expect, it } from 'vitest';
import { activePatientMembers } from './bulk-export-group.js';

const group = (member: unknown[]) => ({ resourceType: 'Group', id: 'g', member });
const now = new Date('2025-03-15T12:00:00Z');

describe('activePatientMembers', () => {
  it('keeps Patients that are not inactive and whose period covers now', () => {
    const members = activePatientMembers(
      group([
        { entity: { reference: 'Patient/a' } },
        { entity: { reference: 'Patient/b' }, inactive: true },
        { entity: { reference: 'Patient/c' }, period: { start: '2025-04-01' } },
        { entity: { reference: 'Patient/d' }, period: { end: '2025-03-14' } },
        { entity: { reference: 'Patient/e' }, period: { start: '2024-01-01', end: '2025-12-31' } },
        { entity: { reference: 'Practitioner/f' } },
        { entity: { reference: 'Patient/a' } },
        { entity: {} },
      ]),
      now,
    );
    expect(members).toEqual(['a', 'e']);
  });

  it('counts a membership ending today, this month or this year as still active', () => {
    for (const end of ['2025-03-15', '2025-03', '2025']) {
      expect(
        activePatientMembers(group([{ entity: { reference: 'Patient/x' }, period: { end } }]), now),
      ).toEqual(['x']);
    }
    expect(
      activePatientMembers(group([{ entity: { reference: 'Patient/x' }, period: { end: '2025-02' } }]), now),
    ).toEqual([]);
  });

  it('has no members when the Group has none', () => {
    expect(activePatientMembers({ resourceType: 'Group', id: 'g' }, now)).toEqual([]);
  });
});
