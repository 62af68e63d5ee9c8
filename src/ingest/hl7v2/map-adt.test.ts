import { describe, expect, it } from 'vitest';
import { Hl7MappingError } from './mapping-error.js';
import { fixture, mapText } from './test-mapping.js';
import type { Json } from './test-mapping.js';
import { hl7 } from './test-fixtures.js';

const SOURCE = 'https://heartwood.nhs.example/source/hl7v2/GHHSFacility/ADTApp';

describe('ADT^A01 (admit)', () => {
  it('maps PID to a Patient keyed on its medical record number, upserted', () => {
    const { one } = mapText(fixture('adt-a01.hl7'));
    const patient = one('Patient');
    expect(patient.request).toEqual({
      method: 'PUT',
      url: 'Patient?identifier=https%3A%2F%2Fheartwood.nhs.example%2Fhl7v2%2Fid%2Ftest1%7CPATID1234',
    });
    const p = patient.resource;
    expect(p.meta).toEqual({ source: SOURCE });
    expect(p.identifier[0]).toEqual({
      system: 'https://heartwood.nhs.example/hl7v2/id/test1',
      value: 'PATID1234',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
    });
    expect(p.identifier.map((i: Json) => i.value)).toEqual(['PATID1234', '123456789', '1234567', 'PATID567']);
    expect(p.name[0]).toEqual({
      use: 'usual',
      family: 'EVERYMAN',
      given: ['ADAM', 'A'],
      prefix: ['Dr.'],
      suffix: ['III', 'MD'],
      period: { start: '1924-10-12' },
    });
    expect(p.gender).toBe('male');
    expect(p.birthDate).toBe('1988-08-18');
    expect(p.address[0]).toMatchObject({
      line: ['1000 Hospital Lane', 'Ste. 123'],
      city: 'Ann Arbor',
      state: 'MI',
      postalCode: '99999',
      country: 'USA',
    });
    expect(p.maritalStatus.coding[0]).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
      code: 'M',
    });
    expect(p.telecom).toContainEqual({ system: 'phone', value: '12121212', use: 'mobile' });
    expect(p.deceasedDateTime).toBe('2008-08-25T11:16:30+01:15');
    expect(p.active).toBe(true);
  });

  it('maps PV1 to an in-progress Encounter keyed on the visit number, with its people and places', () => {
    const { one, all, target } = mapText(fixture('adt-a01.hl7'));
    const encounter = one('Encounter');
    expect(encounter.request!.url).toBe(
      'Encounter?identifier=https%3A%2F%2Fheartwood.nhs.example%2Fhl7v2%2Fid%2FAccMng%7C40007716',
    );
    const e = encounter.resource;
    expect(e.status).toBe('in-progress');
    expect(e.class).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'PRENC',
      display: 'pre-admission',
    });
    expect(e.subject.reference).toBe(one('Patient').fullUrl);
    expect(e.period).toEqual({ start: '2015-02-08T11:34:19+01:10' });
    const attender = e.participant.find((p: Json) => p.type[0].coding[0].code === 'ATND');
    expect(attender.individual.display).toBe('Dr. Mohammed Mahi Alaz');
    expect(target(attender.individual.reference)).toMatchObject({
      resourceType: 'Practitioner',
      identifier: [{ system: 'https://heartwood.nhs.example/hl7v2/id/PERSONNELt', value: '1122334' }],
      name: [{ family: 'Alaz', given: ['Mohammed', 'Mahi'] }],
    });
    expect(e.location[0].status).toBe('active');
    expect(target(e.location[0].location.reference)).toMatchObject({
      resourceType: 'Location',
      name: 'HUH AE OMU, OMU B, Bed 03',
      physicalType: { coding: [{ code: 'bd' }] },
    });
    // The prior location of PV1-6 holds commas: its conditional create escapes them for search.
    const prior = e.location[1];
    expect(prior.status).toBe('completed');
    const priorEntry = all('Location').find((l) => l.fullUrl === prior.location.reference)!;
    expect(decodeURIComponent(priorEntry.request!.ifNoneExist!)).toBe(
      'identifier=https://heartwood.nhs.example/hl7v2/location/CommunityHospital|4 East\\, room 136\\, bed B 4E^136^B',
    );
  });

  it('names the sending facility and application, and records a Provenance for the message', () => {
    const { all, one, target, entries } = mapText(fixture('adt-a01.hl7'));
    const org = all('Organization')[0]!;
    expect(org.request).toEqual({
      method: 'POST',
      url: 'Organization',
      ifNoneExist: 'identifier=urn%3Aietf%3Arfc%3A3986%7Curn%3Aoid%3A2.16.840.1.122848.1.30',
    });
    expect(org.resource).toMatchObject({ name: 'GHHSFacility' });
    const provenance = one('Provenance');
    const pr = provenance.resource;
    expect(provenance.request).toEqual({ method: 'PUT', url: `Provenance/${pr.id}` });
    expect(pr.id).toMatch(/^[0-9a-f]{64}$/);
    expect(pr.recorded).toBe('1989-08-18T11:26:00+02:15');
    expect(pr.activity.coding[0]).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0003',
      code: 'A01',
    });
    expect(target(pr.agent[0].who.reference)).toMatchObject({
      resourceType: 'Device',
      deviceName: [{ name: 'ADTApp', type: 'user-friendly-name' }],
    });
    expect(pr.agent[0].onBehalfOf.reference).toBe(org.fullUrl);
    expect(pr.entity[0].what.identifier.value).toBe('MSG00001');
    const targets = pr.target.map((t: Json) => t.reference);
    expect(targets).toContain(one('Patient').fullUrl);
    expect(targets).toContain(one('Encounter').fullUrl);
    for (const e of entries) expect(e.resource.meta?.source).toBe(SOURCE);
  });

  it('maps an NHS number to the national system and keys the record on the local number', () => {
    const { one } = mapText(
      hl7(
        'MSH|^~\\&|PAS|RXH^1.2.3^ISO|HEARTWOOD|NHS|20240715093000||ADT^A01^ADT_A01|A1|P|2.5.1',
        'PID|1||9434765919^^^NHS^NH~K123456^^^RXH^MR||SMITH^JANE^ANN^^MRS^^L||19800229|F|||1 HIGH ST^FLAT 2^LEEDS^^LS1 1AA^GBR^H||07700 900123^PRN^CP',
        'PD1|||HEATON SURGERY^^B82001^^^ODS|G1234567^JONES^ALAN^^^DR^^^GMC',
        'PV1|1|I|WARD 4^BAY 2^BED 1^RXH||||C123^BROWN^SUE^^^DR^^^RXH||||||||||||V9876^^^RXH^VN|||||||||||||||||||||||||20240715091500',
        'AL1|1|DA|372687004^Amoxicillin^SCT|SV|Anaphylaxis|20200101',
        'DG1|1||J18.9^Pneumonia, unspecified^I10||20240715|A',
      ),
    );
    const p = one('Patient');
    expect(p.request!.url).toBe(
      'Patient?identifier=https%3A%2F%2Fheartwood.nhs.example%2Fhl7v2%2Fid%2FRXH%7CK123456',
    );
    expect(p.resource.identifier[0]).toEqual({
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9434765919',
      use: 'official',
    });
    expect(p.resource.name[0]).toEqual({
      use: 'official',
      family: 'SMITH',
      given: ['JANE', 'ANN'],
      prefix: ['MRS'],
    });
    expect(p.resource.birthDate).toBe('1980-02-29');
    expect(p.resource.address[0]).toEqual({
      use: 'home',
      line: ['1 HIGH ST', 'FLAT 2'],
      city: 'LEEDS',
      postalCode: 'LS1 1AA',
      country: 'GBR',
    });
    expect(p.resource.telecom).toEqual([{ system: 'phone', value: '07700 900123', use: 'mobile' }]);
    expect(p.resource.generalPractitioner.map((g: Json) => g.display)).toEqual([
      'HEATON SURGERY',
      'DR ALAN JONES',
    ]);

    const e = one('Encounter').resource;
    expect(e.identifier).toEqual([
      {
        system: 'https://heartwood.nhs.example/hl7v2/id/RXH',
        value: 'V9876',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'VN' }] },
      },
    ]);
    expect(e.class.code).toBe('IMP');
    // No offset in the message: read as UK time, which is BST in July.
    expect(e.period).toEqual({ start: '2024-07-15T09:15:00+01:00' });

    const allergy = one('AllergyIntolerance').resource;
    expect(allergy).toMatchObject({
      code: { coding: [{ system: 'http://snomed.info/sct', code: '372687004', display: 'Amoxicillin' }] },
      category: ['medication'],
      reaction: [{ manifestation: [{ text: 'Anaphylaxis' }], severity: 'severe' }],
      onsetDateTime: '2020-01-01',
      patient: { reference: p.fullUrl },
    });
    expect(allergy.identifier[0].system).toBe('https://heartwood.nhs.example/hl7v2/key/allergy-intolerance');

    const condition = one('Condition').resource;
    expect(condition).toMatchObject({
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'J18.9' }] },
      verificationStatus: { coding: [{ code: 'provisional' }] },
      encounter: { reference: one('Encounter').fullUrl },
      recordedDate: '2024-07-15',
    });
  });

  it('keeps an NHS number that fails its check digit as a local identifier, with a warning', () => {
    const { one, ctx } = mapText(
      hl7('MSH|^~\\&|PAS|RXH|||20240101||ADT^A28|A2|P|2.4', 'PID|1||9434765918^^^NHS^NH~77^^^RXH^MR||X^Y'),
    );
    const ids = one('Patient').resource.identifier.map((i: Json) => i.system);
    expect(ids).not.toContain('https://fhir.nhs.uk/Id/nhs-number');
    expect(ctx.warnings.join()).toMatch(/fails the NHS number check/);
  });

  it('fails with a located mapping error when PID holds no identifier', () => {
    const text = hl7('MSH|^~\\&|PAS|RXH|||20240101||ADT^A01|A3|P|2.4', 'PID|1||||SMITH^JO');
    expect(() => mapText(text)).toThrow(Hl7MappingError);
    try {
      mapText(text);
    } catch (e) {
      expect((e as Hl7MappingError).location).toEqual({ segment: 'PID', sequence: 2, field: 3 });
    }
  });
});

describe('ADT^A08 (update patient information) and the status of visits by trigger', () => {
  it('updates the same Patient and Encounter as the A01 (same conditional URLs)', () => {
    const a01 = mapText(fixture('adt-a01.hl7'));
    const a08 = mapText(fixture('adt-a08.hl7'));
    for (const type of ['Patient', 'Encounter']) {
      expect(a08.one(type).request).toEqual(a01.one(type).request);
    }
    // An A08 does not say what happened to the visit: the admit time without a discharge means ongoing.
    expect(a08.one('Encounter').resource.status).toBe('in-progress');
    expect(a08.one('Provenance').resource.activity.coding[0].code).toBe('A08');
    expect(a08.one('Provenance').resource.id).not.toBe(a01.one('Provenance').resource.id);
  });

  it.each([
    ['A03', '20240102', 'finished', { start: '2024-01-01T10:00:00+00:00', end: '2024-01-02' }],
    ['A11', '', 'cancelled', { start: '2024-01-01T10:00:00+00:00' }],
    ['A13', '20240102', 'in-progress', { start: '2024-01-01T10:00:00+00:00' }],
    ['A05', '', 'planned', { start: '2024-01-01T10:00:00+00:00' }],
    ['A08', '20240102', 'finished', { start: '2024-01-01T10:00:00+00:00', end: '2024-01-02' }],
  ])('%s gives the visit status %s', (trigger, discharge, status, period) => {
    const { one } = mapText(
      hl7(
        `MSH|^~\\&|PAS|RXH|||20240101||ADT^${trigger}|T-${trigger}|P|2.5`,
        'PID|1||1^^^RXH^MR',
        `PV1|1|I|W1||||||||||||||||V1^^^RXH^VN|||||||||||||||||||||||||202401011000|${discharge}`,
      ),
    );
    expect(one('Encounter').resource.status).toBe(status);
    expect(one('Encounter').resource.period).toEqual(period);
  });
});
