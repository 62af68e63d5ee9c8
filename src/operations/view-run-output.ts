/**
 * Writes view rows as JSON, NDJSON or CSV, one row at a time, so that rows can be dropped as soon as
 * they are written.
 */
import type { ViewColumnInfo } from '../analytics/sql-on-fhir/index.js';
import type { ViewRunFormat } from './view-run-input.js';

export interface RowWriter {
  readonly contentType: string;
  row(row: Record<string, unknown>): void;
  /** The whole output; call once, after the last row. */
  finish(): string;
}

/** With the charset spelt out: the HTTP layer would add it to these types anyway. */
export const CONTENT_TYPES: Record<ViewRunFormat, string> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function createRowWriter(
  format: ViewRunFormat,
  columns: ViewColumnInfo[],
  options: { header: boolean },
): RowWriter {
  const parts: string[] = [];
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case 'json':
      return {
        contentType,
        row: (row) => parts.push(JSON.stringify(row)),
        finish: () => `[${parts.join(',')}]`,
      };
    case 'ndjson':
      return {
        contentType,
        row: (row) => parts.push(`${JSON.stringify(row)}\n`),
        finish: () => parts.join(''),
      };
    case 'csv': {
      const names = columns.map((c) => c.name);
      if (options.header) parts.push(csvRecord(names));
      return {
        contentType,
        row: (row) => parts.push(csvRecord(names.map((n) => csvText(row[n])))),
        finish: () => parts.join(''),
      };
    }
  }
}

/** One RFC 4180 record, CRLF-terminated. */
export function csvRecord(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Null is an empty field; collection columns (arrays) and complex values are written as JSON text. */
function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
