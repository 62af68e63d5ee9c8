import { errors } from '../../fhir/index.js';
import type { SqlExecutor } from '../../store/index.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, protectRate, protectTable } from '../privacy/index.js';
import type { DisclosureMethodNote, ProtectedCell } from '../privacy/index.js';
import { measureById } from './measure-catalogue.js';
import type { MeasureDefinition } from './measure-catalogue.js';
import type { MeasurePeriod } from './measure-period.js';
import { measureSql } from './measure-sql.js';
import type { MeasureRow } from './measure-sql.js';

const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';

export interface PublishedProviderRow {
  provider: { id: string; name: string; odsCode?: string };
  /** Met the standard (e.g. left within 4 hours), did not, and all: each protected on its own. */
  met: ProtectedCell;
  notMet: ProtectedCell;
  total: ProtectedCell;
  /** Share met, in %, one decimal; null when suppressed. */
  share: number | null;
  median?: number | null;
  /** League table position (1 = best) among providers with a published share; ties share a rank. */
  rank: number | null;
}

export interface PublishedMeasure {
  measure: MeasureDefinition;
  period: MeasurePeriod;
  rows: PublishedProviderRow[];
  national: {
    met: ProtectedCell;
    notMet: ProtectedCell;
    total: ProtectedCell;
    share: number | null;
    median?: number | null;
  };
  /** True when people with the national data opt-out were left out. */
  optOutsExcluded: boolean;
  disclosure: DisclosureMethodNote;
}

export interface MeasureDeps {
  driver: SqlExecutor;
  /** Published statistics are secondary use: leave opt-outs out (default true). */
  secondaryUse?: boolean;
}

/**
 * Computes one measure for a period and makes it safe to publish: the per-provider counts form a
 * table (met / not met by provider) that goes through disclosure control as a whole, so the national
 * totals cannot be used to recover a suppressed provider. Shares come from the true counts and are
 * withheld whenever their numerator or denominator is.
 */
export async function computeMeasure(
  deps: MeasureDeps,
  id: string,
  period: MeasurePeriod,
): Promise<PublishedMeasure> {
  const measure = measureById(id);
  if (!measure) throw errors.notFound(`There is no measure ${id.slice(0, 64)}.`);
  const secondaryUse = deps.secondaryUse ?? true;
  const { rows } = await deps.driver.query<MeasureRow>(measureSql(id, secondaryUse), [
    period.start,
    period.end,
  ]);
  const national = rows.find((r) => r.provider === null);
  const byProvider = rows
    .filter((r): r is MeasureRow & { provider: string } => r.provider !== null)
    .map((r) => ({
      id: r.provider,
      met: Number(r.numerator),
      total: Number(r.denominator),
      median: r.median === undefined || r.median === null ? null : Number(r.median),
    }))
    .filter((r) => r.total > 0);
  const names = await providerNames(
    deps.driver,
    byProvider.map((r) => r.id),
  );
  byProvider.sort((a, b) => (names.get(a.id)?.name ?? a.id).localeCompare(names.get(b.id)?.name ?? b.id));

  // A table needs a row: with no activity at all, publish an empty league table and zero totals.
  const counts = byProvider.length > 0 ? byProvider.map((r) => [r.met, r.total - r.met]) : [[0, 0]];
  const table = protectTable(counts);
  const visible = (c: ProtectedCell) => c.flag !== 'suppressed-primary' && c.flag !== 'suppressed-secondary';
  const published: PublishedProviderRow[] = byProvider.map((r, i) => {
    const met = table.cells[i]![0]!;
    const notMet = table.cells[i]![1]!;
    const total = table.rowTotals[i]!;
    const rate = protectRate(r.met, r.total, { decimals: 1 });
    const share = visible(met) && visible(total) ? rate.value : null;
    const row: PublishedProviderRow = {
      provider: names.get(r.id) ?? { id: r.id, name: 'Unknown organisation' },
      met,
      notMet,
      total,
      share,
      rank: null,
    };
    if (measure.median) row.median = publishMedian(r.median, r.total, visible(total));
    return row;
  });
  rank(published, measure.higherIsBetter);

  const nationalMet = byProvider.reduce((a, r) => a + r.met, 0);
  const nationalTotal = byProvider.reduce((a, r) => a + r.total, 0);
  const nationalRate = protectRate(nationalMet, nationalTotal, { decimals: 1 });
  const nationalOut: PublishedMeasure['national'] = {
    met: table.columnTotals[0]!,
    notMet: table.columnTotals[1]!,
    total: table.grandTotal,
    share: visible(table.columnTotals[0]!) && visible(table.grandTotal) ? nationalRate.value : null,
  };
  if (measure.median) {
    const m = national?.median;
    nationalOut.median = publishMedian(
      m === undefined || m === null ? null : Number(m),
      nationalTotal,
      visible(table.grandTotal),
    );
  }
  return {
    measure,
    period,
    rows: published,
    national: nationalOut,
    optOutsExcluded: secondaryUse,
    disclosure: table.method,
  };
}

/** A median over so few people that it describes them individually is withheld, like a small count. */
function publishMedian(median: number | null, count: number, totalVisible: boolean): number | null {
  if (median === null || !totalVisible || count <= DEFAULT_SUPPRESSION_THRESHOLD) return null;
  return Math.round(median * 10) / 10;
}

/** Standard competition ranking (1, 2, 2, 4) over the published shares; suppressed rows are unranked. */
function rank(rows: PublishedProviderRow[], higherIsBetter: boolean): void {
  const ranked = rows
    .filter((r) => r.share !== null)
    .sort((a, b) => (higherIsBetter ? b.share! - a.share! : a.share! - b.share!));
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    r.rank = prev && prev.share === r.share ? prev.rank : i + 1;
  });
}

async function providerNames(
  driver: SqlExecutor,
  ids: string[],
): Promise<Map<string, { id: string; name: string; odsCode?: string }>> {
  const out = new Map<string, { id: string; name: string; odsCode?: string }>();
  if (ids.length === 0) return out;
  const { rows } = await driver.query<{ id: string; name: string | null; ods: string | null }>(
    `SELECT r.id, r.content::jsonb ->> 'name' AS name,
       (SELECT i ->> 'value' FROM jsonb_array_elements(coalesce(r.content::jsonb -> 'identifier', '[]'::jsonb)) i
        WHERE i ->> 'system' = $2 LIMIT 1) AS ods
     FROM resource r WHERE r.resource_type = 'Organization' AND r.id = ANY($1::text[]) AND NOT r.deleted`,
    [ids, ODS],
  );
  for (const r of rows) {
    out.set(r.id, { id: r.id, name: r.name ?? 'Unnamed organisation', ...(r.ods ? { odsCode: r.ods } : {}) });
  }
  return out;
}
