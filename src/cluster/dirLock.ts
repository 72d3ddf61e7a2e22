// One `shardgate up` per cluster directory: a lock file holding the PID of the `up` that owns
// the directory. A lock whose process is gone is stale and taken over. `down` and `status` do
// not lock: they only read the state and signal recorded PIDs.

import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ServiceError } from '../errors/serviceError.js';
import { isProcessAlive, processCommandLine } from './tabletProcess.js';

/** The lock file's name inside the cluster directory. */
export const LOCK_FILE = 'up.lock';

/** Releases a lock taken by {@link lockClusterDir}; idempotent, never throws. */
export type ReleaseLock = () => Promise<void>;

async function tryCreate(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx');
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** True when `pid` is alive and looks like a Node.js process (`shardgate up` runs in one); a reused PID of another program is not a holder. */
async function isLockHolder(pid: number): Promise<boolean> {
  if (!(await isProcessAlive(pid))) return false;
  const args = await processCommandLine(pid);
  return args === null || args.some((arg) => /node|shardgate/i.test(arg));
}

/**
 * Locks `dir` for this process: creates `<dir>/up.lock` with our PID.
 * Contract: a lock held by another live Node.js process throws ServiceError SG803 naming that
 * PID; a lock left by a dead process, by a PID now reused by another program, or by this
 * process is taken over. The directory must exist.
 */
export async function lockClusterDir(dir: string): Promise<ReleaseLock> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(file)) {
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(file, { force: true });
      };
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (holder !== process.pid && (await isLockHolder(holder))) {
      throw new ServiceError('SG803', `another shardgate up (pid ${holder}) is running on ${dir}; stop it (Ctrl-C, or shardgate down --dir ${dir}) or use another --dir`, {
        details: { dir, pid: holder },
      });
    }
    await rm(file, { force: true });
  }
  throw new ServiceError('SG803', `cannot lock ${dir}: ${file} keeps coming back; is another shardgate up starting?`, { details: { dir } });
}
