import { errors, isObject } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import type { OperationCall, OperationDefinition } from '../rest/index.js';

export const BREAK_GLASS_REASON_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/break-glass-reason';

/** Why a clinician without a recorded relationship may open a record, in plain English. */
export const BREAK_GLASS_REASONS: Record<string, string> = {
  'emergency-care': 'Emergency care: the patient needs treatment now',
  'relationship-not-recorded': 'I am caring for the patient but the relationship is not recorded yet',
  'patient-asked': 'The patient asked me to look at their record',
  safeguarding: 'A safeguarding concern',
};

const MIN_TEXT = 10;
const MAX_TEXT = 1000;
/** How long an opened record stays open; a new reason is needed after. */
export const BREAK_GLASS_HOURS = 4;

export interface BreakGlassRequest {
  code: string;
  text: string;
}

/** Reads the reason from a Parameters body (`reason` as valueCoding or valueCode, `text` valueString). */
export function readBreakGlassRequest(body: FhirResource | undefined): BreakGlassRequest {
  const params = body?.resourceType === 'Parameters' && Array.isArray(body.parameter) ? body.parameter : [];
  let code: string | undefined;
  let text: string | undefined;
  for (const p of params.filter(isObject)) {
    if (p.name === 'reason') {
      if (typeof p.valueCode === 'string') code = p.valueCode;
      else if (isObject(p.valueCoding) && typeof p.valueCoding.code === 'string') code = p.valueCoding.code;
    } else if (p.name === 'text' && typeof p.valueString === 'string') {
      text = p.valueString.trim();
    }
  }
  if (!code || !(code in BREAK_GLASS_REASONS)) {
    throw errors.badRequest(
      `Give a reason for breaking the glass: one of ${Object.keys(BREAK_GLASS_REASONS).join(', ')}.`,
    );
  }
  if (!text || text.length < MIN_TEXT || text.length > MAX_TEXT) {
    throw errors.badRequest(
      `Explain in your own words why you need this record (${MIN_TEXT} to ${MAX_TEXT} characters).`,
    );
  }
  return { code, text };
}

/**
 * `POST Patient/{id}/$break-glass`: a clinician with no care relationship opens the patient's whole
 * record for a few hours, stating why. The grant and its AuditEvent commit together; the grant waits
 * in the privacy officers' queue until one reviews it.
 */
export function createBreakGlassOperation(deps: { now?: () => Date } = {}): OperationDefinition {
  const now = deps.now ?? (() => new Date());
  return {
    name: 'break-glass',
    levels: ['instance'],
    resourceTypes: ['Patient'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Patient-break-glass',
    affectsState: true,
    async run(ctx, call: OperationCall) {
      const reason = readBreakGlassRequest(call.body);
      const patient = await ctx.elevated.read('Patient', call.id!);
      if (!patient || patient.deleted) throw errors.notFound(`Patient/${call.id} is not known.`);
      const { principal } = ctx;
      const granted = now();
      const expires = new Date(granted.getTime() + BREAK_GLASS_HOURS * 3_600_000);
      const id = globalThis.crypto.randomUUID();
      await ctx.store.transaction((tx) =>
        tx.withExecutor((exec) =>
          exec.query(
            `INSERT INTO break_glass_grant (id, subject, agent_name, agent_person, agent_org, patient_key,
               reason_code, reason_text, granted_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10::timestamptz)`,
            [
              id,
              principal.subject,
              principal.name,
              principal.person ?? null,
              principal.organization ?? null,
              patient.patientKey ?? call.id!,
              reason.code,
              reason.text,
              granted.toISOString(),
              expires.toISOString(),
            ],
          ),
        ),
      );
      const body = {
        resourceType: 'Parameters',
        parameter: [
          { name: 'grant', valueString: id },
          { name: 'patient', valueReference: { reference: `Patient/${call.id}` } },
          { name: 'expires', valueInstant: expires.toISOString() },
          {
            name: 'reason',
            valueCoding: {
              system: BREAK_GLASS_REASON_SYSTEM,
              code: reason.code,
              display: BREAK_GLASS_REASONS[reason.code],
            },
          },
        ],
      };
      return { status: 200, body: JSON.stringify(body) };
    },
  };
}
