export type {
  ResourceStore,
  StoredVersion,
  WriteRequest,
  WriteOptions,
  WriteResult,
  WriteOutcome,
  HistoryQuery,
  HistoryPage,
} from './resource-store.js';
export type { SearchResult } from './search/run-search.js';
export type { SqlDriver, SqlExecutor } from './sql-driver.js';
export type { Indexer } from './indexer.js';
export { emptyIndexRows } from './indexer.js';
export type { IndexRows } from './indexer.js';
export { openStore } from './open-store.js';
export type { StoreLocation, OpenedStore } from './open-store.js';
export { reindexAll } from './reindex.js';
export type { ReindexProgress } from './reindex.js';
export { drainTextIndex, startTextIndexer } from './text-index.js';
export { startBackgroundLoop } from './background-loop.js';
export type { BackgroundLoop } from './background-loop.js';
export { filterSql } from './search/filter-sql.js';
export { SqlParams } from './search/sql-params.js';
export type { AccessRule } from './access-rule.js';
export type { ReadOptions } from './resource-store.js';
export { accessSql, listedRecords, registeredSet, relationshipSet } from './search/access-sql.js';
export { createPatientKey } from './patient-key.js';
export { settledSeq } from './settled-seq.js';
export type { PatientKeyFn } from './patient-key.js';
export { scratchDatabase } from './test-database.js';
