// HTTP benchmark (issue #5): `customer_by_pk` over HTTP against three servers in the same run
// at the same concurrency: shardgate, a hand-written graphql-yoga server whose resolver runs the
// same SELECT through mysql2 on the row's own shard (the stack's own ceiling), and a bare
// node:http server doing that SELECT and writing the JSON (the physical limit of a Node service
// over MySQL). Then each performance lever of src/server measured against the shipped
// configuration, a 2-shard scatter list (order_by, limit 20) against the by-pk query, and a
// CPU profile of shardgate under load, by layer. Every server runs in its own child process
// (bench/httpServer.ts), and so does the load generator (bench/httpLoad.ts, autocannon).
// Data: the demo keyspaces at full scale (10,000 customers) on private MariaDB tablets spawned
// for this scenario (bench/lib/benchCluster.ts: customer on 2 shards, kept seeded between runs),
// so that no other client takes their connections or their CPU.
// Run: `npm run bench -- http [--quick]`. Writes the "HTTP" section of RESULTS.md and `http` of
// results.json (bench/lib/benchOutput.ts: `--quick`, short runs and one round, writes
// bench/.data/quick/), and keeps the whole measurements in bench/.data/http-last.json
// (`--report-only` renders the section again from them).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SERVER_NODE_OPTIONS } from '../src/cli/nodeOptions.js';
import { withAdminConnection } from '../src/cluster/adminConnection.js';
import { LAYERS, readProfileSummary, type ProfileSummary } from './cpuProfileSummary.js';
import type { LoadResult, LoadSpec } from './httpLoad.js';
import type { ServerSpec } from './httpServer.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { startDemoCluster, tabletTarget, type BenchCluster } from './lib/benchCluster.js';
import { benchOutput } from './lib/benchOutput.js';

const { quick: QUICK, scale: SCALE } = benchArgs();
const out = benchOutput();
const HEADING = '## HTTP';
const HERE = import.meta.dirname;
const CONNECTIONS = 32;
// Many short interleaved rounds: on a shared 2-core machine the load of other processes comes
// and goes within seconds, and adjacent runs of two servers see the same load.
// A quick run (a smoke test of every block) reads the suite's quick data (100 customers), runs one 1 s round with no
// warm-ups, measures only the last lever (all of them reverted at once), profiles shardgate only.
const RUN_S = QUICK ? 1 : 3;
const WARMUP_S = QUICK ? 0 : 6;
const ROUNDS = QUICK ? 1 : 12;
const LEVER_RUN_S = QUICK ? 1 : 3;
const LEVER_ROUNDS = QUICK ? 1 : 7;
const SCATTER_ROUNDS = QUICK ? 1 : 3;
const LATENCY_RUN_S = QUICK ? 1 : 4;
const PROFILE_RUN_S = QUICK ? 2 : 12;
const IDS = Math.round(10_000 * SCALE);
const TARGET_VS_YOGA = 0.9;
const TARGET_SCATTER_P50 = 1.5;

/** The operations measured; `"$ID"` is replaced by a customer id per request (an operation without `$id` ignores it). */
const OPERATIONS = {
  byPk: 'query ($id: BigInt!) { customer_by_pk(customer_id: $id) { customer_id email name created_at } }',
  /** The issue's list: the same statement every request (plan cached; identical reads in flight are consolidated). */
  list: '{ customer(order_by: { customer_id: asc }, limit: 20) { customer_id email name created_at } }',
  /** A list that changes every request (keyset-style paging): planned every time, never consolidated. */
  listAfter: 'query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { customer_id: asc }, limit: 20) { customer_id email name created_at } }',
  /** An unindexed order: each shard sorts its rows (filesort) before the limit. */
  listByName: 'query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { name: asc }, limit: 20) { customer_id email name created_at } }',
} as const;
type Operation = keyof typeof OPERATIONS;

function body(operation: Operation): string {
  return JSON.stringify({ query: OPERATIONS[operation], variables: { id: '$ID' } });
}

/** One server configuration under test. */
interface Variant {
  readonly key: string;
  readonly label: string;
  readonly spec: Omit<ServerSpec, 'configPath'>;
  /** Environment additions (NODE_ENV). */
  readonly env?: Record<string, string | undefined>;
  /** Node options of the server process (shardgate's: src/cli/nodeOptions.ts, what bin/shardgate.js runs with). */
  readonly nodeOptions?: readonly string[];
}

/** Every server runs as a deployment would: NODE_ENV=production (graphql-js skips its dev-only checks). */
const PRODUCTION = { NODE_ENV: 'production' };

const SHARDGATE: Variant = { key: 'shardgate', label: 'shardgate (shipped defaults)', spec: { kind: 'shardgate' }, env: PRODUCTION, nodeOptions: SERVER_NODE_OPTIONS };
const YOGA: Variant = { key: 'yoga', label: 'hand-written graphql-yoga + mysql2 (stock Yoga options)', spec: { kind: 'yoga' }, env: PRODUCTION };
const BARE: Variant = { key: 'bare', label: 'bare node:http + mysql2', spec: { kind: 'bare' }, env: PRODUCTION };

/** Each lever switched back off, one at a time, against the shipped defaults. */
const LEVERS: readonly (Variant & { readonly lever: string })[] = [
  {
    key: 'noFastPath',
    lever: 'fast path: plain JSON POSTs served on node:http, operations through Yoga\'s envelop pipeline (fastPath.ts)',
    label: 'Yoga serves every request (`fastPath: false`)',
    spec: { kind: 'shardgate', options: { fastPath: false } },
    env: PRODUCTION,
    nodeOptions: SERVER_NODE_OPTIONS,
  },
  { key: 'noJit', lever: 'graphql-jit 0.8.9 (useJit)', label: 'graphql-js instead of graphql-jit (`jit: false`)', spec: { kind: 'shardgate', options: { jit: false } }, env: PRODUCTION, nodeOptions: SERVER_NODE_OPTIONS },
  {
    key: 'yogaBodyLimit',
    lever: 'body size limit from Content-Length (useBodyLimit)',
    label: "Yoga's streaming body limit on every request (`yogaBodyLimit: true`)",
    spec: { kind: 'shardgate', options: { yogaBodyLimit: true } },
    env: PRODUCTION,
    nodeOptions: SERVER_NODE_OPTIONS,
  },
  { key: 'devMode', lever: 'production mode (NODE_ENV=production)', label: 'NODE_ENV unset (graphql-js development checks)', spec: { kind: 'shardgate' }, env: { NODE_ENV: undefined }, nodeOptions: SERVER_NODE_OPTIONS },
  {
    key: 'noNodeOptions',
    lever: `Node options ${SERVER_NODE_OPTIONS.join(' ')} (src/cli/nodeOptions.ts: a fixed 32 MB young generation)`,
    label: "V8's default young generation (no Node options)",
    spec: { kind: 'shardgate' },
    env: PRODUCTION,
  },
  {
    key: 'noDocumentCache',
    lever: 'parse/validate cache (useDocumentCache); jit off in both rows, since jit compiles per document',
    label: 'no document cache and graphql-js (`documentCacheSize: 0, jit: false`)',
    spec: { kind: 'shardgate', options: { documentCacheSize: 0, jit: false } },
    env: PRODUCTION,
    nodeOptions: SERVER_NODE_OPTIONS,
  },
  {
    key: 'allOff',
    lever: 'all of the above together (the document cache is kept: Yoga caches parse and validation by default too)',
    label: 'shardgate on stock Yoga: `fastPath: false, jit: false, yogaBodyLimit: true`, NODE_ENV unset, no Node options',
    spec: { kind: 'shardgate', options: { fastPath: false, jit: false, yogaBodyLimit: true } },
    env: { NODE_ENV: undefined },
  },
];

interface RunningServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts a server child and waits for its `{url, pid}` line. */
async function startServer(variant: Variant, configPath: string, extraArgs: readonly string[] = []): Promise<RunningServer> {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(variant.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const spec: ServerSpec = { ...variant.spec, configPath };
  const child: ChildProcess = spawn(process.execPath, [...(variant.nodeOptions ?? []), ...extraArgs, '--import', 'tsx', path.join(HERE, 'httpServer.ts'), JSON.stringify(spec)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${variant.key} server exited with ${code} before listening`)));
  });
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  return {
    url,
    pid,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Requests that failed in any run, for the report; `requests` is the run's total (absent in files of older runs). */
const failedRequests: { url: string; operation: Operation; failed: number; requests?: number; samples: readonly string[] }[] = [];
/** A run where more requests than this share fail is starved (its throughput is not comparable), and says so in the report. */
const STARVED_SHARE = 0.01;

/** Runs the load generator child once against `server`. */
async function load(server: RunningServer, operation: Operation, durationS: number, connections = CONNECTIONS): Promise<LoadResult> {
  const spec: LoadSpec = { url: server.url, connections, durationS, bodyTemplate: body(operation), ids: IDS, serverPid: server.pid };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'httpLoad.ts'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  const result = JSON.parse(out) as LoadResult;
  // Failures under a starved machine (pool acquire timeouts) are reported with the figures; a
  // server that fails most requests is broken, and the bench stops.
  if (result.failed > 0) {
    const requests = result.ok + result.failed;
    failedRequests.push({ url: server.url, operation, failed: result.failed, requests, samples: result.failures });
    if (result.failed > requests / 2) throw new Error(`${result.failed} of ${requests} requests failed against ${server.url} (${operation}): ${result.failures.join(' | ')}`);
    if (result.failed > STARVED_SHARE * requests) console.error(`http bench: ${result.failed} of ${requests} requests failed against ${server.url} (${operation}); reported with the figures`);
  }
  return result;
}

/** A warm-up run (its figures are dropped); a quick run, a smoke test, skips warm-ups. */
async function warmUp(server: RunningServer, operation: Operation, durationS: number, connections = CONNECTIONS): Promise<void> {
  if (!QUICK) await load(server, operation, durationS, connections);
}

/** Posts one operation and returns the parsed body. */
async function post(server: RunningServer, operation: Operation, id: number): Promise<unknown> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(operation).replace('"$ID"', String(id)) });
  return response.json();
}

/** Every server answers the same ids with the same JSON, and the scatter list is 20 rows in order. */
async function checkAnswers(servers: readonly RunningServer[], shardgate: RunningServer): Promise<void> {
  for (const id of [1, 42, 5_000, IDS, IDS + 1]) {
    const answers = await Promise.all(servers.map((s) => post(s, 'byPk', id)));
    const first = JSON.stringify(answers[0]);
    for (const a of answers) if (JSON.stringify(a) !== first) throw new Error(`servers disagree on customer ${id}: ${first} vs ${JSON.stringify(a)}`);
  }
  // 20 customers after this id exist at every scale the suite runs (100 customers with --quick).
  const after = Math.min(100, IDS - 20);
  for (const [operation, first] of [['list', 1], ['listAfter', after + 1]] as const) {
    const list = (await post(shardgate, operation, after)) as { data: { customer: { customer_id: string }[] } };
    const ids = list.data.customer.map((c) => Number(c.customer_id));
    if (ids.length !== 20 || ids.some((v, i) => v !== first + i)) throw new Error(`${operation} is wrong: ${JSON.stringify(ids)}`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The runs of one variant, summed up. */
interface Figures {
  readonly runs: readonly LoadResult[];
  readonly rps: number;
  readonly rpsMin: number;
  readonly rpsMax: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpu: number;
  readonly cpuMin: number;
  readonly clientCpu: number;
}

function figures(runs: readonly LoadResult[]): Figures {
  return {
    runs,
    rps: median(runs.map((r) => r.perSecond)),
    rpsMin: Math.min(...runs.map((r) => r.perSecond)),
    rpsMax: Math.max(...runs.map((r) => r.perSecond)),
    p50: median(runs.map((r) => r.p50Ms)),
    p99: median(runs.map((r) => r.p99Ms)),
    cpu: median(runs.map((r) => r.serverCpuUs)),
    cpuMin: Math.min(...runs.map((r) => r.serverCpuUs)),
    clientCpu: median(runs.map((r) => r.clientCpuUs)),
  };
}

/** The median over rounds of `f(a_i, b_i)`: runs of the same round ran minutes apart at most, under the same load. */
function paired(a: Figures, b: Figures, f: (x: LoadResult, y: LoadResult) => number): number {
  return median(a.runs.map((x, i) => f(x, b.runs[i]!)));
}
const rpsRatio = (a: Figures, b: Figures): number => paired(a, b, (x, y) => x.perSecond / y.perSecond);
/** The lowest and highest per-round throughput ratio of `a` to `b`. */
function rpsRatioRange(a: Figures, b: Figures): [number, number] {
  const ratios = a.runs.map((x, i) => x.perSecond / b.runs[i]!.perSecond);
  return [Math.min(...ratios), Math.max(...ratios)];
}
const cpuDelta = (a: Figures, b: Figures): number => paired(a, b, (x, y) => x.serverCpuUs - y.serverCpuUs);

/**
 * Runs `rounds` interleaved rounds over `targets` (order reversed every other round, so load from
 * other processes falls on every target alike), after one warm-up run each.
 */
async function interleaved<T>(targets: readonly T[], rounds: number, run: (t: T) => Promise<LoadResult>, warmup: (t: T) => Promise<unknown>): Promise<LoadResult[][]> {
  for (const t of targets) await warmup(t);
  const results = targets.map(() => [] as LoadResult[]);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [...targets.keys()] : [...targets.keys()].reverse();
    for (const k of order) results[k]!.push(await run(targets[k]!));
  }
  return results;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const moreOrLess = (us: number): string => `${fmt(Math.abs(us))} µs ${us >= 0 ? 'more' : 'less'}`;
const signed = (n: number): string => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`;

interface MainResult {
  readonly shardgate: Figures;
  readonly yoga: Figures;
  readonly bare: Figures;
}

async function mainBlock(configPath: string): Promise<MainResult> {
  const variants = [SHARDGATE, YOGA, BARE];
  const servers: RunningServer[] = [];
  try {
    const started = await Promise.allSettled(variants.map((v) => startServer(v, configPath)));
    for (const r of started) if (r.status === 'fulfilled') servers.push(r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    await checkAnswers(servers, servers[0]!);
    const results = await interleaved(servers, ROUNDS, (s) => load(s, 'byPk', RUN_S), (s) => warmUp(s, 'byPk', WARMUP_S));
    return { shardgate: figures(results[0]!), yoga: figures(results[1]!), bare: figures(results[2]!) };
  } finally {
    for (const s of servers) await s.stop();
  }
}

interface LeverResult {
  /** The lever's key in LEVERS. */
  readonly key: string;
  readonly reference: Figures;
  readonly variant: Figures;
}

async function leverBlock(configPath: string): Promise<LeverResult[]> {
  const reference = await startServer(SHARDGATE, configPath);
  const out: LeverResult[] = [];
  try {
    await warmUp(reference, 'byPk', WARMUP_S);
    for (const lever of QUICK ? LEVERS.slice(-1) : LEVERS) {
      const server = await startServer(lever, configPath);
      try {
        const [ref, variant] = await interleaved([reference, server], LEVER_ROUNDS, (s) => load(s, 'byPk', LEVER_RUN_S), (s) => (s === reference ? Promise.resolve() : warmUp(s, 'byPk', WARMUP_S)));
        out.push({ key: lever.key, reference: figures(ref!), variant: figures(variant!) });
      } finally {
        await server.stop();
      }
    }
  } finally {
    await reference.stop();
  }
  return out;
}

interface ScatterResult {
  /** At CONNECTIONS connections. */
  readonly loaded: Record<'byPk' | 'list' | 'listAfter', Figures>;
  /** One connection: latency without queueing. */
  readonly single: Record<Operation, Figures>;
}

async function scatterBlock(configPath: string): Promise<ScatterResult> {
  const server = await startServer(SHARDGATE, configPath);
  try {
    const loadedOps = ['byPk', 'list', 'listAfter'] as const;
    const loaded = await interleaved(loadedOps, SCATTER_ROUNDS, (op) => load(server, op, RUN_S), (op) => warmUp(server, op, WARMUP_S / 2));
    const singleOps = ['byPk', 'list', 'listAfter', 'listByName'] as const;
    const single = await interleaved(singleOps, SCATTER_ROUNDS, (op) => load(server, op, LATENCY_RUN_S, 1), (op) => warmUp(server, op, 1, 1));
    return {
      loaded: { byPk: figures(loaded[0]!), list: figures(loaded[1]!), listAfter: figures(loaded[2]!) },
      single: { byPk: figures(single[0]!), list: figures(single[1]!), listAfter: figures(single[2]!), listByName: figures(single[3]!) },
    };
  } finally {
    await server.stop();
  }
}

interface ProfileResult {
  readonly run: LoadResult;
  readonly summary: ProfileSummary;
}

/** Runs `variant` under `node --cpu-prof` and sums up the measured run's window. */
async function profile(variant: Variant, configPath: string, dir: string): Promise<ProfileResult> {
  const profileDir = await mkdtemp(path.join(dir, `prof-${variant.key}-`));
  const server = await startServer(variant, configPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  let run: LoadResult;
  try {
    await warmUp(server, 'byPk', WARMUP_S);
    run = await load(server, 'byPk', PROFILE_RUN_S);
  } finally {
    await server.stop();
  }
  // The main thread's profile is the largest (tsx's loader thread writes a small one too).
  const files = await readdir(profileDir);
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await readFile(path.join(profileDir, f))).length })));
  const main = sizes.sort((a, b) => b.size - a.size)[0]!.f;
  return { run, summary: readProfileSummary(path.join(profileDir, main), run.startUs, run.endUs) };
}

function layerTable(profiles: readonly { name: string; p: ProfileResult }[]): string[] {
  const per = (p: ProfileResult, layer: string): number => (p.summary.byLayer.find((e) => e.name === layer)?.us ?? 0) / p.run.ok;
  const rows = LAYERS.filter((layer) => profiles.some(({ p }) => per(p, layer) >= 0.5));
  return [
    `| layer | ${profiles.map(({ name }) => `${name}: µs per request (share)`).join(' | ')} |`,
    `|---|${profiles.map(() => '---:').join('|')}|`,
    ...rows.map((layer) => `| ${layer} | ${profiles.map(({ p }) => `${per(p, layer).toFixed(1)} (${pct((per(p, layer) * p.run.ok) / p.summary.busyUs)})`).join(' | ')} |`),
    `| **sampled CPU in the window** | ${profiles.map(({ p }) => `**${(p.summary.busyUs / p.run.ok).toFixed(1)}**`).join(' | ')} |`,
  ];
}

function topFunctions(p: ProfileResult, n: number): string[] {
  return p.summary.byFunction.slice(0, n).map((e) => `| ${e.name.replace(/\|/g, '\\|')} | ${(e.us / p.run.ok).toFixed(1)} | ${pct(e.us / p.summary.busyUs)} |`);
}

async function versions(cluster: BenchCluster): Promise<string> {
  const read = async (pkg: string): Promise<string> => ((JSON.parse(await readFile(path.join(HERE, '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version);
  const names = ['graphql', 'graphql-yoga', 'graphql-jit', '@envelop/graphql-jit', 'mysql2', 'autocannon'];
  const found = await Promise.all(names.map(async (n) => `${n} ${await read(n)}`));
  const rows = await withAdminConnection(tabletTarget(cluster.tablets[0]!, false), (c) => c.query('SELECT VERSION() AS v'));
  const maria = String(rows[0]!.v);
  return `Node ${process.version}, MariaDB ${maria}, ${found.join(', ')}`;
}

/** Everything a run measured: rendered into RESULTS.md, and kept in bench/.data for `--report-only`. */
interface Measured {
  readonly quick: boolean;
  /** The run lengths and round counts the run used, s. */
  readonly settings: { readonly runS: number; readonly warmupS: number; readonly rounds: number; readonly leverRunS: number; readonly leverRounds: number; readonly profileRunS: number };
  readonly machine: string;
  readonly versions: string;
  readonly minutes: number;
  readonly main: MainResult;
  readonly levers: readonly LeverResult[];
  readonly scatter: ScatterResult;
  readonly profiles: { readonly shardgate: ProfileResult; readonly yoga?: ProfileResult; readonly bare?: ProfileResult };
  readonly failedRequests: typeof failedRequests;
}

async function measure(): Promise<Measured> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sg-http-bench-'));
  const started = performance.now();
  // Tablets of its own (the same data): a quick run runs this scenario beside the others that use the demo tablets.
  const cluster = await startDemoCluster({ customerShards: 2, scale: SCALE, log: progress('http'), copy: 'http' });
  try {
    const configPath = cluster.configPath;
    console.error('http bench: shardgate vs hand-written Yoga vs bare node:http…');
    const main = await mainBlock(configPath);
    console.error('http bench: levers…');
    const levers = await leverBlock(configPath);
    console.error('http bench: scatter list vs by-pk…');
    const scatter = await scatterBlock(configPath);
    console.error('http bench: CPU profiles…');
    // A quick run profiles shardgate only.
    const shardgate = await profile(SHARDGATE, configPath, dir);
    const profiles = QUICK ? { shardgate } : { shardgate, yoga: await profile(YOGA, configPath, dir), bare: await profile(BARE, configPath, dir) };
    return {
      quick: QUICK,
      settings: { runS: RUN_S, warmupS: WARMUP_S, rounds: ROUNDS, leverRunS: LEVER_RUN_S, leverRounds: LEVER_ROUNDS, profileRunS: PROFILE_RUN_S },
      machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, nproc = ${availableParallelism()}`,
      versions: await versions(cluster),
      minutes: (performance.now() - started) / 60_000,
      main,
      levers,
      scatter,
      profiles,
      failedRequests,
    };
  } finally {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The RESULTS.md section for `m`. */
function render(m: Measured): string {
  const { main, levers, scatter, profiles, minutes } = m;
  const { shardgate, yoga, bare } = main;
  const vsYoga = rpsRatio(shardgate, yoga);
  const { loaded, single } = scatter;
  const listRatio1 = single.list.p50 / single.byPk.p50;
  const listAfterRatio1 = single.listAfter.p50 / single.byPk.p50;
  const listRatio32 = loaded.list.p50 / loaded.byPk.p50;
  const listAfterRatio32 = loaded.listAfter.p50 / loaded.byPk.p50;
  const verdict = (ratio: number): string => (ratio <= TARGET_SCATTER_P50 ? 'met' : '**not met**');
  const mainRow = (name: string, f: Figures): string =>
    `| ${name} | ${fmt(f.rps)} (${fmt(f.rpsMin)}–${fmt(f.rpsMax)}) | ${pct(rpsRatio(f, yoga))} | ${pct(rpsRatio(f, bare))} | ${ms(f.p50)} / ${ms(f.p99)} | ${fmt(f.cpu)} (${fmt(f.cpuMin)}) | ${fmt(f.clientCpu)} |`;
  const scatterRow = (name: string, connections: number, f: Figures): string => `| ${name} | ${connections} | ${fmt(f.rps)} | ${ms(f.p50)} | ${ms(f.p99)} | ${fmt(f.cpu)} |`;
  const sgLayers = profiles.shardgate;
  const profiled = [
    { name: 'shardgate', p: profiles.shardgate },
    ...(profiles.yoga === undefined ? [] : [{ name: 'hand-written Yoga', p: profiles.yoga }]),
    ...(profiles.bare === undefined ? [] : [{ name: 'bare node:http', p: profiles.bare }]),
  ];
  const lines = [
    `${HEADING}: customer_by_pk over GraphQL, shardgate vs hand-written Yoga vs bare node:http`,
    '',
    `Issue #5 targets: \`customer_by_pk\` over HTTP reaches at least ${pct(TARGET_VS_YOGA)} of the throughput of a hand-written`,
    "graphql-yoga server whose resolver runs the same SELECT through mysql2 (the stack's own ceiling), measured in the same",
    'run at the same concurrency next to a bare node:http server doing the same SELECT (the physical limit of a Node service',
    `over MySQL); a 2-shard scatter list with order_by and limit 20 has a p50 latency at most ${TARGET_SCATTER_P50}× the by-pk query's.`,
    '',
    'Command:',
    '',
    '```',
    `npm run bench -- http${m.quick ? ' --quick' : ''}      # node --import tsx bench/http.bench.ts${m.quick ? ' --quick' : ''}`,
    '```',
    '',
    `Machine: ${m.machine}; ${m.versions}.`,
    'MariaDB, the server under test and the load generator share the 2 cores.',
    `Data: the demo keyspaces at scale ${SCALE} (${fmt(IDS)} customers on 2 shards, customer/-80 and customer/80-) on 3 private MariaDB`,
    'tablets of its own (src/cluster; seeded once, kept under bench/.data/clusters). Each server runs in its own child process (bench/httpServer.ts) with NODE_ENV=production',
    `unless a row says otherwise; the load generator (bench/httpLoad.ts, autocannon) in another, with ${CONNECTIONS} connections.`,
    `By-pk runs POST \`${OPERATIONS.byPk}\` with \`{"id": N}\`: connection c asks for ids c+1, c+1+${CONNECTIONS}, …, so no two`,
    'requests in flight ask for the same row (no consolidation or batching luck); every response body is checked (data, no errors).',
    "The hand-written servers use a mysql2 pool per shard of shardgate's size (pool.size, 16) and know each row's shard from a",
    'map read at start-up (a perfect router at no cost). Server CPU: the server process\'s user + system time over the run',
    '(/proc), per response. Ratios are medians of per-round ratios: the runs of one round are seconds apart, under the same load.',
    '',
    `### Throughput: ${m.settings.rounds} interleaved rounds of ${m.settings.runS} s per server ${m.settings.warmupS > 0 ? `after a ${m.settings.warmupS} s warm-up each` : 'with no warm-up (quick run)'}`,
    '',
    '| server | req/s median (min–max) | vs Yoga | vs bare | latency p50 / p99 (medians) | server CPU µs per request median (min) | load generator CPU µs per request |',
    '|---|---:|---:|---:|---:|---:|---:|',
    mainRow(SHARDGATE.label, shardgate),
    mainRow(YOGA.label, yoga),
    mainRow(BARE.label, bare),
    '',
    `shardgate reaches **${pct(vsYoga)}** of the hand-written Yoga server's throughput (per round ${rpsRatioRange(shardgate, yoga).map(pct).join('–')}; target ${pct(TARGET_VS_YOGA)}: ${vsYoga >= TARGET_VS_YOGA ? 'met' : '**not met**'})`,
    `and ${pct(rpsRatio(shardgate, bare))} of the bare node:http server's; stock Yoga reaches ${pct(rpsRatio(yoga, bare))} of the bare server.`,
    `Server CPU per request: shardgate ${moreOrLess(cpuDelta(shardgate, yoga))} than Yoga and ${moreOrLess(cpuDelta(shardgate, bare))} than bare (medians of per-round differences).`,
    '',
    `### Levers: each switched off against the shipped defaults, ${m.settings.leverRounds} interleaved rounds of ${m.settings.leverRunS} s per pair`,
    '',
    'Each row runs a second shardgate child with one lever reverted, alternating with a shipped one in the same minutes.',
    '',
    'Server CPU per request rises when a run is starved by other processes (fewer requests share each wake-up and system call),',
    'so the lowest round of each configuration is shown too: the cost with the least interference.',
    '',
    '| lever | reverted configuration | req/s shipped / reverted (medians) | throughput of shipped over reverted (median of rounds) | server CPU µs per request shipped / reverted: median (lowest) | CPU per request saved by the lever: median of rounds (lowest vs lowest) |',
    '|---|---|---:|---:|---:|---:|',
    ...levers.map(
      (l) =>
        `| ${leverNamed(l.key).lever} | ${leverNamed(l.key).label} | ${fmt(l.reference.rps)} / ${fmt(l.variant.rps)} | ${signed(rpsRatio(l.reference, l.variant) - 1)} | ${fmt(l.reference.cpu)} (${fmt(l.reference.cpuMin)}) / ${fmt(l.variant.cpu)} (${fmt(l.variant.cpuMin)}) | ${fmt(cpuDelta(l.variant, l.reference))} µs (${fmt(l.variant.cpuMin - l.reference.cpuMin)} µs) |`,
    ),
    '',
    '### Scatter list vs by-pk (shipped defaults)',
    '',
    `- list: \`${OPERATIONS.list}\`, the issue's query: the same statement on both shards each time (plan cached; at ${CONNECTIONS}`,
    '  connections identical reads in flight share one execution per shard, pool consolidation).',
    `- list after N: \`${OPERATIONS.listAfter.replace('query ($id: BigInt!) ', '')}\` with N per request: planned every`,
    '  request (the plan cache keys on values), never consolidated: each shard reads 20 rows by primary-key range, merged.',
    '- list by name: the same with `order_by: { name: asc }` (no index: each shard sorts its rows first); one connection only.',
    '',
    '| query | connections | req/s median | latency p50 (median of runs) | p99 | server CPU µs per request |',
    '|---|---:|---:|---:|---:|---:|',
    scatterRow('customer_by_pk (one shard, EqualUnique)', CONNECTIONS, loaded.byPk),
    scatterRow('list (2-shard scatter)', CONNECTIONS, loaded.list),
    scatterRow('list after N (2-shard scatter)', CONNECTIONS, loaded.listAfter),
    scatterRow('customer_by_pk', 1, single.byPk),
    scatterRow('list', 1, single.list),
    scatterRow('list after N', 1, single.listAfter),
    scatterRow('list by name (unindexed order)', 1, single.listByName),
    '',
    `Scatter p50 / by-pk p50 (target ≤ ${TARGET_SCATTER_P50}×): the issue's list **${listRatio1.toFixed(2)}×** at one connection (${verdict(listRatio1)}) and`,
    `**${listRatio32.toFixed(2)}×** at ${CONNECTIONS} (${verdict(listRatio32)}); list after N **${listAfterRatio1.toFixed(2)}×** at one connection (${verdict(listAfterRatio1)})`,
    `and **${listAfterRatio32.toFixed(2)}×** at ${CONNECTIONS} (${verdict(listAfterRatio32)}).`,
    '',
    `### Where the CPU goes (node --cpu-prof, one ${m.settings.profileRunS} s by-pk run per server at ${CONNECTIONS} connections ${m.settings.warmupS > 0 ? 'after a warm-up' : 'with no warm-up'})`,
    '',
    'Each sample is charged to the innermost frame that belongs to a layer, so a socket write or an event emit counts for',
    'the code that caused it; samples in Node internals with no JS caller (reading sockets, timers) have their own row. The',
    'sampled total is below the /proc figure: the profiler sees the main thread only.',
    `Requests in the window: ${profiled.map(({ name, p }) => `${name} ${fmt(p.run.ok)} (${fmt(p.run.perSecond)} req/s)`).join(', ')}.`,
    '',
    ...layerTable(profiled),
    '',
    "shardgate's heaviest functions by self time:",
    '',
    '| function (place) | µs per request | share |',
    '|---|---:|---:|',
    ...topFunctions(sgLayers, 15),
    '',
    m.failedRequests.length === 0
      ? 'Every request of every run answered with data and no errors.'
      : `Failed requests, by run: ${m.failedRequests.map((f) => `${fmt(f.failed)}${f.requests === undefined ? '' : ` of ${fmt(f.requests)}`} (${f.operation}: ${f.samples.join('; ')})`).join(', ')}.` +
        (m.failedRequests.some((f) => f.requests !== undefined && f.failed > STARVED_SHARE * f.requests)
          ? ` In ${m.failedRequests.filter((f) => f.requests !== undefined && f.failed > STARVED_SHARE * f.requests).length} run(s) more than ${pct(STARVED_SHARE)} failed: the machine did not give the server the CPU to answer in time (RESOURCE_EXHAUSTED is the pool's acquire timeout), so those runs' throughput is not comparable.`
          : ''),
    '',
    `Bench wall time: ${minutes.toFixed(1)} min.`,
  ];
  return [...lines, '', ...reading(m)].join('\n');
}

function leverNamed(key: string): (typeof LEVERS)[number] {
  const lever = LEVERS.find((l) => l.key === key);
  if (lever === undefined) throw new Error(`no lever ${key}`);
  return lever;
}

/** µs per request that a profile charges to `layer`. */
function layerUs(p: ProfileResult, layer: (typeof LAYERS)[number]): number {
  return (p.summary.byLayer.find((e) => e.name === layer)?.us ?? 0) / p.run.ok;
}

/** µs per request of self time in the functions of `place` whose name is `name`. */
function functionUs(p: ProfileResult, name: string, place: string): number {
  return (p.summary.byFunction.find((e) => e.name === `${name} ${place}`)?.us ?? 0) / p.run.ok;
}

/**
 * How to read the section, written from the numbers of this run: every figure below is
 * computed from `m`; the sentences say what they mean and where the time goes.
 */
function reading(m: Measured): string[] {
  const { shardgate, yoga, bare } = m.main;
  const vsYoga = rpsRatio(shardgate, yoga);
  const [low, high] = rpsRatioRange(shardgate, yoga);
  const cores = (f: Figures): string => ((f.rps * f.cpu) / 1e6).toFixed(2);
  const out = ['### Reading', ''];
  out.push(
    `- **Throughput target.** shardgate answered ${pct(vsYoga)} of the hand-written Yoga server's requests per second (per-round ratios ${pct(low)} to ${pct(high)}),` +
      ` so the target of ${pct(TARGET_VS_YOGA)} is ${vsYoga >= TARGET_VS_YOGA ? (low >= TARGET_VS_YOGA ? 'met in every round' : 'met by the median, not in every round') : '**not met**'}.` +
      ` In each server's best round: shardgate ${fmt(shardgate.rpsMax)}, Yoga ${fmt(yoga.rpsMax)}, bare ${fmt(bare.rpsMax)} req/s.` +
      ` It is ${pct(rpsRatio(shardgate, bare))} of the bare node:http server. req/s × server CPU per request gives the cores each server kept busy:` +
      ` ${cores(shardgate)} (shardgate), ${cores(yoga)} (Yoga), ${cores(bare)} (bare); a Node server near 1 is bound by its one JavaScript thread, and the 2 cores` +
      ` also run MariaDB, the load generator and other jobs. So throughput follows server CPU per request: ${fmt(shardgate.cpu)} µs for shardgate,` +
      ` ${fmt(yoga.cpu)} µs for Yoga, ${fmt(bare.cpu)} µs for bare.`,
  );
  const sg = m.profiles.shardgate;
  const yp = m.profiles.yoga;
  const bp = m.profiles.bare;
  const own = LAYERS.slice(1, 7).reduce((sum, layer) => sum + layerUs(sg, layer), 0);
  const busy = (p: ProfileResult): number => p.summary.busyUs / p.run.ok;
  if (yp !== undefined && bp !== undefined) {
    const [http, , , , , , , driver, , writes] = LAYERS;
    out.push(
      `- **Where the time goes** (profiles above, main thread, µs per request): shardgate ${busy(sg).toFixed(0)}, Yoga ${busy(yp).toFixed(0)}, bare ${busy(bp).toFixed(0)}.` +
        ` The HTTP, Yoga and GraphQL execution layer costs shardgate ${layerUs(sg, http).toFixed(0)} against Yoga's ${layerUs(yp, http).toFixed(0)}: the fast path skips` +
        " Yoga's whatwg Request/Response layer for plain JSON POSTs and graphql-jit replaces graphql-js's execution." +
        ` shardgate's own layers (src/server plugins, schema, resolvers, planner, engine, pools) add ${own.toFixed(0)}, which the hand-written server does not have:` +
        ` it knows each row's shard from a map and runs one SELECT. mysql2 costs ${layerUs(sg, driver).toFixed(0)} in shardgate and ${layerUs(yp, driver).toFixed(0)} in Yoga,` +
        ` socket writes ${layerUs(sg, writes).toFixed(0)} and ${layerUs(yp, writes).toFixed(0)} (the bare server: ${layerUs(bp, http).toFixed(0)} in node:http,` +
        ` ${layerUs(bp, driver).toFixed(0)} in mysql2, ${layerUs(bp, writes).toFixed(0)} in socket writes). Write system calls are dear on this virtual machine,` +
        ' and every server pays them per request: one for the response, one per MySQL statement.',
    );
  }
  const planning = layerUs(sg, LAYERS[4]);
  const key = functionUs(sg, 'requestKey', 'src/resolvers');
  out.push(
    `- **Plan cache.** The plan cache (src/resolvers/planCache.ts; not a server option, so not a lever row) keys on the whole QueryRequest, values included,` +
      ` so by-pk requests for ${fmt(IDS)} different ids never hit it (1,000 entries): every request plans again (the planner layer, ${planning.toFixed(1)} µs per` +
      ` request in the profile) and builds the cache key as well (requestKey, ${key.toFixed(1)} µs of self time). Vitess keys its plan cache on the normalized` +
      ' query, values replaced by bind variables; a cache keyed on the request shape would take both costs off a by-pk request. That code belongs to' +
      ' src/resolvers (issue #5 plan cache), outside this bench.',
  );
  const byCpu = [...m.levers].sort((a, b) => cpuDelta(b.variant, b.reference) - cpuDelta(a.variant, a.reference));
  out.push(
    '- **Levers**, by server CPU per request saved against the shipped configuration (each row is its own pair, so the rows do not add up;' +
      ' the last row is all of them at once): ' +
      byCpu
        .map((l) => `${leverNamed(l.key).lever.split(/ \(|:/)[0]} ${fmt(cpuDelta(l.variant, l.reference))} µs, lowest rounds ${fmt(l.variant.cpuMin - l.reference.cpuMin)} µs (${signed(rpsRatio(l.reference, l.variant) - 1)} req/s)`)
        .join('; ') +
      '. A lever whose two figures disagree in sign, or whose effect is below about 10% of the CPU per request, is within the noise of this machine.' +
      ' The document cache row turns graphql-jit off in both configurations, since graphql-jit compiles once per cached document: without the cache it' +
      " would compile every request. Outside production mode graphql-js's instanceOf, behind every type check (isObjectType, isListType, …)," +
      ' looks up the class name of each value that is not an instance, to warn about a second copy of graphql.',
  );
  out.push(
    '- **The fast path is behaviour-preserving**: src/server/__tests__/fastPath.test.ts sends a table of requests (successes, resolver and masked internal errors,' +
      ' explain, limits, introspection off, bad JSON, batches, chunked and over-limit bodies, other media types and methods) to the same app served with and' +
      ' without it and expects the same status, headers and body, the same /metrics counts and the same logged incidents; a client that goes away aborts' +
      " the request's signal either way. Requests it does not take, and bodies that are not JSON or carry parameters Yoga refuses, are Yoga's.",
  );
  const { loaded, single } = m.scatter;
  out.push(
    `- **Scatter list.** At one connection (latency without queueing) the issue's list has a p50 of ${ms(single.list.p50)} against ${ms(single.byPk.p50)} for by-pk` +
      ` (${(single.list.p50 / single.byPk.p50).toFixed(2)}×): both shards are asked at once, so a scatter costs the slower of two round trips plus the merge of` +
      ` 40 rows, not two round trips. At ${CONNECTIONS} connections the list is cheaper than by-pk (${(loaded.list.p50 / loaded.byPk.p50).toFixed(2)}×): every request` +
      ' runs the same statements, and identical reads in flight share one execution per shard (pool consolidation). "List after N" changes every request' +
      ` and shows the cost without consolidation: ${(single.listAfter.p50 / single.byPk.p50).toFixed(2)}× at one connection,` +
      ` ${(loaded.listAfter.p50 / loaded.byPk.p50).toFixed(2)}× at ${CONNECTIONS}; its plan is never cached (values in the key, see above). At one connection` +
      ` it costs ${fmt(single.listAfter.cpu)} µs of server CPU per request against by-pk's ${fmt(single.byPk.cpu)} µs: planning, two statements` +
      ' (two MySQL writes and reads instead of one), a k-way merge of 40 rows and 20 rows to serialise; with one request at a time that CPU is' +
      ' latency, so the difference in p50 is about the difference in CPU.',
  );
  out.push(
    '- **Noise.** The machine is shared with other work, and one run moves by tens of percent (the min–max columns). The ratios are medians of per-round' +
      ' ratios of runs taken seconds apart, which cancels most of the shared load; read single figures as ±20%.',
  );
  return out;
}

/**
 * The figures for results.json: everything measured except the long tails of the profiles
 * (by function and by place, the first 20 of each are kept; bench/.data keeps them whole).
 */
function figuresOf(m: Measured): unknown {
  const trim = (p: ProfileResult): ProfileResult => ({ run: p.run, summary: { ...p.summary, byFunction: p.summary.byFunction.slice(0, 20), byPlace: p.summary.byPlace.slice(0, 20) } });
  const { shardgate, yoga, bare } = m.profiles;
  return { ...m, profiles: { shardgate: trim(shardgate), ...(yoga === undefined ? {} : { yoga: trim(yoga) }), ...(bare === undefined ? {} : { bare: trim(bare) }) } };
}

async function main(): Promise<void> {
  const dataFile = path.join(HERE, '.data', QUICK ? 'http-last-quick.json' : 'http-last.json');
  let measured: Measured;
  if (process.argv.includes('--report-only')) {
    measured = JSON.parse(await readFile(dataFile, 'utf8')) as Measured;
  } else {
    measured = await measure();
    await mkdir(path.dirname(dataFile), { recursive: true });
    await writeFile(dataFile, JSON.stringify(measured));
  }
  await out.publish(HEADING, 'http', render(measured), figuresOf(measured));
}

await main();
