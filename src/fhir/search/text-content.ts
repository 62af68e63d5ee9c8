import type { FhirResource } from '../resource.js';

/** `_content` is for finding words, not storing documents: longer content is cut here. */
export const CONTENT_LIMIT = 64 * 1024;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  deg: '°',
  micro: 'µ',
  plusmn: '±',
  times: '×',
  middot: '·',
  bull: '•',
};

function decodeEntity(match: string, body: string): string {
  if (body.startsWith('#')) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const cp = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : match;
  }
  return NAMED_ENTITIES[body] ?? match;
}

/** Inline tags sit inside words (`<b>H</b>ello`); every other tag separates words. */
const INLINE_TAG =
  /<\/?(?:a|abbr|b|big|cite|code|dfn|em|font|i|kbd|q|s|samp|small|span|strong|sub|sup|tt|u|var)(?:\s[^>]*)?\/?>/gi;

/** The words of an XHTML narrative: comments and tags removed, entities decoded, spaces collapsed. */
export function narrativeText(div: string): string {
  return div
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(INLINE_TAG, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g, decodeEntity)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Keys whose strings are not content: the type name, the narrative markup (its words are added
 * once, decoded) and base64 attachment data.
 */
const NOT_CONTENT: ReadonlySet<string> = new Set(['resourceType', 'div', 'data']);

/**
 * `_text` and `_content` of a resource: the narrative's words, and every string value of the
 * resource (narrative words included) joined by spaces, cut at CONTENT_LIMIT characters.
 */
export function textContent(resource: FhirResource): { narrative: string | null; content: string } {
  const div = (resource.text as { div?: unknown } | undefined)?.div;
  const narrative = typeof div === 'string' ? narrativeText(div) || null : null;
  const parts: string[] = narrative === null ? [] : [narrative];
  let length = narrative?.length ?? 0;
  const visit = (v: unknown): boolean => {
    if (typeof v === 'string') {
      if (v === '') return true;
      parts.push(v);
      length += v.length + 1;
      return length < CONTENT_LIMIT;
    }
    if (Array.isArray(v)) {
      for (const x of v) if (!visit(x)) return false;
    } else if (typeof v === 'object' && v !== null) {
      for (const key in v) {
        if (NOT_CONTENT.has(key)) continue;
        if (!visit((v as Record<string, unknown>)[key])) return false;
      }
    }
    return true;
  };
  visit(resource);
  const content = parts.join(' ');
  return { narrative, content: content.length > CONTENT_LIMIT ? content.slice(0, CONTENT_LIMIT) : content };
}
