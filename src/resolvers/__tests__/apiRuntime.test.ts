// The runtime over a logging fake executor (no database): what each resolver asks the shards,
// explain and dry-run, forced scatter, batching, limits and argument errors. Data against real
// MariaDB: test/integration/resolvers.test.ts.

import { describe, expect, it } from 'vitest';
import type { QueryResult, ShardExecutor, ShardTarget } from '../../engine/shardExecutor.js';
import { isServiceError } from '../../errors/serviceError.js';
import type { BindVars } from '../../sharding/plan/plan.js';
import { parseKeyRange } from '../../sharding/key/keyRange.js';
import type { TopologyLayout } from '../../topology/topology.js';
import { describeSqlValue, makeSqlValue, sqlInt64, type SqlValue } from '../../util/sqlValue.js';
import { createApiRuntime, type ApiLimits } from '../apiRuntime.js';
import { testCatalog } from './fixtures.js';

const { catalog, vschema, table } = testCatalog();

const layout: TopologyLayout = {
  keyspaces: new Map([
    ['commerce', { name: 'commerce', sharded: false, shards: [{ name: '0', keyRange: parseKeyRange('-') }] }],
    [
      'customer',
      {
        name: 'customer',
        sharded: true,
        shards: [
          { name: '-80', keyRange: parseKeyRange('-80') },
          { name: '80-', keyRange: parseKeyRange('80-') },
        ],
      },
    ],
  ]),
};

interface Call {
  readonly shard: string;
  readonly sql: string;
  readonly binds: string;
}

/** An executor that logs every statement and answers with `answer` (default: no rows). */
function fakeExecutor(answer: (target: ShardTarget, sql: string, binds: BindVars) => SqlValue[][] = () => []): { executor: ShardExecutor; calls: Call[] } {
  const calls: Call[] = [];
  const executor: ShardExecutor = {
    async execute(target, sql, bindVars): Promise<QueryResult> {
      const binds = Object.entries(bindVars)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${(v as SqlValue[]).map(describeSqlValue).join(',')}]` : describeSqlValue(v as SqlValue)}`)
        .join(' ');
      calls.push({ shard: `${target.keyspace}/${target.shard}`, sql, binds });
      return { fields: [], rows: answer(target, sql, bindVars), rowsAffected: 0, insertId: 0n };
    },
  };
  return { executor, calls };
}

const limits: ApiLimits = { maxRows: 100, maxBatchSize: 1000, queryTimeoutMs: 0 };
const secret = new TextEncoder().encode('s');

function runtime(executor: ShardExecutor, overrides: Partial<ApiLimits> = {}) {
  return createApiRuntime({ catalog, vschema, layout, executor, limits: { ...limits, ...overrides }, cursorSecret: secret });
}

async function rejection(promise: Promise<unknown>): Promise<{ id: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isServiceError(error)) return { id: error.id, message: error.message };
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('createApiRuntime', () => {
  it("lets any number of statements in flight listen to the request's signal (a scatter over many shards raises no MaxListenersExceededWarning)", async () => {
    const controller = new AbortController();
    runtime(fakeExecutor().executor).createRequestContext({ signal: controller.signal });
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const listeners = Array.from({ length: 16 }, () => () => undefined);
      for (const listener of listeners) controller.signal.addEventListener('abort', listener, { once: true });
      await new Promise((resolve) => setImmediate(resolve));
      for (const listener of listeners) controller.signal.removeEventListener('abort', listener);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('select routes a sharding-key filter to one shard and records explain entries', async () => {
    const { executor, calls } = fakeExecutor();
    const rt = runtime(executor);
    const ctx = rt.createRequestContext({ explain: true });
    expect(await rt.select(ctx, table('customer'), { where: { customer_id: { _eq: 1 } } }, ['email'], 'customer')).toEqual([]);
    expect(calls).toEqual([{ shard: 'customer/-80', sql: 'select `email` from `customer` where `customer_id` = :vtg1', binds: 'vtg1=INT64(1)' }]);
    expect(ctx.plan()).toEqual([{ path: 'customer', keyspace: 'customer', opcode: 'EqualUnique', shards: ['-80'], sql: 'select `email` from `customer` where `customer_id` = :vtg1' }]);
    expect(ctx.statementsPerShard()).toEqual({ 'customer/-80': 1 });
  });

  it('records nothing for explain unless asked, but counts statements', async () => {
    const { executor } = fakeExecutor();
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    await rt.select(ctx, table('customer'), {}, ['email'], 'customer');
    expect(ctx.plan()).toEqual([]);
    expect(ctx.statementsPerShard()).toEqual({ 'customer/-80': 1, 'customer/80-': 1 });
  });

  it('forceScatter sends the same query to every shard of a sharded table only', async () => {
    const { executor, calls } = fakeExecutor();
    const rt = runtime(executor);
    const ctx = rt.createRequestContext({ forceScatter: true, explain: true });
    await rt.select(ctx, table('customer'), { where: { customer_id: { _eq: 1 } } }, ['email'], 'c');
    await rt.select(ctx, table('product'), {}, ['sku'], 'p');
    expect(calls.map((c) => c.shard)).toEqual(['customer/-80', 'customer/80-', 'commerce/0']);
    expect(ctx.plan().map((e) => e.opcode)).toEqual(['ByDestination', 'Unsharded']);
  });

  it('dryRun plans without executing and returns empty results', async () => {
    const { executor, calls } = fakeExecutor();
    const rt = runtime(executor);
    const ctx = rt.createRequestContext({ dryRun: true });
    const c = table('customer');
    expect(await rt.select(ctx, c, { order_by: [{ email: 'asc' }], limit: 5 }, ['email'], 'list')).toEqual([]);
    expect(await rt.byPk(ctx, c, { customer_id: 3 }, ['email'], 'one')).toBeNull();
    expect(await rt.aggregate(ctx, c, {}, { count: true, sum: ['score'], max: ['email'] }, 'agg')).toEqual({ count: 0, sum: { score: null }, max: { email: null } });
    const page = await rt.connection(ctx, c, { first: 2 }, ['email'], 'page');
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
    expect(calls).toEqual([]);
    expect(ctx.statementsPerShard()).toEqual({});
    expect(ctx.plan().map((e) => [e.path, e.opcode, e.shards.join(' ')])).toEqual([
      ['list', 'Scatter', '-80 80-'],
      ['one', 'EqualUnique', '-80'],
      ['agg', 'Scatter', '-80 80-'],
      ['page', 'Scatter', '-80 80-'],
    ]);
  });

  it('byPk batches the keys of one tick into one statement per shard, in key order, null for missing keys', async () => {
    const { executor, calls } = fakeExecutor((_t, _sql, binds) => {
      const ids = binds.__vals ?? binds.vtg1;
      const list = Array.isArray(ids) ? (ids as SqlValue[]) : [ids as SqlValue];
      return list.filter((v) => Number(new TextDecoder().decode(v.raw)) % 3 !== 0).map((v) => [v, makeSqlValue('VARCHAR', `e${new TextDecoder().decode(v.raw)}`)]);
    });
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    const c = table('customer');
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    const rows = await Promise.all(ids.map((id) => rt.byPk(ctx, c, { customer_id: id }, ['email'], `c${id}`)));
    expect(rows.map((r) => r?.email ?? null)).toEqual(ids.map((id) => (id % 3 === 0 ? null : `e${id}`)));
    expect(calls.map((c) => c.shard)).toEqual(['customer/-80', 'customer/80-']);
    expect(calls[0]!.sql).toBe('select `customer_id`, `email` from `customer` where `customer_id` in ::__vals');
    // Cached per request: the same key again runs nothing.
    expect(await rt.byPk(ctx, c, { customer_id: 1 }, ['email'], 'again')).toEqual({ customer_id: 1n, email: 'e1' });
    expect(calls).toHaveLength(2);
  });

  it('byPk splits a batch into statements of at most maxBatchSize keys', async () => {
    const { executor, calls } = fakeExecutor();
    const rt = runtime(executor, { maxBatchSize: 4 });
    const ctx = rt.createRequestContext();
    await Promise.all(Array.from({ length: 10 }, (_, i) => rt.byPk(ctx, table('product'), { sku: `s${i}`, rev: i }, ['price'], 'p')));
    expect(calls).toHaveLength(3);
    expect(calls[0]!.sql).toBe(
      'select `sku`, `rev`, `price` from `product` where (`sku` = :vtg1 and `rev` = :vtg2) or (`sku` = :vtg3 and `rev` = :vtg4) or (`sku` = :vtg5 and `rev` = :vtg6) or (`sku` = :vtg7 and `rev` = :vtg8)',
    );
  });

  it('byPk reads a text key again on its own when no row matches it exactly (collations)', async () => {
    const { executor, calls } = fakeExecutor((_t, _sql, binds) => {
      const sku = new TextDecoder().decode((binds.vtg1 as SqlValue).raw);
      return sku.toLowerCase() === 'abc' ? [[makeSqlValue('VARCHAR', 'ABC'), sqlInt64(1), makeSqlValue('DECIMAL', '9.50')]] : [];
    });
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    const row = await rt.byPk(ctx, table('product'), { sku: 'abc', rev: 1 }, ['price'], 'p');
    expect(row).toEqual({ sku: 'ABC', rev: 1, price: '9.50' });
    expect(calls).toHaveLength(2);
  });

  it('aggregate asks for split parts on a scatter and one count per multi-column count', async () => {
    const { executor, calls } = fakeExecutor((_t, sql) =>
      sql.startsWith('select count(*) from `customer` where')
        ? [[sqlInt64(2)]]
        : [[makeSqlValue('DECIMAL', '10'), sqlInt64(4), makeSqlValue('VARCHAR', 'a@x'), makeSqlValue('VARBINARY', 'A@X')]],
    );
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    const result = await rt.aggregate(ctx, table('customer'), {}, { count: { columns: ['score', 'email'] }, sum: ['score'], avg: ['score'], min: ['email'] }, 'a');
    expect(result).toEqual({ count: 4, sum: { score: '20' }, avg: { score: 2.5 }, min: { email: 'a@x' } });
    expect([...new Set(calls.map((c) => c.sql))]).toEqual([
      'select sum(`score`), count(`score`), min(`email`), weight_string(min(`email`)) from `customer`',
      'select count(*) from `customer` where `score` is not null and `email` is not null',
    ]);
  });

  it('connection pages by keyset: first + 1 rows, cursors that continue strictly after', async () => {
    const { executor, calls } = fakeExecutor((target, _sql, binds) => {
      const upper = Number(new TextDecoder().decode((binds.__upper_limit as SqlValue).raw));
      const base = target.shard === '-80' ? 0 : 100;
      return Array.from({ length: upper }, (_, i) => [makeSqlValue('VARCHAR', `e${base + i}`), sqlInt64(base + i)]);
    });
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    const c = table('customer');
    const page = await rt.connection(ctx, c, { first: 2 }, ['email'], 'p');
    expect(page.edges.map((e) => e.node)).toEqual([
      { email: 'e0', customer_id: 0n },
      { email: 'e1', customer_id: 1n },
    ]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, startCursor: page.edges[0]!.cursor, endCursor: page.edges[1]!.cursor });
    expect(calls[0]).toMatchObject({ sql: 'select `email`, `customer_id` from `customer` order by `customer_id` asc limit :__upper_limit' });
    expect(calls[0]!.binds).toBe('__upper_limit=INT64(3)');
    await rt.connection(ctx, c, { first: 2, after: page.pageInfo.endCursor }, ['email'], 'p');
    expect(calls[2]!.sql).toBe('select `email`, `customer_id` from `customer` where `customer_id` > :vtg1 order by `customer_id` asc limit :__upper_limit');
    expect(calls[2]!.binds).toBe('vtg1=INT64(1) __upper_limit=INT64(3)');
  });

  it('connection refuses a cursor of another order or table', async () => {
    const { executor } = fakeExecutor((_t, _sql, binds) => (binds.__upper_limit ? [[sqlInt64(5), sqlInt64(1)]] : []));
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    const page = await rt.connection(ctx, table('customer'), { first: 1, order_by: [{ score: 'desc' }] }, ['score'], 'p');
    const cursor = page.pageInfo.endCursor!;
    expect(await rejection(rt.connection(ctx, table('customer'), { first: 1, after: cursor }, ['score'], 'p'))).toMatchObject({ id: 'SG1003' });
    expect(await rejection(rt.connection(ctx, table('corder'), { first: 1, after: cursor, order_by: [{ customer_id: 'desc' }] }, [], 'p'))).toMatchObject({ id: 'SG1003' });
    expect(await rejection(rt.connection(ctx, table('customer'), { first: 1, after: `${cursor}x`, order_by: [{ score: 'desc' }] }, [], 'p'))).toMatchObject({ id: 'SG1003' });
  });

  it('enforces limits and argument shapes', async () => {
    const { executor, calls } = fakeExecutor();
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    const c = table('customer');
    expect(await rejection(rt.select(ctx, c, { limit: 101 }, ['email'], 'x'))).toMatchObject({ id: 'SG1004', message: 'limit 101 on customer.customer exceeds the row limit (limits.maxRows = 100)' });
    expect(await rejection(rt.select(ctx, c, { limit: 60, offset: 50 }, ['email'], 'x'))).toMatchObject({ id: 'SG502' });
    expect(await rejection(rt.select(ctx, c, { limit: -1 }, ['email'], 'x'))).toMatchObject({ id: 'SG1005' });
    expect(await rejection(rt.select(ctx, c, { offset: 1.5 }, ['email'], 'x'))).toMatchObject({ id: 'SG1005' });
    expect(await rejection(rt.connection(ctx, c, { first: 101 }, ['email'], 'x'))).toMatchObject({ id: 'SG1004' });
    expect(await rejection(rt.select(ctx, c, {}, ['nope'], 'x'))).toMatchObject({ id: 'SG1001' });
    expect(await rejection(rt.byPk(ctx, c, {}, ['email'], 'x'))).toMatchObject({ id: 'SG1006', message: expect.stringContaining('missing customer_id') });
    expect(await rejection(rt.byPk(ctx, c, { customer_id: 1, email: 'a' }, ['email'], 'x'))).toMatchObject({ id: 'SG1006', message: expect.stringContaining('not primary key columns: email') });
    expect(await rejection(rt.byPk(ctx, c, { customer_id: 'one' }, ['email'], 'x'))).toMatchObject({ id: 'SG1000' });
    expect(await rejection(rt.byPk(ctx, table('cheap'), {}, ['sku'], 'x'))).toMatchObject({ id: 'SG1007' });
    expect(await rejection(rt.connection(ctx, table('cheap'), {}, ['sku'], 'x'))).toMatchObject({ id: 'SG1007' });
    expect(await rejection(rt.aggregate(ctx, c, {}, { sum: ['email'] }, 'x'))).toMatchObject({ id: 'SG1008' });
    expect(await rejection(rt.aggregate(ctx, table('allTypes'), {}, { min: ['doc'] }, 'x'))).toMatchObject({ id: 'SG1008' });
    expect(await rejection(rt.aggregate(ctx, table('cheap'), {}, { count: { distinct: true } }, 'x'))).toMatchObject({ id: 'SG1009' });
    expect(calls).toEqual([]);
  });

  it('counts distinct values across shards: a tuple over the sharding key is summed, others merged under maxRows + 1', async () => {
    const { executor, calls } = fakeExecutor();
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    const count = (columns: string[]) => ({ count: { columns, distinct: true } });
    expect(await rt.aggregate(ctx, table('corder'), {}, count(['customer_id', 'sku']), 'a')).toEqual({ count: 0 });
    expect(await rt.aggregate(ctx, table('corder'), {}, { ...count(['status', 'sku']), max: ['status'] }, 'b')).toEqual({ count: 0, max: { status: null } });
    expect(await rt.aggregate(ctx, table('customer'), {}, count(['email']), 'c')).toEqual({ count: 0 });
    expect(calls.filter((c) => c.shard === 'customer/-80').map((c) => `${c.sql} ${c.binds}`.trim())).toEqual([
      'select count(distinct `customer_id`, `sku`) from `corder`',
      'select `status`, cast(`status` as unsigned), `sku`, weight_string(`sku`), max(`status`), weight_string(max(`status`)) from `corder` group by `status`, cast(`status` as unsigned), `sku`, weight_string(`sku`) limit :__upper_limit __upper_limit=INT64(101)',
      'select `email`, weight_string(`email`) from `customer` group by `email`, weight_string(`email`) limit :__upper_limit __upper_limit=INT64(101)',
    ]);
  });

  it('orders a sharded table by an ENUM through its member number', async () => {
    const { executor, calls } = fakeExecutor();
    const rt = runtime(executor);
    await rt.select(rt.createRequestContext(), table('corder'), { order_by: [{ status: 'asc' }], limit: 3 }, ['order_id'], 'o');
    expect(calls[0]!.sql).toBe('select `order_id`, `status`, cast(`status` as unsigned) from `corder` order by `status` asc limit :__upper_limit');
  });

  it('caches plans: the same request again does no planning', async () => {
    const { executor } = fakeExecutor();
    const rt = runtime(executor);
    const ctx = rt.createRequestContext();
    await rt.select(ctx, table('customer'), { where: { customer_id: { _eq: 5 } } }, ['email'], 'a');
    await rt.select(ctx, table('customer'), { where: { customer_id: { _eq: 5 } } }, ['email'], 'b');
    await rt.select(ctx, table('customer'), { where: { customer_id: { _eq: 6 } } }, ['email'], 'c');
    expect(rt.planCacheStats()).toEqual({ hits: 1, misses: 2, size: 2, capacity: 1000 });
  });
});
