import { errors, isFhirError, isObject } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import { parseSearch } from '../fhir/search-request/index.js';
import type { OperationDefinition } from '../rest/index.js';

const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
export const ACCESS_TAG_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/record-access';
const MAX_MATCHES = 10;

/**
 * `GET Patient/$find?identifier=…|NHS number` or `?family=…&birthdate=…`: a clinician traces a
 * patient as they would on the national demographics service, whether or not they care for them yet,
 * so that they can break the glass when they must. Only demographics come back, each tagged with
 * whether the caller may open the record (`care-relationship`) or not (`none`); the trace itself is
 * audited against every patient it found.
 */
export function createFindPatientOperation(): OperationDefinition {
  return {
    name: 'find',
    levels: ['type'],
    resourceTypes: ['Patient'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Patient-find',
    affectsState: false,
    async run(ctx, call) {
      const identifier = call.params.get('identifier');
      const family = call.params.get('family');
      const birthdate = call.params.get('birthdate');
      for (const name of call.params.keys()) {
        if (!['identifier', 'family', 'birthdate', '_format', '_pretty'].includes(name)) {
          throw errors.unknownParameter(
            `$find takes identifier, or family with birthdate; not ${name.slice(0, 40)}.`,
          );
        }
      }
      const query = new URLSearchParams({ _count: String(MAX_MATCHES) });
      if (identifier) {
        if (!/^https:\/\/fhir\.nhs\.uk\/Id\/nhs-number\|\d{10}$/.test(identifier)) {
          throw errors.invalidParameter(`identifier must be ${NHS_NUMBER}|<10-digit NHS number>.`);
        }
        query.set('identifier', identifier);
      } else if (family && birthdate && /^\d{4}-\d{2}-\d{2}$/.test(birthdate)) {
        query.set('family', family);
        query.set('birthdate', birthdate);
      } else {
        throw errors.badRequest('Trace a patient by NHS number, or by family name and full date of birth.');
      }
      const found = await ctx.elevated.search(
        parseSearch(['Patient'], query, { lookup: ctx.lookup, lenient: false }),
      );
      const entry: unknown[] = [];
      for (const v of found.resources) {
        if (!v.content) continue;
        const p = JSON.parse(v.content) as FhirResource;
        let access = 'care-relationship';
        try {
          await ctx.store.read('Patient', v.id);
        } catch (e) {
          if (!isFhirError(e) || e.status !== 403) throw e;
          access = 'none';
        }
        const nhs = (Array.isArray(p.identifier) ? p.identifier : []).filter(
          (i) => isObject(i) && i.system === NHS_NUMBER,
        );
        entry.push({
          fullUrl: `${ctx.base}/Patient/${v.id}`,
          resource: {
            resourceType: 'Patient',
            id: v.id,
            meta: { tag: [{ system: ACCESS_TAG_SYSTEM, code: access }] },
            ...(nhs.length ? { identifier: nhs } : {}),
            ...(p.name ? { name: p.name } : {}),
            ...(p.gender ? { gender: p.gender } : {}),
            ...(p.birthDate ? { birthDate: p.birthDate } : {}),
          },
          search: { mode: 'match' },
        });
      }
      const bundle = { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
      return { status: 200, body: JSON.stringify(bundle) };
    },
  };
}
