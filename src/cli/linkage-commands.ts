import { loadConfig } from '../config.js';
import { trainLinkageModel } from '../identity/index.js';
import { drainPatientLinker } from '../operations/index.js';
import { openStore } from '../store/index.js';
import type { StoreLocation } from '../store/index.js';
import type { HeartwoodConfig } from '../config.js';
import type { CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';

export const TRAIN_LINKAGE_HELP = `Usage: heartwood admin train-linkage [--max-records N]

Fits the patient linkage model (Fellegi–Sunter, EM) to the stored Patients and stores it; Patient/$match
and the background linker use the newest stored model from their next call.

  --max-records N   most Patients trained on, sampled by whole birth dates (default 100000)
`;

export const LINK_PATIENTS_HELP = `Usage: heartwood admin link-patients [--batch N]

Runs the patient linker until it has read every Patient written since it last ran: certain matches are
linked, possible ones become review Tasks (code patient-link-review). The server does this by itself
when writes are quiet; this command is for after a bulk load.

  --batch N   Patients per transaction (default 200)
`;

/** The database the server uses (one extra connection for the linker's transactions). */
function locationOf(config: HeartwoodConfig): StoreLocation {
  return config.databaseUrl
    ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: 2 }
    : { kind: 'pglite', dataDir: config.dataDir };
}

const n = (x: number) => x.toLocaleString('en-GB');

export async function trainLinkageCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('admin', args, { 'max-records': { type: 'string' } });
  if (values.help) {
    io.stdout(TRAIN_LINKAGE_HELP);
    return 0;
  }
  const maxRecords = intOption('admin', 'max-records', values['max-records'], 2, 10_000_000);
  const { driver } = await openStore(locationOf(loadConfig(io.env)));
  try {
    let last = performance.now();
    const r = await trainLinkageModel(driver, {
      maxRecords,
      createdBy: 'Device/heartwood-cli',
      onProgress: (read, kept) => {
        if (performance.now() - last < 2000) return;
        last = performance.now();
        io.stderr(`train-linkage: read ${n(read)} Patients, ${n(kept)} in the sample\n`);
      },
    });
    io.stdout(
      `Trained linkage model ${r.modelId} on ${n(r.sampled)} of ${n(r.read)} Patients (${n(r.candidatePairs)} candidate pairs) in ${(r.milliseconds / 1000).toFixed(1)} s.\n`,
    );
    for (const p of r.training?.passes ?? [])
      io.stdout(
        `  ${p.name}: ${n(p.pairs)} pairs, estimated ${(p.matchProportion * 100).toFixed(1)}% matches\n`,
      );
    return 0;
  } finally {
    await driver.close();
  }
}

export async function linkPatientsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('admin', args, { batch: { type: 'string' } });
  if (values.help) {
    io.stdout(LINK_PATIENTS_HELP);
    return 0;
  }
  const batchSize = intOption('admin', 'batch', values.batch, 1, 10_000);
  const opened = await openStore(locationOf(loadConfig(io.env)));
  try {
    const started = performance.now();
    const total = { processed: 0, linked: 0, reviews: 0 };
    let last = started;
    for (;;) {
      const p = await drainPatientLinker(opened, { batchSize, maxBatches: 10 });
      total.processed += p.processed;
      total.linked += p.linked;
      total.reviews += p.reviews;
      if (p.processed === 0) break;
      if (performance.now() - last > 2000) {
        last = performance.now();
        io.stderr(`link-patients: ${n(total.processed)} Patients read\n`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    io.stdout(
      `Read ${n(total.processed)} Patients in ${seconds.toFixed(1)} s (${n(Math.round(total.processed / Math.max(seconds, 0.001)))}/s): ${n(total.linked)} linked, ${n(total.reviews)} review Tasks opened.\n`,
    );
    return 0;
  } finally {
    await opened.store.close();
  }
}
