// Keyset pagination for `_connection`: the sort keys of a page (order_by terms plus the primary
// key as a unique tiebreak), the values a cursor keeps of a row, and the predicate "strictly
// after this row" in exactly the order MySQL (and the engine's merge) returns rows. Owns that
// derivation only; cursor text is cursor.ts, SQL the planner's.

import type { OrderBy, Predicate } from '../sharding/planner/queryRequest.js';
import { invariant } from '../util/invariant.js';
import { SQL_NULL, makeSqlValue, sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import type { ApiColumn, ApiTable } from './catalog.js';

/** One sort key of a connection: a column, its direction and where its NULLs go. */
export interface SortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
  /** True when NULLs sort before every value in this key's order (MySQL: asc by default). */
  readonly nullsFirst: boolean;
}

/**
 * The sort keys of a connection over `table`: the order_by terms, then each primary key
 * column not already among them, ascending. Contract: the table has a primary key (its columns
 * are NOT NULL and unique together, so the keys order rows totally); a term's NULL placement
 * is its `nulls`, or MySQL's default (first for asc, last for desc).
 */
export function connectionSortKeys(table: ApiTable, orderBy: readonly OrderBy[]): SortKey[] {
  invariant(table.primaryKey.length > 0, `connection over ${table.keyspace}.${table.table} needs a primary key`);
  const keys: SortKey[] = orderBy.map((o) => ({ column: o.column, direction: o.direction, nullsFirst: o.nulls === undefined ? o.direction === 'asc' : o.nulls === 'first' }));
  for (const pk of table.primaryKey) {
    if (!keys.some((k) => k.column.toLowerCase() === pk.toLowerCase())) keys.push({ column: pk, direction: 'asc', nullsFirst: true });
  }
  return keys;
}

/** The planner OrderBy of sort keys: `nulls` only where it differs from MySQL's default, so no extra SQL term is added needlessly. */
export function sortKeysOrderBy(keys: readonly SortKey[]): OrderBy[] {
  return keys.map((k) => (k.nullsFirst === (k.direction === 'asc') ? { column: k.column, direction: k.direction } : { column: k.column, direction: k.direction, nulls: k.nullsFirst ? 'first' : 'last' }));
}

/** A canonical text of sort keys (`name asc nulls first, id asc nulls first`), bound into cursors. */
export function describeSortKeys(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.column} ${k.direction} nulls ${k.nullsFirst ? 'first' : 'last'}`).join(', ');
}

/** 1-based member index of an ENUM value; 0 for the empty error value MySQL stores for invalid input. */
function enumIndex(column: ApiColumn, text: string): bigint {
  const i = column.enumValues!.indexOf(text);
  return BigInt(i + 1);
}

/** The bit set of a SET value: bit i for member i. */
function setBits(column: ApiColumn, text: string): bigint {
  if (text === '') return 0n;
  let bits = 0n;
  for (const member of text.split(',')) {
    const i = column.enumValues!.indexOf(member);
    invariant(i >= 0, `SET column ${column.name} returned ${JSON.stringify(member)}, not one of its members`);
    bits |= 1n << BigInt(i);
  }
  return bits;
}

/**
 * The value a cursor keeps of a row's `column` value, chosen so that comparing the column with
 * it in SQL (`=`, `<`, `>`) agrees with how ORDER BY sorts the column:
 * - ENUM and SET sort by their number (member index, bit set), while comparing them with a
 *   string compares text, so they are kept as that number (INT64; comparing with a number
 *   compares the number);
 * - FLOAT is single precision but MySQL compares it as a double with a decimal literal, so
 *   `f = 1.1` misses the stored 1.1f: the value is kept as the double nearest to the float
 *   (`1.100000023841858`), which compares equal. (MySQL prints FLOAT with 6 significant
 *   digits, so a FLOAT with more cannot be recovered exactly: a known gap, README.)
 * - everything else is kept as MySQL sent it (same type, same bytes); NULL stays NULL.
 */
export function keysetValue(column: ApiColumn, value: SqlValue): SqlValue {
  if (value.type === 'NULL') return SQL_NULL;
  const text = (): string => sqlValueToString(value);
  if (column.type === 'ENUM' && column.enumValues !== undefined) return makeSqlValue('INT64', enumIndex(column, text()).toString());
  if (column.type === 'SET' && column.enumValues !== undefined) return makeSqlValue('UINT64', setBits(column, text()).toString());
  if (column.type === 'FLOAT32') return makeSqlValue('FLOAT64', String(Math.fround(Number(text()))));
  return makeSqlValue(value.type, new Uint8Array(value.raw));
}

/** Rows after `v` in one key's order (NULL rows placed as the key says). */
function afterOnKey(key: SortKey, v: SqlValue): Predicate {
  const nullRows: Predicate = { kind: 'isNull', column: key.column, negated: false };
  if (v.type === 'NULL') return key.nullsFirst ? { kind: 'isNull', column: key.column, negated: true } : { kind: 'false' };
  const beyond: Predicate = { kind: 'cmp', column: key.column, op: key.direction === 'asc' ? '>' : '<', value: v };
  return key.nullsFirst ? beyond : { kind: 'or', operands: [beyond, nullRows] };
}

/** Rows tied with `v` on one key (NULL-safe: a NULL value ties with NULL rows). */
function tiedOnKey(key: SortKey, v: SqlValue): Predicate {
  return v.type === 'NULL' ? { kind: 'isNull', column: key.column, negated: false } : { kind: 'cmp', column: key.column, op: '=', value: v };
}

/**
 * The predicate "strictly after the row whose sort key values are `values`", in the order of
 * `keys`: OR over i of (tied on keys 1..i-1 AND after on key i), where, for value v of key i,
 * "after" is: v NULL → `col IS NOT NULL` when NULLs come first, nothing when they come last;
 * v not NULL → `col > v` (asc) or `col < v` (desc), plus `OR col IS NULL` when NULLs come last;
 * and "tied" is `col = v`, or `col IS NULL` for a NULL v. Text ties follow the column's
 * collation exactly as ORDER BY does (both use the collation's equality). Contract: `values`
 * come from keysetValue, one per key; the result is `false` when no row can follow. Because
 * the last keys are the primary key (unique, NOT NULL), every row other than the cursor's
 * falls on exactly one side, so consecutive pages neither lose nor repeat a row.
 */
export function keysetAfter(keys: readonly SortKey[], values: readonly SqlValue[]): Predicate {
  invariant(keys.length === values.length, `keyset: ${keys.length} sort keys but ${values.length} values`);
  const branches: Predicate[] = [];
  const tied: Predicate[] = [];
  keys.forEach((key, i) => {
    const after = afterOnKey(key, values[i]!);
    if (after.kind !== 'false') branches.push(tied.length === 0 ? after : { kind: 'and', operands: [...tied, after] });
    tied.push(tiedOnKey(key, values[i]!));
  });
  if (branches.length === 0) return { kind: 'false' };
  return branches.length === 1 ? branches[0]! : { kind: 'or', operands: branches };
}
