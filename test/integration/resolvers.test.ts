// The resolver runtime (src/resolvers) against real MariaDB: keyspace `customer` sharded by
// hash(customer_id) over `-80`/`80-` (each row placed on the shard its vindex names), the same
// rows in an unsharded keyspace `plain` as the reference, and an unsharded `commerce` with a
// typed table and a text-keyed table. Checks data and statements per shard: select, byPk
// batching, aggregates (avg recombined, count distinct merged, ENUM min/max), keyset pagination
// in every order direction (ENUM by member number included), forced scatter and the row limits. Needs the shared test server (test/helpers/mariadb.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parseConfig.js';
import { isServiceError } from '../../src/errors/serviceError.js';
import { assertNoDrift, introspectKeyspace } from '../../src/introspect/introspectKeyspace.js';
import { createShardExecutor, type MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import { createApiRuntime, type ApiRow, type ApiRuntime, type OrderByDirection, type RequestContextOptions } from '../../src/resolvers/apiRuntime.js';
import { buildApiCatalog } from '../../src/resolvers/buildApiCatalog.js';
import type { ApiCatalog, ApiTable } from '../../src/resolvers/catalog.js';
import { resolveDestination } from '../../src/sharding/key/resolveDestination.js';
import { createVindex, describeVindexType } from '../../src/sharding/vindexes/registry.js';
import { buildTopology } from '../../src/topology/buildTopology.js';
import { findKeyspace, shardRanges, type Topology } from '../../src/topology/topology.js';
import { createSeededRandom } from '../../src/util/seededRandom.js';
import { sqlInt64 } from '../../src/util/sqlValue.js';
import { buildVSchema } from '../../src/vschema/buildVSchema.js';
import { createTestDatabases, runInDatabase, type TestDatabases } from '../helpers/mariadb.js';

const random = createSeededRandom(5);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const CREATE_CUSTOMER = `CREATE TABLE customer (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  email VARCHAR(64) NOT NULL,
  score INT NULL,
  city VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
  balance DECIMAL(10,2) NULL,
  born DATE NULL,
  mood ENUM('sad','ok','happy') NULL
)`;

interface CustomerRow {
  readonly customer_id: bigint;
  readonly email: string;
  readonly score: number | null;
  readonly city: string | null;
  readonly balance: string | null;
  readonly born: string | null;
  readonly mood: string | null;
}

// Duplicates and NULLs in every ordered column; cities that tie under utf8mb4_general_ci.
const CITIES = [null, 'Oslo', 'oslo', 'OSLO', 'Berlin', 'berlin', 'Åre', 'Are', 'Zürich', 'zurich', ''];
const ROWS: CustomerRow[] = Array.from({ length: 120 }, (_, i) => ({
  customer_id: BigInt(i * 7 + 1),
  email: `user${i}@example.com`,
  score: pick([null, 1, 2, 3, 4, 5, 5, 5]),
  city: pick(CITIES),
  balance: pick([null, '0.00', '10.50', '-3.25', '99999999.99']),
  born: pick([null, '1999-12-31', '2000-02-29']),
  // Member order (sad < ok < happy) is not text order: MySQL sorts by member number.
  mood: pick([null, 'sad', 'ok', 'happy', 'happy']),
}));

const VSCHEMAS = {
  customer: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { customer: { column_vindexes: [{ column: 'customer_id', name: 'hash' }] } } },
  plain: {},
  commerce: {},
};

const SHARDS: Readonly<Record<string, readonly string[]>> = { customer: ['-80', '80-'], plain: ['0'], commerce: ['0'] };
const dbName = (ks: string, shard: string): string => `${ks}_${shard.replace('-', 'x')}`;

let databases: TestDatabases;
let executor: MysqlShardExecutor;
let topology: Topology;
let catalog: ApiCatalog;
let vschemaModel: ReturnType<typeof buildVSchema>['model'];
let rt: ApiRuntime;

const secret = new TextEncoder().encode('integration secret');

function runtime(maxRows = 10_000, maxBatchSize = 1000): ApiRuntime {
  return createApiRuntime({ catalog, vschema: vschemaModel, layout: topology, executor, limits: { maxRows, maxBatchSize, queryTimeoutMs: 20_000 }, cursorSecret: secret });
}

function table(keyspace: string, name: string): ApiTable {
  const t = catalog.tables.find((x) => x.keyspace === keyspace && x.table === name);
  if (t === undefined) throw new Error(`no ${keyspace}.${name}`);
  return t;
}

const sqlRow = (r: CustomerRow): unknown[] => [r.customer_id, r.email, r.score, r.city, r.balance, r.born, r.mood];

beforeAll(async () => {
  const all = Object.entries(SHARDS).flatMap(([ks, shards]) => shards.map((s) => dbName(ks, s)));
  databases = await createTestDatabases(all);
  const keyspaces = Object.fromEntries(
    Object.entries(SHARDS).map(([ks, shards]) => [ks, { vschema: VSCHEMAS[ks as keyof typeof VSCHEMAS], shards: Object.fromEntries(shards.map((s) => [s, { primary: databases.urls[dbName(ks, s)]! }])) }]),
  );
  topology = buildTopology(parseConfig({ keyspaces }, { baseDir: process.cwd() }));

  const hash = createVindex('hash', 'hash', {});
  if (hash.kind !== 'singleColumn') throw new Error('hash is single-column');
  const destinations = hash.map(ROWS.map((r) => sqlInt64(r.customer_id)));
  const ranges = shardRanges(findKeyspace(topology, 'customer'));
  const insert = 'INSERT INTO customer (customer_id, email, score, city, balance, born, mood) VALUES ?';
  const loads = SHARDS.customer!.map((shard) => {
    const mine = ROWS.filter((_r, k) => resolveDestination(destinations[k]!, ranges)[0] === shard);
    expect(mine.length).toBeGreaterThan(20);
    return runInDatabase(databases.names[dbName('customer', shard)]!, [CREATE_CUSTOMER, [insert, [mine.map(sqlRow)]]]);
  });
  loads.push(runInDatabase(databases.names[dbName('plain', '0')]!, [CREATE_CUSTOMER, [insert, [ROWS.map(sqlRow)]]]));
  loads.push(
    runInDatabase(databases.names[dbName('commerce', '0')]!, [
      `CREATE TABLE typed (
        id INT NOT NULL PRIMARY KEY, big BIGINT UNSIGNED NULL, f FLOAT NULL, mood ENUM('sad','ok','happy') NULL,
        at DATETIME(3) NULL, bin VARBINARY(8) NULL, flag TINYINT(1) NULL, doc JSON NULL
      )`,
      [
        'INSERT INTO typed VALUES ?',
        [
          [
            [1, '18446744073709551615', 1.1, 'happy', '2024-02-29 23:59:59.123', Buffer.from([0, 255]), 1, '{"a": [1, 2]}'],
            [2, '0', 1.1, 'sad', '2000-01-01 00:00:00.000', Buffer.from([]), 0, '"x"'],
            [3, null, 2.5, 'ok', null, null, null, null],
            [4, '9223372036854775808', 1.1, 'happy', '2024-02-29 23:59:59.123', Buffer.from([1]), 1, 'null'],
            [5, '1', null, null, '1999-12-31 23:59:59.999', Buffer.from([0xff]), 0, '[]'],
            [6, '2', 0.3, 'ok', '2000-01-01 00:00:00.000', Buffer.from([2]), 1, '{}'],
          ],
        ],
      ],
      'CREATE TABLE tag (name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL PRIMARY KEY, n INT NOT NULL)',
      "INSERT INTO tag VALUES ('ABC', 1), ('Straße', 2), ('x', 3)",
    ]),
  );
  await Promise.all(loads);

  executor = createShardExecutor(topology, { pool: { size: 4, queueLimit: 1000, acquireTimeoutMs: 10_000, idleTimeoutMs: 0 }, limits: { queryTimeoutMs: 20_000, maxRows: 100_000 } });
  const schemas = [];
  for (const [ks, shards] of Object.entries(SHARDS)) {
    const { schema, drift } = await introspectKeyspace(executor, ks, shards);
    assertNoDrift(drift);
    schemas.push(schema);
  }
  const built = buildVSchema({ keyspaces: VSCHEMAS }, { describeVindexType });
  expect(built.problems).toEqual([]);
  vschemaModel = built.model;
  catalog = buildApiCatalog({ vschema: vschemaModel, schemas });
  rt = runtime();
}, 60_000);

afterAll(async () => {
  await executor?.close();
  await databases?.drop();
});

const ids = (rows: readonly ApiRow[]): bigint[] => rows.map((r) => r.customer_id as bigint);
const COLUMNS = ['customer_id', 'email', 'score', 'city', 'balance', 'born', 'mood'];

describe('catalog', () => {
  it('serves the introspected tables', () => {
    expect(catalog.tables.map((t) => `${t.keyspace}.${t.table}`)).toEqual(['customer.customer', 'plain.customer', 'commerce.tag', 'commerce.typed']);
  });
});

describe('select', () => {
  it.each([
    ['score', 'desc'],
    ['city', 'asc_nulls_last'],
    ['balance', 'desc_nulls_first'],
    ['born', 'asc'],
    ['mood', 'desc_nulls_first'],
    ['mood', 'asc'],
  ] as [string, OrderByDirection][])('order_by %s %s equals the unsharded copy, with where, limit and offset', async (column, direction) => {
    const args = { where: { _or: [{ score: { _gte: 3 } }, { city: { _is_null: true } }] }, order_by: [{ [column]: direction }, { customer_id: 'asc' as const }], limit: 30, offset: 5 };
    const ctx = rt.createRequestContext();
    const sharded = await rt.select(ctx, table('customer', 'customer'), args, COLUMNS, 'c');
    const plain = await rt.select(ctx, table('plain', 'customer'), args, COLUMNS, 'p');
    expect(sharded).toEqual(plain);
    expect(sharded).toHaveLength(30);
    expect(ctx.statementsPerShard()).toEqual({ 'customer/-80': 1, 'customer/80-': 1, 'plain/0': 1 });
  });

  it('routes a sharding-key filter to one shard', async () => {
    const ctx = rt.createRequestContext({ explain: true });
    const rows = await rt.select(ctx, table('customer', 'customer'), { where: { customer_id: { _eq: 8 } } }, ['email'], 'c');
    expect(rows).toEqual([{ email: 'user1@example.com' }]);
    expect(ctx.plan()).toMatchObject([{ opcode: 'EqualUnique', shards: [expect.any(String)] }]);
    expect(Object.values(ctx.statementsPerShard())).toEqual([1]);
  });

  it('returns typed values and filters by them', async () => {
    const typed = table('commerce', 'typed');
    const ctx = rt.createRequestContext();
    const rows = await rt.select(ctx, typed, { where: { at: { _eq: '2024-02-29T23:59:59.123' } }, order_by: [{ id: 'asc' }] }, ['id', 'big', 'f', 'mood', 'at', 'bin', 'flag', 'doc'], 't');
    expect(rows).toEqual([
      { id: 1, big: 18446744073709551615n, f: 1.1, mood: 'happy', at: '2024-02-29T23:59:59.123', bin: new Uint8Array([0, 255]), flag: true, doc: { a: [1, 2] } },
      { id: 4, big: 9223372036854775808n, f: 1.1, mood: 'happy', at: '2024-02-29T23:59:59.123', bin: new Uint8Array([1]), flag: true, doc: null },
    ]);
    const filters: [Record<string, unknown>, number[]][] = [
      [{ big: { _gte: 9223372036854775808n } }, [1, 4]],
      [{ bin: { _eq: new Uint8Array([0, 255]) } }, [1]],
      [{ flag: { _eq: false } }, [2, 5]],
      [{ mood: { _in: ['ok', 'sad'] } }, [2, 3, 6]],
      [{ mood: { _like: 'h%' } }, [1, 4]],
      [{ at: { _lt: '2000-01-01T00:00:00' } }, [5]],
    ];
    for (const [where, expected] of filters) {
      const got = await rt.select(ctx, typed, { where, order_by: [{ id: 'asc' }] }, ['id'], 't');
      expect(got.map((r) => r.id)).toEqual(expected);
    }
  });
});

describe('byPk', () => {
  it('batches 50 keys into at most one statement per shard, rows in key order, null for missing', async () => {
    const ctx = rt.createRequestContext();
    const wanted = Array.from({ length: 50 }, (_, i) => BigInt(i * 7 + 1 + (i % 5 === 0 ? 3 : 0)));
    const rows = await Promise.all(wanted.map((id, i) => rt.byPk(ctx, table('customer', 'customer'), { customer_id: id }, ['email', 'score'], `c${i}`)));
    const byId = new Map(ROWS.map((r) => [r.customer_id, r]));
    expect(rows).toEqual(wanted.map((id) => (byId.has(id) ? { customer_id: id, email: byId.get(id)!.email, score: byId.get(id)!.score } : null)));
    expect(ctx.statementsPerShard()).toEqual({ 'customer/-80': 1, 'customer/80-': 1 });
  });

  it('splits batches by maxBatchSize', async () => {
    const small = runtime(10_000, 20);
    const ctx = small.createRequestContext();
    await Promise.all(ROWS.slice(0, 50).map((r) => small.byPk(ctx, table('customer', 'customer'), { customer_id: r.customer_id }, ['email'], 'c')));
    const counts = ctx.statementsPerShard();
    expect(counts['customer/-80']! + counts['customer/80-']!).toBeLessThanOrEqual(6);
    expect(counts['customer/-80']).toBeGreaterThanOrEqual(2);
  });

  it('finds a text key by collation, as `=` does', async () => {
    const ctx = rt.createRequestContext();
    const tag = table('commerce', 'tag');
    const got = await Promise.all(['abc', 'ABC', 'strasse', 'STRASSE ', 'x', 'missing'].map((name) => rt.byPk(ctx, tag, { name }, ['n'], 't')));
    expect(got.map((r) => r?.n ?? null)).toEqual([1, 1, null, null, 3, null]);
    const eq = await rt.select(ctx, tag, { where: { name: { _in: ['strasse'] } } }, ['n'], 't');
    expect(eq.map((r) => r.n)).toEqual([]);
  });
});

describe('aggregate', () => {
  it('equals the unsharded copy (avg recombined from per-shard sum and count)', async () => {
    const ctx = rt.createRequestContext({ explain: true });
    const request = { count: true, sum: ['score', 'balance'], avg: ['score', 'balance'], min: ['city', 'born', 'email'], max: ['city', 'balance', 'email'] };
    const where = { score: { _is_null: false } };
    const sharded = await rt.aggregate(ctx, table('customer', 'customer'), { where }, request, 'a');
    const plain = await rt.aggregate(ctx, table('plain', 'customer'), { where }, request, 'a');
    expect(sharded.count).toBe(ROWS.filter((r) => r.score !== null).length);
    expect({ ...sharded, avg: undefined }).toEqual({ ...plain, avg: undefined });
    for (const column of ['score', 'balance']) expect(sharded.avg![column]).toBeCloseTo(plain.avg![column] as number, 9);
    const scores = ROWS.map((r) => r.score).filter((s): s is number => s !== null);
    // MySQL divides decimals to div_precision_increment (4) more digits; the engine does the same.
    expect(sharded.avg!.score).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 3);
    expect(ctx.plan()[0]).toMatchObject({ opcode: 'Scatter', shards: ['-80', '80-'] });
  });

  it('counts columns and multi-column counts', async () => {
    const ctx = rt.createRequestContext();
    const a = await rt.aggregate(ctx, table('customer', 'customer'), {}, { count: { columns: ['city'] } }, 'a');
    expect(a.count).toBe(ROWS.filter((r) => r.city !== null).length);
    const b = await rt.aggregate(ctx, table('customer', 'customer'), {}, { count: { columns: ['city', 'score'] } }, 'a');
    expect(b.count).toBe(ROWS.filter((r) => r.city !== null && r.score !== null).length);
    const c = await rt.aggregate(ctx, table('plain', 'customer'), {}, { count: { columns: ['score'], distinct: true } }, 'a');
    expect(c.count).toBe(5);
  });

  it('counts distinct values and takes ENUM min/max across shards as the unsharded copy does', async () => {
    const requests = [
      { count: { columns: ['city'], distinct: true }, min: ['mood'], max: ['mood'] },
      { count: { columns: ['city', 'score'], distinct: true }, max: ['city'] },
      { count: { columns: ['mood'], distinct: true }, sum: ['score'] },
      { count: { columns: ['customer_id', 'city'], distinct: true } },
    ];
    for (const request of requests) {
      for (const options of [{}, { forceScatter: true }]) {
        const ctx = rt.createRequestContext({ ...options, explain: true });
        const sharded = await rt.aggregate(ctx, table('customer', 'customer'), { where: { balance: { _neq: '10.50' } } }, request, 'a');
        const plain = await rt.aggregate(ctx, table('plain', 'customer'), { where: { balance: { _neq: '10.50' } } }, request, 'a');
        expect(sharded, JSON.stringify(request)).toEqual(plain);
        expect(ctx.statementsPerShard()).toEqual({ 'customer/-80': 1, 'customer/80-': 1, 'plain/0': 1 });
      }
    }
    // Cities tie under utf8mb4_general_ci ('Oslo' = 'oslo', 'Åre' = 'Are'): each counts once.
    const cities = new Set(ROWS.map((r) => r.city?.toLowerCase().replace('å', 'a').replace('ü', 'u')).filter((c) => c !== undefined));
    const all = await rt.aggregate(rt.createRequestContext(), table('customer', 'customer'), {}, { count: { columns: ['city'], distinct: true }, max: ['mood'] }, 'a');
    expect(all).toEqual({ count: cities.size, max: { mood: 'sad' } });
  });

  it('fails a count distinct over more distinct values than maxRows with RESOURCE_EXHAUSTED (SG505)', async () => {
    const small = runtime(50);
    const ctx = small.createRequestContext();
    await expect(small.aggregate(ctx, table('customer', 'customer'), {}, { count: { columns: ['email'], distinct: true } }, 'a')).rejects.toMatchObject({
      id: 'SG505',
      code: 'RESOURCE_EXHAUSTED',
      message: expect.stringContaining('more than 50 distinct values (limits.maxRows)'),
    });
    // Over the sharding key each shard counts its own: no values travel, no limit applies.
    const summed = await small.aggregate(ctx, table('customer', 'customer'), {}, { count: { columns: ['email', 'customer_id'], distinct: true } }, 'a');
    expect(summed.count).toBe(ROWS.length);
  });
});

/** Every page of a connection, `first` rows at a time. */
async function allPages(runtime: ApiRuntime, options: RequestContextOptions, t: ApiTable, args: Record<string, unknown>, first: number): Promise<{ rows: ApiRow[]; pages: number }> {
  const rows: ApiRow[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const ctx = runtime.createRequestContext(options);
    const page = await runtime.connection(ctx, t, { ...args, first, after }, COLUMNS, 'p');
    pages++;
    expect(page.edges.length).toBeLessThanOrEqual(first);
    rows.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) {
      expect(page.edges.length).toBeLessThanOrEqual(first);
      return { rows, pages };
    }
    expect(page.edges).toHaveLength(first);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    after = page.pageInfo.endCursor;
    expect(pages).toBeLessThan(200);
  }
}

describe('connection', () => {
  const directions: OrderByDirection[] = ['asc', 'asc_nulls_first', 'asc_nulls_last', 'desc', 'desc_nulls_first', 'desc_nulls_last'];
  for (const column of ['score', 'city', 'mood']) {
    it.each(directions)(`pages by ${column} %s across 2 shards: complete, no duplicates, the unpaginated order`, async (direction) => {
      const order_by = [{ [column]: direction }];
      const expected = await rt.select(rt.createRequestContext(), table('plain', 'customer'), { order_by: [...order_by, { customer_id: 'asc' }] }, COLUMNS, 'p');
      const { rows, pages } = await allPages(rt, {}, table('customer', 'customer'), { order_by }, 7);
      expect(new Set(ids(rows)).size).toBe(ROWS.length);
      expect(ids(rows)).toEqual(ids(expected));
      expect(rows).toEqual(expected.map((r) => ({ ...r })));
      expect(pages).toBe(Math.ceil(ROWS.length / 7) + (ROWS.length % 7 === 0 ? 1 : 0));
    });
  }

  it('pages by two columns with a where, and with forced scatter gives the same rows', async () => {
    const args = { where: { balance: { _neq: '0.00' } }, order_by: [{ score: 'desc_nulls_first' }, { city: 'asc_nulls_last' }] as Record<string, OrderByDirection>[] };
    const expected = await rt.select(rt.createRequestContext(), table('plain', 'customer'), { ...args, order_by: [...args.order_by, { customer_id: 'asc' }] }, COLUMNS, 'p');
    const normal = await allPages(rt, {}, table('customer', 'customer'), args, 5);
    const scattered = await allPages(rt, { forceScatter: true }, table('customer', 'customer'), args, 5);
    expect(ids(normal.rows)).toEqual(ids(expected));
    expect(scattered.rows).toEqual(normal.rows);
  });

  it('asks every shard for first + 1 rows, never with an offset', async () => {
    const ctx = rt.createRequestContext({ explain: true });
    const args = { first: 3, order_by: [{ score: 'asc' as const }], where: { score: { _is_null: false } } };
    const page = await rt.connection(ctx, table('customer', 'customer'), args, ['email'], 'p');
    await rt.connection(ctx, table('customer', 'customer'), { ...args, after: page.pageInfo.endCursor }, ['email'], 'p');
    const [first, second] = ctx.plan();
    expect(first!.sql).toBe('select `email`, `score`, `customer_id` from `customer` where `score` is not null order by `score` asc, `customer_id` asc limit :__upper_limit');
    expect(second!.sql).toBe(
      'select `email`, `score`, `customer_id` from `customer` where `score` is not null and (`score` > :vtg1 or (`score` = :vtg1 and `customer_id` > :vtg2)) order by `score` asc, `customer_id` asc limit :__upper_limit',
    );
    expect(ctx.statementsPerShard()).toEqual({ 'customer/-80': 2, 'customer/80-': 2 });
  });

  it('pages an ENUM (by member index) and a FLOAT (single precision) exactly', async () => {
    const typed = table('commerce', 'typed');
    const orders: Record<string, OrderByDirection>[][] = [[{ mood: 'desc' }], [{ mood: 'asc_nulls_last' }], [{ f: 'asc' }], [{ f: 'desc_nulls_first' }]];
    for (const order_by of orders) {
      const expected = await rt.select(rt.createRequestContext(), typed, { order_by: [...order_by, { id: 'asc' }] }, ['id'], 't');
      const got: unknown[] = [];
      let after: string | null = null;
      for (let n = 0; n < 10; n++) {
        const page = await rt.connection(rt.createRequestContext(), typed, { first: 1, order_by, after }, ['id'], 't');
        got.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(got).toEqual(expected.map((r) => r.id));
    }
  });

  it('refuses a tampered cursor before any SQL', async () => {
    const ctx = rt.createRequestContext();
    const page = await rt.connection(ctx, table('customer', 'customer'), { first: 2 }, ['email'], 'p');
    const cursor = page.pageInfo.endCursor!;
    const before = ctx.statementsPerShard();
    for (const bad of [cursor.slice(0, -2), `${cursor.slice(0, 5)}A${cursor.slice(6)}`, 'not-a-cursor']) {
      await expect(rt.connection(ctx, table('customer', 'customer'), { first: 2, after: bad }, ['email'], 'p')).rejects.toMatchObject({ id: 'SG1003', code: 'INVALID_ARGUMENT' });
    }
    await expect(rt.connection(ctx, table('plain', 'customer'), { first: 2, after: cursor }, ['email'], 'p')).rejects.toMatchObject({ id: 'SG1003' });
    expect(ctx.statementsPerShard()).toEqual(before);
  });
});

describe('forceScatter', () => {
  it('gives identical data for every resolver', async () => {
    const normal = rt.createRequestContext();
    const scatter = rt.createRequestContext({ forceScatter: true, explain: true });
    const c = table('customer', 'customer');
    const args = { where: { customer_id: { _in: [1n, 8n, 15n, 9999n] } }, order_by: [{ customer_id: 'desc' as const }] };
    expect(await rt.select(scatter, c, args, COLUMNS, 's')).toEqual(await rt.select(normal, c, args, COLUMNS, 's'));
    expect(await rt.byPk(scatter, c, { customer_id: 8n }, COLUMNS, 'b')).toEqual(await rt.byPk(normal, c, { customer_id: 8n }, COLUMNS, 'b'));
    const agg = { count: true, avg: ['score'], max: ['city'] };
    expect(await rt.aggregate(scatter, c, args, agg, 'a')).toEqual(await rt.aggregate(normal, c, args, agg, 'a'));
    expect(scatter.plan().map((e) => [e.opcode, e.shards.join(' ')])).toEqual([
      ['ByDestination', '-80 80-'],
      ['ByDestination', '-80 80-'],
      ['ByDestination', '-80 80-'],
    ]);
  });
});

describe('row limits', () => {
  it('fails clearly instead of truncating', async () => {
    const small = runtime(50);
    const c = table('customer', 'customer');
    const ctx = small.createRequestContext();
    const failure = async (promise: Promise<unknown>): Promise<string> => {
      try {
        await promise;
      } catch (error) {
        expect(isServiceError(error)).toBe(true);
        expect((error as { code: string }).code).toBe('RESOURCE_EXHAUSTED');
        return (error as { id: string }).id;
      }
      throw new Error('expected RESOURCE_EXHAUSTED');
    };
    expect(await failure(small.select(ctx, c, {}, ['email'], 's'))).toMatch(/^SG(709|602|702)$/);
    expect(await failure(small.select(ctx, c, { limit: 51 }, ['email'], 's'))).toBe('SG1004');
    expect(await failure(small.select(ctx, c, { limit: 30, offset: 30 }, ['email'], 's'))).toBe('SG502');
    expect(await failure(small.connection(ctx, c, { first: 51 }, ['email'], 's'))).toBe('SG1004');
    expect(await small.select(ctx, c, { limit: 50 }, ['email'], 's')).toHaveLength(50);
    const page = await small.connection(ctx, c, { first: 50 }, ['email'], 's');
    expect(page.edges).toHaveLength(50);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });
});
