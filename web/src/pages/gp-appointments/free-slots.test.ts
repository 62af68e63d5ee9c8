import { describe, expect, it } from 'vitest';
import type { Schedule, Slot } from '../../fhir/resources.js';
import { englandDay, slotsByDay, weekday } from './free-slots.js';

const schedule: Schedule = {
  resourceType: 'Schedule',
  id: 's1',
  actor: [{ reference: 'Practitioner/p1', display: 'Dr Amina Shah' }, { reference: 'Location/l1' }],
  comment: 'GP appointments',
};
const slot = (id: string, start: string, status: Slot['status'] = 'free', scheduleId = 's1'): Slot => ({
  resourceType: 'Slot',
  id,
  status,
  start,
  schedule: { reference: `Schedule/${scheduleId}` },
});

describe('slotsByDay', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  it('keeps free future slots of known schedules, by day in England, earliest first', () => {
    const days = slotsByDay(
      [
        slot('later', '2026-03-04T09:00:00Z'),
        slot('past', '2026-03-02T09:00:00Z'),
        slot('busy', '2026-03-03T09:00:00Z', 'busy'),
        slot('first', '2026-03-03T14:00:00Z'),
        slot('unknown', '2026-03-03T15:00:00Z', 'free', 'nope'),
        slot('same-day', '2026-03-03T10:00:00Z'),
      ],
      [schedule],
      now,
    );
    expect(days.map((d) => [d.day, d.slots.map((s) => s.slot.id)])).toEqual([
      ['2026-03-03', ['same-day', 'first']],
      ['2026-03-04', ['later']],
    ]);
    expect(days[0]!.slots[0]).toMatchObject({ clinician: 'Dr Amina Shah', kind: 'GP appointments' });
  });

  it('counts days in England: 23:30 UTC in summer is the next day', () => {
    expect(englandDay('2026-07-01T23:30:00Z')).toBe('2026-07-02');
    expect(englandDay('2026-01-01T23:30:00Z')).toBe('2026-01-01');
    expect(weekday('2026-03-02')).toBe(1);
  });
});
