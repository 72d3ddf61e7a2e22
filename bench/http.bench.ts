// HTTP benchmark (issue #5): `customer_by_pk` over HTTP against three servers in the same run
// at the same concurrency: shardgate, a hand-written graphql-yoga server whose resolver runs the
// same SELECT through mysql2 on the row's own shard (the stack's own ceiling), and a bare
// node:http server doing that SELECT and writing the JSON (the physical limit of a Node service
// over MySQL). Then each performance lever of src/server measured against the shipped
// configuration, a 2-shard scatter list (order_by, limit 20) against the by-pk query, and a
// CPU profile of shardgate under load, by layer. Every server runs in its own child process
// (bench/httpServer.ts), and so does the load generator (bench/httpLoad.ts, autocannon).
// Data: the demo keyspaces at full scale (10,000 customers) in existing-server mode on the
// shared MariaDB (SHARDGATE_TEST_MYSQL_URL), under a unique database prefix, dropped after.
// Run: `npm run bench -- http [--quick]`. Writes the "HTTP" section of bench/RESULTS.md;
// `--quick` (short runs, one round) only prints it.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { upCluster } from '../src/cluster/upCluster.js';
import { adminQuery, testServerUrl } from '../test/helpers/mariadb.js';
import { LAYERS, readProfileSummary, type ProfileSummary } from './cpuProfileSummary.js';
import type { LoadResult, LoadSpec } from './httpLoad.js';
import type { ServerSpec } from './httpServer.js';

const QUICK = process.argv.includes('--quick');
const HERE = import.meta.dirname;
const CONNECTIONS = 32;
const RUN_S = QUICK ? 2 : 10;
const WARMUP_S = QUICK ? 1 : 8;
const ROUNDS = QUICK ? 1 : 5;
const LEVER_ROUNDS = QUICK ? 1 : 3;
const LATENCY_RUN_S = QUICK ? 1 : 6;
const PROFILE_RUN_S = QUICK ? 3 : 15;
const SCALE = 1;
const IDS = 10_000 * SCALE;
const TARGET_VS_YOGA = 0.9;
const TARGET_SCATTER_P50 = 1.5;

/** The operations measured; `"$ID"` is replaced by a customer id per request. */
const OPERATIONS = {
  byPk: 'query ($id: BigInt!) { customer_by_pk(customer_id: $id) { customer_id email name created_at } }',
  scatter: 'query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { customer_id: asc }, limit: 20) { customer_id email name created_at } }',
  scatterFilesort:
    'query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { name: asc }, limit: 20) { customer_id email name created_at } }',
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
}

/** Every server runs as a deployment would: NODE_ENV=production (graphql-js skips its dev-only checks). */
const PRODUCTION = { NODE_ENV: 'production' };

const SHARDGATE: Variant = { key: 'shardgate', label: 'shardgate (shipped defaults)', spec: { kind: 'shardgate' }, env: PRODUCTION };
const YOGA: Variant = { key: 'yoga', label: 'hand-written graphql-yoga + mysql2 (stock Yoga options)', spec: { kind: 'yoga' }, env: PRODUCTION };
const BARE: Variant = { key: 'bare', label: 'bare node:http + mysql2', spec: { kind: 'bare' }, env: PRODUCTION };

/** Each lever switched back off, one at a time, against the shipped defaults. */
const LEVERS: readonly (Variant & { readonly lever: string })[] = [
  { key: 'noJit', lever: 'graphql-jit (useJit, @envelop/graphql-jit)', label: 'graphql-js instead of graphql-jit (`jit: false`)', spec: { kind: 'shardgate', options: { jit: false } }, env: PRODUCTION },
  {
    key: 'yogaBodyLimit',
    lever: 'body size limit from Content-Length (useBodyLimit)',
    label: "Yoga's streaming body limit on every request (`yogaBodyLimit: true`)",
    spec: { kind: 'shardgate', options: { yogaBodyLimit: true } },
    env: PRODUCTION,
  },
  { key: 'devMode', lever: 'production mode (NODE_ENV=production)', label: 'NODE_ENV unset (graphql-js development checks)', spec: { kind: 'shardgate' }, env: { NODE_ENV: undefined } },
  {
    key: 'noDocumentCache',
    lever: 'parse/validate cache (useDocumentCache); jit off in both rows, since jit compiles per document',
    label: 'no document cache and graphql-js (`documentCacheSize: 0, jit: false`)',
    spec: { kind: 'shardgate', options: { documentCacheSize: 0, jit: false } },
    env: PRODUCTION,
  },
  {
    key: 'original',
    lever: 'all switchable levers together',
    label: 'all switchable levers off (`jit: false, yogaBodyLimit: true`, NODE_ENV unset)',
    spec: { kind: 'shardgate', options: { jit: false, yogaBodyLimit: true } },
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
  const child: ChildProcess = spawn(process.execPath, [...extraArgs, '--import', 'tsx', path.join(HERE, 'httpServer.ts'), JSON.stringify(spec)], {
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

/** Runs the load generator child once against `server`. */
async function load(server: RunningServer, operation: Operation, durationS: number, connections = CONNECTIONS): Promise<LoadResult> {
  const spec: LoadSpec = { url: server.url, connections, durationS, bodyTemplate: body(operation), ids: IDS, serverPid: server.pid };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'httpLoad.ts'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  const result = JSON.parse(out) as LoadResult;
  if (result.failed > 0) throw new Error(`${result.failed} requests failed against ${server.url} (${operation}): the numbers would not be comparable`);
  return result;
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
  const list = (await post(shardgate, 'scatter', 100)) as { data: { customer: { customer_id: string }[] } };
  const ids = list.data.customer.map((c) => Number(c.customer_id));
  if (ids.length !== 20 || ids.some((v, i) => v !== 101 + i)) throw new Error(`scatter list is wrong: ${JSON.stringify(ids)}`);
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
    const results = await interleaved(servers, ROUNDS, (s) => load(s, 'byPk', RUN_S), (s) => load(s, 'byPk', WARMUP_S));
    return { shardgate: figures(results[0]!), yoga: figures(results[1]!), bare: figures(results[2]!) };
  } finally {
    for (const s of servers) await s.stop();
  }
}

interface LeverResult {
  readonly lever: (typeof LEVERS)[number];
  readonly reference: Figures;
  readonly variant: Figures;
}

async function leverBlock(configPath: string): Promise<LeverResult[]> {
  const reference = await startServer(SHARDGATE, configPath);
  const out: LeverResult[] = [];
  try {
    await load(reference, 'byPk', WARMUP_S);
    for (const lever of LEVERS) {
      const server = await startServer(lever, configPath);
      try {
        const [ref, variant] = await interleaved([reference, server], LEVER_ROUNDS, (s) => load(s, 'byPk', RUN_S), (s) => (s === reference ? Promise.resolve() : load(s, 'byPk', WARMUP_S)));
        out.push({ lever, reference: figures(ref!), variant: figures(variant!) });
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
  readonly loaded: Record<'byPk' | 'scatter', Figures>;
  /** One connection: latency without queueing. */
  readonly single: Record<Operation, Figures>;
}

async function scatterBlock(configPath: string): Promise<ScatterResult> {
  const server = await startServer(SHARDGATE, configPath);
  try {
    const ops = ['byPk', 'scatter'] as const;
    const loaded = await interleaved(ops, LEVER_ROUNDS, (op) => load(server, op, RUN_S), (op) => load(server, op, WARMUP_S / 2));
    const allOps = ['byPk', 'scatter', 'scatterFilesort'] as const;
    const single = await interleaved(allOps, LEVER_ROUNDS, (op) => load(server, op, LATENCY_RUN_S, 1), (op) => load(server, op, 1, 1));
    return {
      loaded: { byPk: figures(loaded[0]!), scatter: figures(loaded[1]!) },
      single: { byPk: figures(single[0]!), scatter: figures(single[1]!), scatterFilesort: figures(single[2]!) },
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
    await load(server, 'byPk', WARMUP_S);
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

function writeSection(markdown: string): Promise<void> {
  const file = path.join(HERE, 'RESULTS.md');
  const heading = '## HTTP';
  return readFile(file, 'utf8').then((current) => {
    const startAt = current.search(/^## HTTP\b/m);
    let next: string;
    if (startAt < 0) {
      next = `${current.trimEnd()}\n\n${markdown}`;
    } else {
      const after = current.indexOf('\n## ', startAt + heading.length);
      next = `${current.slice(0, startAt)}${markdown}${after < 0 ? '' : `\n${current.slice(after + 1)}`}`;
    }
    return writeFile(file, `${next.trimEnd()}\n`);
  });
}

async function versions(): Promise<string> {
  const read = async (pkg: string): Promise<string> => ((JSON.parse(await readFile(path.join(HERE, '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version);
  const names = ['graphql', 'graphql-yoga', 'graphql-jit', '@envelop/graphql-jit', 'mysql2', 'autocannon'];
  const found = await Promise.all(names.map(async (n) => `${n} ${await read(n)}`));
  const maria = (await adminQuery<{ v: string }>('SELECT VERSION() AS v'))[0]!.v;
  return `Node ${process.version}, MariaDB ${maria}, ${found.join(', ')}`;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sg-http-bench-'));
  const prefix = `sgb_${randomBytes(4).toString('hex')}_`;
  const databases = ['commerce', 'customer_x80', 'customer_80x'].map((d) => `${prefix}${d}`);
  const started = performance.now();
  let main: MainResult;
  let levers: LeverResult[];
  let scatter: ScatterResult;
  let profiles: { shardgate: ProfileResult; yoga?: ProfileResult; bare?: ProfileResult };
  try {
    console.error(`http bench: seeding the demo (scale ${SCALE}) under ${prefix}…`);
    const up = await upCluster({ dir: path.join(dir, 'demo'), server: testServerUrl(), databasePrefix: prefix, scale: SCALE });
    console.error('http bench: shardgate vs hand-written Yoga vs bare node:http…');
    main = await mainBlock(up.configPath);
    console.error('http bench: levers…');
    levers = await leverBlock(up.configPath);
    console.error('http bench: scatter list vs by-pk…');
    scatter = await scatterBlock(up.configPath);
    console.error('http bench: CPU profiles…');
    // A quick run profiles shardgate only.
    profiles = { shardgate: await profile(SHARDGATE, up.configPath, dir) };
    if (!QUICK) profiles = { ...profiles, yoga: await profile(YOGA, up.configPath, dir), bare: await profile(BARE, up.configPath, dir) };
  } finally {
    for (const d of databases) await adminQuery(`DROP DATABASE IF EXISTS \`${d}\``);
    await rm(dir, { recursive: true, force: true });
  }
  const minutes = (performance.now() - started) / 60_000;

  const { shardgate, yoga, bare } = main;
  const vsYoga = shardgate.rps / yoga.rps;
  const scatterRatio = scatter.loaded.scatter.p50 / scatter.loaded.byPk.p50;
  const scatterRatio1 = scatter.single.scatter.p50 / scatter.single.byPk.p50;
  const mainRow = (name: string, f: Figures): string =>
    `| ${name} | ${fmt(f.rps)} (${fmt(f.rpsMin)}–${fmt(f.rpsMax)}) | ${pct(f.rps / yoga.rps)} | ${pct(f.rps / bare.rps)} | ${ms(f.p50)} / ${ms(f.p99)} | ${fmt(f.cpu)} (${fmt(f.cpuMin)}) | ${fmt(f.clientCpu)} |`;
  const sgLayers = profiles.shardgate;
  const profiled = [
    { name: 'shardgate', p: profiles.shardgate },
    ...(profiles.yoga === undefined ? [] : [{ name: 'hand-written Yoga', p: profiles.yoga }]),
    ...(profiles.bare === undefined ? [] : [{ name: 'bare node:http', p: profiles.bare }]),
  ];
  const lines = [
    '## HTTP: customer_by_pk over GraphQL, shardgate vs hand-written Yoga vs bare node:http',
    '',
    `Issue #5 targets: \`customer_by_pk\` over HTTP reaches at least ${pct(TARGET_VS_YOGA)} of the throughput of a hand-written`,
    'graphql-yoga server whose resolver runs the same SELECT through mysql2 (the stack\'s own ceiling), measured in the same',
    `run at the same concurrency next to a bare node:http server doing the same SELECT (the physical limit of a Node service`,
    `over MySQL); a 2-shard scatter list with order_by and limit 20 has a p50 latency at most ${TARGET_SCATTER_P50}× the by-pk query's.`,
    '',
    'Command:',
    '',
    '```',
    `npm run bench -- http${QUICK ? ' --quick' : ''}      # node --import tsx bench/http.bench.ts`,
    '```',
    '',
    `Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, nproc = ${availableParallelism()}; ${await versions()}.`,
    'MariaDB, the server under test and the load generator share the 2 cores (other jobs were running on the machine too).',
    `Data: the demo keyspaces at scale ${SCALE} (${fmt(IDS)} customers on 2 shards, customer/-80 and customer/80-) in existing-server mode,`,
    'seeded for the run and dropped after. Each server runs in its own child process (bench/httpServer.ts) with NODE_ENV=production',
    'unless a row says otherwise; the load generator (bench/httpLoad.ts: autocannon) in another. Every run: ' + `${CONNECTIONS} connections,`,
    `POST /graphql with \`${OPERATIONS.byPk}\` and \`{"id": N}\`; connection c asks for ids c+1, c+1+${CONNECTIONS}, …, so no two requests in flight`,
    'ask for the same row (no consolidation or batching luck), and every response body is checked (data, no errors).',
    `The hand-written servers use a mysql2 pool per shard of the size shardgate uses (pool.size, default 16) and know each`,
    'row\'s shard from a map read at start-up (a perfect router at no cost). Server CPU is the server process\'s user + system',
    'time over the run (/proc), per response.',
    '',
    `### Throughput: ${ROUNDS} interleaved rounds of ${RUN_S} s per server after a ${WARMUP_S} s warm-up each`,
    '',
    '| server | req/s median (min–max) | vs Yoga | vs bare | latency p50 / p99 (medians) | server CPU µs per request median (min) | load generator CPU µs per request |',
    '|---|---:|---:|---:|---:|---:|---:|',
    mainRow(SHARDGATE.label, shardgate),
    mainRow(YOGA.label, yoga),
    mainRow(BARE.label, bare),
    '',
    `shardgate reaches **${pct(vsYoga)}** of the hand-written Yoga server's throughput (target ${pct(TARGET_VS_YOGA)}: ${vsYoga >= TARGET_VS_YOGA ? 'met' : '**NOT met**'})`,
    `and ${pct(shardgate.rps / bare.rps)} of the bare node:http server's; stock Yoga reaches ${pct(yoga.rps / bare.rps)} of the bare server.`,
    `By server CPU per request (the steadier measure on a shared machine): shardgate ${fmt(shardgate.cpu)} µs, Yoga ${fmt(yoga.cpu)} µs, bare ${fmt(bare.cpu)} µs`,
    `(shardgate ${(shardgate.cpu / yoga.cpu).toFixed(2)}× Yoga, ${(shardgate.cpu / bare.cpu).toFixed(2)}× bare).`,
    '',
    `### Levers: each switched off against the shipped defaults, ${LEVER_ROUNDS} interleaved rounds of ${RUN_S} s per pair`,
    '',
    'Each row runs a second shardgate child with one lever reverted, alternating with the shipped configuration in the same',
    'minutes; the effect is the shipped configuration against the reverted one in that block.',
    '',
    '| lever | reverted configuration | req/s shipped / reverted (medians) | throughput gained by the lever | server CPU µs per request shipped / reverted | CPU saved by the lever |',
    '|---|---|---:|---:|---:|---:|',
    ...levers.map(
      (l) =>
        `| ${l.lever.lever} | ${l.lever.label} | ${fmt(l.reference.rps)} / ${fmt(l.variant.rps)} | ${signed(l.reference.rps / l.variant.rps - 1)} | ${fmt(l.reference.cpu)} / ${fmt(l.variant.cpu)} | ${fmt(l.variant.cpu - l.reference.cpu)} µs (${pct(1 - l.reference.cpu / l.variant.cpu)}) |`,
    ),
    '',
    '### Scatter list vs by-pk (shipped defaults)',
    '',
    `Scatter: \`${OPERATIONS.scatter}\` (2 shards, each asked for 20 rows by primary-key range, merged). With an unindexed`,
    `order (\`order_by: { name: asc }\`) each shard sorts its ~${fmt(IDS / 2)} rows first (filesort): shown at one connection for reference.`,
    '',
    '| query | connections | req/s median | latency p50 (median of runs) | p99 |',
    '|---|---:|---:|---:|---:|',
    `| customer_by_pk (one shard, EqualUnique) | ${CONNECTIONS} | ${fmt(scatter.loaded.byPk.rps)} | ${ms(scatter.loaded.byPk.p50)} | ${ms(scatter.loaded.byPk.p99)} |`,
    `| customer list, order_by customer_id, limit 20 (2-shard scatter) | ${CONNECTIONS} | ${fmt(scatter.loaded.scatter.rps)} | ${ms(scatter.loaded.scatter.p50)} | ${ms(scatter.loaded.scatter.p99)} |`,
    `| customer_by_pk | 1 | ${fmt(scatter.single.byPk.rps)} | ${ms(scatter.single.byPk.p50)} | ${ms(scatter.single.byPk.p99)} |`,
    `| customer list, order_by customer_id, limit 20 (2-shard scatter) | 1 | ${fmt(scatter.single.scatter.rps)} | ${ms(scatter.single.scatter.p50)} | ${ms(scatter.single.scatter.p99)} |`,
    `| customer list, order_by name (unindexed), limit 20 (2-shard scatter) | 1 | ${fmt(scatter.single.scatterFilesort.rps)} | ${ms(scatter.single.scatterFilesort.p50)} | ${ms(scatter.single.scatterFilesort.p99)} |`,
    '',
    `Scatter p50 / by-pk p50: **${scatterRatio.toFixed(2)}×** at ${CONNECTIONS} connections, **${scatterRatio1.toFixed(2)}×** at one connection`,
    `(target ≤ ${TARGET_SCATTER_P50}×: ${scatterRatio <= TARGET_SCATTER_P50 && scatterRatio1 <= TARGET_SCATTER_P50 ? 'met at both' : scatterRatio <= TARGET_SCATTER_P50 || scatterRatio1 <= TARGET_SCATTER_P50 ? 'met at one concurrency only' : '**NOT met**'}).`,
    '',
    `### Where the CPU goes (node --cpu-prof, one ${PROFILE_RUN_S} s run per server at ${CONNECTIONS} connections after a warm-up)`,
    '',
    'Each sample is charged to the innermost frame that belongs to a layer, so a socket write or an event emit counts for',
    'the code that caused it; samples in Node internals with no JS caller (reading sockets, timers) have their own row.',
    `Requests in the window: ${profiled.map(({ name, p }) => `${name} ${fmt(p.run.ok)} (${fmt(p.run.perSecond)} req/s)`).join(', ')}.`,
    '',
    ...layerTable(profiled),
    '',
    'shardgate\'s heaviest functions by self time:',
    '',
    '| function (place) | µs per request | share |',
    '|---|---:|---:|',
    ...topFunctions(sgLayers, 15),
    '',
    `Bench wall time: ${minutes.toFixed(1)} min.`,
  ];
  const markdown = lines.join('\n');
  console.log(markdown);
  if (QUICK) console.error('--quick: bench/RESULTS.md left as it is');
  else await writeSection(`${markdown}\n\n${await readingNotes()}\n`);
}

/** The hand-written reading kept in bench/http.reading.md (appended to the section as it is). */
async function readingNotes(): Promise<string> {
  try {
    return (await readFile(path.join(HERE, 'http.reading.md'), 'utf8')).trimEnd();
  } catch {
    return '';
  }
}

await main();
