// Comparing SQL values and rows the way MySQL orders them, for merge-sorting shard results
// and for MIN/MAX across shards. Mirrors vitess go/vt/vtgate/evalengine/api_compare.go
// NullsafeCompare and OrderByParams.Compare. No collations: text compares through the weight
// strings the planner adds (compareWeightStrings), padded for PAD SPACE collations.

import { compareBytes } from '../../util/hex.js';
import { invariant } from '../../util/invariant.js';
import { isDate, isFloat, isIntegral, isNull, isNumber, isTextOrBinary, sqlValueToString, textBytes, textLength, textStart, type SqlValue } from '../../util/sqlValue.js';
import { compareDecimal, parseDecimal } from './decimal.js';
import type { OrderKey, Row } from './plan.js';

const NUMERIC_PREFIX = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const TIME_TEXT = /^(-)?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

function sign(n: number | bigint): -1 | 0 | 1 {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

/** MySQL's string-to-double: the longest numeric prefix, 0 when there is none. */
function toDouble(v: SqlValue): number {
  const text = sqlValueToString(v);
  if (isNumber(v)) return Number(text);
  const m = NUMERIC_PREFIX.exec(text);
  return m ? Number(m[0]) : 0;
}

/** TIME text → signed microseconds; undefined when not `[-]H+:MM:SS[.ffffff]`. */
function timeMicros(v: SqlValue): bigint | undefined {
  const m = TIME_TEXT.exec(sqlValueToString(v));
  if (!m) return undefined;
  const micros =
    ((BigInt(m[2]!) * 60n + BigInt(m[3]!)) * 60n + BigInt(m[4]!)) * 1_000_000n + BigInt((m[5] ?? '').padEnd(6, '0'));
  return m[1] ? -micros : micros;
}

/**
 * How many digits a value's text has when it is an integer in canonical form (`0` or
 * `-?[1-9][0-9]*`, what MySQL sends), negated for a negative one; 0 when it is not.
 */
function canonicalDigits(bytes: Uint8Array, from: number, to: number): number {
  const negative = from < to && bytes[from] === 0x2d;
  const first = negative ? from + 1 : from;
  const n = to - first;
  if (n === 0 || (bytes[first] === 0x30 && (n > 1 || negative))) return 0;
  for (let i = first; i < to; i++) {
    const b = bytes[i]!;
    if (b < 0x30 || b > 0x39) return 0;
  }
  return negative ? -n : n;
}

/**
 * The order of two integers from their texts' bytes, without decoding them (merge-sorting shard
 * results compares integer keys row by row); undefined when a text is not canonical.
 */
function compareIntegerTexts(a: SqlValue, b: SqlValue): -1 | 0 | 1 | undefined {
  const x = textBytes(a);
  const y = textBytes(b);
  const xFrom = textStart(a);
  const yFrom = textStart(b);
  const xTo = xFrom + textLength(a);
  const yTo = yFrom + textLength(b);
  const xDigits = canonicalDigits(x, xFrom, xTo);
  const yDigits = canonicalDigits(y, yFrom, yTo);
  if (xDigits === 0 || yDigits === 0) return undefined;
  // Signed digit counts order integers of different lengths or signs (a longer negative is smaller).
  if (xDigits !== yDigits) return xDigits < yDigits ? -1 : 1;
  const n = Math.abs(xDigits);
  const flip = xDigits < 0 ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const d = x[xTo - n + i]! - y[yTo - n + i]!;
    if (d !== 0) return (d < 0 ? -flip : flip) as -1 | 1;
  }
  return 0;
}

function compareNumbers(a: SqlValue, b: SqlValue): -1 | 0 | 1 {
  if (isIntegral(a) && isIntegral(b)) return compareIntegerTexts(a, b) ?? sign(BigInt(sqlValueToString(a)) - BigInt(sqlValueToString(b)));
  if (!isFloat(a) && !isFloat(b)) {
    const x = parseDecimal(sqlValueToString(a));
    const y = parseDecimal(sqlValueToString(b));
    if (x && y) return compareDecimal(x, y);
  }
  return sign(toDouble(a) - toDouble(b));
}

/**
 * Compares two SQL values as MySQL does in ORDER BY and MIN/MAX: -1, 0 or 1, NULL lowest.
 * Contract: integers compare exactly (signed and unsigned mix), decimals exactly, a float
 * on either side makes it a double comparison, a number against text converts the text
 * to a double (its numeric prefix); TIME compares by duration; text, binary, DATE,
 * DATETIME and TIMESTAMP compare their bytes. Text bytes are the binary collation: the
 * planner adds `weight_string()` columns for text so that the engine compares those
 * instead (Vitess does the same when it lacks the collation), see compareWeightStrings.
 * Mirrors vitess evalengine NullsafeCompare for the types shardgate reads.
 */
export function compareSqlValues(a: SqlValue, b: SqlValue): -1 | 0 | 1 {
  if (isNull(a)) return isNull(b) ? 0 : -1;
  if (isNull(b)) return 1;
  if (a.type === b.type && (isTextOrBinary(a) || isDate(a))) return compareBytes(a.raw, b.raw);
  if (isNumber(a) || isNumber(b)) return compareNumbers(a, b);
  if (a.type === 'TIME' && b.type === 'TIME') {
    const x = timeMicros(a);
    const y = timeMicros(b);
    if (x !== undefined && y !== undefined) return sign(x - y);
  }
  return compareBytes(a.raw, b.raw);
}

/** Byte order of `x` and `y` where the shorter one goes on with `pad` repeated from its end. */
function comparePadded(x: Uint8Array, y: Uint8Array, pad: Uint8Array): -1 | 0 | 1 {
  const common = Math.min(x.length, y.length);
  for (let i = 0; i < common; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  const xLonger = x.length > y.length;
  const longer = xLonger ? x : y;
  for (let i = common; i < longer.length; i++) {
    const p = pad[(i - common) % pad.length]!;
    if (longer[i] !== p) return longer[i]! > p === xLonger ? 1 : -1;
  }
  return 0;
}

/**
 * Compares two `weight_string()` values (VARBINARY) as their collation compares the strings
 * they weigh: -1, 0 or 1, NULL lowest. Without `padWeight` this is byte order, right for NO
 * PAD collations. With `padWeight` (the weight of one space in a PAD SPACE collation whose
 * weight strings are single-level) the shorter weight string is compared as if it went on
 * with that weight repeated, which is how PAD SPACE compares the strings themselves (MySQL's
 * strnncollsp; vitess colldata WeightString with PadToMax pads the same way): `'a'` and
 * `'a '` tie, `'a\t'` sorts before `'a'`. Throws InvariantError for an empty `padWeight`.
 */
export function compareWeightStrings(a: SqlValue, b: SqlValue, padWeight?: Uint8Array): -1 | 0 | 1 {
  if (padWeight === undefined || isNull(a) || isNull(b)) return compareSqlValues(a, b);
  invariant(padWeight.length > 0, 'a pad weight has at least one byte');
  return comparePadded(a.raw, b.raw, padWeight);
}

/**
 * Compares two rows by the order keys, first key first: negative when `a` sorts before `b`.
 * Contract: NULL placement follows each key's `nullsFirst` whatever its direction; non-NULL
 * values compare by `weightStringColumn` when the key has one (compareWeightStrings, padded
 * with the key's `padWeight`), else by `column`, and `desc` reverses that comparison.
 * Mirrors vitess evalengine Comparison.Compare, plus the NULLS FIRST/LAST placement Hasura's
 * order_by enums ask for.
 */
export function compareRows(a: Row, b: Row, keys: readonly OrderKey[]): number {
  for (const key of keys) {
    const x = a[key.column];
    const y = b[key.column];
    if (x === undefined || y === undefined) throw new RangeError(`order column ${key.column} is missing from a row`);
    const xNull = isNull(x);
    const yNull = isNull(y);
    if (xNull || yNull) {
      if (xNull && yNull) continue;
      return xNull === key.nullsFirst ? -1 : 1;
    }
    const wc = key.weightStringColumn;
    const cmp = wc === undefined ? compareSqlValues(x, y) : compareWeightStrings(a[wc]!, b[wc]!, key.padWeight);
    if (cmp !== 0) return key.direction === 'desc' ? -cmp : cmp;
  }
  return 0;
}

