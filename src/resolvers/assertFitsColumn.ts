// The range and length checks of values written to a column, done before the statement is sent
// so that a value MySQL would refuse (strict mode: out of range 1264, data too long 1406) is
// refused here with the column named. Owns these checks only: the type checks are values.ts,
// and anything not checked here (TIMESTAMP range, YEAR, CHECK constraints) is MySQL's to refuse.

import { ServiceError } from '../errors/serviceError.js';
import { sqlValueToString, type SqlType, type SqlValue } from '../util/sqlValue.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import { describeJsValue } from './values.js';

/** Integer ranges of the MySQL integer types below BIGINT (BIGINT's own range is values.ts's). */
const INTEGER_RANGES: Partial<Record<SqlType, readonly [bigint, bigint]>> = {
  INT8: [-128n, 127n],
  UINT8: [0n, 255n],
  INT16: [-32768n, 32767n],
  UINT16: [0n, 65535n],
  INT24: [-8388608n, 8388607n],
  UINT24: [0n, 16777215n],
  INT32: [-2147483648n, 2147483647n],
  UINT32: [0n, 4294967295n],
};

/** The largest finite FLOAT (single precision) MySQL stores. */
const FLOAT32_MAX = 3.402823466e38;

const TEXT_TYPES: ReadonlySet<SqlType> = new Set(['VARCHAR', 'CHAR', 'TEXT']);
const BINARY_TYPES: ReadonlySet<SqlType> = new Set(['VARBINARY', 'BINARY', 'BLOB']);

function outOfRange(table: ApiTable, column: ApiColumn, shown: unknown, expected: string): ServiceError {
  return new ServiceError('SG1000', `column ${column.name} (${column.columnType}) of ${table.keyspace}.${table.table} expects ${expected}, got ${describeJsValue(shown)}`, {
    details: { keyspace: table.keyspace, table: table.table, column: column.name, columnType: column.columnType, value: describeJsValue(shown) },
  });
}

/** Digits before the decimal point of an exact decimal text (`-0012.50` → 2, `0.5` → 0). */
function integerDigits(text: string): number {
  const int = text.replace(/^[+-]/, '').split('.')[0]!.replace(/^0+/, '');
  return int.length;
}

/**
 * Throws ServiceError SG1000 naming the table, the column, its type and the value when `value`
 * (already converted by values.ts toSqlValue for `column`) cannot be stored in `column` without
 * MySQL refusing it in strict mode.
 * Contract: integer columns below BIGINT take their type's range (TINYINT -128…127, INT
 * UNSIGNED 0…4294967295, …); DECIMAL(p,s) at most p − s digits before the point (more digits
 * after the point are rounded by MySQL, as it does); FLOAT at most ±3.402823466e38; text
 * columns at most `maxLength` characters (code points) and binary columns `maxLength` bytes,
 * when `maxLength` is known. NULL and every other type pass.
 */
export function assertFitsColumn(table: ApiTable, column: ApiColumn, value: SqlValue, maxLength: number | undefined): void {
  if (value.type === 'NULL') return;
  const range = INTEGER_RANGES[column.type];
  if (range !== undefined && !column.isBoolean) {
    const n = BigInt(sqlValueToString(value));
    if (n < range[0] || n > range[1]) throw outOfRange(table, column, sqlValueToString(value), `an integer from ${range[0]} to ${range[1]}`);
    return;
  }
  if (column.type === 'DECIMAL' && column.precision !== undefined) {
    const text = sqlValueToString(value);
    const allowed = column.precision - (column.scale ?? 0);
    if (integerDigits(text) > allowed) throw outOfRange(table, column, text, `at most ${allowed} digit${allowed === 1 ? '' : 's'} before the decimal point`);
    return;
  }
  if (column.type === 'FLOAT32') {
    const n = Number(sqlValueToString(value));
    if (Math.abs(n) > FLOAT32_MAX) throw outOfRange(table, column, n, `a number within ±${FLOAT32_MAX}`);
    return;
  }
  if (maxLength === undefined) return;
  if (TEXT_TYPES.has(column.type) && value.type === 'VARCHAR') {
    const text = sqlValueToString(value);
    // Code points: MySQL counts characters, a JS string counts UTF-16 units.
    let length = 0;
    for (const _ of text) length++;
    if (length > maxLength) throw outOfRange(table, column, text, `at most ${maxLength} characters (got ${length})`);
  } else if (BINARY_TYPES.has(column.type) && value.raw.length > maxLength) {
    throw outOfRange(table, column, value.raw, `at most ${maxLength} bytes (got ${value.raw.length})`);
  }
}
