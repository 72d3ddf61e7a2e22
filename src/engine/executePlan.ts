// executePlan: a SelectPlan in, rows out. Runs a VindexLookup's lookup plans first, turns
// their rows into targets, runs every target in parallel and merges the results as the
// plan's MergeSpec says. Mirrors vitess go/vt/vtgate/engine route.go, vindex_lookup.go,
// merge_sort.go, limit.go and scalar_aggregate.go. The I/O is the ShardExecutor's; the
// routing decisions are the planner's.

import { routeAfterLookup } from '../sharding/plan/routeAfterLookup.js';
import type { Row, RouteNode, RouteTarget, SelectPlan, VindexLookupNode } from '../sharding/plan/plan.js';
import { findKeyspace, shardRanges, type TopologyLayout } from '../topology/topology.js';
import { assertNever, invariant } from '../util/invariant.js';
import type { ExecutionObserver } from './executionObserver.js';
import {
  executeTarget,
  executeTargets,
  reportRoute,
  reportStatement,
  routeOptions,
  singleTargetFailure,
  statementLimits,
  type StatementContext,
} from './executeTargets.js';
import { removeLookupOrphans } from './lookupOrphans.js';
import { mergeResults, mergeSingleResult, type ExecutionResult } from './mergeResults.js';
import type { QueryResult, ShardExecutor, TabletType, TransactionalShardExecutor } from './shardExecutor.js';

export type { ExecutionResult } from './mergeResults.js';

/** How to execute a plan. Every option is optional; see {@link executePlan}. */
export interface ExecutionOptions {
  /** `replica` lets reads go to a healthy replica (the executor falls back to the primary); default `primary`. */
  readonly tabletType?: TabletType;
  /**
   * Time for the whole execution in ms (lookups and route together); each statement gets
   * what is left. Absent, 0 or not finite: no budget (the executor's default applies).
   */
  readonly timeoutMs?: number;
  /** Most rows a shard statement may return and the merged result may have. */
  readonly maxRows?: number;
  /** Aborting cancels the statements in flight and starts no more. */
  readonly signal?: AbortSignal;
  /** Told about every route and statement (explain, statement counts). */
  readonly observer?: ExecutionObserver;
  /** The shards of each keyspace; required for plans that route through a lookup vindex. */
  readonly layout?: TopologyLayout;
  /**
   * Given: a read routed by an owned consistent lookup deletes the orphan lookup rows it meets,
   * in short transactions of this executor (lookupOrphans.ts). Absent: orphans are tolerated.
   */
  readonly lookupOrphans?: TransactionalShardExecutor;
}

interface ExecutionContext extends StatementContext {
  readonly layout: TopologyLayout | undefined;
  readonly lookupOrphans: TransactionalShardExecutor | undefined;
}

const NO_OPTIONS: ExecutionOptions = Object.freeze({});

/**
 * Runs the lookup plans of a VindexLookup (in parallel, each through executePlan's own
 * path) and returns the targets their rows lead to. A failing lookup fails the whole
 * plan with its own error (the first in step order when several fail).
 */
async function lookupTargets(node: VindexLookupNode, ctx: ExecutionContext): Promise<{ targets: readonly RouteTarget[]; lookupRows: readonly (readonly Row[])[] }> {
  invariant(ctx.layout !== undefined, `plan of ${node.keyspace.name}.${node.table} routes through a lookup vindex: executePlan needs options.layout`);
  const shards = shardRanges(findKeyspace(ctx.layout, node.keyspace.name));
  const settled = await Promise.allSettled(node.lookups.map((step) => runPlan(step.plan, ctx)));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const lookupRows = settled.map((s) => (s.status === 'fulfilled' ? s.value.rows : []));
  return { targets: routeAfterLookup(node, lookupRows, shards), lookupRows };
}

function hasBudget(timeoutMs: number | undefined): timeoutMs is number {
  return timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs);
}

function runPlan(plan: SelectPlan, ctx: ExecutionContext): Promise<ExecutionResult> {
  const route = plan.route;
  switch (route.kind) {
    case 'route':
      return runTargets(plan, route, route.targets, ctx);
    case 'vindexLookup':
      return runLookupRoute(plan, route, ctx);
    default:
      return assertNever(route, 'plan route');
  }
}

async function runLookupRoute(plan: SelectPlan, route: VindexLookupNode, ctx: ExecutionContext): Promise<ExecutionResult> {
  const { targets, lookupRows } = await lookupTargets(route, ctx);
  if (route.orphans === undefined || ctx.lookupOrphans === undefined || targets.length === 0) return await runTargets(plan, route, targets, ctx);
  // Same statements as runTargets, with the shard results kept to find the orphans among them.
  const results = targets.length === 1 ? [await oneTargetResult(plan, route, targets, ctx)] : await executeTargets(route, plan.table, targets, ctx);
  const counts = results.map((r, i) => ({ shard: targets[i]!.shard, rows: r.rows.length }));
  await removeLookupOrphans(ctx, route, route.orphans, ctx.lookupOrphans, ctx.layout!, lookupRows, counts);
  return results.length === 1 ? mergeSingleResult(plan, results[0]!, ctx.maxRows) : mergeResults(plan, results, ctx.maxRows);
}

function runTargets(plan: SelectPlan, route: RouteNode | VindexLookupNode, targets: readonly RouteTarget[], ctx: ExecutionContext): Promise<ExecutionResult> {
  return targets.length === 1 ? runOneTarget(plan, route, targets, ctx) : runManyTargets(plan, route, targets, ctx);
}

async function runManyTargets(plan: SelectPlan, route: RouteNode | VindexLookupNode, targets: readonly RouteTarget[], ctx: ExecutionContext): Promise<ExecutionResult> {
  return mergeResults(plan, await executeTargets(route, plan.table, targets, ctx), ctx.maxRows);
}

/**
 * The one-target route (a point select, an unsharded keyspace): the same statement, events
 * and errors as executeTargets + mergeResults, without allSettled and without merging (vitess
 * route.go executeShards sorts only when there are several shards).
 */
function runOneTarget(plan: SelectPlan, route: RouteNode | VindexLookupNode, targets: readonly RouteTarget[], ctx: ExecutionContext): Promise<ExecutionResult> {
  return oneTarget(plan, route, targets, ctx, mergeSingleResult);
}

/** The statement of a one-target route, reported and failing as executeTargets' would, its result kept as it is. */
function oneTargetResult(plan: SelectPlan, route: RouteNode | VindexLookupNode, targets: readonly RouteTarget[], ctx: ExecutionContext): Promise<QueryResult> {
  return oneTarget(plan, route, targets, ctx, keepResult);
}

/** What a one-target route makes of its statement's result (mergeSingleResult, or keepResult). */
type OneTargetFinish<R> = (plan: SelectPlan, result: QueryResult, maxRows: number | undefined) => R;

function keepResult(_plan: SelectPlan, result: QueryResult): QueryResult {
  return result;
}

/**
 * Runs the statement of a one-target route: routeOptions, reportRoute, executeTarget, then
 * reportStatement and `finish`, or singleTargetFailure. Every failure, a synchronous one
 * included (SG708, an observer that throws), is a rejection. No async frame: this is the path
 * of every point select, and one `then` on the executor's promise allocates less per call than
 * an async function (its generator, its own promise, and the promise and closures of an await).
 */
function oneTarget<R>(plan: SelectPlan, route: RouteNode | VindexLookupNode, targets: readonly RouteTarget[], ctx: ExecutionContext, finish: OneTargetFinish<R>): Promise<R> {
  const target = targets[0]!;
  const keyspace = route.keyspace.name;
  let statement: Promise<QueryResult>;
  try {
    const options = routeOptions(ctx, keyspace, plan.table);
    reportRoute(ctx, route, plan.table, targets);
    statement = executeTarget(ctx, keyspace, target, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return statement.then(
    (result) => {
      reportStatement(ctx, route, plan.table, target, result.rows.length);
      return finish(plan, result, ctx.maxRows);
    },
    (error: unknown) => {
      throw singleTargetFailure(ctx, route, plan.table, target, error);
    },
  );
}

/**
 * Executes a read plan and returns its visible columns, their fields and the merged rows.
 * Contract:
 * - A VindexLookup runs its lookup plans first (recursively, in parallel), then maps their
 *   rows to shards with routeAfterLookup (needs `options.layout`); then every target
 *   shard runs at once, never one after another. `None`, or a lookup that reaches no
 *   shard, does no I/O for the route.
 * - Merging (mergeResults): shard rows are k-way merge-sorted by the plan's order keys
 *   (MySQL NULL placement, weight strings for text), then offset and limit apply, then
 *   hidden columns are cut; aggregates fold into exactly one row (count 0 and NULLs when
 *   no shard was queried or all were empty).
 * - Failures: if any statement fails, the execution throws one ServiceError naming every
 *   failing keyspace/shard (SG700–SG707 by the most urgent code, `details.shardErrors`)
 *   and returns no partial rows; SG708 when cancelled or out of time before a step
 *   starts; SG709 when the merged result exceeds `maxRows`; what routeAfterLookup throws
 *   (SG405, SG301); InvariantError for a lookup plan without `layout` or a shard row too
 *   short for the merge.
 * - Every statement gets `tabletType`, `signal`, `maxRows` and the time left of
 *   `timeoutMs`; the observer hears every route and statement (executionObserver.ts).
 * - With `lookupOrphans`, a VindexLookup carrying `orphans` then removes the orphan lookup
 *   rows it met (lookupOrphans.ts: only rows naming a shard that returned no row; never
 *   fails the read, never changes its rows). Its statements are reported like the others.
 */
export function executePlan(plan: SelectPlan, executor: ShardExecutor, options: ExecutionOptions = NO_OPTIONS): Promise<ExecutionResult> {
  try {
    const maxRows = options.maxRows;
    const signal = options.signal;
    const ctx: ExecutionContext = {
      executor,
      tabletType: options.tabletType ?? 'primary',
      deadline: hasBudget(options.timeoutMs) ? Date.now() + options.timeoutMs : undefined,
      maxRows,
      signal,
      observer: options.observer,
      limits: statementLimits(maxRows, signal),
      layout: options.layout,
      lookupOrphans: options.lookupOrphans,
    };
    return runPlan(plan, ctx);
  } catch (error) {
    // Only a malformed plan gets here (assertNever); it fails like every other failure, as a rejection.
    return Promise.reject(error);
  }
}
