// Differential tests of per-group paging (QueryRequest.partition) and grouped aggregates
// (QueryRequest.groupBy) against real MariaDB: one generated `corder` table stored unsharded,
// sharded by hash(customer_id) (groups by customer live on one shard) and sharded by hash(id)
// (every group spans both shards), two shards each; generated and hand-written requests must
// return on both sharded layouts, also with routing forced to scatter, what the unsharded copy
// returns. The data has NULLs in group and order columns, ties, an ENUM whose member order is
// not its text order, case/accent/trailing-space variants in text keys, and customers without
// orders. Databases are created with a unique prefix and dropped (test/helpers/mariadb.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parseConfig.js';
import { describeExecution, createExecutionLog } from '../../src/engine/executionObserver.js';
import { executePlan, type ExecutionResult } from '../../src/engine/executePlan.js';
import { createShardExecutor, type MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import { resolveDestination } from '../../src/sharding/key/resolveDestination.js';
import { describePlan } from '../../src/sharding/plan/describePlan.js';
import { planQuery, type PlanningContext } from '../../src/sharding/planner/planQuery.js';
import type { AggregateRequest, OrderBy, Predicate, QueryRequest } from '../../src/sharding/planner/queryRequest.js';
import { createVindex } from '../../src/sharding/vindexes/registry.js';
import { buildTopology } from '../../src/topology/buildTopology.js';
import { findKeyspace, shardRanges, type Topology } from '../../src/topology/topology.js';
import { createSeededRandom } from '../../src/util/seededRandom.js';
import { sqlInt64, sqlValueToString, type SqlValue } from '../../src/util/sqlValue.js';
import { introspectedPlanning } from '../helpers/introspectedPlanning.js';
import { createTestDatabases, runInDatabase, type TestDatabases } from '../helpers/mariadb.js';

const random = createSeededRandom(6062024);
const chance = (p: number): boolean => random() < p;
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pickSome = <T>(items: readonly T[], n: number): T[] => {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
};

// ---- The dataset ----

type Column = 'id' | 'customer_id' | 'grp' | 'sku' | 'status' | 'price' | 'qty' | 'note';
type Kind = 'int' | 'dec' | 'text' | 'enum';
const KINDS: Readonly<Record<Column, Kind>> = { id: 'int', customer_id: 'int', grp: 'int', sku: 'text', status: 'enum', price: 'dec', qty: 'int', note: 'text' };
const COLUMNS = Object.keys(KINDS) as Column[];
const TEXT: readonly Column[] = ['sku', 'note'];

// Member order differs from text order: ORDER BY and PARTITION BY use the member number.
const STATUSES = ['zeta', 'alpha', 'mid', 'Beta'];
// utf8mb4_general_ci: case variants, 'ß' = 's', 'é' = 'e', trailing spaces ignored (PAD SPACE).
const SKUS = ['abc', 'ABC', 'abc ', 'Abc', 'b', 'B ', 's', 'ß', 'é', 'e', '', 'z'];
// utf8mb4_unicode_520_ci: 'ß' = 'ss', accents ignored, trailing spaces ignored.
const NOTES = ['note', 'Note ', 'nöte', 'ß', 'ss', 'SS', '😀', 'a', 'A'];
const PRICES = ['1.00', '2.50', '2.50', '10.00', '-3.00', '0.00'];

const CREATE = `CREATE TABLE corder (
  id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  grp INT NULL,
  sku VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
  status ENUM(${STATUSES.map((s) => `'${s}'`).join(', ')}) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
  price DECIMAL(8,2) NULL,
  qty INT NULL,
  note VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NULL,
  KEY (customer_id)
)`;

type OrderRow = Readonly<Record<Column, string | null>>;

/** Customers 1…40: a few with many orders, many with few, some (and 41…45) with none. */
function generateRows(): OrderRow[] {
  const rows: OrderRow[] = [];
  let id = 1;
  for (let customer = 1; customer <= 40; customer++) {
    const n = customer % 7 === 0 ? 0 : customer % 5 === 0 ? int(15, 30) : int(1, 6);
    for (let k = 0; k < n; k++) {
      rows.push({
        id: String(id++ * 3),
        customer_id: String(customer),
        grp: chance(0.2) ? null : String(int(1, 4)),
        sku: chance(0.15) ? null : pick(SKUS),
        status: chance(0.15) ? null : pick(STATUSES),
        price: chance(0.2) ? null : pick(PRICES),
        qty: chance(0.2) ? null : String(int(0, 3)),
        note: chance(0.2) ? null : pick(NOTES),
      });
    }
  }
  return rows;
}

const ROWS = generateRows();
const BY_ID = new Map(ROWS.map((r) => [r.id!, r]));
const CUSTOMERS = Array.from({ length: 45 }, (_, k) => k + 1);

// ---- Layouts: unsharded reference; sharded by customer_id; sharded by id ----

const LAYOUTS = { plain: ['0'], bycust: ['-80', '80-'], byid: ['-80', '80-'] } as const;
type LayoutName = keyof typeof LAYOUTS;
const SHARD_KEY: Readonly<Record<'bycust' | 'byid', Column>> = { bycust: 'customer_id', byid: 'id' };
const dbName = (ks: string, shard: string): string => `${ks}_${shard.replace(/-/g, 'x')}`;

function vschemas(): Record<string, unknown> {
  const sharded = (column: Column): unknown => ({ sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { corder: { column_vindexes: [{ column, name: 'hash' }] } } });
  return { plain: { sharded: false, tables: { corder: {} } }, bycust: sharded('customer_id'), byid: sharded('id') };
}

const allShards = (): [LayoutName, string][] => (Object.keys(LAYOUTS) as LayoutName[]).flatMap((ks) => LAYOUTS[ks].map((s): [LayoutName, string] => [ks, s]));

// ---- Comparing ----

/** Weight strings (hex, padded AS CHAR so PAD SPACE ties tie) of every text value, by column. */
const weights = new Map<Column, Map<string, string>>();

/** A stored value as its collation sees it: text by weight string, ENUM by member, NULL apart. */
function collatedText(column: Column, v: string | null): string {
  if (v === null) return 'NULL';
  if (KINDS[column] === 'text') return `W:${weights.get(column)!.get(v)!}`;
  if (KINDS[column] === 'dec') return `D:${Number(v)}`;
  return `V:${v}`;
}

const collatedValue = (column: Column, v: SqlValue): string => collatedText(column, v.type === 'NULL' ? null : sqlValueToString(v));
const canon = (v: SqlValue): string => (v.type === 'NULL' ? 'NULL' : `${v.type}:${sqlValueToString(v)}`);

/** A generated request (keyspace added per layout) and whether its ORDER BY is total (ends in id). */
interface Case {
  readonly name: string;
  readonly request: Omit<QueryRequest, 'keyspace'>;
  readonly totalOrder: boolean;
}

/**
 * A partitioned result by group (the group's collated partition values, taken from the stored
 * row of each result row's id), each group's rows in result order; throws when a group's
 * rows are not contiguous.
 */
function partitionGroups(c: Case, result: ExecutionResult, rowKey: (row: readonly SqlValue[]) => string): Map<string, string[]> {
  const columns = c.request.partition!.columns as Column[];
  const idAt = result.columns.indexOf('id');
  const groups = new Map<string, string[]>();
  let previous: string | undefined;
  for (const row of result.rows) {
    const stored = BY_ID.get(sqlValueToString(row[idAt]!))!;
    const key = columns.map((col) => collatedText(col, stored[col])).join(' | ');
    if (key !== previous && groups.has(key)) throw new Error(`group ${key} is not contiguous`);
    previous = key;
    groups.set(key, [...(groups.get(key) ?? []), rowKey(row)]);
  }
  return groups;
}

function sortedEntries(map: Map<string, unknown>): [string, unknown][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Checks a partitioned result: per group, exact rows (total order) or the collated order keys. */
function expectSamePartitions(c: Case, want: ExecutionResult, got: ExecutionResult, context: string): void {
  expect(got.columns, context).toEqual(want.columns);
  const exact = (row: readonly SqlValue[]): string => row.map(canon).join(' | ');
  const orderKeys = (row: readonly SqlValue[]): string => {
    const stored = BY_ID.get(sqlValueToString(row[got.columns.indexOf('id')]!))!;
    return (c.request.orderBy ?? []).map((o) => collatedText(o.column as Column, stored[o.column as Column])).join(' | ');
  };
  const key = c.totalOrder ? exact : orderKeys;
  expect(sortedEntries(partitionGroups(c, got, key)), context).toEqual(sortedEntries(partitionGroups(c, want, key)));
  expect(got.rows.length, context).toBe(want.rows.length);
}

/** Checks grouped aggregates: per collated group tuple, the aggregates (MIN/MAX of text by collation). */
function expectSameGroups(c: Case, want: ExecutionResult, got: ExecutionResult, context: string): void {
  expect(got.columns, context).toEqual(want.columns);
  const groupBy = c.request.groupBy as Column[];
  const aggregates = c.request.aggregates!;
  const byGroup = (result: ExecutionResult): Map<string, string[]> => {
    const map = new Map<string, string[]>();
    for (const row of result.rows) {
      const key = groupBy.map((col, k) => collatedValue(col, row[k]!)).join(' | ');
      expect(map.has(key), `${context}: group ${key} twice`).toBe(false);
      map.set(
        key,
        aggregates.map((a, k) => {
          const v = row[groupBy.length + k]!;
          return (a.fn === 'min' || a.fn === 'max') && a.column !== undefined ? collatedValue(a.column as Column, v) : canon(v);
        }),
      );
    }
    return map;
  };
  expect(sortedEntries(byGroup(got)), context).toEqual(sortedEntries(byGroup(want)));
}

// ---- Generated requests ----

function customerList(): Predicate {
  const values = pickSome(CUSTOMERS, int(1, 12)).map((n) => sqlInt64(n));
  return values.length === 1 ? { kind: 'cmp', column: 'customer_id', op: '=', value: values[0]! } : { kind: 'in', column: 'customer_id', values, negated: false };
}

function where(): Predicate | undefined {
  const r = random();
  if (r < 0.35) return undefined;
  if (r < 0.75) return customerList();
  if (r < 0.85) return { kind: 'isNull', column: pick(['sku', 'status', 'price'] as const), negated: chance(0.5) };
  return { kind: 'and', operands: [customerList(), { kind: 'cmp', column: 'qty', op: '>=', value: sqlInt64(1) }] };
}

function orderTerm(column: Column): OrderBy {
  const direction = chance(0.5) ? 'asc' : 'desc';
  const nulls = chance(0.5) ? undefined : pick(['first', 'last'] as const);
  return nulls === undefined ? { column, direction } : { column, direction, nulls };
}

const PARTITIONS: readonly (readonly Column[])[] = [['customer_id'], ['customer_id'], ['sku'], ['status'], ['grp'], ['note'], ['customer_id', 'status'], ['sku', 'grp']];

function partitionCase(n: number): Case {
  const w = where();
  const columns = pick(PARTITIONS);
  const keys = pickSome(['price', 'qty', 'sku', 'status', 'note', 'grp'] as Column[], int(0, 2)).map(orderTerm);
  const totalOrder = chance(0.6);
  const orderBy = totalOrder ? [...keys, orderTerm('id')] : keys;
  const select = ['id', ...pickSome(COLUMNS.filter((col) => col !== 'id'), int(0, 3))];
  const partition = {
    columns,
    ...(chance(0.85) ? { limit: pick([0, 1, 1, 2, 3, 5, 40]) } : {}),
    ...(chance(0.5) ? { offset: pick([0, 1, 2, 4, 30]) } : {}),
  };
  return {
    name: `partition ${n}`,
    request: { table: 'corder', select, ...(w ? { where: w } : {}), ...(orderBy.length > 0 ? { orderBy } : {}), partition },
    totalOrder,
  };
}

const GROUPS: readonly (readonly Column[])[] = [['customer_id'], ['customer_id'], ['sku'], ['status'], ['grp'], ['note'], ['customer_id', 'sku'], ['sku', 'status']];

function aggregate(alias: string): AggregateRequest {
  const r = random();
  if (r < 0.15) return { fn: 'count', alias };
  if (r < 0.25) return { fn: 'count', column: pick(COLUMNS), alias };
  if (r < 0.4) return { fn: 'sum', column: pick(['price', 'qty'] as const), alias };
  if (r < 0.55) return { fn: 'avg', column: pick(['price', 'qty'] as const), alias };
  if (r < 0.75) return { fn: pick(['min', 'max'] as const), column: pick(['sku', 'status', 'note', 'price'] as const), alias };
  if (r < 0.9) return { fn: 'countDistinct', column: pick(['sku', 'status', 'note', 'id', 'customer_id'] as const), alias };
  return { fn: 'countDistinct', columns: pickSome(['sku', 'status', 'grp', 'id'] as Column[], 2), alias };
}

function groupCase(n: number): Case {
  const w = where();
  const aggregates = Array.from({ length: int(1, 4) }, (_, k) => aggregate(`a${k}`));
  return { name: `groupBy ${n}`, request: { table: 'corder', select: [], ...(w ? { where: w } : {}), aggregates, groupBy: pick(GROUPS) }, totalOrder: false };
}

const PARTITION_CASES = Array.from({ length: 120 }, (_, n) => partitionCase(n));
const GROUP_CASES = Array.from({ length: 80 }, (_, n) => groupCase(n));

// ---- Setup ----

let databases: TestDatabases;
let executor: MysqlShardExecutor;
let topology: Topology;
let planning: PlanningContext;

beforeAll(async () => {
  databases = await createTestDatabases(allShards().map(([ks, shard]) => dbName(ks, shard)));
  const keyspaces = Object.fromEntries(
    (Object.keys(LAYOUTS) as LayoutName[]).map((ks) => [
      ks,
      { vschema: vschemas()[ks], shards: Object.fromEntries(LAYOUTS[ks].map((sh) => [sh, { primary: databases.urls[dbName(ks, sh)]! }])) },
    ]),
  );
  topology = buildTopology(parseConfig({ keyspaces }, { baseDir: process.cwd() }));

  const hash = createVindex('hash', 'hash', {});
  if (hash.kind !== 'singleColumn') throw new Error('hash is a single-column vindex');
  const insert = `INSERT INTO corder (${COLUMNS.join(', ')}) VALUES ?`;
  await Promise.all(
    allShards().map(([ks, shard]) => {
      let mine = ROWS;
      if (ks !== 'plain') {
        const destinations = hash.map(ROWS.map((r) => sqlInt64(BigInt(r[SHARD_KEY[ks]]!))));
        const ranges = shardRanges(findKeyspace(topology, ks));
        mine = ROWS.filter((_r, k) => resolveDestination(destinations[k]!, ranges)[0] === shard);
      }
      return runInDatabase(databases.names[dbName(ks, shard)]!, [CREATE, [insert, [mine.map((r) => COLUMNS.map((c) => r[c]))]]]);
    }),
  );

  const plain = databases.names[dbName('plain', '0')]!;
  for (const column of TEXT) {
    const sql = `SELECT \`${column}\` AS v, HEX(WEIGHT_STRING(\`${column}\` AS CHAR(20))) AS w FROM corder WHERE \`${column}\` IS NOT NULL`;
    const rows = (await runInDatabase(plain, [sql])) as { v: string; w: string }[];
    weights.set(column, new Map(rows.map((r) => [r.v, r.w])));
  }

  executor = createShardExecutor(topology, {
    pool: { size: 6, queueLimit: 10_000, acquireTimeoutMs: 10_000, idleTimeoutMs: 0 },
    limits: { queryTimeoutMs: 20_000, maxRows: 10_000 },
  });
  planning = (await introspectedPlanning(executor, topology, LAYOUTS, ['corder'], vschemas(), 10_000)).planning;
}, 60_000);

afterAll(async () => {
  await executor?.close();
  await databases?.drop();
});

interface Run {
  readonly result: ExecutionResult;
  readonly statements: readonly string[];
  readonly sql: readonly string[];
}

/** Plans and runs a request on a layout; `scatter` adds the forced-scatter destination (every shard). */
async function run(layout: LayoutName, request: Omit<QueryRequest, 'keyspace'>, scatter = false): Promise<Run> {
  const plan = planQuery({ ...request, keyspace: layout, ...(scatter ? { destination: { kind: 'keyRange', keyRange: '-' } } : {}) }, planning);
  const log = createExecutionLog();
  const result = await executePlan(plan, executor, { layout: topology, observer: log });
  return { result, statements: log.statements.map((s) => s.shard), sql: describeExecution(log, 'x').map((s) => s.sql) };
}

const VARIANTS: readonly [LayoutName, boolean][] = [
  ['bycust', false],
  ['byid', false],
  ['bycust', true],
  ['byid', true],
];

async function differential(cases: readonly Case[], check: (c: Case, want: ExecutionResult, got: ExecutionResult, context: string) => void): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const reference = await run('plain', c.request);
      for (const [layout, scatter] of VARIANTS) {
        const context = `${c.name} on ${layout}${scatter ? ' (forced scatter)' : ''}: ${JSON.stringify(c.request, (_k, v: unknown) => (v && typeof v === 'object' && 'raw' in v ? canon(v as SqlValue) : v))}`;
        try {
          check(c, reference.result, (await run(layout, c.request, scatter)).result, context);
        } catch (error) {
          const plan = JSON.stringify(describePlan(planQuery({ ...c.request, keyspace: layout }, planning)));
          failures.push(`${context}\n${(error as Error).message}\nplan: ${plan}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 3 }, worker));
  return failures;
}

describe('per-group paging (partition) on 2 shards equals one unsharded MariaDB', () => {
  it(`${PARTITION_CASES.length} generated requests, each also with forced scatter`, async () => {
    const failures = await differential(PARTITION_CASES, expectSamePartitions);
    expect(failures.slice(0, 4).join('\n\n'), `${failures.length} of ${PARTITION_CASES.length * VARIANTS.length} differ`).toBe('');
  });

  it('the generated requests cover merged and per-shard paging, ties, NULLs, ENUM and text keys', () => {
    const partitioned = PARTITION_CASES.map((c) => c.request.partition!);
    expect(partitioned.filter((p) => p.columns.includes('customer_id')).length).toBeGreaterThan(20);
    expect(partitioned.filter((p) => p.columns.includes('sku') || p.columns.includes('note')).length).toBeGreaterThan(20);
    expect(partitioned.filter((p) => p.columns.includes('status')).length).toBeGreaterThan(10);
    expect(partitioned.filter((p) => (p.offset ?? 0) >= 4).length).toBeGreaterThan(10);
    expect(PARTITION_CASES.filter((c) => !c.totalOrder && (c.request.orderBy ?? []).length > 0).length).toBeGreaterThan(15);
    expect(PARTITION_CASES.filter((c) => c.request.orderBy?.some((o) => o.nulls !== undefined)).length).toBeGreaterThan(20);
  });

  const firstThree: Omit<QueryRequest, 'keyspace'> = {
    table: 'corder',
    select: ['id', 'customer_id', 'price'],
    where: { kind: 'in', column: 'customer_id', values: [5, 7, 10, 41, 3].map((n) => sqlInt64(n)), negated: false },
    orderBy: [
      { column: 'price', direction: 'desc', nulls: 'last' },
      { column: 'id', direction: 'asc' },
    ],
    partition: { columns: ['customer_id'], limit: 3 },
  };

  it('the first 3 orders of each customer: the expected rows; customers without orders absent', async () => {
    const expected = [5, 10, 3].flatMap((customer) => {
      const rows = ROWS.filter((r) => r.customer_id === String(customer));
      rows.sort((a, b) => {
        if (a.price === null || b.price === null) return a.price === null ? (b.price === null ? Number(a.id) - Number(b.id) : 1) : -1;
        return Number(b.price) - Number(a.price) || Number(a.id) - Number(b.id);
      });
      return rows.slice(0, 3).map((r) => `${r.id},${r.customer_id},${r.price ?? 'NULL'}`);
    });
    for (const layout of ['plain', 'bycust', 'byid'] as const) {
      const { result } = await run(layout, firstThree);
      const text = result.rows.map((r) => r.map((v) => (v.type === 'NULL' ? 'NULL' : sqlValueToString(v))).join(','));
      expect([...text].sort(), layout).toEqual([...expected].sort());
    }
  });

  it('co-located on the partition key: one statement per shard owning a customer, the shard applies the window; explain shows the window SQL', async () => {
    const bycust = await run('bycust', firstThree);
    expect(bycust.statements.length).toBeLessThanOrEqual(2);
    expect(bycust.sql[0]).toContain('row_number() over (partition by `customer_id` order by `price` desc, `id` asc)');
    expect(bycust.sql[0]).toMatch(/where `__row_number` <= :vtg\d+ order by `customer_id` asc, `__row_number` asc$/);
    const byid = await run('byid', firstThree);
    expect(byid.statements).toEqual(['-80', '80-']);
    expect(byid.sql[0]).toContain('where `__row_number` <= :__upper_limit');
  });

  it('an offset beyond every group yields no rows; limit 0 yields no rows', async () => {
    for (const layout of ['plain', 'bycust', 'byid'] as const) {
      const beyond = await run(layout, { table: 'corder', select: ['id'], orderBy: [{ column: 'id', direction: 'asc' }], partition: { columns: ['customer_id'], offset: 31 } });
      expect(beyond.result.rows, layout).toEqual([]);
      const none = await run(layout, { table: 'corder', select: ['id'], partition: { columns: ['sku'], limit: 0 } });
      expect(none.result.rows, layout).toEqual([]);
    }
  });
});

describe('grouped aggregates (groupBy) on 2 shards equal one unsharded MariaDB', () => {
  it(`${GROUP_CASES.length} generated requests, each also with forced scatter`, async () => {
    const failures = await differential(GROUP_CASES, expectSameGroups);
    expect(failures.slice(0, 4).join('\n\n'), `${failures.length} of ${GROUP_CASES.length * VARIANTS.length} differ`).toBe('');
  });

  it('count per customer of a batch of customers: customers without orders get no row; whole on bycust, folded on byid', async () => {
    const request: Omit<QueryRequest, 'keyspace'> = {
      table: 'corder',
      select: [],
      where: { kind: 'in', column: 'customer_id', values: [5, 7, 10, 41].map((n) => sqlInt64(n)), negated: false },
      aggregates: [
        { fn: 'count', alias: 'count' },
        { fn: 'countDistinct', column: 'sku', alias: 'skus' },
        { fn: 'avg', column: 'price', alias: 'avg' },
      ],
      groupBy: ['customer_id'],
    };
    const count = (customer: number): number => ROWS.filter((r) => r.customer_id === String(customer)).length;
    const want = [5, 10].map((n) => `${n}:${count(n)}`).sort();
    for (const layout of ['plain', 'bycust', 'byid'] as const) {
      const { result, sql } = await run(layout, request);
      expect(result.columns).toEqual(['customer_id', 'count', 'skus', 'avg']);
      expect(result.rows.map((r) => `${sqlValueToString(r[0]!)}:${sqlValueToString(r[1]!)}`).sort(), layout).toEqual(want);
      if (layout === 'bycust') expect(sql[0]).toBe('select `customer_id`, count(*), count(distinct `sku`), avg(`price`) from `corder` where `customer_id` in ::__vals group by `customer_id`');
      if (layout === 'byid') expect(sql[0]).toContain('group by `customer_id`, `sku`, weight_string(`sku`)');
    }
  });

  it('more distinct values than maxRows across shards: SG505', async () => {
    const request = { table: 'corder', select: [], aggregates: [{ fn: 'countDistinct' as const, column: 'id', alias: 'n' }, { fn: 'countDistinct' as const, column: 'note', alias: 'm' }], groupBy: ['sku'] };
    const small: PlanningContext = { ...planning, limits: { maxRows: 20 } };
    await expect(executePlan(planQuery({ ...request, keyspace: 'byid' }, small), executor, { layout: topology })).rejects.toMatchObject({ id: 'SG505', code: 'RESOURCE_EXHAUSTED' });
  });
});
