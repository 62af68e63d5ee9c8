import type { FhirResource } from '../fhir/index.js';
import type { MatchField, MatchGrade, MatchScore } from '../identity/index.js';
import { MATCH_FIELDS } from '../identity/index.js';

export const MATCH_GRADE_URL = 'http://hl7.org/fhir/StructureDefinition/match-grade';
export const MATCH_EXPLANATION_URL =
  'https://heartwood.nhs.example/fhir/StructureDefinition/match-explanation';

/** A surviving Patient and its best score over itself and the records merged into it. */
export interface MatchResult {
  patient: FhirResource;
  score: MatchScore;
  /** The merged-away record whose details gave the best score, when it was not the survivor's own. */
  via?: string;
}

interface Extension {
  url: string;
  valueCode?: MatchGrade;
  valueString?: string;
  valueDecimal?: number;
  extension?: Extension[];
}

/** Three decimals: the weights are estimates, more digits would only suggest precision. */
const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Why the matcher graded the pair so, as a complex extension: one `field:<name>` part per compared
 * field ("exact — equal, weight +13.3"), the total weight, the review hold and the merged record used.
 * Missing fields are left out: they neither support nor oppose the match.
 */
function explanation(result: MatchResult): Extension {
  const parts: Extension[] = [{ url: 'weight', valueDecimal: round(result.score.weight) }];
  for (const field of MATCH_FIELDS as readonly MatchField[]) {
    const f = result.score.fields[field];
    if (f.level === 'missing') continue;
    const sign = f.weight >= 0 ? '+' : '';
    parts.push({
      url: `field:${field}`,
      valueString: `${f.level} — ${f.reason}, weight ${sign}${round(f.weight)}`,
    });
  }
  if (result.score.heldForReview)
    parts.push({ url: 'heldForReview', valueString: result.score.heldForReview });
  if (result.via) parts.push({ url: 'mergedRecord', valueString: `Patient/${result.via}` });
  return { url: MATCH_EXPLANATION_URL, extension: parts };
}

export function matchEntry(base: string, result: MatchResult): Record<string, unknown> {
  return {
    fullUrl: `${base}/Patient/${String(result.patient.id)}`,
    resource: result.patient,
    search: {
      extension: [{ url: MATCH_GRADE_URL, valueCode: result.score.grade }, explanation(result)],
      mode: 'match',
      score: round(result.score.probability),
    },
  };
}

export interface MatchNote {
  severity: 'warning' | 'information';
  /** An R4 issue-type code. */
  code: 'multiple-matches' | 'incomplete' | 'informational';
  diagnostics: string;
}

export function outcomeEntry(notes: MatchNote[]): Record<string, unknown> {
  return {
    fullUrl: `urn:uuid:${globalThis.crypto.randomUUID()}`,
    resource: {
      resourceType: 'OperationOutcome',
      issue: notes.map((n) => ({ severity: n.severity, code: n.code, diagnostics: n.diagnostics })),
    },
    search: { mode: 'outcome' },
  };
}
