export type CopyValue = string | number | boolean | null;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** COPY text format: tab-separated, `\N` for NULL, with backslash, tab and line breaks escaped. */
export function copyText(rows: CopyValue[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (i > 0) out += '\t';
      const v = row[i];
      if (v === null || v === undefined) out += '\\N';
      else if (typeof v === 'boolean') out += v ? 't' : 'f';
      else if (typeof v === 'number') out += String(v);
      else out += /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, escapeChar) : v;
    }
    out += '\n';
  }
  return out;
}

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/** The COPY statement; names come from Heartwood's own code, and are checked anyway. */
export function copyStatement(table: string, columns: string[], source: string): string {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  }
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
}
