import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../../..');

/** Small messages copied into the repository, for tests that must always run. */
export const FIXTURES = join(projectRoot, 'test/fixtures/hl7v2');

/** The 139-message corpus in ../shared (not present in a plain clone of the repository). */
export const CORPUS = resolve(projectRoot, '../shared/data/hl7v2/messages');
export const HAS_CORPUS = existsSync(CORPUS);

/** HL7 text with CR segment separators, from lines written one per segment in a test. */
export function hl7(...segments: string[]): string {
  return segments.join('\r');
}
