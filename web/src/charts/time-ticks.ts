const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];

/**
 * Dates for a time axis: the first days of months, a whole number of months apart (1, 2, 3, 6, 12…),
 * no more than `maxTicks` of them, within start..end. Months rather than equal slices of time, so
 * every label names a real month.
 */
export function timeTicks(start: Date, end: Date, maxTicks: number): Date[] {
  const months = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
  const from = months(start) + (start.getUTCDate() > 1 || start.getUTCHours() > 0 ? 1 : 0);
  const to = months(end);
  const span = Math.max(0, to - from);
  const step = MONTH_STEPS.find((s) => Math.floor(span / s) + 1 <= Math.max(1, maxTicks)) ?? 120;
  const ticks: Date[] = [];
  // Aligned on the step (January for yearly ticks), so labels read as a regular calendar.
  const first = Math.ceil(from / step) * step;
  for (let m = first; m <= to; m += step) ticks.push(new Date(Date.UTC(Math.floor(m / 12), m % 12, 1)));
  return ticks;
}
