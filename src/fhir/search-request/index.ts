export { parseSearch, parseFilter, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './parse-search.js';
export type { ParseOptions } from './parse-search.js';
export {
  splitUnescaped,
  unescapeValue,
  parseToken,
  parseDate,
  parseNumber,
  parseQuantity,
  parseReference,
} from './values.js';
export type * from './types.js';
export { normalizeString } from './normalize.js';
