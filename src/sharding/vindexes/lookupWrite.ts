// The SQL that keeps an owned lookup vindex's table in step with its owner: batched inserts,
// and the single-row delete, lock and update statements. Mirrors vitess go/vt/vtgate/
// vindexes/lookup_internal.go (createCustom, Delete) and consistent_lookup.go (clCommon
// generateLockLookup, generateLockOwner, generateInsertLookup, generateUpdateLookup). Text
// only: which rows, which shard and which transaction are decided by the planner and engine.

import type { LookupParams } from './vindex.js';

/** The single-row statements of a lookup vindex; binds are named after the `from` columns and `to`. */
export interface LookupWriteSql {
  /** `delete from t where f1 = :f1 and … and to = :to` (lookupInternal.Delete). */
  readonly delete: string;
  /** `select to from t where f1 = :f1 and … for update` (clCommon lockLookupQuery). */
  readonly lockLookup: string;
  /** `select o1 from owner where o1 = :f1 and … lock in share mode` (clCommon lockOwnerQuery). */
  readonly lockOwner: string;
  /** `update t set to = :to where f1 = :f1 and …` (clCommon updateLookupQuery). */
  readonly updateLookup: string;
  /** `select f1 from t where f1 = :f1 and … and to = :to` (lookupInternal.Verify, all from columns). */
  readonly verify: string;
}

/** An owner table and its columns that the lookup's `from` columns mirror (same count, same order). */
export interface LookupOwner {
  readonly table: string;
  readonly columns: readonly string[];
}

function quote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * The lookup table's name inside its own keyspace: the part after the first dot of a
 * `keyspace.table` param (statements run on the lookup keyspace's database, whatever its
 * name), else the param as it is.
 */
export function lookupTableName(params: LookupParams): string {
  const dot = params.table.indexOf('.');
  return dot < 0 ? params.table : params.table.slice(dot + 1);
}

/** The bind name of a lookup column value in a batched insert: `<column>_<row>` (Vitess createCustom). */
export function lookupInsertBindName(column: string, row: number): string {
  return `${column}_${row}`;
}

function whereFrom(params: LookupParams, columns: readonly string[]): string {
  return columns.map((c, i) => `${quote(c)} = :${params.from[i]!}`).join(' and ');
}

/**
 * The single-row statements of lookup vindex `params` owned by `owner`.
 * Contract: identifiers backquoted, values bound as `:<from column>` and `:<to>`;
 * `owner.columns` has one column per `from` column (the planner checks it, as Vitess
 * SetOwnerInfo does).
 */
export function buildLookupWriteSql(params: LookupParams, owner: LookupOwner): LookupWriteSql {
  const table = quote(lookupTableName(params));
  const to = quote(params.to);
  const from = whereFrom(params, params.from);
  return {
    delete: `delete from ${table} where ${from} and ${to} = :${params.to}`,
    lockLookup: `select ${to} from ${table} where ${from} for update`,
    lockOwner: `select ${quote(owner.columns[0]!)} from ${quote(owner.table)} where ${whereFrom(params, owner.columns)} lock in share mode`,
    updateLookup: `update ${table} set ${to} = :${params.to} where ${from}`,
    verify: `select ${quote(params.from[0]!)} from ${table} where ${from} and ${to} = :${params.to}`,
  };
}

/**
 * The statements a read runs to remove an orphan row of consistent lookup `params` owned by
 * `owner` (a lookup row whose owner row is missing). Binds as {@link buildLookupWriteSql}.
 * `NOWAIT` (MariaDB 10.3+, MySQL 8.0+) makes a lock held by a write in flight an error at
 * once instead of a wait: the read never waits for a writer, it leaves the row alone.
 */
export interface LookupOrphanSql {
  /** `select o1 from owner where o1 = :f1 and … limit 1`: a plain read of the owner shard's primary. */
  readonly readOwner: string;
  /** `select to from t where f1 = :f1 and … and to = :to for update nowait`: the lookup row, locked, still pointing at `to`. */
  readonly lockLookup: string;
  /** `select o1 from owner where o1 = :f1 and … for update nowait`: the owner check that also sees rows not yet committed. */
  readonly lockOwner: string;
  /** `delete from t where f1 = :f1 and … and to = :to` (lookupInternal.Delete). */
  readonly delete: string;
}

/** The orphan clean-up statements of lookup vindex `params` owned by `owner` (see {@link LookupOrphanSql}). */
export function buildLookupOrphanSql(params: LookupParams, owner: LookupOwner): LookupOrphanSql {
  const table = quote(lookupTableName(params));
  const to = quote(params.to);
  const lookupRow = `${whereFrom(params, params.from)} and ${to} = :${params.to}`;
  const ownerRead = `select ${quote(owner.columns[0]!)} from ${quote(owner.table)} where ${whereFrom(params, owner.columns)}`;
  return {
    readOwner: `${ownerRead} limit 1`,
    lockLookup: `select ${to} from ${table} where ${lookupRow} for update nowait`,
    lockOwner: `${ownerRead} for update nowait`,
    delete: `delete from ${table} where ${lookupRow}`,
  };
}

/**
 * `insert [ignore] into t(f1, …, to) values (:f1_0, …, :to_0), (…)` for `rows` rows (row
 * numbers as given, in order), with `on duplicate key update f1 = values(f1), …` when
 * `upsert` (non-unique lookup types with autocommit, Vitess createCustom). Contract: `rows`
 * is not empty; bind names come from {@link lookupInsertBindName}.
 */
export function buildLookupInsertSql(params: LookupParams, rows: readonly number[], options: { readonly ignore: boolean; readonly upsert: boolean }): string {
  const columns = [...params.from, params.to];
  const values = rows.map((r) => `(${columns.map((c) => `:${lookupInsertBindName(c, r)}`).join(', ')})`).join(', ');
  let sql = `insert ${options.ignore ? 'ignore ' : ''}into ${quote(lookupTableName(params))}(${columns.map(quote).join(', ')}) values ${values}`;
  if (options.upsert) sql += ` on duplicate key update ${params.from.map((c) => `${quote(c)} = values(${quote(c)})`).join(', ')}`;
  return sql;
}
