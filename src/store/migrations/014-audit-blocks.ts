/**
 * Group-committed audit records (reads, searches: everything that writes nothing else) stored a
 * batch to a row. A record per row cost about 25 µs of database time and 15 µs of Node time: a heap
 * row, seven index entries and a patient row each, most of what auditing a read costs. A block keeps
 * the same records, each still hashed into its chain in its own place, as one JSON text, with its
 * patients, agents, organisations and subtypes indexed once per block (`audit_block_key`), so "who
 * accessed my record" and the privacy officer's searches find the blocks to open.
 *
 * - `seq` comes from the same sequence as `audit_event.seq`, so records of both tables sort together
 *   by arrival; a record in a block is `seq-i` (its index in the block from 0).
 * - `records` is a JSON array with one element per record: the record's canonical hashed form (see
 *   `chainHash`), followed by the hash it was chained after and its own. Stored out of line and
 *   uncompressed, as audit rows are (migration 012: compressing them as they were written cost a
 *   third of the database's time on them).
 * - `recorded_from`/`recorded_to` bound its records' instants, for time-range searches.
 *
 * Both tables refuse UPDATE, DELETE and TRUNCATE, like the rest of the audit trail.
 *
 * `audit_record` shows every record, stored a row each or in a block, as one relation (for reporting
 * in SQL); `id` is the AuditEvent's id.
 */
export const migration014 = {
  version: 14,
  name: 'audit-blocks',
  sql: `
CREATE TABLE audit_block (
  seq bigint PRIMARY KEY DEFAULT nextval('audit_seq'),
  chain smallint NOT NULL,
  first_pos bigint NOT NULL,
  last_pos bigint NOT NULL,
  recorded_from timestamptz NOT NULL,
  recorded_to timestamptz NOT NULL,
  records text NOT NULL
);
ALTER TABLE audit_block ALTER COLUMN records SET STORAGE EXTERNAL;
CREATE UNIQUE INDEX audit_block_chain_pos ON audit_block (chain, first_pos);
CREATE INDEX audit_block_recorded ON audit_block USING brin (recorded_to);

-- 'p:' patient id, 'a:' agent (subject, or the person acting), 'o:' organisation id, 's:' subtype.
CREATE TABLE audit_block_key (
  key text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (key, seq)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_block', 'audit_block_key'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION audit_append_only()', t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()', t || '_no_truncate', t);
  END LOOP;
END $$;

CREATE VIEW audit_record AS
  SELECT seq::text AS id, seq, 0 AS idx, chain, pos, recorded, subtype, action, outcome, agent_subject,
    agent_person, agent_org, patient_ids, purpose, content
  FROM audit_event
  UNION ALL
  SELECT b.seq || '-' || (e.i - 1), b.seq, (e.i - 1)::int, b.chain, (e.v->>0)::bigint, (e.v->>1)::timestamptz,
    e.v->>2, e.v->>3, e.v->>4, e.v->>5, e.v->>6, e.v->>7,
    ARRAY(SELECT json_array_elements_text(e.v->8)), e.v->>9, e.v->>10
  FROM audit_block b, json_array_elements(b.records::json) WITH ORDINALITY AS e(v, i);
`,
};
