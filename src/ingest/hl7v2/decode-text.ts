export interface DecodedText {
  text: string;
  /** The character set the bytes were read as (a WHATWG encoding label). */
  charset: string;
  /** Set when the declared or assumed character set did not fit the bytes. */
  warning?: string;
}

/** MSH-18 values (HL7 table 0211) and the decoders that read them. */
const CHARSETS: Record<string, string> = {
  ASCII: 'utf-8',
  'UNICODE UTF-8': 'utf-8',
  'UTF-8': 'utf-8',
  '8859/1': 'iso-8859-1',
  '8859/2': 'iso-8859-2',
  '8859/5': 'iso-8859-5',
  '8859/7': 'iso-8859-7',
  '8859/9': 'iso-8859-9',
  '8859/15': 'iso-8859-15',
};

/**
 * Turns received bytes into text: a UTF-8 byte-order mark is dropped, MSH-18 chooses the character
 * set, and undeclared bytes that are not valid UTF-8 are read as Windows-1252 (what most hospital
 * systems that do not declare a character set actually send) rather than turned into U+FFFD.
 */
export function decodeMessageBytes(bytes: Uint8Array): DecodedText {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  const declared = declaredCharset(body);
  const label = declared === undefined ? 'utf-8' : CHARSETS[declared.toUpperCase()];
  if (label !== undefined && label !== 'utf-8') {
    return { text: new TextDecoder(label).decode(body), charset: label };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), charset: 'utf-8' };
  } catch {
    const warning =
      declared === undefined
        ? 'The message is not valid UTF-8 and declares no character set (MSH-18): it was read as Windows-1252.'
        : `MSH-18 declares "${declared.slice(0, 20)}", but the bytes are not valid UTF-8: they were read as Windows-1252.`;
    return { text: decodeWindows1252(body), charset: 'windows-1252', warning };
  }
}

/** 0x80–0x9F in Windows-1252 (Node's TextDecoder reads that label as ISO 8859-1, leaving C1 controls). */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** MSH-18's first repetition, read from the MSH line as single bytes (it is always plain ASCII). */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').replace(/^\s+/, '');
  if (!head.startsWith('MSH') || head.length < 8) return undefined;
  const fieldSep = head[3]!;
  const line = head.split(/[\r\n]/, 1)[0]!;
  const fields = line.split(fieldSep);
  const repetition = fields[1]?.[1];
  const value = fields[17]?.split(repetition ?? '~')[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
