/**
 * Token index rows carry their version's sequence number, and the value index ends with it: a search
 * on one code (the commonest search) reads its first page in order straight from the index instead of
 * fetching and sorting every match. Existing databases: run `heartwood admin reindex` to fill it.
 */
export const migration005 = {
  version: 5,
  name: 'token-seq',
  sql: `
ALTER TABLE search_token ADD COLUMN seq bigint;
DROP INDEX search_token_value_idx;
CREATE INDEX search_token_value_idx ON search_token (resource_type, param, code, seq);
`,
};
