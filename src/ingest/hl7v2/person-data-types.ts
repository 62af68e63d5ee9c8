import type { DateConverter } from './hl7-datetime.js';
import { leaf } from './hl7-message.js';
import type { Hl7Composite } from './hl7-message.js';

type Json = Record<string, unknown>;

/** HL7 table 0200 name types → HumanName.use. */
const NAME_USE: Record<string, string> = {
  L: 'official',
  R: 'official',
  D: 'usual',
  A: 'usual',
  M: 'maiden',
  B: 'maiden',
  N: 'nickname',
  S: 'anonymous',
  TEMP: 'temp',
  NB: 'temp',
  BAD: 'old',
  NOUSE: 'old',
};

function compact(o: Json): Json | undefined {
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete o[k];
  }
  return Object.keys(o).length > 0 ? o : undefined;
}

function defined(values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => v !== undefined);
}

function period(dates: DateConverter, start: string | undefined, end: string | undefined): Json | undefined {
  return compact({ start: dates.dateTime(start), end: dates.dateTime(end) });
}

/**
 * A person's name from XPN (PID-5, NK1-2) or from the name part of XCN (which starts one component
 * later, after the id): `offset` is 0 for XPN and 1 for XCN.
 */
export function humanName(c: Hl7Composite, dates: DateConverter, offset = 0): Json | undefined {
  const at = (n: number, sub = 1) => leaf(c, n + offset, sub);
  const type = offset === 0 ? at(7)?.toUpperCase() : leaf(c, 10)?.toUpperCase();
  const name = compact({
    use: type === undefined ? undefined : NAME_USE[type],
    family: at(1),
    given: defined([at(2), ...(at(3)?.split(/\s+/) ?? [])]),
    prefix: defined([at(5)]),
    suffix: defined([at(4), at(6)]),
  });
  if (!name) return undefined;
  if (offset === 0) {
    const p = period(dates, at(10, 1) ?? at(12), at(10, 2) ?? at(13));
    if (p) name.period = p;
  }
  return name;
}

/** HL7 table 0190 address types → Address.use / Address.type. */
const ADDRESS_USE: Record<string, string> = {
  H: 'home',
  P: 'home',
  RH: 'home',
  L: 'home',
  B: 'work',
  O: 'work',
  C: 'temp',
  BA: 'old',
  BAD: 'old',
  BI: 'billing',
};

/** XAD → Address. */
export function address(c: Hl7Composite, dates: DateConverter): Json | undefined {
  const street = defined([leaf(c, 1, 1), leaf(c, 1, 2), leaf(c, 1, 3)]).join(' ');
  const type = leaf(c, 7)?.toUpperCase();
  const out = compact({
    use: type === undefined ? undefined : ADDRESS_USE[type],
    type: type === 'M' || type === 'SH' ? 'postal' : undefined,
    line: defined([street === '' ? undefined : street, leaf(c, 2)]),
    city: leaf(c, 3),
    district: leaf(c, 9),
    state: leaf(c, 4),
    postalCode: leaf(c, 5),
    country: leaf(c, 6),
  });
  if (!out) return undefined;
  const p = period(dates, leaf(c, 12, 1) ?? leaf(c, 13), leaf(c, 12, 2) ?? leaf(c, 14));
  if (p) out.period = p;
  return out;
}

const EQUIPMENT: Record<string, string> = {
  PH: 'phone',
  CP: 'phone',
  SAT: 'phone',
  FX: 'fax',
  BP: 'pager',
  INTERNET: 'email',
  'X.400': 'email',
  MD: 'other',
  TDD: 'other',
  TTY: 'other',
};

const TELECOM_USE: Record<string, string> = {
  PRN: 'home',
  ORN: 'home',
  WPN: 'work',
  VHN: 'temp',
};

/** XTN → ContactPoint (the system is always set: FHIR requires it whenever there is a value). */
export function contactPoint(c: Hl7Composite): Json | undefined {
  const use = leaf(c, 2)?.toUpperCase();
  const equipment = leaf(c, 3)?.toUpperCase();
  const email = leaf(c, 4);
  const composed = defined([
    leaf(c, 5) === undefined ? undefined : `+${leaf(c, 5)}`,
    leaf(c, 6),
    leaf(c, 7),
  ]).join(' ');
  const extension = leaf(c, 8);
  const number =
    leaf(c, 12) ??
    (composed === '' ? undefined : extension ? `${composed} ext. ${extension}` : composed) ??
    leaf(c, 1);
  const isEmail = equipment === 'INTERNET' || equipment === 'X.400' || use === 'NET';
  const value = isEmail ? (email ?? number) : (number ?? email);
  if (value === undefined) return undefined;
  const system =
    (equipment && EQUIPMENT[equipment]) ??
    (isEmail || (value === email && number === undefined) ? 'email' : 'phone');
  return compact({
    system,
    value,
    use: equipment === 'CP' ? 'mobile' : use === undefined ? undefined : TELECOM_USE[use],
  });
}
