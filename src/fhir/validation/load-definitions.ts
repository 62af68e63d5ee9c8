import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../../definitions/index.js';
import type { StructureModel } from './structure-model.js';

export const STRUCTURES_FILE = 'r4-structures.json';

/** Reads the compiled R4 definitions from generated/ (see scripts/definitions/structures.mjs). */
export function loadR4Definitions(root: string = findProjectRoot()): StructureModel {
  const file = join(root, 'generated', STRUCTURES_FILE);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run "node scripts/build-definitions.mjs" (or "npm run build")`);
  }
  const model = JSON.parse(readFileSync(file, 'utf8')) as StructureModel;
  if (!model || typeof model.types !== 'object' || typeof model.primitives !== 'object') {
    throw new Error(`${file} is not a compiled structure model: delete it and rebuild`);
  }
  return model;
}
