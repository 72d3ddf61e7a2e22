// `T_aggregate { aggregate { count sum avg min max } }` → planner AggregateRequests (one read,
// plus one for a count over several columns) and their results → the AggregateResult forms of
// apiRuntime.ts. Owns the mapping only; recombining per-shard parts is the engine's.

import { ServiceError } from '../errors/serviceError.js';
import type { AggregateRequest, Predicate } from '../sharding/planner/queryRequest.js';
import { assertNever } from '../util/invariant.js';
import { sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import type { AggregateResult, AggregateSelection } from './apiRuntime.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import { isOrderableColumn } from './compileOrderBy.js';
import { findColumn } from './tableColumns.js';
import { fromSqlValue, isNumericColumn, valueKind } from './values.js';

type Part = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** One read of the aggregate: its aggregates and, for a multi-column count, the extra filter. */
export interface AggregateRead {
  readonly aggregates: readonly AggregateRequest[];
  /** AND-ed to the field's where (`a IS NOT NULL AND b IS NOT NULL` for count(columns: [a, b])). */
  readonly where?: Predicate;
}

/** Where each selected aggregate's value is found: read index and alias. */
interface Output {
  readonly part: Part;
  readonly column?: ApiColumn;
  readonly read: number;
  readonly alias: string;
}

/** The reads of an aggregate selection and how to read their results back. */
export interface AggregatePlan {
  readonly reads: readonly AggregateRead[];
  readonly outputs: readonly Output[];
}

function invalid(table: ApiTable, message: string): ServiceError {
  return new ServiceError('SG1008', `aggregate of ${table.keyspace}.${table.table}: ${message}`, { details: { keyspace: table.keyspace, table: table.table } });
}

/**
 * The count part: count(*), count(col), count(distinct col, …), or a separate read for a
 * non-distinct count over several columns.
 */
function planCount(table: ApiTable, count: NonNullable<AggregateSelection['count']>, main: AggregateRequest[], reads: AggregateRead[], outputs: Output[]): void {
  if (count === false) return;
  const spec = count === true ? {} : count;
  const names = spec.columns ?? [];
  const columns = names.map((n) => findColumn(table, n, 'SG1008', 'count column'));
  const distinct = spec.distinct === true;
  if (distinct && columns.length === 0 && table.primaryKey.length === 0) {
    throw new ServiceError('SG1009', `count(distinct) of ${table.keyspace}.${table.table} needs columns: the table has no primary key, so its rows are not countable as distinct`, {
      details: { keyspace: table.keyspace, table: table.table, columns: names },
    });
  }
  if (distinct && columns.length > 1) {
    main.push({ fn: 'countDistinct', columns: columns.map((c) => c.name), alias: 'count' });
    outputs.push({ part: 'count', read: 0, alias: 'count' });
    return;
  }
  if (columns.length <= 1) {
    const column = columns[0]?.name;
    main.push({ fn: distinct && column !== undefined ? 'countDistinct' : 'count', ...(column === undefined ? {} : { column }), alias: 'count' });
    outputs.push({ part: 'count', read: 0, alias: 'count' });
    return;
  }
  const where: Predicate = { kind: 'and', operands: columns.map((c): Predicate => ({ kind: 'isNull', column: c.name, negated: true })) };
  reads.push({ aggregates: [{ fn: 'count', alias: 'count' }], where });
  outputs.push({ part: 'count', read: reads.length, alias: 'count' });
}

/**
 * Plans the reads of an aggregate selection.
 * Contract: read 0 carries every aggregate but a count over several columns (which is
 * `count(*)` under `every column IS NOT NULL`, read 1); read 0 may be empty (nothing but that
 * count, or nothing selected), and then is not run. Aliases are `count`, `sum_<i>`, `avg_<i>`…
 * (i the position in the list). `count(columns: [a, b], distinct: true)` is MySQL's
 * `COUNT(DISTINCT a, b)` (distinct tuples without a NULL), in read 0; distinct without columns
 * counts rows (a primary key makes every row distinct). Errors: SG1008 for an unknown column,
 * a non-numeric column in sum/avg, a column min/max cannot compare (isOrderableColumn: JSON,
 * GEOMETRY); SG1009 for count distinct without columns on a table without a primary key,
 * where distinct rows are not countable.
 */
export function planAggregates(table: ApiTable, selection: AggregateSelection): AggregatePlan {
  const main: AggregateRequest[] = [];
  const reads: AggregateRead[] = [];
  const outputs: Output[] = [];
  if (selection.count !== undefined) planCount(table, selection.count, main, reads, outputs);
  for (const part of ['sum', 'avg', 'min', 'max'] as const) {
    (selection[part] ?? []).forEach((name, i) => {
      const column = findColumn(table, name, 'SG1008', `${part} column`);
      if ((part === 'sum' || part === 'avg') && !isNumericColumn(column)) throw invalid(table, `${part} needs a numeric column, ${name} is ${column.columnType}`);
      if (!isOrderableColumn(column)) throw invalid(table, `${part} cannot compare ${name} (${column.columnType})`);
      const alias = `${part}_${i}`;
      main.push({ fn: part, column: column.name, alias });
      outputs.push({ part, column, read: 0, alias });
    });
  }
  return { reads: [{ aggregates: main }, ...reads], outputs };
}

function numberOf(v: SqlValue): number | null {
  return v.type === 'NULL' ? null : Number(sqlValueToString(v));
}

/** A sum: exact decimal text for integer and DECIMAL columns, a number for FLOAT/DOUBLE. */
function sumOf(column: ApiColumn, v: SqlValue): unknown {
  if (v.type === 'NULL') return null;
  return valueKind(column) === 'Float' ? Number(sqlValueToString(v)) : sqlValueToString(v);
}

function valueOf(output: Output, v: SqlValue): unknown {
  switch (output.part) {
    case 'count':
      return numberOf(v) ?? 0;
    case 'sum':
      return sumOf(output.column!, v);
    case 'avg':
      return numberOf(v);
    case 'min':
    case 'max':
      return fromSqlValue(output.column!, v);
    default:
      return assertNever(output.part, 'aggregate part');
  }
}

/**
 * Reads the AggregateResult out of the reads' single rows (`undefined` for a read that did not
 * run: dry-run, or an empty read 0), by alias. Contract: only selected parts are present; a
 * read that did not run gives count 0 and null values (what an empty table gives).
 */
export function aggregateResult(plan: AggregatePlan, rows: readonly (ReadonlyMap<string, SqlValue> | undefined)[]): AggregateResult {
  const out: { count?: number; sum?: Record<string, unknown>; avg?: Record<string, unknown>; min?: Record<string, unknown>; max?: Record<string, unknown> } = {};
  for (const o of plan.outputs) {
    const row = rows[o.read];
    const value = row?.get(o.alias);
    if (o.part === 'count') {
      out.count = value === undefined ? 0 : (valueOf(o, value) as number);
      continue;
    }
    const group = (out[o.part] ??= {});
    group[o.column!.name] = value === undefined ? null : valueOf(o, value);
  }
  return out;
}
