import { englandParts } from '../../i18n/fhir-date.js';
import type { Schedule, Slot } from '../../fhir/resources.js';

export interface OfferedSlot {
  slot: Slot;
  /** Who the appointment is with, from the Schedule's practitioner ("Dr Amina Shah"). */
  clinician?: string;
  /** The kind of appointment, from the Schedule's comment ("GP appointments"). */
  kind?: string;
}

export interface SlotDay {
  /** The day in England, `YYYY-MM-DD`. */
  day: string;
  slots: OfferedSlot[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The day in England an instant falls on, as `YYYY-MM-DD`. */
export function englandDay(instant: string): string {
  const { year, month, day } = englandParts(new Date(instant));
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** 0 (Sunday) to 6 (Saturday) for a `YYYY-MM-DD` day. */
export function weekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay();
}

/**
 * Free slots that have not started yet, by day in England, earliest first, each with the clinician
 * from its Schedule. Slots of unknown schedules are left out (nobody could say who they are with).
 */
export function slotsByDay(slots: readonly Slot[], schedules: readonly Schedule[], now: Date): SlotDay[] {
  const bySchedule = new Map(schedules.map((s) => [`Schedule/${s.id}`, s]));
  const days = new Map<string, OfferedSlot[]>();
  const offered = slots
    .filter((s) => s.status === 'free' && s.start && Date.parse(s.start) > now.getTime())
    .sort((a, b) => Date.parse(a.start!) - Date.parse(b.start!));
  for (const slot of offered) {
    const schedule = slot.schedule?.reference ? bySchedule.get(slot.schedule.reference) : undefined;
    if (!schedule) continue;
    const clinician = schedule.actor?.find((a) => a.reference?.startsWith('Practitioner/'))?.display;
    const day = englandDay(slot.start!);
    days.set(day, [...(days.get(day) ?? []), { slot, clinician, kind: schedule.comment }]);
  }
  return [...days].map(([day, slots]) => ({ day, slots }));
}
