// server.json: the GraphQL server that `shardgate up` runs for the cluster in its directory
// (URL and PID), so that `shardgate status` can report it (INTERFACES.md §3). Owns the file
// format, writing and removal; a record whose process no longer runs is ignored.

import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The file name of the record inside the cluster directory. */
export const SERVER_RECORD_FILE = 'server.json';

/** The GraphQL server of a cluster directory. */
export interface ServerRecord {
  readonly url: string;
  readonly pid: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Records that process `pid` serves `url` for the cluster in `dir` (replacing any record). */
export async function writeServerRecord(dir: string, record: ServerRecord): Promise<void> {
  await writeFile(path.join(dir, SERVER_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, 'utf8');
}

/** Removes the record of `dir`; nothing to remove is fine. */
export async function removeServerRecord(dir: string): Promise<void> {
  await rm(path.join(dir, SERVER_RECORD_FILE), { force: true });
}

/**
 * The recorded server of `dir` when its process still runs; null when there is no record, the
 * record is unreadable, or its process is gone (a server killed without stopping).
 */
export async function readServerRecord(dir: string): Promise<ServerRecord | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, SERVER_RECORD_FILE), 'utf8'));
  } catch {
    return null;
  }
  const { url, pid } = (raw ?? {}) as { url?: unknown; pid?: unknown };
  if (typeof url !== 'string' || typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  return isAlive(pid) ? { url, pid } : null;
}
