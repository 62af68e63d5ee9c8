import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` in strict mode, with its errors turned into usage errors that name the command. */
export function parseOptions<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '.');
    throw new UsageError(message, command);
  }
}

/** A whole number option within bounds, or undefined when not given. */
export function intOption(
  command: string,
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}".`, command);
  }
  return n;
}
