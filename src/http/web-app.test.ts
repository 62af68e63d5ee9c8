import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirService } from '../rest/index.js';
import { buildApp } from './build-app.js';
import { defaultWebDistDir, hasWebApp, registerWebApp, WEB_APP_CSP } from './web-app.js';

const INDEX =
  '<!doctype html><html lang="en"><head><title>Heartwood</title></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

// The FHIR API is not under test here: a stub that answers every request with an empty Bundle.
const service: FhirService = {
  handle: async () => ({ status: 200, body: '{"resourceType":"Bundle","type":"searchset"}' }),
  capabilityStatement: () => ({ resourceType: 'CapabilityStatement' }),
};

async function appFor(distDir: string): Promise<FastifyInstance> {
  const app = buildApp({ service, baseUrl: 'http://heartwood.test/fhir' });
  registerWebApp(app, { distDir });
  await app.ready();
  return app;
}

let root: string;
let built: FastifyInstance;
let unbuilt: FastifyInstance;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'heartwood-web-'));
  const dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'index-Abc123.js'), SCRIPT);
  await writeFile(join(dist, 'assets', 'index-Abc123.js.gz'), gzipSync(SCRIPT));
  await writeFile(join(dist, 'assets', 'index-Abc123.js.br'), brotliCompressSync(SCRIPT));
  await writeFile(join(dist, '.secret'), 'hidden');
  await writeFile(join(root, 'outside.txt'), 'not part of the build');
  built = await appFor(dist);
  unbuilt = await appFor(join(root, 'missing'));
});

afterAll(async () => {
  await built?.close();
  await unbuilt?.close();
  await rm(root, { recursive: true, force: true });
});

function expectNotFoundOutcome(r: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(r.statusCode).toBe(404);
  expect(r.headers['content-type']).toContain('application/fhir+json');
  expect(JSON.parse(r.body).resourceType).toBe('OperationOutcome');
}

describe('registerWebApp', () => {
  it('serves index.html at / with a strict CSP and revalidation', async () => {
    const r = await built.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toBe(INDEX);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['content-security-policy']).toBe(WEB_APP_CSP);
    expect(WEB_APP_CSP).toContain("script-src 'self'");
    expect(WEB_APP_CSP).not.toContain('unsafe-inline');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers.etag).toBeDefined();
  });

  it('answers the app’s own addresses with index.html (SPA fallback), query strings included', async () => {
    for (const url of ['/test-results/hba1c', '/appointments-and-visits?lang=cy', '/index.html']) {
      const r = await built.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toBe(INDEX);
      expect(r.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('serves hashed assets with long-lived immutable caching', async () => {
    const r = await built.inject({ method: 'GET', url: '/assets/index-Abc123.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.body).toBe(SCRIPT);
  });

  it('sends the precompressed file the browser accepts', async () => {
    const br = await built.inject({
      method: 'GET',
      url: '/assets/index-Abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(SCRIPT.length);
    const gz = await built.inject({
      method: 'GET',
      url: '/assets/index-Abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('answers HEAD without a body', async () => {
    const r = await built.inject({ method: 'HEAD', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('');
  });

  it('gives a missing asset a 404, not the app', async () => {
    expectNotFoundOutcome(await built.inject({ method: 'GET', url: '/assets/index-Gone99.js' }));
    expectNotFoundOutcome(await built.inject({ method: 'GET', url: '/favicon.ico' }));
    expectNotFoundOutcome(await built.inject({ method: 'GET', url: '/assets/index-Abc123.js.gz' }));
  });

  it('never serves hidden files or anything outside the build', async () => {
    for (const url of [
      '/.secret',
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt',
    ]) {
      const r = await built.inject({ method: 'GET', url });
      expect([400, 403, 404], url).toContain(r.statusCode);
      expect(r.body, url).not.toContain('not part of the build');
      expect(r.body, url).not.toContain('hidden');
    }
  });

  it('leaves API paths to the API', async () => {
    const fhir = await built.inject({ method: 'GET', url: '/fhir/Patient' });
    expect(fhir.statusCode).toBe(200);
    expect(fhir.headers['content-type']).toContain('application/fhir+json');
    expect(fhir.headers['content-security-policy']).toBeUndefined();
    expectNotFoundOutcome(await built.inject({ method: 'GET', url: '/.well-known/smart-configuration' }));
    const health = await built.inject({ method: 'GET', url: '/healthz' });
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });

  it('only answers GET and HEAD', async () => {
    expectNotFoundOutcome(await built.inject({ method: 'POST', url: '/test-results', payload: {} }));
  });

  it('explains how to build the app when there is no build', async () => {
    const page = await unbuilt.inject({ method: 'GET', url: '/test-results' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('npm run build:web');
    expect(page.body).not.toContain(root);
    const fhir = await unbuilt.inject({ method: 'GET', url: '/fhir/Patient' });
    expect(fhir.statusCode).toBe(200);
  });

  it('marks the instance, and refuses a second registration', async () => {
    expect(hasWebApp(built)).toBe(true);
    const plain = buildApp({ service });
    expect(hasWebApp(plain)).toBe(false);
    registerWebApp(plain, { distDir: root });
    expect(() => registerWebApp(plain, { distDir: root })).toThrow();
    await plain.close();
  });

  it('finds web/dist next to package.json by default', () => {
    expect(defaultWebDistDir()).toMatch(/[\\/]web[\\/]dist$/);
  });
});
