// The sequence cache against a fake sequence row (next_id, cache): block reservation as
// vttablet's execNextval does it, one round trip for any count, blocks lost when another
// gateway moved next_id, serialized callers, and the failures (no row, bad cache, errors).

import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { sqlInt64, sqlValueToInt64, sqlVarchar } from '../../util/sqlValue.js';
import type { TopologyLayout } from '../../topology/topology.js';
import { FULL_KEY_RANGE } from '../../sharding/key/keyRange.js';
import { createSequenceCache } from '../sequenceCache.js';
import { createFakeTransactionExecutor, type TxReply } from './fakeTransactionExecutor.js';

const LAYOUT: TopologyLayout = {
  keyspaces: new Map([
    ['commerce', { name: 'commerce', sharded: false, shards: [{ name: '0', keyRange: FULL_KEY_RANGE }] }],
    ['customer', { name: 'customer', sharded: true, shards: [{ name: '-80', keyRange: FULL_KEY_RANGE }, { name: '80-', keyRange: FULL_KEY_RANGE }] }],
  ]),
} as unknown as TopologyLayout;

const SEQ = { keyspace: 'commerce', table: 'order_seq' };

/** A sequence row the fake serves: `select` reads it, `update` writes next_id (committed or not, for these tests). */
function sequenceRow(nextId: bigint, cache: bigint, override?: (sql: string) => TxReply | undefined) {
  const row = { nextId, cache };
  const executor = createFakeTransactionExecutor({
    replies: (_target, sql, binds) => {
      const special = override?.(sql);
      if (special !== undefined) return special;
      if (sql.startsWith('select next_id, cache')) return { rows: [[sqlInt64(row.nextId), sqlInt64(row.cache)]] };
      if (sql.startsWith('update')) {
        row.nextId = sqlValueToInt64(binds.next_id as never);
        return { rowsAffected: 1 };
      }
      return undefined;
    },
  });
  return { row, executor, cache: createSequenceCache({ executor, layout: LAYOUT }) };
}

describe('createSequenceCache', () => {
  it('reserves a block of `cache` ids in one short transaction and serves the rest from memory', async () => {
    const { row, executor, cache } = sequenceRow(1n, 10n);
    expect(await cache.next(SEQ, 3)).toEqual([1n, 2n, 3n]);
    expect(row.nextId).toBe(11n);
    expect(executor.lines).toEqual([
      'begin commerce/0#1',
      'execute commerce/0#1 select next_id, cache from `order_seq` where id = 0 for update {}',
      'execute commerce/0#1 update `order_seq` set next_id = :next_id where id = 0 {next_id: INT64(11)}',
      'commit commerce/0#1',
    ]);
    expect(await cache.next(SEQ, 7)).toEqual([4n, 5n, 6n, 7n, 8n, 9n, 10n]);
    expect(executor.lines).toHaveLength(4);
    expect(await cache.next(SEQ, 1)).toEqual([11n]);
    expect(row.nextId).toBe(21n);
  });

  it('take: serves from the block without a promise, nothing before the first block nor while a call waits, in call order with next', async () => {
    const { executor, cache } = sequenceRow(1n, 4n);
    expect(cache.take!(SEQ, 1)).toBeUndefined();
    expect(await cache.next(SEQ, 1)).toEqual([1n]);
    expect(cache.take!(SEQ, 2)).toEqual([2n, 3n]);
    expect(cache.take!(SEQ, 2)).toBeUndefined(); // one id left: a new block is next's to reserve
    const refill = cache.next(SEQ, 2);
    expect(cache.take!(SEQ, 1)).toBeUndefined(); // a call is queued: take never jumps it
    expect(await refill).toEqual([4n, 5n]);
    expect(cache.take!(SEQ, 1)).toEqual([6n]);
    expect(cache.take!(SEQ, 0)).toBeUndefined();
    expect(executor.lines.filter((l) => l.startsWith('begin'))).toHaveLength(2);
  });

  it('reserves as many blocks as a large batch needs in one round trip; the ids stay consecutive', async () => {
    const { row, executor, cache } = sequenceRow(1n, 10n);
    await cache.next(SEQ, 4);
    const ids = await cache.next(SEQ, 25);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(5 + i)));
    expect(row.nextId).toBe(31n);
    expect(executor.lines.filter((l) => l.startsWith('begin'))).toHaveLength(2);
  });

  it('drops its block when another gateway moved next_id: ids never repeat (gaps allowed)', async () => {
    const { row, cache } = sequenceRow(1n, 5n);
    const first = await cache.next(SEQ, 3);
    row.nextId = 100n;
    const more = await cache.next(SEQ, 5);
    expect(first).toEqual([1n, 2n, 3n]);
    expect(more).toEqual([100n, 101n, 102n, 103n, 104n]);
    expect(row.nextId).toBe(105n);
  });

  it('a new cache over the same row (a restart) never hands out an id served before', async () => {
    const { row, cache } = sequenceRow(1n, 10n);
    const before = await cache.next(SEQ, 2);
    const restarted = createSequenceCache({ executor: createFakeTransactionExecutor({ replies: (_t, sql) => (sql.startsWith('select') ? { rows: [[sqlInt64(row.nextId), sqlInt64(row.cache)]] } : { rowsAffected: 1 }) }), layout: LAYOUT });
    const after = await restarted.next(SEQ, 2);
    expect(after[0]! > before.at(-1)!).toBe(true);
    expect(after).toEqual([11n, 12n]);
  });

  it('serves concurrent callers one at a time: one reservation, distinct ids', async () => {
    const { executor, cache } = sequenceRow(1n, 100n);
    const all = await Promise.all(Array.from({ length: 8 }, () => cache.next(SEQ, 3)));
    const flat = all.flat();
    expect(new Set(flat).size).toBe(24);
    expect(executor.lines.filter((l) => l.startsWith('begin'))).toHaveLength(1);
  });

  it.each([
    ['no row id 0', () => ({ rows: [] })],
    ['cache below 1', () => ({ rows: [[sqlInt64(1), sqlInt64(0)]] })],
    ['a non-integer next_id', () => ({ rows: [[sqlVarchar('x'), sqlInt64(10)]] })],
  ] as const)('fails with SG713 on %s, rolls back and serves nothing', async (_name, reply) => {
    const { executor, cache } = sequenceRow(1n, 10n, (sql) => (sql.startsWith('select') ? reply() : undefined));
    const error = await cache.next(SEQ, 1).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG713')).toBe(true);
    expect(executor.lines.at(-1)).toBe('rollback commerce/0#1');
    expect(executor.openTransactions()).toBe(0);
  });

  it('a failed reservation serves nothing and the next call reserves again', async () => {
    let fail = true;
    const { row, cache } = sequenceRow(1n, 10n, (sql) => (sql.startsWith('update') && fail ? new Error('boom') : undefined));
    await expect(cache.next(SEQ, 1)).rejects.toThrow('boom');
    fail = false;
    expect(await cache.next(SEQ, 1)).toEqual([1n]);
    expect(row.nextId).toBe(11n);
  });

  it('refuses a sequence in a sharded keyspace and a count that is not a positive integer', async () => {
    const { cache } = sequenceRow(1n, 10n);
    expect(isServiceError(await cache.next({ keyspace: 'customer', table: 's' }, 1).catch((e: unknown) => e), 'SG713')).toBe(true);
    for (const n of [0, -1, 1.5]) expect(isServiceError(await cache.next(SEQ, n).catch((e: unknown) => e), 'SG510')).toBe(true);
  });
});
