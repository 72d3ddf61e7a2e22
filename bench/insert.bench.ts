// Issue #7's benchmark: `insert_customer_one { customer_id }` (id from the Vitess sequence) against
// a bare mysql2 INSERT of the same row into an unsharded AUTO_INCREMENT copy of the table, same
// MariaDB, same interleaved rounds: over HTTP (shardgate, a hand-written Yoga + mysql2 server) and
// in process (the mutation runtime, graphql-js, the bare pool), with statement counts, profiles
// when the target is missed, the sequence's block size and the baseline's pool size. Data: the
// demo on SHARDGATE_TEST_MYSQL_URL, a fresh prefix, dropped after. `npm run bench -- insert`.

import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { execute, parse, type ExecutionResult } from 'graphql';
import mysql, { type Pool, type ResultSetHeader } from 'mysql2';
import { quoteIdentifier, withAdminConnection, type AdminConnection } from '../src/cluster/adminConnection.js';
import type { TabletState } from '../src/cluster/clusterState.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { randomBytes } from 'node:crypto';
import { createSequenceCache } from '../src/engine/sequenceCache.js';
import type { TransactionalShardExecutor } from '../src/engine/shardExecutor.js';
import { createApiRuntime, type RequestContext } from '../src/resolvers/apiRuntime.js';
import type { ApiTable } from '../src/resolvers/catalog.js';
import { createApi, type Api } from '../src/server/createApi.js';
import { hashUint64 } from '../src/sharding/vindexes/hash.js';
import { LAYERS, readProfileSummary, summarizeProfile, type ProfileSummary } from './cpuProfileSummary.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { readStatus, startDemoOnServer, type ServerDemo } from './lib/benchCluster.js';
import { benchOutput } from './lib/benchOutput.js';
import { startChildServer, type ChildServer } from './lib/childServer.js';
import { figuresOf, type Figures, type Run } from './lib/rounds.js';
import { runLoad } from './lib/runLoad.js';
import { fmt, fmtSpread, ms, percentile, spread, times, warmupText, type Spread } from './lib/stats.js';
import { shardgateServerArgs } from './lib/shardgateArgs.js';

const { quick, scale } = benchArgs();
const out = benchOutput();
const log = progress('insert');
const HEADING = '## Inserts (issue #7)';
const SERVER = process.env.SHARDGATE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
/** HTTP connections of the load generator, and callers of the in-process targets. */
const CONCURRENCY = 32;
/**
 * Connections of the two baselines' pools: shardgate's default pool size per tablet (as the
 * suite's other peers have). shardgate may use that many on each customer shard; the shared
 * server's max_connections (151) does not leave room for more while every target is open.
 */
const BASELINE_CONNECTIONS = 16;
const ROUNDS = quick ? 1 : 7;
/** Rounds of the two side checks (the sequence's block size, the baseline's pool size). */
const SIDE_ROUNDS = quick ? 1 : 5;
const RUN_S = quick ? 1 : 3;
const WARMUP_S = quick ? 0 : 3;
/** Requests sent one at a time per target to count statements (several sequence blocks of 100). */
const STATEMENT_SAMPLES = quick ? 20 : 300;
const PROFILE_RUN_S = quick ? 1 : 6;
/** The issue's target: at least this share of the bare INSERT's throughput. */
const TARGET = 0.5;
/** The demo's block size (schema/commerce/schema.sql) and the one the lever tries. */
const DEMO_CACHE = 100;
const LEVER_CACHE = 1_000;
/** Distinct rows, sent in turn. */
const ROWS = 2_000;

const INSERT_ONE = 'mutation ($object: customer_insert_input!) { insert_customer_one(object: $object) { customer_id } }';
const INSERT_NO_RETURNING = 'mutation ($object: customer_insert_input!) { insert_customer(objects: [$object]) { affected_rows } }';
const STATUS = ['Com_insert', 'Com_select', 'Com_update', 'Com_begin', 'Com_commit', 'Com_rollback', 'Questions'] as const;

type Row = Readonly<{ email: string; name: string }>;
const rows: Row[] = Array.from({ length: ROWS }, (_, i) => ({ email: `insert-bench-${i}@example.com`, name: `Insert Bench ${i}` }));
const bodies = (query: string): string[] => rows.map((object) => JSON.stringify({ query, variables: { object } }));

/** One way of inserting the row, measured by `run` and sampled one at a time by `once`. */
interface Target {
  readonly key: string;
  readonly label: string;
  readonly http: boolean;
  /** Before each of its runs (the lever sets the sequence's block size and opens a gateway). */
  readonly before?: () => Promise<void>;
  /** After each of its runs (the lever closes that gateway). */
  readonly after?: () => Promise<void>;
  run(durationS: number): Promise<Run>;
  /** One insert of row `i`; resolves to the id it got (or `affected_rows` where no id is returned). */
  once(i: number): Promise<string>;
}

/** A target served over HTTP by `server`: autocannon through runLoad (its own process). */
function httpTarget(key: string, label: string, server: ChildServer, query: string): Target {
  const list = bodies(query);
  return {
    key,
    label,
    http: true,
    run: (durationS) => runLoad({ url: server.url, connections: CONCURRENCY, durationS, bodies: list, serverPid: server.pid }),
    async once(i) {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: list[i % ROWS]! });
      const text = await response.text();
      const found = /^\{"data":\{"insert_customer(?:_one)?":\{"(?:customer_id|affected_rows)":"?(\d+)"?\}\}\}$/.exec(text);
      if (found === null) throw new Error(`${key}: unexpected answer ${text.slice(0, 300)}`);
      return found[1]!;
    },
  };
}

/**
 * A target run in this process: CONCURRENCY callers, each starting its next insert when its last
 * one is done, for `durationS`. The result has the shape of an HTTP run; its CPU figure is this
 * process's (user + system) per insert.
 */
function inProcessTarget(key: string, label: string, insert: (row: Row) => Promise<string>, hooks: Pick<Target, 'before' | 'after'> = {}): Target {
  let next = 0;
  return {
    key,
    label,
    http: false,
    ...hooks,
    once: (i) => insert(rows[i % ROWS]!),
    async run(durationS) {
      const latencies: number[] = [];
      const failures: Record<string, number> = {};
      const samples: string[] = [];
      let failed = 0;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const deadline = started + durationS * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < deadline) {
            const t = performance.now();
            try {
              await insert(rows[next++ % ROWS]!);
              latencies.push(performance.now() - t);
            } catch (error) {
              failed++;
              const kind = (error as { id?: string; code?: string }).id ?? (error as { code?: string }).code ?? 'error';
              failures[kind] = (failures[kind] ?? 0) + 1;
              if (samples.length < 3) samples.push(String(error).slice(0, 300));
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const ok = latencies.length;
      const sorted = Float64Array.from(latencies).sort();
      return {
        ok,
        sent: ok + failed,
        failed,
        failures,
        samples,
        seconds,
        perSecond: ok / seconds,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: ok === 0 ? Number.NaN : sorted[ok - 1]!,
        serverCpuUs: (used.user + used.system) / Math.max(ok, 1),
        openFilesLimit: Number.NaN,
      };
    },
  };
}

function endPool(pool: Pool): Promise<void> {
  return new Promise((resolve) => pool.end(() => resolve()));
}

function bareInsert(pool: Pool): (row: Row) => Promise<string> {
  return (row) =>
    new Promise((resolve, reject) =>
      pool.query<ResultSetHeader>('insert into customer (email, name) values (?, ?)', [row.email, row.name], (error, result) => (error ? reject(error) : resolve(String(result.insertId)))),
    );
}

/** Ends the request's transaction as the server does after the operation; rejects when it did not commit. */
async function finish(ctx: RequestContext, ok: boolean): Promise<void> {
  const end = await ctx.endTransaction!(ok);
  if (ok && (end.discardData || end.errors.length > 0)) throw end.errors[0] ?? new Error('the insert was rolled back');
}

/** The mutation runtime's insertOne, as the insert_customer_one resolver calls it (the operation's only field: autocommit allowed). */
function runtimeInsertOne(api: Pick<Api, 'runtime'>, table: ApiTable): (row: Row) => Promise<string> {
  const mutations = api.runtime.mutations!;
  return async (row) => {
    const ctx = api.runtime.createRequestContext();
    try {
      const inserted = await mutations.insertOne(ctx, table, { objects: [row] }, ['customer_id'], 'insert_customer_one', true);
      await finish(ctx, true);
      return String(inserted?.customer_id);
    } catch (error) {
      await ctx.endTransaction!(false);
      throw error;
    }
  };
}

/** The mutation runtime's insert without `returning` (insert_customer { affected_rows }). */
function runtimeInsertNoReturning(api: Api, table: ApiTable): (row: Row) => Promise<string> {
  const mutations = api.runtime.mutations!;
  return async (row) => {
    const ctx = api.runtime.createRequestContext();
    try {
      const result = await mutations.insert(ctx, table, { objects: [row] }, null, 'insert_customer', true);
      await finish(ctx, true);
      return String(result.affected_rows);
    } catch (error) {
      await ctx.endTransaction!(false);
      throw error;
    }
  };
}

/** A lever of the write path, taken back one at a time against the runtime with every lever. */
type Lever = 'returning' | 'planCache';

/**
 * The API runtime of `api` (same catalog, pools and limits) with one lever of the write path
 * taken back, and a sequence cache of its own over the same backing table:
 * - `returning`: the executor's `server` hidden, so the engine cannot know the server runs
 *   `INSERT … RETURNING` and the runtime reads `returning` back with a SELECT (what a MySQL
 *   server gets);
 * - `planCache`: no WritePlanCache, every insert planned from scratch.
 */
function runtimeWithout(api: Api, lever: Lever): Pick<Api, 'runtime'> {
  const executor: TransactionalShardExecutor =
    lever === 'returning' ? { execute: (target, sql, binds, options) => api.executor.execute(target, sql, binds, options), begin: (target, options) => api.executor.begin(target, options) } : api.executor;
  const runtime = createApiRuntime({
    catalog: api.catalog,
    vschema: api.vschema,
    layout: api.topology,
    executor: api.executor,
    limits: api.config.limits,
    cursorSecret: randomBytes(32),
    mutations: {
      executor,
      sequences: createSequenceCache({ executor, layout: api.topology }),
      mode: api.config.transactionMode,
      ...(lever === 'planCache' ? { writePlanCache: false } : {}),
    },
  });
  return { runtime };
}

/**
 * The runtime's insertOne with the sequence's block size set to `cache`, on a gateway of its
 * own for every run (createApi: its own pools and sequence cache, opened before the run and
 * closed after it), so that no run starts with ids left over from a block reserved at another
 * size, and neither side is an older, warmer instance than the other.
 */
function freshGatewayTarget(cache: number, configPath: string, setCache: () => Promise<void>): Target {
  let gateway: Api | undefined;
  let insert: ((row: Row) => Promise<string>) | undefined;
  return inProcessTarget(`cache ${cache}`, `runtime insertOne, sequence cache ${cache}`, (row) => insert!(row), {
    async before() {
      await setCache();
      gateway = await createApi(await loadConfig(configPath));
      insert = runtimeInsertOne(gateway, gateway.catalog.tables.find((t) => t.keyspace === 'customer' && t.table === 'customer')!);
      await insert(rows[0]!);
    },
    async after() {
      await gateway?.close();
      gateway = undefined;
    },
  });
}

/** graphql-js execution of the insert_customer_one document over shardgate's schema (no HTTP, no Yoga, no graphql-jit). */
function graphqlInsertOne(api: Api): (row: Row) => Promise<string> {
  const document = parse(INSERT_ONE);
  return async (object) => {
    const ctx = api.runtime.createRequestContext();
    const result = (await execute({ schema: api.schema, document, variableValues: { object }, contextValue: api.contextValue(ctx) })) as ExecutionResult<{ insert_customer_one: { customer_id: string } | null }>;
    const ok = result.errors === undefined;
    await finish(ctx, ok);
    if (!ok) throw result.errors![0]!;
    return String(result.data?.insert_customer_one?.customer_id);
  };
}

/** CPU time (user + system) of the database server's process, µs; NaN when it is not readable from here (a remote server). */
function readProcessCpuUs(pid: number | null): number {
  if (pid === null) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

/** Statements per insert, by counter, over requests sent one at a time (server-wide counters: nothing else may write meanwhile). */
type StatementCounts = Record<(typeof STATUS)[number], number>;

async function countStatements(target: Target, tablet: TabletState, requests: number): Promise<StatementCounts> {
  const read = async (): Promise<Map<string, number>> => (await readStatus([tablet], STATUS)).get(tablet.alias)!;
  // Two reads back to back first: what reading the counters itself adds (its SHOW statements), taken off below.
  const idle = await read();
  const before = await read();
  for (let i = 0; i < requests; i++) await target.once(i);
  const after = await read();
  const counts = {} as StatementCounts;
  for (const name of STATUS) counts[name] = (after.get(name)! - before.get(name)! - (before.get(name)! - idle.get(name)!)) / requests;
  return counts;
}

/** Runs of one target and the database server's CPU per good answer in each. */
interface TargetRuns {
  readonly runs: Run[];
  readonly dbCpuUs: number[];
}

/**
 * Interleaved rounds as bench/lib/rounds.ts runs them (one warm-up each, then every target once
 * per round, the order reversed every other round), over targets that are not all HTTP servers,
 * with the database server's CPU read around each run.
 */
async function interleave(targets: readonly Target[], rounds: number, dbPid: number | null): Promise<Map<string, TargetRuns>> {
  if (WARMUP_S > 0) {
    for (const t of targets) {
      await t.before?.();
      await t.run(WARMUP_S);
      await t.after?.();
    }
  }
  const results = new Map(targets.map((t) => [t.key, { runs: [], dbCpuUs: [] } as TargetRuns]));
  for (let round = 0; round < rounds; round++) {
    for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
      await t.before?.();
      const db = readProcessCpuUs(dbPid);
      const run = await t.run(RUN_S);
      await t.after?.();
      const r = results.get(t.key)!;
      r.runs.push(run);
      r.dbCpuUs.push((readProcessCpuUs(dbPid) - db) / Math.max(run.ok, 1));
      log(`  round ${round + 1}/${rounds} ${t.key}: ${fmt(run.perSecond)}/s, p99 ${ms(run.p99Ms)}${run.failed > 0 ? `, ${run.failed} failed (${Object.keys(run.failures).join(', ')})` : ''}`);
    }
  }
  return results;
}

/** Per-round ratio of `a` to `b` (runs of one round ran seconds apart): median and range. */
function ratio(a: TargetRuns, b: TargetRuns, f: (r: Run) => number = (r) => r.perSecond): Spread {
  return spread(a.runs.map((x, i) => f(x) / f(b.runs[i]!)));
}

/** A CPU profile summed up, with the answers counted in its window. */
interface ProfileResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly summary: ProfileSummary;
}

/** Profiles shardgate's server process (node --cpu-prof) over one HTTP run after a warm-up. */
async function profileServer(configPath: string, dir: string): Promise<ProfileResult> {
  const profileDir = await mkdtemp(path.join(dir, 'prof-'));
  const server = await startChildServer({
    name: 'shardgate (profiled)',
    command: process.execPath,
    args: shardgateServerArgs(configPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
    env: { NODE_ENV: 'production' },
  });
  let run: Run;
  let fromUs: number;
  let toUs: number;
  try {
    const target = httpTarget('profiled', 'profiled', server, INSERT_ONE);
    await target.run(Math.max(WARMUP_S, 1));
    fromUs = Number(process.hrtime.bigint() / 1000n);
    run = await target.run(PROFILE_RUN_S);
    toUs = Number(process.hrtime.bigint() / 1000n);
  } finally {
    await server.stop();
  }
  // The main thread's profile is the largest (tsx's loader thread writes a small one too).
  const files = await readdir(profileDir);
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await stat(path.join(profileDir, f))).size })));
  const main = sizes.sort((a, b) => b.size - a.size)[0]!.f;
  return { requests: run.ok, perSecond: run.perSecond, summary: readProfileSummary(path.join(profileDir, main), fromUs, toUs) };
}

/** Profiles this process (node:inspector) over one in-process run of `target`. */
async function profileHere(target: Target): Promise<ProfileResult> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const run = await target.run(PROFILE_RUN_S);
    const { profile } = await session.post('Profiler.stop');
    return { requests: run.ok, perSecond: run.perSecond, summary: summarizeProfile(profile as Parameters<typeof summarizeProfile>[0]) };
  } finally {
    session.disconnect();
  }
}

/** Every row inserted after the seed lies on the shard the hash vindex names, and no id is on both shards. */
async function checkPlacement(admin: AdminConnection, demo: ServerDemo, seeded: number): Promise<{ rows: number; misplaced: number; onBoth: number }> {
  const shards = demo.tablets.filter((t) => t.keyspace === 'customer');
  let total = 0;
  let misplaced = 0;
  for (const tablet of shards) {
    const found = await admin.query(`SELECT customer_id FROM ${quoteIdentifier(tablet.database)}.customer WHERE customer_id > ?`, [seeded]);
    total += found.length;
    // Two shards: -80 holds the keyspace ids whose first byte is below 0x80.
    for (const r of found) if ((hashUint64(BigInt(String(r.customer_id)))[0]! < 0x80 ? '-80' : '80-') !== tablet.shard) misplaced++;
  }
  const [x80, x80up] = shards.map((t) => `${quoteIdentifier(t.database)}.customer`);
  const both = await admin.query(`SELECT COUNT(*) AS n FROM ${x80} a JOIN ${x80up} b USING (customer_id)`);
  return { rows: total, misplaced, onBoth: Number(both[0]!.n) };
}

interface Measured {
  readonly quick: boolean;
  readonly scale: number;
  readonly machine: string;
  readonly mariadb: string;
  readonly flushLogAtTrxCommit: string;
  readonly node: string;
  readonly loadAverage: string;
  readonly minutes: number;
  readonly labels: Record<string, string>;
  readonly http: readonly string[];
  readonly inProcess: readonly string[];
  readonly figures: Record<string, Figures & { readonly dbCpuUs: Spread }>;
  readonly statements: Record<string, StatementCounts>;
  /** Per-round throughput ratios. */
  readonly ratios: {
    readonly httpVsBare: Spread;
    readonly httpVsYoga: Spread;
    readonly noReturningHttpVsBare: Spread;
    readonly noReturningHttpVsYoga: Spread;
    readonly runtimeVsBare: Spread;
    /** The runtime with lever 1 (INSERT … RETURNING) taken back, vs the bare INSERT. */
    readonly readbackVsBare: Spread;
    /** The runtime with lever 2 (the write plan cache) taken back, vs the bare INSERT. */
    readonly nocacheVsBare: Spread;
    /** What each lever buys: the runtime with every lever vs the runtime without that one. */
    readonly runtimeVsReadback: Spread;
    readonly runtimeVsNocache: Spread;
    readonly noReturningRuntimeVsBare: Spread;
    readonly graphqlVsBare: Spread;
    readonly yogaVsBare: Spread;
  };
  readonly lever: { readonly figures: Record<string, Figures>; readonly ratio: Spread };
  /** The bare INSERT with CONCURRENCY connections against BASELINE_CONNECTIONS (per-round ratio). */
  readonly baselinePool: { readonly figures: Record<string, Figures>; readonly ratio: Spread };
  readonly placement: { readonly rows: number; readonly misplaced: number; readonly onBoth: number };
  readonly profiles: { readonly server?: ProfileResult; readonly runtime?: ProfileResult; readonly bare?: ProfileResult } | null;
}

async function measure(): Promise<Measured> {
  const started = performance.now();
  const demo = await startDemoOnServer({ server: SERVER, scale, log });
  const dir = await mkdtemp(path.join(tmpdir(), 'sg-bench-insert-'));
  const servers: ChildServer[] = [];
  const pools: Pool[] = [];
  const apis: Api[] = [];
  try {
    return await withAdminConnection(demo.server, async (admin) => {
      const commerce = demo.tablets.find((t) => t.keyspace === 'commerce')!;
      const shards = demo.tablets.filter((t) => t.keyspace === 'customer');
      const flat = `${demo.prefix}flat`;
      const [info] = await admin.query('SELECT @@version AS version, @@innodb_flush_log_at_trx_commit AS flush, @@pid_file AS pidFile');
      const seededMax = Number((await admin.query(`SELECT next_id - 1 AS n FROM ${quoteIdentifier(commerce.database)}.customer_seq WHERE id = 0`))[0]!.n);
      let dbPid: number | null = null;
      try {
        dbPid = Number(readFileSync(String(info!.pidFile), 'utf8').trim());
      } catch {
        dbPid = null;
      }
      // The baseline's table: the same columns, keys and rows, unsharded, with an AUTO_INCREMENT id.
      await admin.query(`CREATE DATABASE ${quoteIdentifier(flat)} CHARACTER SET utf8mb4`);
      await admin.query(`CREATE TABLE ${quoteIdentifier(flat)}.customer LIKE ${quoteIdentifier(shards[0]!.database)}.customer`);
      await admin.query(`ALTER TABLE ${quoteIdentifier(flat)}.customer MODIFY customer_id BIGINT NOT NULL AUTO_INCREMENT`);
      await admin.query(`INSERT INTO ${quoteIdentifier(flat)}.customer ${shards.map((s) => `SELECT * FROM ${quoteIdentifier(s.database)}.customer`).join(' UNION ALL ')}`);
      const setCache = (cache: number) => async (): Promise<void> => {
        await admin.query(`UPDATE ${quoteIdentifier(commerce.database)}.customer_seq SET cache = ? WHERE id = 0`, [cache]);
      };

      log('starting shardgate and the Yoga peer…');
      const shardgate = await startChildServer({
        name: 'shardgate',
        command: process.execPath,
        args: shardgateServerArgs(demo.configPath),
        env: { NODE_ENV: 'production' },
      });
      servers.push(shardgate);
      const yoga = await startChildServer({
        name: 'graphql-yoga + mysql2',
        command: process.execPath,
        args: ['--import', 'tsx', path.join(import.meta.dirname, 'peers', 'insertYogaServer.ts'), `${SERVER}/${flat}`, String(BASELINE_CONNECTIONS)],
        env: { NODE_ENV: 'production' },
      });
      servers.push(yoga);
      const pool = mysql.createPool({ uri: `${SERVER}/${flat}`, connectionLimit: BASELINE_CONNECTIONS, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true });
      pools.push(pool);
      const api = await createApi(await loadConfig(demo.configPath));
      apis.push(api);
      const table = api.catalog.tables.find((t) => t.keyspace === 'customer' && t.table === 'customer')!;

      const targets: Target[] = [
        httpTarget('http:shardgate', 'shardgate `insert_customer_one { customer_id }`', shardgate, INSERT_ONE),
        httpTarget('http:shardgate-noret', 'shardgate `insert_customer(objects: [$object]) { affected_rows }` (no returning)', shardgate, INSERT_NO_RETURNING),
        httpTarget('http:yoga', 'hand-written graphql-yoga + mysql2 INSERT (AUTO_INCREMENT)', yoga, INSERT_ONE),
        inProcessTarget('proc:bare', 'bare mysql2 pool INSERT (AUTO_INCREMENT)', bareInsert(pool)),
        inProcessTarget('proc:runtime', 'shardgate mutation runtime `insertOne`, returning customer_id', runtimeInsertOne(api, table)),
        inProcessTarget('proc:runtime-readback', 'same, lever 1 taken back: `returning` read back by a SELECT (no `INSERT … RETURNING`, as on MySQL)', runtimeInsertOne(runtimeWithout(api, 'returning'), table)),
        inProcessTarget('proc:runtime-nocache', 'same, lever 2 taken back: every insert planned from scratch (no WritePlanCache)', runtimeInsertOne(runtimeWithout(api, 'planCache'), table)),
        inProcessTarget('proc:runtime-noret', 'shardgate mutation runtime `insert`, no returning', runtimeInsertNoReturning(api, table)),
        inProcessTarget('proc:graphql', 'graphql-js `execute` of the insert_customer_one document on shardgate\'s schema', graphqlInsertOne(api)),
      ];
      // Every target inserts, and the id-returning ones return an id.
      for (const t of targets) {
        const got = await t.once(0);
        if (!/^\d+$/.test(got)) throw new Error(`${t.key} answered ${got}`);
      }

      log(`${ROUNDS} interleaved round(s) of ${RUN_S} s, ${CONCURRENCY} connections / callers…`);
      const main = await interleave(targets, ROUNDS, dbPid);
      await new Promise((resolve) => setTimeout(resolve, 500));
      log(`statements: ${STATEMENT_SAMPLES} inserts one at a time per target…`);
      const statements: Record<string, StatementCounts> = {};
      for (const t of targets) statements[t.key] = await countStatements(t, commerce, STATEMENT_SAMPLES);
      // Only what the next steps use stays open: the shared server's max_connections is 151.
      for (const s of servers.splice(0)) await s.stop();

      const figures: Measured['figures'] = {};
      for (const [key, r] of main) figures[key] = { ...figuresOf(r.runs), dbCpuUs: spread(r.dbCpuUs) };
      const ratioOf = (a: string, b: string): Spread => ratio(main.get(a)!, main.get(b)!);
      const ratios: Measured['ratios'] = {
        httpVsBare: ratioOf('http:shardgate', 'proc:bare'),
        httpVsYoga: ratioOf('http:shardgate', 'http:yoga'),
        noReturningHttpVsBare: ratioOf('http:shardgate-noret', 'proc:bare'),
        noReturningHttpVsYoga: ratioOf('http:shardgate-noret', 'http:yoga'),
        runtimeVsBare: ratioOf('proc:runtime', 'proc:bare'),
        readbackVsBare: ratioOf('proc:runtime-readback', 'proc:bare'),
        nocacheVsBare: ratioOf('proc:runtime-nocache', 'proc:bare'),
        runtimeVsReadback: ratioOf('proc:runtime', 'proc:runtime-readback'),
        runtimeVsNocache: ratioOf('proc:runtime', 'proc:runtime-nocache'),
        noReturningRuntimeVsBare: ratioOf('proc:runtime-noret', 'proc:bare'),
        graphqlVsBare: ratioOf('proc:graphql', 'proc:bare'),
        yogaVsBare: ratioOf('http:yoga', 'proc:bare'),
      };
      // The issue's comparisons: each side with the same kind of client (see the Reading).
      const missed = [ratios.httpVsYoga, ratios.runtimeVsBare].some((x) => x.median < TARGET);
      let profiles: Measured['profiles'] = null;
      if (missed && !quick) {
        log('a target was missed: CPU profiles of the server and of the in-process runtime and bare INSERT…');
        profiles = {
          server: await profileServer(demo.configPath, dir),
          runtime: await profileHere(inProcessTarget('runtime', 'runtime', runtimeInsertOne(api, table))),
          bare: await profileHere(inProcessTarget('bare', 'bare', bareInsert(pool))),
        };
      }
      for (const p of pools.splice(0)) await endPool(p);
      for (const a of apis.splice(0)) await a.close();

      log(`lever: the sequence's block size, ${DEMO_CACHE} vs ${LEVER_CACHE} (a fresh in-process gateway per run)…`);
      const leverTargets = [DEMO_CACHE, LEVER_CACHE].map((cache) => freshGatewayTarget(cache, demo.configPath, setCache(cache)));
      const lever = await interleave(leverTargets, SIDE_ROUNDS, dbPid);
      await setCache(DEMO_CACHE)();

      log(`the baseline's pool: ${BASELINE_CONNECTIONS} vs ${CONCURRENCY} connections…`);
      const poolTargets = [BASELINE_CONNECTIONS, CONCURRENCY].map((connections) => {
        const sized = mysql.createPool({ uri: `${SERVER}/${flat}`, connectionLimit: connections, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true });
        pools.push(sized);
        return inProcessTarget(`pool ${connections}`, `bare mysql2 pool INSERT, ${connections} connections`, bareInsert(sized));
      });
      const poolSize = await interleave(poolTargets, SIDE_ROUNDS, dbPid);
      for (const p of pools.splice(0)) await endPool(p);
      const placement = await checkPlacement(admin, demo, seededMax);
      if (placement.misplaced > 0 || placement.onBoth > 0) throw new Error(`placement check failed: ${JSON.stringify(placement)}`);
      return {
        quick,
        scale,
        machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, nproc = ${availableParallelism()}`,
        mariadb: String(info!.version),
        flushLogAtTrxCommit: String(info!.flush),
        node: process.version,
        loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
        minutes: (performance.now() - started) / 60_000,
        labels: Object.fromEntries([...targets, ...leverTargets, ...poolTargets].map((t) => [t.key, t.label])),
        http: targets.filter((t) => t.http).map((t) => t.key),
        inProcess: targets.filter((t) => !t.http).map((t) => t.key),
        figures,
        statements,
        ratios,
        lever: {
          figures: Object.fromEntries([...lever].map(([k, r]) => [k, figuresOf(r.runs)])),
          ratio: ratio(lever.get(`cache ${LEVER_CACHE}`)!, lever.get(`cache ${DEMO_CACHE}`)!),
        },
        baselinePool: {
          figures: Object.fromEntries([...poolSize].map(([k, r]) => [k, figuresOf(r.runs)])),
          ratio: ratio(poolSize.get(`pool ${CONCURRENCY}`)!, poolSize.get(`pool ${BASELINE_CONNECTIONS}`)!),
        },
        placement,
        profiles,
      };
    });
  } finally {
    for (const s of servers) await s.stop();
    for (const p of pools) await endPool(p);
    for (const a of apis) await a.close();
    await demo.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

const fixed2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const pct = (n: number): string => `${Math.round(n * 100)}%`;
const ratioText = (r: Spread): string => `${times(r.median)} (${times(r.min)}–${times(r.max)})`;
const met = (r: Spread): string => (r.median >= TARGET ? 'met' : 'NOT met');

function statementCells(s: StatementCounts): string {
  return `${fixed2(s.Com_insert)} / ${fixed2(s.Com_select)} / ${fixed2(s.Com_update)} / ${fixed2(s.Com_begin)} / ${fixed2(s.Com_commit)} / ${fixed2(s.Questions)}`;
}

function layerRows(profiles: readonly { name: string; p: ProfileResult }[]): string[] {
  const per = (p: ProfileResult, layer: string): number => (p.summary.byLayer.find((e) => e.name === layer)?.us ?? 0) / Math.max(p.requests, 1);
  const layers = LAYERS.filter((layer) => profiles.some(({ p }) => per(p, layer) >= 0.5));
  return [
    `| layer | ${profiles.map(({ name }) => `${name}: µs per insert`).join(' | ')} |`,
    `|---|${profiles.map(() => '---:').join('|')}|`,
    ...layers.map((layer) => `| ${layer} | ${profiles.map(({ p }) => per(p, layer).toFixed(1)).join(' | ')} |`),
    `| **sampled CPU in the window** | ${profiles.map(({ p }) => `**${(p.summary.busyUs / Math.max(p.requests, 1)).toFixed(1)}**`).join(' | ')} |`,
  ];
}

function layerUs(p: ProfileResult, layer: string): number {
  return (p.summary.byLayer.find((e) => e.name === layer)?.us ?? 0) / Math.max(p.requests, 1);
}

function render(m: Measured): string {
  const f = (key: string) => m.figures[key]!;
  const row = (key: string, vsBare: Spread | null, extra: string): string => {
    const x = f(key);
    return `| ${m.labels[key]} | ${fmtSpread(x.rps)} | ${vsBare === null ? 'baseline' : ratioText(vsBare)} | ${extra}${ms(x.p50Ms.median)} / ${ms(x.p99Ms.median)} | ${fmt(x.serverCpuUs.median)} | ${fmt(x.dbCpuUs.median)} | ${statementCells(m.statements[key]!)} | ${x.failed} |`;
  };
  const r = m.ratios;
  const httpTable = [
    '| target | inserts/s median (min–max) | vs bare mysql2 INSERT (same rounds) | vs Yoga + mysql2 | p50 / p99 | server CPU µs/insert | MariaDB CPU µs/insert | statements per insert: INSERT / SELECT / UPDATE / BEGIN / COMMIT / all | failed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('http:shardgate', r.httpVsBare, `${ratioText(r.httpVsYoga)} | `),
    row('http:shardgate-noret', r.noReturningHttpVsBare, `${ratioText(r.noReturningHttpVsYoga)} | `),
    row('http:yoga', r.yogaVsBare, 'baseline | '),
  ];
  const procTable = [
    '| target | inserts/s median (min–max) | vs bare mysql2 INSERT | p50 / p99 | process CPU µs/insert | MariaDB CPU µs/insert | statements per insert: INSERT / SELECT / UPDATE / BEGIN / COMMIT / all | failed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('proc:bare', null, ''),
    row('proc:runtime', r.runtimeVsBare, ''),
    row('proc:runtime-readback', r.readbackVsBare, ''),
    row('proc:runtime-nocache', r.nocacheVsBare, ''),
    row('proc:runtime-noret', r.noReturningRuntimeVsBare, ''),
    row('proc:graphql', r.graphqlVsBare, ''),
  ];
  const sideTable = (figures: Record<string, Figures>): string[] => [
    '| target | inserts/s median (min–max) | p50 / p99 | process CPU µs/insert | failed |',
    '|---|---:|---:|---:|---:|',
    ...Object.entries(figures).map(([key, x]) => `| ${m.labels[key]} | ${fmtSpread(x.rps)} | ${ms(x.p50Ms.median)} / ${ms(x.p99Ms.median)} | ${fmt(x.serverCpuUs.median)} | ${x.failed} |`),
  ];
  const profileLines: string[] = [];
  const p = m.profiles;
  if (p?.server !== undefined && p.runtime !== undefined && p.bare !== undefined) {
    profileLines.push(
      '',
      `### Where the CPU goes (the 50% target was missed: node --cpu-prof of the server over one ${PROFILE_RUN_S} s HTTP run; node:inspector of this process over one in-process run each)`,
      '',
      'Each sample is charged to the innermost frame of a layer that owns code (cpuProfileSummary.ts); main thread only, so the sampled',
      `totals are below the /proc figures. Inserts in the windows: server ${fmt(p.server.requests)} (${fmt(p.server.perSecond)}/s), runtime ${fmt(p.runtime.requests)} (${fmt(p.runtime.perSecond)}/s), bare ${fmt(p.bare.requests)} (${fmt(p.bare.perSecond)}/s).`,
      '',
      ...layerRows([
        { name: 'shardgate server (HTTP)', p: p.server },
        { name: 'mutation runtime (in process)', p: p.runtime },
        { name: 'bare mysql2 (in process)', p: p.bare },
      ]),
      '',
      'Heaviest functions by self time, µs per insert:',
      '',
      '| server (HTTP) | µs | mutation runtime (in process) | µs |',
      '|---|---:|---|---:|',
      ...Array.from({ length: 12 }, (_, i) => {
        const cell = (x: ProfileResult): string => {
          const e = x.summary.byFunction[i];
          return e === undefined ? ' | ' : `${e.name.replace(/\|/g, '\\|')} | ${(e.us / Math.max(x.requests, 1)).toFixed(1)}`;
        };
        return `| ${cell(p.server!)} | ${cell(p.runtime!)} |`;
      }),
    );
  }
  const cmd = `npm run bench -- insert${m.quick ? ' --quick' : ''}${m.scale !== (m.quick ? 0.01 : 1) ? ` --scale ${m.scale}` : ''}`;
  return [
    `${HEADING}: \`insert_customer_one\` with a sequence id vs a bare mysql2 INSERT with AUTO_INCREMENT`,
    '',
    'Command:',
    '',
    '```',
    `flock /tmp/sg-bench.lock ${cmd}      # node --import tsx bench/insert.bench.ts`,
    '```',
    '',
    `Machine: ${m.machine}, shared with other work (load average ${m.loadAverage} when the run ended); Node ${m.node}; MariaDB ${m.mariadb}` +
      ` (the shared server, innodb_flush_log_at_trx_commit = ${m.flushLogAtTrxCommit}: every commit waits for the redo log on disk). Run took ${m.minutes.toFixed(1)} min.`,
    '',
    `Method: the demo keyspaces at scale ${m.scale} (${fmt(10_000 * m.scale)} customers; \`customer\` on shards -80 and 80- by hash of customer_id) as databases` +
      ' of that server under a fresh prefix, dropped after. shardgate inserts `{email, name}`; customer_id comes from the Vitess sequence' +
      ` commerce.customer_seq (block of ${DEMO_CACHE} ids, as the demo ships it) and routes the row to its shard. The baseline inserts the same two columns into` +
      ' an unsharded copy of the table (same columns, keys and rows) whose customer_id is AUTO_INCREMENT, on the same server.' +
      ` ${ROUNDS} interleaved round(s) (order reversed every other round) of ${RUN_S} s per target ${warmupText(WARMUP_S)}, ${CONCURRENCY} HTTP connections (autocannon in its own` +
      ` process) or ${CONCURRENCY} closed-loop callers in the bench process; ${ROWS.toLocaleString('en-US')} distinct rows sent in turn. Every HTTP server runs in its own process with` +
      ` NODE_ENV=production; shardgate with its shipped defaults (16 connections per tablet), the two baselines with ${BASELINE_CONNECTIONS} (shardgate's per tablet; the shared server's max_connections of 151 leaves no room for more while every target is open; see the pool check below). Ratios are medians of per-round ratios` +
      ' (runs of one round are seconds apart) with their range. CPU per insert: the server process (HTTP) or the bench process (in process), and the MariaDB' +
      ` server process, from /proc around each run. Statements per insert: MariaDB's Com_* and Questions counters over ${STATEMENT_SAMPLES} inserts sent one at a time` +
      ' per target (server-wide counters, read while nothing else ran under the bench lock).',
    '',
    `### Over HTTP (${CONCURRENCY} connections)`,
    '',
    ...httpTable,
    '',
    `### In process, no HTTP (${CONCURRENCY} concurrent callers)`,
    '',
    ...procTable,
    '',
    `### Lever: the sequence's block size (in process, a fresh gateway per run, ${SIDE_ROUNDS} interleaved round(s))`,
    '',
    ...sideTable(m.lever.figures),
    '',
    `Cache ${LEVER_CACHE} vs ${DEMO_CACHE}: ${ratioText(m.lever.ratio)} the inserts per second (per-round ratio).`,
    '',
    `### Check: the baseline's pool size (in process, ${SIDE_ROUNDS} interleaved round(s))`,
    '',
    ...sideTable(m.baselinePool.figures),
    '',
    `${CONCURRENCY} vs ${BASELINE_CONNECTIONS} connections: ${ratioText(m.baselinePool.ratio)} the inserts per second (per-round ratio). The tables above use ${BASELINE_CONNECTIONS};` +
      ` against a ${CONCURRENCY}-connection baseline every "vs bare" ratio would be about ${times(1 / m.baselinePool.ratio.median)} of what it shows.`,
    ...profileLines,
    '',
    `Placement: after the run, every one of the ${fmt(m.placement.rows)} rows shardgate inserted (over HTTP and in process, by several gateways sharing the sequence) is on the shard its hash names` +
      ` (${m.placement.misplaced} misplaced), and no customer_id is on both shards (${m.placement.onBoth}).`,
    '',
    ...reading(m),
  ].join('\n');
}

/** The generated Reading: targets, then where the difference goes, from this run's figures only. */
function reading(m: Measured): string[] {
  const r = m.ratios;
  const f = (key: string) => m.figures[key]!;
  const cpu = (key: string) => f(key).serverCpuUs.median;
  const db = (key: string) => f(key).dbCpuUs.median;
  const st = (key: string) => m.statements[key]!;
  const rt = st('proc:runtime');
  const total = (key: string) => cpu(key) + db(key);
  const both = r.runtimeVsBare.median >= TARGET && r.httpVsYoga.median >= TARGET;
  const lines = [
    `Reading${m.quick ? ' (a --quick run: one short round, a smoke test, not a measurement)' : ''}:`,
    '',
    `- **Target (issue #7: \`insert_T_one\` with a sequence id at least ${pct(TARGET)} of a bare mysql2 INSERT with an auto-increment id, same run).` +
      ' Which comparison is the issue\'s:** the one that puts the same kind of client on both sides, so that the ratio measures what shardgate adds to the INSERT' +
      ' (sequence, routing, planning, the transaction rules, `returning`) and nothing else. In process, the mutation runtime\'s insertOne (what the insert_customer_one' +
      ` resolver calls) against the bare mysql2 pool's INSERT: ${ratioText(r.runtimeVsBare)}, **${met(r.runtimeVsBare)}**. Over HTTP, shardgate's server against a` +
      ` hand-written graphql-yoga + mysql2 server doing the bare INSERT behind the same load: ${ratioText(r.httpVsYoga)}, **${met(r.httpVsYoga)}**.` +
      ` ${both ? 'Both fair comparisons meet the target in this run.' : 'Not every fair comparison meets the target in this run.'}` +
      ` Not the issue's comparison: shardgate over HTTP against the in-process INSERT (${ratioText(r.httpVsBare)}) charges HTTP, JSON and GraphQL to one side only;` +
      ` the Yoga server, which adds nothing but those to the same INSERT, reaches ${ratioText(r.yogaVsBare)} of it, so no HTTP server could meet ${pct(TARGET)} of an` +
      ` in-process INSERT on this machine. graphql-js execution of the document in process (shardgate's schema, no HTTP) reaches ${ratioText(r.graphqlVsBare)}.` +
      ` The baselines have ${BASELINE_CONNECTIONS} connections; with ${CONCURRENCY} the bare INSERT does ${times(m.baselinePool.ratio.median)} as many (pool check), so the in-process` +
      ` ratio against a ${CONCURRENCY}-connection baseline would be about ${times(r.runtimeVsBare.median / m.baselinePool.ratio.median)}.`,
    `- **Statements per insert.** The bare INSERT is ${fixed2(st('proc:bare').Questions)}. shardgate's insert_customer_one is ${fixed2(rt.Questions)}:` +
      ` ${fixed2(rt.Com_insert)} INSERT, in autocommit (the operation's one write runs without BEGIN/COMMIT; the ${fixed2(rt.Com_begin)} BEGIN and ${fixed2(rt.Com_commit)} COMMIT` +
      ` per insert are the sequence's: once per block of ${DEMO_CACHE} ids \`select next_id, cache … for update\`, an UPDATE and its COMMIT), ${fixed2(rt.Com_select)} SELECT (the sequence's):` +
      ' `INSERT … RETURNING customer_id` hands back the stored row in the INSERT\'s own round trip. With the read-back SELECT instead (lever 1 taken back) it is' +
      ` ${fixed2(st('proc:runtime-readback').Questions)} (${fixed2(st('proc:runtime-readback').Com_select)} SELECT); without returning at all ${fixed2(st('proc:runtime-noret').Questions)}.`,
    `- **What each lever bought** (each taken back alone in the same interleaved rounds; "buys" is the per-round ratio of the runtime with every lever to the runtime without that one).` +
      ` (1) \`INSERT … RETURNING\` instead of reading \`returning\` back (MariaDB 10.5+, the server flavor and version from the handshake; on MySQL, before 10.5, and for` +
      ' upserts, whose RETURNING shows each row as its own step left it, the read-back stays, in the same transaction or after the autocommitted write):' +
      ` ${ratioText(r.runtimeVsReadback)} the inserts per second; CPU per insert ${fmt(cpu('proc:runtime-readback'))} → ${fmt(cpu('proc:runtime'))} µs in this process and` +
      ` ${fmt(db('proc:runtime-readback'))} → ${fmt(db('proc:runtime'))} µs in MariaDB; the runtime alone without it reaches ${ratioText(r.readbackVsBare)} of the bare INSERT` +
      ` (${met(r.readbackVsBare)}). What \`returning\` shows is unchanged: the row as the server stored it (defaults, generated columns, conversions), now from the INSERT itself.` +
      ` (2) The write plan cache (WritePlanCache: what planning an insert derives from its table and column lists, kept per shape; values never cached):` +
      ` ${ratioText(r.runtimeVsNocache)} the inserts per second; CPU per insert ${fmt(cpu('proc:runtime-nocache'))} → ${fmt(cpu('proc:runtime'))} µs in this process;` +
      ` without it ${ratioText(r.nocacheVsBare)} of the bare INSERT. ${gainVerdict(r.runtimeVsNocache)}` +
      ` (3) The sequence's block size (data, not code): ${LEVER_CACHE} ids per reservation instead of ${DEMO_CACHE} gives ${ratioText(m.lever.ratio)} the inserts per second` +
      `: ${gainVerdict(m.lever.ratio)} A larger block only saves reservations, ${fixed2(4 / DEMO_CACHE)} statements per insert at ${DEMO_CACHE}.` +
      ' BEGIN/COMMIT were already gone for a single-statement write (autocommit, Vitess AutocommitApproval).' +
      ' (4) Less work per request elsewhere: the transaction session is a class instead of a dozen closures made per request, the sequence serves ids from its' +
      ' block without a promise chain when nothing is queued, the INSERT text is built once per insert instead of twice, and bind names are kept per column list.' +
      ' These cannot be switched off at run time, so they are not taken back here: they are in every runtime row above.',
    `- **CPU per insert** (medians, /proc): the bare INSERT costs this process ${fmt(cpu('proc:bare'))} µs and MariaDB ${fmt(db('proc:bare'))} µs; the mutation runtime` +
      ` ${fmt(cpu('proc:runtime'))} µs and ${fmt(db('proc:runtime'))} µs (without returning ${fmt(cpu('proc:runtime-noret'))} µs and ${fmt(db('proc:runtime-noret'))} µs:` +
      ` \`returning\` now costs ${signedUs(cpu('proc:runtime') - cpu('proc:runtime-noret'))} in this process and ${signedUs(db('proc:runtime') - db('proc:runtime-noret'))} in MariaDB, medians of different runs);` +
      ` graphql-js execution on top ${fmt(cpu('proc:graphql'))} µs in process. Over HTTP, shardgate's server process spends ${fmt(cpu('http:shardgate'))} µs per insert` +
      ` against the Yoga server's ${fmt(cpu('http:yoga'))} µs. With 2 cores shared by the client, MariaDB (and over HTTP the load generator), throughput follows the` +
      ` CPU all processes spend per insert: client plus MariaDB is ${fmt(total('proc:bare'))} µs for the bare INSERT and ${fmt(total('proc:runtime'))} µs for the runtime,` +
      ` a ratio of ${times(total('proc:bare') / total('proc:runtime'))} against the ${times(r.runtimeVsBare.median)} measured.`,
  ];
  const p = m.profiles;
  if (p?.server !== undefined && p.runtime !== undefined && p.bare !== undefined) {
    const own = (x: ProfileResult, from: number) => LAYERS.slice(from, 7).reduce((sum, layer) => sum + layerUs(x, layer), 0);
    lines.push(
      `- **Where the time goes** (profiles above, sampled main-thread CPU per insert): the runtime ${(p.runtime.summary.busyUs / Math.max(p.runtime.requests, 1)).toFixed(0)} µs` +
        ` against the bare INSERT's ${(p.bare.summary.busyUs / Math.max(p.bare.requests, 1)).toFixed(0)} µs. Of the runtime's, src/resolvers, src/sharding, src/engine and src/pools` +
        ` take ${own(p.runtime, 3).toFixed(0)} µs, mysql2 ${layerUs(p.runtime, LAYERS[7]).toFixed(0)} µs` +
        ` (bare: ${layerUs(p.bare, LAYERS[7]).toFixed(0)} µs), socket writes ${layerUs(p.runtime, LAYERS[9]).toFixed(0)} µs (bare: ${layerUs(p.bare, LAYERS[9]).toFixed(0)} µs; one write system` +
        ` call per statement, and write calls are dear on this virtual machine) and garbage collection ${layerUs(p.runtime, LAYERS[11]).toFixed(0)} µs` +
        ` (bare: ${layerUs(p.bare, LAYERS[11]).toFixed(0)} µs). In the server, HTTP, Yoga and GraphQL execution take ${layerUs(p.server, LAYERS[0]).toFixed(0)} µs,` +
        ` src/server to src/pools ${own(p.server, 1).toFixed(0)} µs, and socket writes ${layerUs(p.server, LAYERS[9]).toFixed(0)} µs.`,
    );
  }
  const failing = Object.entries(m.figures).filter(([, x]) => x.failed > 0);
  if (failing.length > 0) {
    lines.push(
      `- **Failed requests** (left out of the rates; the failed column): ${failing.map(([key, x]) => `${m.labels[key]}: ${fmt(x.failed)}`).join('; ')}.` +
        " Every target's answers were checked before the rounds; failures during them come from the shared server (its max_connections, other work's load): see the bench log.",
    );
  }
  lines.push('- **Noise.** Other jobs shared the machine; single runs move by tens of percent (the min–max columns). Read the per-round ratios and their ranges.');
  return lines;
}

/** What a per-round "with / without" ratio says: faster in every round, at the median only, or not at all. */
function gainVerdict(r: Spread): string {
  if (r.min > 1) return 'Faster in every round.';
  if (r.median > 1) return `Faster at the median, not in every round (lowest ${times(r.min)}): a gain this run cannot fully tell from the noise.`;
  return 'No gain this run can tell from the noise.';
}

/** A CPU difference in µs with its sign (a negative one is below the noise of medians taken in different runs). */
function signedUs(us: number): string {
  return `${us >= 0 ? '+' : '−'}${fmt(Math.abs(us))} µs`;
}

const measured = await measure();
await out.publish(HEADING, 'insert', render(measured), measured);
