// Vitess sequences: ids for auto_increment columns from a one-row backing table in an
// unsharded keyspace, reserved a block at a time in a short transaction of its own and then
// served from memory. Mirrors vitess go/vt/vttablet/tabletserver/query_executor.go
// execNextval (the cache lives in each gateway here, as it lives in each vttablet there).
// Owns no routing: which column takes the ids is the planner's GenerateSpec.

import { ServiceError } from '../errors/serviceError.js';
import { describeSqlValue, sqlInt64, sqlValueToCastInt64 } from '../util/sqlValue.js';
import { findKeyspace, type TopologyLayout } from '../topology/topology.js';
import type { TransactionalShardExecutor } from './shardExecutor.js';

/** A sequence table: `keyspace`.`table`, with columns `id`, `next_id`, `cache` and the row `id = 0`. */
export interface SequenceRef {
  readonly keyspace: string;
  readonly table: string;
}

/** Options of {@link SequenceCache.next}. */
export interface SequenceNextOptions {
  /** Deadline of each statement of a reservation. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Hands out ids of sequences. Contract: `next(sequence, count)` resolves to `count` distinct
 * ids, ascending and consecutive, never handed out before by this cache nor by any other
 * cache (in this or another process) over the same backing table, nor after a restart: the
 * backing row's `next_id` always lies beyond every id served. Gaps are allowed (a process
 * that stops loses the rest of its block). A reservation reads `select next_id, cache from
 * t where id = 0 for update` and writes `next_id` advanced by `cache` (by as many multiples
 * of `cache` as `count` needs: one round trip for any count) in one transaction on the
 * keyspace's primary, never inside a caller's transaction. Calls for one sequence are served
 * one at a time. Failures: ServiceError SG713 when the table has no row `id = 0`, a
 * non-integer value or `cache < 1`; SG510 for a count that is not a positive safe integer;
 * what the executor throws (the transaction is then rolled back and nothing is served).
 */
export interface SequenceCache {
  next(sequence: SequenceRef, count: number, options?: SequenceNextOptions): Promise<bigint[]>;
  /**
   * The ids `next` would hand out, handed out now without a promise when the cached block
   * holds them and no call is queued; undefined otherwise (nothing is taken: call `next`).
   * Optional: a cache without it is always asked through `next`.
   */
  take?(sequence: SequenceRef, count: number): bigint[] | undefined;
}

/** Options of {@link createSequenceCache}. */
export interface SequenceCacheOptions {
  readonly executor: TransactionalShardExecutor;
  /** The shards of each keyspace: a sequence's keyspace must have exactly one. */
  readonly layout: TopologyLayout;
}

/** One sequence's cached block: ids nextVal..lastVal-1 are ours to serve (Vitess SequenceInfo). */
interface SequenceState {
  nextVal: bigint;
  lastVal: bigint;
  queue: Promise<unknown>;
  /** Calls queued and not yet served: while any is, a new call waits its turn. */
  waiting: number;
}

function quote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** Creates a sequence cache over `executor`; see {@link SequenceCache}. */
export function createSequenceCache(options: SequenceCacheOptions): SequenceCache {
  const states = new Map<string, SequenceState>();

  function targetOf(sequence: SequenceRef): { keyspace: string; shard: string } {
    const keyspace = findKeyspace(options.layout, sequence.keyspace);
    if (keyspace.shards.length !== 1) {
      throw new ServiceError('SG713', `sequence ${sequence.keyspace}.${sequence.table} must live in an unsharded keyspace, but ${sequence.keyspace} has ${keyspace.shards.length} shards`, {
        details: { sequence: `${sequence.keyspace}.${sequence.table}` },
      });
    }
    return { keyspace: sequence.keyspace, shard: keyspace.shards[0]!.name };
  }

  function malformed(sequence: SequenceRef, problem: string): ServiceError {
    const name = `${sequence.keyspace}.${sequence.table}`;
    return new ServiceError('SG713', `sequence ${name} cannot supply ids: ${problem}`, { details: { sequence: name } });
  }

  /** Reserves a new block so that `count` ids fit (execNextval's transaction). */
  async function refill(sequence: SequenceRef, state: SequenceState, count: bigint, limits: SequenceNextOptions): Promise<void> {
    const table = quote(sequence.table);
    const statementLimits = { ...(limits.timeoutMs === undefined ? {} : { timeoutMs: limits.timeoutMs }), ...(limits.signal === undefined ? {} : { signal: limits.signal }) };
    const tx = await options.executor.begin(targetOf(sequence), limits.signal === undefined ? {} : { signal: limits.signal });
    try {
      const read = await tx.execute(`select next_id, cache from ${table} where id = 0 for update`, {}, statementLimits);
      if (read.rows.length !== 1) throw malformed(sequence, `expected one row with id = 0, found ${read.rows.length}`);
      const row = read.rows[0]!;
      let nextId: bigint;
      let cache: bigint;
      try {
        nextId = sqlValueToCastInt64(row[0]!);
        cache = sqlValueToCastInt64(row[1]!);
      } catch {
        throw malformed(sequence, `next_id ${describeSqlValue(row[0]!)} and cache ${describeSqlValue(row[1]!)} must be integers`);
      }
      if (cache < 1n) throw malformed(sequence, `cache is ${cache}; it must be at least 1`);
      // Another gateway moved next_id (or this is the first reservation): our block is gone.
      if (state.lastVal !== nextId) {
        if (nextId < state.lastVal) nextId = state.lastVal;
        state.nextVal = nextId;
        state.lastVal = nextId;
      }
      const needed = state.nextVal + count - nextId;
      const blocks = needed <= cache ? 1n : (needed + cache - 1n) / cache;
      const newLast = nextId + blocks * cache;
      await tx.execute(`update ${table} set next_id = :next_id where id = 0`, { next_id: sqlInt64(newLast) }, statementLimits);
      await tx.commit();
      state.lastVal = newLast;
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }

  async function serve(sequence: SequenceRef, state: SequenceState, count: bigint, limits: SequenceNextOptions): Promise<bigint[]> {
    if (state.nextVal === 0n || state.nextVal + count > state.lastVal) await refill(sequence, state, count, limits);
    const first = state.nextVal;
    state.nextVal += count;
    const ids: bigint[] = [];
    for (let i = 0n; i < count; i++) ids.push(first + i);
    return ids;
  }

  function stateOf(sequence: SequenceRef): SequenceState {
    const key = `${sequence.keyspace}.${sequence.table}`;
    let state = states.get(key);
    if (state === undefined) {
      state = { nextVal: 0n, lastVal: 0n, queue: Promise.resolve(), waiting: 0 };
      states.set(key, state);
    }
    return state;
  }

  /** The common case: nothing queued and the block holds the ids: served now, in call order still. */
  function takeNow(state: SequenceState, count: number): bigint[] | undefined {
    const wanted = BigInt(count);
    if (state.waiting !== 0 || state.nextVal === 0n || state.nextVal + wanted > state.lastVal) return undefined;
    const first = state.nextVal;
    state.nextVal += wanted;
    return count === 1 ? [first] : Array.from({ length: count }, (_, i) => first + BigInt(i));
  }

  return {
    take(sequence, count) {
      return Number.isSafeInteger(count) && count >= 1 ? takeNow(stateOf(sequence), count) : undefined;
    },
    next(sequence, count, limits = {}) {
      if (!Number.isSafeInteger(count) || count < 1) {
        return Promise.reject(new ServiceError('SG510', `a sequence reservation needs a positive number of ids, got ${count}`, { details: { count } }));
      }
      const current = stateOf(sequence);
      const now = takeNow(current, count);
      if (now !== undefined) return Promise.resolve(now);
      const wanted = BigInt(count);
      current.waiting++;
      const run = current.queue.then(() => serve(sequence, current, wanted, limits)).finally(() => current.waiting--);
      current.queue = run.catch(() => undefined);
      return run;
    },
  };
}
