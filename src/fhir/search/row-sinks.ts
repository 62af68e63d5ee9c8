import type { FhirResource } from '../resource.js';
import { dateRows } from './date-values.js';
import type { Sink } from './path-compiler.js';
import { numberRows, quantityRows } from './quantity-values.js';
import { referenceRows, uriRows } from './reference-values.js';
import { stringRows } from './string-values.js';
import { tokenRows } from './token-values.js';
import type { ComponentValue, IndexRows, SearchParamKind } from './types.js';

/** What walkers write into while one resource is indexed. */
export interface ExtractionState {
  readonly resource: FhirResource;
  readonly rows: IndexRows;
}

export const resourceOf = (state: { readonly resource: FhirResource }): FhirResource => state.resource;

/** The table a kind of parameter fills; composites fill `composite`. */
export type RowTable = Exclude<keyof IndexRows, 'text'>;

export function tableOf(kind: SearchParamKind): RowTable | undefined {
  return kind === 'special' ? undefined : kind;
}

/** The sink that turns selected values into rows of the parameter's kind. */
export function rowSink(kind: SearchParamKind, code: string): Sink<ExtractionState> | undefined {
  switch (kind) {
    case 'token':
      return (v, t, s) => tokenRows(code, v, t, s.rows.token);
    case 'string':
      return (v, t, s) => stringRows(code, v, t, s.rows.string);
    case 'date':
      return (v, t, s) => dateRows(code, v, t, s.rows.date);
    case 'number':
      return (v, t, s) => numberRows(code, v, t, s.rows.number);
    case 'quantity':
      return (v, t, s) => quantityRows(code, v, t, s.rows.quantity);
    case 'reference':
      return (v, t, s) => referenceRows(code, v, t, s.rows.reference);
    case 'uri':
      return (v, t, s) => uriRows(code, v, t, s.rows.uri);
    default:
      return undefined;
  }
}

/** What a composite component's walker writes into: the values of one element instance. */
export interface ComponentScratch {
  readonly resource: FhirResource;
  readonly values: ComponentValue[];
}

/**
 * The sink for one composite component: the same rows as a standalone parameter of its kind, reduced
 * to the tagged values composite rows carry. Values such a value cannot express (a display-only
 * token, a reference known only by URL) are left out.
 */
export function componentSink(kind: string): Sink<ComponentScratch> | undefined {
  switch (kind) {
    case 'token':
      return (v, t, s) => {
        const rows: Parameters<typeof tokenRows>[3] = [];
        tokenRows('', v, t, rows);
        for (const r of rows) {
          if (r.code !== null) s.values.push({ type: 'token', system: r.system, code: r.code });
        }
      };
    case 'quantity':
      return (v, t, s) => {
        const rows: Parameters<typeof quantityRows>[3] = [];
        quantityRows('', v, t, rows);
        for (const { param: _p, ...q } of rows) s.values.push({ type: 'quantity', ...q });
      };
    case 'number':
      return (v, t, s) => {
        const rows: Parameters<typeof numberRows>[3] = [];
        numberRows('', v, t, rows);
        for (const r of rows) s.values.push({ type: 'number', value: r.value, low: r.low, high: r.high });
      };
    case 'date':
      return (v, t, s) => {
        const rows: Parameters<typeof dateRows>[3] = [];
        dateRows('', v, t, rows);
        for (const r of rows) s.values.push({ type: 'date', low: r.low, high: r.high });
      };
    case 'string':
      return (v, t, s) => {
        const rows: Parameters<typeof stringRows>[3] = [];
        stringRows('', v, t, rows);
        for (const r of rows) s.values.push({ type: 'string', value: r.value });
      };
    case 'reference':
      return (v, t, s) => {
        const rows: Parameters<typeof referenceRows>[3] = [];
        referenceRows('', v, t, rows);
        for (const r of rows) {
          if (r.targetId !== null) {
            s.values.push({ type: 'reference', targetType: r.targetType, targetId: r.targetId });
          }
        }
      };
    case 'uri':
      return (v, t, s) => {
        const rows: Parameters<typeof uriRows>[3] = [];
        uriRows('', v, t, rows);
        for (const r of rows) s.values.push({ type: 'uri', value: r.value });
      };
    default:
      return undefined;
  }
}
