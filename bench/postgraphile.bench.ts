// Scenario 3 of issue #8: shardgate (demo keyspaces, customer on 2 shards, private MariaDB
// tablets) against PostGraphile 4.14 on PostgreSQL (the local server, database
// shardgate_bench_s<scale>) loaded with the same rows: by-pk, a 20-row list after an id, and,
// once shardgate has relationship fields (issue #6), the nested lists of 2 and 3 levels.
// Answers are compared field by field before measuring; throughput, latency and CPU in
// interleaved rounds, ratios shardgate / PostGraphile per round. Writes "## Scenario 3".

import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadPostgres } from './data/loadPostgres.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { startDemoCluster } from './lib/benchCluster.js';
import { benchOutput } from './lib/benchOutput.js';
import { startChildServer, type ChildServer } from './lib/childServer.js';
import { hasRelationships, postGraphQL } from './lib/postGraphQL.js';
import { countStatements, describeFailures, figuresOf, interleavedRounds, pairedRatio, type Figures, type StatementCount, type Target } from './lib/rounds.js';
import { fmt, fmtSpread, ms, times, warmupText } from './lib/stats.js';
import { shardgateServerArgs } from './lib/shardgateArgs.js';

const { quick, scale } = benchArgs();
const out = benchOutput();
const log = progress('postgraphile');
const HEADING = '## Scenario 3';
const CONNECTIONS = 32;
const ROUNDS = quick ? 1 : 5;
const RUN_S = quick ? 1 : 4;
const WARMUP_S = quick ? 0 : 3;
/** Requests sent one at a time to count SELECTs per request. */
const STATEMENT_SAMPLES = quick ? 5 : 20;
const PEER_DIR = path.join(import.meta.dirname, 'peers', 'postgraphile');

/** The operations, as shardgate and as PostGraphile spell them. `$id`: the id the list starts after (by-pk: the id). */
const OPERATIONS = {
  byPk: {
    label: 'by primary key',
    shardgate: 'query ($id: BigInt!) { customer_by_pk(customer_id: $id) { customer_id email name created_at } }',
    postgraphile: 'query ($id: BigInt!) { customerByCustomerId(customerId: $id) { customerId email name createdAt } }',
  },
  list: {
    label: 'list of 20 after an id',
    shardgate: 'query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { customer_id: asc }, limit: 20) { customer_id email name created_at } }',
    postgraphile: 'query ($after: Cursor) { allCustomers(orderBy: CUSTOMER_ID_ASC, first: 20, after: $after) { nodes { customerId email name createdAt } } }',
  },
  nested2: {
    label: 'nested, 2 levels: 50 customers and their orders',
    shardgate: 'query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { customer_id: asc }, limit: 50) { customer_id name corders { order_id price status } } }',
    postgraphile:
      'query ($after: Cursor) { allCustomers(orderBy: CUSTOMER_ID_ASC, first: 50, after: $after) { nodes { customerId name cordersByCustomerId { nodes { orderId price status } } } } }',
  },
  nested3: {
    label: 'nested, 3 levels: 50 customers, their orders, each order\'s product',
    shardgate: 'query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { customer_id: asc }, limit: 50) { customer_id name corders { order_id price product { sku description } } } }',
    postgraphile:
      'query ($after: Cursor) { allCustomers(orderBy: CUSTOMER_ID_ASC, first: 50, after: $after) { nodes { customerId name cordersByCustomerId { nodes { orderId price productBySku { sku description } } } } } }',
  },
} as const;
type Operation = keyof typeof OPERATIONS;

/** PostGraphile 4's cursor for "after the row with this customer_id" in CUSTOMER_ID_ASC order (base64 JSON, as it prints them). */
function cursorAfter(id: number): string {
  return Buffer.from(JSON.stringify(['customer_id_asc', [id]])).toString('base64');
}

function bodies(operation: Operation, side: 'shardgate' | 'postgraphile', customers: number): string[] {
  const n = Math.min(customers, 2_000);
  const ids = Array.from({ length: n }, (_, i) => (operation === 'byPk' ? i + 1 : i));
  const query = OPERATIONS[operation][side];
  return ids.map((id) => {
    if (side === 'shardgate' || operation === 'byPk') return JSON.stringify({ query, variables: { id: String(id) } });
    return JSON.stringify({ query, variables: { after: id === 0 ? null : cursorAfter(id) } });
  });
}

const SNAKE_NAMES: Record<string, string> = { customerByCustomerId: 'customer_by_pk', allCustomers: 'customer', cordersByCustomerId: 'corders', productBySku: 'product' };

/** PostGraphile's answer in shardgate's shape: snake_case names, connections unwrapped, orders sorted by id. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    const byOrder = (x: unknown): number => Number((x as { order_id?: string }).order_id ?? 0);
    return items.every((x) => typeof x === 'object' && x !== null && 'order_id' in x) ? [...items].sort((a, b) => byOrder(a) - byOrder(b)) : items;
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === 'nodes') return normalise(entries[0]![1]);
  return Object.fromEntries(entries.map(([k, v]) => [SNAKE_NAMES[k] ?? k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), normalise(v)]));
}

async function checkAnswers(shardgate: ChildServer, postgraphile: ChildServer, operations: readonly Operation[], customers: number): Promise<void> {
  for (const operation of operations) {
    const sg = bodies(operation, 'shardgate', customers);
    const pg = bodies(operation, 'postgraphile', customers);
    for (const i of [0, Math.floor(sg.length / 2), sg.length - 1]) {
      const [a, b] = await Promise.all([postGraphQL(shardgate.url, sg[i]!), postGraphQL(postgraphile.url, pg[i]!)]);
      if (a.errors !== undefined || b.errors !== undefined) throw new Error(`${operation} request ${i} failed: ${JSON.stringify(a.errors ?? b.errors).slice(0, 300)}`);
      const left = JSON.stringify(normalise(a.data));
      const right = JSON.stringify(normalise(b.data));
      if (left !== right) throw new Error(`shardgate and PostGraphile disagree on ${operation} request ${i}:\n${left.slice(0, 400)}\n${right.slice(0, 400)}`);
    }
  }
}

interface Measured {
  readonly quick: boolean;
  readonly scale: number;
  readonly customers: number;
  readonly operations: readonly Operation[];
  readonly relationships: boolean;
  readonly versions: { readonly postgraphile: string; readonly graphql: string; readonly pg: string; readonly postgres: string };
  readonly figures: Record<string, Figures>;
  /** shardgate's SELECTs per request by operation, from Com_select over requests sent one at a time. */
  readonly statements: Record<string, StatementCount>;
  /** Per operation: median over rounds of shardgate / PostGraphile (req/s, p50, server CPU). */
  readonly ratios: Record<string, { rps: number; p50: number; cpu: number }>;
}

async function peerVersion(pkg: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return (JSON.parse(await readFile(path.join(PEER_DIR, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

async function measure(): Promise<Measured> {
  if (!existsSync(path.join(PEER_DIR, 'node_modules', 'postgraphile'))) throw new Error(`PostGraphile is not installed: run \`npm ci\` in ${PEER_DIR} (bench/run.ts does)`);
  const pgUrl = await loadPostgres(scale, log);
  const cluster = await startDemoCluster({ customerShards: 2, scale, log });
  const servers: ChildServer[] = [];
  try {
    const shardgate = await startChildServer({
      name: 'shardgate',
      command: process.execPath,
      args: shardgateServerArgs(cluster.configPath),
      env: { NODE_ENV: 'production' },
    });
    servers.push(shardgate);
    const postgraphile = await startChildServer({
      name: 'PostGraphile',
      command: process.execPath,
      args: ['--import', 'tsx', path.join(import.meta.dirname, 'peers', 'postgraphileServer.ts'), pgUrl],
      env: { NODE_ENV: 'production' },
    });
    servers.push(postgraphile);
    const relationships = await hasRelationships(shardgate.url);
    const operations: Operation[] = relationships ? ['byPk', 'list', 'nested2', 'nested3'] : ['byPk', 'list'];
    if (!relationships) log('shardgate has no relationship fields yet (issue #6): nested operations skipped');
    const customers = Math.round(10_000 * scale);
    await checkAnswers(shardgate, postgraphile, operations, customers);
    const customerTablets = cluster.tablets;
    const targets: Target[] = operations.flatMap((operation) => [
      { key: `shardgate:${operation}`, url: shardgate.url, pid: shardgate.pid, bodies: bodies(operation, 'shardgate', customers), tablets: customerTablets },
      { key: `postgraphile:${operation}`, url: postgraphile.url, pid: postgraphile.pid, bodies: bodies(operation, 'postgraphile', customers), tablets: [] },
    ]);
    const statements: Record<string, StatementCount> = {};
    for (const target of targets) {
      const count = await countStatements(target, STATEMENT_SAMPLES, log);
      if (count !== null) statements[target.key.split(':')[1]!] = count;
    }
    log(`${ROUNDS} interleaved rounds of ${RUN_S} s, ${CONNECTIONS} connections…`);
    const runs = await interleavedRounds(targets, { rounds: ROUNDS, durationS: RUN_S, warmupS: WARMUP_S, connections: CONNECTIONS }, log);
    const figures = Object.fromEntries([...runs].map(([key, r]) => [key, figuresOf(r)]));
    const ratios = Object.fromEntries(
      operations.map((op) => {
        const a = runs.get(`shardgate:${op}`)!;
        const b = runs.get(`postgraphile:${op}`)!;
        return [op, { rps: pairedRatio(a, b), p50: pairedRatio(a, b, (x) => x.p50Ms), cpu: pairedRatio(a, b, (x) => x.serverCpuUs) }];
      }),
    );
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    const postgres = (await client.query<{ v: string }>('SHOW server_version')).rows[0]!.v;
    await client.end();
    const versions = { postgraphile: await peerVersion('postgraphile'), graphql: await peerVersion('graphql'), pg: await peerVersion('pg'), postgres };
    return { quick, scale, customers, operations, relationships, versions, figures, statements, ratios };
  } finally {
    for (const s of servers) await s.stop();
    await cluster.stop();
  }
}

function render(m: Measured): string {
  const row = (op: Operation, side: 'shardgate' | 'postgraphile'): string => {
    const f = m.figures[`${side}:${op}`]!;
    const count = m.statements[op];
    const statements = side === 'shardgate' && count !== undefined ? `${count.perRequest.toFixed(2)} (${Object.entries(count.byTablet).map(([a, n]) => `${a.replace('/primary', '')} ${n.toFixed(2)}`).join(', ')})` : 'not counted';
    return `| ${OPERATIONS[op].label} | ${side === 'shardgate' ? 'shardgate' : 'PostGraphile'} | ${fmtSpread(f.rps)} | ${ms(f.p50Ms.median)} / ${ms(f.p99Ms.median)} | ${fmt(f.serverCpuUs.median)} | ${statements} | ${f.failed} |`;
  };
  const ratioRow = (op: Operation): string => {
    const r = m.ratios[op]!;
    return `| ${OPERATIONS[op].label} | ${times(r.rps)} | ${times(r.p50)} | ${times(r.cpu)} |`;
  };
  const wins = m.operations.filter((op) => m.ratios[op]!.rps >= 1);
  const losses = m.operations.filter((op) => m.ratios[op]!.rps < 1);
  return [
    `${HEADING}: shardgate vs PostGraphile ${m.versions.postgraphile} on PostgreSQL`,
    '',
    'Command:',
    '',
    '```',
    `npm run bench -- postgraphile${m.quick ? ' --quick' : ''}      # node --import tsx bench/postgraphile.bench.ts`,
    '```',
    '',
    `PostGraphile ${m.versions.postgraphile} (graphql ${m.versions.graphql}, pg ${m.versions.pg}; its own install in bench/peers/postgraphile/ because PostGraphile 4`,
    'needs graphql 15 and shardgate uses 16) on node:http, schema `public`, default options (its pg pool: 10 connections) but for',
    `\`disableQueryLog\` and \`disableDefaultMutations\`, over PostgreSQL ${m.versions.postgres} on 127.0.0.1:5432 (database shardgate_bench_s${String(m.scale).replace('.', '_')}, the same rows as the demo:`,
    `scale ${m.scale}, ${fmt(m.customers)} customers, tables and foreign keys as in schema/, loaded by bench/data/loadPostgres.ts). PostGraphile 5 needs Node 22`,
    '(on Node 20 it fails without a `Promise.withResolvers` polyfill), so the Node 20 toolchain of this project runs 4.14.',
    'shardgate: the demo keyspaces, customer on 2 shards, on private MariaDB tablets (src/cluster), shipped defaults. Both with',
    `NODE_ENV=production, each in its own process; ${ROUNDS} interleaved round(s) of ${RUN_S} s per server and operation ${warmupText(WARMUP_S)},`,
    `${CONNECTIONS} connections; each request starts at another id (PostGraphile: the cursor after that id). The answers of both were`,
    'compared field by field (names mapped, orders sorted by id) before measuring. shardgate\'s SELECTs per request come from its',
    `tablets' \`Com_select\` over ${STATEMENT_SAMPLES} requests sent one at a time; PostGraphile compiles each root field into one SQL statement by`,
    'design (not counted here).',
    'Server CPU per request: the server process\'s user + system time (/proc) from the start of a run until it is idle again (its',
    'backlog of cut-off requests included), over the requests sent; the next run starts only once the server is idle.',
    ...(m.relationships ? [] : ['', '**Nested operations not measured**: shardgate had no relationship fields (issue #6) when this ran.']),
    '',
    '| operation | server | req/s median (min–max) | p50 / p99 | server CPU µs/request | SELECTs per request (by tablet) | failed |',
    '|---|---|---:|---:|---:|---|---:|',
    ...m.operations.flatMap((op) => [row(op, 'shardgate'), row(op, 'postgraphile')]),
    '',
    ...(describeFailures(m.figures).length === 0 ? ['Every request of every run answered with data and no errors.'] : ['Failed requests:', '', ...describeFailures(m.figures)]),
    '',
    '| operation | shardgate / PostGraphile req/s | p50 ratio | server CPU ratio |',
    '|---|---:|---:|---:|',
    ...m.operations.map(ratioRow),
    '',
    'Reading:',
    '',
    `- shardgate ${wins.length === 0 ? 'is slower than PostGraphile on every operation measured' : `is faster on ${wins.map((op) => OPERATIONS[op].label).join(', ')}`}${losses.length > 0 && wins.length > 0 ? ` and slower on ${losses.map((op) => OPERATIONS[op].label).join(', ')}` : ''} in this run.`,
    '- The two do not do the same work: PostGraphile compiles a whole query, nested levels included, into one SQL statement for one',
    '  PostgreSQL server (json_build_object and lateral subqueries); shardgate routes by vindex, runs one statement per shard per',
    '  level and merges in Node, because a sharded cluster cannot join across shards. On one machine with the data on one',
    '  server the single-statement plan has less to do; what shardgate buys with its extra work is that the same API keeps',
    '  working when the rows live on many servers.',
    '- The list and nested operations are scatters on shardgate (both customer shards asked); by-pk goes to one shard.',
    '- Server CPU counts the GraphQL server\'s process only. PostGraphile has PostgreSQL build the JSON of the answer, so part of',
    '  its work is in the database\'s CPU, which this column leaves out; shardgate builds its answers in Node.',
    '- MariaDB and PostgreSQL differ in their own per-statement cost, which is part of each figure here and cannot be separated.',
  ].join('\n');
}

const measured = await measure();
await out.publish(HEADING, 'postgraphile', render(measured), measured);
