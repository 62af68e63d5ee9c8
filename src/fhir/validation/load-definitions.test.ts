import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { findProjectRoot } from '../../definitions/index.js';
import { createValidator, loadR4Definitions } from './index.js';

it('finds the project root from src/ and from dist/src/', () => {
  const root = findProjectRoot();
  expect(root).toMatch(/[\\/]?[^\\/]+$/);
  const built = pathToFileURL(join(root, 'dist', 'src', 'fhir', 'validation', 'index.js')).href;
  expect(findProjectRoot(built)).toBe(root);
  expect(() => findProjectRoot('/')).toThrow(/heartwood/);
});

it('loads and compiles the definitions quickly', () => {
  const start = performance.now();
  const model = loadR4Definitions();
  const validator = createValidator(model);
  const elapsed = performance.now() - start;
  expect(model.fhirVersion).toBe('4.0.1');
  expect(Object.keys(model.types)).toContain('Patient');
  expect(validator.resourceTypes()).toContain('Patient');
  expect(elapsed).toBeLessThan(300);
});
