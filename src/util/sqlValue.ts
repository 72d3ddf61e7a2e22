// A typed SQL value, mirroring vitess go/sqltypes/value.go: a MySQL type plus the raw bytes
// of its text (or binary) form. Vindexes hash exactly these bytes, so keeping the Vitess
// representation keeps keyspace ids identical. Owns no parsing of SQL and no driver types.

/** MySQL/Vitess value types (querypb.Type names; NULL_TYPE is spelled `NULL`). */
export const SQL_TYPES = [
  'NULL', 'INT8', 'UINT8', 'INT16', 'UINT16', 'INT24', 'UINT24', 'INT32', 'UINT32', 'INT64', 'UINT64',
  'FLOAT32', 'FLOAT64', 'TIMESTAMP', 'DATE', 'TIME', 'DATETIME', 'YEAR', 'DECIMAL', 'TEXT', 'BLOB',
  'VARCHAR', 'VARBINARY', 'CHAR', 'BINARY', 'BIT', 'ENUM', 'SET', 'GEOMETRY', 'JSON', 'HEXNUM', 'HEXVAL',
  'BITNUM',
] as const;

export type SqlType = (typeof SQL_TYPES)[number];

/** A SQL value: its type and the bytes of its MySQL text form (binary types: the bytes themselves). */
export interface SqlValue {
  readonly type: SqlType;
  readonly raw: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

const SIGNED = new Set<SqlType>(['INT8', 'INT16', 'INT24', 'INT32', 'INT64', 'YEAR']);
const UNSIGNED = new Set<SqlType>(['UINT8', 'UINT16', 'UINT24', 'UINT32', 'UINT64']);
const FLOATS = new Set<SqlType>(['FLOAT32', 'FLOAT64']);
const TEXTS = new Set<SqlType>(['TEXT', 'VARCHAR', 'CHAR', 'ENUM', 'SET', 'JSON']);
const BINARIES = new Set<SqlType>(['BLOB', 'VARBINARY', 'BINARY', 'BIT', 'GEOMETRY']);
const DATES = new Set<SqlType>(['TIMESTAMP', 'DATE', 'TIME', 'DATETIME']);

/** True when `name` is one of {@link SQL_TYPES}. */
export function isSqlType(name: string): name is SqlType {
  return (SQL_TYPES as readonly string[]).includes(name);
}

/** Builds a value from its type and its text (encoded as UTF-8) or bytes. No validation. */
export function makeSqlValue(type: SqlType, raw: string | Uint8Array): SqlValue {
  return { type, raw: typeof raw === 'string' ? encoder.encode(raw) : raw };
}

/** The SQL NULL value. */
export const SQL_NULL: SqlValue = Object.freeze({ type: 'NULL', raw: EMPTY });

/** A signed 64-bit integer value. */
export function sqlInt64(value: bigint | number): SqlValue {
  return makeSqlValue('INT64', BigInt(value).toString());
}

/** An unsigned 64-bit integer value. */
export function sqlUint64(value: bigint | number): SqlValue {
  return makeSqlValue('UINT64', BigInt(value).toString());
}

/** A FLOAT64 value in MySQL's text form. */
export function sqlFloat64(value: number): SqlValue {
  return makeSqlValue('FLOAT64', String(value));
}

/** A DECIMAL value from its exact text. */
export function sqlDecimal(text: string): SqlValue {
  return makeSqlValue('DECIMAL', text);
}

/** A VARCHAR value (UTF-8). */
export function sqlVarchar(text: string): SqlValue {
  return makeSqlValue('VARCHAR', text);
}

/** A VARBINARY value (the bytes themselves; a string is taken as UTF-8). */
export function sqlVarbinary(bytes: Uint8Array | string): SqlValue {
  return makeSqlValue('VARBINARY', bytes);
}

export function isNull(v: SqlValue): boolean {
  return v.type === 'NULL';
}
export function isSigned(v: SqlValue): boolean {
  return SIGNED.has(v.type);
}
export function isUnsigned(v: SqlValue): boolean {
  return UNSIGNED.has(v.type);
}
export function isIntegral(v: SqlValue): boolean {
  return SIGNED.has(v.type) || UNSIGNED.has(v.type);
}
export function isFloat(v: SqlValue): boolean {
  return FLOATS.has(v.type);
}
export function isDecimal(v: SqlValue): boolean {
  return v.type === 'DECIMAL';
}
/** True for text types (Vitess IsText). */
export function isText(v: SqlValue): boolean {
  return TEXTS.has(v.type);
}
/** True for binary types (Vitess IsBinary). */
export function isBinary(v: SqlValue): boolean {
  return BINARIES.has(v.type);
}
/** True for types whose SQL literal is quoted: text, binary, dates (Vitess IsQuoted). */
export function isQuoted(v: SqlValue): boolean {
  return TEXTS.has(v.type) || BINARIES.has(v.type) || DATES.has(v.type);
}

/** The raw bytes decoded as UTF-8 (Vitess ToString). */
export function sqlValueToString(v: SqlValue): string {
  return decoder.decode(v.raw);
}

/** A short human form for plans and errors: `INT64(1)`, `VARCHAR("a")`, `NULL`. */
export function describeSqlValue(v: SqlValue): string {
  if (v.type === 'NULL') return 'NULL';
  if (BINARIES.has(v.type)) return `${v.type}(x'${bytesToHex(v.raw)}')`;
  if (isQuoted(v)) return `${v.type}(${JSON.stringify(sqlValueToString(v))})`;
  return `${v.type}(${sqlValueToString(v)})`;
}
