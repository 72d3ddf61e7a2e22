// The shard-aware part of every batched key load (by-pk and relationship loaders): a batch of key
// tuples becomes one read per shard that owns some of them, each read asking only for its own
// keys and settled on its own, so that a failing shard fails only its keys. Owns the grouping and
// the settling; which rows belong to which key is the loaders'.

import type { ExecutionResult } from '../engine/executePlan.js';
import type { Predicate, QueryRequest } from '../sharding/planner/queryRequest.js';
import type { KeyRouting } from '../sharding/planner/routeKeys.js';
import type { SqlValue } from '../util/sqlValue.js';
import type { ApiTable } from './catalog.js';

/** What a batched key loader needs from the runtime. */
export interface KeyBatchDeps {
  /** Most keys per batch (DataLoader maxBatchSize), at least 1. */
  readonly maxBatchSize: number;
  /** False: every key is its own batch, one read per key (RequestContextOptions.batching). */
  readonly batch: boolean;
  /**
   * Routes key tuples (values of `columns`) to the shards that own them (sharding/planner
   * routeKeys); the runtime answers `planner` under forceScatter, so that a batch is one read.
   */
  routeKeys(table: ApiTable, columns: readonly string[], tuples: readonly (readonly SqlValue[])[]): KeyRouting;
  /** Builds a read of `table` (adds forceScatter's destination). */
  request(table: ApiTable, select: readonly string[], where: Predicate, extra?: Partial<QueryRequest>): QueryRequest;
  /** Plans and runs one read at `path`; undefined in dry-run (planned and recorded only). */
  run(request: QueryRequest, path: string): Promise<ExecutionResult | undefined>;
}

/**
 * The reads of one batch, as groups of indexes into `tuples`: one group per shard that owns some
 * keys (shard order; each group holds only that shard's keys) when routeKeys decides, else one
 * group of every key. A key no shard can hold (its vindex maps it nowhere) is in no group.
 * Contract: `tuples` non-empty; groups non-empty, disjoint, indexes ascending.
 */
export function keyGroups(deps: KeyBatchDeps, table: ApiTable, columns: readonly string[], tuples: readonly (readonly SqlValue[])[]): number[][] {
  const routing = deps.routeKeys(table, columns, tuples);
  if (routing.kind === 'planner') return [tuples.map((_, i) => i)];
  return [...routing.shards.values()].map((indexes) => [...indexes]);
}

/**
 * Runs `read` for every group at once and settles each on its own: the group's value, or the
 * Error its read rejected with (the engine's error names the failing shard). Contract: results
 * in group order; never rejects for a failed read. A non-Error rejection becomes an Error.
 */
export async function settleGroups<T>(groups: readonly (readonly number[])[], read: (indexes: readonly number[]) => Promise<T>): Promise<(T | Error)[]> {
  const settled = await Promise.allSettled(groups.map((indexes) => read(indexes)));
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason instanceof Error ? s.reason : new Error(String(s.reason))));
}
