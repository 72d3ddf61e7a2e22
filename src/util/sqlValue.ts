// A typed SQL value, mirroring vitess go/sqltypes/value.go: a MySQL type plus the raw bytes
// of its text (or binary) form. Vindexes hash exactly these bytes, so keeping the Vitess
// representation keeps keyspace ids identical. Also owns the conversions of value.go and
// mysql/fastparse (ToBytes, ToCastUint64, ...). Owns no parsing of SQL and no driver types.

import { bytesToHex } from './hex.js';

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

// The classes of vitess go/sqltypes/type.go, read off the querypb.Type flag bits
// (proto/query.proto: ISINTEGRAL 256, ISUNSIGNED 512, ISFLOAT 1024, ISQUOTED 2048, ISTEXT
// 4096, ISBINARY 8192). So YEAR (785) is an unsigned integral; BIT (2073) carries ISQUOTED
// but type.go IsQuoted excludes it by name; ENUM, SET, GEOMETRY and JSON are quoted only;
// HEXNUM, HEXVAL and BITNUM (4128-4130) are text but not quoted.
const SIGNED = new Set<SqlType>(['INT8', 'INT16', 'INT24', 'INT32', 'INT64']);
const UNSIGNED = new Set<SqlType>(['UINT8', 'UINT16', 'UINT24', 'UINT32', 'UINT64', 'YEAR']);
const FLOATS = new Set<SqlType>(['FLOAT32', 'FLOAT64']);
const TEXTS = new Set<SqlType>(['TEXT', 'VARCHAR', 'CHAR', 'HEXNUM', 'HEXVAL', 'BITNUM']);
const BINARIES = new Set<SqlType>(['BLOB', 'VARBINARY', 'BINARY']);
const QUOTED = new Set<SqlType>([
  'TIMESTAMP', 'DATE', 'TIME', 'DATETIME', 'TEXT', 'BLOB', 'VARCHAR', 'VARBINARY', 'CHAR', 'BINARY',
  'ENUM', 'SET', 'GEOMETRY', 'JSON',
]);
// Types whose raw bytes are not text: describeSqlValue shows them in hex.
const SHOWN_AS_HEX = new Set<SqlType>(['BLOB', 'VARBINARY', 'BINARY', 'BIT', 'GEOMETRY']);

/** True when `name` is one of {@link SQL_TYPES}. */
export function isSqlType(name: string): name is SqlType {
  return (SQL_TYPES as readonly string[]).includes(name);
}

/** Builds a value from its type and its text (encoded as UTF-8) or bytes. No validation. */
export function makeSqlValue(type: SqlType, raw: string | Uint8Array): SqlValue {
  return { type, raw: typeof raw === 'string' ? encoder.encode(raw) : raw };
}

/**
 * A SqlValue whose bytes still lie inside a larger buffer (a row packet as the pools read it):
 * `buffer[start … start + length)`. `raw` is a Uint8Array view made on first use, so that a
 * result cell that is only read as text or as a number never allocates one (a view costs more
 * than reading the few bytes of a cell). Contract: the buffer's bytes are not changed while the
 * value lives.
 */
export class BufferedSqlValue implements SqlValue {
  // Fields assigned in the constructor only (no class field initialisers): one of these is made
  // per result cell.
  declare readonly type: SqlType;
  declare readonly buffer: Buffer;
  declare readonly start: number;
  declare readonly length: number;
  private declare view: Uint8Array | undefined;

  constructor(type: SqlType, buffer: Buffer, start: number, length: number) {
    this.type = type;
    this.buffer = buffer;
    this.start = start;
    this.length = length;
    this.view = undefined;
  }

  get raw(): Uint8Array {
    return (this.view ??= new Uint8Array(this.buffer.buffer, this.buffer.byteOffset + this.start, this.length));
  }
}

/**
 * The bytes holding a value's text, read from {@link textStart} for {@link textLength} bytes:
 * the packet's Buffer for a value still in one (no view made), else `raw` (which gives the same
 * bytes as a view of their own). Each of the three tests the value's class: the readers of every
 * result cell (src/resolvers/values.ts) test it once themselves instead.
 */
export function textBytes(v: SqlValue): Uint8Array {
  return v instanceof BufferedSqlValue ? v.buffer : v.raw;
}

/** Where a value's text starts in {@link textBytes}. */
export function textStart(v: SqlValue): number {
  return v instanceof BufferedSqlValue ? v.start : 0;
}

/** How many bytes a value's text has (`raw.length`, without making a view). */
export function textLength(v: SqlValue): number {
  return v instanceof BufferedSqlValue ? v.length : v.raw.length;
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

/** True for NULL (type.go IsNull). */
export function isNull(v: SqlValue): boolean {
  return v.type === 'NULL';
}
/** True for the signed integral types INT8..INT64 (type.go IsSigned). */
export function isSigned(v: SqlValue): boolean {
  return SIGNED.has(v.type);
}
/** True for the unsigned integral types UINT8..UINT64 and YEAR (type.go IsUnsigned). */
export function isUnsigned(v: SqlValue): boolean {
  return UNSIGNED.has(v.type);
}
/** True for every signed or unsigned integral type, YEAR included (type.go IsIntegral). */
export function isIntegral(v: SqlValue): boolean {
  return SIGNED.has(v.type) || UNSIGNED.has(v.type);
}
/** True for FLOAT32 and FLOAT64 (type.go IsFloat). */
export function isFloat(v: SqlValue): boolean {
  return FLOATS.has(v.type);
}
/** True for DECIMAL (type.go IsDecimal). */
export function isDecimal(v: SqlValue): boolean {
  return v.type === 'DECIMAL';
}
/** True for integral, float and DECIMAL values (type.go IsNumber). */
export function isNumber(v: SqlValue): boolean {
  return isIntegral(v) || FLOATS.has(v.type) || v.type === 'DECIMAL';
}
/**
 * True for TEXT, VARCHAR, CHAR and the literals HEXNUM, HEXVAL, BITNUM (type.go IsText).
 * ENUM, SET and JSON are not text in Vitess.
 */
export function isText(v: SqlValue): boolean {
  return TEXTS.has(v.type);
}
/** True for BLOB, VARBINARY and BINARY (type.go IsBinary); BIT and GEOMETRY are not binary in Vitess. */
export function isBinary(v: SqlValue): boolean {
  return BINARIES.has(v.type);
}
/** True for text or binary values (type.go IsTextOrBinary). */
export function isTextOrBinary(v: SqlValue): boolean {
  return TEXTS.has(v.type) || BINARIES.has(v.type);
}
/**
 * True for types whose SQL literal is quoted (type.go IsQuoted): dates and times, TEXT, BLOB,
 * VARCHAR, VARBINARY, CHAR, BINARY, ENUM, SET, GEOMETRY, JSON. Not BIT, not HEXNUM, HEXVAL, BITNUM.
 */
export function isQuoted(v: SqlValue): boolean {
  return QUOTED.has(v.type);
}
/** True for DATETIME, DATE and TIMESTAMP (type.go IsDate; not Value.IsDate, which is DATE alone). */
export function isDate(v: SqlValue): boolean {
  return v.type === 'DATETIME' || v.type === 'DATE' || v.type === 'TIMESTAMP';
}
/** True for DATETIME, DATE, TIMESTAMP and TIME (type.go IsDateOrTime). */
export function isDateOrTime(v: SqlValue): boolean {
  return isDate(v) || v.type === 'TIME';
}

/** The raw bytes decoded as UTF-8 (Vitess ToString). */
export function sqlValueToString(v: SqlValue): string {
  if (v instanceof BufferedSqlValue) return v.buffer.toString('utf8', v.start, v.start + v.length);
  return decoder.decode(v.raw);
}

/** A short human form for plans and errors: `INT64(1)`, `VARCHAR("a")`, `NULL`. */
export function describeSqlValue(v: SqlValue): string {
  if (v.type === 'NULL') return 'NULL';
  if (SHOWN_AS_HEX.has(v.type)) return `${v.type}(x'${bytesToHex(v.raw)}')`;
  if (isQuoted(v)) return `${v.type}(${JSON.stringify(sqlValueToString(v))})`;
  return `${v.type}(${sqlValueToString(v)})`;
}

// ---- Conversions (vitess go/sqltypes/value.go, go/mysql/fastparse/fastparse.go) ----

/**
 * Thrown by the conversions below exactly where Vitess returns an error; `message` follows
 * the Vitess text (`cannot parse uint64 from "aa"`). Callers wrap it in their own error.
 */
export class SqlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlValueError';
  }
}

const TWO32 = 4294967296;
const TWO31 = 2147483648;
const CH_SPACE = 0x20;
const CH_TAB = 0x09;
const CH_MINUS = 0x2d;
const CH_PLUS = 0x2b;
const CH_0 = 0x30;
const CH_9 = 0x39;

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= CH_0 && c <= CH_9;
}

/** fastparse isSpace: only space and tab count. */
function isSpace(c: number | undefined): boolean {
  return c === CH_SPACE || c === CH_TAB;
}

/**
 * The ASCII digits raw[from, to) as an unsigned magnitude, written to out = [hi, lo] (32-bit
 * halves). False when it exceeds 2^64-1. Plain doubles only (no bigint): 15 digits are exact
 * in a double, and after that each digit keeps both halves below 2^36.
 */
function digitsInto(raw: Uint8Array, from: number, to: number, out: Uint32Array): boolean {
  let i = from;
  while (i < to && raw[i] === CH_0) i++;
  if (to - i > 20) return false;
  let lo = 0;
  let hi = 0;
  const exactEnd = Math.min(to, i + 15);
  for (; i < exactEnd; i++) lo = lo * 10 + (raw[i]! - CH_0);
  if (lo >= TWO32) {
    hi = Math.floor(lo / TWO32);
    lo -= hi * TWO32;
  }
  for (; i < to; i++) {
    lo = lo * 10 + (raw[i]! - CH_0);
    const carry = Math.floor(lo / TWO32);
    lo -= carry * TWO32;
    hi = hi * 10 + carry;
    if (hi >= TWO32) return false;
  }
  out[0] = hi;
  out[1] = lo;
  return true;
}

/** True when the magnitude in `out` fits int64: below 2^63, or exactly 2^63 when negative. */
function fitsInt64(out: Uint32Array, negative: boolean): boolean {
  return out[0]! < TWO31 || (negative && out[0] === TWO31 && out[1] === 0);
}

/** Two's complement negation of out = [hi, lo] in place (Uint32Array stores values mod 2^32). */
function negate(out: Uint32Array): void {
  const lo = out[1]!;
  out[0] = lo === 0 ? -out[0]! : ~out[0]!;
  out[1] = -lo;
}

function quote(raw: Uint8Array): string {
  return JSON.stringify(decoder.decode(raw));
}

/**
 * fastparse ParseUint64/ParseInt64 in base 10: optional spaces/tabs, a '-' (int64 only),
 * digits, optional spaces/tabs. Writes the value's two's complement halves to `out`; returns
 * undefined, or the Vitess error message.
 */
function fastParse(raw: Uint8Array, signed: boolean, out: Uint32Array): string | undefined {
  const kind = signed ? 'int64' : 'uint64';
  const n = raw.length;
  if (n === 0) return `cannot parse ${kind} from empty string`;
  let i = 0;
  while (i < n && isSpace(raw[i])) i++;
  if (i >= n) return `cannot parse ${kind} from ${quote(raw)}`;
  const minus = raw[i] === CH_MINUS;
  if (minus) {
    if (!signed) return `cannot parse uint64 from ${quote(raw)}`;
    i++;
    if (i >= n) return `cannot parse int64 from ${quote(raw)}`;
  }
  const start = i;
  while (i < n && isDigit(raw[i])) i++;
  if (i === start) return `cannot parse ${kind} from ${quote(raw)}`;
  if (!digitsInto(raw, start, i, out) || (signed && !fitsInt64(out, minus))) return `cannot parse ${kind} from ${quote(raw)}: overflow`;
  while (i < n && isSpace(raw[i])) i++;
  if (i < n) return `unparsed tail left after parsing ${kind} from ${quote(raw)}: ${quote(raw.subarray(i))}`;
  if (minus) negate(out);
  return undefined;
}

/**
 * Go strconv.ParseInt(text, 10, 64): an optional '+' or '-', then at least one digit, nothing
 * else (no spaces), within int64. Writes two's complement halves to `out`; returns undefined
 * or the Go error message.
 */
function strconvParseInt64(raw: Uint8Array, out: Uint32Array): string | undefined {
  const n = raw.length;
  const sign = raw[0];
  const start = sign === CH_PLUS || sign === CH_MINUS ? 1 : 0;
  let i = start;
  while (i < n && isDigit(raw[i])) i++;
  if (i === start || i < n) return `strconv.ParseInt: parsing ${quote(raw)}: invalid syntax`;
  if (!digitsInto(raw, start, n, out) || !fitsInt64(out, sign === CH_MINUS)) return `strconv.ParseInt: parsing ${quote(raw)}: value out of range`;
  if (sign === CH_MINUS) negate(out);
  return undefined;
}

const SCRATCH = new Uint32Array(2);

function orThrow(error: string | undefined): void {
  if (error !== undefined) throw new SqlValueError(error);
}

/** The halves in `out` as a bigint, unsigned or (when `signed`) two's complement. */
function halvesToBigint(out: Uint32Array, signed: boolean): bigint {
  const value = (BigInt(out[0]!) << 32n) | BigInt(out[1]!);
  return signed ? BigInt.asIntN(64, value) : value;
}

/**
 * The value's text as an unsigned 64-bit integer, whatever its type ("best effort", as Vitess
 * ToCastUint64 with fastparse.ParseUint64): leading/trailing spaces and tabs are allowed, a
 * sign is not. Throws SqlValueError for NULL, empty text, a non-digit, a tail or overflow.
 */
export function sqlValueToCastUint64(v: SqlValue): bigint {
  orThrow(fastParse(v.raw, false, SCRATCH));
  return halvesToBigint(SCRATCH, false);
}

/**
 * {@link sqlValueToCastUint64} without bigints, for hot paths: writes the value to `out` as
 * [high 32 bits, low 32 bits]. Throws SqlValueError exactly where the bigint form does.
 */
export function sqlValueToCastUint64Halves(v: SqlValue, out: Uint32Array): void {
  orThrow(fastParse(v.raw, false, out));
}

/**
 * The value's text as a signed 64-bit integer, whatever its type (Vitess ToCastInt64 with
 * fastparse.ParseInt64). Throws SqlValueError as {@link sqlValueToCastUint64} does.
 */
export function sqlValueToCastInt64(v: SqlValue): bigint {
  orThrow(fastParse(v.raw, true, SCRATCH));
  return halvesToBigint(SCRATCH, true);
}

/**
 * The value as int64 (Vitess ToInt64): only integral types convert; throws SqlValueError
 * `Cannot convert value to desired type` for others and the fastparse errors for bad text.
 */
export function sqlValueToInt64(v: SqlValue): bigint {
  if (!isIntegral(v)) throw new SqlValueError('Cannot convert value to desired type');
  return sqlValueToCastInt64(v);
}

/** The value as uint64 (Vitess ToUint64): like {@link sqlValueToInt64}, unsigned. */
export function sqlValueToUint64(v: SqlValue): bigint {
  if (!isIntegral(v)) throw new SqlValueError('Cannot convert value to desired type');
  return sqlValueToCastUint64(v);
}

/**
 * The value's text parsed by Go strconv.ParseInt(s, 10, 64): an optional sign and digits, no
 * spaces. vindexes/hash.go uses this for signed values. Throws SqlValueError otherwise.
 */
export function sqlValueToStrictInt64(v: SqlValue): bigint {
  orThrow(strconvParseInt64(v.raw, SCRATCH));
  return halvesToBigint(SCRATCH, true);
}

/**
 * {@link sqlValueToStrictInt64} without bigints: writes the two's complement of the value to
 * `out` as [high 32 bits, low 32 bits] (so -1 gives [0xffffffff, 0xffffffff]).
 */
export function sqlValueToStrictInt64Halves(v: SqlValue, out: Uint32Array): void {
  orThrow(strconvParseInt64(v.raw, out));
}

function hexDigit(c: number): number {
  if (c >= CH_0 && c <= CH_9) return c - CH_0;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Go hex.DecodeString of raw[from, to): odd length and non-hex bytes are errors. */
function decodeHex(raw: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array((to - from) >> 1);
  for (let i = from; i + 1 < to; i += 2) {
    const hi = hexDigit(raw[i]!);
    const lo = hexDigit(raw[i + 1]!);
    const bad = hi < 0 ? raw[i]! : lo < 0 ? raw[i + 1]! : -1;
    if (bad >= 0) throw new SqlValueError(`encoding/hex: invalid byte: U+${bad.toString(16).toUpperCase().padStart(4, '0')} ${JSON.stringify(String.fromCharCode(bad))}`);
    out[(i - from) >> 1] = (hi << 4) | lo;
  }
  if ((to - from) % 2 !== 0) throw new SqlValueError('encoding/hex: odd length hex string');
  return out;
}

/** `0b...` with Go base-0 underscores (between digits or after the prefix) → big-endian minimal bytes. */
function decodeBitNum(v: SqlValue): Uint8Array {
  const text = sqlValueToString(v);
  if (!/^0b_?[01]+(_[01]+)*$/.test(text)) throw new SqlValueError(`invalid bit number: ${text}`);
  const bits = text.slice(2).replaceAll('_', '').replace(/^0+/, '');
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) {
    if (bits.charCodeAt(bits.length - 1 - i) === 0x31) out[out.length - 1 - (i >> 3)]! |= 1 << (i & 7);
  }
  return out;
}

/**
 * The bytes MySQL would return for the value (Vitess ToBytes): the raw bytes, except that
 * HEXVAL `x'a1'`, HEXNUM `0xa1` and BITNUM `0b101` are decoded. NULL gives empty bytes.
 * Throws SqlValueError for a malformed literal, including an odd number of hex digits (as
 * Vitess does, although MySQL would pad).
 */
export function sqlValueToBytes(v: SqlValue): Uint8Array {
  const raw = v.raw;
  switch (v.type) {
    case 'HEXVAL': {
      const n = raw.length;
      if (n < 3 || (raw[0] !== 0x78 && raw[0] !== 0x58) || raw[1] !== 0x27 || raw[n - 1] !== 0x27) {
        throw new SqlValueError(`invalid hex value: ${sqlValueToString(v)}`);
      }
      return decodeHex(raw, 2, n - 1);
    }
    case 'HEXNUM':
      if (raw.length < 3 || raw[0] !== CH_0 || raw[1] !== 0x78) throw new SqlValueError(`invalid hex number: ${sqlValueToString(v)}`);
      return decodeHex(raw, 2, raw.length);
    case 'BITNUM':
      if (raw.length < 3 || raw[0] !== CH_0 || raw[1] !== 0x62) throw new SqlValueError(`invalid bit number: ${sqlValueToString(v)}`);
      return decodeBitNum(v);
    default:
      return raw;
  }
}

const FLOAT_TEXT = /^[ \t]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t]*$/;
const DECIMAL_TEXT = /^[+-]?(?=[0-9.])[0-9]*\.?[0-9]*$/;

/**
 * Builds a typed value from its text, validating it as Vitess NewValue does: integral types
 * must parse with fastparse in their range (int64 or uint64), floats as a finite number,
 * DECIMAL as `[+-]digits[.digits]`; text, binary, date, BIT, HEXNUM, HEXVAL and BITNUM are
 * taken as given (their UTF-8 bytes). `NULL` gives {@link SQL_NULL} whatever the text.
 * The bytes are kept as written (no canonicalisation). Throws SqlValueError when invalid.
 */
export function parseSqlValue(text: string, type: SqlType): SqlValue {
  if (type === 'NULL') return SQL_NULL;
  const v = makeSqlValue(type, text);
  if (isSigned(v)) orThrow(fastParse(v.raw, true, SCRATCH));
  else if (isUnsigned(v)) orThrow(fastParse(v.raw, false, SCRATCH));
  else if (isFloat(v) && !(FLOAT_TEXT.test(text) && Number.isFinite(Number(text.trim())))) {
    throw new SqlValueError(`cannot parse float64 from ${JSON.stringify(text)}`);
  } else if (isDecimal(v) && !DECIMAL_TEXT.test(text)) {
    throw new SqlValueError(`can't convert ${JSON.stringify(text)} to decimal`);
  }
  return v;
}
