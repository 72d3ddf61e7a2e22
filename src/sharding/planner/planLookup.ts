// Planning the lookup query of a lookup vindex: where its table lives and one planned read of
// it per batch of ids. Mirrors vitess go/vt/vtgate/planbuilder/route.go WireupRoute (the
// lookup query planned as its own route) and engine/vindex_lookup.go (batch or per id).
// The lookup's own routing is ordinary planning, done by the callback.

import { ServiceError, isServiceError } from '../../errors/serviceError.js';
import type { SqlValue } from '../../util/sqlValue.js';
import type { ShardRange } from '../key/destination.js';
import type { KeyspaceRef, LookupOrphanCleanup, LookupStep, SelectPlan } from '../plan/plan.js';
import type { LookupTableRef } from '../plan/writePlan.js';
import { isBatchLookup, missingLookupParams } from '../vindexes/lookupInternal.js';
import { buildLookupOrphanSql } from '../vindexes/lookupWrite.js';
import type { LookupVindex } from '../vindexes/vindex.js';
import { columnKey } from './normalizePredicate.js';
import type { QueryRequest } from './queryRequest.js';
import type { RoutingColumnVindex, RoutingSchema, RoutingTable } from './routingSchema.js';

/**
 * Checks that `vindex` has what its lookup query needs before it routes `table`.
 * Contract: throws ServiceError SG504 naming the vindex, its type, the table it routes and
 * every missing param (`table`, `from` — an empty first column counts — or `to`). Vitess
 * accepts such a vindex (lookupInternal.Init) and fails here too: when the query that needs
 * it runs its malformed lookup SQL (`select ,  from  where  in ::`).
 */
export function assertLookupQueryable(vindex: LookupVindex, table: string): void {
  const missing = missingLookupParams(vindex.params);
  if (missing.length === 0) return;
  const params = missing.join(', ');
  throw new ServiceError(
    'SG504',
    `lookup vindex ${vindex.name} (${vindex.type}) cannot route ${table}: its VSchema params lack ${params} (needed for the lookup query)`,
    { details: { vindex: vindex.name, type: vindex.type, table, missingParams: missing } },
  );
}

/**
 * Finds the keyspace of a lookup table named `ks.table` or `table`.
 * Contract: a qualified name is split at its first dot. An unqualified one is looked up in
 * `ownKeyspace` first, then in the one other keyspace that has it; with none it stays in
 * `ownKeyspace` (where planning then accepts it only if unsharded). Throws ServiceError
 * SG504 when several other keyspaces have it.
 */
export function resolveLookupTable(name: string, routing: RoutingSchema, ownKeyspace: string): { keyspace: string; table: string } {
  const dot = name.indexOf('.');
  if (dot >= 0) return { keyspace: name.slice(0, dot), table: name.slice(dot + 1) };
  if (routing.keyspaces.get(ownKeyspace)?.tables.has(name)) return { keyspace: ownKeyspace, table: name };
  const holders = [...routing.keyspaces.values()].filter((ks) => ks.tables.has(name)).map((ks) => ks.schema.name);
  if (holders.length > 1) {
    throw new ServiceError('SG504', `lookup table ${JSON.stringify(name)} is ambiguous: keyspaces ${holders.join(', ')} have it`, {
      details: { table: name, keyspaces: holders },
    });
  }
  return { keyspace: holders[0] ?? ownKeyspace, table: name };
}

/**
 * Plans the lookup steps of `vindex` for `ids`: `select <from>, <to> from <table> where
 * <from> in (values)`, planned by `plan` (so it routes by the lookup table's own vindexes),
 * where the values are `vindex.lookupValues(ids)`.
 * Contract: one step with all ids when Vitess batches them (isBatchLookup: the first value
 * is an integer, or `batch_lookup`), else one step per id (Vitess executeNonBatch). Only
 * the first `from` column is looked up, as Vitess does for multi-column lookups. Throws
 * what lookupValues throws (SG402).
 */
export function planLookupSteps(
  vindex: LookupVindex,
  ids: readonly SqlValue[],
  lookupTable: { keyspace: string; table: string },
  plan: (request: QueryRequest) => SelectPlan,
): LookupStep[] {
  const query = vindex.query();
  const from = query.from[0]!;
  const values = vindex.lookupValues(ids);
  const groups = isBatchLookup(vindex, values) ? [ids.map((_, i) => i)] : ids.map((_, i) => [i]);
  return groups.map((group) => {
    const stepValues = group.map((i) => values[i]!);
    return {
      ids: group.map((i) => ids[i]!),
      values: stepValues,
      plan: plan({
        keyspace: lookupTable.keyspace,
        table: lookupTable.table,
        select: [from, query.to],
        where: { kind: 'in', column: from, values: stepValues, negated: false },
      }),
    };
  });
}

/**
 * Where the table of lookup vindex `vindex` (used by `owner`, a `keyspace.table` whose keyspace
 * is `ownerKeyspace`) lives and how its rows `[...from, to]` route to a shard: an unsharded
 * keyspace's one shard, or the lookup table's own primary vindex over lookup columns.
 * Contract: throws ServiceError SG504 naming the vindex, `owner` and the lookup table when its
 * params lack what the lookup query needs, its keyspace is unknown, an unsharded keyspace has
 * not exactly one shard, or a sharded one does not list the table or routes it by a lookup
 * vindex or by columns that are not the lookup's.
 */
export function lookupTableRef(
  vindex: LookupVindex,
  owner: { readonly qualified: string; readonly keyspace: string },
  ctx: { readonly routing: RoutingSchema; readonly shards: (keyspace: string) => readonly ShardRange[] },
): LookupTableRef {
  assertLookupQueryable(vindex, owner.qualified);
  const ref = resolveLookupTable(vindex.params.table, ctx.routing, owner.keyspace);
  const ks = ctx.routing.keyspaces.get(ref.keyspace);
  const fail = (why: string): ServiceError =>
    new ServiceError('SG504', `lookup vindex ${vindex.name} of ${owner.qualified} cannot write its table ${ref.keyspace}.${ref.table}: ${why}`, {
      details: { vindex: vindex.name, table: owner.qualified, lookupTable: `${ref.keyspace}.${ref.table}` },
    });
  if (ks === undefined) throw fail(`keyspace ${ref.keyspace} not found`);
  const keyspace: KeyspaceRef = { name: ref.keyspace, sharded: ks.schema.sharded };
  const shards = ctx.shards(ref.keyspace);
  if (!ks.schema.sharded) {
    if (shards.length !== 1) throw fail(`unsharded keyspace ${ref.keyspace} has ${shards.length} shards`);
    return { keyspace, table: ref.table, routing: { kind: 'unsharded', shard: shards[0]!.name } };
  }
  const lookupTable = ks.tables.get(ref.table);
  const cv = lookupTable?.columnVindexes[0];
  if (cv === undefined) throw fail(`the sharded keyspace ${ref.keyspace} does not list the table`);
  if (cv.vindex.kind === 'lookup') throw fail(`its primary vindex ${cv.name} is a lookup vindex`);
  const lookupColumns = [...vindex.params.from, vindex.params.to];
  const positions = cv.columns.map((c) => lookupColumns.findIndex((x) => columnKey(x) === columnKey(c)));
  if (positions.some((p) => p < 0)) throw fail(`its primary vindex ${cv.name} reads ${cv.columns.join(', ')}, not only the lookup's columns ${lookupColumns.join(', ')}`);
  return { keyspace, table: ref.table, routing: { kind: 'vindex', vindex: { name: cv.name, type: cv.type, columns: cv.columns }, mapper: cv.vindex, columns: positions } };
}

/**
 * How reads of `table` (in `keyspace`) through column vindex `cv` remove orphan lookup rows,
 * or undefined when they do not: only a consistent lookup (commit order PRE, whose rows are
 * written before their owner's and deleted after it, so a lookup row without an owner row is
 * a leftover) that `table` owns, with one `from` column. A lookup table the writes could not
 * maintain either (lookupTableRef's SG504) gives undefined too: the read itself is unaffected.
 */
export function lookupOrphanCleanup(
  cv: RoutingColumnVindex,
  table: RoutingTable,
  keyspace: string,
  ctx: { readonly routing: RoutingSchema; readonly shards: (keyspace: string) => readonly ShardRange[] },
): LookupOrphanCleanup | undefined {
  const vindex = cv.vindex;
  if (vindex.kind !== 'lookup' || vindex.commitOrder !== 'PRE' || vindex.params.from.length !== 1 || cv.columns.length !== 1) return undefined;
  if (table.schema.columnVindexes.find((s) => s.name === cv.name)?.owned !== true) return undefined;
  const owner = { qualified: `${keyspace}.${table.schema.name}`, keyspace };
  let ref: LookupTableRef;
  try {
    ref = lookupTableRef(vindex, owner, ctx);
  } catch (error) {
    if (isServiceError(error, 'SG504')) return undefined;
    throw error;
  }
  const sql = buildLookupOrphanSql(vindex.params, { table: table.schema.name, columns: cv.columns });
  return { table: ref, from: vindex.params.from[0]!, to: vindex.params.to, sql };
}
