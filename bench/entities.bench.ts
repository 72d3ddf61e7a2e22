// Apollo Federation `_entities` with 100 representations (issue #6): shardgate as a subgraph
// (`"federation": true`) over the demo keyspaces, customer on 2 shards (private tablets), asked for
// 100 customers by primary key, 100 orders by sharding key + primary key and 100 orders by primary
// key alone, each against the same rows read through a plain root field in the same run. SQL
// statements per request from each tablet's Com_select; the issue's bound is one per shard.
// Writes "## Federation _entities".

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDemoData, type CustomerRow, type OrderRow } from '../src/cluster/demoData.js';
import { createSeededRandom } from '../src/util/seededRandom.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { startDemoCluster } from './lib/benchCluster.js';
import { benchOutput } from './lib/benchOutput.js';
import { startChildServer } from './lib/childServer.js';
import { postGraphQL } from './lib/postGraphQL.js';
import { countStatements, describeFailures, figuresOf, interleavedRounds, pairedRatio, type Figures, type StatementCount, type Target } from './lib/rounds.js';
import { fmt, fmtSpread, ms, times, warmupText } from './lib/stats.js';
import { shardgateServerArgs } from './lib/shardgateArgs.js';

const { quick, scale } = benchArgs();
const out = benchOutput();
const log = progress('entities');
const HEADING = '## Federation _entities';
const SHARDS = 2;
const CONNECTIONS = 32;
const ROUNDS = quick ? 1 : 5;
const RUN_S = quick ? 1 : 4;
const WARMUP_S = quick ? 0 : 3;
/** Representations per request (the issue's 100). */
const BATCH = 100;
/** Distinct request bodies per query, each a different random draw of rows. */
const BODIES = quick ? 20 : 200;
const STATEMENT_SAMPLES = quick ? 5 : 20;

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on customer { customer_id name email } ... on corder { order_id customer_id status price } } }';

/** A query of the scenario: how a body asks for a draw of rows, and which key the answer must echo. */
interface Query {
  readonly label: string;
  /** The `_entities` query, or the root-field baseline it is compared with. */
  readonly kind: 'entities' | 'root';
  /** The baseline of an `_entities` query (a key of QUERIES). */
  readonly baseline?: QueryKey;
  readonly rows: 'customers' | 'orders';
  readonly body: (customers: readonly CustomerRow[], orders: readonly OrderRow[]) => unknown;
}

type QueryKey = 'customerEntities' | 'customerRoot' | 'orderEntities' | 'orderPkEntities' | 'orderRoot';

const QUERIES: Readonly<Record<QueryKey, Query>> = {
  customerEntities: {
    label: '`_entities`: 100 `customer` by `customer_id` (the primary and sharding key)',
    kind: 'entities',
    baseline: 'customerRoot',
    rows: 'customers',
    body: (customers) => ({ query: ENTITIES, variables: { r: customers.map((c) => ({ __typename: 'customer', customer_id: String(c[0]) })) } }),
  },
  customerRoot: {
    label: 'baseline: `customer(where: { customer_id: { _in: 100 ids } })`',
    kind: 'root',
    rows: 'customers',
    body: (customers) => ({
      query: 'query ($ids: [BigInt!]!) { customer(where: { customer_id: { _in: $ids } }) { customer_id name email } }',
      variables: { ids: customers.map((c) => String(c[0])) },
    }),
  },
  orderEntities: {
    label: '`_entities`: 100 `corder` by `customer_id order_id` (sharding key + primary key)',
    kind: 'entities',
    baseline: 'orderRoot',
    rows: 'orders',
    body: (_, orders) => ({ query: ENTITIES, variables: { r: orders.map((o) => ({ __typename: 'corder', customer_id: String(o[1]), order_id: String(o[0]) })) } }),
  },
  orderPkEntities: {
    label: '`_entities`: 100 `corder` by `order_id` alone (not the sharding key: scattered)',
    kind: 'entities',
    baseline: 'orderRoot',
    rows: 'orders',
    body: (_, orders) => ({ query: ENTITIES, variables: { r: orders.map((o) => ({ __typename: 'corder', order_id: String(o[0]) })) } }),
  },
  orderRoot: {
    label: 'baseline: `corder(where: { order_id: { _in: 100 ids } })` (scattered)',
    kind: 'root',
    rows: 'orders',
    body: (_, orders) => ({
      query: 'query ($ids: [BigInt!]!) { corder(where: { order_id: { _in: $ids } }) { order_id customer_id status price } }',
      variables: { ids: orders.map((o) => String(o[0])) },
    }),
  },
};
const KEYS = Object.keys(QUERIES) as QueryKey[];
const ENTITY_KEYS = KEYS.filter((k) => QUERIES[k].kind === 'entities');

/** `n` distinct items of `items` in random order (all of them when there are fewer). */
function draw<T>(items: readonly T[], n: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** One check that an answer holds the rows asked for (entities: in request order, none null). */
interface Check {
  readonly query: QueryKey;
  readonly passed: boolean;
  readonly got: string;
}

/** The ids (customer_id or order_id) of the rows a body asks for, in request order. */
function askedIds(key: QueryKey, body: { variables: { r?: Record<string, string>[]; ids?: string[] } }): string[] {
  const idField = QUERIES[key].rows === 'customers' ? 'customer_id' : 'order_id';
  return body.variables.r?.map((r) => r[idField]!) ?? body.variables.ids!;
}

async function check(url: string, key: QueryKey, body: string): Promise<Check> {
  const answer = (await postGraphQL(url, body)) as { data?: Record<string, Record<string, string>[] | null> | null; errors?: unknown };
  if (answer.errors !== undefined || answer.data === undefined || answer.data === null) return { query: key, passed: false, got: `errors: ${JSON.stringify(answer.errors).slice(0, 200)}` };
  const idField = QUERIES[key].rows === 'customers' ? 'customer_id' : 'order_id';
  const rows = Object.values(answer.data)[0] ?? [];
  const want = askedIds(key, JSON.parse(body) as Parameters<typeof askedIds>[1]);
  const got = rows.map((r) => (r === null ? 'null' : r[idField]!));
  // A root field answers in its own order: compare as sets there.
  const same = QUERIES[key].kind === 'entities' ? got.join() === want.join() : [...got].sort().join() === [...want].sort().join();
  return { query: key, passed: same, got: same ? `${rows.length} rows, as asked` : `asked ${want.length}, got ${JSON.stringify(got).slice(0, 200)}` };
}

interface Measured {
  readonly quick: boolean;
  readonly scale: number;
  readonly shards: number;
  readonly figures: Record<string, Figures>;
  readonly statements: Record<string, StatementCount>;
  /** Per `_entities` query: median over rounds of it / its baseline (req/s, p50). */
  readonly ratios: Record<string, { rps: number; p50: number }>;
  readonly checks: readonly Check[];
}

async function measure(): Promise<Measured> {
  const data = generateDemoData(scale);
  const random = createSeededRandom(6);
  const draws = Array.from({ length: BODIES }, () => ({ customers: draw(data.customers, BATCH, random), orders: draw(data.orders, BATCH, random) }));
  const bodies = (key: QueryKey): string[] => draws.map((d) => JSON.stringify(QUERIES[key].body(d.customers, d.orders)));

  const demo = await startDemoCluster({ customerShards: SHARDS, scale, log });
  const config = JSON.parse(await readFile(demo.configPath, 'utf8')) as Record<string, unknown>;
  // Beside the generated config, so that its relative VSchema paths still resolve.
  const federatedConfig = path.join(path.dirname(demo.configPath), 'shardgate.federation.json');
  await writeFile(federatedConfig, JSON.stringify({ ...config, federation: true }, null, 2));
  try {
    const server = await startChildServer({
      name: 'shardgate',
      command: process.execPath,
      args: shardgateServerArgs(federatedConfig),
      env: { NODE_ENV: 'production' },
    });
    try {
      const checks: Check[] = [];
      for (const key of KEYS) {
        const all = bodies(key);
        for (const body of [all[0]!, all[all.length - 1]!]) checks.push(await check(server.url, key, body));
      }
      const targets: Target[] = KEYS.map((key) => ({ key, url: server.url, pid: server.pid, bodies: bodies(key), tablets: demo.tablets }));
      const statements: Record<string, StatementCount> = {};
      for (const target of targets) statements[target.key] = (await countStatements(target, STATEMENT_SAMPLES, log))!;
      log(`${ROUNDS} interleaved rounds of ${RUN_S} s, ${CONNECTIONS} connections…`);
      const runs = await interleavedRounds(targets, { rounds: ROUNDS, durationS: RUN_S, warmupS: WARMUP_S, connections: CONNECTIONS }, log);
      const figures = Object.fromEntries([...runs].map(([key, r]) => [key, figuresOf(r)]));
      const ratios: Record<string, { rps: number; p50: number }> = {};
      for (const key of ENTITY_KEYS) {
        const a = runs.get(key)!;
        const b = runs.get(QUERIES[key].baseline!)!;
        ratios[key] = { rps: pairedRatio(a, b), p50: pairedRatio(a, b, (x) => x.p50Ms) };
      }
      return { quick, scale, shards: SHARDS, figures, statements, ratios, checks };
    } finally {
      await server.stop();
    }
  } finally {
    await demo.stop();
  }
}

function render(m: Measured): string {
  const perRequest = (key: QueryKey): number => m.statements[key]!.perRequest;
  const cpu = (key: QueryKey): number => m.figures[key]!.serverCpuUs.median;
  const withinBound = (key: QueryKey): boolean => perRequest(key) <= m.shards;
  const row = (key: QueryKey): string => {
    const f = m.figures[key]!;
    const count = m.statements[key]!;
    const tablets = Object.entries(count.byTablet)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([alias, n]) => `${alias.replace('/primary', '')} ${n.toFixed(1)}`)
      .join(', ');
    const vs = QUERIES[key].kind === 'entities' ? times(m.ratios[key]!.rps) : '';
    const bound = QUERIES[key].kind === 'entities' ? (withinBound(key) ? 'yes' : '**no**') : '';
    return `| ${QUERIES[key].label} | ${fmtSpread(f.rps)} | ${vs} | ${ms(f.p50Ms.median)} / ${ms(f.p99Ms.median)} | ${perRequest(key).toFixed(1)} (${tablets || 'none'}) | ${bound} | ${fmt(f.serverCpuUs.median)} | ${f.failed} |`;
  };
  const failedChecks = m.checks.filter((c) => !c.passed);
  const failed = describeFailures(m.figures);
  const over = ENTITY_KEYS.filter((k) => !withinBound(k));
  const ratioRange = ENTITY_KEYS.map((k) => m.ratios[k]!.rps);
  const reading = [
    over.length === 0
      ? `- Every \`_entities\` batch of ${BATCH} representations stayed within the issue's bound of one statement per shard (${m.shards} customer shards):`
      : `- **Over the bound** of one statement per shard (${m.shards}): ${over.map((k) => `${QUERIES[k].label} (${perRequest(k).toFixed(1)})`).join('; ')}. The others:`,
    `  ${ENTITY_KEYS.map((k) => `${perRequest(k).toFixed(1)} for ${k === 'customerEntities' ? 'customers by primary key' : k === 'orderEntities' ? 'orders by sharding key + primary key' : 'orders by primary key alone'}`).join(', ')}`,
    '  SELECTs per request. Representations carrying the sharding key are routed with the vindex, each shard asked only for',
    '  its own keys; a key without it (`order_id` alone) is one scattered `IN` per shard for the whole batch, never one per entity.',
    `- Throughput against the same rows read through a root field in the same run: ${ENTITY_KEYS.map((k) => `${times(m.ratios[k]!.rps)} (${k})`).join(', ')}.`,
    ...(Math.min(...ratioRange) >= 0.8
      ? ['  Resolving representations (validating each, choosing its key, answering in request order) costs little next to the read itself.']
      : [
          `  The statements are the same as the baseline's, so the difference is spent in shardgate's process: server CPU per request`,
          `  ${ENTITY_KEYS.map((k) => `${fmt(cpu(k))} µs (${k}) against ${fmt(cpu(QUERIES[k].baseline!))} µs (${QUERIES[k].baseline!})`).join(', ')}: validating and coercing the`,
          `  ${BATCH} representations, loading each through a DataLoader, resolving the \`_Entity\` union per item and answering in request order.`,
        ]),
    '- All of this shares 2 cores with the three MariaDB tablets and the load generator; the statement counts are the steadier figure.',
  ];
  return [
    `${HEADING} with ${BATCH} representations (shardgate as an Apollo Federation subgraph, ${m.shards} customer shards)`,
    '',
    `Command: \`npm run bench -- entities${m.quick ? ' --quick' : ''}\` (\`bench/entities.bench.ts\`), scale ${m.scale} (${fmt(10_000 * m.scale)} customers).`,
    `shardgate (bench/peers/shardgateServer.ts, shipped defaults, \`"federation": true\`) over the demo keyspaces on private tablets (customer -80, 80-,`,
    `commerce unsharded). Each request asks for ${BATCH} rows drawn at random (seeded; ${BODIES} different draws per query) by \`_entities\` as a`,
    'router sends it (`query ($r: [_Any!]!) { _entities(representations: $r) { … on customer { … } … on corder { … } } }`), or',
    `for the same rows through the root field it is compared with. ${ROUNDS} interleaved round(s) of ${RUN_S} s per query ${warmupText(WARMUP_S)},`,
    `${CONNECTIONS} connections. SELECTs per request: each tablet's \`Com_select\` before and after ${STATEMENT_SAMPLES} requests sent one at a time.`,
    '',
    '| query | req/s median (min–max) | / baseline, req/s | p50 / p99 | SELECTs per request (by tablet) | ≤ 1 per shard | server CPU µs/request | failed |',
    '|---|---:|---:|---:|---|---|---:|---:|',
    ...KEYS.map(row),
    '',
    ...(failed.length === 0 ? ['Every request of every run answered with data and no errors.'] : ['Failed requests:', '', ...failed]),
    '',
    `Answer checks (the first and last draw of each query: every row asked for, \`_entities\` in request order, none null): ${m.checks.length - failedChecks.length} of ${m.checks.length} passed${failedChecks.length === 0 ? '.' : `; **failed**: ${failedChecks.map((c) => `${c.query}: ${c.got}`).join('; ')}.`}`,
    '',
    'Reading:',
    '',
    ...reading,
  ].join('\n');
}

const measured = await measure();
await out.publish(HEADING, 'entities', render(measured), measured);
