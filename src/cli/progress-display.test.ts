import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../ingest/index.js';
import { createProgressDisplay } from './progress-display.js';

const progress = (bytesRead: number, resources: number, elapsedMs: number): ImportProgress => ({
  filesTotal: 2,
  filesDone: bytesRead >= 1000 ? 2 : 0,
  bytesTotal: 1000,
  bytesRead,
  bundles: 0,
  resources,
  failedResources: 0,
  elapsedMs,
});

describe('progress display', () => {
  it('redraws one bar in place on a terminal, at most every 100 ms, and clears it at the end', () => {
    let out = '';
    let t = 0;
    const d = createProgressDisplay({ write: (s) => void (out += s), interactive: true, now: () => t });
    d.update(progress(250, 500, 1000));
    t = 50;
    d.update(progress(300, 600, 1050));
    t = 200;
    d.update(progress(500, 1000, 2000));
    d.finish();
    const frames = out.split('\r\x1b[2K').filter((f) => f !== '');
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^\[######\.+\] {2}25% 500 resources, 500\/s, 0\/2 files, about 3\.0 s left$/);
    expect(frames[1]).toMatch(/^\[#{12}\.{12}\] {2}50% 1,000 resources/);
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes plain lines at a slower pace when the output is a log', () => {
    let out = '';
    let t = 0;
    const d = createProgressDisplay({ write: (s) => void (out += s), interactive: false, now: () => t });
    d.update(progress(100, 10, 100));
    t = 5_000;
    d.update(progress(500, 50, 5_000));
    t = 10_100;
    d.update(progress(1000, 100, 10_100));
    d.finish();
    expect(out).toBe(
      'import: 10% 10 resources, 100/s, 0/2 files, about 0.9 s left\nimport: 100% 100 resources, 10/s, 2/2 files\n',
    );
    expect(out).not.toMatch(/\r/);
  });
});
