import { leaf, subcomposite } from './hl7-message.js';
import type { Hl7Composite } from './hl7-message.js';
import { toIdentifier } from './identifiers.js';
import { hdName } from './map-context.js';
import type { MapContext } from './map-context.js';
import { humanName } from './person-data-types.js';
import { HL7V2_BASE, RFC3986 } from './systems.js';

export interface Ref {
  reference?: string;
  display?: string;
}

function display(name: Record<string, unknown> | undefined): string | undefined {
  if (!name) return undefined;
  const parts = [...((name.prefix as string[]) ?? []), ...((name.given as string[]) ?? []), name.family];
  const text = parts.filter((p) => typeof p === 'string' && p !== '').join(' ');
  return text === '' ? undefined : text;
}

/**
 * XCN (a person with an id) → a reference to a Practitioner, made once per identifier. A name without
 * an id cannot be matched to anyone later, so it stays a display-only reference.
 */
export function practitionerRef(ctx: MapContext, xcn: Hl7Composite | undefined): Ref | undefined {
  if (!xcn) return undefined;
  const name = humanName(xcn, ctx.dates, 1);
  const text = display(name);
  const id = toIdentifier(
    { value: leaf(xcn, 1), authority: subcomposite(xcn, 9), typeCode: leaf(xcn, 13) },
    ctx.localSystem,
  );
  if (!id) return text === undefined ? undefined : { display: text };
  if (id.warning) ctx.warn(id.warning);
  const reference = ctx.builder.add(
    'Practitioner',
    id.identifier,
    { resourceType: 'Practitioner', identifier: [id.identifier], ...(name && { name: [name] }) },
    'create-if-absent',
  );
  return { reference, ...(text !== undefined && { display: text }) };
}

/** An organisation named by an HD (MSH-4, a facility): keyed on its OID or namespace. */
export function organizationFromHd(ctx: MapContext, hd: Hl7Composite | undefined): Ref | undefined {
  const name = hdName(hd);
  if (!hd || name === undefined) return undefined;
  const universal = leaf(hd, 2);
  const key =
    universal !== undefined && leaf(hd, 3)?.toUpperCase() === 'ISO'
      ? { system: RFC3986, value: `urn:oid:${universal}` }
      : { system: `${HL7V2_BASE}/facility`, value: name };
  const reference = ctx.builder.add(
    'Organization',
    key,
    { resourceType: 'Organization', identifier: [key], name },
    'create-if-absent',
  );
  return { reference, display: name };
}

/** XON (name^type^id^…^authority^type code^…^organization identifier) → Organization. */
export function organizationFromXon(ctx: MapContext, xon: Hl7Composite | undefined): Ref | undefined {
  if (!xon) return undefined;
  const name = leaf(xon, 1);
  const id = toIdentifier(
    { value: leaf(xon, 10) ?? leaf(xon, 3), authority: subcomposite(xon, 6), typeCode: leaf(xon, 7) },
    ctx.localSystem,
  );
  if (!id) return name === undefined ? undefined : { display: name };
  const reference = ctx.builder.add(
    'Organization',
    id.identifier,
    { resourceType: 'Organization', identifier: [id.identifier], ...(name !== undefined && { name }) },
    'create-if-absent',
  );
  return { reference, ...(name !== undefined && { display: name }) };
}

/**
 * PL (point of care^room^bed^facility^status^type^building^floor^description) → Location, keyed on
 * the facility and the location's own parts; its physical type is the most specific part given.
 */
export function locationRef(ctx: MapContext, pl: Hl7Composite | undefined): Ref | undefined {
  if (!pl) return undefined;
  const [poc, room, bed, building, floor] = [1, 2, 3, 7, 8].map((n) => leaf(pl, n));
  const parts = [poc, room, bed, building, floor];
  if (parts.every((p) => p === undefined)) return undefined;
  const facility = hdName(subcomposite(pl, 4)) ?? hdName(ctx.message.segment('MSH')!.composite(4));
  const system = `${HL7V2_BASE}/location/${encodeURIComponent(facility ?? 'unknown-facility')}`;
  const value = parts
    .map((p) => p ?? '')
    .join('^')
    .replace(/\^+$/, '');
  const name = leaf(pl, 9) ?? [poc, room, bed].filter((p) => p !== undefined).join(', ');
  const physical = bed !== undefined ? ['bd', 'Bed'] : room !== undefined ? ['ro', 'Room'] : ['wa', 'Ward'];
  const reference = ctx.builder.add(
    'Location',
    { system, value },
    {
      resourceType: 'Location',
      ...(name !== '' && { name }),
      mode: 'instance',
      physicalType: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
            code: physical[0],
            display: physical[1],
          },
        ],
      },
    },
    'create-if-absent',
  );
  return { reference, ...(name !== '' && { display: name }) };
}

/** The sending application (MSH-3) at its facility, as the Device that Provenance names as agent. */
export function senderDevice(ctx: MapContext, owner: Ref | undefined): Ref | undefined {
  const msh = ctx.message.segment('MSH')!;
  const application = hdName(msh.composite(3));
  if (application === undefined) return undefined;
  const facility = hdName(msh.composite(4));
  const key = {
    system: `${HL7V2_BASE}/application`,
    value: facility === undefined ? application : `${application}@${facility}`,
  };
  const reference = ctx.builder.add(
    'Device',
    key,
    {
      resourceType: 'Device',
      deviceName: [{ name: application, type: 'user-friendly-name' }],
      type: { text: 'HL7 v2 sending application' },
      ...(owner?.reference !== undefined && { owner: { reference: owner.reference } }),
    },
    'create-if-absent',
  );
  return { reference, display: application };
}
