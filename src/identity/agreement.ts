/**
 * How far two values of one field agree, coarsest to finest evidence of a match. Each comparator
 * decides what close and partial mean for its field; the Fellegi–Sunter model learns separately for
 * every field how often each level occurs among matches and non-matches, so levels of different fields
 * need not be comparable.
 */
export const AGREEMENT_LEVELS = ['exact', 'close', 'partial', 'disagree'] as const;
export type AgreementLevel = (typeof AGREEMENT_LEVELS)[number];

export interface Agreement {
  /** 'missing' when either side has no value: the field then neither supports nor opposes a match. */
  level: AgreementLevel | 'missing';
  /** Why, for the reviewer: "equal", "nickname", "transposed day/month", "jaro-winkler 0.93", … */
  reason: string;
}

export const MISSING: Agreement = { level: 'missing', reason: 'no value on one side' };

export function agreement(level: AgreementLevel, reason: string): Agreement {
  return { level, reason };
}

/** The more favourable of two agreements (earlier in AGREEMENT_LEVELS). */
export function better(a: Agreement, b: Agreement): Agreement {
  if (a.level === 'missing') return b;
  if (b.level === 'missing') return a;
  return AGREEMENT_LEVELS.indexOf(b.level) < AGREEMENT_LEVELS.indexOf(a.level) ? b : a;
}
