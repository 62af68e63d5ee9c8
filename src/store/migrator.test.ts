import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrator.js';

describe('splitStatements', () => {
  it('splits plain DDL on a semicolon that ends a line, dropping comments', () => {
    expect(splitStatements('CREATE TABLE a (x int);\n-- a note\nCREATE INDEX i ON a (x);  \n\n')).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE INDEX i ON a (x)',
    ]);
  });

  it('keeps a dollar-quoted function body whole', () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  RAISE EXCEPTION 'no';
  RETURN NULL;
END;
$body$`;
    expect(
      splitStatements(`${fn};\nCREATE TRIGGER t BEFORE DELETE ON a FOR EACH ROW EXECUTE FUNCTION f();\n`),
    ).toEqual([fn, 'CREATE TRIGGER t BEFORE DELETE ON a FOR EACH ROW EXECUTE FUNCTION f()']);
    expect(splitStatements('DO $$ BEGIN PERFORM 1;\nEND $$;\nSELECT 1')).toEqual([
      'DO $$ BEGIN PERFORM 1;\nEND $$',
      'SELECT 1',
    ]);
  });
});
