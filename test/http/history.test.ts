import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient, patient } from '../support/fhir-client.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;
beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
});
afterAll(() => t.close());

describe('history', () => {
  it('instance history lists every version newest first, with deletes, and pages with _count', async () => {
    const created = (await c.post('Patient', patient())).json();
    await c.put(`Patient/${created.id}`, { ...created, gender: 'male' });
    await c.put(`Patient/${created.id}`, { ...created, gender: 'other' });
    await c.delete(`Patient/${created.id}`);
    const h = (await c.get(`Patient/${created.id}/_history`)).json();
    expect(h.type).toBe('history');
    expect(h.total).toBe(4);
    expect(h.entry.map((e: { request: { method: string } }) => e.request.method)).toEqual([
      'DELETE',
      'PUT',
      'PUT',
      'POST',
    ]);
    expect(h.entry[0].resource).toBeUndefined();
    expect(h.entry[1].resource.gender).toBe('other');
    const page1 = (await c.get(`Patient/${created.id}/_history?_count=3`)).json();
    expect(page1.entry).toHaveLength(3);
    const next = page1.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    const page2 = (await c.get(next.slice(next.indexOf('/fhir/')))).json();
    expect(page2.entry).toHaveLength(1);
    expect(page2.entry[0].response.etag).toBe('W/"1"');
    expect(page2.link.find((l: { relation: string }) => l.relation === 'next')).toBeUndefined();
  });

  it('type and system history include new versions; _since filters', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const created = (await c.post('Patient', patient())).json();
    const type = (await c.get(`Patient/_history?_since=${before}&_count=1000`)).json();
    expect(type.entry.some((e: { resource?: { id: string } }) => e.resource?.id === created.id)).toBe(true);
    const system = (await c.get(`_history?_since=${before}&_count=1000`)).json();
    expect(system.entry.some((e: { resource?: { id: string } }) => e.resource?.id === created.id)).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await c.get(`Patient/_history?_since=${future}`)).json().total).toBe(0);
  });

  it('refuses bad history parameters and unknown resources', async () => {
    expect((await c.get('Patient/_history?_since=yesterday')).status).toBe(400);
    expect((await c.get('Patient/_history?_sort=x')).status).toBe(400);
    expect((await c.get('Patient/does-not-exist/_history')).status).toBe(404);
    expect((await c.get('Patient/_history?_cursor=1;drop')).status).toBe(400);
  });
});

describe('search basics', () => {
  it('pages with _count and next links, sorts by _lastUpdated, and counts', async () => {
    const system = `urn:test:${globalThis.crypto.randomUUID()}`;
    for (let i = 0; i < 5; i++)
      await c.post('Patient', { ...patient(), identifier: [{ system, value: String(i) }] });
    const first = (
      await c.get(`Patient?identifier=${system}|&_count=2&_sort=-_lastUpdated&_total=accurate`)
    ).json();
    expect(first.total).toBe(5);
    expect(first.entry).toHaveLength(2);
    expect(first.entry[0].search.mode).toBe('match');
    const times = first.entry.map(
      (e: { resource: { meta: { lastUpdated: string } } }) => e.resource.meta.lastUpdated,
    );
    expect(times[0] >= times[1]).toBe(true);
    let url: string | undefined = first.link.find((l: { relation: string }) => l.relation === 'next')?.url;
    let seen = 2;
    while (url) {
      const page = (await c.get(url.slice(url.indexOf('/fhir/')))).json();
      seen += page.entry.length;
      url = page.link.find((l: { relation: string }) => l.relation === 'next')?.url;
    }
    expect(seen).toBe(5);
    const count = (await c.get(`Patient?identifier=${system}|&_summary=count`)).json();
    expect(count.total).toBe(5);
    expect(count.entry).toHaveLength(0);
    expect(
      (
        await c.post('Patient/_search', `identifier=${encodeURIComponent(system + '|3')}`, {
          'content-type': 'application/x-www-form-urlencoded',
        })
      ).json().total,
    ).toBe(1);
  });
});

describe('metadata', () => {
  it('serves a truthful CapabilityStatement', async () => {
    const r = await c.get('metadata');
    expect(r.status).toBe(200);
    const cs = r.json();
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.fhirVersion).toBe('4.0.1');
    const rest = cs.rest[0];
    expect(rest.interaction.map((i: { code: string }) => i.code).sort()).toEqual([
      'batch',
      'history-system',
      'transaction',
    ]);
    const pat = rest.resource.find((x: { type: string }) => x.type === 'Patient');
    const names = pat.searchParam.map((p: { name: string }) => p.name);
    for (const n of [
      '_id',
      '_lastUpdated',
      'identifier',
      'name',
      'birthdate',
      'general-practitioner',
      '_tag',
    ]) {
      expect(names).toContain(n);
    }
    expect(rest.resource.length).toBeGreaterThan(140);
    // Every search parameter it lists must be accepted by search.
    const sample: Record<string, string> = {
      date: 'ge2020-01-01',
      number: '5',
      quantity: '5',
      reference: 'x',
    };
    for (const p of pat.searchParam) {
      const r = await c.get(`Patient?${p.name}=${sample[p.type] ?? 'x'}`);
      expect(r.status, p.name).toBe(200);
    }
  });
});
