// compileOrderBy: a Hasura `order_by` argument → planner OrderBy terms. Owns the mapping of the
// six `order_by` enum values onto MySQL's NULL placement; the SQL is the planner's.

import { ServiceError } from '../errors/serviceError.js';
import type { OrderBy } from '../sharding/planner/queryRequest.js';
import type { OrderByArg, OrderByDirection } from './apiRuntime.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import { findColumn, isInputObject } from './tableColumns.js';
import { describeJsValue } from './values.js';

/**
 * The `order_by` enum values → direction and NULL placement. MySQL puts NULLs first in asc and
 * last in desc, so `asc` is `asc_nulls_first` and `desc` is `desc_nulls_last` (Hasura on
 * Postgres differs: there `asc` puts NULLs last); only the other two need the planner's
 * `col is null` term.
 */
const DIRECTIONS: Readonly<Record<OrderByDirection, Omit<OrderBy, 'column'>>> = {
  asc: { direction: 'asc' },
  asc_nulls_first: { direction: 'asc' },
  asc_nulls_last: { direction: 'asc', nulls: 'last' },
  desc: { direction: 'desc' },
  desc_nulls_first: { direction: 'desc', nulls: 'first' },
  desc_nulls_last: { direction: 'desc' },
};

/** The `order_by` enum values, in the order src/schema lists them. */
export const ORDER_BY_DIRECTIONS: readonly OrderByDirection[] = ['asc', 'asc_nulls_first', 'asc_nulls_last', 'desc', 'desc_nulls_first', 'desc_nulls_last'];

/**
 * True when a column may appear in `order_by` (and so in `T_order_by`), and in `min`/`max`:
 * every column except JSON and GEOMETRY, whose order differs between MariaDB and MySQL or
 * means nothing. Sharded tables are no exception: the planner merges text by weight string
 * and ENUM/SET by member number (MIN/MAX of ENUM/SET by text, as MySQL compares them there),
 * so a merged order is the one server's order (sharding/planner mergeKey.ts).
 */
export function isOrderableColumn(column: Pick<ApiColumn, 'type'>): boolean {
  return column.type !== 'JSON' && column.type !== 'GEOMETRY';
}

function invalid(table: ApiTable, path: string, message: string): ServiceError {
  return new ServiceError('SG1002', `order_by${path}: ${message}`, { details: { keyspace: table.keyspace, table: table.table, path: `order_by${path}` } });
}

/**
 * Compiles `order_by` into OrderBy terms over `table`'s columns.
 * Contract: absent or null gives `[]`; a single object counts as a list of one (GraphQL list
 * coercion); terms follow list order and, within one object, key order; null or undefined
 * values are skipped; a column named again later is dropped (its first term already decides).
 * `asc`/`asc_nulls_first` → asc (MySQL's NULLs first), `desc`/`desc_nulls_last` → desc
 * (NULLs last), `asc_nulls_last` and `desc_nulls_first` carry `nulls`. Errors: ServiceError
 * SG1002 naming the path for an unknown or unorderable column (isOrderableColumn) or an
 * unknown direction.
 */
export function compileOrderBy(table: ApiTable, arg: OrderByArg | Readonly<Record<string, unknown>> | null | undefined): OrderBy[] {
  if (arg === null || arg === undefined) return [];
  const items: readonly unknown[] = Array.isArray(arg) ? arg : [arg];
  const seen = new Set<string>();
  const out: OrderBy[] = [];
  items.forEach((item, i) => {
    if (!isInputObject(item)) throw invalid(table, `[${i}]`, `expected a ${table.table}_order_by object, got ${describeJsValue(item)}`);
    for (const [name, value] of Object.entries(item)) {
      if (value === null || value === undefined) continue;
      const at = `[${i}].${name}`;
      const column = findColumn(table, name, 'SG1002', 'order_by field');
      if (!isOrderableColumn(column)) throw invalid(table, at, `column ${name} (${column.columnType}) cannot be ordered by`);
      const spec = typeof value === 'string' ? DIRECTIONS[value as OrderByDirection] : undefined;
      if (spec === undefined || !Object.hasOwn(DIRECTIONS, value as string)) {
        throw invalid(table, at, `expected one of ${ORDER_BY_DIRECTIONS.join(', ')}, got ${describeJsValue(value)}`);
      }
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ column: name, ...spec });
    }
  });
  return out;
}
