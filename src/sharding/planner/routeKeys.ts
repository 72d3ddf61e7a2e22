// Which shard owns the rows of a sharded table whose key columns equal given tuples, through the
// table's functional vindexes: the step that lets a batched load ask each shard only for the
// keys it owns, and run each shard's statement on its own. Mirrors the value → shard part of
// vitess go/vt/vtgate/engine/routing.go (in, inMultiCol). Pure; lookups and SQL are the planner's.

import type { SqlValue } from '../../util/sqlValue.js';
import type { ShardRange } from '../key/destination.js';
import { groupByShard } from '../plan/groupByShard.js';
import { columnKey } from './normalizePredicate.js';
import type { RoutingColumnVindex, RoutingSchema } from './routingSchema.js';

/**
 * How a batch of keys is routed:
 * - `shards`: the key indexes each shard owns (shards in `shards` order, indexes ascending;
 *   every key under at most one shard; a key its vindex maps to no shard is under none, as no
 *   row can have it), and the vindex that decided;
 * - `planner`: no functional vindex decides alone; plan the whole batch as one request (the
 *   planner routes it: unsharded or reference table, a lookup vindex, a scatter).
 */
export type KeyRouting =
  | { readonly kind: 'shards'; readonly vindex: string; readonly shards: ReadonlyMap<string, readonly number[]> }
  | { readonly kind: 'planner' };

const PLANNER: KeyRouting = { kind: 'planner' };

/** Vitess operators.less on what matters here: a unique vindex first, then the lower cost; ties to the earlier one. */
function better(a: RoutingColumnVindex, b: RoutingColumnVindex): boolean {
  if (a.isUnique !== b.isUnique) return a.isUnique;
  return a.cost < b.cost;
}

/**
 * Routes `keys` (tuples of values of `columns`, in that order) of `keyspace`.`table` to shards.
 * Contract: a table of a sharded keyspace listed in the VSchema as type `table` is routed with
 * its best functional column vindex (not a lookup, not `write_only`) whose columns are all among
 * `columns` (matched case-insensitively), unique vindexes first, then the lower cost, then
 * VSchema order; each key is mapped by the vindex as the planner maps an IN list (the values
 * exactly as given: give them the table column's type). `planner` when no such vindex exists,
 * for every other table, and when some key maps to a destination that spans several shards
 * (a prefix of a multi-column vindex). Throws what resolveDestination throws for a
 * keyspace id no shard covers (SG301), as planning the same IN would.
 */
export function routeKeys(
  routing: RoutingSchema,
  keyspace: string,
  table: string,
  columns: readonly string[],
  keys: readonly (readonly SqlValue[])[],
  shards: readonly ShardRange[],
): KeyRouting {
  const ks = routing.keyspaces.get(keyspace);
  const spec = ks?.tables.get(table);
  if (ks === undefined || !ks.schema.sharded || spec === undefined || spec.schema.type !== 'table') return PLANNER;
  const positions = new Map(columns.map((c, i) => [columnKey(c), i]));
  let chosen: RoutingColumnVindex | undefined;
  for (const cv of spec.columnVindexes) {
    if (cv.backfill || cv.vindex.kind === 'lookup' || !cv.columns.every((c) => positions.has(columnKey(c)))) continue;
    if (chosen === undefined || better(cv, chosen)) chosen = cv;
  }
  if (chosen === undefined) return PLANNER;
  const at = chosen.columns.map((c) => positions.get(columnKey(c))!);
  const vindex = chosen.vindex;
  const destinations =
    vindex.kind === 'singleColumn' ? vindex.map(keys.map((k) => k[at[0]!]!)) : vindex.kind === 'multiColumn' ? vindex.map(keys.map((k) => at.map((i) => k[i]!))) : [];
  const groups = groupByShard(destinations, shards);
  const seen = new Set<number>();
  for (const indexes of groups.values()) {
    for (const i of indexes) {
      if (seen.has(i)) return PLANNER;
      seen.add(i);
    }
  }
  return { kind: 'shards', vindex: chosen.name, shards: groups };
}
