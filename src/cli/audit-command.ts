import { existsSync } from 'node:fs';
import {
  AUDIT_SUBTYPES,
  createAuditLog,
  describeProblem,
  readAnchors,
  readAuditHead,
} from '../audit/index.js';
import type { AuditEventResource, AuditQuery } from '../audit/index.js';
import { loadConfig } from '../config.js';
import { openStore } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';
import { count } from './text-format.js';
import { UsageError } from './usage-error.js';

export const AUDIT_HELP = `Usage: heartwood audit <verify | search> [options]

  verify         walk every audit chain and check every record; prints "Audit trail intact" and
                 exits 0, or prints one line per changed, missing or out-of-order record and exits 1
    --anchors FILE       also check the chain against heads copied out earlier (default: the
                         server's anchor file in the data directory, when there is one)
  head           print every chain's head ("chain:pos hash"), to keep somewhere the database owner cannot reach
  search         print audit events, newest first, one per line:
    --patient ID         accesses to this patient's record
    --agent WHO          by this user (token subject, or Practitioner/… reference)
    --organization ID    by staff of this organisation
    --subtype NAME       read, search-type, create, break-glass, access-denied, …
    --since INSTANT      from this date or instant (inclusive)
    --before INSTANT     before this date or instant
    --limit N            at most N events (default 100)

Uses the same database as "heartwood serve" (HEARTWOOD_DATA or DATABASE_URL).
`;

export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(AUDIT_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'verify') return verifyCommand(rest, io);
  if (sub === 'search') return searchCommand(rest, io);
  if (sub === 'head') return headCommand(io);
  throw new UsageError(`unknown audit command "${sub}" (expected verify or search).`, 'audit');
}

async function open(io: CliIo) {
  const config = loadConfig(io.env);
  const { driver } = await openStore(
    config.databaseUrl
      ? { kind: 'pg', connectionString: config.databaseUrl, poolSize: 2 }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  return { driver, audit: createAuditLog({ driver }) };
}

async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('audit', args, { anchors: { type: 'string' } });
  if (values.help) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  const config = loadConfig(io.env);
  const anchorFile = values.anchors ?? config.auditAnchorFile;
  let anchors: Map<string, string> | undefined;
  if (values.anchors !== undefined || existsSync(anchorFile)) {
    try {
      anchors = await readAnchors(anchorFile);
    } catch (e) {
      throw new UsageError((e as Error).message, 'audit');
    }
  }
  const { driver, audit } = await open(io);
  try {
    const started = performance.now();
    let lastReport = started;
    const report = await audit.verify({
      ...(anchors ? { anchors } : {}),
      onProgress: (checked) => {
        const now = performance.now();
        if (now - lastReport < 2000) return;
        lastReport = now;
        io.stderr(`audit verify: ${count(checked)} records checked\n`);
      },
    });
    if (report.ok) {
      const against = anchors?.size ? `, consistent with ${count(anchors.size)} anchors` : '';
      io.stdout(
        `Audit trail intact: ${count(report.checked)} records in ${report.chains} chains${against}\n`,
      );
      return 0;
    }
    for (const p of report.problems) io.stdout(`${describeProblem(p)}\n`);
    if (report.truncated) io.stdout('… and more problems than are listed\n');
    io.stderr(
      `audit verify: ${count(report.problems.length)} problem${report.problems.length === 1 ? '' : 's'} in ${count(report.checked)} records\n`,
    );
    return 1;
  } finally {
    await driver.close();
  }
}

async function headCommand(io: CliIo): Promise<number> {
  const { driver } = await open(io);
  try {
    for (const head of await readAuditHead(driver)) io.stdout(`${head.chain}:${head.pos} ${head.hash}\n`);
    return 0;
  } finally {
    await driver.close();
  }
}

async function searchCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('audit', args, {
    patient: { type: 'string' },
    agent: { type: 'string' },
    organization: { type: 'string' },
    subtype: { type: 'string' },
    since: { type: 'string' },
    before: { type: 'string' },
    limit: { type: 'string' },
  });
  if (values.help) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  const limit = intOption('audit', 'limit', values.limit, 1, 1_000_000) ?? 100;
  const query: AuditQuery = {};
  if (values.patient !== undefined) query.patient = values.patient;
  if (values.agent !== undefined) query.agent = values.agent;
  if (values.organization !== undefined) query.organization = values.organization;
  if (values.subtype !== undefined) {
    if (!AUDIT_SUBTYPES.has(values.subtype))
      throw new UsageError(`--subtype must be one of ${[...AUDIT_SUBTYPES].join(', ')}.`, 'audit');
    query.subtype = values.subtype;
  }
  if (values.since !== undefined) query.from = values.since;
  if (values.before !== undefined) query.to = values.before;
  const { driver, audit } = await open(io);
  try {
    let printed = 0;
    let cursor: string | undefined;
    do {
      const page = await audit.search(query, { count: Math.min(1000, limit - printed), cursor });
      for (const e of page.events) io.stdout(`${eventLine(e)}\n`);
      printed += page.events.length;
      cursor = page.next;
    } while (cursor !== undefined && printed < limit);
    if (printed === 0) io.stderr('audit search: no events match\n');
    return 0;
  } finally {
    await driver.close();
  }
}

const OUTCOMES: Record<string, string> = {
  '0': 'ok',
  '4': 'failed',
  '8': 'serious failure',
  '12': 'major failure',
};

interface EventView {
  subtype?: { code?: string }[];
  outcome?: string;
  agent?: { name?: string; role?: { text?: string }[]; who?: { display?: string }; requestor?: boolean }[];
  entity?: { what?: { reference?: string }; role?: { code?: string }; name?: string }[];
  purposeOfEvent?: { coding?: { code?: string }[]; text?: string }[];
}

/** `2026-01-03T10:00:00.000Z  #42  read  ok  Dr Amina Shah (clinician, Riverside General)  Patient/p1  …` */
export function eventLine(event: AuditEventResource): string {
  const e = event as unknown as EventView;
  const [user, org] = e.agent ?? [];
  const role = user?.role?.[0]?.text;
  const who = `${user?.name ?? user?.who?.display ?? 'unknown'}${
    role || org ? ` (${[role, org?.who?.display].filter(Boolean).join(', ')})` : ''
  }`;
  const patients = (e.entity ?? []).filter((x) => x.role?.code === '1').map((x) => x.what?.reference);
  const data = (e.entity ?? []).filter((x) => x.role?.code === '4').map((x) => x.what?.reference);
  const detail = (e.entity ?? []).filter((x) => x.name !== undefined).map((x) => x.name);
  const purpose = e.purposeOfEvent?.[0];
  const parts = [
    event.recorded,
    `#${event.id}`,
    e.subtype?.[0]?.code ?? '',
    OUTCOMES[e.outcome ?? ''] ?? e.outcome ?? '',
    who,
    patients.length > 0 ? patients.join(',') : '-',
  ];
  if (purpose) parts.push(`purpose: ${[purpose.coding?.[0]?.code, purpose.text].filter(Boolean).join(' ')}`);
  if (detail.length > 0) parts.push(detail.join(','));
  if (data.length > 0)
    parts.push(data.length <= 3 ? data.join(',') : `${data.slice(0, 3).join(',')} +${data.length - 3}`);
  return parts.join('  ');
}
