import { describe, expect, it } from 'vitest';
import { allowedResourceScopes } from './oidc/smart-scopes.js';
import { formatScope, parseScopes } from './scopes.js';

const show = (scope: string) => parseScopes(scope).map(formatScope);

describe('parseScopes', () => {
  it('reads SMART v2 scopes, with finer-grained queries', () => {
    expect(show('patient/*.rs user/Observation.cruds system/*.rs')).toEqual([
      'patient/*.rs',
      'user/Observation.cruds',
      'system/*.rs',
    ]);
    const [lab] = parseScopes('patient/Observation.rs?category=laboratory');
    expect(lab).toMatchObject({
      context: 'patient',
      resourceType: 'Observation',
      query: 'category=laboratory',
    });
  });

  it('maps SMART v1 scopes onto v2 permissions', () => {
    expect(show('patient/*.read user/Observation.write system/Patient.*')).toEqual([
      'patient/*.rs',
      'user/Observation.cud',
      'system/Patient.cruds',
    ]);
  });

  it('skips OpenID and launch scopes and anything malformed: an unknown scope grants nothing', () => {
    expect(show('openid fhirUser launch/patient offline_access')).toEqual([]);
    expect(show('patient/*.sr patient/*. admin/*.rs patient/observation.rs patient/*.x')).toEqual([]);
    expect(show('')).toEqual([]);
  });
});

describe('allowedResourceScopes', () => {
  it('lets interactive clients ask for patient/ and user/ scopes, never system/', () => {
    expect(
      allowedResourceScopes(['openid', 'patient/*.rs', 'user/*.cruds', 'system/*.rs'], undefined),
    ).toEqual(['patient/*.rs', 'user/*.cruds']);
  });

  it('limits a backend client to what its registration covers', () => {
    expect(
      allowedResourceScopes(
        ['system/*.rs', 'system/Observation.r', 'system/*.cruds', 'user/*.rs'],
        'system/*.rs',
      ),
    ).toEqual(['system/*.rs', 'system/Observation.r']);
  });
});
