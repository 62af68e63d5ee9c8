import type { AgreementLevel } from './agreement.js';
import type { ComparisonVector, MatchField } from './comparison-vector.js';
import { FIELD_LEVELS, MATCH_FIELDS } from './comparison-vector.js';

/** P(level | match) and P(level | non-match) for one field, over the levels its comparator produces. */
export interface FieldProbabilities {
  m: Partial<Record<AgreementLevel, number>>;
  u: Partial<Record<AgreementLevel, number>>;
}

/**
 * A Fellegi–Sunter model: per-field m and u probabilities (fields assumed conditionally independent
 * given match status) and the share of matches among the candidate pairs it was fitted on. Plain JSON,
 * so a fitted model can be stored and reloaded.
 */
export interface FellegiSunterModel {
  fields: Record<MatchField, FieldProbabilities>;
  matchProportion: number;
}

/**
 * Starting values: what a field's agreement levels typically look like among matches and non-matches in
 * demographic data. They let an untrained linker score sensibly and are where EM starts; EM replaces them.
 */
const PRIOR: Readonly<Record<MatchField, readonly [m: readonly number[], u: readonly number[]]>> = {
  nhsNumber: [
    [0.98, 0.02],
    [0.00001, 0.99999],
  ],
  identifier: [
    [0.9, 0.05, 0.05],
    [0.0001, 0.001, 0.9989],
  ],
  givenName: [
    [0.85, 0.08, 0.04, 0.03],
    [0.01, 0.01, 0.03, 0.95],
  ],
  familyName: [
    [0.85, 0.08, 0.04, 0.03],
    [0.005, 0.01, 0.03, 0.955],
  ],
  birthDate: [
    [0.9, 0.05, 0.02, 0.03],
    [0.0001, 0.002, 0.01, 0.9879],
  ],
  sex: [
    [0.98, 0.02],
    [0.5, 0.5],
  ],
  postcode: [
    [0.8, 0.05, 0.05, 0.1],
    [0.001, 0.005, 0.02, 0.974],
  ],
  address: [
    [0.7, 0.15, 0.05, 0.1],
    [0.001, 0.005, 0.02, 0.974],
  ],
  locality: [
    [0.8, 0.08, 0.04, 0.08],
    [0.01, 0.005, 0.02, 0.965],
  ],
  region: [
    [0.85, 0.05, 0.02, 0.08],
    [0.2, 0.01, 0.02, 0.77],
  ],
  telecom: [
    [0.6, 0.4],
    [0.0001, 0.9999],
  ],
};

function toRecord(field: MatchField, values: readonly number[]): Partial<Record<AgreementLevel, number>> {
  const out: Partial<Record<AgreementLevel, number>> = {};
  FIELD_LEVELS[field].forEach((level, i) => (out[level] = values[i] ?? 0));
  return out;
}

export function priorModel(): FellegiSunterModel {
  const fields = {} as Record<MatchField, FieldProbabilities>;
  for (const field of MATCH_FIELDS) {
    const [m, u] = PRIOR[field];
    fields[field] = { m: toRecord(field, m), u: toRecord(field, u) };
  }
  return { fields, matchProportion: 0.1 };
}

/** log2(m / u): the evidence one field's agreement level gives for (positive) or against a match. */
export function levelWeight(
  model: FellegiSunterModel,
  field: MatchField,
  level: AgreementLevel | 'missing',
): number {
  if (level === 'missing') return 0;
  const { m, u } = model.fields[field];
  const mp = m[level];
  const up = u[level];
  return mp === undefined || up === undefined || mp <= 0 || up <= 0 ? 0 : Math.log2(mp / up);
}

export function vectorWeight(model: FellegiSunterModel, vector: ComparisonVector): number {
  let weight = 0;
  for (const field of MATCH_FIELDS) weight += levelWeight(model, field, vector[field].level);
  return weight;
}

/**
 * P(match | weight) among pairs like those the model was fitted on (candidate pairs from blocking):
 * prior odds λ/(1−λ) times the likelihood ratio 2^weight.
 */
export function matchProbability(model: FellegiSunterModel, weight: number): number {
  const p = model.matchProportion;
  const odds = (p / (1 - p)) * 2 ** weight;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
}

/** The weight at which matchProbability reaches `probability`. */
export function weightForProbability(model: FellegiSunterModel, probability: number): number {
  const p = model.matchProportion;
  return Math.log2(probability / (1 - probability)) - Math.log2(p / (1 - p));
}
