import { describe, expect, it } from 'vitest';
import type { FhirResource } from '../fhir/index.js';
import { generateDemoData } from './index.js';

const today = new Date('2026-03-02T08:00:00Z');
const all: FhirResource[] = generateDemoData({ today }).bundles.flatMap((b) =>
  (b.entry ?? []).map((e) => e.resource!),
);
const ofType = (t: string) => all.filter((r) => r.resourceType === t);

describe('demo appointment books and repeat requests', () => {
  it('offers free slots on weekdays of the four weeks after the day the demo is loaded', () => {
    const slots = ofType('Slot');
    const free = slots.filter((s) => s.status === 'free');
    expect(free.length).toBeGreaterThan(500);
    const practiceSchedules = new Set(ofType('Schedule').map((s) => `Schedule/${s.id}`));
    for (const s of slots) {
      const start = Date.parse(s.start as string);
      expect(start).toBeGreaterThan(today.getTime());
      expect(start).toBeLessThan(today.getTime() + 29 * 86_400_000);
      expect([0, 6]).not.toContain(new Date(start).getUTCDay());
      expect(practiceSchedules.has((s.schedule as { reference: string }).reference)).toBe(true);
    }
  });

  it('books a few of them: each busy slot has exactly one booked appointment, and there are past ones', () => {
    const busy = ofType('Slot').filter((s) => s.status === 'busy');
    const booked = ofType('Appointment').filter((a) => a.status === 'booked');
    expect(busy.length).toBeGreaterThan(0);
    expect(booked.map((a) => (a.slot as { reference: string }[])[0]!.reference).sort()).toEqual(
      busy.map((s) => `Slot/${s.id}`).sort(),
    );
    expect(
      ofType('Appointment').some(
        (a) => a.status === 'fulfilled' && Date.parse(a.start as string) < today.getTime(),
      ),
    ).toBe(true);
  });

  it('has past repeat prescription requests for active repeat medicines, owned by the practice', () => {
    const tasks = ofType('Task');
    expect(tasks.length).toBeGreaterThan(0);
    const medicines = new Map(ofType('MedicationRequest').map((m) => [`MedicationRequest/${m.id}`, m]));
    const organizations = new Set(ofType('Organization').map((o) => `Organization/${o.id}`));
    for (const task of tasks) {
      const medicine = medicines.get((task.focus as { reference: string }).reference)!;
      expect(medicine.status).toBe('active');
      expect((task.for as { reference: string }).reference).toBe(
        (medicine.subject as { reference: string }).reference,
      );
      expect(organizations.has((task.owner as { reference: string }).reference)).toBe(true);
    }
  });

  it('keeps the same resources for the same day', () => {
    expect(JSON.stringify(generateDemoData({ today }))).toBe(JSON.stringify(generateDemoData({ today })));
  });
});
