import { describe, expect, it } from 'vitest';
import type { BundleEntry } from '../../fhir/index.js';
import { fixture, mapText } from './test-mapping.js';
import type { Json } from './test-mapping.js';
import { hl7 } from './test-fixtures.js';

describe('ADT^A40 (merge)', () => {
  it('links each surviving patient to the merged one, which is retired but kept', () => {
    const { all, target } = mapText(fixture('adt-a40.hl7'));
    const patients = all('Patient');
    expect(patients.map((p) => [p.resource.identifier[0].value, p.resource.active])).toEqual([
      ['12345', true],
      ['56789', false],
      ['145', true],
      ['569', false],
    ]);
    const [survivor, merged] = patients as [
      BundleEntry & { resource: Json },
      BundleEntry & { resource: Json },
    ];
    expect(survivor.resource.link).toEqual([{ other: { reference: merged.fullUrl }, type: 'replaces' }]);
    expect(merged.resource.link).toEqual([{ other: { reference: survivor.fullUrl }, type: 'replaced-by' }]);
    expect(target(merged.resource.link[0].other.reference).name[0]).toEqual({
      family: 'Test',
      given: ['Test', 'A'],
    });
    expect(merged.request!.url).toBe(
      'Patient?identifier=https%3A%2F%2Fheartwood.nhs.example%2Fhl7v2%2Fid%2FBCBS%7C56789',
    );
  });

  it('refuses a merge of a record into itself', () => {
    const text = hl7('MSH|^~\\&|PAS|RXH|||20240101||ADT^A40|M1|P|2.5', 'PID|1||1^^^RXH^MR', 'MRG|1^^^RXH^MR');
    expect(() => mapText(text)).toThrow(/names the surviving patient itself/);
  });
});
