import { describe, expect, it } from 'vitest';
import { FhirError } from '../../fhir/index.js';
import {
  REIDENTIFICATION_REFUSED_CODE,
  createPseudonymiser,
  createReidentificationIndex,
  deriveProjectKey,
  reidentify,
} from './index.js';
import type { ReidentificationApproval } from './index.js';

const KEY = deriveProjectKey(Buffer.alloc(32, 9), 'cancer-pathways');
const OTHER_KEY = deriveProjectKey(Buffer.alloc(32, 9), 'other-project');
const P = createPseudonymiser({ projectId: 'cancer-pathways', key: KEY });
const CANDIDATES = ['9434765870', '9434765919', '9999999468', '9000000009'];
const TARGET = P.pseudonymise('9999999468');
const APPROVAL: ReidentificationApproval = {
  requestedBy: 'user:analyst-17',
  reason: 'Safety signal: abnormal result needs clinical follow-up (ticket CAG-2291)',
  approvedBy: 'user:caldicott-guardian-2',
};
const NOW = () => new Date('2025-01-02T03:04:05.000Z');

function refusal(fn: () => unknown): FhirError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FhirError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('reidentify', () => {
  it('finds the person and returns the approval as an audit record', () => {
    const r = reidentify({
      projectId: 'cancer-pathways',
      key: KEY,
      pseudonym: TARGET,
      candidates: CANDIDATES,
      approval: APPROVAL,
      now: NOW,
    });
    expect(r.personId).toBe('9999999468');
    expect(r.record).toEqual({
      kind: 'reidentification',
      ...APPROVAL,
      projectId: 'cancer-pathways',
      pseudonym: TARGET,
      matched: true,
      candidatesSearched: 3,
      at: '2025-01-02T03:04:05.000Z',
    });
    // The record names the pseudonym, never the person.
    expect(JSON.stringify(r.record)).not.toContain('9999999468');
  });

  it('reports no match, still with a record, when no candidate fits or the key is wrong', () => {
    const base = { projectId: 'cancer-pathways', pseudonym: TARGET, approval: APPROVAL, now: NOW };
    const none = reidentify({ ...base, key: KEY, candidates: ['9434765870'] });
    expect(none.personId).toBeNull();
    expect(none.record).toMatchObject({ matched: false, candidatesSearched: 1 });
    expect(reidentify({ ...base, key: OTHER_KEY, candidates: CANDIDATES }).personId).toBeNull();
  });

  it.each<[string, unknown]>([
    ['no approval at all', undefined],
    ['an empty object', {}],
    ['no reason', { requestedBy: 'a', approvedBy: 'b' }],
    ['a blank reason', { requestedBy: 'a', reason: '   ', approvedBy: 'b' }],
    ['no approver', { requestedBy: 'a', reason: 'r' }],
    ['no requester', { reason: 'r', approvedBy: 'b' }],
    ['a non-string field', { requestedBy: 'a', reason: 42, approvedBy: 'b' }],
  ])('refuses with %s', (_label, approval) => {
    const e = refusal(() =>
      reidentify({
        projectId: 'cancer-pathways',
        key: KEY,
        pseudonym: TARGET,
        candidates: CANDIDATES,
        approval: approval as ReidentificationApproval,
      }),
    );
    expect(e.status).toBe(403);
    expect(e.issues[0]).toMatchObject({ code: 'forbidden', detailsCode: REIDENTIFICATION_REFUSED_CODE });
  });

  it('refuses self-approval', () => {
    const e = refusal(() =>
      reidentify({
        projectId: 'cancer-pathways',
        key: KEY,
        pseudonym: TARGET,
        candidates: CANDIDATES,
        approval: { requestedBy: 'user:a', reason: 'r', approvedBy: ' USER:A ' },
      }),
    );
    expect(e.status).toBe(403);
    expect(e.message).toMatch(/someone other than the requester/);
  });

  it('checks the approval before looking at anything else, and never touches the candidates without it', () => {
    let touched = false;
    const candidates = {
      *[Symbol.iterator]() {
        touched = true;
        yield '9999999468';
      },
    };
    const e = refusal(() =>
      reidentify({
        projectId: 'cancer-pathways',
        key: KEY,
        pseudonym: 'not-even-a-pseudonym',
        candidates,
        approval: undefined as never,
      }),
    );
    expect(e.status).toBe(403);
    expect(touched).toBe(false);
  });

  it('rejects a pseudonym issued by another project', () => {
    const foreign = createPseudonymiser({ projectId: 'other-project', key: OTHER_KEY }).pseudonymise(
      '9999999468',
    );
    const e = refusal(() =>
      reidentify({
        projectId: 'cancer-pathways',
        key: KEY,
        pseudonym: foreign,
        candidates: CANDIDATES,
        approval: APPROVAL,
      }),
    );
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/not one issued by project cancer-pathways/);
  });
});

describe('createReidentificationIndex', () => {
  const index = createReidentificationIndex({
    projectId: 'cancer-pathways',
    key: KEY,
    candidates: CANDIDATES,
    now: NOW,
  });

  it('answers approved lookups, each with its own record', () => {
    expect(index.size).toBe(4);
    const r = index.reidentify(TARGET, APPROVAL);
    expect(r.personId).toBe('9999999468');
    expect(r.record).toMatchObject({ matched: true, pseudonym: TARGET, candidatesSearched: 4, ...APPROVAL });
    expect(index.reidentify(P.pseudonymise('1234567890'), APPROVAL)).toMatchObject({
      personId: null,
      record: { matched: false },
    });
  });

  it('refuses every lookup without an approval', () => {
    expect(refusal(() => index.reidentify(TARGET, undefined as never)).status).toBe(403);
    expect(refusal(() => index.reidentify(TARGET, { ...APPROVAL, approvedBy: '' })).status).toBe(403);
  });

  it('prints as its project and size only', () => {
    expect(String(index)).toBe('[ReidentificationIndex project=cancer-pathways size=4]');
    expect(JSON.stringify(index)).toBe('{"projectId":"cancer-pathways","size":4}');
  });
});
