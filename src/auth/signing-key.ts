import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { JsonWebKey as NodeJwk, KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** JWS algorithms Heartwood signs with, by key type. */
export type SigningAlg = 'ES256' | 'ES384' | 'RS256' | 'PS256' | 'EdDSA';

/** A private JWK with the fields Heartwood relies on. */
export interface PrivateJwk extends NodeJwk {
  kid: string;
  alg: SigningAlg;
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: KeyObject;
  /** The private key as a JWK (for the OpenID provider's key store). */
  privateJwk: PrivateJwk;
  /** The public half, as published at `/.well-known/jwks.json`. */
  publicJwk: NodeJwk & { kid: string; alg: SigningAlg; use: 'sig' };
}

export interface SigningKeySource {
  /** A private JWK (JSON) or PKCS#8/SEC1/PKCS#1 PEM file. */
  file?: string;
  /** Where a key is generated on first start when no file is configured. */
  dataDir: string;
}

export const GENERATED_KEY_FILE = 'keys/signing-key.json';

/**
 * The server's signing key: the configured file, else the key generated into the data directory on
 * first start (mode 0600, directory 0700). Several server processes must share one configured key.
 */
export async function loadSigningKey(source: SigningKeySource): Promise<SigningKey> {
  if (source.file) return signingKeyFrom(await readFile(source.file, 'utf8'));
  const path = join(source.dataDir, GENERATED_KEY_FILE);
  try {
    return signingKeyFrom(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = generateSigningKey();
  await mkdir(join(source.dataDir, 'keys'), { recursive: true, mode: 0o700 });
  // 'wx': two processes starting at once must not overwrite each other's key.
  try {
    await writeFile(path, JSON.stringify(key.privateJwk), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return signingKeyFrom(await readFile(path, 'utf8'));
    throw e;
  }
  await chmod(path, 0o600);
  return key;
}

/** A fresh P-256 key (ES256): small tokens, fast to verify. */
export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return fromKeyObject(privateKey);
}

/** Parses a private JWK (JSON text) or a PEM private key. */
export function signingKeyFrom(text: string): SigningKey {
  const trimmed = text.trim();
  const key = trimmed.startsWith('{')
    ? createPrivateKey({ key: JSON.parse(trimmed) as NodeJwk, format: 'jwk' })
    : createPrivateKey(trimmed);
  const declared = trimmed.startsWith('{') ? (JSON.parse(trimmed) as { alg?: string; kid?: string }) : {};
  return fromKeyObject(key, declared.alg as SigningAlg | undefined, declared.kid);
}

function fromKeyObject(privateKey: KeyObject, declaredAlg?: SigningAlg, declaredKid?: string): SigningKey {
  if (privateKey.type !== 'private') throw new Error('The signing key must be a private key.');
  const alg = declaredAlg ?? algFor(privateKey);
  const jwk = privateKey.export({ format: 'jwk' });
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = declaredKid ?? thumbprint(publicJwk);
  return {
    kid,
    alg,
    privateKey,
    privateJwk: { ...jwk, kid, alg, use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
  };
}

function algFor(key: KeyObject): SigningAlg {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'ec':
      if (details?.namedCurve === 'prime256v1') return 'ES256';
      if (details?.namedCurve === 'secp384r1') return 'ES384';
      break;
    case 'rsa':
      if ((details?.modulusLength ?? 0) < 2048)
        throw new Error('RSA signing keys must be 2048 bits or more.');
      return 'RS256';
    case 'rsa-pss':
      return 'PS256';
    case 'ed25519':
      return 'EdDSA';
    default:
      break;
  }
  throw new Error('Unsupported signing key: use EC P-256/P-384, RSA (2048+), RSA-PSS or Ed25519.');
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): a stable key id derived from the public key. */
function thumbprint(jwk: NodeJwk): string {
  const members: Record<string, string[]> = {
    EC: ['crv', 'kty', 'x', 'y'],
    RSA: ['e', 'kty', 'n'],
    OKP: ['crv', 'kty', 'x'],
  };
  const names = members[jwk.kty ?? ''] ?? Object.keys(jwk).sort();
  const canonical = JSON.stringify(Object.fromEntries(names.map((n) => [n, jwk[n]])));
  return createHash('sha256').update(canonical).digest('base64url');
}
