import { cpus, totalmem } from 'node:os';

export interface ResultRow {
  phase: string;
  work: string;
  seconds: number;
  throughput: string;
  p50?: number;
  p90?: number;
  p99?: number;
  errors: number;
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : v.toFixed(2));

/** The run as markdown: what ran where, then one row per measurement. */
export function resultsMarkdown(o: {
  date: string;
  db: string;
  dataset: string;
  concurrency: number;
  rows: ResultRow[];
  notes: string[];
}): string {
  const cpu = cpus();
  const lines = [
    `# Heartwood benchmark, ${o.date} (${o.db})`,
    '',
    `- machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
    `- database: ${o.db === 'pglite' ? 'PGlite (embedded, on disk in a temp directory)' : 'PostgreSQL server (fresh database)'}`,
    `- data: ${o.dataset}`,
    `- ingest concurrency: ${o.concurrency}`,
    '',
    '| phase | work | time (s) | throughput | p50 ms | p90 ms | p99 ms | errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
    ...o.rows.map(
      (r) =>
        `| ${r.phase} | ${r.work} | ${r.seconds.toFixed(1)} | ${r.throughput} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${r.errors} |`,
    ),
  ];
  if (o.notes.length > 0) lines.push('', ...o.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}
