import { DEFAULT_ENCODING, encodingField } from './encoding-characters.js';
import type { EncodingCharacters } from './encoding-characters.js';
import { escapeValue } from './escape-sequences.js';
import type { Hl7Composite, Hl7Message } from './hl7-message.js';
import { parseHl7Message } from './parse-message.js';

export type AckCode = 'AA' | 'AE' | 'AR';

/** What an ACK echoes from the message it answers (as much of it as could be read). */
export interface AckHeader {
  encoding: EncodingCharacters;
  sendingApplication?: Hl7Composite;
  sendingFacility?: Hl7Composite;
  receivingApplication?: Hl7Composite;
  receivingFacility?: Hl7Composite;
  trigger?: string;
  controlId?: string;
  processingId?: string;
  version?: string;
}

export interface AckDetail {
  code: AckCode;
  /** HL7 table 0357 error code, for AE and AR. */
  errorCode?: string;
  reason?: string;
  location?: { segment: string; sequence: number; field: number };
}

export interface AckIdentity {
  /** MSH-3/MSH-4 of the ACK when the message left its MSH-5/MSH-6 (the receiver) empty. */
  application: string;
  facility?: string;
}

const ERROR_TEXT: Record<string, string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

export function headerOf(message: Hl7Message): AckHeader {
  const msh = message.segment('MSH')!;
  return {
    encoding: message.encoding,
    sendingApplication: msh.composite(3),
    sendingFacility: msh.composite(4),
    receivingApplication: msh.composite(5),
    receivingFacility: msh.composite(6),
    trigger: message.messageType.trigger || undefined,
    controlId: message.controlId,
    processingId: msh.value(11),
    version: message.version,
  };
}

/**
 * The header of a message that could not be parsed, read from its MSH line alone when that line is
 * sound, so that even a rejection names the message it rejects (MSA-2).
 */
export function sniffHeader(text: string): AckHeader {
  // eslint-disable-next-line no-control-regex -- MLLP's start byte may precede a frame's text
  const firstLine = text.replace(/^[\uFEFF\s\x0B]+/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  try {
    return headerOf(parseHl7Message(firstLine));
  } catch {
    return { encoding: DEFAULT_ENCODING };
  }
}

/**
 * An original-mode acknowledgement (MSA-1 AA/AE/AR, MSA-2 the control id answered). Enhanced-mode
 * requests (MSH-15/16) are answered the same way: Heartwood always sends an application ACK.
 */
export function buildAck(
  header: AckHeader,
  detail: AckDetail,
  identity: AckIdentity,
  now = new Date(),
): string {
  const enc = header.encoding;
  const text = (v: string | undefined) => escapeValue((v ?? '').replace(/[\r\n]+/g, ' '), enc);
  const hd = (c: Hl7Composite | undefined, fallback?: string) =>
    c ? encodeComposite(c, enc) : text(fallback);
  const version = header.version ?? '2.5.1';
  const minor = versionNumber(version);
  const messageType =
    minor >= 231
      ? `ACK${enc.component}${text(header.trigger)}${enc.component}ACK`
      : `ACK${enc.component}${text(header.trigger)}`;
  const f = enc.field;
  const msh = [
    'MSH',
    encodingField(enc),
    hd(header.receivingApplication, identity.application),
    hd(header.receivingFacility, identity.facility),
    hd(header.sendingApplication),
    hd(header.sendingFacility),
    timestamp(now),
    '',
    messageType,
    ackControlId(),
    text(header.processingId ?? 'P'),
    text(version),
  ].join(f);
  const segments = [msh];
  const reason = detail.reason === undefined ? undefined : detail.reason.slice(0, 1000);
  const msa = ['MSA', detail.code, text(header.controlId)];
  // MSA-3 was withdrawn in v2.7; older receivers show it to their operators.
  if (detail.code !== 'AA' && reason !== undefined && minor < 270) msa.push(text(reason.slice(0, 80)));
  segments.push(msa.join(f));
  if (detail.code !== 'AA') {
    const code = detail.errorCode ?? '207';
    const c = enc.component;
    const loc = detail.location;
    if (minor >= 250) {
      const location = loc ? `${loc.segment}${c}${loc.sequence}${c}${loc.field}` : '';
      const hl7Error = `${code}${c}${ERROR_TEXT[code] ?? ''}${c}HL70357`;
      segments.push(['ERR', '', location, hl7Error, 'E', '', '', '', text(reason)].join(f));
    } else {
      const s = enc.subcomponent;
      const located = loc ? `${loc.segment}${c}${loc.sequence}${c}${loc.field}` : `${c}${c}`;
      segments.push(['ERR', `${located}${c}${code}${s}${ERROR_TEXT[code] ?? ''}${s}HL70357`].join(f));
    }
  }
  return segments.join('\r');
}

function encodeComposite(c: Hl7Composite, enc: EncodingCharacters): string {
  return c
    .map((subs) => subs.map((s) => escapeValue(s, enc)).join(enc.subcomponent))
    .join(enc.component)
    .replace(new RegExp(`[${escapeRegExp(enc.component + enc.subcomponent)}]+$`), '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
}

/** 2.5.1 → 251, 2.3 → 230, for comparing versions. */
function versionNumber(version: string): number {
  const m = /^2\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return 251;
  return 200 + Number(m[1]) * 10 + Math.min(Number(m[2] ?? 0), 9);
}

function timestamp(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+0000`;
}

function ackControlId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20);
}
