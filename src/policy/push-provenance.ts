import type { Principal } from '../auth/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { WriteResult } from '../store/index.js';

/** Where Heartwood says a source system's records came from, when its token names no source URI. */
export function sourceUriOf(principal: Principal): string {
  return (
    principal.source ??
    `https://heartwood.nhs.example/source/client/${principal.clientId ?? principal.subject}`
  );
}

const ACTIVITY = 'http://terminology.hl7.org/CodeSystem/v3-DataOperation';

/**
 * The Provenance of one push by a source system: every resource it created or changed in the
 * transaction, who sent it (the source's organisation and client) and when. Written in the same
 * transaction, so a record never exists without it.
 */
export function pushProvenance(
  principal: Principal,
  results: WriteResult[],
  now: Date,
): (FhirResource & { id: string }) | undefined {
  const changed = results.filter(
    (r) => (r.outcome === 'created' || r.outcome === 'updated') && r.resourceType !== 'Provenance',
  );
  if (changed.length === 0) return undefined;
  const created = changed.every((r) => r.outcome === 'created');
  return {
    resourceType: 'Provenance',
    id: globalThis.crypto.randomUUID(),
    meta: { source: sourceUriOf(principal) },
    target: changed.map((r) => ({ reference: `${r.resourceType}/${r.id}/_history/${r.versionId}` })),
    recorded: now.toISOString(),
    activity: {
      coding: [
        created
          ? { system: ACTIVITY, code: 'CREATE', display: 'create' }
          : { system: ACTIVITY, code: 'UPDATE', display: 'revise' },
      ],
    },
    agent: [
      {
        type: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author' },
          ],
        },
        who: principal.organization
          ? {
              reference: `Organization/${principal.organization}`,
              display: principal.organizationName ?? principal.name,
            }
          : { display: principal.name },
      },
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
              code: 'assembler',
            },
          ],
        },
        who: {
          identifier: {
            system: 'https://heartwood.nhs.example/Id/client',
            value: principal.clientId ?? principal.subject,
          },
          display: principal.name,
        },
      },
    ],
  };
}
