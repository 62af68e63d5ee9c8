/** The public statistics API (`/api/public/measures`), as the performance pages read it. */

export interface Cell {
  value: number | null;
  flag: 'suppressed-primary' | 'suppressed-secondary' | 'rounded' | 'zero';
}

export interface MeasureSummary {
  id: string;
  title: string;
  description: string;
  numeratorLabel: string;
  denominatorLabel: string;
  higherIsBetter: boolean;
  median?: { label: string; unit: 'weeks' };
  standard?: number;
}

export interface ProviderRow {
  provider: { id: string; name: string; odsCode?: string };
  met: Cell;
  notMet: Cell;
  total: Cell;
  share: number | null;
  median?: number | null;
  rank: number | null;
}

export interface PublishedMeasure {
  measure: MeasureSummary;
  period: { label: string; start: string; end: string };
  rows: ProviderRow[];
  national: { met: Cell; notMet: Cell; total: Cell; share: number | null; median?: number | null };
  optOutsExcluded: boolean;
}

export interface MeasureList {
  measures: MeasureSummary[];
  defaultPeriod: string;
}

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const r = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!r.ok) throw new Error(`The statistics service answered ${r.status}.`);
  return (await r.json()) as T;
}

export const fetchMeasureList = (signal: AbortSignal) => getJson<MeasureList>('/api/public/measures', signal);

export const fetchMeasure = (id: string, period: string, signal: AbortSignal) =>
  getJson<PublishedMeasure>(
    `/api/public/measures/${encodeURIComponent(id)}?period=${encodeURIComponent(period)}`,
    signal,
  );
