/**
 * Keyed, per-project pseudonyms of a person identifier (an NHS number or a patient id).
 *
 * A pseudonym is HMAC-SHA-256 under the project's key, so it is stable inside one project, unlinkable
 * across projects, and cannot be reversed or recomputed without the key (a plain hash of a ten-digit
 * NHS number could be reversed by trying all of them). The platform holds one master secret and derives
 * each project's key from it with HKDF, so there is no per-project key store to lose or leak.
 */
import { createHash, createHmac, createSecretKey, hkdfSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { privacyErrors } from './privacy-errors.js';

/** HMAC keys shorter than the hash output weaken it (RFC 2104 §3); master and project keys alike. */
export const MIN_KEY_BYTES = 32;

// Project ids appear in prefixes, audit records and HKDF info: keep them short and printable.
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// 192 bits: collisions among the ~70 million people in the national record are out of reach
// (birthday bound ~2^96), and 24 bytes is exactly 32 base64url characters, with no padding.
const BODY_BYTES = 24;
const BODY_CHARS = 32;
const TAG_CHARS = 8;
/** `p` + 8 hex tag + `_` + 32 base64url characters. */
export const PSEUDONYM_LENGTH = 1 + TAG_CHARS + 1 + BODY_CHARS;
const BODY = /^[A-Za-z0-9_-]{32}$/;

// Version labels for domain separation: a change of scheme must change every output, not collide.
const HMAC_LABEL = 'heartwood/pseudonym/v1';
const PREFIX_LABEL = 'heartwood/pseudonym-prefix/v1';
const HKDF_SALT = 'heartwood/analytics/project-key/v1';

export interface PseudonymiserOptions {
  projectId: string;
  /** The project key (see {@link deriveProjectKey}); at least {@link MIN_KEY_BYTES} bytes. */
  key: Buffer;
}

export interface Pseudonymiser {
  readonly projectId: string;
  /** The project-specific start of every pseudonym this project issues, e.g. `p3fa9c2d1_`. */
  readonly prefix: string;
  /** The pseudonym of one person identifier; identifiers are compared exactly, after trimming. */
  pseudonymise(personId: string): string;
  /** True when the value has the shape and prefix of this project's pseudonyms. */
  isOwnPseudonym(value: string): boolean;
}

export function assertProjectId(projectId: unknown): asserts projectId is string {
  if (typeof projectId !== 'string' || !PROJECT_ID.test(projectId)) {
    throw privacyErrors.invalid(
      'projectId must be 1-64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit.',
    );
  }
}

function assertKey(key: unknown, name: string): asserts key is Uint8Array {
  // The message says what is wrong with the key, never what it is.
  if (!(key instanceof Uint8Array)) throw privacyErrors.invalid(`${name} must be a Buffer.`);
  if (key.byteLength < MIN_KEY_BYTES) {
    throw privacyErrors.invalid(`${name} must be at least ${MIN_KEY_BYTES} bytes long.`);
  }
}

/**
 * The project-specific prefix. It comes from the project id alone (not the key), so anyone may check
 * which project a pseudonym belongs to, and a readable project name never travels inside a data set.
 */
export function pseudonymPrefix(projectId: string): string {
  assertProjectId(projectId);
  const tag = createHash('sha256').update(`${PREFIX_LABEL}\u0000${projectId}`).digest('hex');
  return `p${tag.slice(0, TAG_CHARS)}_`;
}

/**
 * A project's key from the platform's master secret: HKDF-SHA-256 with a fixed application salt and the
 * project id as context, 32 bytes. Deterministic, so it is re-derived on demand and never stored.
 */
export function deriveProjectKey(masterKey: Buffer, projectId: string): Buffer {
  assertKey(masterKey, 'masterKey');
  assertProjectId(projectId);
  return Buffer.from(hkdfSync('sha256', masterKey, HKDF_SALT, `project:${projectId}`, 32));
}

/** The identifier as it is fed to the HMAC: trimmed, and never empty. */
export function canonicalPersonId(personId: unknown): string {
  if (typeof personId !== 'string') throw privacyErrors.invalid('A person identifier must be a string.');
  const trimmed = personId.trim();
  if (trimmed === '') throw privacyErrors.invalid('A person identifier must not be empty.');
  return trimmed;
}

/**
 * A pseudonymiser for one project. The key is copied into a node:crypto KeyObject held only in a
 * closure: it is not a property, so it cannot reach JSON, `toString()`, `util.inspect` or an error.
 */
export function createPseudonymiser(options: PseudonymiserOptions): Pseudonymiser {
  const { projectId, key } = options;
  assertProjectId(projectId);
  assertKey(key, 'key');
  const secret: KeyObject = createSecretKey(key);
  const prefix = pseudonymPrefix(projectId);
  const description = `[Pseudonymiser project=${projectId}]`;

  const pseudonymise = (personId: string): string => {
    const id = canonicalPersonId(personId);
    // The project id is inside the MAC input too, so two projects differ even if given the same key.
    const mac = createHmac('sha256', secret).update(`${HMAC_LABEL}\u0000${projectId}\u0000${id}`).digest();
    return prefix + mac.subarray(0, BODY_BYTES).toString('base64url');
  };

  const isOwnPseudonym = (value: string): boolean =>
    typeof value === 'string' &&
    value.length === PSEUDONYM_LENGTH &&
    value.startsWith(prefix) &&
    BODY.test(value.slice(prefix.length));

  return Object.freeze({
    projectId,
    prefix,
    pseudonymise,
    isOwnPseudonym,
    toString: () => description,
    toJSON: () => ({ projectId, prefix }),
    [Symbol.for('nodejs.util.inspect.custom')]: () => description,
  });
}
