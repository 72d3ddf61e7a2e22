// Running one route's statements: every target shard at once through the ShardExecutor,
// waiting for all of them, then reporting each to the observer and failing the whole route
// when any failed; plus the pieces a one-target route uses on its own (no allSettled).
// Mirrors vitess engine route.go executeShards over ExecuteMultiShard (without
// ScatterErrorsAsWarnings). Owns no merging (mergeResults) and no routing.

import { ServiceError } from '../errors/serviceError.js';
import type { Opcode, RouteTarget } from '../sharding/plan/plan.js';
import type { InsertOpcode } from '../sharding/plan/writePlan.js';
import type { ExecutionObserver } from './executionObserver.js';
import type { ExecuteOptions, QueryResult, ShardExecutor, TabletType } from './shardExecutor.js';
import { shardFailureError, type ShardFailure } from './shardFailureError.js';

/**
 * What every statement of one execution shares: where it goes and its limits. Built once
 * per execution with every property present (one object shape on the hot path).
 */
export interface StatementContext {
  readonly executor: ShardExecutor;
  readonly tabletType: TabletType;
  /** Epoch ms by which every statement must be done (from the execution's timeoutMs); undefined: none. */
  readonly deadline: number | undefined;
  readonly maxRows: number | undefined;
  readonly signal: AbortSignal | undefined;
  readonly observer: ExecutionObserver | undefined;
  /** `maxRows` and `signal` as statement options (only those given), shared by every statement without a deadline. */
  readonly limits: ExecuteOptions;
}

/** The route whose targets run: its keyspace, opcode and SQL template (a RouteNode or VindexLookupNode is one). */
export interface RouteIdentity {
  readonly keyspace: { readonly name: string };
  readonly opcode: Opcode | InsertOpcode;
  readonly sql: string;
}

const NO_LIMITS: ExecuteOptions = Object.freeze({});

/** The statement options every statement of an execution shares: `maxRows` and `signal`, only those given. */
export function statementLimits(maxRows: number | undefined, signal: AbortSignal | undefined): ExecuteOptions {
  if (maxRows === undefined) return signal === undefined ? NO_LIMITS : { signal };
  return signal === undefined ? { maxRows } : { maxRows, signal };
}

/**
 * The per-statement options for a route of `keyspace.table` starting now: the shared limits,
 * plus the time left when the execution has a deadline. Throws ServiceError SG708 when the
 * signal already aborted or the execution's time is used up, so no statement starts.
 */
export function routeOptions(ctx: StatementContext, keyspace: string, table: string): ExecuteOptions {
  const signal = ctx.signal;
  if (signal !== undefined && signal.aborted) {
    const what = `${keyspace}.${table}`;
    throw new ServiceError('SG708', `execution of ${what} was cancelled before its statements started`, {
      details: { table: what },
      cause: signal.reason,
    });
  }
  if (ctx.deadline === undefined) return ctx.limits;
  const timeoutMs = ctx.deadline - Date.now();
  if (timeoutMs <= 0) {
    const what = `${keyspace}.${table}`;
    throw new ServiceError('SG708', `execution of ${what} ran out of time before its statements started`, { details: { table: what } });
  }
  return { ...ctx.limits, timeoutMs };
}

/** Tells the observer (if any) that a route of `table` is about to run on the shards of `targets`. */
export function reportRoute(ctx: StatementContext, route: RouteIdentity, table: string, targets: readonly RouteTarget[]): void {
  const observer = ctx.observer;
  if (observer?.onRoute === undefined) return;
  const shards = targets.map((t) => t.shard);
  observer.onRoute({ keyspace: route.keyspace.name, table, opcode: route.opcode, shards, sql: route.sql, tabletType: ctx.tabletType });
}

/** The observer's StatementEvent fields every statement of `target` has, before its outcome. */
function statementBase(ctx: StatementContext, route: RouteIdentity, table: string, target: RouteTarget) {
  return { keyspace: route.keyspace.name, shard: target.shard, table, opcode: route.opcode, tabletType: ctx.tabletType, sql: target.sql, bindVars: target.bindVars };
}

/** Tells the observer (if any) that the statement of `target` returned `rows` rows. */
export function reportStatement(ctx: StatementContext, route: RouteIdentity, table: string, target: RouteTarget, rows: number): void {
  const observer = ctx.observer;
  if (observer?.onStatement === undefined) return;
  observer.onStatement({ ...statementBase(ctx, route, table, target), rows });
}

/** Tells the observer (if any) that the statement of `target` failed with `error` (rows 0). */
function reportFailedStatement(ctx: StatementContext, route: RouteIdentity, table: string, target: RouteTarget, error: unknown): void {
  const observer = ctx.observer;
  if (observer?.onStatement === undefined) return;
  observer.onStatement({ ...statementBase(ctx, route, table, target), rows: 0, error });
}

/**
 * Starts the statement of one target. Contract: calls the executor with the target's shard,
 * SQL and binds, the execution's tablet type and `options`; a synchronous throw of the
 * executor becomes a rejection (of this target only).
 */
export function executeTarget(ctx: StatementContext, keyspace: string, target: RouteTarget, options: ExecuteOptions): Promise<QueryResult> {
  try {
    return ctx.executor.execute({ keyspace, shard: target.shard, tabletType: ctx.tabletType }, target.sql, target.bindVars, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The error of a one-target route whose statement failed with `error`, after reporting the
 * statement to the observer: exactly what executeTargets throws for one failing target of
 * one (shardFailureError: SG700–SG707 naming the shard).
 */
export function singleTargetFailure(ctx: StatementContext, route: RouteIdentity, table: string, target: RouteTarget, error: unknown): ServiceError {
  reportFailedStatement(ctx, route, table, target, error);
  const keyspace = route.keyspace.name;
  return shardFailureError(`${keyspace}.${table}`, [{ keyspace, shard: target.shard, error }], 1);
}

/**
 * Runs every target of a route of `table` in parallel and returns their results in target order.
 * Contract: with targets, first throws SG708 (nothing reported) when the signal aborted or
 * the execution's time is used up; reports the route to `observer.onRoute` (also with no
 * target: then no I/O and an empty list); then starts every statement before awaiting any
 * (never one after another), each with the tablet type, the signal, `maxRows` and the time
 * left of the execution; waits until all settled; reports each to `observer.onStatement` in
 * target order; then, if any failed, throws one ServiceError naming every failing shard
 * (shardFailureError: SG700–SG707, no rows from the others). A one-target route may instead
 * use routeOptions, reportRoute, executeTarget, reportStatement and singleTargetFailure in
 * that order: same statements, events and errors.
 */
export async function executeTargets(route: RouteIdentity, table: string, targets: readonly RouteTarget[], ctx: StatementContext): Promise<QueryResult[]> {
  const keyspace = route.keyspace.name;
  const options = targets.length === 0 ? undefined : routeOptions(ctx, keyspace, table);
  reportRoute(ctx, route, table, targets);
  if (options === undefined) return [];
  const settled = await Promise.allSettled(targets.map((t) => executeTarget(ctx, keyspace, t, options)));

  const failures: ShardFailure[] = [];
  const results: QueryResult[] = [];
  for (let i = 0; i < settled.length; i++) {
    const outcome = settled[i]!;
    const target = targets[i]!;
    if (outcome.status === 'fulfilled') {
      results.push(outcome.value);
      reportStatement(ctx, route, table, target, outcome.value.rows.length);
    } else {
      failures.push({ keyspace, shard: target.shard, error: outcome.reason });
      reportFailedStatement(ctx, route, table, target, outcome.reason);
    }
  }
  if (failures.length > 0) throw shardFailureError(`${keyspace}.${table}`, failures, targets.length);
  return results;
}
