// The SqlValue conversions against the behaviour of vitess go/sqltypes/value.go (ToBytes,
// ToCastUint64, ToInt64, ToUint64, NewValue) and go/mysql/fastparse/fastparse.go; error texts
// follow Vitess (e.g. value_test.go, fastparse_test.go, hash_test.go "cannot parse uint64 from \"aa\"").

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../hex.js';
import {
  SQL_NULL,
  SqlValueError,
  isIntegral,
  isSigned,
  isUnsigned,
  makeSqlValue,
  parseSqlValue,
  sqlValueToBytes,
  sqlValueToCastInt64,
  sqlValueToCastUint64,
  sqlValueToInt64,
  sqlValueToStrictInt64,
  sqlValueToUint64,
  type SqlType,
} from '../sqlValue.js';

const U64_MAX = 2n ** 64n - 1n;

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlValueError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('sqlValueToCastUint64 (fastparse.ParseUint64)', () => {
  it.each([
    ['0', 0n],
    ['1', 1n],
    ['18446744073709551615', U64_MAX],
    ['00000000000000000000000042', 42n],
    [' \t7 \t', 7n],
    ['9223372036854775808', 2n ** 63n],
  ])('parses %j', (text, want) => {
    expect(sqlValueToCastUint64(makeSqlValue('VARCHAR', text))).toBe(want);
  });

  it.each([
    ['', 'cannot parse uint64 from empty string'],
    ['  ', 'cannot parse uint64 from "  "'],
    ['aa', 'cannot parse uint64 from "aa"'],
    ['-1', 'cannot parse uint64 from "-1"'],
    ['+1', 'cannot parse uint64 from "+1"'],
    ['18446744073709551616', 'cannot parse uint64 from "18446744073709551616": overflow'],
    ['1.5', 'unparsed tail left after parsing uint64 from "1.5": ".5"'],
    ['12 a', 'unparsed tail left after parsing uint64 from "12 a": "a"'],
    ['0x10', 'unparsed tail left after parsing uint64 from "0x10": "x10"'],
  ])('rejects %j', (text, message) => {
    expect(error(() => sqlValueToCastUint64(makeSqlValue('VARCHAR', text)))).toBe(message);
  });

  it('rejects NULL (empty text)', () => {
    expect(error(() => sqlValueToCastUint64(SQL_NULL))).toBe('cannot parse uint64 from empty string');
  });
});

describe('int64 conversions', () => {
  it.each([
    ['-9223372036854775808', -(2n ** 63n)],
    ['9223372036854775807', 2n ** 63n - 1n],
    [' -5 ', -5n],
  ])('ToCastInt64 parses %j', (text, want) => {
    expect(sqlValueToCastInt64(makeSqlValue('VARCHAR', text))).toBe(want);
  });

  it.each([
    ['9223372036854775808', 'cannot parse int64 from "9223372036854775808": overflow'],
    ['-9223372036854775809', 'cannot parse int64 from "-9223372036854775809": overflow'],
    ['-', 'cannot parse int64 from "-"'],
  ])('ToCastInt64 rejects %j', (text, message) => {
    expect(error(() => sqlValueToCastInt64(makeSqlValue('VARCHAR', text)))).toBe(message);
  });

  it('ToInt64 and ToUint64 accept only integral types', () => {
    expect(sqlValueToInt64(makeSqlValue('INT32', '-3'))).toBe(-3n);
    expect(sqlValueToUint64(makeSqlValue('UINT64', '18446744073709551615'))).toBe(U64_MAX);
    expect(error(() => sqlValueToInt64(makeSqlValue('VARCHAR', '1')))).toBe('Cannot convert value to desired type');
    expect(error(() => sqlValueToUint64(makeSqlValue('FLOAT64', '1')))).toBe('Cannot convert value to desired type');
  });

  it.each([
    ['+1', 1n],
    ['-1', -1n],
    ['-9223372036854775808', -(2n ** 63n)],
    ['007', 7n],
  ])('ToStrictInt64 (strconv.ParseInt) parses %j', (text, want) => {
    expect(sqlValueToStrictInt64(makeSqlValue('INT64', text))).toBe(want);
  });

  it.each([
    [' 1', 'strconv.ParseInt: parsing " 1": invalid syntax'],
    ['', 'strconv.ParseInt: parsing "": invalid syntax'],
    ['+', 'strconv.ParseInt: parsing "+": invalid syntax'],
    ['1_000', 'strconv.ParseInt: parsing "1_000": invalid syntax'],
    ['9223372036854775808', 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
  ])('ToStrictInt64 rejects %j', (text, message) => {
    expect(error(() => sqlValueToStrictInt64(makeSqlValue('INT64', text)))).toBe(message);
  });
});

describe('sqlValueToBytes (ToBytes)', () => {
  it.each([
    ['HEXVAL', "x'8a1e'", '8a1e'],
    ['HEXVAL', "X'8A1E'", '8a1e'],
    ['HEXVAL', "x''", ''],
    ['HEXNUM', '0x8a1e', '8a1e'],
    ['HEXNUM', '0xABCDEF', 'abcdef'],
    ['BITNUM', '0b101', '05'],
    ['BITNUM', '0b1_0000_0001', '0101'],
    ['BITNUM', '0b_1', '01'],
    ['BITNUM', '0b0000', ''],
    ['VARCHAR', 'abc', '616263'],
    ['INT64', '-1', '2d31'],
    ['NULL', '', ''],
  ])('%s %j → %s', (type, text, want) => {
    expect(bytesToHex(sqlValueToBytes(makeSqlValue(type as SqlType, text)))).toBe(want);
  });

  it.each([
    ['HEXVAL', "x'8a1'", 'encoding/hex: odd length hex string'],
    ['HEXVAL', "x'zz'", `encoding/hex: invalid byte: U+007A "z"`],
    ['HEXVAL', '8a1e', 'invalid hex value: 8a1e'],
    ['HEXVAL', "x'", "invalid hex value: x'"],
    ['HEXNUM', '0X8a1e', 'invalid hex number: 0X8a1e'],
    ['HEXNUM', '0x', 'invalid hex number: 0x'],
    ['HEXNUM', '0x123', 'encoding/hex: odd length hex string'],
    ['BITNUM', '0b', 'invalid bit number: 0b'],
    ['BITNUM', '0b102', 'invalid bit number: 0b102'],
    ['BITNUM', '0b1__0', 'invalid bit number: 0b1__0'],
    ['BITNUM', '0b1_', 'invalid bit number: 0b1_'],
  ])('%s %j fails: %s', (type, text, message) => {
    expect(error(() => sqlValueToBytes(makeSqlValue(type as SqlType, text)))).toBe(message);
  });
});

describe('parseSqlValue (NewValue)', () => {
  it.each([
    ['INT64', '-9223372036854775808'],
    ['UINT64', '18446744073709551615'],
    ['INT32', ' 8 '],
    ['FLOAT64', '1.5e3'],
    ['FLOAT64', '.5'],
    ['DECIMAL', '-12.50'],
    ['DECIMAL', '.'],
    ['VARCHAR', 'anything'],
    ['HEXNUM', 'not checked'],
  ])('accepts %s %j, keeping the text', (type, text) => {
    const value = parseSqlValue(text, type as SqlType);
    expect([value.type, new TextDecoder().decode(value.raw)]).toEqual([type, text]);
  });

  it.each([
    ['INT64', '9223372036854775808'],
    ['INT64', '1.0'],
    ['UINT64', '-1'],
    ['FLOAT64', 'abc'],
    ['FLOAT64', '1e400'],
    ['DECIMAL', '1.2.3'],
    ['DECIMAL', '+'],
    ['DECIMAL', '1e5'],
  ])('rejects %s %j', (type, text) => {
    expect(() => parseSqlValue(text, type as SqlType)).toThrow(SqlValueError);
  });

  it('gives SQL_NULL for NULL', () => {
    expect(parseSqlValue('whatever', 'NULL')).toBe(SQL_NULL);
  });
});

describe('type predicates', () => {
  it('treats YEAR as unsigned integral, as querypb does', () => {
    const year = makeSqlValue('YEAR', '2024');
    expect([isIntegral(year), isSigned(year), isUnsigned(year)]).toEqual([true, false, true]);
  });
});
