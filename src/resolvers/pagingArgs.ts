// Checks of the paging arguments every list read takes (`limit`, `offset`, `first`): shared by
// root lists, connections and array relationships. Owns the two errors only.

import { ServiceError } from '../errors/serviceError.js';
import type { ApiTable } from './catalog.js';
import { describeJsValue } from './values.js';

/** A `limit`, `offset` or `first`: absent (null or undefined), or a non-negative safe integer; else ServiceError SG1005. */
export function pagingCount(name: string, value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ServiceError('SG1005', `${name} must be a non-negative integer, got ${describeJsValue(value)}`, { details: { [name]: describeJsValue(value) } });
  }
  return value;
}

/** Throws ServiceError SG1004 (RESOURCE_EXHAUSTED) when `value` of argument `name` on `table` exceeds `maxRows`. */
export function assertRowLimit(table: ApiTable, name: string, value: number, maxRows: number): void {
  if (value > maxRows) {
    throw new ServiceError('SG1004', `${name} ${value} on ${table.keyspace}.${table.table} exceeds the row limit (limits.maxRows = ${maxRows})`, {
      details: { keyspace: table.keyspace, table: table.table, [name]: value, maxRows },
    });
  }
}
