import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleEntry, FhirResource } from '../../fhir/index.js';
import { decodeMessageBytes } from './decode-text.js';
import { createDateConverter } from './hl7-datetime.js';
import { mapMessage } from './map-message.js';
import { parseHl7Message } from './parse-message.js';
import { FIXTURES } from './test-fixtures.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Maps a message (without a store) and gives handy ways to look into the transaction it makes. */
export function mapText(text: string) {
  const ctx = mapMessage(parseHl7Message(text), createDateConverter('Europe/London'));
  const entries = ctx.builder.toBundle().entry as (BundleEntry & { resource: FhirResource & Json })[];
  const all = (type: string) => entries.filter((e) => e.resource.resourceType === type);
  const one = (type: string) => {
    const found = all(type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0]!;
  };
  const target = (ref: string) => entries.find((e) => e.fullUrl === ref)!.resource;
  return { ctx, entries, all, one, target };
}

/** A fixture message as text, as the processor would decode it. */
export const fixture = (name: string) => decodeMessageBytes(readFileSync(join(FIXTURES, name))).text;
