// Pools and engine benchmark (issue #4), against throwaway databases on the shared MariaDB
// (SHARDGATE_TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306):
// 1. Point-select throughput through the engine + pool with plans built before the run (the
//    issue's figure: the server's plan cache, issue #5, keeps planning out of the call), through
//    the planner + engine + pool, and through the pool alone, against a bare mysql2 pool on the
//    same tablet, in interleaved rounds (target: pool + engine cost at most 15% of its calls/s).
//    Two diagnostic rows price the server-side deadline: the bare pool with the `SET STATEMENT
//    max_statement_time=… FOR` prefix, and the pool with a deadline other than its default.
// 2. The engine's own CPU without I/O.
// 3. 1,000 concurrent callers, pool size 8 per tablet, 2 tablets: the connections never exceed
//    2 × 8 (+ admin), every call completes or fails with RESOURCE_EXHAUSTED within its acquire
//    timeout, nothing hangs.
// Writes the "Pools and engine" section of RESULTS.md and `pool` in results.json, the Reading
// included, all from this run's numbers (bench/lib/benchOutput.ts: `--quick` writes bench/.data/quick/).
// Run: node --import tsx bench/pool.bench.ts [--quick]   (or npm run bench -- pool)

import { setMaxListeners } from 'node:events';
import { loadavg, availableParallelism, cpus } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import mysql from 'mysql2';
import { executePlan } from '../src/engine/executePlan.js';
import type { QueryResult, ShardExecutor } from '../src/engine/shardExecutor.js';
import { isServiceError } from '../src/errors/serviceError.js';
import { createShardExecutor, type MysqlShardExecutor } from '../src/pools/createShardExecutor.js';
import { planQuery, type PlanningContext } from '../src/sharding/planner/planQuery.js';
import type { QueryRequest } from '../src/sharding/planner/queryRequest.js';
import { buildRoutingSchema } from '../src/sharding/planner/routingSchema.js';
import { describeVindexType } from '../src/sharding/vindexes/registry.js';
import { findKeyspace, shardRanges, type Topology } from '../src/topology/topology.js';
import { sqlInt64, sqlVarchar } from '../src/util/sqlValue.js';
import { buildVSchema } from '../src/vschema/buildVSchema.js';
import { adminQuery, buildTestTopology, createTestDatabases, runInDatabase, testServerAddress, type TestDatabases } from '../test/helpers/mariadb.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { benchOutput } from './lib/benchOutput.js';
import { median, percentile, spread, type Spread } from './lib/stats.js';

const { quick: QUICK } = benchArgs();
const out = benchOutput();
const log = progress('pool');
const HEADING = '## Pools and engine';
const ROWS = 10_000;
const POOL_SIZE = 8;
const CALLERS = 32;
/** Calls in one run of one variant (a slice); each round runs every variant once, between two runs of the bare pool. */
const OPS = QUICK ? 1_000 : 2_000;
const ROUNDS = QUICK ? 1 : 30;
const ALONE_ROUNDS = QUICK ? 1 : 5;
const STORM_CALLERS = 1_000;
const STORM_ACQUIRE_TIMEOUT_MS = 500;
const STORM_SLEEP_S = 0.02;
const TARGET_OVERHEAD = 0.15;
/** The executor's default statement deadline (limits.queryTimeoutMs): what its pooled connections keep as their session limit. */
const QUERY_TIMEOUT_MS = 10_000;
const SELECT_COLUMNS = ['customer_id', 'email', 'name'];

/** A stable spread of ids in 1..ROWS: consecutive calls never ask for the same row (no consolidation). */
function idFor(i: number): number {
  return ((i * 7919) % ROWS) + 1;
}

/** The point select of every variant: the customer with id `id`. */
function pointRequest(id: number): QueryRequest {
  return { keyspace: 'customer', table: 'customer', select: SELECT_COLUMNS, where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(id) } };
}

function planningFor(topology: Topology): PlanningContext {
  const { model, problems } = buildVSchema(
    {
      keyspaces: {
        customer: {
          sharded: true,
          vindexes: { hash: { type: 'hash' } },
          tables: { customer: { column_vindexes: [{ column: 'customer_id', name: 'hash' }] } },
        },
      },
    },
    { describeVindexType },
  );
  if (problems.length > 0) throw new Error(`bench VSchema: ${JSON.stringify(problems)}`);
  return { routing: buildRoutingSchema(model), shards: (ks) => shardRanges(findKeyspace(topology, ks)) };
}

async function seed(database: string): Promise<void> {
  await runInDatabase(database, [
    'CREATE TABLE customer (customer_id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, name VARCHAR(100) NOT NULL, created DATETIME NOT NULL)',
    `INSERT INTO customer SELECT seq, CONCAT('user', seq, '@example.com'), CONCAT('Customer ', seq), '2024-01-01 00:00:00' + INTERVAL seq MINUTE FROM seq_1_to_${ROWS}`,
  ]);
}

interface Rate {
  /** Calls per second (wall clock). */
  readonly perSecond: number;
  /** CPU time of this Node process per call, in µs (user + system): the client's own cost. */
  readonly cpuUs: number;
  /** performance.now() at the start and end of the run, ms. */
  readonly startMs: number;
  readonly endMs: number;
}

/** Main-thread garbage-collection pauses as Node reports them ('gc' performance entries), ms. */
const gcPauses: { readonly start: number; readonly duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, duration: entry.duration });
}).observe({ entryTypes: ['gc'] });

/** The garbage-collection pauses that started during the runs `rates` (of OPS calls each), µs per call. */
function gcUsPerCall(rates: readonly Rate[]): number {
  let ms = 0;
  for (const pause of gcPauses) if (rates.some((r) => pause.start >= r.startMs && pause.start < r.endMs)) ms += pause.duration;
  return (ms * 1000) / (rates.length * OPS);
}

/** Runs `op(i)` for i in [0, n) with `callers` concurrent loops; returns calls per second and client CPU per call. */
async function throughput(n: number, callers: number, op: (i: number) => Promise<unknown>): Promise<Rate> {
  let next = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < n) await op(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  const end = performance.now();
  return { perSecond: n / ((end - start) / 1000), cpuUs: (used.user + used.system) / n, startMs: start, endMs: end };
}

const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * A full garbage collection (through a fresh context's `gc`, as `--expose-gc` would give) before
 * every measured run. Young objects that are still alive when a scavenge runs, and whatever
 * they point to, move to the old generation (V8's allocation-site pretenuring then allocates
 * objects of such sites there directly); the old generation then grows until a full collection,
 * which lands on whichever run happens to be going on, and a scavenge costs tens of ms instead
 * of one or two while the old generation holds much garbage that points to young objects. Collecting
 * before each run makes each run pay for its own garbage, not for the previous run's.
 */
function settleHeap(): void {
  collectGarbage();
  collectGarbage();
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const pct = (n: number): string => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : 'n/a');
const us = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(1)} µs` : 'n/a');
const signedUs = (n: number): string => (Number.isFinite(n) ? `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)} µs` : 'n/a');
const pctRange = (s: Spread): string => `${pct(s.median)}, ${pct(quartile(s, 25))}–${pct(quartile(s, 75))} (${pct(s.min)}–${pct(s.max)})`;
const usRange = (s: Spread): string => `${signedUs(s.median)}, ${signedUs(quartile(s, 25))} to ${signedUs(quartile(s, 75))} (${signedUs(s.min)} to ${signedUs(s.max)})`;

/** The `p`-th percentile of a spread's runs. */
function quartile(s: Spread, p: number): number {
  return percentile([...s.runs].sort((a, b) => a - b), p);
}

type Role = 'bare' | 'bareAgain' | 'bareTimeout' | 'pool' | 'poolOwnDeadline' | 'engine' | 'engineAsResolvers' | 'planner';

interface Variant {
  readonly role: Role;
  readonly name: string;
  readonly op: (i: number) => Promise<unknown>;
}

interface VariantResult {
  readonly role: Role;
  readonly name: string;
  /** Calls/s over the rounds. */
  readonly perSecond: Spread;
  /** Client CPU µs per call over the rounds. */
  readonly cpuUs: Spread;
  /** Per round: this variant's calls/s over the mean of the two bare-pool runs around it. */
  readonly ratioToBare: Spread;
  /** Per round: this variant's client CPU per call minus the mean of the two bare-pool runs around it, µs. */
  readonly cpuOverBareUs: Spread;
  /** Main-thread garbage-collection pauses per call over all its runs together, µs (part of cpuUs). */
  readonly gcUs: number;
}

interface PointSelectResult {
  readonly rows: readonly VariantResult[];
  readonly loadBefore: number;
  readonly loadAfter: number;
}

function of(rows: readonly VariantResult[], role: Role): VariantResult {
  return rows.find((r) => r.role === role)!;
}

async function pointSelect(dbs: TestDatabases): Promise<PointSelectResult> {
  const database = dbs.names.one!;
  await seed(database);
  const topology = buildTestTopology({ customer: { '-': { primary: dbs.urls.one! } } });
  const planning = planningFor(topology);
  const executor = createShardExecutor(topology, {
    pool: { size: POOL_SIZE, queueLimit: 10_000, acquireTimeoutMs: 10_000, idleTimeoutMs: 60_000 },
    limits: { queryTimeoutMs: QUERY_TIMEOUT_MS, maxRows: 10_000 },
  });
  const { host, port, user, password } = testServerAddress();
  const bareSettings = { host, port, user, password, database, connectionLimit: POOL_SIZE, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true };
  const bare = mysql.createPool(bareSettings);
  const bareAgain = mysql.createPool(bareSettings);
  const bareSql = `select ${SELECT_COLUMNS.join(', ')} from customer where customer_id = ?`;
  const bareTimeoutSql = `SET STATEMENT max_statement_time=${QUERY_TIMEOUT_MS / 1000} FOR ${bareSql}`;
  const poolSql = `select ${SELECT_COLUMNS.join(', ')} from customer where customer_id = :id`;
  const target = { keyspace: 'customer', shard: '-' } as const;
  const ownDeadline = { timeoutMs: QUERY_TIMEOUT_MS - 1 };
  // As src/resolvers/apiRuntime.ts runs a read: the whole execution's time budget (each statement
  // gets what is left of it), the row limit and the request's signal (never aborted here; shared
  // by the 32 callers, so it takes any number of listeners, as createRequestContext sets it).
  const asResolvers = { timeoutMs: QUERY_TIMEOUT_MS, maxRows: 10_000, signal: new AbortController().signal };
  setMaxListeners(0, asResolvers.signal);

  // One plan per id, built before the run, as the server's plan cache (issue #5) will hand
  // them to the engine: planning is outside the measured loop of the issue's figure.
  const plans = Array.from({ length: ROWS }, (_, i) => planQuery(pointRequest(i + 1), planning));
  const bareOp = (i: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      bare.query(bareSql, [idFor(i)], (error, rows) => (error ? reject(error) : resolve(rows)));
    });
  const variants: Variant[] = [
    { role: 'bare', name: 'baseline: bare mysql2 pool, `pool.query(sql, [id])`', op: bareOp },
    {
      role: 'bareAgain',
      name: 'method check: a second bare mysql2 pool of its own, same settings and statement, measured as a variant (how far from 100% the method puts identical work)',
      op: (i) =>
        new Promise((resolve, reject) => {
          bareAgain.query(bareSql, [idFor(i)], (error, rows) => (error ? reject(error) : resolve(rows)));
        }),
    },
    {
      role: 'bareTimeout',
      name: `diagnostic: bare mysql2 pool with \`SET STATEMENT max_statement_time=${QUERY_TIMEOUT_MS / 1000} FOR\` on every statement`,
      op: (i) =>
        new Promise((resolve, reject) => {
          bare.query(bareTimeoutSql, [idFor(i)], (error, rows) => (error ? reject(error) : resolve(rows)));
        }),
    },
    {
      role: 'pool',
      name: 'shardgate pool only: `executor.execute(target, sql, {id})`',
      op: (i) => executor.execute(target, poolSql, { id: sqlInt64(idFor(i)) }),
    },
    {
      role: 'poolOwnDeadline',
      name: `diagnostic: pool only, each call with a deadline (${fmt(ownDeadline.timeoutMs)} ms) other than the default, so every statement carries it`,
      op: (i) => executor.execute(target, poolSql, { id: sqlInt64(idFor(i)) }, ownDeadline),
    },
    {
      role: 'engine',
      name: '**issue figure**: engine + pool, pre-built plan: `executePlan(plan)`',
      op: (i) => executePlan(plans[idFor(i) - 1]!, executor),
    },
    {
      role: 'engineAsResolvers',
      name: "extra: engine + pool as the resolvers call it, with a time budget and the request's abort signal: `executePlan(plan, executor, {timeoutMs, maxRows, signal})`",
      op: (i) => executePlan(plans[idFor(i) - 1]!, executor, asResolvers),
    },
    {
      role: 'planner',
      name: 'extra: planner + engine + pool: `executePlan(planQuery(request))`',
      op: (i) => executePlan(planQuery(pointRequest(idFor(i)), planning), executor),
    },
  ];

  // Sanity: every variant returns the same row for the same id.
  const check = await Promise.all(variants.map((v) => v.op(41)));
  const bareEmail = String((check[0] as Record<string, unknown>[])[0]!.email);
  for (const [k, v] of variants.entries()) {
    if (v.role.startsWith('bare')) continue;
    const result = check[k] as { rows: readonly (readonly { raw: Uint8Array }[])[] };
    if (bareEmail !== new TextDecoder().decode(result.rows[0]![1]!.raw)) throw new Error(`${v.role} disagrees with the bare pool on the row it read`);
  }

  settleHeap();
  for (const v of variants) await throughput(2_000, CALLERS, v.op);
  const loadBefore = loadavg()[0]!;
  const { rates, around, bareRuns } = await bracketedRounds(variants);
  const loadAfter = loadavg()[0]!;
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last runs' 'gc' entries arrive asynchronously
  await executor.close();
  await Promise.all([bare, bareAgain].map((pool) => new Promise<void>((resolve) => pool.end(() => resolve()))));
  const rows = variants.map((v, k): VariantResult => {
    if (k === 0) {
      return {
        role: v.role,
        name: v.name,
        perSecond: spread(bareRuns.map((r) => r.perSecond)),
        cpuUs: spread(bareRuns.map((r) => r.cpuUs)),
        ratioToBare: spread([]),
        cpuOverBareUs: spread([]),
        gcUs: gcUsPerCall(bareRuns),
      };
    }
    const rounds = rates[k]!;
    const base = around[k]!;
    return {
      role: v.role,
      name: v.name,
      perSecond: spread(rounds.map((r) => r.perSecond)),
      cpuUs: spread(rounds.map((r) => r.cpuUs)),
      ratioToBare: spread(rounds.map((r, i) => r.perSecond / base[i]!.perSecond)),
      cpuOverBareUs: spread(rounds.map((r, i) => r.cpuUs - base[i]!.cpuUs)),
      gcUs: gcUsPerCall(rounds),
    };
  });
  return { rows, loadBefore, loadAfter };
}

/** Unmeasured calls that start every run: the variant's connections and code warm again after the others ran. */
const RUN_WARMUP_OPS = 200;

/** One run of `OPS` calls of `op`, after a full garbage collection (see settleHeap) and RUN_WARMUP_OPS unmeasured calls. */
async function measuredRun(op: (i: number) => Promise<unknown>): Promise<Rate> {
  collectGarbage();
  await throughput(RUN_WARMUP_OPS, CALLERS, op);
  return throughput(OPS, CALLERS, op);
}

/**
 * The rounds of the point select. `variants[0]` is the bare pool. Each round runs every other
 * variant once, each right after and right before a run of the bare pool (B V1 B V2 … B), in
 * an order that rotates by one every round and is reversed every other round, so that no
 * variant always follows the same one; each variant is compared with the mean of the two
 * bare runs around it. Load from other processes changes over seconds, a run lasts a fraction
 * of one, so the two neighbours see nearly the load the variant saw.
 */
async function bracketedRounds(variants: readonly Variant[]): Promise<{ rates: Rate[][]; around: Rate[][]; bareRuns: Rate[] }> {
  const rates = variants.map(() => [] as Rate[]);
  const around = variants.map(() => [] as Rate[]);
  const bareRuns: Rate[] = [];
  const others = [...variants.keys()].slice(1);
  for (let round = 0; round < ROUNDS; round++) {
    const rotated = [...others.slice(round % others.length), ...others.slice(0, round % others.length)];
    const order = round % 2 === 0 ? rotated : rotated.reverse();
    let before = await measuredRun(variants[0]!.op);
    bareRuns.push(before);
    for (const k of order) {
      const rate = await measuredRun(variants[k]!.op);
      const after = await measuredRun(variants[0]!.op);
      bareRuns.push(after);
      rates[k]!.push(rate);
      around[k]!.push({ perSecond: (before.perSecond + after.perSecond) / 2, cpuUs: (before.cpuUs + after.cpuUs) / 2, startMs: before.startMs, endMs: after.endMs });
      before = after;
    }
    log(`round ${round + 1}/${ROUNDS}: ${others.map((k) => `${variants[k]!.role} ${pct(rates[k]![round]!.perSecond / around[k]![round]!.perSecond)}`).join(', ')}`);
  }
  return { rates, around, bareRuns };
}

interface EngineAloneRow {
  readonly name: string;
  /** Client CPU µs per call: median and lowest round. */
  readonly cpuUs: number;
  readonly cpuLowUs: number;
}

/**
 * The engine's own CPU per point select, without I/O: the executor answers every statement at
 * once with the same one-row result, so what is left is the engine (and planning). Steadier than
 * the database rounds, whose noise (the write syscall, the server on the same cores) is larger
 * than the engine's cost.
 */
async function engineAlone(): Promise<EngineAloneRow[]> {
  const topology = buildTestTopology({ customer: { '-': { primary: 'mysql://root@127.0.0.1:3306/unused' } } });
  const planning = planningFor(topology);
  const plans = Array.from({ length: ROWS }, (_, i) => planQuery(pointRequest(i + 1), planning));
  const answer: QueryResult = {
    fields: [
      { name: 'customer_id', type: 'INT64' },
      { name: 'email', type: 'VARCHAR' },
      { name: 'name', type: 'VARCHAR' },
    ],
    rows: [[sqlInt64(1), sqlVarchar('user1@example.com'), sqlVarchar('Customer 1')]],
    rowsAffected: 0,
    insertId: 0n,
  };
  const immediate: ShardExecutor = { execute: () => Promise.resolve(answer) };
  const target = { keyspace: 'customer', shard: '-' } as const;
  const sql = plans[0]!.route.sql;
  const binds = { vtg1: sqlInt64(1) };
  const calls = QUICK ? 20_000 : 200_000;
  const variants: { name: string; n: number; op: (i: number) => Promise<unknown> }[] = [
    { name: 'baseline: the executor call alone, `executor.execute(target, sql, binds)`', n: calls, op: () => immediate.execute(target, sql, binds) },
    { name: `engine, ${fmt(ROWS)} pre-built plans taken in turn (cold in the CPU caches)`, n: calls, op: (i) => executePlan(plans[idFor(i) - 1]!, immediate) },
    { name: 'engine, one pre-built plan (hot)', n: calls, op: () => executePlan(plans[0]!, immediate) },
    { name: 'planner + engine', n: calls / 4, op: (i) => executePlan(planQuery(pointRequest(idFor(i)), planning), immediate) },
  ];
  const cpu = variants.map(() => [] as number[]);
  settleHeap();
  for (const v of variants) await throughput(Math.min(v.n, 20_000), CALLERS, v.op);
  for (let round = 0; round < ALONE_ROUNDS; round++) {
    for (const [k, v] of variants.entries()) cpu[k]!.push((await throughput(v.n, CALLERS, v.op)).cpuUs);
  }
  return variants.map((v, k) => ({ name: v.name, cpuUs: median(cpu[k]!), cpuLowUs: Math.min(...cpu[k]!) }));
}

interface StormResult {
  readonly completed: number;
  readonly failedResourceExhausted: number;
  readonly failedOther: string[];
  /** Rounds of overlapping calls it took to open the pools' connections before the storm, and how many were open then. */
  readonly warmupRounds: number;
  readonly openBeforeStorm: number;
  readonly maxOwnConnections: number;
  readonly threadsConnectedBefore: number;
  readonly maxThreadsConnected: number;
  readonly slowestFailureMs: number;
  readonly slowestSuccessMs: number;
  readonly totalMs: number;
}

async function runStorm(dbs: TestDatabases): Promise<StormResult> {
  const names = [dbs.names.lo!, dbs.names.hi!];
  await Promise.all(names.map(seed));
  const topology = buildTestTopology({ customer: { '-80': { primary: dbs.urls.lo! }, '80-': { primary: dbs.urls.hi! } } });
  const planning = planningFor(topology);
  const executor: MysqlShardExecutor = createShardExecutor(topology, {
    pool: { size: POOL_SIZE, queueLimit: STORM_CALLERS, acquireTimeoutMs: STORM_ACQUIRE_TIMEOUT_MS, idleTimeoutMs: 60_000 },
    limits: { queryTimeoutMs: 10_000, maxRows: 10_000 },
  });
  const { host, port, user, password } = testServerAddress();
  const monitor = mysql.createConnection({ host, port, user, password });
  const sample = <T>(sql: string): Promise<T[]> =>
    new Promise((resolve, reject) => monitor.query(sql, (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
  const inList = names.map((n) => `'${n}'`).join(', ');
  const threadsConnected = async (): Promise<number> => Number((await sample<{ Value: string }>("SHOW GLOBAL STATUS LIKE 'Threads_connected'"))[0]!.Value);
  const ownConnections = async (): Promise<number> => Number((await sample<{ n: number }>(`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB IN (${inList})`))[0]!.n);
  const threadsConnectedBefore = await threadsConnected();
  let maxOwnConnections = 0;
  let maxThreadsConnected = threadsConnectedBefore;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxOwnConnections = Math.max(maxOwnConnections, await ownConnections());
      maxThreadsConnected = Math.max(maxThreadsConnected, await threadsConnected());
    }
  })();

  // A slow point select (sleep() on the server) through planner, engine and pool.
  const slowCall = (i: number, sleepS: number): Promise<unknown> => {
    const plan = planQuery(
      { keyspace: 'customer', table: 'customer', select: ['customer_id', 'email'], where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(idFor(i)) } },
      planning,
    );
    const slow = { ...plan, route: { ...plan.route, targets: plan.route.kind === 'route' ? plan.route.targets.map((t) => ({ ...t, sql: t.sql.replace(/^select /, `select sleep(${sleepS}), `) })) : [] } };
    return executePlan(slow as typeof plan, executor);
  };
  // The pools open their connections first, so that the storm measures queueing and acquire
  // timeouts, not connecting on a starved machine (the pool's connect timeout is its acquire
  // timeout: on a loaded host every open could time out at 500 ms). Overlapping calls open them;
  // failed opens are tried again, a few times.
  let warmupRounds = 0;
  let openBeforeStorm = 0;
  while (warmupRounds < 10 && openBeforeStorm < 2 * POOL_SIZE) {
    warmupRounds++;
    await Promise.allSettled(Array.from({ length: 4 * POOL_SIZE }, (_, i) => slowCall(i, 0.2)));
    openBeforeStorm = await ownConnections();
  }

  let completed = 0;
  let failedResourceExhausted = 0;
  const failedOther: string[] = [];
  let slowestFailureMs = 0;
  let slowestSuccessMs = 0;
  const start = performance.now();
  const watchdog = setTimeout(() => {
    console.error('storm: calls still pending after 60 s: something hangs');
    process.exit(1);
  }, 60_000);
  await Promise.all(
    Array.from({ length: STORM_CALLERS }, async (_, i) => {
      const callStart = performance.now();
      try {
        // Slow, so the queue builds up and acquire timeouts happen.
        await slowCall(i, STORM_SLEEP_S);
        completed++;
        slowestSuccessMs = Math.max(slowestSuccessMs, performance.now() - callStart);
      } catch (error) {
        const ms = performance.now() - callStart;
        if (isServiceError(error) && error.code === 'RESOURCE_EXHAUSTED') {
          failedResourceExhausted++;
          slowestFailureMs = Math.max(slowestFailureMs, ms);
        } else {
          failedOther.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        }
      }
    }),
  );
  const totalMs = performance.now() - start;
  clearTimeout(watchdog);
  sampling = false;
  await sampler;
  monitor.end();
  await executor.close();
  return { warmupRounds, openBeforeStorm, completed, failedResourceExhausted, failedOther, maxOwnConnections, threadsConnectedBefore, maxThreadsConnected, slowestFailureMs, slowestSuccessMs, totalMs };
}

/** Everything one run measured, as stored in results.json. */
interface Measured {
  readonly quick: boolean;
  readonly machine: string;
  readonly node: string;
  readonly mariadb: string;
  readonly point: PointSelectResult;
  readonly alone: readonly EngineAloneRow[];
  readonly storm: StormResult;
  readonly stormHolds: boolean;
}

/**
 * The Reading: what this run's numbers say, every figure computed from them, plus what each
 * layer does per call (true of the code, whatever the numbers).
 */
function reading(m: Measured): string[] {
  const rows = m.point.rows;
  const bare = of(rows, 'bare');
  const pool = of(rows, 'pool');
  const engine = of(rows, 'engine');
  const planner = of(rows, 'planner');
  const asResolvers = of(rows, 'engineAsResolvers');
  const bareTimeout = of(rows, 'bareTimeout');
  const again = of(rows, 'bareAgain');
  const ownDeadline = of(rows, 'poolOwnDeadline');
  const figure = engine.ratioToBare.median;
  const met = figure >= 1 - TARGET_OVERHEAD;
  const firm = Math.abs(again.ratioToBare.median - 1) < Math.abs(figure - (1 - TARGET_OVERHEAD));
  const budgetUs = bare.cpuUs.median * (1 / (1 - TARGET_OVERHEAD) - 1);
  const engineOverPoolRuns = engine.cpuOverBareUs.runs.map((d, i) => d - pool.cpuOverBareUs.runs[i]!);
  const engineOverPool = median(engineOverPoolRuns);
  const engineOverPoolLow = quartile(spread(engineOverPoolRuns), 25);
  const engineOverPoolHigh = quartile(spread(engineOverPoolRuns), 75);
  const planningOverEngine = median(planner.cpuOverBareUs.runs.map((d, i) => d - engine.cpuOverBareUs.runs[i]!));
  const prefixOnPool = median(ownDeadline.ratioToBare.runs.map((r, i) => r / pool.ratioToBare.runs[i]!));
  const aloneBase = m.alone[0]!.cpuUs;
  const engineCold = m.alone[1]!.cpuUs - aloneBase;
  const engineHot = m.alone[2]!.cpuUs - aloneBase;
  const lines = [
    'Reading (generated from this run\'s numbers):',
    '',
    `- Target ${met ? 'met' : 'NOT met'}: engine + pool ran at **${pct(figure)}** of the bare mysql2 pool's calls/s (median of the ${engine.ratioToBare.runs.length} per-round ratios; middle half of the rounds ${pct(quartile(engine.ratioToBare, 25))} to ${pct(quartile(engine.ratioToBare, 75))}, all rounds ${pct(engine.ratioToBare.min)} to ${pct(engine.ratioToBare.max)}; the target is at least ${pct(1 - TARGET_OVERHEAD)}). The ratio of the two medians is ${pct(engine.perSecond.median / bare.perSecond.median)}. The pool alone ran at ${pct(pool.ratioToBare.median)}. ${firm ? `The method check (identical work) came out at ${pct(again.ratioToBare.median)}, so the verdict stands.` : `The method check (identical work) came out at ${pct(again.ratioToBare.median)}, as far from 100% as the figure is from the target, so this run does not settle the verdict.`}`,
    `- Client CPU per call (the client and MariaDB share the 2 cores, so CPU the client saves is throughput): the bare pool used ${us(bare.cpuUs.median)}; engine + pool ${signedUs(engine.cpuOverBareUs.median)} more (median of the per-round differences), where the target allows ${us(budgetUs)}. Of that, the pool alone ${signedUs(pool.cpuOverBareUs.median)}, the engine on top of it ${signedUs(engineOverPool)}; without I/O the engine costs ${us(engineCold)} per point select with 10,000 plans taken in turn and ${us(engineHot)} with one plan hot in the CPU caches (reading cold plans is most of it). ${engineOverPoolLow <= engineCold ? `The database rounds charge the engine more than that, but its per-round differences over the pool (middle half ${signedUs(engineOverPoolLow)} to ${signedUs(engineOverPoolHigh)}) reach down to its cost without I/O: the rest is the rounds' noise.` : `The database rounds charge the engine more than that even in the lower quarter of the rounds (${signedUs(engineOverPoolLow)}): CPU the engine's own code does not account for, most likely its allocations collected by the scavenges' helper threads and cache misses among mysql2's work.`} Planning every call adds ${signedUs(planningOverEngine)}. Main-thread garbage-collection pauses took ${us(bare.gcUs)} per call for the bare pool, ${us(pool.gcUs)} for the pool and ${us(engine.gcUs)} for engine + pool (all runs of each; the scavenges' helper threads add CPU besides). The collection before each run takes the previous runs' garbage out of it, and a run of ${fmt(OPS)} calls seldom fills the young generation, so these rounds price allocation little: each call allocates some kilobytes, a large share of them mysql2's command, packet and column objects and Node's socket writes, and the bare pool, the pool and engine + pool allocate about the same per call (V8's sampling heap profiler, measured apart from this run); planning allocates much more.`,
    `- As the GraphQL resolvers call it (a time budget for the whole execution and the request's abort signal), engine + pool ran at ${pct(asResolvers.ratioToBare.median)} of the bare pool (${signedUs(asResolvers.cpuOverBareUs.median)} of client CPU per call): each statement listens to the signal, and its deadline is what is left of the budget in whole ms, which equals the session's default only when the statement starts within the execution's first millisecond; later ones carry their own.`,
    `- The server-side deadline: the pool keeps the executor's default deadline (${fmt(QUERY_TIMEOUT_MS)} ms) as each pooled connection's session \`max_statement_time\`, so a statement with that deadline goes out as written; one with any other deadline carries \`SET STATEMENT max_statement_time=… FOR\` (and \`=DEFAULT\` for none). In this run the prefix on every statement cost the pool ${pct(1 - prefixOnPool)} of its calls/s (the diagnostic row against the pool row, per round) and the bare pool ${pct(1 - bareTimeout.ratioToBare.median)}; its client CPU moved by ${signedUs(bareTimeout.cpuOverBareUs.median)} for the bare pool, so the cost is mostly the server's.`,
    `- Noise: the bare pool's runs ranged over ${fmt(bare.perSecond.min)}–${fmt(bare.perSecond.max)} calls/s and ${us(bare.cpuUs.min)}–${us(bare.cpuUs.max)} of CPU per call; the 1-minute load average was ${m.point.loadBefore.toFixed(1)} before the rounds and ${m.point.loadAfter.toFixed(1)} after (other jobs share the 2 cores). The method check, the bare pool measured as if it were a variant, came out at ${pct(again.ratioToBare.median)} (middle half ${pct(quartile(again.ratioToBare, 25))} to ${pct(quartile(again.ratioToBare, 75))}, CPU ${signedUs(again.cpuOverBareUs.median)}): what the method makes of identical work. ${Math.abs(again.ratioToBare.median - 1) <= 0.03 ? 'Within 3% of 100%, so a gap larger than that is the variant\'s own.' : 'More than 3% from 100%: the machine was too busy for this run\'s ratios to be read to a few per cent.'}`,
    '- What a call does beyond the bare pool (per statement, whatever the numbers): the pool binds the values into the SQL text, looks the bound SQL up among the reads in flight (consolidation) and registers it, creates one run object (waiter, result sink and deadline entry at once) and the caller\'s promise, puts the deadline in the pool\'s one timer queue, and builds a SqlValue with a Uint8Array view per cell straight from the row packet; mysql2\'s own command, packet and column work is the same as for the bare pool, whose callback ends in a process.nextTick where the pool\'s promise needs a microtask. The engine adds the execution context, one async frame and the merge checks of a one-target route, and returns the shard\'s rows and fields without copying them.',
    `- The concurrency scenario ${m.stormHolds ? 'holds' : 'DOES NOT hold'}: at most ${m.storm.maxOwnConnections} connections to the two tablet databases at once (limit ${2 * POOL_SIZE} + 2 admin), ${m.storm.completed} calls completed and ${m.storm.failedResourceExhausted} failed with RESOURCE_EXHAUSTED, the slowest of them after ${fmt(m.storm.slowestFailureMs)} ms for an acquire timeout of ${STORM_ACQUIRE_TIMEOUT_MS} ms (one timer per pool fires for the head of the queue; the margin is event-loop delay), ${m.storm.failedOther.length} failed otherwise.`,
  ];
  return lines;
}

function render(m: Measured): string {
  const rows = m.point.rows;
  const bare = of(rows, 'bare');
  const lines = [
    HEADING,
    '',
    'Issue #4 targets: a point select through pool + engine costs at most 15% of the throughput of',
    'a bare mysql2 pool on the same tablet; 1,000 concurrent callers with pool size 8 per tablet',
    'never push MySQL past tablets × 8 connections (+ admin) and every call completes or fails with',
    'RESOURCE_EXHAUSTED within its acquire timeout.',
    '',
    'Command:',
    '',
    '```',
    `flock /tmp/sg-bench.lock node --import tsx bench/pool.bench.ts${m.quick ? ' --quick' : ''}`,
    '```',
    '',
    `Machine: ${m.machine}, Node ${m.node}, MariaDB ${m.mariadb} on the same machine (client and server share the`,
    'cores). Databases are created for the run and dropped after.',
    '',
    `### Point select (${fmt(ROWS)} rows, pool size ${POOL_SIZE}, ${CALLERS} concurrent callers, ${fmt(OPS)} calls per run, ${ROUNDS} rounds)`,
    '',
    'The issue\'s figure is "engine + pool, pre-built plan": planning is outside the measured loop,',
    'as it is with the server\'s plan cache (issue #5). "planner + engine + pool" plans every call and',
    'is extra information. The two diagnostic rows price the server-side deadline; the method check',
    'is the bare pool measured as a variant. Each round runs every variant once, each between two',
    'runs of the bare pool (B V1 B V2 … B; the order rotates every round and is reversed every other',
    `round), every run after a full garbage collection and ${RUN_WARMUP_OPS} unmeasured calls. "vs bare" is, per round, the variant's calls/s`,
    'over the mean of the two bare runs around it: the median over the rounds, the middle half of the',
    'rounds (25th to 75th percentile) and in brackets the lowest and highest round. "CPU over bare" is',
    'the same for the client CPU per call.',
    '',
    '| variant | calls/s median (lowest–highest run) | vs bare: median, middle half (all rounds) | client CPU per call median (lowest run) | CPU over bare: median, middle half (all rounds) | GC pauses per call (all runs) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.perSecond.median)} (${fmt(r.perSecond.min)}–${fmt(r.perSecond.max)}) | ${r.role === 'bare' ? '100%' : pctRange(r.ratioToBare)} | ${us(r.cpuUs.median)} (${us(r.cpuUs.min)}) | ${r.role === 'bare' ? '' : usRange(r.cpuOverBareUs)} | ${us(r.gcUs)} |`,
    ),
    '',
    `Target (engine + pool at least ${pct(1 - TARGET_OVERHEAD)} of the bare pool's calls/s): **${of(rows, 'engine').ratioToBare.median >= 1 - TARGET_OVERHEAD ? 'met' : 'NOT met'}** (${pct(of(rows, 'engine').ratioToBare.median)}; bare pool ${fmt(bare.perSecond.median)} calls/s; method check ${pct(of(rows, 'bareAgain').ratioToBare.median)}).`,
    '',
    `### Engine CPU alone (no I/O: the executor answers at once; ${ALONE_ROUNDS} rounds, ${CALLERS} concurrent callers)`,
    '',
    '| variant | client CPU per call median (lowest round) | the engine (and planner) alone |',
    '|---|---:|---:|',
    ...m.alone.map((r, k) => `| ${r.name} | ${r.cpuUs.toFixed(2)} µs (${r.cpuLowUs.toFixed(2)} µs) | ${k === 0 ? '' : `${(r.cpuUs - m.alone[0]!.cpuUs).toFixed(2)} µs`} |`),
    '',
    `### ${fmt(STORM_CALLERS)} concurrent callers, 2 tablets, pool size ${POOL_SIZE} each, acquire timeout ${STORM_ACQUIRE_TIMEOUT_MS} ms`,
    '',
    `Each call is a point select routed by the hash vindex (planner + engine + pool) that sleeps ${STORM_SLEEP_S * 1000} ms on`,
    'the server, so the queue outgrows what the pools can serve within the acquire timeout. The pools open their',
    `connections first (overlapping calls, failed opens tried again): ${m.storm.openBeforeStorm} were open after ${m.storm.warmupRounds} round(s), so the storm`,
    'measures queueing and acquire timeouts rather than connecting on a loaded machine.',
    '',
    '| measure | value |',
    '|---|---:|',
    `| calls completed | ${m.storm.completed} |`,
    `| calls failed with RESOURCE_EXHAUSTED | ${m.storm.failedResourceExhausted} |`,
    `| calls failed otherwise | ${m.storm.failedOther.length} |`,
    `| most connections to the two tablet databases at once (processlist) | ${m.storm.maxOwnConnections} (limit ${2 * POOL_SIZE} + 2 admin) |`,
    `| server Threads_connected before / highest seen (whole server, other clients included) | ${m.storm.threadsConnectedBefore} / ${m.storm.maxThreadsConnected} |`,
    `| slowest RESOURCE_EXHAUSTED failure | ${fmt(m.storm.slowestFailureMs)} ms (acquire timeout ${STORM_ACQUIRE_TIMEOUT_MS} ms) |`,
    `| slowest completed call | ${fmt(m.storm.slowestSuccessMs)} ms |`,
    `| all ${fmt(STORM_CALLERS)} calls settled after | ${fmt(m.storm.totalMs)} ms |`,
    '',
    `Result: ${m.stormHolds ? 'holds' : 'DOES NOT hold'}.`,
    '',
    ...reading(m),
  ];
  if (m.storm.failedOther.length > 0) lines.push('', 'Other failures (first 3):', ...m.storm.failedOther.slice(0, 3).map((f) => `- ${f}`));
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const dbs = await createTestDatabases(['one', 'lo', 'hi']);
  log('engine alone (no I/O)');
  const alone = await engineAlone();
  let point: PointSelectResult;
  let storm: StormResult;
  try {
    log('point select rounds');
    point = await pointSelect(dbs);
    log('1,000 concurrent callers');
    storm = await runStorm(dbs);
  } finally {
    await dbs.drop();
  }
  const stormHolds =
    storm.failedOther.length === 0 && storm.completed + storm.failedResourceExhausted === STORM_CALLERS && storm.maxOwnConnections <= 2 * POOL_SIZE + 2;
  const measured: Measured = {
    quick: QUICK,
    machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, nproc = ${availableParallelism()}`,
    node: process.version,
    mariadb: (await adminQuery<{ v: string }>('SELECT VERSION() AS v'))[0]!.v,
    point,
    alone,
    storm,
    stormHolds,
  };
  await out.publish(HEADING, 'pool', render(measured), measured);
  if (!stormHolds) process.exitCode = 1;
}

await main();
