import type { EncodingCharacters } from './encoding-characters.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes HL7 escape sequences in one leaf value (after splitting, because `\F\` stands for a field
 * separator that must not split anything). Formatting commands become plain text (`\.br\` a line
 * break); sequences Heartwood cannot interpret are kept as written, so nothing is silently lost.
 */
export function unescapeValue(value: string, enc: EncodingCharacters): string {
  const esc = enc.escape;
  if (esc === '' || !value.includes(esc)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf(esc, i);
    if (start < 0) break;
    const end = value.indexOf(esc, start + 1);
    if (end < 0) break;
    out += value.slice(i, start);
    const decoded = decodeSequence(value.slice(start + 1, end), enc);
    if (decoded === undefined) {
      // Not a sequence: keep the escape character and look for a sequence starting at the next one.
      out += esc;
      i = start + 1;
    } else {
      out += decoded;
      i = end + 1;
    }
  }
  return out + value.slice(i);
}

function decodeSequence(body: string, enc: EncodingCharacters): string | undefined {
  switch (body) {
    case 'F':
      return enc.field;
    case 'S':
      return enc.component;
    case 'T':
      return enc.subcomponent;
    case 'R':
      return enc.repetition;
    case 'E':
      return enc.escape;
    case 'H':
    case 'N':
      // Highlighting on/off: no plain-text equivalent.
      return '';
    case '.br':
      return '\n';
  }
  if (body.startsWith('X') && /^X(?:[0-9A-Fa-f]{2})+$/.test(body)) return hexText(body.slice(1));
  const sp = /^\.sp\s*([+-]?\d*)$/.exec(body);
  if (sp) return '\n'.repeat(Math.min(Math.max(Number(sp[1]) || 1, 1), 100));
  const sk = /^\.sk\s*([+-]?\d*)$/.exec(body);
  if (sk) return ' '.repeat(Math.min(Math.max(Number(sk[1]) || 1, 1), 100));
  // Fill mode, indents and centring, and character-set switches change layout, not content.
  if (/^\.(fi|nf|ce)$/.test(body) || /^\.(in|ti)\s*[+-]?\d*$/.test(body)) return '';
  if (/^[CM](?:[0-9A-Fa-f]{2}){2,3}$/.test(body)) return '';
  return undefined;
}

/** `\Xhh…\` carries raw bytes; UTF-8 when they form valid UTF-8, otherwise ISO 8859-1. */
function hexText(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  try {
    return UTF8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Escapes a value so it can be written into one leaf (a field, component or subcomponent). */
export function escapeValue(value: string, enc: EncodingCharacters): string {
  let out = '';
  for (const c of value) {
    if (c === enc.escape) out += `${enc.escape}E${enc.escape}`;
    else if (c === enc.field) out += `${enc.escape}F${enc.escape}`;
    else if (c === enc.component) out += `${enc.escape}S${enc.escape}`;
    else if (c === enc.subcomponent) out += `${enc.escape}T${enc.escape}`;
    else if (c === enc.repetition) out += `${enc.escape}R${enc.escape}`;
    else if (c === '\r') out += `${enc.escape}X0D${enc.escape}`;
    else if (c === '\n') out += `${enc.escape}X0A${enc.escape}`;
    else out += c;
  }
  return out;
}
