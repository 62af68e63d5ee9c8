import type { ImportProgress } from '../ingest/index.js';
import { count, duration, rate } from './text-format.js';

export interface ProgressDisplay {
  update(p: ImportProgress): void;
  /** Clears the bar (on a terminal) so the summary starts on a clean line. */
  finish(): void;
}

const BAR_WIDTH = 24;

/**
 * On a terminal, a bar redrawn in place at most ten times a second; in a log (CI, pipes), a plain
 * line every `logEveryMs`, because carriage returns make logs unreadable.
 */
export function createProgressDisplay(o: {
  write: (text: string) => void;
  interactive: boolean;
  logEveryMs?: number;
  now?: () => number;
}): ProgressDisplay {
  const now = o.now ?? (() => performance.now());
  const every = o.interactive ? 100 : (o.logEveryMs ?? 10_000);
  let last = -Infinity;
  let drawn = false;

  const describe = (p: ImportProgress) => {
    const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 1;
    const eta =
      fraction > 0.02 && fraction < 1
        ? `, about ${duration((p.elapsedMs / fraction) * (1 - fraction))} left`
        : '';
    const failed = p.failedResources > 0 ? `, ${count(p.failedResources)} failed` : '';
    return {
      fraction,
      text: `${count(p.resources)} resources, ${rate(p.resources, p.elapsedMs)}/s, ${p.filesDone}/${p.filesTotal} files${failed}${eta}`,
    };
  };

  return {
    update(p) {
      const t = now();
      if (t - last < every) return;
      last = t;
      const { fraction, text } = describe(p);
      const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
      if (o.interactive) {
        const filled = Math.round(fraction * BAR_WIDTH);
        o.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${pct} ${text}`);
        drawn = true;
      } else {
        o.write(`import: ${pct.trim()} ${text}\n`);
      }
    },
    finish() {
      if (drawn) o.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
