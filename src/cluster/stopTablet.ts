// Stops one tablet's server process: SIGTERM (a clean InnoDB shutdown), wait, then SIGKILL
// after a timeout (like Vitess mysqlctl Shutdown, with a signal instead of mysqladmin). Only a
// PID whose command line names the tablet's own my.cnf is ever signalled.

import { ServiceError } from '../errors/serviceError.js';
import { isProcessAlive, isTabletProcess } from './tabletProcess.js';

/** How a stop ended. `notOurs`: the PID is alive but runs something else, so it was left alone. */
export type StopOutcome =
  | { readonly kind: 'stopped'; readonly pid: number }
  | { readonly kind: 'killed'; readonly pid: number }
  | { readonly kind: 'notRunning'; readonly pid: number | null }
  | { readonly kind: 'notOurs'; readonly pid: number };

/** Default time a tablet gets to shut down after SIGTERM before it is killed. */
export const DEFAULT_STOP_TIMEOUT_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals, alias: string): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return;
    throw new ServiceError('SG814', `${alias}: cannot send ${name} to pid ${pid} (${code ?? String(error)})`, { details: { tablet: alias, pid }, cause: error });
  }
}

/**
 * Stops the tablet process `pid` if, and only if, it is the server started with `myCnfPath`.
 * Contract: `pid` null or dead → `notRunning`; alive but another program → `notOurs` (no
 * signal sent); else SIGTERM and wait up to `timeoutMs` → `stopped`, or SIGKILL → `killed`.
 * Throws ServiceError SG814 when a signal is refused (EPERM) or the process survives SIGKILL.
 */
export async function stopTablet(alias: string, pid: number | null, myCnfPath: string, timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<StopOutcome> {
  if (pid === null || !(await isProcessAlive(pid))) return { kind: 'notRunning', pid };
  if (!(await isTabletProcess(pid, myCnfPath))) return { kind: 'notOurs', pid };
  signal(pid, 'SIGTERM', alias);
  if (await waitForExit(pid, timeoutMs)) return { kind: 'stopped', pid };
  signal(pid, 'SIGKILL', alias);
  if (await waitForExit(pid, 10_000)) return { kind: 'killed', pid };
  throw new ServiceError('SG814', `${alias}: pid ${pid} is still alive after SIGKILL`, { details: { tablet: alias, pid } });
}
