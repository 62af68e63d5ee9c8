import type { EncodingCharacters } from './encoding-characters.js';
import { unescapeValue } from './escape-sequences.js';
import { createMessage, createSegment } from './hl7-message.js';
import type { Hl7Composite, Hl7Message, Hl7Segment } from './hl7-message.js';
import { Hl7ParseError } from './parse-error.js';

export interface ParseOptions {
  /** Longest message accepted, in characters; default 16 MiB. */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;
const BATCH_SEGMENTS = new Set(['FHS', 'BHS', 'BTS', 'FTS']);
// C0 controls other than tab, CR and LF never occur in HL7 text; they mean binary data or a framing error.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/**
 * Parses one HL7 v2 message. Segments may end with CR (the standard), LF or CRLF; a UTF-8 byte-order
 * mark and surrounding blank lines are ignored. Throws Hl7ParseError, never anything else, for input
 * that is not a single well-formed message.
 */
export function parseHl7Message(input: string, options: ParseOptions = {}): Hl7Message {
  const max = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (input.length > max) {
    throw new Hl7ParseError(`The message is ${input.length} characters long; the limit is ${max}.`);
  }
  const text = input.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (text.trim() === '') throw new Hl7ParseError('The message is empty.');
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(2, '0');
    throw new Hl7ParseError(
      `The message contains the control character 0x${code} at offset ${control.index}: it is not HL7 v2 text.`,
    );
  }
  if (!text.startsWith('MSH')) throw new Hl7ParseError('The message does not start with an MSH segment.');
  const encoding = readEncoding(text);

  const lines = text.split(/\r\n|\r|\n/);
  const segments: Hl7Segment[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const sequence = segments.length + 1;
    const sep = line.indexOf(encoding.field);
    const id = sep < 0 ? line.trim() : line.slice(0, sep);
    if (!SEGMENT_ID.test(id)) {
      throw new Hl7ParseError(
        `Segment ${sequence} starts with ${JSON.stringify(id.slice(0, 8))}, which is not a segment id.`,
      );
    }
    if (BATCH_SEGMENTS.has(id)) {
      throw new Hl7ParseError(`Segment ${sequence} is ${id}: batches must be split into single messages.`);
    }
    if (id === 'MSH' && sequence > 1) {
      throw new Hl7ParseError(
        `Segment ${sequence} is a second MSH: send one message at a time (one per MLLP frame).`,
      );
    }
    segments.push(lazySegment(id, sequence, sep < 0 ? '' : line.slice(sep + 1), encoding));
  }
  return createMessage(encoding, segments);
}

function readEncoding(text: string): EncodingCharacters {
  const field = text[3];
  if (field === undefined || /[A-Za-z0-9\s]/.test(field)) {
    throw new Hl7ParseError('MSH-1 (the field separator after "MSH") is missing or not a delimiter.');
  }
  const end = text.indexOf(field, 4);
  const lineEnd = text.search(/[\r\n]/);
  const declared = end < 0 || (lineEnd >= 0 && lineEnd < end) ? '' : text.slice(4, end);
  const chars = [...declared];
  // Four delimiters; v2.7 adds a fifth, the truncation character, which splits nothing.
  const valid =
    (chars.length === 4 || chars.length === 5) &&
    new Set([field, ...chars]).size === chars.length + 1 &&
    chars.every((c) => !/[A-Za-z0-9\s]/.test(c));
  if (!valid) {
    throw new Hl7ParseError(
      `MSH-2 encoding characters ${JSON.stringify(declared.slice(0, 8))} are not valid: expected four distinct delimiters such as ^~\\&.`,
    );
  }
  const [component, repetition, escape, subcomponent] = chars as [string, string, string, string];
  return { field, component, repetition, escape, subcomponent };
}

/**
 * The segment over its fields by their number in the specification. MSH counts the field separator
 * itself as MSH-1 and keeps MSH-2 unsplit, so MSH-9 is the ninth field as everyone expects. Only the
 * split into fields happens here; each field is split further when first read.
 */
function lazySegment(id: string, sequence: number, rest: string, enc: EncodingCharacters): Hl7Segment {
  const raw = rest.split(enc.field);
  if (id === 'MSH') {
    const declared = raw.shift() ?? '';
    return createSegment(id, sequence, raw.length + 2, (n) =>
      n === 1 ? [[[enc.field]]] : n === 2 ? [[[declared]]] : splitField(raw[n - 3]!, enc),
    );
  }
  return createSegment(id, sequence, raw.length, (n) => splitField(raw[n - 1]!, enc));
}

function splitField(field: string, enc: EncodingCharacters): Hl7Composite[] {
  return field
    .split(enc.repetition)
    .map((rep) =>
      rep.split(enc.component).map((comp) => comp.split(enc.subcomponent).map((s) => unescapeValue(s, enc))),
    );
}
