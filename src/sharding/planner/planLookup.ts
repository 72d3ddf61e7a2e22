// Planning the lookup query of a lookup vindex: where its table lives and one planned read of
// it per batch of ids. Mirrors vitess go/vt/vtgate/planbuilder/route.go WireupRoute (the
// lookup query planned as its own route) and engine/vindex_lookup.go (batch or per id).
// The lookup's own routing is ordinary planning, done by the callback.

import { ServiceError } from '../../errors/serviceError.js';
import type { SqlValue } from '../../util/sqlValue.js';
import type { LookupStep, SelectPlan } from '../plan/plan.js';
import { isBatchLookup, missingLookupParams } from '../vindexes/lookupInternal.js';
import type { LookupVindex } from '../vindexes/vindex.js';
import type { QueryRequest } from './queryRequest.js';
import type { RoutingSchema } from './routingSchema.js';

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
