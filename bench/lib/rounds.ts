// Interleaved measuring rounds, the suite's way to compare servers on a shared 2-core machine:
// every target gets one warm-up run, then each round runs every target once (order reversed
// every other round), so load from other processes falls on all of them alike and ratios are
// taken between runs seconds apart. SQL statements per request come from MariaDB itself: the
// tablets' Com_select around requests sent one at a time (under load, requests cut off at the
// end of a run would blur the count), never from any server's own log.

import { readFileSync } from 'node:fs';
import type { TabletState } from '../../src/cluster/clusterState.js';
import { readComSelect } from './benchCluster.js';
import { processCpuUs } from './processCpu.js';
import { runLoad, type LoadResult } from './runLoad.js';
import { median, ms, spread, type Spread } from './stats.js';

/** One server and workload under test. */
export interface Target {
  readonly key: string;
  readonly url: string;
  readonly pid: number;
  readonly bodies: readonly string[];
  /** The tablets whose Com_select this target moves (none: statements not counted). */
  readonly tablets: readonly TabletState[];
}

/** One measured run. */
export type Run = LoadResult;

/** SELECTs per request, counted from Com_select over requests sent one at a time. */
export interface StatementCount {
  readonly requests: number;
  /** Over all the target's tablets. */
  readonly perRequest: number;
  /** By tablet alias. */
  readonly byTablet: Readonly<Record<string, number>>;
}

/** How long and how hard. */
export interface RoundOptions {
  readonly rounds: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  /**
   * Seconds of unmeasured load right before each measured run (0 or absent: none). A server left
   * idle while the others run loses its warm state (V8 drops optimized code and shrinks the heap
   * of an idle process), and how long it idled depends on its place in the round; this takes
   * that out, so that a run measures the steady state.
   */
  readonly rewarmS?: number;
}

/**
 * Waits until process `pid` has used under 10% of a core for 250 ms: a run's load generator stops
 * at its deadline, but a server keeps executing the requests it had accepted (the peers without
 * batching can have tens of thousands of queries queued), and that backlog must neither slow the
 * next run nor move the statement counters. Gives up after `timeoutMs` and says so.
 */
export async function waitIdle(pid: number, log: (line: string) => void, timeoutMs = 120_000): Promise<void> {
  const started = performance.now();
  let last = processCpuUs(pid, (file) => readFileSync(file, 'utf8'));
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = processCpuUs(pid, (file) => readFileSync(file, 'utf8'));
    if (now - last < 25_000) return;
    last = now;
  }
  log(`  process ${pid} still busy after ${timeoutMs / 1000} s; going on`);
}

/**
 * Sends `requests` of the target's bodies (spread over the list) one after another and returns
 * the SELECTs they cost per request on the target's tablets (null when it has none). Nothing
 * else may use those tablets meanwhile: the counters are server-wide.
 */
export async function countStatements(target: Target, requests: number, log: (line: string) => void): Promise<StatementCount | null> {
  if (target.tablets.length === 0) return null;
  await waitIdle(target.pid, log);
  const before = await readComSelect(target.tablets);
  for (let i = 0; i < requests; i++) {
    const body = target.bodies[Math.floor((i * target.bodies.length) / requests)]!;
    const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.arrayBuffer();
  }
  const after = await readComSelect(target.tablets);
  const byTablet: Record<string, number> = {};
  let total = 0;
  for (const [alias, count] of after) {
    // The counter reads are SHOWs, not SELECTs: the difference is the requests' alone.
    const delta = count - (before.get(alias) ?? 0);
    byTablet[alias] = delta / requests;
    total += delta;
  }
  return { requests, perRequest: total / requests, byTablet };
}

/** Runs `options.rounds` interleaved rounds over `targets`; returns the runs by target key. */
export async function interleavedRounds(targets: readonly Target[], options: RoundOptions, log: (line: string) => void): Promise<Map<string, Run[]>> {
  // A warm-up of 0 s (quick smoke runs) skips the warm-up runs.
  if (options.warmupS > 0) {
    for (const target of targets) {
      await runLoad({ url: target.url, connections: options.connections, durationS: options.warmupS, bodies: target.bodies, serverPid: target.pid });
      await waitIdle(target.pid, log);
    }
  }
  const runs = new Map(targets.map((t) => [t.key, [] as Run[]]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      if ((options.rewarmS ?? 0) > 0) {
        await runLoad({ url: target.url, connections: options.connections, durationS: options.rewarmS!, bodies: target.bodies, serverPid: target.pid });
        await waitIdle(target.pid, log);
      }
      const cpuBefore = processCpuUs(target.pid, (file) => readFileSync(file, 'utf8'));
      const loaded = await runLoad({ url: target.url, connections: options.connections, durationS: options.durationS, bodies: target.bodies, serverPid: target.pid });
      await waitIdle(target.pid, log);
      // Server CPU per request: everything the run made the server do, its backlog included, over the requests sent.
      const cpu = processCpuUs(target.pid, (file) => readFileSync(file, 'utf8')) - cpuBefore;
      const run: Run = { ...loaded, serverCpuUs: cpu / Math.max(loaded.sent, 1) };
      runs.get(target.key)!.push(run);
      log(`  round ${round + 1}/${options.rounds} ${target.key}: ${Math.round(run.perSecond)} req/s, p99 ${ms(run.p99Ms)}${run.failed > 0 ? `, ${run.failed} failed` : ''}`);
    }
  }
  return runs;
}

/** The figures of one target over its runs. */
export interface Figures {
  readonly rps: Spread;
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
  readonly serverCpuUs: Spread;
  readonly ok: number;
  readonly failed: number;
  readonly failures: Readonly<Record<string, number>>;
  /** The first few failed answers. */
  readonly samples: readonly string[];
}

/** One line per target with failed requests (`key: CODE × n (first: …)`), for a section's report. */
export function describeFailures(figures: Readonly<Record<string, Figures>>): string[] {
  return Object.entries(figures)
    .filter(([, f]) => f.failed > 0)
    .map(([key, f]) => `- ${key}: ${Object.entries(f.failures).map(([kind, n]) => `${kind} × ${n}`).join(', ')} of ${f.ok + f.failed} requests${f.samples.length > 0 ? ` (first: \`${f.samples[0]!.replace(/`/g, "'").slice(0, 200)}\`)` : ''}`);
}

/** Sums up runs: spreads of each figure, request totals and failures by kind. */
export function figuresOf(runs: readonly Run[]): Figures {
  const failures: Record<string, number> = {};
  for (const run of runs) for (const [kind, n] of Object.entries(run.failures)) failures[kind] = (failures[kind] ?? 0) + n;
  return {
    rps: spread(runs.map((r) => r.perSecond)),
    p50Ms: spread(runs.map((r) => r.p50Ms)),
    p99Ms: spread(runs.map((r) => r.p99Ms)),
    serverCpuUs: spread(runs.map((r) => r.serverCpuUs)),
    ok: runs.reduce((n, r) => n + r.ok, 0),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    failures,
    samples: runs.flatMap((r) => r.samples).slice(0, 3),
  };
}

/** The median over rounds of `f(a_i, b_i)` (runs of one round ran seconds apart). */
export function pairedRatio(a: readonly Run[], b: readonly Run[], f: (x: Run) => number = (x) => x.perSecond): number {
  return median(a.map((x, i) => f(x) / f(b[i]!)));
}
