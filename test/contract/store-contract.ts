import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FhirError } from '../../src/fhir/index.js';
import type { FhirResource } from '../../src/fhir/index.js';
import type { SearchRequest } from '../../src/fhir/search-request/index.js';
import type { OpenedStore, ResourceStore } from '../../src/store/index.js';

const uid = () => globalThis.crypto.randomUUID();

function searchFor(resourceType: string, filters: SearchRequest['filters']): SearchRequest {
  return {
    resourceTypes: [resourceType],
    filters,
    sort: [],
    count: 10,
    total: 'accurate',
    summary: 'false',
    includes: [],
    applied: [],
    ignored: [],
  };
}

function patient(id: string, family = 'Smith'): FhirResource & { id: string } {
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: id.slice(0, 10) }],
    name: [{ family, given: ['Ann'] }],
    meta: { source: 'urn:test:contract' },
  };
}

/** The behaviour every store driver must show; run once per driver. */
export function runStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`ResourceStore contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: ResourceStore;
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(async () => {
      await store?.close();
    });

    it('creates version 1 with server-owned meta and keeps meta.source', async () => {
      const id = uid();
      const [r] = await store.write([{ op: 'create', resource: patient(id) }]);
      expect(r).toMatchObject({ id, outcome: 'created', versionId: 1 });
      const read = await store.read('Patient', id);
      const body = JSON.parse(read!.content!) as FhirResource;
      expect(body.meta).toMatchObject({ versionId: '1', source: 'urn:test:contract' });
      expect(body.meta!.lastUpdated).toBe(read!.lastUpdated);
      expect(Object.keys(body).slice(0, 3)).toEqual(['resourceType', 'id', 'meta']);
    });

    it('keeps every version: update, vread, history newest first', async () => {
      const id = uid();
      await store.write([{ op: 'create', resource: patient(id, 'One') }]);
      const [u] = await store.write([{ op: 'update', resource: patient(id, 'Two'), ifMatch: 1 }]);
      expect(u).toMatchObject({ outcome: 'updated', versionId: 2 });
      const v1 = await store.vread('Patient', id, 1);
      expect(JSON.parse(v1!.content!).name[0].family).toBe('One');
      const v2 = await store.vread('Patient', id, 2);
      expect(JSON.parse(v2!.content!).name[0].family).toBe('Two');
      expect(await store.vread('Patient', id, 3)).toBeUndefined();
      const h = await store.history({ resourceType: 'Patient', id, count: 10 });
      expect(h.total).toBe(2);
      expect(h.versions.map((v) => v.versionId)).toEqual([2, 1]);
    });

    it('does not make a new version when an update changes nothing', async () => {
      const id = uid();
      await store.write([{ op: 'create', resource: patient(id) }]);
      const [u] = await store.write([{ op: 'update', resource: patient(id) }]);
      expect(u).toMatchObject({ outcome: 'unchanged', versionId: 1 });
    });

    it('update of an unknown id creates it (client-assigned id)', async () => {
      const id = uid();
      const [u] = await store.write([{ op: 'update', resource: patient(id) }]);
      expect(u).toMatchObject({ outcome: 'created', versionId: 1 });
    });

    it('rejects a stale If-Match with 412 and changes nothing', async () => {
      const id = uid();
      await store.write([{ op: 'create', resource: patient(id, 'One') }]);
      await store.write([{ op: 'update', resource: patient(id, 'Two') }]);
      const err = await store
        .write([{ op: 'update', resource: patient(id, 'Three'), ifMatch: 1 }])
        .catch((e) => e);
      expect(err).toBeInstanceOf(FhirError);
      expect((err as FhirError).status).toBe(412);
      expect(JSON.parse((await store.read('Patient', id))!.content!).name[0].family).toBe('Two');
    });

    it('never loses an update when concurrent writers use If-Match', async () => {
      const id = uid();
      await store.write([{ op: 'create', resource: { ...patient(id), gender: 'unknown' } }]);
      const writers = 8;
      let succeeded = 0;
      await Promise.all(
        Array.from({ length: writers }, async (_, i) => {
          for (let attempt = 0; attempt < 50; attempt++) {
            const cur = await store.read('Patient', id);
            const body = JSON.parse(cur!.content!) as FhirResource & { id: string };
            const tags = ((body.extension as unknown[]) ?? []).concat([
              { url: `urn:writer:${i}`, valueBoolean: true },
            ]);
            try {
              await store.write([
                { op: 'update', resource: { ...body, extension: tags }, ifMatch: cur!.versionId },
              ]);
              succeeded++;
              return;
            } catch (e) {
              if (!(e instanceof FhirError) || (e.status !== 412 && e.status !== 409)) throw e;
            }
          }
        }),
      );
      expect(succeeded).toBe(writers);
      const final = JSON.parse((await store.read('Patient', id))!.content!) as { extension: unknown[] };
      expect(final.extension).toHaveLength(writers);
      expect((await store.read('Patient', id))!.versionId).toBe(writers + 1);
    });

    it('delete leaves a marker; history shows it; re-create continues the versions', async () => {
      const id = uid();
      await store.write([{ op: 'create', resource: patient(id) }]);
      const [d] = await store.write([{ op: 'delete', resourceType: 'Patient', id }]);
      expect(d).toMatchObject({ outcome: 'deleted', versionId: 2 });
      const cur = await store.read('Patient', id);
      expect(cur).toMatchObject({ deleted: true, versionId: 2 });
      expect(cur!.content).toBeUndefined();
      const [again] = await store.write([{ op: 'delete', resourceType: 'Patient', id }]);
      expect(again!.outcome).toBe('already-deleted');
      const [re] = await store.write([{ op: 'update', resource: patient(id) }]);
      expect(re).toMatchObject({ outcome: 'created', versionId: 3 });
      const h = await store.history({ resourceType: 'Patient', id, count: 10 });
      expect(h.versions.map((v) => [v.versionId, v.deleted])).toEqual([
        [3, false],
        [2, true],
        [1, false],
      ]);
      const [missing] = await store.write([{ op: 'delete', resourceType: 'Patient', id: uid() }]);
      expect(missing!.outcome).toBe('not-found');
    });

    it('a failed write batch leaves no trace', async () => {
      const a = uid();
      const b = uid();
      await store.write([{ op: 'create', resource: patient(b) }]);
      await store.write([{ op: 'update', resource: patient(b, 'Changed') }]);
      const err = await store
        .write([
          { op: 'create', resource: patient(a) },
          { op: 'update', resource: patient(b, 'Again'), ifMatch: 1 },
        ])
        .catch((e) => e);
      expect((err as FhirError).status).toBe(412);
      expect(await store.read('Patient', a)).toBeUndefined();
      expect((await store.search(searchFor('Patient', [{ kind: 'id', values: [a] }]))).total).toBe(0);
    });

    it('a transaction rolls back every call when it throws', async () => {
      const a = uid();
      await expect(
        store.transaction(async (tx) => {
          await tx.write([{ op: 'create', resource: patient(a) }]);
          expect(await tx.read('Patient', a)).toBeDefined();
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store.read('Patient', a)).toBeUndefined();
    });

    it('rejects the same resource twice in one batch', async () => {
      const id = uid();
      const err = await store
        .write([
          { op: 'update', resource: patient(id) },
          { op: 'update', resource: patient(id, 'Other') },
        ])
        .catch((e) => e);
      expect((err as FhirError).status).toBe(400);
      expect(await store.read('Patient', id)).toBeUndefined();
    });

    it('finds resources by identifier token and _id, not by old versions', async () => {
      const id = uid();
      const system = `urn:test:${uid()}`;
      await store.write([
        { op: 'create', resource: { ...patient(id), identifier: [{ system, value: 'A1' }] } },
      ]);
      const byToken = (code: string) =>
        store.search(
          searchFor('Patient', [
            {
              kind: 'index',
              param: 'identifier',
              condition: { type: 'token', mode: 'match', values: [{ system, code }] },
            },
          ]),
        );
      expect((await byToken('A1')).resources.map((r) => r.id)).toEqual([id]);
      await store.write([
        { op: 'update', resource: { ...patient(id), identifier: [{ system, value: 'B2' }] } },
      ]);
      expect((await byToken('A1')).total).toBe(0);
      expect((await byToken('B2')).total).toBe(1);
      await store.write([{ op: 'delete', resourceType: 'Patient', id }]);
      expect((await byToken('B2')).total).toBe(0);
    });

    it('places compartment resources on their patient key and moves them when the subject changes', async () => {
      const p1 = uid();
      const p2 = uid();
      const obsId = uid();
      const obs = (subject: string): FhirResource & { id: string } => ({
        resourceType: 'Observation',
        id: obsId,
        status: 'final',
        code: { text: 'x' },
        subject: { reference: `Patient/${subject}` },
      });
      await store.write([{ op: 'create', resource: obs(p1) }]);
      const key = async () =>
        (
          await opened.driver.query<{ patient_key: string }>(
            'SELECT patient_key FROM resource_id WHERE resource_type = $1 AND id = $2',
            ['Observation', obsId],
          )
        ).rows[0]?.patient_key;
      expect(await key()).toBe(p1);
      await store.write([{ op: 'update', resource: obs(p2) }]);
      expect(await key()).toBe(p2);
      expect((await store.read('Observation', obsId))!.versionId).toBe(2);
      expect((await store.vread('Observation', obsId, 1))!.versionId).toBe(1);
    });

    it('pages history with a cursor and filters by _since', async () => {
      const id = uid();
      await store.write([{ op: 'create', resource: patient(id, 'V1') }]);
      for (let v = 2; v <= 5; v++) await store.write([{ op: 'update', resource: patient(id, `V${v}`) }]);
      const first = await store.history({ resourceType: 'Patient', id, count: 2 });
      expect(first.versions.map((v) => v.versionId)).toEqual([5, 4]);
      const second = await store.history({ resourceType: 'Patient', id, count: 2, cursor: first.nextCursor });
      expect(second.versions.map((v) => v.versionId)).toEqual([3, 2]);
      const third = await store.history({ resourceType: 'Patient', id, count: 2, cursor: second.nextCursor });
      expect(third.versions.map((v) => v.versionId)).toEqual([1]);
      expect(third.nextCursor).toBeUndefined();
      const v3 = await store.vread('Patient', id, 3);
      const since = await store.history({ resourceType: 'Patient', id, count: 10, since: v3!.lastUpdated });
      expect(since.versions.every((v) => v.versionId >= 3)).toBe(true);
    });
  });
}
