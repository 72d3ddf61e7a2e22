// executePlan: a SelectPlan in, rows out. Runs a VindexLookup's lookup plans first, turns
// their rows into targets, runs every target in parallel and merges the results as the
// plan's MergeSpec says. Mirrors vitess go/vt/vtgate/engine route.go, vindex_lookup.go,
// merge_sort.go, limit.go and scalar_aggregate.go. The I/O is the ShardExecutor's; the
// routing decisions are the planner's.

import { routeAfterLookup } from '../sharding/plan/routeAfterLookup.js';
import type { RouteTarget, SelectPlan, VindexLookupNode } from '../sharding/plan/plan.js';
import { findKeyspace, shardRanges, type TopologyLayout } from '../topology/topology.js';
import { assertNever, invariant } from '../util/invariant.js';
import type { ExecutionObserver } from './executionObserver.js';
import { executeTargets, type StatementContext } from './executeTargets.js';
import { mergeResults, type ExecutionResult } from './mergeResults.js';
import type { ShardExecutor, TabletType } from './shardExecutor.js';

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
}

interface ExecutionContext extends StatementContext {
  readonly layout?: TopologyLayout;
}

/**
 * Runs the lookup plans of a VindexLookup (in parallel, each through executePlan's own
 * path) and returns the targets their rows lead to. A failing lookup fails the whole
 * plan with its own error (the first in step order when several fail).
 */
async function lookupTargets(node: VindexLookupNode, ctx: ExecutionContext): Promise<readonly RouteTarget[]> {
  invariant(ctx.layout !== undefined, `plan of ${node.keyspace.name}.${node.table} routes through a lookup vindex: executePlan needs options.layout`);
  const shards = shardRanges(findKeyspace(ctx.layout, node.keyspace.name));
  const settled = await Promise.allSettled(node.lookups.map((step) => runPlan(step.plan, ctx)));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const rows = settled.map((s) => (s.status === 'fulfilled' ? s.value.rows : []));
  return routeAfterLookup(node, rows, shards);
}

function hasBudget(timeoutMs: number | undefined): timeoutMs is number {
  return timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs);
}

async function runPlan(plan: SelectPlan, ctx: ExecutionContext): Promise<ExecutionResult> {
  const route = plan.route;
  let targets: readonly RouteTarget[];
  switch (route.kind) {
    case 'route':
      targets = route.targets;
      break;
    case 'vindexLookup':
      targets = await lookupTargets(route, ctx);
      break;
    default:
      return assertNever(route, 'plan route');
  }
  const identity = { keyspace: route.keyspace.name, table: plan.table, opcode: route.opcode, sql: route.sql };
  const results = await executeTargets(identity, targets, ctx);
  return mergeResults(plan, results, ctx.maxRows);
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
 */
export async function executePlan(plan: SelectPlan, executor: ShardExecutor, options: ExecutionOptions = {}): Promise<ExecutionResult> {
  const ctx: ExecutionContext = {
    executor,
    tabletType: options.tabletType ?? 'primary',
    ...(hasBudget(options.timeoutMs) ? { deadline: Date.now() + options.timeoutMs } : {}),
    ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.observer === undefined ? {} : { observer: options.observer }),
    ...(options.layout === undefined ? {} : { layout: options.layout }),
  };
  return runPlan(plan, ctx);
}
