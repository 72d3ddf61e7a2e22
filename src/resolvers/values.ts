// Conversions between the JS values GraphQL scalars produce and typed SqlValues, per column:
// which JS form a column's values take (valueKind), JS → SqlValue for filters and keys
// (toSqlValue, strict, errors name the column and the value) and SqlValue → JS for results
// (fromSqlValue). Owns no GraphQL scalar code (src/schema) and no SQL text (the planner).

import { ServiceError } from '../errors/serviceError.js';
import { assertNever, invariant } from '../util/invariant.js';
import { BufferedSqlValue, SQL_NULL, makeSqlValue, sqlValueToString, type SqlType, type SqlValue } from '../util/sqlValue.js';
import type { ApiColumn } from './catalog.js';

/**
 * The JS form of a column's values, which is also the GraphQL scalar src/schema gives it:
 * `Int` number (integers that fit GraphQL's 32-bit Int: TINYINT…INT, YEAR), `BigInt` bigint
 * (BIGINT and INT UNSIGNED, whose values pass 2^31-1), `Float` number (FLOAT, DOUBLE),
 * `Decimal` exact decimal string, `Boolean` (signed TINYINT(1)), `DateTime` string
 * `YYYY-MM-DDTHH:MM:SS[.ffffff]` (DATETIME, TIMESTAMP; no time zone), `Date` `YYYY-MM-DD`,
 * `JSON` parsed value, `Bytes` Uint8Array (binary strings, BIT, GEOMETRY), `Enum` member string
 * (ENUM with known members), `String` (text, CHAR, SET, TIME `[-]HHH:MM:SS[.ffffff]`).
 */
export type ValueKind = 'Int' | 'BigInt' | 'Float' | 'Decimal' | 'Boolean' | 'DateTime' | 'Date' | 'JSON' | 'Bytes' | 'Enum' | 'String';

/** Returns the JS form (and GraphQL scalar) of a column's values; see {@link ValueKind}. */
export function valueKind(column: Pick<ApiColumn, 'type' | 'isBoolean' | 'enumValues'>): ValueKind {
  if (column.isBoolean) return 'Boolean';
  return kindOfType(column.type, column.enumValues !== undefined && column.enumValues.length > 0);
}

function kindOfType(type: SqlType, hasMembers: boolean): ValueKind {
  switch (type) {
    case 'INT8':
    case 'UINT8':
    case 'INT16':
    case 'UINT16':
    case 'INT24':
    case 'UINT24':
    case 'INT32':
    case 'YEAR':
      return 'Int';
    case 'UINT32':
    case 'INT64':
    case 'UINT64':
      return 'BigInt';
    case 'FLOAT32':
    case 'FLOAT64':
      return 'Float';
    case 'DECIMAL':
      return 'Decimal';
    case 'DATETIME':
    case 'TIMESTAMP':
      return 'DateTime';
    case 'DATE':
      return 'Date';
    case 'JSON':
      return 'JSON';
    case 'BLOB':
    case 'VARBINARY':
    case 'BINARY':
    case 'BIT':
    case 'GEOMETRY':
      return 'Bytes';
    case 'ENUM':
      return hasMembers ? 'Enum' : 'String';
    case 'NULL':
    case 'TIME':
    case 'TEXT':
    case 'VARCHAR':
    case 'CHAR':
    case 'SET':
    case 'HEXNUM':
    case 'HEXVAL':
    case 'BITNUM':
      return 'String';
    default:
      return assertNever(type, 'SqlType');
  }
}

/** Longest value the short-text paths below convert in JavaScript; longer ones go through TextEncoder/TextDecoder. */
const SHORT_TEXT = 64;
/** Longest text made from a value's bytes in one String.fromCharCode call. */
const SHORT_CHARS = 8;

/**
 * The text of a value's bytes, as sqlValueToString gives it (UTF-8), converting short ASCII
 * values in JavaScript: a native decoder's fixed cost per call dominates for the few bytes of a
 * key or a cell, and result rows convert thousands of them. Bytes still in a row packet
 * (BufferedSqlValue) are read there, without a view; longer ones decode natively from the
 * packet's Buffer.
 */
export function sqlText(v: SqlValue): string {
  // One instanceof for all three (this runs for most result cells).
  const buffered = v instanceof BufferedSqlValue;
  const bytes = buffered ? v.buffer : v.raw;
  const start = buffered ? v.start : 0;
  const n = buffered ? v.length : bytes.length;
  if (n <= SHORT_CHARS) return shortAscii(bytes, start, n) ?? sqlValueToString(v);
  if (n <= 2 * SHORT_CHARS) {
    // Two calls (names and the like): still a third of a native decode's cost.
    const head = shortAscii(bytes, start, SHORT_CHARS);
    const tail = head === undefined ? undefined : shortAscii(bytes, start + SHORT_CHARS, n - SHORT_CHARS);
    return tail === undefined ? sqlValueToString(v) : head + tail;
  }
  if (buffered || n > SHORT_TEXT) return sqlValueToString(v);
  let text = '';
  for (let i = 0; i < n; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80) return sqlValueToString(v);
    text += String.fromCharCode(byte);
  }
  return text;
}

const char = String.fromCharCode;

/**
 * The text of `bytes[s … s + n)` when they are ASCII (undefined otherwise), made in one call
 * (a string built char by char allocates every prefix on the way). Contract: n <= SHORT_CHARS.
 */
function shortAscii(b: Uint8Array, s: number, n: number): string | undefined {
  let high = 0;
  for (let i = s; i < s + n; i++) high |= b[i]!;
  if (high >= 0x80) return undefined;
  switch (n) {
    case 0:
      return '';
    case 1:
      return char(b[s]!);
    case 2:
      return char(b[s]!, b[s + 1]!);
    case 3:
      return char(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    default:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
  }
}

/** Most digits {@link smallInteger} reads: every 15-digit integer is a safe integer. */
const SAFE_DIGITS = 15;

/**
 * The integer a value's text spells when it is `-?[0-9]{1,15}` (what MySQL sends for integer
 * columns below 10^15), read from its bytes without making a string; undefined otherwise.
 */
function smallInteger(v: SqlValue): number | undefined {
  if (v instanceof BufferedSqlValue) return digitsValue(v.buffer, v.start, v.start + v.length);
  const raw = v.raw;
  return digitsValue(raw, 0, raw.length);
}

/** The integer `bytes[from … to)` spell as `-?[0-9]{1,15}`, undefined when they spell something else. */
function digitsValue(bytes: Uint8Array, from: number, to: number): number | undefined {
  const negative = from < to && bytes[from] === 0x2d;
  const first = negative ? from + 1 : from;
  if (first === to || to - first > SAFE_DIGITS) return undefined;
  let value = 0;
  for (let i = first; i < to; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** makeSqlValue of a text, encoding short ASCII texts in JavaScript (see {@link sqlText}). */
export function sqlValueOfText(type: SqlType, text: string): SqlValue {
  const n = text.length;
  if (n > SHORT_TEXT) return makeSqlValue(type, text);
  const raw = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return makeSqlValue(type, text);
    raw[i] = code;
  }
  return { type, raw };
}

/** True when the column's values are numbers that `sum` and `avg` accept (Int, BigInt, Float, Decimal, not Boolean). */
export function isNumericColumn(column: Pick<ApiColumn, 'type' | 'isBoolean' | 'enumValues'>): boolean {
  const kind = valueKind(column);
  return kind === 'Int' || kind === 'BigInt' || kind === 'Float' || kind === 'Decimal';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const INTEGER_TEXT = /^[+-]?[0-9]+$/;
const DECIMAL_TEXT = /^[+-]?([0-9]+(\.[0-9]+)?|\.[0-9]+)$/;
const DATE_TEXT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATETIME_TEXT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,6})?$/;
const TIME_TEXT = /^-?([0-9]{1,3}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,6})?$/;
const MAX_SHOWN = 80;
/** In `u` mode a lone surrogate is a code point of category Cs; a valid pair is not. */
const LONE_SURROGATE = /\p{Cs}/u;

/** A short form of a JS value for error messages: strings quoted, bigints with `n`, bytes by length. */
export function describeJsValue(value: unknown): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  let text: string;
  if (typeof value === 'bigint') text = `${value}n`;
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function invalid(column: Pick<ApiColumn, 'name' | 'columnType'>, value: unknown, expected: string): ServiceError {
  return new ServiceError('SG1000', `column ${column.name} (${column.columnType}) expects ${expected}, got ${describeJsValue(value)}`, {
    details: { column: column.name, columnType: column.columnType, value: describeJsValue(value) },
  });
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when the captured year, month and day make a real calendar date (no zero dates). */
function isCalendarDate(m: RegExpExecArray): boolean {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function integerValue(column: ApiColumn, value: unknown, kind: 'Int' | 'BigInt'): SqlValue {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (kind === 'BigInt' && typeof value === 'string' && INTEGER_TEXT.test(value)) n = BigInt(value);
  else throw invalid(column, value, kind === 'BigInt' ? 'an integer (bigint, safe integer or integer string)' : 'an integer');
  const [min, max, range] = column.unsigned ? [0n, UINT64_MAX, 'uint64'] : [INT64_MIN, INT64_MAX, 'int64'];
  if (n < min || n > max) throw invalid(column, value, `an integer in the ${range} range`);
  return sqlValueOfText(n > INT64_MAX ? 'UINT64' : 'INT64', n.toString());
}

function stringOf(column: ApiColumn, value: unknown, expected: string): string {
  if (typeof value !== 'string') throw invalid(column, value, expected);
  if (LONE_SURROGATE.test(value)) throw invalid(column, value, `${expected} without lone surrogates`);
  return value;
}

/**
 * Converts a JS value (as src/schema's scalars parse it) to the SqlValue bound for `column`.
 * Contract, by {@link valueKind}: Int takes a safe-integer number or bigint; BigInt also an
 * integer string; both must lie in int64 (signed columns) or uint64 (unsigned) range and
 * become INT64 (UINT64 above 2^63-1). Float takes a finite number (FLOAT64). Decimal takes an
 * exact decimal string (`-1.50`, no exponent), a safe integer or a bigint (DECIMAL, text kept).
 * Boolean takes a boolean (INT64 1/0). DateTime takes `YYYY-MM-DD[T ]HH:MM:SS[.ffffff]` with
 * a real calendar date and time, no zone (DATETIME, or TIMESTAMP for TIMESTAMP columns, written
 * with a space); Date `YYYY-MM-DD`; TIME columns `[-]H:MM:SS[.f]` up to 838 hours. JSON takes
 * any JSON-serialisable value (its JSON text). Bytes takes a Uint8Array (VARBINARY; BIT for BIT
 * columns). Enum takes one of the column's members exactly. String takes a well-formed string
 * (VARCHAR). `null`/`undefined` give SQL NULL. Anything else throws ServiceError SG1000 naming
 * the column, its type and the value.
 */
export function toSqlValue(column: ApiColumn, value: unknown): SqlValue {
  if (value === null || value === undefined) return SQL_NULL;
  const kind = valueKind(column);
  switch (kind) {
    case 'Int':
    case 'BigInt':
      return integerValue(column, value, kind);
    case 'Float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(column, value, 'a finite number');
      return sqlValueOfText('FLOAT64', String(value));
    case 'Decimal':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) return sqlValueOfText('DECIMAL', String(value));
      if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) throw invalid(column, value, 'an exact decimal string (like "-12.50") or an integer');
      return sqlValueOfText('DECIMAL', value);
    case 'Boolean':
      if (typeof value !== 'boolean') throw invalid(column, value, 'a boolean');
      return sqlValueOfText('INT64', value ? '1' : '0');
    case 'DateTime': {
      const text = stringOf(column, value, 'a date-time YYYY-MM-DDTHH:MM:SS[.ffffff]');
      const m = DATETIME_TEXT.exec(text);
      if (m === null || !isCalendarDate(m) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
        throw invalid(column, value, 'a valid date-time YYYY-MM-DDTHH:MM:SS[.ffffff] without time zone');
      }
      return sqlValueOfText(column.type === 'TIMESTAMP' ? 'TIMESTAMP' : 'DATETIME', `${text.slice(0, 10)} ${text.slice(11)}`);
    }
    case 'Date': {
      const text = stringOf(column, value, 'a date YYYY-MM-DD');
      const m = DATE_TEXT.exec(text);
      if (m === null || !isCalendarDate(m)) throw invalid(column, value, 'a valid date YYYY-MM-DD');
      return sqlValueOfText('DATE', text);
    }
    case 'JSON': {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch {
        text = undefined;
      }
      if (text === undefined) throw invalid(column, value, 'a JSON value');
      return makeSqlValue('JSON', text);
    }
    case 'Bytes':
      if (!(value instanceof Uint8Array)) throw invalid(column, value, 'bytes (Uint8Array)');
      return makeSqlValue(column.type === 'BIT' ? 'BIT' : 'VARBINARY', value);
    case 'Enum': {
      const text = stringOf(column, value, 'an enum member');
      if (!column.enumValues!.includes(text)) throw invalid(column, value, `one of ${column.enumValues!.map((v) => JSON.stringify(v)).join(', ')}`);
      return sqlValueOfText('VARCHAR', text);
    }
    case 'String': {
      if (column.type === 'TIME') {
        const text = stringOf(column, value, 'a time [-]HHH:MM:SS[.ffffff]');
        const m = TIME_TEXT.exec(text);
        if (m === null || Number(m[1]) > 838 || Number(m[2]) > 59 || Number(m[3]) > 59) throw invalid(column, value, 'a time [-]HHH:MM:SS[.ffffff] within ±838:59:59');
        return sqlValueOfText('TIME', text);
      }
      return sqlValueOfText('VARCHAR', stringOf(column, value, 'a string'));
    }
    default:
      return assertNever(kind, 'value kind');
  }
}

function parseJsonValue(column: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return invariant(false, `column ${column} returned invalid JSON ${describeJsValue(text)}: ${String(error)}`);
  }
}

/** Converts a value that is not SQL NULL of a column of one kind (fromSqlValue). */
type Converter = (value: SqlValue, column: Pick<ApiColumn, 'name'>) => unknown;

const CONVERTERS: Readonly<Record<ValueKind, Converter>> = {
  Int: (v) => smallInteger(v) ?? Number(sqlText(v)),
  Float: (v) => Number(sqlText(v)),
  BigInt: (v) => {
    const small = smallInteger(v);
    return small === undefined ? BigInt(sqlText(v)) : BigInt(small);
  },
  Decimal: sqlText,
  Date: sqlText,
  Enum: sqlText,
  String: sqlText,
  Boolean: (v) => sqlText(v) !== '0',
  DateTime: (v) => {
    const text = sqlText(v);
    return text.length > 10 && text[10] === ' ' ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
  },
  JSON: (v, column) => parseJsonValue(column.name, sqlValueToString(v)),
  Bytes: (v) => new Uint8Array(v.raw),
};

/** Enum converters by column (enumConverter). */
const enumConverters = new WeakMap<ApiColumn, Converter>();

/**
 * The Enum converter of `column`: a value whose bytes are a member's gives that member's string
 * (the same text sqlText makes, without making it again for every row); anything else its text.
 */
function enumConverter(column: ApiColumn): Converter {
  let convert = enumConverters.get(column);
  if (convert !== undefined) return convert;
  const encoder = new TextEncoder();
  const members = (column.enumValues ?? []).map((text) => ({ text, bytes: encoder.encode(text) }));
  convert = (v) => {
    const buffered = v instanceof BufferedSqlValue;
    const bytes = buffered ? v.buffer : v.raw;
    const start = buffered ? v.start : 0;
    const n = buffered ? v.length : bytes.length;
    for (const member of members) {
      const m = member.bytes;
      if (m.length !== n) continue;
      let i = 0;
      while (i < n && bytes[start + i] === m[i]) i++;
      if (i === n) return member.text;
    }
    return sqlText(v);
  };
  enumConverters.set(column, convert);
  return convert;
}

/**
 * Converts a result value of `column` to its JS form ({@link ValueKind}). Contract: SQL NULL
 * gives null; Int and Float give numbers, BigInt a bigint, Decimal, Date, Enum and String the
 * text as MySQL sent it, DateTime the text with the space before the time replaced by `T`,
 * Boolean `text !== '0'`, JSON the parsed value (numbers beyond 2^53 lose precision, as
 * JSON.parse does), Bytes a copy of the bytes. A value of another type than the column's (an
 * aggregate over it) is read by its text the same way.
 */
export function fromSqlValue(column: Pick<ApiColumn, 'name' | 'type' | 'isBoolean' | 'enumValues'>, value: SqlValue): unknown {
  return value.type === 'NULL' ? null : CONVERTERS[valueKind(column)](value, column);
}

/**
 * Builds a result row: `columns[i]` → fromSqlValue of `values[i]`. Contract: `values` has at
 * least `columns.length` entries (extra ones are ignored).
 */
export function toApiRow(columns: readonly ApiColumn[], values: readonly SqlValue[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const name = columns[i]!.name;
    const value = fromSqlValue(columns[i]!, values[i]!);
    // Assigning `__proto__` would set the prototype (and drop a text value): an own property instead.
    if (name === '__proto__') Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
    else row[name] = value;
  }
  return row;
}

/** Builds a row object from converters, the columns and a row's values (rowBuilder). */
type RowBuilder = (convert: readonly Converter[], columns: readonly ApiColumn[], values: readonly SqlValue[]) => Record<string, unknown>;

/** Row builders by their column names and positions (rowBuilder's key); at most ROW_BUILDERS_KEPT. */
const rowBuilders = new Map<string, RowBuilder>();
const ROW_BUILDERS_KEPT = 1000;

/**
 * The row builder of a list of column names read from `positions` of a row's values, made once:
 * one object literal with those keys, so every row gets the same shape at once.
 */
function rowBuilder(names: readonly string[], positions: readonly number[]): RowBuilder {
  // Names joined by NUL (which no MySQL identifier holds), then the positions.
  const key = `${names.join('\0')}\u0001${positions.join(',')}`;
  let builder = rowBuilders.get(key);
  if (builder !== undefined) return builder;
  // Past the bound (clients choosing ever new column sets), rows are built by a loop instead.
  if (rowBuilders.size >= ROW_BUILDERS_KEPT) return (c, k, v) => toApiRow(k, positions.map((p) => v[p]!));
  // A quoted "__proto__" key in a literal would set the prototype: that one is a computed key.
  const entries = names.map((name, i) => `${name === '__proto__' ? '["__proto__"]' : JSON.stringify(name)}: v[${positions[i]!}].type === 'NULL' ? null : c[${i}](v[${positions[i]!}], k[${i}])`);
  builder = new Function('c', 'k', 'v', `return { ${entries.join(', ')} };`) as RowBuilder;
  rowBuilders.set(key, builder);
  return builder;
}

/**
 * The reader of result rows of `columns` (toApiRow of each row), with each column's conversion
 * and the row's shape decided once: make one per result, not one per row. `positions[i]` is
 * where `columns[i]`'s value is in a row (default: at i), so that a row read with more columns
 * than the API row needs (join keys) gives only those.
 */
export function apiRowReader(columns: readonly ApiColumn[], positions: readonly number[] = columns.map((_, i) => i)): (values: readonly SqlValue[]) => Record<string, unknown> {
  invariant(positions.length === columns.length && positions.every((p) => Number.isInteger(p) && p >= 0), 'apiRowReader: one position (a row index) per column');
  const convert = columns.map((c) => {
    const kind = valueKind(c);
    return kind === 'Enum' ? enumConverter(c) : CONVERTERS[kind];
  });
  const build = rowBuilder(columns.map((c) => c.name), positions);
  return (values) => build(convert, columns, values);
}
