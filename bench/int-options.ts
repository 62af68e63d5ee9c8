/**
 * `--name N` options of whole positive numbers, for the small benchmarks: each key of `defaults` is
 * an option (`--key`); anything else, or a value that is not a positive whole number, is an error.
 */
export function intOptions<T extends Record<string, number>>(argv: string[], defaults: T): T {
  const o: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(key in defaults)) throw new Error(`unknown option ${argv[i]}`);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${argv[i]} needs a positive whole number`);
    o[key] = value;
  }
  return o as T;
}
