// Starts one tablet's server process in the background with its own my.cnf, and waits until it
// accepts connections (like Vitess mysqlctl Start + wait). The process is detached: it outlives
// `shardgate up --detach`, and a terminal's Ctrl-C reaches `up`, which stops tablets itself.

import { spawn } from 'node:child_process';
import { open, readFile, rm } from 'node:fs/promises';
import { ServiceError } from '../errors/serviceError.js';
import { openAdminConnection } from './adminConnection.js';
import { runAsArgs } from './initDataDir.js';
import type { ServerBinaries } from './serverBinaries.js';
import { defaultsFileArg, isProcessAlive } from './tabletProcess.js';

/** The files of one spawned tablet. Paths are absolute. */
export interface TabletFiles {
  readonly alias: string;
  readonly myCnf: string;
  readonly socket: string;
  readonly pidFile: string;
  readonly errorLog: string;
  /** The server's own stdout and stderr (messages printed before the error log opens). */
  readonly outputLog: string;
}

/** Default time a tablet gets to accept connections after it is spawned. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The last lines of a log file, or '' when it cannot be read. */
export async function logTail(file: string, lines = 12): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Spawns the tablet's server (`<server> --defaults-file=<my.cnf> [--user=root]`) detached, with
 * stdout and stderr appended to `outputLog`, and returns its PID at once (without waiting).
 * Contract: removes a stale socket and pid file first, so the caller must have checked that no
 * process of this tablet runs. Throws ServiceError SG801 when the program cannot be spawned.
 */
export async function spawnTablet(binaries: ServerBinaries, files: TabletFiles): Promise<number> {
  await Promise.all([rm(files.socket, { force: true }), rm(`${files.socket}.lock`, { force: true }), rm(files.pidFile, { force: true })]);
  const output = await open(files.outputLog, 'a');
  try {
    const child = spawn(binaries.server, [defaultsFileArg(files.myCnf), ...runAsArgs()], {
      detached: true,
      stdio: ['ignore', output.fd, output.fd],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid!));
    });
    child.unref();
    return pid;
  } catch (error) {
    throw new ServiceError('SG801', `${files.alias}: cannot run ${binaries.server}: ${(error as Error).message}`, { details: { tablet: files.alias }, cause: error });
  } finally {
    await output.close();
  }
}

/**
 * Waits until the tablet answers a connection on its socket as root.
 * Contract: resolves once a connection succeeds. Throws ServiceError SG801 with the tail of
 * the tablet's error log when the process exits first or `timeoutMs` passes.
 */
export async function waitForTablet(files: TabletFiles, pid: number, timeoutMs = DEFAULT_START_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    if (!(await isProcessAlive(pid))) {
      throw await startFailure(files, pid, 'exited while starting');
    }
    try {
      const connection = await openAdminConnection({ label: files.alias, host: '127.0.0.1', port: 0, socket: files.socket, user: 'root' }, { connectTimeoutMs: 2_000 });
      await connection.close();
      return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw await startFailure(files, pid, `does not accept connections after ${Math.round(timeoutMs / 1000)} s (last error: ${lastError})`);
    }
    await sleep(100);
  }
}

async function startFailure(files: TabletFiles, pid: number, what: string): Promise<ServiceError> {
  const log = (await logTail(files.errorLog)) || (await logTail(files.outputLog));
  return new ServiceError('SG801', `${files.alias} (pid ${pid}) ${what}; see ${files.errorLog}${log ? `:\n${log}` : ''}`, {
    details: { tablet: files.alias, pid, errorLog: files.errorLog },
  });
}
