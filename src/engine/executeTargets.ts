// Running one route's statements: every target shard at once through the ShardExecutor,
// waiting for all of them, then reporting each to the observer and failing the whole route
// when any failed. Mirrors vitess engine route.go executeShards over ExecuteMultiShard
// (without ScatterErrorsAsWarnings). Owns no merging (mergeResults) and no routing.

import { ServiceError } from '../errors/serviceError.js';
import type { Opcode, RouteTarget } from '../sharding/plan/plan.js';
import type { ExecutionObserver } from './executionObserver.js';
import type { ExecuteOptions, QueryResult, ShardExecutor, TabletType } from './shardExecutor.js';
import { shardFailureError, type ShardFailure } from './shardFailureError.js';

/** What every statement of one execution shares: where it goes and its limits. */
export interface StatementContext {
  readonly executor: ShardExecutor;
  readonly tabletType: TabletType;
  /** Epoch ms by which every statement must be done (from the execution's timeoutMs). */
  readonly deadline?: number;
  readonly maxRows?: number;
  readonly signal?: AbortSignal;
  readonly observer?: ExecutionObserver;
}

/** The route whose targets run: keyspace, table, opcode and SQL template (for errors and events). */
export interface RouteIdentity {
  readonly keyspace: string;
  readonly table: string;
  readonly opcode: Opcode;
  readonly sql: string;
}

/**
 * The per-statement options for a route starting now. Throws ServiceError SG708 when the
 * signal already aborted or the execution's time is used up, so no statement starts.
 */
function statementOptions(ctx: StatementContext, what: string): ExecuteOptions {
  if (ctx.signal?.aborted) {
    throw new ServiceError('SG708', `execution of ${what} was cancelled before its statements started`, {
      details: { table: what },
      cause: ctx.signal.reason,
    });
  }
  let timeoutMs: number | undefined;
  if (ctx.deadline !== undefined) {
    timeoutMs = ctx.deadline - Date.now();
    if (timeoutMs <= 0) {
      throw new ServiceError('SG708', `execution of ${what} ran out of time before its statements started`, { details: { table: what } });
    }
  }
  return {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(ctx.maxRows === undefined ? {} : { maxRows: ctx.maxRows }),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  };
}

/** Calls the executor so that a synchronous throw becomes a rejection of that target only. */
function executeOne(ctx: StatementContext, keyspace: string, target: RouteTarget, options: ExecuteOptions): Promise<QueryResult> {
  try {
    return ctx.executor.execute({ keyspace, shard: target.shard, tabletType: ctx.tabletType }, target.sql, target.bindVars, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Runs every target of a route in parallel and returns their results in target order.
 * Contract: with targets, first throws SG708 (nothing reported) when the signal aborted or
 * the execution's time is used up; reports the route to `observer.onRoute` (also with no
 * target: then no I/O and an empty list); then starts every statement before awaiting any (never one after another), each with the
 * tablet type, the signal, `maxRows` and the time left of the execution; waits until all
 * settled; reports each to `observer.onStatement` in target order; then, if any failed,
 * throws one ServiceError naming every failing shard (shardFailureError: SG700–SG707, no
 * rows from the others).
 */
export async function executeTargets(
  route: RouteIdentity,
  targets: readonly RouteTarget[],
  ctx: StatementContext,
): Promise<QueryResult[]> {
  const { keyspace, table, opcode } = route;
  const what = `${keyspace}.${table}`;
  const options = targets.length === 0 ? undefined : statementOptions(ctx, what);
  ctx.observer?.onRoute?.({ keyspace, table, opcode, shards: targets.map((t) => t.shard), sql: route.sql, tabletType: ctx.tabletType });
  if (options === undefined) return [];
  const settled = await Promise.allSettled(targets.map((t) => executeOne(ctx, keyspace, t, options)));

  const failures: ShardFailure[] = [];
  const results: QueryResult[] = [];
  settled.forEach((outcome, i) => {
    const target = targets[i]!;
    const base = { keyspace, shard: target.shard, table, opcode, tabletType: ctx.tabletType, sql: target.sql, bindVars: target.bindVars };
    if (outcome.status === 'fulfilled') {
      results.push(outcome.value);
      ctx.observer?.onStatement?.({ ...base, rows: outcome.value.rows.length });
    } else {
      failures.push({ keyspace, shard: target.shard, error: outcome.reason });
      ctx.observer?.onStatement?.({ ...base, rows: 0, error: outcome.reason });
    }
  });
  if (failures.length > 0) throw shardFailureError(what, failures, targets.length);
  return results;
}
