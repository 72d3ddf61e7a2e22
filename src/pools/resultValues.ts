// Turns mysql2 column metadata and raw text-protocol bytes into typed SqlValues, so values
// round-trip byte for byte (2^64-1, DECIMAL(65,30), binary bytes, utf8mb4). Owns the MySQL
// wire type → Vitess type mapping only; reading rows off the wire is tabletConnection.ts.

import { BufferedSqlValue, SQL_NULL, type SqlType, type SqlValue } from '../util/sqlValue.js';

/** The column metadata this module reads (a subset of mysql2's ColumnDefinition). */
export interface WireColumn {
  readonly name: string;
  /** MySQL protocol column type (MYSQL_TYPE_*). */
  readonly columnType: number;
  /** Column definition flags (UNSIGNED_FLAG, ENUM_FLAG, …). */
  readonly flags: number;
  /** Collation id of the column; 63 is `binary`. */
  readonly characterSet: number;
  /** MariaDB extended metadata format, `json` for JSON columns (MariaDB sends them as LONGTEXT). */
  readonly extendedFormat?: string;
}

const UNSIGNED_FLAG = 32;
const ENUM_FLAG = 256;
const SET_FLAG = 2048;
const BINARY_COLLATION = 63;

/**
 * MySQL wire type → Vitess type before flags. Mirrors vitess go/sqltypes/type.go mysqlToType
 * (NEWDATE 14 maps to DATE; VECTOR 242 has no SqlType and maps to VARBINARY).
 */
const WIRE_TYPES: ReadonlyMap<number, SqlType> = new Map<number, SqlType>([
  [0, 'DECIMAL'], [1, 'INT8'], [2, 'INT16'], [3, 'INT32'], [4, 'FLOAT32'], [5, 'FLOAT64'], [6, 'NULL'],
  [7, 'TIMESTAMP'], [8, 'INT64'], [9, 'INT24'], [10, 'DATE'], [11, 'TIME'], [12, 'DATETIME'], [13, 'YEAR'],
  [14, 'DATE'], [15, 'VARCHAR'], [16, 'BIT'], [17, 'TIMESTAMP'], [18, 'DATETIME'], [19, 'TIME'],
  [242, 'VARBINARY'], [245, 'JSON'], [246, 'DECIMAL'], [247, 'ENUM'], [248, 'SET'], [249, 'TEXT'], [250, 'TEXT'],
  [251, 'TEXT'], [252, 'TEXT'], [253, 'VARCHAR'], [254, 'CHAR'], [255, 'GEOMETRY'],
]);

const UNSIGNED_OF: Partial<Record<SqlType, SqlType>> = { INT8: 'UINT8', INT16: 'UINT16', INT24: 'UINT24', INT32: 'UINT32', INT64: 'UINT64' };
const BINARY_OF: Partial<Record<SqlType, SqlType>> = { TEXT: 'BLOB', VARCHAR: 'VARBINARY', CHAR: 'BINARY' };

/**
 * The Vitess type of a result column. Mirrors vitess go/sqltypes/type.go MySQLToType and
 * modifyType (UNSIGNED → UINTn; CHAR with ENUM/SET flag → ENUM/SET), with two deliberate
 * differences: a string column is binary when its collation is `binary` (63), not when the
 * BINARY flag is set (MySQL sets that flag for `_bin` collations too, which are text), and a
 * MariaDB column whose extended format is `json` is JSON. An unknown wire type is VARBINARY
 * (the bytes are kept as they came).
 */
export function columnSqlType(column: WireColumn): SqlType {
  if (column.extendedFormat === 'json') return 'JSON';
  const base = WIRE_TYPES.get(column.columnType) ?? 'VARBINARY';
  if (column.flags & UNSIGNED_FLAG) {
    const unsigned = UNSIGNED_OF[base];
    if (unsigned !== undefined) return unsigned;
  }
  if (base === 'CHAR') {
    if (column.flags & ENUM_FLAG) return 'ENUM';
    if (column.flags & SET_FLAG) return 'SET';
  }
  if (column.characterSet === BINARY_COLLATION) return BINARY_OF[base] ?? base;
  return base;
}

/**
 * Builds the SqlValue of one cell from its raw text-protocol bytes (null for SQL NULL, which
 * gives {@link SQL_NULL} whatever the column type, as Vitess does). The bytes are wrapped,
 * not copied: a plain Uint8Array view over the driver's buffer.
 */
export function wireValue(type: SqlType, raw: Uint8Array | null): SqlValue {
  if (raw === null) return SQL_NULL;
  return { type, raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) };
}

/**
 * {@link wireValue} for bytes that are still in the packet: the SqlValue of the `length` bytes at
 * `offset` of `buffer`, left in the packet (a BufferedSqlValue: no copy, and no view until
 * someone asks for `raw`).
 */
export function wireValueAt(type: SqlType, buffer: Buffer, offset: number, length: number): SqlValue {
  return new BufferedSqlValue(type, buffer, offset, length);
}
