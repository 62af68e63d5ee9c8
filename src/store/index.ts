export type {
  ResourceStore,
  StoredVersion,
  WriteRequest,
  WriteResult,
  WriteOutcome,
  HistoryQuery,
  HistoryPage,
  SearchQuery,
  SearchFilter,
  SearchPage,
  TokenValue,
} from './resource-store.js';
export type { SqlDriver, SqlExecutor } from './sql-driver.js';
export type { Indexer } from './indexer.js';
export { openStore } from './open-store.js';
export type { StoreLocation, OpenedStore } from './open-store.js';
