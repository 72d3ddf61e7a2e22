// Looking up a served table's columns by name, with one shared error for names the table does
// not have (GraphQL validation rules them out; this is the guard behind it). Owns nothing else.

import { ServiceError } from '../errors/serviceError.js';
import type { ErrorId } from '../errors/catalogue.js';
import type { ApiColumn, ApiTable } from './catalog.js';

const indexes = new WeakMap<ApiTable, ReadonlyMap<string, ApiColumn>>();

function columnIndex(table: ApiTable): ReadonlyMap<string, ApiColumn> {
  let index = indexes.get(table);
  if (index === undefined) {
    index = new Map(table.columns.map((c) => [c.name, c]));
    indexes.set(table, index);
  }
  return index;
}

/**
 * Returns the column of `table` named exactly `name`. Throws ServiceError `errorId` (a 10xx
 * INVALID_ARGUMENT id of the caller's area) naming the table and the column when there is none.
 */
export function findColumn(table: ApiTable, name: string, errorId: ErrorId, what = 'column'): ApiColumn {
  const column = columnIndex(table).get(name);
  if (column === undefined) {
    throw new ServiceError(errorId, `${what} ${JSON.stringify(name)} is not a column of ${table.keyspace}.${table.table}`, {
      details: { keyspace: table.keyspace, table: table.table, column: name },
    });
  }
  return column;
}

/** True when `value` is a plain object (not null, not an array): the shape of a GraphQL input object. */
export function isInputObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
