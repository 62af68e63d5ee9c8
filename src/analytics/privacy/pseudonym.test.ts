import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  PSEUDONYM_LENGTH,
  createPseudonymiser,
  createReidentificationIndex,
  deriveProjectKey,
  pseudonymPrefix,
  reidentify,
} from './index.js';

const MASTER = Buffer.from('heartwood-test-master-key-do-not-use-0001', 'utf8');
const KEY_A = deriveProjectKey(MASTER, 'diabetes-audit');
const KEY_B = deriveProjectKey(MASTER, 'covid-outcomes');
const URL_SAFE = /^[A-Za-z0-9_-]+$/;

describe('createPseudonymiser', () => {
  const a = createPseudonymiser({ projectId: 'diabetes-audit', key: KEY_A });

  it('is stable within a project, across instances', () => {
    const again = createPseudonymiser({ projectId: 'diabetes-audit', key: Buffer.from(KEY_A) });
    expect(a.pseudonymise('9434765919')).toBe(a.pseudonymise('9434765919'));
    expect(again.pseudonymise('9434765919')).toBe(a.pseudonymise('9434765919'));
    expect(a.pseudonymise(' 9434765919 ')).toBe(a.pseudonymise('9434765919'));
  });

  it('gives different people different pseudonyms', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => String(9000000000 + i));
    expect(new Set(ids.map((id) => a.pseudonymise(id))).size).toBe(ids.length);
  });

  it('differs across projects, by key and by project id', () => {
    const b = createPseudonymiser({ projectId: 'covid-outcomes', key: KEY_B });
    expect(b.pseudonymise('9434765919')).not.toBe(a.pseudonymise('9434765919'));
    // Even a project wrongly given another project's key does not produce linkable pseudonyms.
    const sameKey = createPseudonymiser({ projectId: 'covid-outcomes', key: KEY_A });
    expect(sameKey.pseudonymise('9434765919').slice(sameKey.prefix.length)).not.toBe(
      a.pseudonymise('9434765919').slice(a.prefix.length),
    );
    // And the same project id under another key differs too.
    const otherKey = createPseudonymiser({ projectId: 'diabetes-audit', key: KEY_B });
    expect(otherKey.pseudonymise('9434765919')).not.toBe(a.pseudonymise('9434765919'));
  });

  it('is a fixed-length, URL-safe string with the project prefix', () => {
    for (const id of ['9434765919', 'a', 'patient-000000000000000000000000000000000000000000000000000001']) {
      const p = a.pseudonymise(id);
      expect(p).toHaveLength(PSEUDONYM_LENGTH);
      expect(p).toMatch(URL_SAFE);
      expect(p.startsWith(a.prefix)).toBe(true);
      expect(a.isOwnPseudonym(p)).toBe(true);
      expect(encodeURIComponent(p)).toBe(p);
    }
    expect(a.prefix).toBe(pseudonymPrefix('diabetes-audit'));
    expect(a.prefix).not.toBe(pseudonymPrefix('covid-outcomes'));
    expect(a.isOwnPseudonym('not a pseudonym')).toBe(false);
  });

  it('is deterministic and pinned: a change of scheme would break every project’s linkage', () => {
    const key = Buffer.alloc(32, 7);
    const p = createPseudonymiser({ projectId: 'pinned', key });
    // Recomputed from the documented construction: HMAC-SHA-256(key, label ␀ project ␀ id), 24 bytes.
    const mac = createHmac('sha256', key)
      .update('heartwood/pseudonym/v1\u0000pinned\u00009434765919')
      .digest();
    expect(p.pseudonymise('9434765919')).toBe(p.prefix + mac.subarray(0, 24).toString('base64url'));
    expect(p.pseudonymise('9434765919')).toBe('p4f6c1fd1_hw_9Eya-mNUC7E0_lxtYeiGslkrqoFxk');
  });

  it('refuses short or missing keys, bad project ids and empty identifiers', () => {
    expect(() => createPseudonymiser({ projectId: 'x', key: Buffer.alloc(31) })).toThrow(/at least 32 bytes/);
    expect(() => createPseudonymiser({ projectId: 'x', key: 'secret' as unknown as Buffer })).toThrow(
      /Buffer/,
    );
    expect(() => createPseudonymiser({ projectId: 'has space', key: KEY_A })).toThrow(/projectId/);
    expect(() => createPseudonymiser({ projectId: '', key: KEY_A })).toThrow(/projectId/);
    expect(() => a.pseudonymise('  ')).toThrow(/empty/);
    expect(() => a.pseudonymise(9434765919 as unknown as string)).toThrow(/string/);
  });
});

describe('deriveProjectKey (HKDF-SHA-256)', () => {
  it('is deterministic, 32 bytes, and differs by project and by master key', () => {
    expect(deriveProjectKey(MASTER, 'diabetes-audit').equals(KEY_A)).toBe(true);
    expect(KEY_A).toHaveLength(32);
    expect(KEY_A.equals(KEY_B)).toBe(false);
    const otherMaster = Buffer.from('heartwood-test-master-key-do-not-use-0002', 'utf8');
    expect(deriveProjectKey(otherMaster, 'diabetes-audit').equals(KEY_A)).toBe(false);
    expect(KEY_A.includes(MASTER)).toBe(false);
  });

  it('follows RFC 5869 (checked against a hand-written extract-and-expand)', () => {
    const prk = createHmac('sha256', 'heartwood/analytics/project-key/v1').update(MASTER).digest();
    const okm = createHmac('sha256', prk)
      .update('project:diabetes-audit')
      .update(Buffer.from([1]))
      .digest();
    expect(KEY_A.equals(okm)).toBe(true);
  });

  it('needs a master key of at least 32 bytes', () => {
    expect(() => deriveProjectKey(Buffer.alloc(16), 'p')).toThrow(/masterKey must be at least 32 bytes/);
  });
});

describe('keys never leak', () => {
  const key = Buffer.from('SECRET-KEY-MATERIAL-0123456789-abcdefghij', 'utf8');
  const forms = [
    key.toString('utf8'),
    key.toString('hex'),
    key.toString('base64'),
    key.toString('base64url'),
    key.subarray(0, 12).toString('utf8'),
    [...key.subarray(0, 8)].join(','),
  ];
  const expectClean = (text: string) => {
    for (const form of forms) expect(text).not.toContain(form);
  };
  const everyView = (x: unknown): string =>
    [
      String(x),
      JSON.stringify(x) ?? '',
      inspect(x, { showHidden: true, depth: Infinity, getters: true }),
    ].join('\n');

  it('not in toString, JSON or inspect of a pseudonymiser or a re-identification index', () => {
    const p = createPseudonymiser({ projectId: 'leak-check', key });
    expectClean(everyView(p));
    expect(String(p)).toBe('[Pseudonymiser project=leak-check]');
    expect(JSON.parse(JSON.stringify(p))).toEqual({ projectId: 'leak-check', prefix: p.prefix });
    const index = createReidentificationIndex({ projectId: 'leak-check', key, candidates: ['9434765919'] });
    expectClean(everyView(index));
    // The index must not print its pseudonym → person map either.
    expect(everyView(index)).not.toContain('9434765919');
  });

  it('not in any error', () => {
    const p = createPseudonymiser({ projectId: 'leak-check', key });
    const attempts: (() => unknown)[] = [
      () => createPseudonymiser({ projectId: 'bad id', key }),
      () => createPseudonymiser({ projectId: 'leak-check', key: key.subarray(0, 20) }),
      () => deriveProjectKey(key.subarray(0, 20), 'leak-check'),
      () => deriveProjectKey(key, 'bad id'),
      () => p.pseudonymise(''),
      () =>
        reidentify({
          projectId: 'leak-check',
          key,
          pseudonym: p.pseudonymise('1'),
          candidates: ['1'],
          approval: undefined as never,
        }),
      () =>
        reidentify({
          projectId: 'leak-check',
          key,
          pseudonym: 'pzzzzzzzz_nope',
          candidates: ['1'],
          approval: { requestedBy: 'a', reason: 'r', approvedBy: 'b' },
        }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Error);
      const e = caught as Error;
      expectClean([e.message, e.stack ?? '', everyView(e)].join('\n'));
    }
  });
});
