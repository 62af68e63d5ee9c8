import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../fhir/index.js';
import { errors } from '../../fhir/index.js';
import type { FhirRequest, FhirResponse } from '../../rest/index.js';
import { createTransactionGroup, GroupWriteFailed } from './transaction-group.js';

/** A Bundle of `n` Patient entries named `name-1` … `name-n`. */
function bundle(name: string, n = 1): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: Array.from({ length: n }, (_, i) => ({
      fullUrl: `urn:uuid:${name}-${i + 1}`,
      resource: { resourceType: 'Patient', id: `${name}-${i + 1}` },
      request: { method: 'PUT', url: `Patient/${name}-${i + 1}` },
    })),
  };
}

/**
 * A service that answers each transaction with a location per entry, after `release()` is called for
 * it, and fails one whose entries name a Patient in `refuse`.
 */
function heldService(refuse: string[] = []) {
  const transactions: string[][] = [];
  const parts: (readonly number[] | undefined)[] = [];
  const held: (() => void)[] = [];
  const service = {
    handle: async (r: FhirRequest): Promise<FhirResponse> => {
      const ids = ((r.body as Bundle).entry ?? []).map((e) => (e.resource as { id: string }).id);
      transactions.push(ids);
      parts.push(r.auditParts);
      await new Promise<void>((resolve) => held.push(resolve));
      if (ids.some((id) => refuse.includes(id))) throw errors.badRequest(`${ids.join(',')} refused`);
      const entry = ids.map((id) => ({
        response: { status: '200 OK', location: `Patient/${id}/_history/1` },
      }));
      return {
        status: 200,
        body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry }),
      };
    },
  };
  const releaseAll = async () => {
    // Lets queued writes reach the service before releasing what is held.
    for (let i = 0; i < 20 && held.length === 0; i++) await new Promise((r) => setImmediate(r));
    held.splice(0).forEach((release) => release());
  };
  return { service, transactions, parts, releaseAll };
}

const locations = (entries: { response?: { location?: string } }[]) =>
  entries.map((e) => e.response?.location);

describe('createTransactionGroup', () => {
  it('writes the Bundles that wait meanwhile as one transaction and answers each with its own entries', async () => {
    const s = heldService();
    const group = createTransactionGroup({ service: s.service, stalledMs: 60_000 });
    const first = group.write(bundle('a'), ['a']);
    const rest = [group.write(bundle('b', 2), ['b']), group.write(bundle('c'), ['c'])];
    await s.releaseAll();
    expect(locations(await first)).toEqual(['Patient/a-1/_history/1']);
    await s.releaseAll();
    const [b, c] = await Promise.all(rest);
    expect(locations(b!)).toEqual(['Patient/b-1/_history/1', 'Patient/b-2/_history/1']);
    expect(locations(c!)).toEqual(['Patient/c-1/_history/1']);
    expect(s.transactions).toEqual([['a-1'], ['b-1', 'b-2', 'c-1']]);
    // The shared transaction says where each Bundle's entries are, so each is audited on its own.
    expect(s.parts).toEqual([undefined, [2, 1]]);
  });

  it('never puts two Bundles that name one record in one transaction, and keeps their order', async () => {
    const s = heldService();
    const group = createTransactionGroup({ service: s.service, stalledMs: 60_000 });
    const writes = [
      group.write(bundle('a'), ['a']),
      group.write(bundle('b'), ['shared', 'b']),
      group.write(bundle('c'), ['c', 'shared']),
      group.write(bundle('d'), ['d']),
    ];
    for (let i = 0; i < 3; i++) await s.releaseAll();
    await Promise.all(writes);
    expect(s.transactions).toEqual([['a-1'], ['b-1', 'd-1'], ['c-1']]);
  });

  it('keeps to the most Bundles and entries a transaction may take', async () => {
    const s = heldService();
    const group = createTransactionGroup({
      service: s.service,
      maxBundles: 2,
      maxEntries: 3,
      stalledMs: 60_000,
    });
    const writes = [
      group.write(bundle('a'), ['a']),
      group.write(bundle('b'), ['b']),
      group.write(bundle('c'), ['c']),
      group.write(bundle('d', 2), ['d']),
      group.write(bundle('e', 5), ['e']),
    ];
    for (let i = 0; i < 4; i++) await s.releaseAll();
    await Promise.all(writes);
    expect(s.transactions).toEqual([
      ['a-1'],
      ['b-1', 'c-1'],
      ['d-1', 'd-2'],
      ['e-1', 'e-2', 'e-3', 'e-4', 'e-5'],
    ]);
  });

  it('fails every Bundle of a failed shared transaction as such, and a lone one with its own error', async () => {
    const s = heldService(['c-1']);
    const group = createTransactionGroup({ service: s.service, stalledMs: 60_000 });
    const first = group.write(bundle('a'), ['a']);
    const shared = [group.write(bundle('b'), ['b']), group.write(bundle('c'), ['c'])];
    const alone = group.write(bundle('c'), ['c']);
    const settled = Promise.allSettled([...shared, alone]);
    for (let i = 0; i < 3; i++) await s.releaseAll();
    await first;
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const reasons = results.map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(reasons[0]).toBeInstanceOf(GroupWriteFailed);
    expect(reasons[1]).toBeInstanceOf(GroupWriteFailed);
    expect(reasons[2]).not.toBeInstanceOf(GroupWriteFailed);
    expect(reasons[2]!.message).toContain('c-1 refused');
  });

  it('lets other writes go while a transaction is held up', async () => {
    const s = heldService();
    const group = createTransactionGroup({ service: s.service, stalledMs: 1 });
    void group.write(bundle('slow'), ['slow']);
    const other = group.write(bundle('b'), ['b']);
    // Nothing is released until `b` has reached the service: without the stall rule it never would.
    while (s.transactions.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(s.transactions).toEqual([['slow-1'], ['b-1']]);
    await s.releaseAll();
    expect(locations(await other)).toEqual(['Patient/b-1/_history/1']);
  });
});
