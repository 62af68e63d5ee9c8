import { describe, expect, it } from 'vitest';
import { consentResource } from '../../../../src/consent/consent-kinds.js';
import type { Consent } from '../../fhir/resources.js';
import { contactMethodOf, inForce, keptCategories, latestByKind } from './choices.js';

const consent = (input: Parameters<typeof consentResource>[0], status = 'active'): Consent =>
  ({ ...consentResource(input), status }) as Consent;

describe('patient choices', () => {
  it('takes the newest Consent of each kind; a withdrawn newest one means no choice in force', () => {
    const old = consent({ kind: 'national-data-opt-out', patientId: 'p1', dateTime: '2024-01-01T00:00:00Z' });
    const withdrawn = consent(
      { kind: 'national-data-opt-out', patientId: 'p1', dateTime: '2025-01-01T00:00:00Z' },
      'inactive',
    );
    const research = consent({ kind: 'research-contact', patientId: 'p1', contactMethod: 'phone' });
    const draft = consent(
      { kind: 'record-sharing', patientId: 'p1', categories: ['mental-health'] },
      'draft',
    );
    const choices = { latest: latestByKind([old, withdrawn, research, draft]) };
    expect(choices.latest['national-data-opt-out']).toBe(withdrawn);
    expect(inForce(choices, 'national-data-opt-out')).toBeUndefined();
    expect(contactMethodOf(inForce(choices, 'research-contact'))).toBe('phone');
    expect(choices.latest['record-sharing']).toBeUndefined();
  });

  it('reads the categories kept to the GP practice from the security labels', () => {
    const sharing = consent({
      kind: 'record-sharing',
      patientId: 'p1',
      categories: ['sexual-health', 'mental-health'],
    });
    expect(keptCategories(sharing)).toEqual(['mental-health', 'sexual-health']);
    expect(keptCategories(undefined)).toEqual([]);
  });
});
