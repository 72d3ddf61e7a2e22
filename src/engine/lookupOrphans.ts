// Orphan clean-up on read: lookup rows of an owned consistent lookup that a read met and whose
// owner row is missing on the shard they name are deleted, each in a short transaction on the
// lookup table's shard, guarded so that a write in flight keeps its row. SQL is the planner's.
// Vitess removes orphans only when an insert collides with one (vitess go/vt/vtgate/vindexes/
// consistent_lookup.go clCommon.handleDup); the locks here take its order: lookup row, then owner.

import type { ShardRange } from '../sharding/key/destination.js';
import { shardForKeyspaceId } from '../sharding/key/resolveDestination.js';
import type { BindVars, LookupOrphanCleanup, Row, VindexLookupNode } from '../sharding/plan/plan.js';
import { lookupRowsPerId } from '../sharding/plan/routeAfterLookup.js';
import { routeRows } from '../sharding/plan/routeWrite.js';
import { findKeyspace, shardRanges, type TopologyLayout } from '../topology/topology.js';
import { sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import { executeTargets, type RouteIdentity, type StatementContext } from './executeTargets.js';
import type { QueryResult, ShardExecutor, TransactionConnection, TransactionalShardExecutor } from './shardExecutor.js';

/** One lookup row `[id, to]` whose owner shard returned no row to the read. */
interface Candidate {
  readonly id: SqlValue;
  readonly to: SqlValue;
  /** The owner's shard the lookup row names. */
  readonly shard: string;
}

/** The lookup rows met by the read that may be orphans: those naming a shard whose statement returned no row, each once. */
function candidates(node: VindexLookupNode, lookupRows: readonly (readonly Row[])[], shards: readonly ShardRange[], emptyShards: ReadonlySet<string>): Candidate[] {
  const rowsPerId = lookupRowsPerId(node.lookups, lookupRows);
  const seen = new Set<string>();
  const out: Candidate[] = [];
  node.ids.forEach((id, i) => {
    for (const to of rowsPerId[i]!) {
      const dest = node.mapper.mapResult([id], [[to]])[0];
      const ksid = dest?.kind === 'keyspaceId' ? dest.ksid : dest?.kind === 'keyspaceIds' ? dest.ksids[0] : undefined;
      if (ksid === undefined) continue;
      const shard = shardForKeyspaceId(shards, ksid);
      const key = `${sqlValueToString(id)}\u0000${sqlValueToString(to)}`;
      if (!emptyShards.has(shard) || seen.has(key)) continue;
      seen.add(key);
      out.push({ id, to, shard });
    }
  });
  return out;
}

/** Runs `sql` on one shard's primary through `executor`, with the read's limits and observer. */
async function runOne(ctx: StatementContext, executor: ShardExecutor, route: RouteIdentity, table: string, shard: string, bindVars: BindVars): Promise<QueryResult> {
  const [result] = await executeTargets(route, table, [{ shard, sql: route.sql, bindVars }], { ...ctx, executor, tabletType: 'primary' });
  return result!;
}

/** A transaction connection as a ShardExecutor (its statements ignore the target: they run on its shard). */
function onConnection(connection: TransactionConnection): ShardExecutor {
  return { execute: (_target, sql, bindVars, options) => connection.execute(sql, bindVars, options) };
}

/**
 * Removes one candidate if it is still an orphan; resolves to true when a lookup row was deleted.
 * The rule (so that a write in flight is never broken): a plain read of the owner shard's
 * primary finds no owner row; then, in a transaction on the lookup table's shard, the lookup
 * row still naming the same keyspace id is locked (`for update nowait`); then the owner is
 * checked again with a locking read (`for update nowait`, autocommit), which sees a row that
 * an insert or update has written but not committed as a lock conflict; only when that finds
 * nothing is the locked row deleted and the transaction committed. Writes keep Vitess's order
 * (lookup row created and committed before the owner row; deleted after it), so a lookup row
 * whose owner is in flight is locked by the lookup write (uncommitted) or its owner row is
 * locked by the owner write (lookup committed, owner not yet): either lock makes the NOWAIT
 * read fail and the row is left alone. An insert that collides with the locked row waits for
 * this transaction and then finds no row (its duplicate handling inserts it again). Any
 * failure (lock conflicts included) leaves the row: it is only tolerated, as without clean-up.
 */
async function removeIfOrphan(ctx: StatementContext, node: VindexLookupNode, cleanup: LookupOrphanCleanup, executor: TransactionalShardExecutor, layout: TopologyLayout, c: Candidate): Promise<boolean> {
  const ownerBinds = { [cleanup.from]: c.id };
  const ownerRoute = (sql: string): RouteIdentity => ({ keyspace: node.keyspace, opcode: 'EqualUnique', sql });
  const found = await runOne(ctx, executor, ownerRoute(cleanup.sql.readOwner), node.table, c.shard, ownerBinds);
  if (found.rows.length > 0) return false;
  const lookup = cleanup.table;
  const lookupKeyspace = lookup.keyspace.name;
  const lookupShards = shardRanges(findKeyspace(layout, lookupKeyspace));
  const row: Row = [c.id, c.to];
  const [shard] = routeRows(lookup.routing, [row], lookupShards, `${lookupKeyspace}.${lookup.table}`).byShard.keys();
  const lookupRoute = (sql: string): RouteIdentity => ({ keyspace: lookup.keyspace, opcode: lookup.keyspace.sharded ? 'EqualUnique' : 'Unsharded', sql });
  const binds = { [cleanup.from]: c.id, [cleanup.to]: c.to };
  const connection = await executor.begin({ keyspace: lookupKeyspace, shard: shard! }, ctx.signal === undefined ? {} : { signal: ctx.signal });
  let committed = false;
  try {
    const inTransaction = onConnection(connection);
    const locked = await runOne(ctx, inTransaction, lookupRoute(cleanup.sql.lockLookup), lookup.table, shard!, binds);
    if (locked.rows.length === 0) return false;
    const ownerNow = await runOne(ctx, executor, ownerRoute(cleanup.sql.lockOwner), node.table, c.shard, ownerBinds);
    if (ownerNow.rows.length > 0) return false;
    const deleted = await runOne(ctx, inTransaction, lookupRoute(cleanup.sql.delete), lookup.table, shard!, binds);
    await connection.commit();
    committed = true;
    return deleted.rowsAffected > 0;
  } finally {
    if (!committed) await connection.rollback();
  }
}

/**
 * Removes the orphan lookup rows a read through `node` met, and resolves to how many it
 * deleted. Contract: only rows naming a shard whose statement returned no row are looked at
 * (`results[i]` belongs to `targets[i]`), so a read that found its rows costs nothing; each is
 * handled on its own, one after another, with the read's signal, time budget and observer;
 * never rejects (a row that cannot be checked or locked is left, and the read's answer does
 * not change: the row had led to no owner row). See removeIfOrphan for the race rule.
 */
export async function removeLookupOrphans(
  ctx: StatementContext,
  node: VindexLookupNode,
  cleanup: LookupOrphanCleanup,
  executor: TransactionalShardExecutor,
  layout: TopologyLayout,
  lookupRows: readonly (readonly Row[])[],
  results: readonly { readonly shard: string; readonly rows: number }[],
): Promise<number> {
  const empty = new Set(results.filter((r) => r.rows === 0).map((r) => r.shard));
  if (empty.size === 0) return 0;
  let removed = 0;
  try {
    const shards = shardRanges(findKeyspace(layout, node.keyspace.name));
    for (const candidate of candidates(node, lookupRows, shards, empty)) {
      try {
        if (await removeIfOrphan(ctx, node, cleanup, executor, layout, candidate)) removed++;
      } catch {
        // Left alone: a lock held by a write in flight (NOWAIT), or the shard failed.
      }
    }
  } catch {
    // The lookup rows could not be matched to shards again; the read already routed them.
  }
  return removed;
}
