import type { SqlDriver, SqlExecutor } from '../src/store/sql-driver.js';

/**
 * Counts the SQL round trips the driver makes (BEGIN and COMMIT included), by wrapping its methods;
 * every part of the service (store, audit, inbox) goes through this one driver object.
 */
export function countRoundTrips(driver: SqlDriver): { count: () => number } {
  let n = 0;
  const counted = (exec: SqlExecutor): SqlExecutor => ({
    query: (sql, params, name) => {
      n++;
      return exec.query(sql, params, name);
    },
    copyRows: (table, columns, rows) => {
      if (rows.length > 0) n++;
      return exec.copyRows(table, columns, rows);
    },
  });
  const plain = counted({ query: driver.query.bind(driver), copyRows: driver.copyRows.bind(driver) });
  const transaction = driver.transaction.bind(driver);
  driver.query = plain.query;
  driver.copyRows = plain.copyRows;
  driver.transaction = (fn) => {
    n += 2;
    return transaction((tx) => fn(counted(tx)));
  };
  return { count: () => n };
}
