/** A UK postcode split the way Royal Mail allocates it. */
export interface UkPostcode {
  /** "SW1A 1AA" */
  postcode: string;
  /** "SW1A": the outward code, which is also the postcode district. */
  outward: string;
  /** "1AA" */
  inward: string;
  /** "SW": the postcode area (one or two letters). */
  area: string;
  /** "SW1A 1": outward code and the first digit of the inward code; a few thousand addresses. */
  sector: string;
}

// Outward: A9, A99, AA9, AA99, A9A, AA9A. Inward: digit then two letters (never C I K M O V).
const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$/;

/**
 * Parses a UK postcode in any spacing or case ("sw1a1aa", " SW1A  1AA "). The first inward character
 * must be a digit, so a letter O or I typed there is read as 0 or 1 — the commonest keying error. The
 * shape is checked, not whether Royal Mail has issued the code. GIR 0AA (Girobank) is accepted.
 */
export function parseUkPostcode(text: string): UkPostcode | undefined {
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (compact.length < 5 || compact.length > 7) return undefined;
  const digitAt = compact.length - 3;
  const fixed = compact.slice(0, digitAt) + fixDigit(compact.charAt(digitAt)) + compact.slice(digitAt + 1);
  if (fixed === 'GIR0AA') return split('GIR', '0AA');
  const m = UK_POSTCODE.exec(fixed);
  return m === null ? undefined : split(m[1] ?? '', m[2] ?? '');
}

function fixDigit(ch: string): string {
  if (ch === 'O') return '0';
  if (ch === 'I') return '1';
  return ch;
}

function split(outward: string, inward: string): UkPostcode {
  return {
    postcode: `${outward} ${inward}`,
    outward,
    inward,
    area: /^[A-Z]+/.exec(outward)?.[0] ?? outward,
    sector: `${outward} ${inward.charAt(0)}`,
  };
}

export function isUkPostcode(text: string): boolean {
  return parseUkPostcode(text) !== undefined;
}

/**
 * The stored form of any postal code: the canonical "SW1A 1AA" for UK postcodes; otherwise (records from
 * abroad, or test data with other countries' codes) upper case with spaces and punctuation removed, so
 * that it can still be compared exactly. Undefined when nothing is left.
 */
export function normalisePostcode(text: string): string | undefined {
  const uk = parseUkPostcode(text);
  if (uk !== undefined) return uk.postcode;
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact === '' ? undefined : compact;
}
