// compileWrite: Hasura mutation arguments (keys are column names, values as the scalars parsed
// them) → planner WriteRequests, every value converted by values.ts and checked against its
// column (assertFitsColumn.ts), every where compiled by compileWhere.ts. Also owns the rules
// src/schema builds the mutation input types from: which tables and columns take writes, which
// columns an insert must give, and the keys an upsert can name. Routing and SQL are the planner's.

import { ServiceError } from '../errors/serviceError.js';
import type { Predicate } from '../sharding/planner/queryRequest.js';
import type { IncClause, InsertRequest, SetClause } from '../sharding/planner/writeRequest.js';
import { SQL_NULL, type SqlValue } from '../util/sqlValue.js';
import { assertFitsColumn } from './assertFitsColumn.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import type { ColumnValues, InsertArgs } from './mutationTypes.js';
import { pkLoadKey } from './pkLoader.js';
import { isInputObject } from './tableColumns.js';
import { describeJsValue, isNumericColumn, toSqlValue } from './values.js';

/** The name MySQL gives every primary key; `T_constraint` uses it for the primary key. */
export const PRIMARY_KEY_NAME = 'PRIMARY';

/** A PRIMARY or UNIQUE key an upsert can name. */
export interface TableKey {
  readonly name: string;
  readonly columns: readonly string[];
}

/** True when the table takes mutations: every served base table; views are read-only. */
export function isWritableTable(table: ApiTable): boolean {
  return !table.view;
}

/** The columns a mutation may write, in ordinal order: every column but generated ones. */
export function writableColumns(table: ApiTable): ApiColumn[] {
  return table.columns.filter((c) => !c.generated);
}

/**
 * True when an insert must give the column: NOT NULL, no default, not auto_increment, not filled
 * by a sequence (ApiColumn.hasDefault covers the last three) and not generated.
 */
export function insertColumnRequired(_table: ApiTable, column: ApiColumn): boolean {
  return !column.nullable && !column.hasDefault && !column.generated;
}

/** The keys of `T_constraint`: the primary key as {@link PRIMARY_KEY_NAME} (when there is one), then the UNIQUE keys by name. */
export function tableKeys(table: ApiTable): TableKey[] {
  return [...(table.primaryKey.length > 0 ? [{ name: PRIMARY_KEY_NAME, columns: table.primaryKey }] : []), ...(table.uniqueKeys ?? [])];
}

function qualified(table: ApiTable): string {
  return `${table.keyspace}.${table.table}`;
}

function inputError(table: ApiTable, path: string, message: string, details: Record<string, unknown> = {}): ServiceError {
  return new ServiceError('SG1050', `${path}: ${message}`, { details: { keyspace: table.keyspace, table: table.table, path, ...details } });
}

/** What compiling writes looks up in a table, built once per table (a catalog's tables do not change). */
interface TableWriteInfo {
  readonly byName: ReadonlyMap<string, ApiColumn>;
  readonly maxLength: ReadonlyMap<string, number | undefined>;
  /** The columns an insert must give (insertColumnRequired), in ordinal order. */
  readonly required: readonly ApiColumn[];
}

const writeInfos = new WeakMap<ApiTable, TableWriteInfo>();

function writeInfo(table: ApiTable): TableWriteInfo {
  let info = writeInfos.get(table);
  if (info === undefined) {
    info = {
      byName: new Map(table.columns.map((c) => [c.name, c])),
      maxLength: new Map(table.planningColumns.map((c) => [c.name, c.maxLength])),
      required: table.columns.filter((c) => insertColumnRequired(table, c)),
    };
    writeInfos.set(table, info);
  }
  return info;
}

function maxLengthOf(table: ApiTable, column: ApiColumn): number | undefined {
  return writeInfo(table).maxLength.get(column.name);
}

/**
 * A writable column of the table named `name`: SG1050 naming `path` for an unknown or
 * generated column.
 */
function writableColumn(table: ApiTable, name: string, path: string): ApiColumn {
  const column = writeInfo(table).byName.get(name);
  if (column === undefined) throw inputError(table, path, `${JSON.stringify(name)} is not a column of ${qualified(table)}`, { column: name });
  if (column.generated) throw inputError(table, path, `column ${name} of ${qualified(table)} is generated: it cannot be written`, { column: name });
  return column;
}

/**
 * The SqlValue written to `column`: values.ts conversion (SG1000), then assertFitsColumn
 * (SG1000); NULL for a NOT NULL column is SG1051 unless `nullMeans` says what NULL stands for
 * (the sequence's next value).
 */
function writeValue(table: ApiTable, column: ApiColumn, value: unknown, path: string): SqlValue {
  if (value === null) {
    if (!column.nullable && column.name !== table.sequenceColumn) {
      throw new ServiceError('SG1051', `${path}: column ${column.name} of ${qualified(table)} is NOT NULL and cannot be set to null`, {
        details: { keyspace: table.keyspace, table: table.table, column: column.name, path },
      });
    }
    return SQL_NULL;
  }
  const sql = toSqlValue(column, value);
  assertFitsColumn(table, column, sql, maxLengthOf(table, column));
  return sql;
}

/** One INSERT statement's worth of objects: those that give exactly the same columns. */
export interface InsertGroup {
  readonly request: InsertRequest;
  /** The index in `objects` of each row of `request.rows`, in order. */
  readonly objects: readonly number[];
}

/** What {@link compileInsert} makes of `insert_T` arguments. */
export interface CompiledInsert {
  /** One request per distinct set of columns given, in the order of each set's first object; empty for no objects. */
  readonly groups: readonly InsertGroup[];
  /** The key `on_conflict.constraint` names (absent without on_conflict). */
  readonly conflictKey?: TableKey;
  /** Per object, the values of every column it gives (after conversion), by column name. */
  readonly values: readonly ReadonlyMap<string, SqlValue>[];
}

function compileObject(table: ApiTable, object: ColumnValues, path: string): Map<string, SqlValue> {
  if (!isInputObject(object)) throw inputError(table, path, `expected an object of columns, got ${describeJsValue(object)}`);
  const values = new Map<string, SqlValue>();
  for (const name in object) {
    if (!Object.hasOwn(object, name)) continue;
    const value = object[name];
    if (value === undefined) continue;
    values.set(name, writeValue(table, writableColumn(table, name, `${path}.${name}`), value, `${path}.${name}`));
  }
  const missing = writeInfo(table).required.filter((c) => !values.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new ServiceError('SG1051', `${path}: ${qualified(table)} needs a value for ${missing.length === 1 ? 'column' : 'columns'} ${missing.join(', ')} (NOT NULL without a default)`, {
      details: { keyspace: table.keyspace, table: table.table, path, missing },
    });
  }
  return values;
}

function conflictKeyOf(table: ApiTable, constraint: string): TableKey {
  const keys = tableKeys(table);
  const key = keys.find((k) => k.name === constraint);
  if (key === undefined) {
    const known = keys.map((k) => k.name).join(', ') || 'none';
    throw new ServiceError('SG1052', `on_conflict.constraint: ${JSON.stringify(constraint)} is not a PRIMARY or UNIQUE key of ${qualified(table)} (keys: ${known})`, {
      details: { keyspace: table.keyspace, table: table.table, constraint, keys: keys.map((k) => k.name) },
    });
  }
  return key;
}

/**
 * Compiles `insert_T` arguments.
 * Contract: `objects` in order; each object's keys are column names (undefined values skipped);
 * a column left out takes its MySQL default or, for the table's sequence column, the next
 * sequence value (as does null there). Objects that give the same set of columns share one
 * InsertRequest (columns in ordinal order); objects giving different sets are split into one
 * request per set, because one INSERT lists one set of columns. With `on_conflict`,
 * `update_columns` become the request's onConflict and every object must give each column of the
 * named key, or leave it to the sequence. Errors (ServiceError): SG1050 for a non-object, an
 * unknown or generated column (naming the JSON path, e.g. `objects[2].emial`), SG1051 for a
 * missing required column or a null in a NOT NULL column, SG1000 for a value that does not fit
 * its column (values.ts, assertFitsColumn.ts), SG1052 for a constraint that is not a key of the
 * table, SG1053 for an object without a column of the named key.
 */
export function compileInsert(table: ApiTable, args: InsertArgs): CompiledInsert {
  const values = args.objects.map((object, i) => compileObject(table, object, `objects[${i}]`));
  let conflictKey: TableKey | undefined;
  let updateColumns: string[] | undefined;
  if (args.on_conflict !== null && args.on_conflict !== undefined) {
    conflictKey = conflictKeyOf(table, args.on_conflict.constraint);
    updateColumns = [];
    for (const [i, name] of (args.on_conflict.update_columns ?? []).entries()) {
      const column = writableColumn(table, name, `on_conflict.update_columns[${i}]`);
      if (!updateColumns.includes(column.name)) updateColumns.push(column.name);
    }
    values.forEach((row, i) => {
      const missing = conflictKey!.columns.filter((c) => !row.has(c) && c !== table.sequenceColumn);
      if (missing.length > 0) {
        throw new ServiceError('SG1053', `objects[${i}]: on_conflict names key ${conflictKey!.name} (${conflictKey!.columns.join(', ')}) of ${qualified(table)}, so every object must give ${missing.join(', ')}`, {
          details: { keyspace: table.keyspace, table: table.table, path: `objects[${i}]`, constraint: conflictKey!.name, missing },
        });
      }
    });
  }
  const groups = new Map<string, { columns: string[]; rows: SqlValue[][]; objects: number[] }>();
  values.forEach((row, i) => {
    const columns = table.columns.flatMap((c) => (row.has(c.name) ? [c.name] : []));
    // Column names hold no U+0000.
    const key = columns.join('\u0000');
    let group = groups.get(key);
    if (group === undefined) {
      group = { columns, rows: [], objects: [] };
      groups.set(key, group);
    }
    group.rows.push(columns.map((c) => row.get(c)!));
    group.objects.push(i);
  });
  return {
    groups: [...groups.values()].map((g) => ({
      request: {
        kind: 'insert',
        keyspace: table.keyspace,
        table: table.table,
        columns: g.columns,
        rows: g.rows,
        ...(updateColumns === undefined ? {} : { onConflict: { updateColumns } }),
      },
      objects: g.objects,
    })),
    ...(conflictKey === undefined ? {} : { conflictKey }),
    values,
  };
}

/** The `_set` and `_inc` clauses of an update. */
export interface CompiledChanges {
  readonly set: readonly SetClause[];
  readonly inc: readonly IncClause[];
}

/**
 * Compiles `_set` and `_inc` (keys are column names; undefined values skipped).
 * Contract: `_set` may set any writable column, null included for nullable columns; `_inc` adds
 * a non-null amount to a numeric column (Int, BigInt, Float, Decimal; not Boolean); at least one
 * change, and no column in both. Errors: SG1050 (unknown or generated column, `_inc` of a
 * non-numeric column, a null amount), SG1051 (null for a NOT NULL column), SG1054 (no change,
 * or a column in both), SG1000 (a value that does not fit its column).
 */
export function compileChanges(table: ApiTable, set: ColumnValues | null | undefined, inc: ColumnValues | null | undefined): CompiledChanges {
  const sets: SetClause[] = [];
  const incs: IncClause[] = [];
  for (const [arg, input] of [['_set', set], ['_inc', inc]] as const) {
    if (input === null || input === undefined) continue;
    if (!isInputObject(input)) throw inputError(table, arg, `expected an object of columns, got ${describeJsValue(input)}`);
    for (const [name, value] of Object.entries(input)) {
      if (value === undefined) continue;
      const path = `${arg}.${name}`;
      const column = writableColumn(table, name, path);
      if (arg === '_set') {
        sets.push({ column: column.name, value: writeValue(table, column, value, path) });
        continue;
      }
      if (!isNumericColumn(column)) throw inputError(table, path, `_inc applies to numeric columns, not ${column.name} (${column.columnType})`, { column: column.name });
      if (value === null) throw inputError(table, path, '_inc needs an amount, got null', { column: column.name });
      incs.push({ column: column.name, value: toSqlValue(column, value) });
    }
  }
  if (sets.length === 0 && incs.length === 0) {
    throw new ServiceError('SG1054', `update of ${qualified(table)} changes nothing: give at least one column in _set or _inc`, { details: { keyspace: table.keyspace, table: table.table } });
  }
  const both = sets.filter((s) => incs.some((i) => i.column === s.column)).map((s) => s.column);
  if (both.length > 0) {
    throw new ServiceError('SG1054', `update of ${qualified(table)} names ${both.join(', ')} in both _set and _inc`, { details: { keyspace: table.keyspace, table: table.table, columns: both } });
  }
  return { set: sets, inc: incs };
}

/**
 * The predicate selecting the row with primary key `pk` (keys are column names): `c = v`, an AND
 * of them for a composite key. Validation is pkLoader.ts pkLoadKey's: SG1007 for a table without
 * a primary key, SG1006 naming missing, extra or null columns, SG1000 for a value of the wrong
 * type.
 */
export function pkPredicate(table: ApiTable, pk: ColumnValues, path: string): Predicate {
  const { values } = pkLoadKey(table, pk, [], path);
  const operands: Predicate[] = table.primaryKey.map((column, i) => ({ kind: 'cmp', column, op: '=', value: values[i]! }));
  return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
}
