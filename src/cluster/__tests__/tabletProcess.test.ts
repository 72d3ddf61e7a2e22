// Process checks and stopping: only a process started with the tablet's own my.cnf counts as
// the tablet, whatever PID is recorded. Uses throwaway node processes that carry a
// `--defaults-file=…` argument, as a tablet's server does.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { stopTablet } from '../stopTablet.js';
import { findTabletProcesses, firstTabletProcess, isProcessAlive, isTabletProcess, readPidFile } from '../tabletProcess.js';

const children: ChildProcess[] = [];

/** Starts a node process that idles, with extra arguments on its command line. */
async function idleProcess(...args: string[]): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', ...args], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid!;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const cnf = `/tmp/sgt-unit-${process.pid}/tablets/customer/-80/primary-0/my.cnf`;

describe('isProcessAlive', () => {
  it.each([0, -1, 1.5, Number.NaN, 2 ** 40])('is false for %d', async (pid) => {
    expect(await isProcessAlive(pid)).toBe(false);
  });

  it('is true for this process', async () => {
    expect(await isProcessAlive(process.pid)).toBe(true);
  });
});

describe('isTabletProcess', () => {
  it('recognises the tablet by its exact --defaults-file argument', async () => {
    const pid = await idleProcess(`--defaults-file=${cnf}`);
    expect(await isTabletProcess(pid, cnf)).toBe(true);
    expect(await isTabletProcess(pid, cnf.replace('primary-0', 'replica-0'))).toBe(false);
    expect(await isTabletProcess(pid, `${cnf}.bak`)).toBe(false);
    expect(await findTabletProcesses(cnf)).toEqual([pid]);
    expect(await firstTabletProcess([null, process.pid, pid], cnf)).toBe(pid);
  });

  it('is false for a live process that is something else (a reused PID)', async () => {
    const pid = await idleProcess('--something-else');
    expect(await isTabletProcess(pid, cnf)).toBe(false);
    expect(await firstTabletProcess([pid, null], cnf)).toBeNull();
  });
});

describe('stopTablet', () => {
  it('stops the tablet process with SIGTERM', async () => {
    const pid = await idleProcess(`--defaults-file=${cnf}`);
    expect(await stopTablet('customer/-80/primary', pid, cnf, 10_000)).toEqual({ kind: 'stopped', pid });
    expect(await isProcessAlive(pid)).toBe(false);
  });

  it('kills a process that ignores SIGTERM once the timeout passes', async () => {
    const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)", '--', `--defaults-file=${cnf}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    await new Promise((resolve) => child.stdout!.once('data', resolve));
    expect(await stopTablet('customer/-80/primary', child.pid!, cnf, 200)).toEqual({ kind: 'killed', pid: child.pid });
  });

  it('leaves a process that is not the tablet alone', async () => {
    const pid = await idleProcess('--not-a-tablet');
    expect(await stopTablet('customer/-80/primary', pid, cnf, 1_000)).toEqual({ kind: 'notOurs', pid });
    expect(await isProcessAlive(pid)).toBe(true);
  });

  it('answers notRunning for no PID or a dead one', async () => {
    expect(await stopTablet('a', null, cnf)).toEqual({ kind: 'notRunning', pid: null });
    const pid = await idleProcess();
    children.pop()!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stopTablet('a', pid, cnf)).toEqual({ kind: 'notRunning', pid });
  });
});

describe('readPidFile', () => {
  it('is null for a missing file', async () => {
    expect(await readPidFile('/nonexistent/mysqld.pid')).toBeNull();
  });
});
