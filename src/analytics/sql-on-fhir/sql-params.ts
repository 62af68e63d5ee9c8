/**
 * Bind parameters of one compiled query. Everything that comes from the view — literals, constants,
 * resource types and the JSON paths built from its member names — reaches PostgreSQL through here,
 * never spliced into the SQL text.
 */

export interface SqlParams {
  /** A parameter reference (`$3::text`) for a value. */
  value(v: unknown, cast: 'text' | 'numeric' | 'boolean' | 'jsonb' | 'integer'): string;
  /** A `jsonpath` parameter; the same path text is passed once. */
  jsonPath(path: string): string;
  /** A jsonpath variable (`$l1`, `$c_name`) carrying `v`, passed in the shared `vars` object. */
  pathVariable(v: unknown, name?: string): string;
  /** The `vars` argument of the jsonb_path_* functions (only valid once a variable exists). */
  varsArgument(): string;
  hasVariables(): boolean;
  /** Remembers the current state; calling the result forgets everything added since (a dropped attempt). */
  checkpoint(): () => void;
  /** The parameter values, in `$n` order. */
  finish(): unknown[];
}

export function createSqlParams(): SqlParams {
  const values: unknown[] = [];
  const paths = new Map<string, string>();
  const variables: Record<string, unknown> = {};
  let varsIndex = 0;
  let literals = 0;
  const add = (v: unknown): number => values.push(v);
  return {
    value(v, cast) {
      return `$${add(v)}::${cast}`;
    },
    jsonPath(path) {
      let ref = paths.get(path);
      if (!ref) {
        ref = `$${add(path)}::jsonpath`;
        paths.set(path, ref);
      }
      return ref;
    },
    pathVariable(v, name) {
      const key = name === undefined ? `l${++literals}` : `c_${name}`;
      variables[key] = v;
      if (varsIndex === 0) varsIndex = add(null);
      return `$${key}`;
    },
    varsArgument() {
      if (varsIndex === 0) throw new Error('varsArgument() before any path variable');
      return `$${varsIndex}::jsonb`;
    },
    hasVariables: () => varsIndex !== 0,
    checkpoint() {
      const saved = {
        count: values.length,
        paths: new Map(paths),
        variables: { ...variables },
        varsIndex,
        literals,
      };
      return () => {
        values.length = saved.count;
        paths.clear();
        for (const [k, v] of saved.paths) paths.set(k, v);
        for (const k of Object.keys(variables)) delete variables[k];
        Object.assign(variables, saved.variables);
        varsIndex = saved.varsIndex;
        literals = saved.literals;
      };
    },
    finish() {
      if (varsIndex !== 0) values[varsIndex - 1] = JSON.stringify(variables);
      return values;
    },
  };
}
