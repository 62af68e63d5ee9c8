import { loadConfig } from '../config.js';
import { importHl7v2Files } from '../ingest/hl7v2/index.js';
import { createHeartwood } from '../main.js';
import type { CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

export const HL7_HELP = `Usage: heartwood hl7 import PATH... 

Processes HL7 v2 messages from files or directories (*.hl7, *.hl7v2, *.msg, *.txt) exactly as the
MLLP listener would: each message becomes one FHIR transaction, is kept in the message inbox with its
outcome, and is acknowledged AA, AE or AR. Prints the counts by acknowledgement and the reason for
every message that was not accepted. Exit code 1 when any message was not accepted.

To receive messages over MLLP, run "heartwood serve --mllp-port N".
`;

export async function hl7Command(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(HL7_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'import') throw new UsageError(`unknown hl7 command "${sub}" (expected import).`, 'hl7');
  const { values, positionals } = parseOptions('hl7', rest, {}, true);
  if (values.help) {
    io.stdout(HL7_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('give at least one file or directory.', 'hl7');
  const heartwood = await createHeartwood(loadConfig(io.env), { logger: false });
  try {
    const summary = await importHl7v2Files(positionals, {
      service: heartwood.service,
      driver: heartwood.opened.driver,
    });
    const codes = Object.entries(summary.byCode)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    io.stdout(`Processed ${summary.messages} messages from ${summary.files} files: ${codes}.\n`);
    for (const m of summary.refused) {
      io.stdout(`  ${m.path}#${m.index} ${m.messageType ?? '?'} ${m.code}: ${m.reason ?? ''}\n`);
    }
    for (const u of summary.unreadable) io.stdout(`  ${u.path}: ${u.reason}\n`);
    return summary.refused.length === 0 && summary.unreadable.length === 0 ? 0 : 1;
  } finally {
    await heartwood.close();
  }
}
