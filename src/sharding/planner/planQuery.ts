// planQuery: a QueryRequest in, a pure Plan out. Finds the table, normalises the predicate,
// picks the route (None, ByDestination, Unsharded, Reference, vindex or Scatter), resolves
// functional vindexes to shards, and builds each shard's SQL and the merge spec. Mirrors
// vitess planbuilder for single-table SELECTs. Executes nothing (src/engine does).

import { ServiceError, isServiceError } from '../../errors/serviceError.js';
import { invariant } from '../../util/invariant.js';
import { isSqlType, makeSqlValue, sqlInt64 } from '../../util/sqlValue.js';
import type { Destination, ShardRange } from '../key/destination.js';
import { parseKeyRange } from '../key/keyRange.js';
import { destinationString, resolveDestination } from '../key/resolveDestination.js';
import { qualifiedShardName } from '../key/shardName.js';
import { isBindList, type BindValue, type KeyspaceRef, type LookupOpcode, type MergeSpec, type Opcode, type RouteNode, type SelectPlan, type VindexLookupNode, type VindexRef } from '../plan/plan.js';
import { BindVarAllocator, buildDerivedSelectSql, buildSelectSql, quoteIdentifier, renderPredicate } from './buildSql.js';
import { normalizePredicate } from './normalizePredicate.js';
import { assertLookupQueryable, lookupOrphanCleanup, planLookupSteps, resolveLookupTable } from './planLookup.js';
import { planOutput, type ColumnLookup, type OutputPlan, type PartitionOutput } from './planOutput.js';
import type { ColumnInfo, DestinationRequest, PartitionRequest, Predicate, QueryRequest } from './queryRequest.js';
import { LIST_VAR_NAME, resolveOption } from './resolveOption.js';
import type { RoutingKeyspace, RoutingSchema, RoutingTable } from './routingSchema.js';
import { pinnedOption, selectVindex, type VindexOption } from './selectVindex.js';
import { validateRequest } from './validateRequest.js';

export type { ColumnInfo } from './queryRequest.js';

/**
 * What planning reads. `routing` is built once by buildRoutingSchema; `shards` gives a
 * keyspace's shards in key-range order (topology's shardRanges, or a test list);
 * `columns` gives a table's real columns when introspection knows them (else the VSchema's
 * authoritative list, if any, is used), with the collation facts that make text merge
 * exactly across shards (mergeWeight.ts); `limits.maxRows` bounds offset + limit on routes
 * that may reach several shards.
 */
export interface PlanningContext {
  readonly routing: RoutingSchema;
  readonly shards: (keyspace: string) => readonly ShardRange[];
  readonly columns?: (keyspace: string, table: string) => readonly ColumnInfo[] | undefined;
  readonly limits?: { readonly maxRows?: number };
}

/** How deep lookup queries may nest (a lookup table routed by another lookup vindex). */
const MAX_LOOKUP_DEPTH = 3;

/** The route decided for a request, before SQL is built. */
type RouteChoice =
  | {
      readonly kind: 'static';
      readonly opcode: Opcode;
      readonly shards: ReadonlyMap<string, Readonly<Record<string, BindValue>>>;
      readonly listBinds: ReadonlyMap<Predicate, string>;
      readonly vindex?: VindexRef;
      readonly values?: readonly BindValue[];
      readonly destination?: string;
    }
  | {
      readonly kind: 'lookup';
      readonly opcode: LookupOpcode;
      readonly option: VindexOption;
      readonly listBinds: ReadonlyMap<Predicate, string>;
    };

const NO_LIST_BINDS: ReadonlyMap<Predicate, string> = new Map();

function staticRoute(opcode: Opcode, shardNames: readonly string[], destination?: string): RouteChoice {
  const shards = new Map(shardNames.map((s) => [s, {}]));
  return { kind: 'static', opcode, shards, listBinds: NO_LIST_BINDS, ...(destination === undefined ? {} : { destination }) };
}

/** SG503: unsharded keyspace `keyspace` has `shards` (not exactly one), each named `keyspace/shard`. */
export function unshardedShardCount(keyspace: string, shards: readonly ShardRange[]): ServiceError {
  const names = shards.map((s) => qualifiedShardName(keyspace, s.name));
  return new ServiceError('SG503', `keyspace ${keyspace} is unsharded but has ${shards.length} shards${names.length === 0 ? '' : ` (${names.join(', ')})`}`, {
    details: { keyspace, shards: names },
  });
}

function vindexRef(option: VindexOption): VindexRef {
  return { name: option.vindex.name, type: option.vindex.type, columns: option.columnVindex.columns };
}

function requestDestination(dest: DestinationRequest): Destination {
  if (dest.kind === 'keyRange') return { kind: 'exactKeyRange', keyRange: parseKeyRange(dest.keyRange) };
  return dest.shards.length === 1 ? { kind: 'shard', shard: dest.shards[0]! } : { kind: 'shards', shards: dest.shards };
}

/** Picks the route; resolves it to shards unless a lookup vindex must run first. */
function chooseRoute(
  request: QueryRequest,
  ks: RoutingKeyspace,
  table: RoutingTable | undefined,
  where: Predicate,
  shards: readonly ShardRange[],
  routing: RoutingSchema,
): RouteChoice {
  if (where.kind === 'false') return staticRoute('None', []);
  if (request.destination !== undefined) {
    const dest = requestDestination(request.destination);
    const reached = new Set(resolveDestination(dest, shards));
    const inOrder = shards.filter((s) => reached.has(s.name)).map((s) => s.name);
    return staticRoute('ByDestination', inOrder, destinationString(dest));
  }
  if (!ks.schema.sharded) {
    if (shards.length !== 1) throw unshardedShardCount(ks.schema.name, shards);
    return staticRoute('Unsharded', [shards[0]!.name]);
  }
  invariant(table !== undefined, 'a sharded keyspace plans only tables of its VSchema');
  if (table.schema.type === 'reference') return staticRoute('Reference', resolveDestination({ kind: 'anyShard' }, shards));
  const conjuncts = where.kind === 'and' ? where.operands : where.kind === 'true' ? [] : [where];
  const ksid = table.schema.pinned;
  const pinned = ksid === undefined ? undefined : pinnedOption(routing.binary, makeSqlValue('VARBINARY', ksid));
  const { opcode, option } = selectVindex(table.columnVindexes, conjuncts, pinned);
  if (option === undefined) return staticRoute('Scatter', resolveDestination({ kind: 'allShards' }, shards));
  if (option.vindex.kind === 'lookup') {
    invariant(opcode === 'EqualUnique' || opcode === 'Equal' || opcode === 'IN' || opcode === 'MultiEqual', `lookup route ${opcode}`);
    const listBinds = opcode === 'IN' ? new Map([[option.predicates[0]!, LIST_VAR_NAME]]) : NO_LIST_BINDS;
    return { kind: 'lookup', opcode, option, listBinds };
  }
  const resolved = resolveOption(opcode, option, shards);
  if (resolved.shards.size === 0) return staticRoute('None', []);
  return {
    kind: 'static',
    opcode,
    shards: resolved.shards,
    listBinds: resolved.listBinds,
    vindex: vindexRef(option),
    values: option.values.map((v) => v!),
  };
}

/** False for routes that reach at most one shard: their SQL needs no merge step. */
function reachesSeveralShards(choice: RouteChoice): boolean {
  if (choice.kind === 'lookup') return choice.opcode !== 'EqualUnique';
  switch (choice.opcode) {
    case 'EqualUnique':
    case 'Unsharded':
    case 'Reference':
    case 'None':
      return false;
    case 'ByDestination':
      return choice.shards.size > 1;
    default:
      return true;
  }
}

/** Introspected columns over the VSchema's typed ones; a VSchema type fills an introspected column's missing type. */
function columnLookup(introspected: readonly ColumnInfo[] | undefined, table: RoutingTable | undefined): ColumnLookup {
  const columns = new Map<string, ColumnInfo>();
  for (const c of table?.schema.columns ?? []) if (c.type !== undefined && isSqlType(c.type)) columns.set(c.name.toLowerCase(), { name: c.name, type: c.type });
  for (const c of introspected ?? []) {
    const key = c.name.toLowerCase();
    const typed = columns.get(key)?.type;
    columns.set(key, c.type === undefined && typed !== undefined ? { ...c, type: typed } : c);
  }
  return (column) => columns.get(column.toLowerCase());
}

function findTable(request: QueryRequest, routing: RoutingSchema): { ks: RoutingKeyspace; table: RoutingTable | undefined } {
  const ks = routing.keyspaces.get(request.keyspace);
  if (ks === undefined) {
    const known = [...routing.keyspaces.keys()].join(', ') || 'none';
    throw new ServiceError('SG201', `keyspace ${JSON.stringify(request.keyspace)} not found (keyspaces: ${known})`, {
      details: { keyspace: request.keyspace },
    });
  }
  const table = ks.tables.get(request.table);
  if (table === undefined && ks.schema.sharded) {
    throw new ServiceError('SG202', `table ${JSON.stringify(request.table)} not found in sharded keyspace ${request.keyspace}`, {
      details: { keyspace: request.keyspace, table: request.table },
    });
  }
  return { ks, table };
}

/**
 * The WHERE on the row number of a partitioned request: the shard's own window (`> offset`,
 * `<= offset + limit`) when its groups are whole there, else `<= :__upper_limit` (offset +
 * limit, SG502 above maxRows) with the engine cutting each group, or nothing without a limit.
 */
function rowNumberFilter(out: PartitionOutput, partition: PartitionRequest, binds: BindVarAllocator, qualified: string, maxRows: number | undefined): string | undefined {
  const rowNumber = quoteIdentifier(out.rowNumber);
  const offset = partition.offset ?? 0;
  const limit = partition.limit;
  const upper = limit === undefined ? undefined : BigInt(offset) + BigInt(limit);
  if (!out.perShard) {
    if (upper === undefined) return undefined;
    if (maxRows !== undefined && upper > BigInt(maxRows)) {
      throw new ServiceError('SG502', `per-group offset + limit (${upper}) on ${qualified} reaches several shards and exceeds maxRows (${maxRows})`, {
        details: { table: qualified, offset, limit, maxRows, partition: partition.columns },
      });
    }
    return `${rowNumber} <= :${binds.named('__upper_limit', sqlInt64(upper))}`;
  }
  const terms: string[] = [];
  if (offset > 0) terms.push(`${rowNumber} > :${binds.fresh(sqlInt64(offset))}`);
  if (upper !== undefined) terms.push(`${rowNumber} <= :${binds.fresh(sqlInt64(upper))}`);
  return terms.length > 0 ? terms.join(' and ') : undefined;
}

/** The SQL of a partitioned request: the window query as a derived table, filtered on its row number. */
function windowSql(request: QueryRequest, output: OutputPlan & { partition: PartitionOutput }, whereSql: string | undefined, binds: BindVarAllocator, maxRows: number | undefined): string {
  const out = output.partition;
  const inner = buildSelectSql({
    select: [...out.inner, `${out.window} as ${quoteIdentifier(out.rowNumber)}`],
    table: request.table,
    where: whereSql,
    orderBy: [],
  });
  const where = rowNumberFilter(out, request.partition!, binds, `${request.keyspace}.${request.table}`, maxRows);
  return buildDerivedSelectSql(inner, { select: output.select, where, orderBy: output.orderBy });
}

function planSelect(request: QueryRequest, ctx: PlanningContext, depth: number): SelectPlan {
  const { ks, table } = findTable(request, ctx.routing);
  const qualified = `${request.keyspace}.${request.table}`;
  const introspected = ctx.columns?.(request.keyspace, request.table);
  const authoritative = table?.schema.columnListAuthoritative ? table.schema.columns.map((c) => c.name) : undefined;
  validateRequest(request, qualified, introspected?.map((c) => c.name) ?? authoritative);

  const where = normalizePredicate(request.where);
  const shards = ctx.shards(request.keyspace);
  const choice = chooseRoute(request, ks, table, where, shards, ctx.routing);
  const several = reachesSeveralShards(choice);
  const primary = ks.schema.sharded ? table?.columnVindexes[0] : undefined;
  const output = planOutput(request, {
    multiShard: several,
    columnOf: columnLookup(introspected, table),
    ...(primary === undefined ? {} : { primaryVindex: { columns: primary.columns, unique: primary.isUnique } }),
    ...(ctx.limits?.maxRows === undefined ? {} : { maxRows: ctx.limits.maxRows }),
  });

  const binds = new BindVarAllocator();
  const whereSql = where.kind === 'true' ? undefined : renderPredicate(where, binds, choice.listBinds);
  const offset = request.offset ?? 0;
  let limitSql: string | undefined;
  const merge: { offset: number; limit?: number } = { offset: 0 };
  if (request.limit !== undefined && several) {
    const upper = offset + request.limit;
    const maxRows = ctx.limits?.maxRows;
    if (maxRows !== undefined && upper > maxRows) {
      throw new ServiceError('SG502', `offset + limit (${upper}) on ${qualified} reaches several shards and exceeds maxRows (${maxRows})`, {
        details: { table: qualified, offset, limit: request.limit, maxRows },
      });
    }
    limitSql = `:${binds.named('__upper_limit', sqlInt64(upper))}`;
    Object.assign(merge, { offset, limit: request.limit });
  } else if (request.limit !== undefined) {
    const skip = offset > 0 ? `:${binds.fresh(sqlInt64(offset))}, ` : '';
    limitSql = `${skip}:${binds.fresh(sqlInt64(request.limit))}`;
  } else if (output.upperLimit !== undefined) {
    limitSql = `:${binds.named('__upper_limit', sqlInt64(output.upperLimit))}`;
  } else {
    merge.offset = offset;
  }
  const sql =
    output.partition === undefined
      ? buildSelectSql({ select: output.select, table: request.table, where: whereSql, groupBy: output.groupBy, orderBy: output.orderBy, limit: limitSql })
      : windowSql(request, { ...output, partition: output.partition }, whereSql, binds, ctx.limits?.maxRows);
  const bindVars = binds.vars;
  const mergeSpec: MergeSpec = {
    orderBy: output.orderKeys,
    ...merge,
    resultColumns: output.resultColumns,
    ...(output.aggregates ? { aggregates: output.aggregates } : {}),
    ...(output.groups ? { groups: output.groups } : {}),
    ...(output.partition?.merge ? { partition: output.partition.merge } : {}),
  };
  const keyspace: KeyspaceRef = { name: request.keyspace, sharded: ks.schema.sharded };
  const columns = output.aggregates ? [...(request.groupBy ?? []), ...output.aggregates.map((a) => a.alias)] : request.select;
  const base = { kind: 'select' as const, keyspace: request.keyspace, table: request.table, columns, merge: mergeSpec };

  if (choice.kind === 'lookup') {
    if (depth >= MAX_LOOKUP_DEPTH) {
      throw new ServiceError('SG504', `lookup vindex ${choice.option.vindex.name} needs lookups nested deeper than ${MAX_LOOKUP_DEPTH}`, {
        details: { vindex: choice.option.vindex.name },
      });
    }
    const vindex = choice.option.vindex;
    invariant(vindex.kind === 'lookup', 'a lookup route has a lookup vindex');
    const value = choice.option.values[0]!;
    const ids = isBindList(value) ? value : [value];
    assertLookupQueryable(vindex, qualified);
    const lookupTable = resolveLookupTable(vindex.query().table, ctx.routing, request.keyspace);
    const orphans = table === undefined ? undefined : lookupOrphanCleanup(choice.option.columnVindex, table, request.keyspace, ctx);
    const route: VindexLookupNode = {
      kind: 'vindexLookup',
      opcode: choice.opcode,
      keyspace,
      table: request.table,
      vindex: vindexRef(choice.option),
      ids,
      lookups: planLookupSteps(vindex, ids, lookupTable, (r) => planLookupQuery(r, vindex.name, qualified, ctx, depth + 1)),
      mapper: vindex,
      sql,
      bindVars,
      ...(orphans === undefined ? {} : { orphans }),
    };
    return { ...base, route };
  }
  const targets = [...choice.shards].map(([shard, extra]) => ({ shard, sql, bindVars: { ...bindVars, ...extra } }));
  const route: RouteNode = {
    kind: 'route',
    opcode: choice.opcode,
    keyspace,
    table: request.table,
    ...(choice.vindex ? { vindex: choice.vindex } : {}),
    ...(choice.values ? { values: choice.values } : {}),
    ...(choice.destination ? { destination: choice.destination } : {}),
    sql,
    bindVars,
    targets,
  };
  return { ...base, route };
}

/**
 * Plans a lookup query at lookup nesting `depth` (1 for the lookup of a top-level request; also
 * used by planWrite); a failure names the vindex and the table it was routing (SG504).
 */
export function planLookupQuery(request: QueryRequest, vindex: string, table: string, ctx: PlanningContext, depth: number): SelectPlan {
  try {
    return planSelect(request, ctx, depth);
  } catch (error) {
    if (!isServiceError(error) || error.id === 'SG504') throw error;
    const lookup = `${request.keyspace}.${request.table}`;
    throw new ServiceError('SG504', `lookup vindex ${vindex} of ${table} cannot query its table ${lookup}: ${error.message}`, {
      details: { vindex, table, lookupTable: lookup },
      cause: error,
    });
  }
}

/**
 * Plans a read of one table: route, per-shard SQL with bind variables, merge instructions.
 * Contract: pure and deterministic (targets in key-range shard order, binds numbered in
 * SQL order). Errors: ServiceError SG201 unknown keyspace, SG202 unknown table of a sharded
 * keyspace (an unsharded keyspace serves any table, as Vitess does), SG203 unknown column,
 * SG500 invalid request, SG502 offset + limit (the request's, or a partition's per group)
 * above `limits.maxRows` on a route that may reach several shards (and, for a partition,
 * groups that may span them), SG503 an unsharded keyspace
 * without exactly one shard, SG504 a lookup that cannot be planned (its table cannot be
 * queried, or its VSchema params lack `table`, `from` or `to`); SG300/SG302/SG305 for a bad
 * explicit destination; what vindexes throw.
 */
export function planQuery(request: QueryRequest, context: PlanningContext): SelectPlan {
  return planSelect(request, context, 0);
}
