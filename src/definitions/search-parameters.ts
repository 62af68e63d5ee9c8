import { readGenerated } from './project-root.js';

export type SearchParamType =
  'number' | 'date' | 'string' | 'token' | 'reference' | 'composite' | 'quantity' | 'uri' | 'special';

/** An official R4 SearchParameter, reduced to what the server uses. */
export interface SearchParameterDefinition {
  url: string;
  code: string;
  base: string[];
  type: SearchParamType;
  expression?: string;
  target?: string[];
  modifier?: string[];
  comparator?: string[];
  component?: { definition: string; expression: string }[];
  description?: string;
}

export function loadSearchParameters(): SearchParameterDefinition[] {
  return readGenerated<SearchParameterDefinition[]>('r4-search-parameters.json');
}
