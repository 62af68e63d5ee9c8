import { describe, expect, it } from 'vitest';
import { createTransactionBuilder, escapeSearchValue, identifierQuery } from './transaction-builder.js';

describe('identifierQuery', () => {
  it('escapes the search delimiters in system and value, then percent-encodes the pair', () => {
    expect(escapeSearchValue('a\\b,c|d$e')).toBe('a\\\\b\\,c\\|d\\$e');
    const q = identifierQuery({ system: 'urn:x|y', value: 'MRN 1,2$3&4+5#6' });
    expect(q).toBe(`identifier=${encodeURIComponent('urn:x\\|y|MRN 1\\,2\\$3&4+5#6')}`);
    // What the server reads back is exactly the escaped token.
    expect(new URLSearchParams(q).get('identifier')).toBe('urn:x\\|y|MRN 1\\,2\\$3&4+5#6');
  });
});

describe('createTransactionBuilder', () => {
  const key = { system: 'urn:s', value: '1' };

  it('adds the key identifier, meta.source and the conditional request of each mode', () => {
    const b = createTransactionBuilder('https://src');
    b.add('Patient', key, { resourceType: 'Patient' }, 'upsert');
    b.add('Practitioner', key, { resourceType: 'Practitioner' }, 'create-if-absent');
    const [patient, practitioner] = b.toBundle().entry!;
    expect(patient!.resource).toEqual({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:s', value: '1' }],
      meta: { source: 'https://src' },
    });
    expect(patient!.request).toEqual({ method: 'PUT', url: 'Patient?identifier=urn%3As%7C1' });
    expect(practitioner!.request).toEqual({
      method: 'POST',
      url: 'Practitioner',
      ifNoneExist: 'identifier=urn%3As%7C1',
    });
  });

  it('makes one entry of a record met twice, the message’s own version winning over a mention', () => {
    const b = createTransactionBuilder('https://src');
    const first = b.add('Patient', key, { resourceType: 'Patient' }, 'create-if-absent');
    const second = b.add('Patient', key, { resourceType: 'Patient', gender: 'female' }, 'upsert');
    const third = b.add('Patient', key, { resourceType: 'Patient' }, 'create-if-absent');
    expect(new Set([first, second, third]).size).toBe(1);
    expect(b.entries()).toHaveLength(1);
    expect(b.entries()[0]).toMatchObject({ mode: 'upsert', resource: { gender: 'female' } });
  });

  it('writes a record found in the store under its id, locked to the version read', () => {
    const b = createTransactionBuilder('https://src');
    b.add('Patient', key, { resourceType: 'Patient' }, 'upsert');
    b.entries()[0]!.existing = { id: 'abc', versionId: '4' };
    expect(b.toBundle().entry![0]!.request).toEqual({ method: 'PUT', url: 'Patient/abc', ifMatch: 'W/"4"' });
  });

  it('refers to a shared record already stored by id instead of writing it', () => {
    const b = createTransactionBuilder('https://src');
    const doctor = b.add('Practitioner', key, { resourceType: 'Practitioner' }, 'create-if-absent');
    b.add(
      'Encounter',
      key,
      { resourceType: 'Encounter', participant: [{ individual: { reference: doctor } }] },
      'upsert',
    );
    b.addWithId({ resourceType: 'Provenance', id: 'p1', target: [{ reference: doctor }] });
    b.entries()[0]!.existing = { id: 'doc1', versionId: '3' };
    const bundle = b.toBundle();
    expect(bundle.entry!.map((e) => e.resource!.resourceType)).toEqual(['Encounter', 'Provenance']);
    expect(b.written().map((e) => e.resourceType)).toEqual(['Encounter']);
    expect(JSON.stringify(bundle)).not.toContain(doctor);
    expect(bundle.entry![1]!.resource).toMatchObject({ target: [{ reference: 'Practitioner/doc1' }] });
    // The Bundle carries the planned records themselves, not copies: a retry maps and resolves afresh.
    expect(bundle.entry![0]!.resource).toBe(b.entries()[1]!.resource);
    expect(b.toBundle()).toEqual(bundle);
  });
});
