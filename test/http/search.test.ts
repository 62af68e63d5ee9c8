import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app.js';
import type { TestApp } from '../support/test-app.js';
import { fhirClient } from '../support/fhir-client.js';
import { HBA1C_VS, LOINC, NHS, UCUM, searchFixtures } from './search-fixtures.js';

let t: TestApp;
let c: ReturnType<typeof fhirClient>;

interface Entry {
  resource: { resourceType: string; id: string; [k: string]: unknown };
  search: { mode: string };
}

beforeAll(async () => {
  t = await createTestApp();
  c = fhirClient(t.app);
  const r = await c.post('', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: searchFixtures().map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    })),
  });
  expect(r.status, r.body).toBe(200);
});
afterAll(() => t.close());

async function search(query: string) {
  const r = await c.get(query);
  expect(r.status, `${query}: ${r.body.slice(0, 300)}`).toBe(200);
  return r.json() as { total?: number; entry: Entry[]; link: { relation: string; url: string }[] };
}

/** The ids of the matches, sorted, or in result order with `ordered`. */
async function ids(query: string, ordered = false): Promise<string[]> {
  const b = await search(query);
  const out = b.entry.filter((e) => e.search.mode === 'match').map((e) => e.resource.id);
  return ordered ? out : out.sort();
}

describe('string', () => {
  it('matches case- and accent-insensitive prefixes by default', async () => {
    expect(await ids('Patient?name=smi')).toEqual(['p2', 'p3']);
    expect(await ids('Patient?family=aberg')).toEqual(['p1']);
    expect(await ids('Patient?given=ZOE')).toEqual(['p1']);
    expect(await ids('Patient?given=paul')).toEqual(['p2']);
    expect(await ids('Patient?address-city=leeds')).toEqual(['p1']);
    expect(await ids('Patient?name=nobody')).toEqual([]);
  });
  it(':exact and :contains', async () => {
    expect(await ids('Patient?family:exact=Smith')).toEqual(['p2']);
    expect(await ids('Patient?family:exact=smith')).toEqual([]);
    expect(await ids('Patient?family:contains=ith')).toEqual(['p2', 'p3']);
    expect(await ids('Patient?family:contains=berg')).toEqual(['p1']);
  });
  it('ORs commas and ANDs repeats, with escaped commas', async () => {
    expect(await ids('Patient?family=aberg,smithson')).toEqual(['p1', 'p3']);
    expect(await ids('Patient?family=smith&given=anne')).toEqual(['p3']);
    expect(await ids(`Patient?family=${encodeURIComponent('a\\,b')}`)).toEqual([]);
  });
});

describe('token', () => {
  it('system|code, code, |code and system|', async () => {
    expect(await ids(`Patient?identifier=${NHS}|9000000009`)).toEqual(['p1']);
    expect(await ids('Patient?identifier=9000000009')).toEqual(['p1']);
    expect(await ids('Patient?identifier=|9000000009')).toEqual([]);
    expect(await ids(`Patient?identifier=${NHS}|`)).toEqual(['p1', 'p2']);
    expect(await ids(`Observation?code=${LOINC}|4548-4`)).toEqual(['o1', 'o2']);
    expect(await ids('Observation?code=http://snomed.info/sct|4548-4')).toEqual([]);
    expect(await ids('Patient?gender=female')).toEqual(['p1', 'p3']);
    expect(await ids('Patient?active=true')).toEqual(['p1']);
    expect(await ids(`Patient?telecom=${encodeURIComponent('0113 123 4567')}`)).toEqual(['p1']);
  });
  it(':not, :text, :of-type', async () => {
    expect(await ids('Patient?gender:not=female')).toEqual(['p2']);
    expect(await ids('Observation?code:text=hemoglobin')).toEqual(['o1', 'o2']);
    expect(await ids('Observation?code:text=weight')).toEqual(['o4']);
    expect(
      await ids('Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|MRN-77'),
    ).toEqual(['p2']);
    expect(
      await ids('Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|MRN-78'),
    ).toEqual([]);
  });
  it(':in and :not-in with a value set the server holds', async () => {
    expect(await ids(`Observation?code:in=${HBA1C_VS}`)).toEqual(['o1', 'o2']);
    expect(await ids(`Observation?code:not-in=${HBA1C_VS}`)).toEqual(['o3', 'o4']);
    expect((await c.get('Observation?code:in=https://unknown.example/vs')).status).toBe(400);
  });
  it('_tag, _id', async () => {
    expect(await ids('Patient?_tag=urn:test:tags|vip')).toEqual(['p3']);
    expect(await ids('Patient?_id=p1,p3')).toEqual(['p1', 'p3']);
  });
});

describe('date', () => {
  it('matches the range a value covers at its precision', async () => {
    expect(await ids('Patient?birthdate=1980')).toEqual(['p1']);
    expect(await ids('Patient?birthdate=1980-03-15')).toEqual(['p1']);
    expect(await ids('Patient?birthdate=1980-03-16')).toEqual([]);
    expect(await ids('Patient?birthdate=2001')).toEqual(['p3']);
    expect(await ids('Patient?birthdate=2001-06')).toEqual([]);
  });
  it('every prefix', async () => {
    expect(await ids('Patient?birthdate=lt1960')).toEqual(['p2']);
    expect(await ids('Patient?birthdate=gt1990')).toEqual(['p3']);
    expect(await ids('Patient?birthdate=ge1980-03-15')).toEqual(['p1', 'p3']);
    expect(await ids('Patient?birthdate=le1980-03-15')).toEqual(['p1', 'p2']);
    expect(await ids('Patient?birthdate=ne1980')).toEqual(['p2', 'p3']);
    expect(await ids('Patient?birthdate=sa1990')).toEqual(['p3']);
    expect(await ids('Patient?birthdate=eb1960')).toEqual(['p2']);
    // ap widens by 10% of the gap to now (about 100 days here).
    expect(await ids('Observation?date=ap2024-02-11')).toEqual(['o1', 'o3', 'o4']);
  });
  it('dateTimes, periods and AND ranges', async () => {
    expect(await ids('Observation?date=2024-02')).toEqual(['o1']);
    expect(await ids('Observation?date=2024-03')).toEqual(['o3']);
    expect(await ids('Observation?date=gt2024-06')).toEqual(['o2']);
    expect(await ids('Observation?date=ge2024-01-01&date=lt2024-04-01')).toEqual(['o1', 'o3']);
    expect(await ids('Encounter?date=2024-02-10')).toEqual(['e1']);
    expect(await ids(`Observation?date=${encodeURIComponent('2024-02-10T09:30:00+00:00')}`)).toEqual(['o1']);
  });
});

describe('number and quantity', () => {
  it('number with its precision and prefixes', async () => {
    expect(await ids('RiskAssessment?probability=0.25')).toEqual(['r1']);
    expect(await ids('RiskAssessment?probability=0.4')).toEqual([]);
    // 0.3 stands for [0.25, 0.35): the spec's implicit precision includes 0.25.
    expect(await ids('RiskAssessment?probability=0.3')).toEqual(['r1']);
    expect(await ids('RiskAssessment?probability=gt0.2')).toEqual(['r1']);
    expect(await ids('RiskAssessment?probability=lt0.2')).toEqual([]);
  });
  it('quantity with units and prefixes', async () => {
    expect(await ids('Observation?value-quantity=48')).toEqual(['o1']);
    expect(await ids(`Observation?value-quantity=gt50|${UCUM}|mmol/mol`)).toEqual(['o2']);
    expect(await ids(`Observation?value-quantity=gt50|${UCUM}|mg`)).toEqual([]);
    expect(await ids('Observation?value-quantity=82.5||kg')).toEqual(['o4']);
    expect(await ids('Observation?value-quantity=lt50')).toEqual(['o1']);
    expect(await ids('Observation?value-quantity=ap50')).toEqual(['o1', 'o2']);
  });
});

describe('composite', () => {
  it('matches components of the same element', async () => {
    expect(await ids(`Observation?component-code-value-quantity=${LOINC}|8480-6$gt130`)).toEqual(['o3']);
    expect(await ids(`Observation?component-code-value-quantity=${LOINC}|8480-6$lt130`)).toEqual([]);
    expect(await ids(`Observation?component-code-value-quantity=${LOINC}|8462-4$140`)).toEqual([]);
    expect(await ids(`Observation?code-value-quantity=${LOINC}|4548-4$gt50`)).toEqual(['o2']);
  });
});

describe('reference', () => {
  it('Type/id, id, :Type and :identifier', async () => {
    expect(await ids('Observation?subject=Patient/p1')).toEqual(['o1', 'o2']);
    expect(await ids('Observation?subject=p1')).toEqual(['o1', 'o2']);
    expect(await ids('Observation?subject:Patient=p2')).toEqual(['o3', 'o4']);
    expect(await ids('Observation?patient=Patient/p2')).toEqual(['o3', 'o4']);
    expect(await ids('Patient?general-practitioner=Organization/org2')).toEqual(['p1', 'p2']);
    expect(await ids(`Observation?subject:identifier=${NHS}|9000000017`)).toEqual(['o4']);
    expect(await ids('Observation?subject=http://heartwood.test/fhir/Patient/p1')).toEqual(['o1', 'o2']);
  });
  it('chains of one and two levels', async () => {
    expect(await ids('Observation?subject:Patient.name=aberg')).toEqual(['o1', 'o2']);
    expect(await ids('Observation?subject:Patient.birthdate=lt1960')).toEqual(['o3', 'o4']);
    expect(await ids('Observation?patient.general-practitioner.name=northgate')).toEqual([
      'o1',
      'o2',
      'o3',
      'o4',
    ]);
    expect(await ids('Observation?patient.general-practitioner.name=leeds')).toEqual([]);
    expect(await ids('Encounter?service-provider.name=leeds')).toEqual(['e1']);
  });
  it('reverse chains with _has, nested', async () => {
    expect(await ids('Patient?_has:Observation:patient:code=4548-4')).toEqual(['p1']);
    expect(await ids('Patient?_has:Observation:patient:code=85354-9')).toEqual(['p2']);
    expect(await ids('Patient?_has:Observation:subject:_has:List:item:_id=l1')).toEqual(['p1']);
  });
});

describe('uri, missing, text, list', () => {
  it('uri exact, :below and :above', async () => {
    expect(await ids('Questionnaire?url=http://example.org/Questionnaire/phq9')).toEqual(['q1']);
    expect(await ids('Questionnaire?url:below=http://example.org/')).toEqual(['q1']);
    expect(await ids('Questionnaire?url:above=http://example.org/Questionnaire/phq9/v2')).toEqual(['q1']);
    expect(await ids('Questionnaire?url=http://example.org/')).toEqual([]);
  });
  it(':missing', async () => {
    expect(await ids('Patient?general-practitioner:missing=true')).toEqual(['p3']);
    expect(await ids('Patient?general-practitioner:missing=false')).toEqual(['p1', 'p2']);
  });
  it('_text, _content and _list', async () => {
    expect(await ids('Patient?_text=leeds')).toEqual(['p1']);
    expect(await ids('Practitioner?_content=okafor')).toEqual(['pr1']);
    expect(await ids('Observation?_list=l1')).toEqual(['o1']);
  });
});

describe('results', () => {
  it('sorts by one or more keys, either way', async () => {
    expect(await ids('Patient?_sort=birthdate', true)).toEqual(['p2', 'p1', 'p3']);
    expect(await ids('Patient?_sort=-birthdate', true)).toEqual(['p3', 'p1', 'p2']);
    expect(await ids('Patient?_sort=family', true)).toEqual(['p1', 'p2', 'p3']);
    expect(await ids('Patient?_sort=gender,-birthdate', true)).toEqual(['p3', 'p1', 'p2']);
    expect(await ids('Observation?_sort=-date', true)).toEqual(['o2', 'o3', 'o1', 'o4']);
  });

  it('pages with next and previous links that survive concurrent writes', async () => {
    const seen: string[] = [];
    let b = await search('Observation?_sort=date&_count=1&_total=accurate');
    expect(b.total).toBe(4);
    for (;;) {
      seen.push(...b.entry.map((e) => e.resource.id));
      if (seen.length === 1) {
        // A write between pages must not shift what the next pages hold.
        await c.put('Observation/o0', { ...searchFixtures()[6], id: 'o0', effectiveDateTime: '2000-01-01' });
      }
      const next = b.link.find((l) => l.relation === 'next');
      if (!next) break;
      b = await search(next.url.slice(next.url.indexOf('/fhir/')));
    }
    expect(seen).toEqual(['o4', 'o1', 'o3', 'o2']);
    const prev = b.link.find((l) => l.relation === 'previous')!;
    const back = await search(prev.url.slice(prev.url.indexOf('/fhir/')));
    expect(back.entry.map((e) => e.resource.id)).toEqual(['o3']);
    await c.delete('Observation/o0');
  });

  it('pages a one-code search in write order, straight from the token index, both ways', async () => {
    const first = await search(`Observation?code=${LOINC}|4548-4&status=final&_count=1`);
    expect(first.entry.map((e) => e.resource.id)).toEqual(['o1']);
    const nextUrl = first.link.find((l) => l.relation === 'next')!.url;
    const second = await search(nextUrl.slice(nextUrl.indexOf('/fhir/')));
    expect(second.entry.map((e) => e.resource.id)).toEqual(['o2']);
    expect(second.link.find((l) => l.relation === 'next')).toBeUndefined();
    const prevUrl = second.link.find((l) => l.relation === 'previous')!.url;
    const back = await search(prevUrl.slice(prevUrl.indexOf('/fhir/')));
    expect(back.entry.map((e) => e.resource.id)).toEqual(['o1']);
    expect(await ids(`Observation?code=${LOINC}|4548-4&value-quantity=gt50`)).toEqual(['o2']);
    expect(await ids('Observation?code=4548-4&status=preliminary')).toEqual([]);
  });

  it('_total, _summary=count, _summary=true|text|data and _elements', async () => {
    // Without _total, a total comes only when it is free: the first page holds every match.
    expect((await search('Patient?gender=female')).total).toBe(2);
    expect((await search('Patient?gender=female&_count=1')).total).toBeUndefined();
    expect((await search('Patient?gender=female&_count=1&_total=accurate')).total).toBe(2);
    expect((await search('Patient?_total=none')).total).toBeUndefined();
    expect(typeof (await search('Patient?_total=estimate')).total).toBe('number');
    const count = await search('Patient?gender=female&_summary=count');
    expect(count.total).toBe(2);
    expect(count.entry).toHaveLength(0);
    const summary = (await search('Patient?_id=p1&_summary=true')).entry[0]!.resource;
    expect(summary.name).toBeDefined();
    expect(summary.generalPractitioner).toBeUndefined();
    expect(summary.text).toBeUndefined();
    expect(JSON.stringify(summary.meta)).toContain('SUBSETTED');
    const text = (await search('Patient?_id=p1&_summary=text')).entry[0]!.resource;
    expect(text.text).toBeDefined();
    expect(text.name).toBeUndefined();
    const data = (await search('Patient?_id=p1&_summary=data')).entry[0]!.resource;
    expect(data.text).toBeUndefined();
    expect(data.generalPractitioner).toBeDefined();
    const elements = (await search('Patient?_id=p1&_elements=birthDate')).entry[0]!.resource;
    expect(Object.keys(elements).sort()).toEqual(['birthDate', 'id', 'meta', 'resourceType']);
  });

  it('_include, _revinclude, :iterate and *', async () => {
    const modes = async (q: string) =>
      (await search(q)).entry
        .map((e) => `${e.search.mode}:${e.resource.resourceType}/${e.resource.id}`)
        .sort();
    expect(await modes('Observation?_id=o1&_include=Observation:subject')).toEqual([
      'include:Patient/p1',
      'match:Observation/o1',
    ]);
    expect(await modes('Observation?_id=o1&_include=Observation:performer:Practitioner')).toEqual([
      'include:Practitioner/pr1',
      'match:Observation/o1',
    ]);
    expect(await modes('Observation?_id=o1&_include=*')).toEqual([
      'include:Patient/p1',
      'include:Practitioner/pr1',
      'match:Observation/o1',
    ]);
    expect(await modes('Patient?_id=p1&_revinclude=Observation:subject')).toEqual([
      'include:Observation/o1',
      'include:Observation/o2',
      'match:Patient/p1',
    ]);
    expect(
      await modes(
        'Observation?_id=o1&_include=Observation:subject&_include:iterate=Patient:general-practitioner',
      ),
    ).toEqual(['include:Organization/org2', 'include:Patient/p1', 'match:Observation/o1']);
  });
});

describe('where searches can be made', () => {
  it('POST _search with a form body', async () => {
    const r = await c.post('Patient/_search', 'family=smith&gender=male', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(r.json().entry.map((e: Entry) => e.resource.id)).toEqual(['p2']);
  });
  it('system search with _type', async () => {
    expect(await ids('?_type=Patient,Practitioner&_id=p1,pr1')).toEqual(['p1', 'pr1']);
    expect((await c.get('?_type=Patient,Observation&gender=male')).status).toBe(400);
    expect((await c.get('?_id=p1')).status).toBe(400);
  });
  it('compartment search', async () => {
    expect(await ids('Patient/p1/Observation')).toEqual(['o1', 'o2']);
    expect(await ids('Patient/p1/Observation?date=2024-08')).toEqual(['o2']);
    expect(await ids('Patient/p1/Encounter')).toEqual(['e1']);
    expect(await ids('Patient/p2/Condition')).toEqual([]);
    expect((await c.get('Patient/p1/Organization')).status).toBe(400);
  });
});

describe('clear errors', () => {
  it('names the parameter that is unknown, misused or malformed', async () => {
    for (const q of [
      'Patient?nonsense=1',
      'Patient?name:foo=x',
      'Patient?birthdate:exact=1980',
      'Patient?birthdate=1980-02-30',
      'Observation?value-quantity=abc',
      'Patient?gender.name=x',
      'Observation?subject:Device.name=x',
      'Patient?_sort=nonsense',
      'Patient?_include=Observation:subject',
      'Observation?component-code-value-quantity=onlyone',
      'Patient?_has:Observation:code:code=x',
      'Patient?identifier=a|b|c',
    ]) {
      const r = await c.get(q);
      expect(r.status, q).toBe(400);
      expect(r.json().resourceType).toBe('OperationOutcome');
    }
  });
  it('lenient handling ignores them and the self link shows what was applied', async () => {
    const r = await c.get('Patient?gender=male&nonsense=1', { prefer: 'handling=lenient' });
    expect(r.status).toBe(200);
    const b = r.json();
    expect(b.entry.filter((e: Entry) => e.search.mode === 'match').map((e: Entry) => e.resource.id)).toEqual([
      'p2',
    ]);
    expect(b.link[0].url).toBe('http://heartwood.test/fhir/Patient?gender=male');
  });
  it('never lets search input reach SQL as text, whatever the parameter type', async () => {
    const evil = ["x' OR '1'='1", '1); DROP TABLE resource; --', "%' OR 1=1 --", '_%\\'];
    for (const v of evil) {
      for (const p of ['name', 'identifier', 'general-practitioner:identifier', '_text', 'address-city']) {
        const r = await c.get(`Patient?${p}=${encodeURIComponent(v)}`);
        expect([200, 400], `${p}=${v}`).toContain(r.status);
        if (r.status === 200) expect(r.json().total, `${p}=${v}`).toBe(0);
      }
      for (const p of ['birthdate', 'probability', 'general-practitioner']) {
        expect((await c.get(`Patient?${p}=${encodeURIComponent(v)}`)).status).toBe(400);
      }
    }
    expect(await ids('Patient?family=smith')).toEqual(['p2', 'p3']);
  });
});
