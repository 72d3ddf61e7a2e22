// The pure half of executing a VindexLookup: matching lookup rows to ids, mapping them to
// destinations and building one target per shard reached. Mirrors vitess go/vt/vtgate/
// engine/vindex_lookup.go (executeBatch, mapVindexToDestination) and route.go
// executeAfterLookup. The engine runs the lookup plans and the targets; no I/O here.

import { invariant } from '../../util/invariant.js';
import type { SqlValue } from '../../util/sqlValue.js';
import type { ShardRange } from '../key/destination.js';
import { groupLookupRows } from '../vindexes/lookupInternal.js';
import { groupByShard } from './groupByShard.js';
import type { LookupStep, Row, RouteTarget, VindexLookupNode } from './plan.js';

/**
 * Matches the rows each lookup step returned to the step's ids and returns, per id of all
 * steps in order, the `to` values (second column) found for it.
 * Contract: `results[i]` are the rows of `steps[i]`, each `[from, to]`. A step with one id
 * owns all its rows (Vitess executeNonBatch); a batched step gives each id the rows whose
 * `from` has the text of the id's bound value (groupLookupRows, Vitess executeBatch).
 * Throws InvariantError when the counts disagree or a row is short.
 */
export function lookupRowsPerId(steps: readonly LookupStep[], results: readonly (readonly Row[])[]): SqlValue[][] {
  invariant(steps.length === results.length, `${steps.length} lookup steps but ${results.length} results`);
  return steps.flatMap((step, i) => {
    const rows = results[i]!;
    if (step.values.length !== 1) return groupLookupRows(step.values, rows);
    for (const row of rows) invariant(row.length >= 2, 'a lookup row has the from and the to column');
    return [rows.map((row) => row[1]!)];
  });
}

/**
 * Returns the targets of a VindexLookup once its lookup steps have run.
 * Contract: the lookup vindex maps the rows to one destination per id; each shard reached
 * (in `shards` order) gets `node.sql` with `node.bindVars`, and for `IN` also `__vals`
 * bound to the ids that reached it, in id order (Vitess binds all ids everywhere). No shard
 * reached gives no target. Throws what the mapper and resolveDestination throw (a unique
 * lookup with two rows for one id, SG301 for a keyspace id outside every shard).
 */
export function routeAfterLookup(
  node: VindexLookupNode,
  results: readonly (readonly Row[])[],
  shards: readonly ShardRange[],
): RouteTarget[] {
  const destinations = node.mapper.mapResult(node.ids, lookupRowsPerId(node.lookups, results));
  invariant(destinations.length === node.ids.length, 'lookup vindex returned a destination count unlike its id count');
  return [...groupByShard(destinations, shards)].map(([shard, indexes]) => ({
    shard,
    sql: node.sql,
    bindVars: node.opcode === 'IN' ? { ...node.bindVars, __vals: indexes.map((i) => node.ids[i]!) } : node.bindVars,
  }));
}
