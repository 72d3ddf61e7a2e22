// Starts one server under test as its own process (so that the load generator, the other
// servers and this orchestrator never share its event loop) and stops it. A server is ready
// when it prints `{"url", "pid"}` as its first stdout line, or, for programs that print logs
// instead (the Mesh CLI), when its URL answers a GraphQL POST. Owns process handling only.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running server child. */
export interface ChildServer {
  readonly url: string;
  /** The process serving requests (for its CPU time). */
  readonly pid: number;
  /** SIGTERM, SIGKILL after 20 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** How to start a server child. */
export interface ChildServerSpec {
  /** A label for messages. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Environment additions; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Raise the child's open-files limit with `ulimit -n` (fails when the hard limit is lower). */
  readonly openFiles?: number;
  /** Without it the child must print `{"url","pid"}`; with it the child is polled at this URL. */
  readonly pollUrl?: string;
  /** How long to wait for readiness (default 120 s). */
  readonly startTimeoutMs?: number;
}

/**
 * Spawns the server and waits until it is ready.
 * Contract: throws (after killing the child) when it exits or is not ready in time; its
 * stderr is passed through, and so is the stdout of a `pollUrl` server.
 */
export async function startChildServer(spec: ChildServerSpec): Promise<ChildServer> {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child: ChildProcess =
    spec.openFiles === undefined
      ? spawn(spec.command, [...spec.args], { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn('/bin/sh', ['-c', `ulimit -n ${spec.openFiles} && exec "$0" "$@"`, spec.command, ...spec.args], { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timeoutMs = spec.startTimeoutMs ?? 120_000;
  if (spec.pollUrl !== undefined) child.stdout!.pipe(process.stderr);
  let settled = false;
  let ready: { url: string; pid: number };
  try {
    ready = await Promise.race([
      spec.pollUrl === undefined ? firstLine(child) : poll(spec.pollUrl, child.pid!, () => settled),
      exited.then((code) => Promise.reject(new Error(`${spec.name} exited with ${code} before it was ready`))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${spec.name} was not ready within ${timeoutMs / 1000} s`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  } finally {
    settled = true;
  }
  return {
    ...ready,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function firstLine(child: ChildProcess): Promise<{ url: string; pid: number }> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      child.stdout!.resume();
      resolve(JSON.parse(line) as { url: string; pid: number });
    });
  });
}

async function poll(url: string, pid: number, given: () => boolean): Promise<{ url: string; pid: number }> {
  while (!given()) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.ok) return { url, pid };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid };
}
