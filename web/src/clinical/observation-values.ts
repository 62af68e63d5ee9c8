import type { Observation, Quantity } from '../fhir/resources.js';
import { conceptMatches, conceptText } from './concept-text.js';
import type { KnownTest, TestSeries } from './known-tests.js';

/** When a result was taken: the effective time, else when it was issued. */
export function observationDate(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;
}

export function seriesQuantity(o: Observation, series: TestSeries): Quantity | undefined {
  if (!series.component) return o.valueQuantity;
  return o.component?.find((c) => conceptMatches(c.code, series.component!))?.valueQuantity;
}

/** Units as people write them: UCUM's `kg/m2` is kg/m². */
export function displayUnit(quantity: Pick<Quantity, 'unit' | 'code'>): string {
  const unit = quantity.unit ?? quantity.code ?? '';
  return unit.replace(/m2$/, 'm²').replace(/^mm\[Hg\]$/, 'mmHg');
}

export function sameUnit(quantity: Quantity, unit: string): boolean {
  return quantity.unit === unit || quantity.code === unit || displayUnit(quantity) === displayUnit({ unit });
}

type NumberFormat = (value: number) => string;

/**
 * A result as one line of text: "52 mmol/mol", or for blood pressure "128/82 mmHg". Undefined when
 * the observation carries no value the pages can show.
 */
export function formatResult(
  o: Observation,
  test: KnownTest | undefined,
  number: NumberFormat,
): string | undefined {
  const quantity = (q: Quantity | undefined) =>
    q?.value === undefined ? undefined : `${q.comparator ?? ''}${number(q.value)}`;
  if (test && test.series.length > 1 && test.series.every((s) => s.component)) {
    const parts = test.series.map((s) => seriesQuantity(o, s));
    const values = parts.map(quantity);
    if (values.every((v) => v !== undefined)) {
      const unit = parts[0] ? displayUnit(parts[0]) : '';
      return `${values.join('/')} ${unit}`.trim();
    }
  }
  if (o.valueQuantity?.value !== undefined) {
    return `${quantity(o.valueQuantity)} ${displayUnit(o.valueQuantity)}`.trim();
  }
  if (o.valueString) return o.valueString;
  const coded = conceptText(o.valueCodeableConcept);
  if (coded) return coded;
  const components = (o.component ?? [])
    .map((c) => {
      const value = quantity(c.valueQuantity);
      const name = conceptText(c.code);
      return value && name ? `${name}: ${value} ${displayUnit(c.valueQuantity!)}`.trim() : undefined;
    })
    .filter((c): c is string => c !== undefined);
  return components.length ? components.join(', ') : undefined;
}
