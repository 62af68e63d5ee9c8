import type { MapContext } from './map-context.js';
import { hdName } from './map-context.js';
import type { Ref } from './shared-resources.js';
import { syntheticId } from './synthetic-key.js';
import { HL7V2_BASE } from './systems.js';

/**
 * One Provenance per message: what it wrote (target), who sent it (agent: the sending application on
 * behalf of its facility) and which message it was (entity: MSH-10). Its id is derived from the
 * sender, control id, type and time, so a re-sent message updates its Provenance instead of adding one.
 */
export function addProvenance(ctx: MapContext, sender: { device?: Ref; organization?: Ref }): void {
  const { message } = ctx;
  const msh = message.segment('MSH')!;
  const application = hdName(msh.composite(3));
  const facility = hdName(msh.composite(4));
  const { code, trigger } = message.messageType;
  const targets = ctx.builder
    .entries()
    .filter((e) => e.fullUrl !== sender.device?.reference)
    .map((e) => ({ reference: e.fullUrl }));
  if (targets.length === 0) return;
  const who = sender.device ??
    sender.organization ?? { display: 'HL7 v2 sender (MSH-3 and MSH-4 are empty)' };
  const onBehalfOf = sender.device ? sender.organization : undefined;
  const controlId = message.controlId ?? '';
  ctx.builder.addWithId({
    resourceType: 'Provenance',
    id: syntheticId(['provenance', application, facility, controlId, `${code}^${trigger}`, msh.value(7)]),
    target: targets,
    recorded: ctx.dates.instant(msh.value(7)) ?? new Date().toISOString(),
    activity: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0003', code: trigger }],
      text: `HL7 v2 ${code}^${trigger}`,
    },
    agent: [
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
              code: 'assembler',
            },
          ],
        },
        who,
        ...(onBehalfOf && { onBehalfOf }),
      },
    ],
    entity: [
      {
        role: 'source',
        what: {
          identifier: {
            system: `${HL7V2_BASE}/message-control-id/${encodeURIComponent(facility ?? '-')}/${encodeURIComponent(application ?? '-')}`,
            value: controlId,
          },
          display: `HL7 v2 ${code}^${trigger} message ${controlId}`,
        },
      },
    ],
  });
}
