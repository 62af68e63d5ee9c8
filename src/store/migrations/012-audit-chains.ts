/**
 * Several audit chains instead of one. With a single chain every write transaction held the one
 * head row from its audit append to its commit, so all writes in the system took turns there, and
 * read records went one batch at a time. Now write transactions take whichever of chains 1–4 is free
 * (`FOR UPDATE SKIP LOCKED`) and group-committed read records go on chains 5–8, a batch in flight on
 * each. Each record has its place in one chain (`chain`, `pos`, gap-free per chain, so a gap is a
 * removal); `seq` becomes the record's id, handed out by a sequence in arrival order, which "who
 * accessed my record" pages by. `heartwood audit verify` walks every chain.
 *
 * Records already written stay where they are: chain 1, their position being their old `seq`.
 *
 * Rows stay inline and uncompressed up to a page (`toast_tuple_target`): a search's record lists the
 * 50 resources it returned (about 3 kB), and compressing each one as it is written cost a third of
 * the database's time on it, to save about a quarter of its size.
 */
export const migration012 = {
  version: 12,
  name: 'audit-chains',
  sql: `
ALTER TABLE audit_event ADD COLUMN chain smallint NOT NULL DEFAULT 1, ADD COLUMN pos bigint;

ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
UPDATE audit_event SET pos = seq;
ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;

ALTER TABLE audit_event ALTER COLUMN pos SET NOT NULL, ALTER COLUMN chain DROP DEFAULT;
ALTER TABLE audit_event SET (toast_tuple_target = 8160);
CREATE UNIQUE INDEX audit_event_chain_pos ON audit_event (chain, pos);

CREATE SEQUENCE audit_seq AS bigint;
SELECT setval('audit_seq', (SELECT coalesce(max(seq), 0) + 1 FROM audit_event), false);
ALTER TABLE audit_event ALTER COLUMN seq SET DEFAULT nextval('audit_seq');

ALTER TABLE audit_head DROP CONSTRAINT audit_head_id_check;
ALTER TABLE audit_head RENAME COLUMN seq TO pos;
ALTER TABLE audit_head ADD CONSTRAINT audit_head_chain CHECK (id BETWEEN 1 AND 8);
INSERT INTO audit_head (id, pos, hash)
  SELECT c, 0, '0000000000000000000000000000000000000000000000000000000000000000' FROM generate_series(2, 8) AS c;
`,
};
