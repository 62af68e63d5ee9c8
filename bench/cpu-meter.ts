import { readFile } from 'node:fs/promises';
import type { SqlExecutor } from '../src/store/index.js';

/**
 * CPU time spent by this process and by the PostgreSQL backends serving its database, in ms. On a
 * machine others are using too, requests per second move with their load; CPU per request much
 * less. The database's share needs the server on this machine (its backends' /proc entries
 * readable); otherwise it is left out.
 */
export interface CpuReading {
  process: number;
  /** Per backend pid: user + system time, in ms. Undefined when it cannot be read. */
  backends?: Map<number, number>;
}

/** Units of the times in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

async function backendTimes(exec: SqlExecutor): Promise<Map<number, number> | undefined> {
  const r = await exec.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  const times = new Map<number, number>();
  for (const { pid } of r.rows) {
    try {
      times.set(pid, await processTime(pid));
    } catch {
      return undefined;
    }
  }
  return times;
}

/** User + system time of a process of this machine, in ms. */
async function processTime(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** CPU so far of this process (or of the server process `pid`, e.g. one the benchmark started) and of the database's backends. */
export async function readCpu(exec: SqlExecutor | undefined, pid?: number): Promise<CpuReading> {
  const usage = process.cpuUsage();
  const backends = exec ? await backendTimes(exec) : undefined;
  const own = pid === undefined ? (usage.user + usage.system) / 1000 : await processTime(pid);
  return { process: own, ...(backends ? { backends } : {}) };
}

/** ms of CPU between two readings: this process's, and the database's where both could be read. */
export function cpuBetween(start: CpuReading, end: CpuReading): { process: number; database?: number } {
  const process = end.process - start.process;
  if (!start.backends || !end.backends) return { process };
  let database = 0;
  // A backend that started meanwhile counts whole; one that ended meanwhile is lost (pools keep theirs).
  for (const [pid, ms] of end.backends) database += ms - (start.backends.get(pid) ?? 0);
  return { process, database };
}
