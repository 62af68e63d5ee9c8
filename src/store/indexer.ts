import type { FhirResource } from '../fhir/index.js';
import type { IndexRows } from './index-rows.js';

/** Derives the search index rows of a resource; the store writes them with each new version. */
export interface Indexer {
  extract(resource: FhirResource): IndexRows;
}

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
