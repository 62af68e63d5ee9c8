import {
  CONTACT_METHOD_EXTENSION,
  consentKindOf,
  consentResource,
  SENSITIVE_CATEGORIES,
} from '../../../../src/consent/consent-kinds.js';
import type { ConsentInput, ConsentKind } from '../../../../src/consent/consent-kinds.js';
import type { FhirClient } from '../../fhir/fhir-client.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Consent, Task } from '../../fhir/resources.js';
import { taskCodeToken } from '../../clinical/task-codes.js';

/** The sensitive categories a patient can keep to their GP practice, in the order the page lists them. */
export const SHARING_CATEGORIES = Object.keys(SENSITIVE_CATEGORIES);
export const CONTACT_METHODS = ['email', 'phone', 'post'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export interface Choices {
  /** The newest recorded Consent of each kind (active or withdrawn), which a change updates. */
  latest: Partial<Record<ConsentKind, Consent>>;
  /** The newest "make my full record available" request, if any. */
  fullRecordRequest?: Task;
}

const recorded = (c: Consent) => c.dateTime ?? c.meta?.lastUpdated ?? '';

/**
 * The newest Consent of each kind: the one in force when it is active (a withdrawn choice is the
 * same Consent with status inactive). Drafts and errors never count.
 */
export function latestByKind(consents: readonly Consent[]): Choices['latest'] {
  const latest: Choices['latest'] = {};
  for (const c of consents) {
    if (c.status !== 'active' && c.status !== 'inactive') continue;
    const kind = consentKindOf(c);
    if (!kind || kind === 'proxy-access') continue;
    const held = latest[kind];
    if (!held || recorded(c) > recorded(held)) latest[kind] = c;
  }
  return latest;
}

/** The choice in force of one kind, or undefined when there is none (the default applies). */
export function inForce(choices: Choices, kind: ConsentKind): Consent | undefined {
  const c = choices.latest[kind];
  return c?.status === 'active' ? c : undefined;
}

/** The categories kept to the GP practice by a record-sharing Consent (by its security labels). */
export function keptCategories(consent: Consent | undefined): string[] {
  const labels = consent?.provision?.securityLabel ?? [];
  return SHARING_CATEGORIES.filter((category) =>
    SENSITIVE_CATEGORIES[category]!.some((l) =>
      labels.some((x) => x.system === l.system && x.code === l.code),
    ),
  );
}

export function contactMethodOf(consent: Consent | undefined): ContactMethod | undefined {
  const code = consent?.extension?.find((e) => e.url === CONTACT_METHOD_EXTENSION)?.valueCode;
  return CONTACT_METHODS.find((m) => m === code);
}

export async function loadChoices(
  client: FhirClient,
  patientId: string,
  signal?: AbortSignal,
): Promise<Choices> {
  const [consents, tasks] = await Promise.all([
    client.searchAll('Consent', { patient: `Patient/${patientId}`, _count: 100 }, { signal, maxPages: 3 }),
    client.search(
      'Task',
      {
        patient: `Patient/${patientId}`,
        code: taskCodeToken('full-record-access-request'),
        _sort: '-authored-on',
        _count: 1,
      },
      signal,
    ),
  ]);
  return {
    latest: latestByKind(matchedResources<Consent>(consents, 'Consent')),
    fullRecordRequest: matchedResources<Task>(tasks, 'Task')[0],
  };
}

/**
 * Records a choice: a new version of the kind's Consent when there is one (so its history shows
 * every change), else a new Consent. `withdraw` keeps the Consent but sets it inactive.
 */
export async function saveChoice(
  client: FhirClient,
  existing: Consent | undefined,
  input: ConsentInput,
  withdraw = false,
): Promise<Consent> {
  const built = consentResource({ ...input, dateTime: new Date().toISOString() }) as Consent;
  const consent: Consent = { ...built, status: withdraw ? 'inactive' : 'active' };
  if (!existing?.id) return client.create(consent);
  return client.update({ ...consent, id: existing.id });
}
