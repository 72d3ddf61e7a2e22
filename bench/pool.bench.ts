// Pools and engine benchmarks (issue #4), against throwaway databases on the shared MariaDB
// (SHARDGATE_TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306):
// 1. Point-select throughput through planner + engine + pool, and through the pool alone,
//    against a bare mysql2 pool on the same tablet (target: the engine costs at most 15%).
// 2. 1,000 concurrent callers, pool size 8 per tablet, 2 tablets: the connections never exceed
//    2 × 8 (+ admin), every call completes or fails with RESOURCE_EXHAUSTED within its acquire
//    timeout, nothing hangs. Run: node --import tsx bench/pool.bench.ts [--quick]
// Writes the "Pools and engine" section of bench/RESULTS.md.

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2';
import { executePlan } from '../src/engine/executePlan.js';
import { isServiceError } from '../src/errors/serviceError.js';
import { createShardExecutor, type MysqlShardExecutor } from '../src/pools/createShardExecutor.js';
import { planQuery, type PlanningContext } from '../src/sharding/planner/planQuery.js';
import { buildRoutingSchema } from '../src/sharding/planner/routingSchema.js';
import { describeVindexType } from '../src/sharding/vindexes/registry.js';
import { findKeyspace, shardRanges, type Topology } from '../src/topology/topology.js';
import { sqlInt64 } from '../src/util/sqlValue.js';
import { buildVSchema } from '../src/vschema/buildVSchema.js';
import { adminQuery, buildTestTopology, createTestDatabases, runInDatabase, testServerAddress, type TestDatabases } from '../test/helpers/mariadb.js';

const QUICK = process.argv.includes('--quick');
const ROWS = 10_000;
const POOL_SIZE = 8;
const CALLERS = 32;
const OPS = QUICK ? 4_000 : 20_000;
const ROUNDS = QUICK ? 3 : 5;
const STORM_CALLERS = 1_000;
const STORM_ACQUIRE_TIMEOUT_MS = 500;
const STORM_SLEEP_S = 0.02;
const TARGET_OVERHEAD = 0.15;
const SELECT_COLUMNS = ['customer_id', 'email', 'name'];

/** A stable spread of ids in 1..ROWS: consecutive calls never ask for the same row (no consolidation). */
function idFor(i: number): number {
  return ((i * 7919) % ROWS) + 1;
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
  return { perSecond: n / ((performance.now() - start) / 1000), cpuUs: (used.user + used.system) / n };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

interface PointSelectResult {
  readonly rows: { name: string; median: number; best: number; cpuUs: number }[];
  readonly engineOverhead: number;
  readonly plannerEngineOverhead: number;
  readonly poolOverhead: number;
}

async function pointSelect(dbs: TestDatabases): Promise<PointSelectResult> {
  const database = dbs.names.one!;
  await seed(database);
  const topology = buildTestTopology({ customer: { '-': { primary: dbs.urls.one! } } });
  const planning = planningFor(topology);
  const executor = createShardExecutor(topology, {
    pool: { size: POOL_SIZE, queueLimit: 10_000, acquireTimeoutMs: 10_000, idleTimeoutMs: 60_000 },
    limits: { queryTimeoutMs: 10_000, maxRows: 10_000 },
  });
  const { host, port, user, password } = testServerAddress();
  const bare = mysql.createPool({ host, port, user, password, database, connectionLimit: POOL_SIZE, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true });
  const bareSql = `select ${SELECT_COLUMNS.join(', ')} from customer where customer_id = ?`;
  const poolSql = `select ${SELECT_COLUMNS.join(', ')} from customer where customer_id = :id`;
  const target = { keyspace: 'customer', shard: '-' } as const;

  const request = (id: number) =>
    ({ keyspace: 'customer', table: 'customer', select: SELECT_COLUMNS, where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(id) } }) as const;
  const plans = Array.from({ length: ROWS }, (_, i) => planQuery(request(i + 1), planning));
  const variants: { name: string; op: (i: number) => Promise<unknown> }[] = [
    {
      name: 'baseline: bare mysql2 pool, `pool.query(sql, [id])`',
      op: (i) =>
        new Promise((resolve, reject) => {
          bare.query(bareSql, [idFor(i)], (error, rows) => (error ? reject(error) : resolve(rows)));
        }),
    },
    {
      name: 'shardgate pool only: `executor.execute(target, sql, {id})`',
      op: (i) => executor.execute(target, poolSql, { id: sqlInt64(idFor(i)) }),
    },
    {
      name: 'shardgate engine + pool: `executePlan(plan)`, plans built before the run',
      op: (i) => executePlan(plans[idFor(i) - 1]!, executor),
    },
    {
      name: 'shardgate planner + engine + pool: `executePlan(planQuery(request))`',
      op: (i) => executePlan(planQuery(request(idFor(i)), planning), executor),
    },
  ];

  // Sanity: every variant returns the same row for the same id.
  const check = await Promise.all(variants.map((v) => v.op(41)));
  const bareRow = (check[0] as Record<string, unknown>[])[0]!;
  const engineRows = (check[3] as { rows: readonly (readonly { raw: Uint8Array }[])[] }).rows;
  if (String(bareRow.email) !== new TextDecoder().decode(engineRows[0]![1]!.raw)) throw new Error('variants disagree on the row they read');

  for (const v of variants) await throughput(Math.min(OPS, 2_000), CALLERS, v.op);
  // Interleaved rounds, alternating the order, so that load from other processes on the
  // machine falls on every variant alike.
  const rates = variants.map(() => [] as Rate[]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [...variants.keys()] : [...variants.keys()].reverse();
    for (const k of order) rates[k]!.push(await throughput(OPS, CALLERS, variants[k]!.op));
  }
  await executor.close();
  await new Promise<void>((resolve) => bare.end(() => resolve()));
  const rows = variants.map((v, k) => ({
    name: v.name,
    median: median(rates[k]!.map((r) => r.perSecond)),
    best: Math.max(...rates[k]!.map((r) => r.perSecond)),
    cpuUs: median(rates[k]!.map((r) => r.cpuUs)),
  }));
  return {
    rows,
    poolOverhead: 1 - rows[1]!.median / rows[0]!.median,
    engineOverhead: 1 - rows[2]!.median / rows[0]!.median,
    plannerEngineOverhead: 1 - rows[3]!.median / rows[0]!.median,
  };
}

interface StormResult {
  readonly completed: number;
  readonly failedResourceExhausted: number;
  readonly failedOther: string[];
  readonly maxOwnConnections: number;
  readonly threadsConnectedBefore: number;
  readonly maxThreadsConnected: number;
  readonly slowestFailureMs: number;
  readonly slowestSuccessMs: number;
  readonly totalMs: number;
}

async function storm(dbs: TestDatabases): Promise<StormResult> {
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
  const threadsConnectedBefore = await threadsConnected();
  let maxOwnConnections = 0;
  let maxThreadsConnected = threadsConnectedBefore;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const own = await sample<{ n: number }>(`SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB IN (${inList})`);
      maxOwnConnections = Math.max(maxOwnConnections, Number(own[0]!.n));
      maxThreadsConnected = Math.max(maxThreadsConnected, await threadsConnected());
    }
  })();

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
        const plan = planQuery(
          {
            keyspace: 'customer',
            table: 'customer',
            select: ['customer_id', 'email'],
            where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(idFor(i)) },
          },
          planning,
        );
        // A slow point select: sleep(), so the queue builds up and acquire timeouts happen.
        const slow = { ...plan, route: { ...plan.route, targets: plan.route.kind === 'route' ? plan.route.targets.map((t) => ({ ...t, sql: t.sql.replace(/^select /, `select sleep(${STORM_SLEEP_S}), `) })) : [] } };
        await executePlan(slow as typeof plan, executor);
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
  return { completed, failedResourceExhausted, failedOther, maxOwnConnections, threadsConnectedBefore, maxThreadsConnected, slowestFailureMs, slowestSuccessMs, totalMs };
}

/**
 * How to read the point-select numbers: written from CPU profiles (`node --cpu-prof`) of each
 * variant on this machine, 40,000 to 60,000 calls each; see the issue #4 report.
 */
const READING = [
  'Reading:',
  '',
  '- On this machine the client is the bottleneck: MariaDB and Node share 2 cores, and the',
  '  write() syscall that hands each query to the server (where the server thread wakes up)',
  '  takes about a third of the client CPU in every variant. So every µs of client CPU per call',
  '  shows up in throughput, and the "client CPU per call" column is the steadier measure: the',
  '  calls/s of the same variant move by 30-50% between runs while other jobs use the machine.',
  '- Pool only vs bare mysql2: 12 to 17 µs more client CPU per call over our runs. At the',
  '  connection level shardgate costs the same as mysql2 (`TabletConnection.query` with raw',
  '  bytes measured within noise of `connection.query` with `typeCast: false`). The rest is what',
  '  the pool adds per statement: consolidation (in-flight map, about 2 µs), the deadline',
  '  (server-side `SET STATEMENT` text and the client timer, about 1 µs), promise hand-offs',
  '  through the FIFO queue, binding (0.25 µs), SqlValue building, metrics, and the garbage of',
  '  all of these. Already done to get here: a callback-based statement path without',
  '  per-statement closures, one timer per pool for acquire timeouts, a synchronous idle fast',
  '  path, a cheaper template cache, no mysql2 `?` placeholder scan (`queryFormat`), and',
  '  per-tablet consolidation maps.',
  '- Engine + pool vs pool only: 15 to 25 µs more client CPU per call over our runs, the engine',
  '  layer for a one-shard route. In the profile: `mergeResults` (about 5 µs: `orderedRows`,',
  '  `checkShape`, for a single result that needs no merge), `executePlan`/`executeTargets`',
  '  (about 5 µs of own time: async frames, `Promise.allSettled`, option objects) and the extra',
  '  garbage collection. A single-target fast path in src/engine (no merge, no allSettled) is',
  '  the obvious next step and is outside src/pools.',
  '- Planning (`planQuery`) adds about 10 µs per call; a resolver that plans per request pays it.',
  '- The concurrency scenario holds: the pools never opened more than 8 connections per tablet',
  '  (admin connections are opened only for kills and health pings, none here), every call',
  '  settled, and every failure was RESOURCE_EXHAUSTED (SG601) shortly after its 500 ms acquire',
  '  timeout (one timer per pool fires for the head of the queue; the margin is event-loop delay).',
];

function writeSection(markdown: string): void {
  const file = path.join(import.meta.dirname, 'RESULTS.md');
  const heading = '## Pools and engine';
  const current = readFileSync(file, 'utf8');
  const startAt = current.indexOf(heading);
  let next: string;
  if (startAt < 0) {
    next = `${current.trimEnd()}\n\n${markdown}`;
  } else {
    const after = current.indexOf('\n## ', startAt + heading.length);
    next = `${current.slice(0, startAt)}${markdown}${after < 0 ? '' : `\n${current.slice(after + 1)}`}`;
  }
  writeFileSync(file, `${next.trimEnd()}\n`);
}

async function main(): Promise<void> {
  const dbs = await createTestDatabases(['one', 'lo', 'hi']);
  let point: PointSelectResult;
  let result: StormResult;
  try {
    point = await pointSelect(dbs);
    result = await storm(dbs);
  } finally {
    await dbs.drop();
  }
  const limit = 2 * POOL_SIZE;
  const stormOk =
    result.failedOther.length === 0 &&
    result.completed + result.failedResourceExhausted === STORM_CALLERS &&
    result.maxOwnConnections <= limit + 2;
  const version = (await adminQuery<{ v: string }>('SELECT VERSION() AS v'))[0]!.v;
  const lines = [
    '## Pools and engine',
    '',
    'Issue #4 targets: a point select through pool + engine costs at most 15% of the throughput of',
    'a bare mysql2 pool on the same tablet; 1,000 concurrent callers with pool size 8 per tablet',
    'never push MySQL past tablets × 8 connections (+ admin) and every call completes or fails with',
    'RESOURCE_EXHAUSTED within its acquire timeout.',
    '',
    'Command:',
    '',
    '```',
    `node --import tsx bench/pool.bench.ts${QUICK ? ' --quick' : ''}`,
    '```',
    '',
    `Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, nproc = ${availableParallelism()}, Node ${process.version}, MariaDB ${version} on the same`,
    'machine (client and server share the 2 cores). Databases are created for the run and dropped after.',
    '',
    `### Point select (${ROWS.toLocaleString('en-US')} rows, pool size ${POOL_SIZE}, ${CALLERS} concurrent callers, ${fmt(OPS)} calls per round, median of ${ROUNDS} interleaved rounds)`,
    '',
    '| variant | calls/s median (best) | vs bare mysql2 | client CPU per call (median) |',
    '|---|---:|---:|---:|',
    ...point.rows.map((r) => `| ${r.name} | ${fmt(r.median)} (${fmt(r.best)}) | ${pct(r.median / point.rows[0]!.median)} | ${r.cpuUs.toFixed(0)} µs |`),
    '',
    `Throughput lost against the bare mysql2 pool (target <= ${pct(TARGET_OVERHEAD)} for pool + engine):`,
    `pool alone ${pct(point.poolOverhead)}; engine + pool **${pct(point.engineOverhead)}** (${point.engineOverhead <= TARGET_OVERHEAD ? 'met' : 'NOT met'});`,
    `planner + engine + pool ${pct(point.plannerEngineOverhead)}.`,
    '',
    `### ${STORM_CALLERS.toLocaleString('en-US')} concurrent callers, 2 tablets, pool size ${POOL_SIZE} each, acquire timeout ${STORM_ACQUIRE_TIMEOUT_MS} ms`,
    '',
    `Each call is a point select routed by the hash vindex (planner + engine + pool) that sleeps ${STORM_SLEEP_S * 1000} ms on`,
    'the server, so the queue outgrows what the pools can serve within the acquire timeout.',
    '',
    '| measure | value |',
    '|---|---:|',
    `| calls completed | ${result.completed} |`,
    `| calls failed with RESOURCE_EXHAUSTED | ${result.failedResourceExhausted} |`,
    `| calls failed otherwise | ${result.failedOther.length} |`,
    `| most connections to the two tablet databases at once (processlist) | ${result.maxOwnConnections} (limit ${limit} + 2 admin) |`,
    `| server Threads_connected before / highest seen (whole server, other clients included) | ${result.threadsConnectedBefore} / ${result.maxThreadsConnected} |`,
    `| slowest RESOURCE_EXHAUSTED failure | ${fmt(result.slowestFailureMs)} ms (acquire timeout ${STORM_ACQUIRE_TIMEOUT_MS} ms) |`,
    `| slowest completed call | ${fmt(result.slowestSuccessMs)} ms |`,
    `| all ${STORM_CALLERS.toLocaleString('en-US')} calls settled after | ${fmt(result.totalMs)} ms |`,
    '',
    `Result: ${stormOk ? 'holds' : 'DOES NOT hold'}.`,
    '',
    ...READING,
  ];
  if (result.failedOther.length > 0) lines.push('', 'Other failures (first 3):', ...result.failedOther.slice(0, 3).map((f) => `- ${f}`));
  const markdown = lines.join('\n');
  console.log(markdown);
  writeSection(`${markdown}\n`);
  if (!stormOk) process.exitCode = 1;
}

await main();
