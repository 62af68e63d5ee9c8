import { errors, isObject } from '../fhir/index.js';
import type { FhirResource } from '../fhir/index.js';
import { parseSearch } from '../fhir/search-request/index.js';
import type { OperationDefinition } from '../rest/index.js';
import { BREAK_GLASS_REASONS, BREAK_GLASS_REASON_SYSTEM } from './break-glass.js';

export const TASK_CODE_SYSTEM = 'https://heartwood.nhs.example/fhir/CodeSystem/task-code';
const MAX_ITEMS = 200;

interface GrantRow {
  id: string;
  subject: string;
  agent_name: string;
  agent_person: string | null;
  agent_org: string | null;
  patient_key: string;
  reason_code: string;
  reason_text: string;
  granted_at: string;
  expires_at: string;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * `GET $privacy-queue`: what privacy officers must look at — break-glass grants not yet reviewed,
 * and concerns patients raised about accesses to their record (Tasks `access-concern` still open).
 */
export function createPrivacyQueueOperation(): OperationDefinition {
  return {
    name: 'privacy-queue',
    levels: ['system'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/privacy-queue',
    affectsState: false,
    async run(ctx, call) {
      for (const name of call.params.keys()) {
        if (name !== '_format' && name !== '_pretty') {
          throw errors.unknownParameter(`$privacy-queue takes no parameters (not ${name.slice(0, 40)}).`);
        }
      }
      const grants = await ctx.elevated.withExecutor((exec) =>
        exec.query<GrantRow>(
          `SELECT id, subject, agent_name, agent_person, agent_org, patient_key, reason_code, reason_text,
             to_char(granted_at AT TIME ZONE 'UTC', ${ISO}) AS granted_at,
             to_char(expires_at AT TIME ZONE 'UTC', ${ISO}) AS expires_at
           FROM break_glass_grant WHERE reviewed_at IS NULL ORDER BY granted_at DESC LIMIT ${MAX_ITEMS}`,
        ),
      );
      const concerns = await ctx.elevated.search(
        parseSearch(
          ['Task'],
          new URLSearchParams({
            code: `${TASK_CODE_SYSTEM}|access-concern`,
            status: 'requested,received,accepted,in-progress',
            _count: String(MAX_ITEMS),
          }),
          { lookup: ctx.lookup, lenient: false },
        ),
      );
      const parameter: unknown[] = grants.rows.map((g) => ({
        name: 'break-glass',
        part: [
          { name: 'grant', valueString: g.id },
          { name: 'agent', valueString: g.agent_name },
          ...(g.agent_person
            ? [{ name: 'agentReference', valueReference: { reference: g.agent_person } }]
            : []),
          ...(g.agent_org
            ? [{ name: 'organization', valueReference: { reference: `Organization/${g.agent_org}` } }]
            : []),
          { name: 'patient', valueReference: { reference: `Patient/${g.patient_key}` } },
          {
            name: 'reason',
            valueCoding: {
              system: BREAK_GLASS_REASON_SYSTEM,
              code: g.reason_code,
              display: BREAK_GLASS_REASONS[g.reason_code] ?? g.reason_code,
            },
          },
          { name: 'text', valueString: g.reason_text },
          { name: 'granted', valueInstant: g.granted_at },
          { name: 'expires', valueInstant: g.expires_at },
        ],
      }));
      for (const v of concerns.resources) {
        if (v.content) parameter.push({ name: 'concern', resource: JSON.parse(v.content) as FhirResource });
      }
      return { status: 200, body: JSON.stringify({ resourceType: 'Parameters', parameter }) };
    },
  };
}

/**
 * `POST $privacy-review`: a privacy officer closes a queue item with a note — a break-glass grant
 * (`grant`), or a patient's concern (`task`, completed with the note as its output).
 */
export function createPrivacyReviewOperation(deps: { now?: () => Date } = {}): OperationDefinition {
  const now = deps.now ?? (() => new Date());
  return {
    name: 'privacy-review',
    levels: ['system'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/privacy-review',
    affectsState: true,
    async run(ctx, call) {
      const note = call.params.get('note')?.trim() ?? '';
      if (note.length < 3 || note.length > 2000) {
        throw errors.badRequest('Write a note of what you found (3 to 2,000 characters).');
      }
      const grant = call.params.get('grant');
      const task = call.params.get('task');
      if (Boolean(grant) === Boolean(task))
        throw errors.badRequest('Review one item: give either grant or task.');
      if (grant) {
        const r = await ctx.elevated.transaction((tx) =>
          tx.withExecutor((exec) =>
            exec.query(
              `UPDATE break_glass_grant SET reviewed_at = $2::timestamptz, reviewed_by = $3, review_note = $4
               WHERE id = $1 AND reviewed_at IS NULL`,
              [grant, now().toISOString(), ctx.principal.subject, note],
            ),
          ),
        );
        if (r.rowCount === 0)
          throw errors.notFound('There is no break-glass grant waiting for review with that id.');
        return {
          status: 200,
          body: JSON.stringify({
            resourceType: 'Parameters',
            parameter: [{ name: 'reviewed', valueBoolean: true }],
          }),
        };
      }
      const id = task!.replace(/^Task\//, '');
      const current = await ctx.elevated.read('Task', id);
      if (!current?.content || current.deleted) throw errors.notFound(`Task/${id} is not known.`);
      const resource = JSON.parse(current.content) as FhirResource & { id: string };
      const codes =
        isObject(resource.code) && Array.isArray(resource.code.coding) ? resource.code.coding : [];
      if (!codes.some((c) => isObject(c) && c.system === TASK_CODE_SYSTEM && c.code === 'access-concern')) {
        throw errors.badRequest('Only concerns about access to a record are reviewed here.');
      }
      resource.status = 'completed';
      resource.lastModified = now().toISOString();
      resource.output = [
        ...(Array.isArray(resource.output) ? resource.output : []),
        { type: { text: 'Privacy officer review' }, valueString: note },
      ];
      await ctx.elevated.write([{ op: 'update', resource, ifMatch: current.versionId }]);
      return {
        status: 200,
        body: JSON.stringify({
          resourceType: 'Parameters',
          parameter: [{ name: 'reviewed', valueBoolean: true }],
        }),
      };
    },
  };
}
