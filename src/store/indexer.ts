import type { Extractor, IndexRows } from '../fhir/search/index.js';

/** Derives the search index rows of a resource; the store writes them with each new version. */
export type Indexer = Extractor;
export type { IndexRows };

/** Rows for nothing: the starting point every extractor fills. */
export function emptyIndexRows(): IndexRows {
  return {
    token: [],
    string: [],
    date: [],
    number: [],
    quantity: [],
    reference: [],
    uri: [],
    composite: [],
    text: { narrative: null, content: '' },
  };
}
