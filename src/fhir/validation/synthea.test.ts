import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../operation-outcome.js';
import { findProjectRoot } from '../../definitions/index.js';
import { createValidator, loadR4Definitions } from './index.js';

// The shared Synthea sample lives next to the repository, not in it; clones without it skip.
const file = join(findProjectRoot(), '..', 'shared', 'data', 'synthea', 'small.ndjson.gz');
const present = existsSync(file);
if (!present) console.warn(`skipping the Synthea validation test: ${file} is not present`);

describe.skipIf(!present)(
  `Synthea sample (${present ? file : 'absent: ../shared/data/synthea/small.ndjson.gz'})`,
  () => {
    it('validates every bundle and every entry resource with zero issues', () => {
      const validator = createValidator(loadR4Definitions());
      const lines = gunzipSync(readFileSync(file))
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== '');
      const failures: { at: string; issues: Issue[] }[] = [];
      let entries = 0;
      lines.forEach((line, n) => {
        const bundle = JSON.parse(line) as { entry: { resource: { resourceType: string; id: string } }[] };
        const bundleIssues = validator.validate(bundle);
        if (bundleIssues.length > 0) failures.push({ at: `line ${n + 1}`, issues: bundleIssues });
        for (const { resource } of bundle.entry) {
          entries++;
          const issues = validator.validate(resource);
          if (issues.length > 0) failures.push({ at: `${resource.resourceType}/${resource.id}`, issues });
        }
      });
      expect(failures).toEqual([]);
      expect(lines).toHaveLength(10);
      expect(entries).toBe(2523);
    });
  },
);
