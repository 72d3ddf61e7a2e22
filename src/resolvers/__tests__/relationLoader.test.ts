// The keyed loaders' DataLoader contract against a fake runtime that answers reads from rows in
// memory (text compared case-insensitively, as a `_ci` collation does) and can fail a shard:
// results in key order, `[]` or zero counts for keys without rows, an Error only for the keys of
// a failed shard, one read per owning shard, maxBatchSize, batching off, and collation-equal text
// keys read again on their own.
import { describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../../engine/executePlan.js';
import { ServiceError } from '../../errors/serviceError.js';
import type { Predicate, QueryRequest } from '../../sharding/planner/queryRequest.js';
import type { KeyRouting } from '../../sharding/planner/routeKeys.js';
import { sqlInt64, sqlValueToString, sqlVarchar, type SqlValue } from '../../util/sqlValue.js';
import { planAggregates } from '../aggregateParts.js';
import type { ApiTable } from '../catalog.js';
import type { KeyBatchDeps } from '../keyBatches.js';
import { createKeyedAggregateLoader, createKeyedLoader, keyedLoadKey } from '../relationLoader.js';
import { column, schema, table, vschemaModel } from './fixtures.js';
import { buildApiCatalog } from '../buildApiCatalog.js';

const corder: ApiTable = buildApiCatalog({
  vschema: vschemaModel({ ks: { sharded: false, tables: {} } }),
  schemas: [schema('ks', [table('corder', [column('order_id', 'INT64', 'bigint'), column('owner', 'INT64', 'bigint'), column('tag', 'VARCHAR', 'varchar(10)')], ['order_id'])])],
}).tables[0]!;

type Row = Record<string, SqlValue>;
const row = (order_id: number, owner: number, tag: string): Row => ({ order_id: sqlInt64(order_id), owner: sqlInt64(owner), tag: sqlVarchar(tag) });
const ROWS: Row[] = [row(1, 1, 'a'), row(2, 1, 'A'), row(3, 2, 'b'), row(4, 3, 'c'), row(5, 1, 'a'), row(6, 3, 'c')];

/** Equality as a `_ci` collation: text case-insensitively, numbers by value. */
function equal(a: SqlValue, b: SqlValue): boolean {
  return sqlValueToString(a).toLowerCase() === sqlValueToString(b).toLowerCase();
}

function matches(p: Predicate, r: Row): boolean {
  switch (p.kind) {
    case 'true':
      return true;
    case 'and':
      return p.operands.every((o) => matches(o, r));
    case 'or':
      return p.operands.some((o) => matches(o, r));
    case 'in':
      return p.values.some((v) => equal(r[p.column]!, v));
    case 'cmp':
      return p.op === '=' && equal(r[p.column]!, p.value);
    default:
      throw new Error(`the fake does not evaluate ${p.kind}`);
  }
}

const groupKey = (r: Row, columns: readonly string[]): string => JSON.stringify(columns.map((c) => sqlValueToString(r[c]!).toLowerCase()));

/** Answers a read like MySQL would: where, order by order_id, partition windows, grouped count(*). */
function answer(req: QueryRequest): ExecutionResult {
  let rows = ROWS.filter((r) => matches(req.where ?? { kind: 'true' }, r)).sort((a, b) => Number(sqlValueToString(a.order_id!)) - Number(sqlValueToString(b.order_id!)));
  if (req.aggregates !== undefined) {
    const groups = new Map<string, Row[]>();
    for (const r of rows) groups.set(req.groupBy === undefined ? '' : groupKey(r, req.groupBy), [...(groups.get(req.groupBy === undefined ? '' : groupKey(r, req.groupBy)) ?? []), r]);
    if (req.groupBy === undefined) return { columns: ['count'], fields: [], rows: [[sqlInt64(rows.length)]] };
    return { columns: [...req.groupBy, 'count'], fields: [], rows: [...groups.values()].map((g) => [...req.groupBy!.map((c) => g[0]![c]!), sqlInt64(g.length)]) };
  }
  if (req.partition !== undefined) {
    const { columns, limit, offset = 0 } = req.partition;
    const seen = new Map<string, number>();
    rows = rows.filter((r) => {
      const n = seen.get(groupKey(r, columns)) ?? 0;
      seen.set(groupKey(r, columns), n + 1);
      return n >= offset && (limit === undefined || n < offset + limit);
    });
  }
  if (req.limit !== undefined || req.offset !== undefined) rows = rows.slice(req.offset ?? 0, (req.offset ?? 0) + (req.limit ?? rows.length));
  return { columns: req.select, fields: [], rows: rows.map((r) => req.select.map((c) => r[c]!)) };
}

/** Owners 1 and 2 live on shard `a`, 3 on `b`, 4 nowhere; `failing` shards reject. */
function fakeDeps(options: { failing?: string[]; batch?: boolean; maxBatchSize?: number; route?: boolean } = {}): { deps: KeyBatchDeps; reads: string[] } {
  const reads: string[] = [];
  const shardOf = (owner: string): string | undefined => ({ '1': 'a', '2': 'a', '3': 'b' })[owner];
  let current: string | undefined;
  return {
    reads,
    deps: {
      maxBatchSize: options.maxBatchSize ?? 100,
      batch: options.batch ?? true,
      routeKeys: (_t, columns, tuples): KeyRouting => {
        if (options.route === false || columns[0] !== 'owner') return { kind: 'planner' };
        const shards = new Map<string, number[]>();
        tuples.forEach((t, i) => {
          const shard = shardOf(sqlValueToString(t[0]!));
          if (shard !== undefined) shards.set(shard, [...(shards.get(shard) ?? []), i]);
        });
        return { kind: 'shards', vindex: 'fake', shards: new Map([...shards].sort()) };
      },
      request: (t, select, where, extra = {}) => {
        // The key predicate's first value tells the fake which shard a routed read goes to.
        const first = where.kind === 'and' ? where.operands[0]! : where;
        const value = first.kind === 'in' ? first.values[0] : first.kind === 'cmp' ? first.value : undefined;
        current = options.route === false || value === undefined ? '*' : shardOf(sqlValueToString(value));
        return { keyspace: t.keyspace, table: t.table, select, where, ...extra, ...(current === undefined ? {} : { destination: { kind: 'shards', shards: [current] } }) };
      },
      run: async (req) => {
        const shard = req.destination?.kind === 'shards' ? req.destination.shards[0]! : '*';
        const keyValues = (req.where as { values?: SqlValue[] }).values?.map(sqlValueToString);
        reads.push(`${shard}:${req.partition === undefined ? '' : 'partition '}${req.groupBy === undefined ? '' : 'groupBy '}${req.limit === undefined ? '' : 'limit '}${JSON.stringify(keyValues)}`);
        if ((options.failing ?? []).includes(shard)) throw new ServiceError('SG700', `shard ${shard} is down`, { details: { shards: [shard] } });
        return answer(req);
      },
    },
  };
}

const ownerKey = (owner: number) => keyedLoadKey([corder.columns[1]!], [sqlInt64(owner)], 'p');
const ids = (rows: readonly Record<string, unknown>[] | Error): unknown => (rows instanceof Error ? rows.message : rows.map((r) => r.order_id));

describe('createKeyedLoader', () => {
  const shape = { columns: ['order_id'], where: { kind: 'true' } as Predicate, orderBy: [] };

  it('answers in key order, [] for keys without rows, one read per owning shard with only its keys', async () => {
    const { deps, reads } = fakeDeps();
    const loader = createKeyedLoader(corder, ['owner'], shape, deps);
    const results = await loader.loadMany([3, 4, 1, 2].map(ownerKey));
    expect(results.map((r) => ids(r as Record<string, unknown>[]))).toEqual([[4n, 6n], [], [1n, 2n, 5n], [3n]]);
    expect(reads.sort()).toEqual(['a:["1","2"]', 'b:["3"]']);
  });

  it('gives rows of the selected columns only: the key columns read to match rows are left out unless selected', async () => {
    const rows = async (columns: string[]) => (await createKeyedLoader(corder, ['owner'], { ...shape, columns }, fakeDeps().deps).loadMany([ownerKey(3)]))[0];
    expect(await rows(['order_id'])).toEqual([{ order_id: 4n }, { order_id: 6n }]);
    expect(await rows(['tag', 'owner'])).toEqual([{ tag: 'c', owner: 3n }, { tag: 'c', owner: 3n }]);
    // Also when several keys are read at once (each row matched to its key by the key column).
    const many = await createKeyedLoader(corder, ['owner'], { ...shape, columns: ['tag'] }, fakeDeps().deps).loadMany([1, 3].map(ownerKey));
    expect(many).toEqual([[{ tag: 'a' }, { tag: 'A' }, { tag: 'a' }], [{ tag: 'c' }, { tag: 'c' }]]);
  });

  it('a failing shard fails only its keys, with its error', async () => {
    const { deps } = fakeDeps({ failing: ['b'] });
    const results = await createKeyedLoader(corder, ['owner'], shape, deps).loadMany([1, 3, 2].map(ownerKey));
    expect(results.map((r) => ids(r as Record<string, unknown>[]))).toEqual([[1n, 2n, 5n], 'shard b is down', [3n]]);
  });

  it('pages per key with partition when a read has several keys, with limit/offset when it has one', async () => {
    const { deps, reads } = fakeDeps();
    const paged = { ...shape, limit: 1, offset: 1 };
    const results = await createKeyedLoader(corder, ['owner'], paged, deps).loadMany([1, 2, 3].map(ownerKey));
    expect(results.map((r) => ids(r as Record<string, unknown>[]))).toEqual([[2n], [], [6n]]);
    expect(reads.sort()).toEqual(['a:partition ["1","2"]', 'b:limit ["3"]']);
  });

  it('splits batches at maxBatchSize; batching off reads each key alone; the cache reads a key once', async () => {
    const split = fakeDeps({ maxBatchSize: 1 });
    await createKeyedLoader(corder, ['owner'], shape, split.deps).loadMany([1, 2].map(ownerKey));
    expect(split.reads.sort()).toEqual(['a:["1"]', 'a:["2"]']);
    const off = fakeDeps({ batch: false });
    const loader = createKeyedLoader(corder, ['owner'], shape, off.deps);
    await Promise.all([1, 2, 1, 3].map((o) => loader.load(ownerKey(o))));
    expect(off.reads.sort()).toEqual(['a:["1"]', 'a:["2"]', 'b:["3"]']);
  });

  it('reads again on their own the text keys a collation-equal row makes ambiguous', async () => {
    const { deps, reads } = fakeDeps({ route: false });
    const tagKey = (tag: string) => keyedLoadKey([corder.columns[2]!], [sqlVarchar(tag)], 'p');
    const results = await createKeyedLoader(corder, ['tag'], shape, deps).loadMany(['a', 'A', 'b'].map(tagKey));
    // Under `_ci`, 'a' and 'A' name the same rows: SQL decides, key by key.
    expect(results.map((r) => ids(r as Record<string, unknown>[]))).toEqual([[1n, 2n, 5n], [1n, 2n, 5n], [3n]]);
    expect(reads).toEqual(['*:["a","A","b"]', '*:["a"]', '*:["A"]']);
  });
});

describe('createKeyedAggregateLoader', () => {
  it('groups by the key columns, zero-fills keys without rows, fails only a failing shard\'s keys', async () => {
    const plan = planAggregates(corder, { count: true });
    const { deps, reads } = fakeDeps({ failing: ['b'] });
    const results = await createKeyedAggregateLoader(corder, ['owner'], { kind: 'true' }, plan, deps).loadMany([1, 2, 3, 4].map(ownerKey));
    expect(results.map((r) => (r instanceof Error ? r.message : r.count))).toEqual([3, 1, 'shard b is down', 0]);
    expect(reads.sort()).toEqual(['a:groupBy ["1","2"]', 'b:["3"]']);
  });
});
