import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface WebAppOptions {
  /** The built web app (`web/dist`). */
  distDir: string;
  /**
   * Paths that belong to APIs. They are never answered with the app, so a mistyped API address gets
   * the API's own 404 (an OperationOutcome), not a 200 web page.
   */
  apiPrefixes?: readonly string[];
}

/**
 * The pages' Content-Security-Policy: everything from this origin only, no inline scripts or styles,
 * no plugins, no framing. The built app needs nothing more (its fonts, icons and scripts are files
 * of its own, and it talks only to /fhir on the same origin), so any injected script has nowhere to
 * load from and nowhere to send data to.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names the files under assets/ by their content's hash: a new build never reuses a name. */
const HASHED_ASSETS = 'assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Always revalidated (cheaply, by ETag), so a new build reaches everyone on their next visit.
const REVALIDATE = 'no-cache';
const MARKER = 'heartwoodWebAppDir';

/**
 * Serves the patient front door (the Vite build in `distDir`) at `/`: its files, compressed when the
 * browser accepts it (the build writes .br and .gz siblings), and `index.html` for every other GET
 * that is not an API path, so the app's own addresses (/test-results/hba1c) work when loaded
 * directly. A registration for a directory without a build serves a page saying how to build it.
 */
export function registerWebApp(app: FastifyInstance, options: WebAppOptions): void {
  const distDir = resolve(options.distDir);
  const apiPrefixes = options.apiPrefixes ?? ['/fhir', '/.well-known'];
  // Marks the instance (and fails loudly if the app is registered twice).
  app.decorate(MARKER, distDir);
  app.register(async (scope) => {
    if (!(await isFile(join(distDir, 'index.html')))) {
      scope.log.warn(`The web app is not built (no ${join(distDir, 'index.html')}): run npm run build:web.`);
    }
    await scope.register(fastifyStatic, {
      root: distDir,
      serve: false,
      preCompressed: true,
      cacheControl: false,
      index: false,
      dotfiles: 'deny',
      suppressWarning: true,
    });
    scope.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      handler: (request, reply) => serve(request, reply, distDir, apiPrefixes),
    });
  });
}

/** True when `registerWebApp` has been called on this instance. */
export function hasWebApp(app: FastifyInstance): boolean {
  return app.hasDecorator(MARKER);
}

/** `web/dist` next to this package's package.json, whether Heartwood runs from src/ or dist/src/. */
export function defaultWebDistDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'web', 'dist');
    const parent = dirname(dir);
    if (parent === dir) return resolve('web', 'dist');
    dir = parent;
  }
}

async function serve(
  request: FastifyRequest,
  reply: FastifyReply,
  distDir: string,
  apiPrefixes: readonly string[],
): Promise<FastifyReply> {
  let path: string;
  try {
    path = decodeURIComponent(request.url.split('?')[0]!);
  } catch {
    return notFound(reply);
  }
  if (apiPrefixes.some((p) => path === p || path.startsWith(`${p}/`))) return notFound(reply);

  if (!(await isFile(join(distDir, 'index.html')))) return sendNotBuilt(reply);
  reply.header('Content-Security-Policy', WEB_APP_CSP);

  const file = await builtFile(distDir, path);
  if (file) {
    reply.header('Cache-Control', file.startsWith(HASHED_ASSETS) ? IMMUTABLE : REVALIDATE);
    return reply.sendFile(file);
  }
  // A missing script or image is a 404, not the app's HTML under a .js name with a 200.
  if (path.startsWith(`/${HASHED_ASSETS}`) || /\.[a-z0-9]+$/i.test(path)) return notFound(reply);
  reply.header('Cache-Control', REVALIDATE);
  return reply.sendFile('index.html');
}

/**
 * The path of a file of the build that `path` names, relative to the build; undefined for anything
 * else: outside the build, hidden, a directory, or a precompressed sibling (those are chosen by the
 * Accept-Encoding of a request for the file itself).
 */
async function builtFile(distDir: string, path: string): Promise<string | undefined> {
  if (path.includes('\0')) return undefined;
  const full = resolve(distDir, `.${path}`);
  const rel = relative(distDir, full);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).some((part) => part.startsWith('.')))
    return undefined;
  if (/\.(br|gz)$/.test(rel)) return undefined;
  return (await isFile(full)) ? rel.split(sep).join('/') : undefined;
}

/** The app's own 404 (an OperationOutcome); returning the reply tells Fastify it has been answered. */
function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>The web app has not been built – Heartwood</title>
  </head>
  <body>
    <main>
      <h1>The web app has not been built</h1>
      <p>Heartwood is running, but its web pages have not been built yet.</p>
      <p>In the Heartwood folder, run <code>npm run build:web</code>, then reload this page.</p>
      <p>The FHIR API is working: see <a href="/fhir/metadata">/fhir/metadata</a>.</p>
    </main>
  </body>
</html>
`;

function sendNotBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('Content-Security-Policy', WEB_APP_CSP)
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(NOT_BUILT_PAGE);
}
