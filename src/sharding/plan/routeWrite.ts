// The pure half of executing writes: rows → keyspace ids → shards, insert statements per
// shard, sequence ids filled into an insert, and the rows and statements of owned lookup
// tables. Shared by the planner (rows known at plan time) and the engine (after sequence ids
// or captured rows arrive). Mirrors vitess go/vt/vtgate/engine/insert.go
// getInsertShardedQueries / processPrimary and vindexes/lookup_internal.go createCustom.

import { ServiceError } from '../../errors/serviceError.js';
import { invariant } from '../../util/invariant.js';
import { describeSqlValue, isNull, sqlInt64, sqlVarbinary, type SqlValue } from '../../util/sqlValue.js';
import type { ShardRange } from '../key/destination.js';
import { shardForKeyspaceId } from '../key/resolveDestination.js';
import { buildLookupInsertSql, lookupInsertBindName } from '../vindexes/lookupWrite.js';
import type { BindValue, Row, RouteTarget } from './plan.js';
import type { InsertPlan, InsertTarget, OwnedLookupWrite, RowRouting } from './writePlan.js';

/** Rows routed: each row's keyspace id (undefined in an unsharded keyspace) and, per shard in `shards` order, its rows ascending. */
export interface RoutedRows {
  readonly ksids: readonly (Uint8Array | undefined)[];
  readonly byShard: ReadonlyMap<string, readonly number[]>;
}

function unmappable(routing: Extract<RowRouting, { kind: 'vindex' }>, values: readonly SqlValue[], row: number, what: string, kind: string): ServiceError {
  const shown = values.map(describeSqlValue).join(', ');
  return new ServiceError('SG515', `row ${row} of ${what}: vindex ${routing.vindex.name} (${routing.vindex.type}) cannot map ${routing.vindex.columns.join(', ')} = ${shown} to one keyspace id (it gives ${kind})`, {
    details: { table: what, row, vindex: routing.vindex.name, columns: routing.vindex.columns, values: values.map(describeSqlValue) },
  });
}

/**
 * Routes `rows` with `routing`: each row to the one shard its keyspace id falls in.
 * Contract: unsharded → every row on `routing.shard`, no keyspace ids; vindex → the vindex
 * maps each row's `routing.columns` (in order) and every row must map to exactly one
 * keyspace id: `none` or a key range is ServiceError SG515 naming the row (0-based), the
 * vindex and the values (Vitess: "could not map … to a keyspace id"); a keyspace id outside
 * every shard is SG301. Throws what the vindex throws (SG402). `what` is `keyspace.table`.
 */
export function routeRows(routing: RowRouting, rows: readonly Row[], shards: readonly ShardRange[], what: string): RoutedRows {
  if (routing.kind === 'unsharded') {
    return { ksids: rows.map(() => undefined), byShard: new Map(rows.length === 0 ? [] : [[routing.shard, rows.map((_, i) => i)]]) };
  }
  const values = rows.map((row) => routing.columns.map((c) => row[c]!));
  const mapper = routing.mapper;
  if (rows.length === 1) {
    // One row (the common insert): one shard, no per-shard lists to merge.
    const [dest] = mapper.kind === 'singleColumn' ? mapper.map([values[0]![0]!]) : mapper.map(values);
    invariant(dest !== undefined, 'vindex returned a destination count unlike its row count');
    if (dest.kind !== 'keyspaceId') throw unmappable(routing, values[0]!, 0, what, dest.kind === 'none' ? 'none' : `a ${dest.kind}`);
    return { ksids: [dest.ksid], byShard: new Map([[shardForKeyspaceId(shards, dest.ksid), [0]]]) };
  }
  const destinations = mapper.kind === 'singleColumn' ? mapper.map(values.map((v) => v[0]!)) : mapper.map(values);
  invariant(destinations.length === rows.length, 'vindex returned a destination count unlike its row count');
  const ksids: Uint8Array[] = [];
  const reached = new Map<string, number[]>();
  destinations.forEach((dest, i) => {
    if (dest.kind !== 'keyspaceId') throw unmappable(routing, values[i]!, i, what, dest.kind === 'none' ? 'none' : `a ${dest.kind}`);
    ksids.push(dest.ksid);
    const shard = shardForKeyspaceId(shards, dest.ksid);
    const list = reached.get(shard);
    if (list === undefined) reached.set(shard, [i]);
    else list.push(i);
  });
  const byShard = new Map<string, readonly number[]>();
  for (const shard of shards) {
    const list = reached.get(shard.name);
    if (list !== undefined) byShard.set(shard.name, list);
  }
  return { ksids, byShard };
}

function quote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * The bind name prefix of each insert column: Vitess InsertVarName's `_<column>` with every
 * character outside `[A-Za-z0-9_]` replaced by `_`; a prefix two columns would share gets the
 * column's position appended (`_a_b_1`), so names stay distinct.
 */
export function insertBindPrefixes(columns: readonly string[]): string[] {
  const compliant = columns.map((c) => `_${c.replace(/[^A-Za-z0-9_]/g, '_')}`);
  const counts = new Map<string, number>();
  for (const name of compliant) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  return compliant.map((name, i) => (counts.get(name.toLowerCase())! > 1 ? `${name}_${i}` : name));
}

/** insertBindPrefixes of column lists seen before, by list (a cached plan's columns are the same array every time). */
const prefixesByColumns = new WeakMap<readonly string[], readonly string[]>();

function bindPrefixesOf(columns: readonly string[]): readonly string[] {
  let prefixes = prefixesByColumns.get(columns);
  if (prefixes === undefined) {
    prefixes = insertBindPrefixes(columns);
    prefixesByColumns.set(columns, prefixes);
  }
  return prefixes;
}

/** The pieces of an insert statement that do not depend on the rows. */
export interface InsertShape {
  readonly table: string;
  readonly columns: readonly string[];
  readonly onConflict?: { readonly updateColumns: readonly string[] };
}

/**
 * `insert into t(c1, …) values (:_c1_<r>, …), … [on duplicate key update u = values(u), …]`
 * (an empty update list: `on duplicate key update c1 = c1`, which keeps the row) for the request rows `rowIndexes` (in that order) and their bind variables.
 * Contract: bind names are `<prefix>_<row>` with the prefixes of insertBindPrefixes and the
 * row's index in the request, so a row keeps its names on whichever shard it lands.
 */
export function buildInsertStatement(shape: InsertShape, rows: readonly Row[], rowIndexes: readonly number[]): { sql: string; bindVars: Record<string, BindValue> } {
  const prefixes = bindPrefixesOf(shape.columns);
  const bindVars = insertBindVars(prefixes, rows, rowIndexes);
  const values = rowIndexes.map((r) => `(${prefixes.map((p) => `:${p}_${r}`).join(', ')})`);
  let sql = `insert into ${quote(shape.table)}(${shape.columns.map(quote).join(', ')}) values ${values.join(', ')}`;
  const update = shape.onConflict?.updateColumns;
  if (update !== undefined && update.length > 0) sql += ` on duplicate key update ${update.map((c) => `${quote(c)} = values(${quote(c)})`).join(', ')}`;
  // Hasura's empty update_columns ("do nothing"): a self-assignment changes nothing and counts 0 rows.
  else if (update !== undefined) sql += ` on duplicate key update ${quote(shape.columns[0]!)} = ${quote(shape.columns[0]!)}`;
  return { sql, bindVars };
}

/**
 * ` returning c1, …`: the clause that makes an INSERT (MariaDB 10.5+) or a DELETE (MariaDB)
 * answer with the rows as the server stored them (or as they were, for a DELETE), appended to
 * the statement as its last clause.
 */
export function returningClause(columns: readonly string[]): string {
  invariant(columns.length > 0, 'a RETURNING clause names at least one column');
  return ` returning ${columns.map(quote).join(', ')}`;
}

/** The bind variables of an insert's rows `rowIndexes` (names `<prefix>_<row>`). */
function insertBindVars(prefixes: readonly string[], rows: readonly Row[], rowIndexes: readonly number[]): Record<string, BindValue> {
  const bindVars: Record<string, BindValue> = {};
  for (const r of rowIndexes) {
    const row = rows[r]!;
    invariant(row.length === prefixes.length, `insert row ${r} has ${row.length} values for ${prefixes.length} columns`);
    for (let c = 0; c < prefixes.length; c++) bindVars[`${prefixes[c]}_${r}`] = row[c]!;
  }
  return bindVars;
}

/**
 * One insert statement per shard of `routed`, each with only its rows (shard order).
 * `allRowsSql`, when given, is buildInsertStatement's SQL for every row in order (the plan's
 * `sql`): a shard that takes every row reuses it instead of building it again.
 */
export function buildInsertTargets(shape: InsertShape, rows: readonly Row[], routed: RoutedRows, allRowsSql?: string): InsertTarget[] {
  const targets: InsertTarget[] = [];
  routed.byShard.forEach((indexes, shard) => {
    if (allRowsSql !== undefined && indexes.length === rows.length) {
      targets.push({ shard, sql: allRowsSql, bindVars: insertBindVars(bindPrefixesOf(shape.columns), rows, indexes), rows: indexes });
      return;
    }
    const { sql, bindVars } = buildInsertStatement(shape, rows, indexes);
    targets.push({ shard, sql, bindVars, rows: indexes });
  });
  return targets;
}

/** An insert with every row's values final: the rows, their keyspace ids and the per-shard statements. */
export interface BoundInsert {
  readonly rows: readonly Row[];
  readonly ksids: readonly (Uint8Array | undefined)[];
  readonly targets: readonly InsertTarget[];
}

/**
 * Fills the sequence's ids into an insert and routes it (Vitess Insert.processGenerateFromValues,
 * then getInsertShardedQueries).
 * Contract: `ids` has one id per `plan.generate.rows` entry, in that order (INT64 values); a
 * plan without `generate` takes no ids. The rows are then routed with `plan.routing` exactly
 * as routeRows says (SG515, SG301) and one statement per shard is built.
 */
export function bindInsertRows(plan: InsertPlan, ids: readonly bigint[], shards: readonly ShardRange[]): BoundInsert {
  const generate = plan.generate;
  const rows: Row[] = plan.rows.map((row) => [...row]);
  if (generate === undefined) {
    invariant(ids.length === 0, 'an insert without a sequence takes no ids');
  } else {
    invariant(ids.length === generate.rows.length, `the insert needs ${generate.rows.length} sequence ids, got ${ids.length}`);
    generate.rows.forEach((r, i) => {
      (rows[r] as SqlValue[])[generate.columnIndex] = sqlInt64(ids[i]!);
    });
  }
  const routed = routeRows(plan.routing, rows, shards, `${plan.keyspace.name}.${plan.table}`);
  return { rows, ksids: routed.ksids, targets: buildInsertTargets(plan, rows, routed, plan.sql) };
}

/** The rows of a lookup table for some owner rows: `[...from, to]` each, and the owner row each came from. */
export interface LookupRows {
  readonly rows: readonly Row[];
  readonly owners: readonly number[];
}

/**
 * The lookup rows owner rows need (Vitess processOwned → Create, Delete): per owner row in
 * order, its `from` values then its keyspace id as VARBINARY (the `to` value of lookup,
 * lookup_unique and the consistent lookups). `which`: `old` reads the owner row's
 * `write.columns`; `new` takes `write.newValues` when present (an update's new values, the
 * same for every row), else the row's columns (an insert). A row with a NULL `from` value
 * is skipped when the vindex has `ignore_nulls` (Vitess lookupInternal). Contract:
 * `ksids[i]` is defined for every row.
 */
export function buildLookupRows(write: OwnedLookupWrite, ownerRows: readonly Row[], ksids: readonly (Uint8Array | undefined)[], which: 'old' | 'new'): LookupRows {
  const rows: Row[] = [];
  const owners: number[] = [];
  ownerRows.forEach((owner, i) => {
    const from = (which === 'new' ? write.newValues : undefined) ?? write.columns.map((c) => owner[c]!);
    if (write.lookup.params.ignoreNulls && from.some(isNull)) return;
    const ksid = ksids[i];
    invariant(ksid !== undefined, `lookup vindex ${write.vindex.name} needs the keyspace id of owner row ${i}`);
    rows.push([...from, sqlVarbinary(ksid)]);
    owners.push(i);
  });
  return { rows, owners };
}

/**
 * One `insert [ignore] into <lookup table>(from…, to) values …` per lookup table shard (its
 * rows routed by the lookup table's own routing, shard order), binds named by
 * lookupInsertBindName with the lookup row's index.
 */
export function buildLookupInsertTargets(write: OwnedLookupWrite, lookupRows: readonly Row[], shards: readonly ShardRange[], ignore: boolean): RouteTarget[] {
  const params = write.lookup.params;
  const columns = [...params.from, params.to];
  const routed = routeRows(write.table.routing, lookupRows, shards, `${write.table.keyspace.name}.${write.table.table}`);
  return [...routed.byShard].map(([shard, indexes]) => {
    const bindVars: Record<string, BindValue> = {};
    for (const r of indexes) columns.forEach((c, i) => (bindVars[lookupInsertBindName(c, r)] = lookupRows[r]![i]!));
    return { shard, sql: buildLookupInsertSql(params, indexes, { ignore, upsert: params.upsert }), bindVars };
  });
}

/** The bind variables of a single-row lookup statement (LookupWriteSql) for one lookup row `[...from, to]`. */
export function lookupRowBinds(write: OwnedLookupWrite, lookupRow: Row): Record<string, BindValue> {
  const params = write.lookup.params;
  const binds: Record<string, BindValue> = {};
  params.from.forEach((c, i) => (binds[c] = lookupRow[i]!));
  binds[params.to] = lookupRow[params.from.length]!;
  return binds;
}
