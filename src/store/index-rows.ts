/**
 * Index rows of one resource, as the search extractor produces them (see src/fhir/search). The store
 * only writes them; it does not know how they were derived.
 */
export interface IndexRows {
  token: {
    param: string;
    system: string | null;
    code: string | null;
    display: string | null;
    typeSystem?: string | null;
    typeCode?: string | null;
  }[];
  string: { param: string; value: string }[];
  date: { param: string; low: string | null; high: string | null }[];
  number: { param: string; value: string; low: string; high: string }[];
  quantity: {
    param: string;
    value: string;
    low: string;
    high: string;
    system: string | null;
    code: string | null;
    unit: string | null;
  }[];
  reference: {
    param: string;
    targetType: string | null;
    targetId: string | null;
    targetVersion: string | null;
    url: string | null;
    identifierSystem: string | null;
    identifierValue: string | null;
  }[];
  uri: { param: string; value: string }[];
  composite: { param: string; components: unknown[] }[];
  text: { narrative: string | null; content: string };
}
