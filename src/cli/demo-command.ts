import { resolve } from 'node:path';
import { generatePopulation } from '../demo/index.js';
import type { CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

export const DEMO_HELP = `Usage: heartwood demo generate --people N --out DIR [--seed S]

Writes a synthetic population for scale tests as NDJSON files (Patient, Observation, Condition,
AllergyIntolerance) that "heartwood import DIR" loads. Every person is registered with a GP and some are
also known to a hospital, a pharmacy and NHS 111, each with its own local id and its own mistakes in the
demographics, so the patient linker has real work to do. truth.csv says which records are one person,
for evaluating linkage only. NHS numbers are from the 999 test range. Memory stays flat for any N.

  --people N   people to generate (1 to 10,000,000)
  --out DIR    directory to write (created when missing)
  --seed S     seed of the generator (default fixed, so runs are repeatable)
`;

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(DEMO_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'generate') throw new UsageError(`unknown demo command "${sub}" (expected generate).`, 'demo');
  const { values } = parseOptions('demo', rest, {
    people: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
  });
  if (values.help) {
    io.stdout(DEMO_HELP);
    return 0;
  }
  const people = intOption('demo', 'people', values.people, 1, 10_000_000);
  if (people === undefined || values.out === undefined)
    throw new UsageError('demo generate needs --people N and --out DIR.', 'demo');
  const seed = intOption('demo', 'seed', values.seed, 0, 2 ** 31 - 1);
  const outDir = resolve(values.out);
  const started = performance.now();
  const summary = await generatePopulation({
    people,
    outDir,
    seed,
    onProgress: (done, records) => {
      if (done % 100_000 === 0)
        io.stderr(
          `demo generate: ${done.toLocaleString('en-GB')} people, ${records.toLocaleString('en-GB')} records\n`,
        );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  io.stdout(
    `Wrote ${summary.people.toLocaleString('en-GB')} people as ${summary.patients.toLocaleString('en-GB')} Patient records (${summary.resources.toLocaleString('en-GB')} resources) in ${seconds.toFixed(1)} s.\n`,
  );
  return 0;
}
