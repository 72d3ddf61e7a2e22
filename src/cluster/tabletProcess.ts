// Process checks for tablets: is a PID alive, what is its command line, and is it really the
// mariadbd/mysqld that a given tablet's my.cnf started (a recorded PID may have been reused by
// another program since). Reads /proc on Linux and falls back to `ps` elsewhere. Sends no signals.

import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/** The argument that identifies a tablet's server process: the tablet's own my.cnf. */
export function defaultsFileArg(myCnfPath: string): string {
  return `--defaults-file=${myCnfPath}`;
}

/**
 * True when a process with this PID exists and is not a zombie.
 * Contract: never throws; a PID ≤ 0 is never alive (`kill(0)` would signal our process group).
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; `Z` is a zombie waiting to be reaped.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Returns the command line of a live process as its arguments, or null when it has none or is gone.
 * On Linux the arguments are exact (/proc/<pid>/cmdline); elsewhere `ps` gives one string,
 * returned as a single element.
 */
export async function processCommandLine(pid: number): Promise<string[] | null> {
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    const args = raw.split('\0').filter((arg) => arg !== '');
    return args.length === 0 ? null : args;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux') return null;
  }
  try {
    const { stdout } = await promisify(execFile)('ps', ['-ww', '-o', 'command=', '-p', String(pid)]);
    const line = stdout.trim();
    return line === '' ? null : [line];
  } catch {
    return null;
  }
}

/**
 * True when `pid` is alive and was started with `--defaults-file=<myCnfPath>`, i.e. it is the
 * server of the tablet that owns that my.cnf. A PID reused by any other program answers false.
 */
export async function isTabletProcess(pid: number, myCnfPath: string): Promise<boolean> {
  if (!(await isProcessAlive(pid))) return false;
  const args = await processCommandLine(pid);
  if (args === null) return false;
  const wanted = defaultsFileArg(myCnfPath);
  // `ps` gives one string: match the argument inside it.
  return args.includes(wanted) || (args.length === 1 && process.platform !== 'linux' && args[0]!.includes(` ${wanted}`));
}

/**
 * Returns the first of `candidates` (recorded PID, pid-file PID, …) that is the tablet's server
 * per {@link isTabletProcess}; null when none is. Nulls are skipped.
 */
export async function firstTabletProcess(candidates: readonly (number | null)[], myCnfPath: string): Promise<number | null> {
  for (const pid of candidates) {
    if (pid !== null && (await isTabletProcess(pid, myCnfPath))) return pid;
  }
  return null;
}

/**
 * Finds every live process started with `--defaults-file=<myCnfPath>` by scanning /proc, in
 * ascending PID order. Returns [] where /proc does not exist (callers then rely on recorded
 * PIDs and the pid file).
 */
export async function findTabletProcesses(myCnfPath: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const pids = entries.filter((name) => /^[0-9]+$/.test(name)).map(Number).sort((a, b) => a - b);
  const found: number[] = [];
  for (const pid of pids) {
    if (pid !== process.pid && (await isTabletProcess(pid, myCnfPath))) found.push(pid);
  }
  return found;
}

/** Reads a PID file (a decimal number and a newline); null when missing or malformed. */
export async function readPidFile(file: string): Promise<number | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return /^[0-9]+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}
