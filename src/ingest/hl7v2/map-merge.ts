import { cxParts, toIdentifier } from './identifiers.js';
import { Hl7MappingError } from './mapping-error.js';
import type { MapContext } from './map-context.js';
import { isDefined } from './is-defined.js';
import { mapPatient } from './map-patient.js';
import { humanName } from './person-data-types.js';
import type { Ref } from './shared-resources.js';
import { NHS_NUMBER_SYSTEM } from './systems.js';

/**
 * ADT^A40 (merge patient — patient identifier list): each PID (the surviving record) is followed by an
 * MRG naming the record merged into it. Both records are kept, so an unmerge can undo it: the survivor
 * gains `link` type `replaces`, the merged one `link` type `replaced-by` and `active: false`. Neither
 * record's other content is taken from the merge message when the record already exists
 * (existing-records.ts reads them first).
 */
export function mapMerge(ctx: MapContext, custodian: Ref | undefined): void {
  const segments = ctx.message.segments;
  let pairs = 0;
  for (let i = 0; i < segments.length; i++) {
    const pid = segments[i]!;
    if (pid.id !== 'PID') continue;
    const mrg = segments.slice(i + 1).find((s) => s.id === 'MRG' || s.id === 'PID');
    if (!mrg || mrg.id !== 'MRG') {
      throw new Hl7MappingError('ADT^A40 needs an MRG segment after each PID, naming the record merged.', {
        segment: 'PID',
        sequence: pid.sequence,
        field: 3,
      });
    }
    pairs++;
    const survivor = mapPatient(ctx, pid, { mode: 'amend', custodian });

    const merged = mrg
      .repetitions(1)
      .map((cx) => toIdentifier(cxParts(cx, ctx.dates.date), ctx.localSystem))
      .filter(isDefined);
    merged.forEach((m) => m.warning && ctx.warn(`MRG-1: ${m.warning}`));
    const local = merged.filter((m) => m.identifier.system !== NHS_NUMBER_SYSTEM);
    const chosen = local.find((m) => m.identifier.type?.coding?.[0]?.code === 'MR') ?? local[0] ?? merged[0];
    if (!chosen) {
      throw new Hl7MappingError('MRG-1 (prior patient identifier list) holds no identifier.', {
        segment: 'MRG',
        sequence: mrg.sequence,
        field: 1,
      });
    }
    const key = { system: chosen.identifier.system, value: chosen.identifier.value };
    if (key.system === survivor.key.system && key.value === survivor.key.value) {
      throw new Hl7MappingError('MRG-1 names the surviving patient itself: there is nothing to merge.', {
        segment: 'MRG',
        sequence: mrg.sequence,
        field: 1,
      });
    }
    const name = mrg.composite(7) ? humanName(mrg.composite(7)!, ctx.dates) : undefined;
    const retired = ctx.builder.add(
      'Patient',
      key,
      {
        resourceType: 'Patient',
        identifier: merged.map((m) => m.identifier),
        active: false,
        ...(name && { name: [name] }),
        link: [{ other: { reference: survivor.fullUrl }, type: 'replaced-by' }],
      },
      'retire',
    );
    ctx.builder.update(survivor.fullUrl, (r) => ({
      ...r,
      link: [...((r.link as unknown[]) ?? []), { other: { reference: retired }, type: 'replaces' }],
    }));
  }
  if (pairs === 0) {
    throw new Hl7MappingError('ADT^A40 has no PID segment naming the surviving patient.');
  }
}
