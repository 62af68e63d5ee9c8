import type { DateConverter } from './hl7-datetime.js';
import type { Hl7Message } from './hl7-message.js';
import { mapAdt } from './map-adt.js';
import { createMapContext } from './map-context.js';
import type { MapContext } from './map-context.js';
import { mapMerge } from './map-merge.js';
import { mapOru } from './map-oru.js';
import { addProvenance } from './map-provenance.js';
import { organizationFromHd, senderDevice } from './shared-resources.js';

/** The message types Heartwood maps (MSH-9.1^MSH-9.2); anything else is rejected with AR. */
export const SUPPORTED_MESSAGE_TYPES: readonly string[] = [
  'ADT^A01',
  'ADT^A02',
  'ADT^A03',
  'ADT^A04',
  'ADT^A05',
  'ADT^A08',
  'ADT^A11',
  'ADT^A13',
  'ADT^A28',
  'ADT^A31',
  'ADT^A40',
  'ORU^R01',
];

/**
 * Why a message cannot be taken at all (answered AR), or undefined when it can be mapped. HL7 table
 * 0357 codes: 200 unsupported message type, 201 unsupported event, 203 unsupported version.
 */
export function rejectionOf(
  message: Hl7Message,
): { code: '200' | '201' | '203' | '101'; reason: string } | undefined {
  const { code, trigger } = message.messageType;
  if (message.controlId === undefined) {
    return {
      code: '101',
      reason: 'MSH-10 (message control id) is empty: the message cannot be acknowledged.',
    };
  }
  const version = message.version;
  if (version !== undefined && !/^2\.\d/.test(version)) {
    return { code: '203', reason: `MSH-12 version "${version.slice(0, 10)}" is not HL7 v2.x.` };
  }
  if (code === '') return { code: '200', reason: 'MSH-9 (message type) is empty.' };
  if (SUPPORTED_MESSAGE_TYPES.includes(`${code}^${trigger}`)) return undefined;
  const sameType = SUPPORTED_MESSAGE_TYPES.filter((t) => t.startsWith(`${code}^`));
  if (sameType.length > 0) {
    return {
      code: '201',
      reason: `${code}^${trigger || '(no trigger)'} is not supported; supported ${code} events: ${sameType.map((t) => t.split('^')[1]).join(', ')}.`,
    };
  }
  return {
    code: '200',
    reason: `Message type ${code.slice(0, 3)} is not supported; supported: ${SUPPORTED_MESSAGE_TYPES.join(', ')}.`,
  };
}

/**
 * Maps a supported message to the records of one FHIR transaction (not yet resolved against the store:
 * see existing-records.ts). Throws Hl7MappingError when a value the mapping needs is missing.
 */
export function mapMessage(message: Hl7Message, dates: DateConverter): MapContext {
  const ctx = createMapContext(message, dates);
  const msh = message.segment('MSH')!;
  const organization = organizationFromHd(ctx, msh.composite(4));
  const { code, trigger } = message.messageType;
  if (code === 'ORU') mapOru(ctx, organization);
  else if (trigger === 'A40') mapMerge(ctx, organization);
  else mapAdt(ctx, trigger, organization);
  const device = senderDevice(ctx, organization);
  addProvenance(ctx, { device, organization });
  return ctx;
}
