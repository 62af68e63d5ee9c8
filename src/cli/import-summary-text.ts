import type { ImportFailure, ImportSummary } from '../ingest/index.js';
import { count, duration, rate } from './text-format.js';

const LISTED = 50;

/** The closing report of an import: totals, then every failure (up to a limit) with where it was. */
export function importSummaryText(s: ImportSummary): string {
  const lines = [
    `Imported ${count(s.resources)} resources from ${count(s.filesDone)} file${s.filesDone === 1 ? '' : 's'} ` +
      `(${count(s.bundles)} bundle${s.bundles === 1 ? '' : 's'}) in ${duration(s.elapsedMs)}: ${rate(s.resources, s.elapsedMs)} resources/s.`,
    `  created: ${count(s.created)}, updated or unchanged: ${count(s.resources - s.created)}, failed: ${count(s.failedResources)}`,
  ];
  if (s.aborted)
    lines.push(
      '  Stopped before the end of the input. With --keep-ids (the default), the same import run again completes it without duplicates.',
    );
  if (s.failureCount > 0) {
    lines.push('', `Failures (${count(s.failureCount)}):`);
    for (const f of s.failures.slice(0, LISTED)) lines.push(`  ${failureLine(f)}`);
    const unlisted = s.failureCount - Math.min(LISTED, s.failures.length);
    if (unlisted > 0) lines.push(`  … and ${count(unlisted)} more`);
  }
  return lines.join('\n') + '\n';
}

export function failureLine(f: ImportFailure): string {
  const where = `${f.file}${f.line !== undefined ? `:${f.line}` : ''}${f.entry !== undefined ? ` Bundle.entry[${f.entry}]` : ''}`;
  return `${where}${f.status !== undefined ? ` (${f.status})` : ''}: ${f.diagnostics}`;
}
