import { describe, expect, it } from 'vitest';
import { fixture, mapText } from './test-mapping.js';
import { hl7 } from './test-fixtures.js';

describe('ORU^R01 (results)', () => {
  it('maps OBR to a DiagnosticReport and OBX to Observations, creating the patient only if absent', () => {
    const { one, all, target } = mapText(fixture('oru-r01-glucose.hl7'));
    const patient = one('Patient');
    expect(patient.request).toMatchObject({ method: 'POST', url: 'Patient' });
    expect(patient.request!.ifNoneExist).toBe(
      'identifier=https%3A%2F%2Fheartwood.nhs.example%2Fhl7v2%2Flocal-id%2FELAB-3%7C555-44-4444',
    );
    const report = one('DiagnosticReport');
    expect(report.request!.method).toBe('PUT');
    expect(report.resource).toMatchObject({
      status: 'final',
      code: { coding: [{ code: '15545', display: 'GLUCOSE' }] },
      effectiveDateTime: '2002-02-15T07:30:00+06:00',
      subject: { reference: patient.fullUrl },
    });
    expect(report.resource.identifier).toEqual([
      {
        system: 'https://heartwood.nhs.example/hl7v2/id/GHH%20LAB',
        value: '1045813',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'FILL' }] },
      },
      {
        system: 'https://heartwood.nhs.example/hl7v2/id/GHH%20OE',
        value: '845439',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PLAC' }] },
      },
    ]);
    const observation = target(report.resource.result[0].reference);
    expect(observation).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ code: '1554-5', display: 'GLUCOSE' }] },
      valueQuantity: { value: 182, unit: 'mg/dl' },
      interpretation: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' },
          ],
        },
      ],
      referenceRange: [
        { low: { value: 70, unit: 'mg/dl' }, high: { value: 105, unit: 'mg/dl' }, text: '70_105' },
      ],
      effectiveDateTime: '2002-02-15T07:30:00+06:00',
    });
    expect(all('Observation')).toHaveLength(1);
  });

  it('maps each value type: NM with UCUM units, CWE, TX, SN ratios, notes and statuses', () => {
    const { all, one } = mapText(
      hl7(
        'MSH|^~\\&|LIMS|RXH|||20240301101500+0000||ORU^R01^ORU_R01|R1|P|2.5.1',
        'PID|1||K1^^^RXH^MR||DOE^JO',
        'OBR|1|P1^ICE|F1^LIMS|58410-2^CBC panel^LN|||20240301090000+0000|||||||||||||||20240301101000+0000||HM|C',
        'NTE|1||Sample slightly haemolysed.',
        'OBX|1|NM|718-7^Hemoglobin^LN||132|g/L^gram per litre^UCUM|130-170|L|||C',
        'NTE|1||Repeat advised.',
        'OBX|2|CWE|882-1^ABO and Rh group^LN||278149003^Blood group A Rh(D) positive^SCT||||||F',
        'OBX|3|TX|8251-1^Comment^LN||Line one~Line two||||||F',
        'OBX|4|SN|5048-4^ANA titre^LN||^1^:^160||||||P',
        'OBX|5|DT|33067-4^Date^LN||20240229||||||F',
        'OBX|6|ED|11502-2^Report^LN||^AP^PDF^Base64^JVBERi0=||||||F',
      ),
    );
    const report = one('DiagnosticReport').resource;
    expect(report.status).toBe('corrected');
    expect(report.category).toEqual([
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'HM' }] },
    ]);
    expect(report.conclusion).toBe('Sample slightly haemolysed.');
    expect(report.issued).toBe('2024-03-01T10:10:00+00:00');
    const [hb, abo, text, ana, date, pdf] = all('Observation').map((e) => e.resource);
    expect(hb).toMatchObject({
      status: 'corrected',
      valueQuantity: { value: 132, unit: 'gram per litre', system: 'http://unitsofmeasure.org', code: 'g/L' },
      note: [{ text: 'Repeat advised.' }],
    });
    expect(abo!.valueCodeableConcept).toEqual({
      coding: [
        { system: 'http://snomed.info/sct', code: '278149003', display: 'Blood group A Rh(D) positive' },
      ],
    });
    expect(text!.valueString).toBe('Line one\nLine two');
    expect(ana).toMatchObject({
      status: 'preliminary',
      valueRatio: { numerator: { value: 1 }, denominator: { value: 160 } },
    });
    expect(date!.valueDateTime).toBe('2024-02-29');
    expect(pdf!.dataAbsentReason.coding[0].code).toBe('unsupported');
    expect(report.result).toHaveLength(6);
  });

  it('keys results so that a re-sent report updates the same Observations', () => {
    const a = mapText(fixture('oru-r01-cbc.hl7'));
    const b = mapText(fixture('oru-r01-cbc.hl7'));
    const urls = (m: ReturnType<typeof mapText>) => m.all('Observation').map((e) => e.request!.url);
    expect(urls(a)).toHaveLength(10);
    expect(new Set(urls(a)).size).toBe(10);
    expect(urls(b)).toEqual(urls(a));
    expect(a.all('DiagnosticReport')).toHaveLength(2);
  });
});
