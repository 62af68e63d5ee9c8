/**
 * Record-linkage quality and speed on the FEBRL data sets: deduplication of dataset1–3 and linkage of
 * dataset4a against dataset4b, each with the unsupervised (EM-trained) Fellegi–Sunter linker. Prints
 * blocking figures (pairs compared, reduction ratio, pair completeness), precision / recall / F1 of the
 * pairs graded `certain` (linked with no review), of `certain` + `probable`, and of the clusters, and
 * timings. Each set is run as it is, without soc_sec_id (demographics only, as a record without an NHS
 * number), and 4a × 4b also with the safeguards off.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/record-linkage.js [--data DIR] [--json]
 *
 * The default data directory is ../shared/data/matching/febrl next to the repository. Record ids carry
 * the ground truth (`rec-N-org`, `rec-N-dup-k`) and are read only here, by the evaluation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findProjectRoot } from '../src/definitions/index.js';
import {
  candidatePairs,
  createLinker,
  febrlEntityOf,
  pairQuality,
  parseFebrlCsv,
  truePairs,
} from '../src/identity/index.js';
import type { LinkResult, PairQuality, PersonRecord } from '../src/identity/index.js';

type Variant = 'as is' | 'no soc_sec_id' | 'safeguards off';

interface Figures {
  dataset: string;
  variant: Variant;
  records: number;
  truePairs: number;
  pairsCompared: number;
  reductionRatio: number;
  pairCompleteness: number;
  certain: PairQuality;
  certainOrProbable: PairQuality;
  clusters: PairQuality;
  heldForReview: number;
  normaliseMs: number;
  linkMs: number;
  phases: LinkResult['timings'];
  randomPairs: number;
}

/** Candidate pairs as ids, for pair completeness (blocking again, outside the timed run). */
function candidateIds(left: readonly PersonRecord[], right: readonly PersonRecord[] | undefined) {
  const { first, second } = candidatePairs(left, right);
  const other = right ?? left;
  return Array.from(first, (i, p) => [left[i]?.id ?? '', other[second[p] ?? 0]?.id ?? ''] as const);
}

/** Every pair of records that a cluster puts together. */
function clusterPairs(result: LinkResult): (readonly [string, string])[] {
  return result.clusters.flatMap((c) => c.flatMap((a, i) => c.slice(i + 1).map((b) => [a, b] as const)));
}

function run(dir: string, dataset: string, files: string[], variant: Variant): Figures {
  const started = performance.now();
  const sets = files.map((f) => {
    const records = parseFebrlCsv(readFileSync(join(dir, f), 'utf8'));
    return variant === 'no soc_sec_id' ? records.map((r) => ({ ...r, identifiers: [] })) : records;
  });
  const normaliseMs = performance.now() - started;
  const [left = [], right] = sets;
  const linker = createLinker({ safeguards: variant !== 'safeguards off' });
  const linkStarted = performance.now();
  const result = right === undefined ? linker.link(left) : linker.linkBetween(left, right);
  const linkMs = performance.now() - linkStarted;
  const truth = truePairs(
    febrlEntityOf,
    left.map((r) => r.id),
    right?.map((r) => r.id),
  );
  const graded = (...grades: string[]) =>
    result.pairs.filter((p) => grades.includes(p.score.grade)).map((p) => [p.a, p.b] as const);
  return {
    dataset,
    variant,
    records: left.length + (right?.length ?? 0),
    truePairs: truth.size,
    pairsCompared: result.blocking.candidatePairs,
    reductionRatio: result.blocking.reductionRatio,
    pairCompleteness: pairQuality(candidateIds(left, right), truth).recall,
    certain: pairQuality(graded('certain'), truth),
    certainOrProbable: pairQuality(graded('certain', 'probable'), truth),
    clusters: pairQuality(clusterPairs(result), truth),
    heldForReview: result.pairs.filter((p) => p.score.heldForReview !== undefined).length,
    normaliseMs,
    linkMs,
    phases: result.timings,
    randomPairs: result.training?.randomPairs ?? 0,
  };
}

const pct = (x: number) => (x * 100).toFixed(2);
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const prf = (q: PairQuality) => `${pct(q.precision)} / ${pct(q.recall)} / ${pct(q.f1)}`;

function table(figures: Figures[]): string {
  const header = [
    'data set',
    'variant',
    'records',
    'true pairs',
    'pairs compared',
    'reduction %',
    'pair completeness %',
    'certain P / R / F1 %',
    '+ probable P / R / F1 %',
    'clusters P / R / F1 %',
    'held for review',
    'normalise ms',
    'link ms',
    'records/s',
  ];
  const rows = figures.map((f) => [
    f.dataset,
    f.variant,
    fmt(f.records),
    fmt(f.truePairs),
    fmt(f.pairsCompared),
    pct(f.reductionRatio),
    pct(f.pairCompleteness),
    prf(f.certain),
    prf(f.certainOrProbable),
    prf(f.clusters),
    fmt(f.heldForReview),
    fmt(f.normaliseMs),
    fmt(f.linkMs),
    fmt((f.records * 1000) / (f.normaliseMs + f.linkMs)),
  ]);
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |\n`).join('');
}

function main(): number {
  const { values } = parseArgs({ options: { data: { type: 'string' }, json: { type: 'boolean' } } });
  const dir =
    values.data ?? join(findProjectRoot(import.meta.url), '..', 'shared', 'data', 'matching', 'febrl');
  if (!existsSync(join(dir, 'dataset4a.csv'))) {
    process.stderr.write(`record-linkage bench: no FEBRL data in ${dir} (pass --data DIR)\n`);
    return 2;
  }
  const sets: [string, string[]][] = [
    ['dataset1 (dedup)', ['dataset1.csv']],
    ['dataset2 (dedup)', ['dataset2.csv']],
    ['dataset3 (dedup)', ['dataset3.csv']],
    ['dataset4a × 4b (linkage)', ['dataset4a.csv', 'dataset4b.csv']],
  ];
  // One untimed run first, so the timings are of compiled code rather than of the JIT warming up.
  run(dir, 'warm-up', ['dataset1.csv'], 'as is');
  const figures = [
    ...sets.map(([name, files]) => run(dir, name, files, 'as is')),
    run(dir, 'dataset4a × 4b (linkage)', ['dataset4a.csv', 'dataset4b.csv'], 'safeguards off'),
    ...sets.map(([name, files]) => run(dir, name, files, 'no soc_sec_id')),
  ];
  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(table(figures));
  const linkage = figures[3];
  if (linkage !== undefined) {
    const t = linkage.phases;
    process.stdout.write(
      `\n${linkage.dataset}, ${linkage.variant}: blocking ${fmt(t.blocking)} ms, comparing ${fmt(t.comparing)} ms ` +
        `(${fmt((linkage.pairsCompared * 1000) / t.comparing)} pairs/s), training ${fmt(t.training)} ms ` +
        `(incl. comparing ${fmt(linkage.randomPairs)} random pairs), grading ${fmt(t.grading)} ms\n`,
    );
  }
  return 0;
}

process.exitCode = main();
