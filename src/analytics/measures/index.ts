/** Performance measures and league tables, computed in SQL and protected for publication. */
export { MEASURES, measureById } from './measure-catalogue.js';
export type { MeasureDefinition } from './measure-catalogue.js';
export { parseMeasurePeriod } from './measure-period.js';
export type { MeasurePeriod } from './measure-period.js';
export { DIGITAL_BOOKING_SOURCES, measureSql } from './measure-sql.js';
export { computeMeasure } from './compute-measure.js';
export type { MeasureDeps, PublishedMeasure, PublishedProviderRow } from './compute-measure.js';
