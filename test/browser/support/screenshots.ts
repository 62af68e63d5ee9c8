import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where screenshots go: docs/screenshots when asked for (UPDATE_SCREENSHOTS=1, to refresh the ones
 * in the documentation), else a temporary directory, so an ordinary test run leaves the tree alone.
 */
export async function screenshotDir(): Promise<string> {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
      : join(tmpdir(), 'heartwood-screenshots');
  await mkdir(dir, { recursive: true });
  return dir;
}
