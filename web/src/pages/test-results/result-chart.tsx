import type { KnownTest } from '../../clinical/known-tests.js';
import { displayUnit, observationDate, sameUnit, seriesQuantity } from '../../clinical/observation-values.js';
import { LineChart } from '../../charts/line-chart.js';
import type { ChartSeries } from '../../charts/line-chart.js';
import type { Observation } from '../../fhir/resources.js';
import { parseFhirDate } from '../../i18n/fhir-date.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** The chart of a known test over time, with a figure caption and a spoken summary of what it shows. */
export function ResultChart({ test, results }: { test: KnownTest; results: Observation[] }) {
  const { t, number, date, monthYear } = useI18n();
  const series: ChartSeries[] = test.series.map((s) => ({
    id: s.id,
    label: t(s.labelId),
    points: results.flatMap((o) => {
      const q = seriesQuantity(o, s);
      const when = parseFhirDate(observationDate(o));
      return q?.value !== undefined && when && sameUnit(q, test.unit)
        ? [{ date: when.date, value: q.value }]
        : [];
    }),
  }));
  const charted = Math.max(...series.map((s) => s.points.length));
  if (charted < 2) return <p>{t('chart.tooFew')}</p>;

  const unit = displayUnit({ unit: test.unit });
  const day = (d: Date) => date(d.toISOString()) ?? '';
  const summary = [
    t('chart.summary', { name: t(test.inSentenceId), count: charted }),
    ...series
      .filter((s) => s.points.length > 0)
      .map((s) => {
        const sorted = [...s.points].sort((a, b) => a.date.getTime() - b.date.getTime());
        const values = sorted.map((p) => p.value);
        return t('chart.seriesSummary', {
          series: s.label,
          from: day(sorted[0]!.date),
          to: day(sorted[sorted.length - 1]!.date),
          lowest: `${number(Math.min(...values))} ${unit}`,
          highest: `${number(Math.max(...values))} ${unit}`,
          latest: `${number(values[values.length - 1]!)} ${unit}`,
        });
      }),
  ].join(' ');

  return (
    <figure className="app-figure">
      <figcaption className="nhsuk-body">
        <strong>{t('chart.caption', { name: t(test.inSentenceId) })}</strong> {t('chart.tableNote')}
      </figcaption>
      <LineChart
        series={series}
        unit={unit}
        summary={summary}
        formatValue={(v) => number(v)}
        formatTick={monthYear}
      />
    </figure>
  );
}
