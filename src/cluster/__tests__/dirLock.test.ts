// One `up` per cluster directory: a live holder blocks (SG803), a dead or foreign one does not.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { LOCK_FILE, lockClusterDir } from '../dirLock.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function lockedDir(holder: number | string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgt-lock-'));
  dirs.push(dir);
  await writeFile(path.join(dir, LOCK_FILE), `${holder}\n`);
  return dir;
}

async function started(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid!;
}

describe('lockClusterDir', () => {
  it('writes our PID and removes the lock on release (idempotent)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sgt-lock-'));
    dirs.push(dir);
    const release = await lockClusterDir(dir);
    expect(await readFile(path.join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await release();
    await release();
    await expect(readFile(path.join(dir, LOCK_FILE))).rejects.toThrow();
  });

  it('refuses a directory held by another live node process (SG803)', async () => {
    const pid = await started(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const error = await lockClusterDir(await lockedDir(pid)).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG803')).toBe(true);
    expect((error as Error).message).toContain(`another shardgate up (pid ${pid}) is running`);
  });

  it.each([
    ['a dead process', 2 ** 30],
    ['garbage', 'not a pid'],
  ])('takes over a lock left by %s', async (_, holder) => {
    const release = await lockClusterDir(await lockedDir(holder));
    await release();
  });

  it('takes over a lock whose PID now belongs to another program', async () => {
    const pid = await started('sleep', ['600']);
    const release = await lockClusterDir(await lockedDir(pid));
    await release();
  });
});
