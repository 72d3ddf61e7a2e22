// Runs the suite's load generator (loadClient.ts) in its own process against one server and
// returns what it measured: through one long-lived worker process (forked on first use, so no
// process start per run), or, when `openFiles` asks for a raised open-files limit, in a process
// of its own started through the shell's `ulimit -n` with the spec in a temporary file. Owns
// spawning and the result shape only; the measuring happens in loadClient.ts.

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What the load generator is asked to do. */
export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  /** The POST bodies, sent in turn (at least one). */
  readonly bodies: readonly string[];
  readonly headers?: Record<string, string>;
  /** The server process, to read its CPU time around the run. */
  readonly serverPid?: number;
  /** Per-request timeout, seconds (default 30). */
  readonly timeoutS?: number;
}

/** What one run measured. Latencies are of every answered request, failed ones included. */
export interface LoadResult {
  /** Answers with HTTP 200, `data` and no `errors`. */
  readonly ok: number;
  readonly failed: number;
  /** Requests sent, the ones still in flight when the run stopped included (their SQL ran too). */
  readonly sent: number;
  /** Failed requests by kind: a GraphQL `extensions.code`, `HTTP <status>`, or a socket error. */
  readonly failures: Readonly<Record<string, number>>;
  /** The first few failed bodies. */
  readonly samples: readonly string[];
  readonly seconds: number;
  /** Good answers per second. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Server CPU (user + system, from /proc) per good answer, µs; NaN without serverPid. */
  readonly serverCpuUs: number;
  /** The load generator's own open-files limit (RLIMIT_NOFILE soft). */
  readonly openFilesLimit: number;
}

/**
 * Runs the load generator once and returns its result.
 * Contract: `openFiles` raises the child's soft open-files limit with `ulimit -n` (failing when
 * the hard limit is lower); throws when the child exits non-zero or prints no result.
 */
export async function runLoad(spec: LoadSpec, options: { readonly openFiles?: number } = {}): Promise<LoadResult> {
  if (spec.bodies.length === 0) throw new Error('runLoad needs at least one body');
  if (options.openFiles === undefined) return viaWorker(spec);
  const dir = await mkdtemp(path.join(tmpdir(), 'sg-load-'));
  const file = path.join(dir, 'spec.json');
  try {
    await writeFile(file, JSON.stringify(spec));
    const args = ['--import', 'tsx', CLIENT, file];
    const child = spawn('/bin/sh', ['-c', `ulimit -n ${options.openFiles} && exec "$0" "$@"`, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0 || out.trim() === '') throw new Error(`the load generator exited with ${code} against ${spec.url}`);
    return JSON.parse(out) as LoadResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CLIENT = path.join(import.meta.dirname, 'loadClient.ts');
let worker: ChildProcess | undefined;

/** Runs `spec` on the shared worker; the worker does not keep this process alive while idle. */
function viaWorker(spec: LoadSpec): Promise<LoadResult> {
  if (worker === undefined || worker.exitCode !== null) {
    worker = fork(CLIENT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.once('exit', () => (worker = undefined));
  }
  const child = worker;
  child.ref();
  child.channel?.ref();
  return new Promise<LoadResult>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the load generator exited with ${code} against ${spec.url}`));
    child.once('exit', onExit);
    child.once('message', (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      child.off('exit', onExit);
      child.unref();
      child.channel?.unref();
      if (message.ok) resolve(message.result);
      else reject(new Error(`the load generator failed against ${spec.url}: ${message.error}`));
    });
    child.send(spec);
  });
}
