// Issue #6 relationships, in process (GraphQL execution without HTTP): `customer(limit: 50) {
// corders }` (2 levels) and `… { corders { product } }` (3 levels) on shardgate (demo keyspaces,
// customer on 2 shards of the MariaDB at SHARDGATE_TEST_MYSQL_URL) against hand-written graphql-js
// resolvers over an unsharded copy of the same rows: one with DataLoader (one IN per level) and a
// naive one (one SELECT per parent row), all measured in the same run, interleaved. Statements
// per request are counted. Writes "## Relationships (issue #6)".
// Run: flock /tmp/sg-bench.lock node --import tsx bench/relationships.bench.ts [--quick] [--scale N]

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import DataLoader from 'dataloader';
import { execute, GraphQLScalarType, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createSchema } from 'graphql-yoga';
import mysql from 'mysql2/promise';
import { upCluster } from '../src/cluster/upCluster.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { createApi, type Api } from '../src/server/createApi.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { benchOutput } from './lib/benchOutput.js';
import { fmt, median, times } from './lib/stats.js';

const { quick, scale } = benchArgs();
const out = benchOutput();
const log = progress('relationships');
const HEADING = '## Relationships (issue #6)';
const SERVER = process.env.SHARDGATE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const CONCURRENCY = 8;
const ROUNDS = quick ? 1 : 3;
const SECONDS = quick ? 0.5 : 3;

const QUERIES = {
  '2 levels': '{ customer(limit: 50, order_by: [{ customer_id: asc }]) { customer_id name corders { order_id price status } } }',
  '3 levels': '{ customer(limit: 50, order_by: [{ customer_id: asc }]) { customer_id name corders { order_id price status product { sku description } } } }',
} as const;
type QueryName = keyof typeof QUERIES;

/** One way of answering the queries: runs a parsed query and returns its data and the statements it sent. */
interface Target {
  readonly name: string;
  run(document: DocumentNode): Promise<{ data: unknown; statements: number }>;
}

function shardgateTarget(api: Api, name: string, batching: boolean): Target {
  return {
    name,
    async run(document) {
      const ctx = api.runtime.createRequestContext({ batching });
      const result = await execute({ schema: api.schema, document, contextValue: api.contextValue(ctx) });
      if (result.errors !== undefined) throw new Error(`${name}: ${result.errors[0]!.message}`);
      return { data: result.data, statements: Object.values(ctx.statementsPerShard()).reduce((a, b) => a + b, 0) };
    },
  };
}

const text = (name: string): GraphQLScalarType => new GraphQLScalarType({ name, serialize: (value) => String(value) });

/** Hand-written resolvers over the unsharded copy: with DataLoader (one IN per level) or naive (one SELECT per parent). */
function handWritten(pool: mysql.Pool, commerce: string, withLoader: boolean): Target {
  let statements = 0;
  const rows = async (sql: string, values: unknown[]): Promise<Record<string, unknown>[]> => {
    statements++;
    const [result] = await pool.query(sql, values);
    return result as Record<string, unknown>[];
  };
  type Loaders = { orders: DataLoader<string, Record<string, unknown>[]>; products: DataLoader<string, Record<string, unknown> | null> };
  const schema: GraphQLSchema = createSchema<Loaders>({
    typeDefs: /* GraphQL */ `
      scalar BigInt
      scalar Decimal
      enum order_by { asc desc }
      input customer_order_by { customer_id: order_by }
      type product { sku: String! description: String! }
      type corder { order_id: BigInt! price: Decimal! status: String! product: product }
      type customer { customer_id: BigInt! name: String! corders: [corder!]! }
      type Query { customer(limit: Int, order_by: [customer_order_by!]): [customer!]! }
    `,
    resolvers: {
      BigInt: text('BigInt'),
      Decimal: text('Decimal'),
      Query: { customer: (_root: unknown, args: { limit?: number }) => rows('SELECT customer_id, name FROM customer ORDER BY customer_id LIMIT ?', [args.limit ?? 10000]) },
      customer: {
        corders: (c: { customer_id: string }, _args: unknown, ctx: Loaders) =>
          withLoader ? ctx.orders.load(c.customer_id) : rows('SELECT order_id, customer_id, price, status, sku FROM corder WHERE customer_id = ? ORDER BY order_id', [c.customer_id]),
      },
      corder: {
        product: async (o: { sku: string }, _args: unknown, ctx: Loaders) =>
          withLoader ? ctx.products.load(o.sku) : ((await rows(`SELECT sku, description FROM \`${commerce}\`.product WHERE sku = ?`, [o.sku]))[0] ?? null),
      },
    },
  });
  return {
    name: withLoader ? 'graphql-js + DataLoader, unsharded copy' : 'naive (one SELECT per parent), unsharded copy',
    async run(document) {
      statements = 0;
      const contextValue: Loaders = {
        orders: new DataLoader(async (ids) => {
          const found = await rows('SELECT order_id, customer_id, price, status, sku FROM corder WHERE customer_id IN (?) ORDER BY order_id', [ids]);
          const byCustomer = new Map<string, Record<string, unknown>[]>(ids.map((id) => [id, []]));
          for (const r of found) byCustomer.get(String(r.customer_id))?.push(r);
          return ids.map((id) => byCustomer.get(id)!);
        }),
        products: new DataLoader(async (skus) => {
          const found = await rows(`SELECT sku, description FROM \`${commerce}\`.product WHERE sku IN (?)`, [skus]);
          const bySku = new Map(found.map((r) => [String(r.sku), r]));
          return skus.map((sku) => bySku.get(sku) ?? null);
        }),
      };
      const result = await execute({ schema, document, contextValue });
      if (result.errors !== undefined) throw new Error(`hand-written: ${result.errors[0]!.message}`);
      return { data: result.data, statements };
    },
  };
}

/**
 * Successful requests per second of `target` on `document` (CONCURRENCY closed loops for SECONDS),
 * and how many failed (a naive target can exhaust the pools: that is counted, not fatal).
 */
async function throughput(target: Target, document: DocumentNode): Promise<{ rate: number; failed: number }> {
  let done = 0;
  let failed = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        try {
          await target.run(document);
          done++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { rate: done / ((performance.now() - start) / 1000), failed };
}

const dir = await mkdtemp(path.join(tmpdir(), 'sg-bench-rel-'));
const prefix = `sgb_${randomBytes(4).toString('hex')}_`;
const admin = await mysql.createConnection({ uri: SERVER });
let api: Api | undefined;
let pool: mysql.Pool | undefined;
try {
  log(`demo at scale ${scale} on ${SERVER} (${prefix})`);
  const up = await upCluster({ dir, server: SERVER, databasePrefix: prefix, scale });
  const copy = `${prefix}customer_all`;
  await admin.query(`CREATE DATABASE \`${copy}\``);
  for (const t of ['customer', 'corder']) {
    await admin.query(`CREATE TABLE \`${copy}\`.\`${t}\` LIKE \`${prefix}customer_x80\`.\`${t}\``);
    await admin.query(`INSERT INTO \`${copy}\`.\`${t}\` SELECT * FROM \`${prefix}customer_x80\`.\`${t}\` UNION ALL SELECT * FROM \`${prefix}customer_80x\`.\`${t}\``);
  }
  api = await createApi(await loadConfig(up.configPath));
  pool = mysql.createPool({ uri: `${SERVER}/${copy}`, connectionLimit: 16, supportBigNumbers: true, bigNumberStrings: true });
  const targets = [shardgateTarget(api, 'shardgate, batched', true), shardgateTarget(api, 'shardgate, batching off', false), handWritten(pool, `${prefix}commerce`, true), handWritten(pool, `${prefix}commerce`, false)];

  const results: Record<string, Record<string, { rates: number[]; failed: number; statements: number }>> = {};
  for (const [name, text_] of Object.entries(QUERIES) as [QueryName, string][]) {
    const document = parse(text_);
    const answers = await Promise.all(targets.map((t) => t.run(document)));
    const reference = JSON.stringify(answers[0]!.data);
    answers.forEach((a, i) => {
      if (JSON.stringify(a.data) !== reference) throw new Error(`${targets[i]!.name} answers ${name} differently from shardgate`);
    });
    results[name] = Object.fromEntries(targets.map((t, i) => [t.name, { rates: [] as number[], failed: 0, statements: answers[i]!.statements }]));
    for (const t of targets) await throughput(t, document); // warm-up, every target
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const measured = await throughput(t, document);
        const entry = results[name]![t.name]!;
        entry.rates.push(measured.rate);
        entry.failed += measured.failed;
        log(`${name} round ${round + 1}: ${t.name} ${fmt(measured.rate)} req/s, ${measured.failed} failed`);
      }
    }
  }

  const shards = 3; // customer -80, 80-, commerce 0
  const lines: string[] = [
    HEADING,
    '',
    `In process (graphql-js execution, no HTTP), ${CONCURRENCY} concurrent requests, ${ROUNDS} interleaved round(s) of ${SECONDS} s per target after one warm-up, median req/s; demo data at scale ${scale} (${Math.round(10_000 * scale)} customers) on the MariaDB at \`${SERVER.replace(/\/\/[^@]*@/, '//')}\`. Command: \`flock /tmp/sg-bench.lock node --import tsx bench/relationships.bench.ts${quick ? ' --quick' : ''} --scale ${scale}\`.`,
    '',
    '| query | target | req/s | failed requests | statements per request | vs naive | vs DataLoader |',
    '|---|---|---|---|---|---|---|',
  ];
  const reading: string[] = [];
  for (const name of Object.keys(QUERIES) as QueryName[]) {
    const r = results[name]!;
    const rate = (target: string): number => median(r[target]!.rates);
    const naive = rate(targets[3]!.name);
    const loader = rate(targets[2]!.name);
    for (const t of targets) lines.push(`| ${name} | ${t.name} | ${fmt(rate(t.name))} | ${r[t.name]!.failed} | ${r[t.name]!.statements} | ${times(rate(t.name) / naive)} | ${times(rate(t.name) / loader)} |`);
    const levels = name === '2 levels' ? 2 : 3;
    const ours = rate(targets[0]!.name);
    const statements = r[targets[0]!.name]!.statements;
    reading.push(
      `${name}: shardgate sends ${statements} statements per request (bound: ${levels} levels × ${shards} shards = ${levels * shards}; ${statements <= levels * shards ? 'met' : 'NOT met'}), ` +
        `${times(ours / naive)} the naive resolver's throughput (target 2.5×: ${ours / naive >= 2.5 ? 'met' : 'NOT met'}) and ${times(ours / loader)} the hand-written DataLoader one over one unsharded database (target 0.8×: ${ours / loader >= 0.8 ? 'met' : 'NOT met'}).`,
    );
  }
  lines.push('', `Reading: ${reading.join(' ')} Batching off is shardgate's own one-statement-per-parent mode (the same data). The hand-written peers read one database and build no plans, so the DataLoader ratio is the price of routing, planning and merging across shards${quick ? '; a quick run is a smoke test, not a measurement' : ''}.`, '');
  await out.writeSection(HEADING, lines.join('\n'));
  await out.writeFigures('relationships', results);
  log(`wrote ${out.resultsMd}`);
} finally {
  await api?.close();
  await pool?.end();
  const [dbs] = await admin.query('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [`${prefix}%`]);
  for (const { name } of dbs as { name: string }[]) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
}
