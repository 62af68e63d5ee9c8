import type { Principal } from '../auth/index.js';
import { ALL_SENSITIVE_LABELS, HEARTWOOD_LABEL_SYSTEM, CONFIDENTIALITY_SYSTEM } from '../consent/index.js';
import { errors } from '../fhir/index.js';
import { registeredSet, relationshipSet, SqlParams } from '../store/index.js';
import type { AccessRule, SqlExecutor } from '../store/index.js';
import { REFERENCE_TYPES } from './reference-types.js';

/** How a RelatedPerson names the sign-in of the carer it is (one carer, several people). */
const SIGN_IN_SYSTEM = 'https://heartwood.nhs.example/Id/sign-in';
import { sourceUriOf } from './push-provenance.js';

/** What a caller may see for the length of one interaction, resolved once at its start. */
export interface ResolvedAccess {
  /** Undefined: no limit (Heartwood itself, or a backend service with every scope). */
  rule: AccessRule | undefined;
  /** Break-glass grants in force for this caller: patient → reason, for the audit trail. */
  grants: Map<string, string>;
  /** The patients a patient or proxy acts for (own and linked records). */
  self: string[];
}

export interface ResolveDeps {
  /** Every Patient record of the same person (master patient index). */
  linkedPatientIds: (exec: SqlExecutor, patientId: string) => Promise<string[]>;
  now: () => Date;
  /** How long after an encounter a care relationship lasts. */
  encounterRelationshipDays: number;
}

/** Above this many patients in a care relationship, the rule keeps deriving them inside each query. */
const MAX_LISTED_PATIENTS = 1000;

const label = (l: { system: string; code: string }) => `${l.system}|${l.code}`;
/** Withheld from the patient too: third-party safeguarding information and restricted entries. */
const HIDDEN_FROM_PATIENT = [`${HEARTWOOD_LABEL_SYSTEM}|safeguarding`, `${CONFIDENTIALITY_SYSTEM}|R`];
const ALL_SENSITIVE = ALL_SENSITIVE_LABELS.map(label);

/** The types a caller's scopes allow reading, or undefined for every type. */
function scopedTypes(principal: Principal): string[] | undefined {
  const readable = principal.scopes.filter((s) => s.permissions.has('r') || s.permissions.has('s'));
  if (readable.some((s) => s.resourceType === '*')) return undefined;
  return [...new Set(readable.map((s) => s.resourceType))];
}

function narrow(types: readonly string[], scoped: string[] | undefined): string[] {
  return scoped ? types.filter((t) => scoped.includes(t)) : [...types];
}

/**
 * Turns who is asking into the rule the store applies. Roles decide whose records; scopes narrow
 * the types; grants, links and choices come from the database.
 */
export async function resolveAccess(
  principal: Principal,
  exec: SqlExecutor,
  deps: ResolveDeps,
): Promise<ResolvedAccess> {
  const scoped = scopedTypes(principal);
  const referenceTypes = narrow(REFERENCE_TYPES, scoped);
  const grants = new Map<string, string>();
  const base = { referenceTypes, ...(scoped ? { types: scoped } : {}) };
  switch (principal.role) {
    case 'system':
      return { rule: scoped ? { ...base, everyone: true, hiddenLabels: [] } : undefined, grants, self: [] };
    case 'source':
      return {
        rule: {
          ...base,
          everyone: true,
          hiddenLabels: [],
          source: sourceUriOf(principal),
        },
        grants,
        self: [],
      };
    case 'patient': {
      if (!principal.patient) throw errors.forbidden('This sign-in is not linked to a patient record.');
      if (principal.vot !== undefined && !/^P9/.test(principal.vot)) {
        throw errors.proofingTooLow(
          'Your identity has not been checked to the level needed to see your record (P9). Prove who you are in the NHS login app, then sign in again.',
        );
      }
      const self = await deps.linkedPatientIds(exec, principal.patient);
      const patients = self.length > 0 ? self : [principal.patient];
      return { rule: { ...base, patients, hiddenLabels: HIDDEN_FROM_PATIENT }, grants, self: patients };
    }
    case 'proxy':
      return resolveProxy(principal, exec, deps, base);
    case 'gp':
    case 'clinician': {
      const now = deps.now();
      const r = await exec.query<{ patient_key: string; reason_text: string }>(
        `SELECT patient_key, reason_text FROM break_glass_grant WHERE subject = $1 AND expires_at > $2::timestamptz`,
        [principal.subject, now.toISOString()],
      );
      for (const g of r.rows) grants.set(g.patient_key, g.reason_text);
      const since = new Date(now.getTime() - deps.encounterRelationshipDays * 86_400_000).toISOString();
      const practitioner = /^Practitioner\/([A-Za-z0-9\-.]{1,64})$/.exec(principal.person ?? '')?.[1];
      const rule: AccessRule = {
        ...base,
        hiddenLabels: ALL_SENSITIVE,
        opened: [...grants.keys()],
      };
      if (principal.organization || practitioner) {
        rule.careRelationship = {
          encountersSince: since,
          ...(principal.organization ? { organization: principal.organization } : {}),
          ...(practitioner ? { practitioner } : {}),
        };
      }
      if (principal.organization) {
        rule.organization = principal.organization;
        // Read with the rule as the relationships are, so a query tests its practice's own patients
        // (shown whole) against a list instead of deriving them again.
        const p = new SqlParams();
        const r = await exec.query<{ patient_key: string }>(
          `SELECT DISTINCT patient_key FROM (${registeredSet(principal.organization, p)}) reg
           LIMIT ${MAX_LISTED_PATIENTS + 1}`,
          p.values,
        );
        if (r.rows.length <= MAX_LISTED_PATIENTS) rule.registered = r.rows.map((row) => row.patient_key);
      }
      // Most organisations care for a few thousand people: the set is read once (and cached with the
      // rule), so every query then tests membership of a list instead of deriving it again.
      if (rule.careRelationship) {
        const p = new SqlParams();
        const set = relationshipSet(rule.careRelationship, p);
        const r = await exec.query<{ patient_key: string }>(
          `SELECT DISTINCT patient_key FROM (${set}) rel LIMIT ${MAX_LISTED_PATIENTS + 1}`,
          p.values,
        );
        if (r.rows.length <= MAX_LISTED_PATIENTS) {
          rule.patients = r.rows.map((row) => row.patient_key);
          delete rule.careRelationship;
        }
      }
      return { rule, grants, self: [] };
    }
    default:
      // Privacy officers, analysts and administrators see the service's reference data, not records:
      // audit, analytics and administration have doors of their own.
      return { rule: { referenceTypes, hiddenLabels: [] }, grants, self: [] };
  }
}

async function resolveProxy(
  principal: Principal,
  exec: SqlExecutor,
  deps: ResolveDeps,
  base: { referenceTypes: string[]; types?: string[] },
): Promise<ResolvedAccess> {
  const relatedPerson = /^RelatedPerson\/([A-Za-z0-9\-.]{1,64})$/.exec(principal.person ?? '')?.[1];
  const grants = new Map<string, string>();
  if (!relatedPerson) throw errors.forbidden('This sign-in is not linked to a carer (RelatedPerson) record.');
  const now = deps.now().toISOString();
  // The carer's RelatedPerson records: the one the token names, and any other linked to the same
  // sign-in (one per person they care for), each with its own unexpired grant.
  const r = await exec.query<{ patient_key: string; resource_types: string[] }>(
    `SELECT d.patient_key, d.resource_types FROM consent_directive d
     JOIN resource rp ON rp.resource_type = 'RelatedPerson' AND NOT rp.deleted
       AND rp.patient_key = d.patient_key AND d.actor = 'RelatedPerson/' || rp.id
     WHERE d.kind = 'proxy-access' AND d.type = 'permit' AND d.active
       AND (d.period_start IS NULL OR d.period_start <= $3::timestamptz)
       AND (d.period_end IS NULL OR d.period_end > $3::timestamptz)
       AND (rp.id = $1 OR EXISTS (SELECT 1 FROM search_token si WHERE si.resource_type = 'RelatedPerson'
         AND si.id = rp.id AND si.param = 'identifier' AND si.system = $4 AND si.code = $2))`,
    [relatedPerson, principal.subject, now, SIGN_IN_SYSTEM],
  );
  const acting = [...new Set(r.rows.map((g) => g.patient_key))];
  // Each person's grants decide what the carer sees of them (and of their linked records): a grant
  // without types allows every type; scopes narrow all of them alike.
  const typesFor: Record<string, string[]> = {};
  const self: string[] = [];
  for (const p of acting) {
    const rows = r.rows.filter((g) => g.patient_key === p);
    const linked = await deps.linkedPatientIds(exec, p);
    self.push(...linked);
    if (rows.some((g) => g.resource_types.length === 0)) continue;
    const types = [...new Set(['Patient', ...rows.flatMap((g) => g.resource_types)])];
    for (const key of new Set([p, ...linked])) typesFor[key] = types;
  }
  const all = [...new Set([...acting, ...self])];
  return {
    rule: {
      referenceTypes: base.referenceTypes,
      ...(base.types ? { types: base.types } : {}),
      ...(Object.keys(typesFor).length > 0 ? { typesFor } : {}),
      patients: all,
      hiddenLabels: ALL_SENSITIVE,
    },
    grants,
    self: all,
  };
}
