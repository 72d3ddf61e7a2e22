// The SqlValue conversions against the behaviour of vitess go/sqltypes/value.go (ToBytes,
// ToCastUint64, ToInt64, ToUint64, NewValue) and go/mysql/fastparse/fastparse.go; error texts
// follow Vitess (e.g. value_test.go, fastparse_test.go, hash_test.go "cannot parse uint64 from \"aa\"").
// The type predicates are checked for every type against go/sqltypes/type.go.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../hex.js';
import {
  BufferedSqlValue,
  SQL_NULL,
  SQL_TYPES,
  SqlValueError,
  describeSqlValue,
  isBinary,
  isDate,
  isDateOrTime,
  isDecimal,
  isFloat,
  isIntegral,
  isNull,
  isNumber,
  isQuoted,
  isSigned,
  isText,
  isTextOrBinary,
  isUnsigned,
  makeSqlValue,
  parseSqlValue,
  sqlValueToBytes,
  sqlValueToCastInt64,
  sqlValueToCastUint64,
  sqlValueToInt64,
  sqlValueToStrictInt64,
  sqlValueToUint64,
  textBytes,
  textLength,
  textStart,
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

// querypb.Type numbers of vitess proto/query.proto; the flag bits they carry decide every
// predicate of go/sqltypes/type.go, which the expectations below restate bit by bit.
const QUERYPB_TYPE: Record<SqlType, number> = {
  NULL: 0, INT8: 257, UINT8: 770, INT16: 259, UINT16: 772, INT24: 261, UINT24: 774, INT32: 263, UINT32: 776,
  INT64: 265, UINT64: 778, FLOAT32: 1035, FLOAT64: 1036, TIMESTAMP: 2061, DATE: 2062, TIME: 2063, DATETIME: 2064,
  YEAR: 785, DECIMAL: 18, TEXT: 6163, BLOB: 10260, VARCHAR: 6165, VARBINARY: 10262, CHAR: 6167, BINARY: 10264,
  BIT: 2073, ENUM: 2074, SET: 2075, GEOMETRY: 2077, JSON: 2078, HEXNUM: 4128, HEXVAL: 4129, BITNUM: 4130,
};
const FLAG = { integral: 256, unsigned: 512, float: 1024, quoted: 2048, text: 4096, binary: 8192 } as const;
const has = (t: number, flags: number): boolean => (t & flags) === flags;

/** What type.go says for querypb type `t`, each predicate written as its Go body. */
function typeGo(name: SqlType): Record<string, boolean> {
  const t = QUERYPB_TYPE[name];
  const isIntegralGo = has(t, FLAG.integral);
  const isFloatGo = has(t, FLAG.float);
  const isDateGo = name === 'DATETIME' || name === 'DATE' || name === 'TIMESTAMP';
  return {
    isNull: name === 'NULL',
    isIntegral: isIntegralGo,
    isSigned: (t & (FLAG.integral | FLAG.unsigned)) === FLAG.integral,
    isUnsigned: has(t, FLAG.integral | FLAG.unsigned),
    isFloat: isFloatGo,
    isDecimal: name === 'DECIMAL',
    isNumber: isIntegralGo || isFloatGo || name === 'DECIMAL',
    isQuoted: has(t, FLAG.quoted) && name !== 'BIT',
    isText: has(t, FLAG.text),
    isBinary: has(t, FLAG.binary),
    isTextOrBinary: has(t, FLAG.text) || has(t, FLAG.binary),
    isDate: isDateGo,
    isDateOrTime: isDateGo || name === 'TIME',
  };
}

const PREDICATES = { isNull, isIntegral, isSigned, isUnsigned, isFloat, isDecimal, isNumber, isQuoted, isText, isBinary, isTextOrBinary, isDate, isDateOrTime };

describe('type predicates (vitess go/sqltypes/type.go over proto/query.proto flags)', () => {
  it('covers every SQL type', () => {
    expect(Object.keys(QUERYPB_TYPE).sort()).toEqual([...SQL_TYPES].sort());
  });

  it.each([...SQL_TYPES])('%s', (type) => {
    const v = makeSqlValue(type, '');
    const actual = Object.fromEntries(Object.entries(PREDICATES).map(([name, fn]) => [name, fn(v)]));
    expect(actual).toEqual(typeGo(type));
  });

  it.each([
    // The corrections the vindex helper reported: none of these is what its name suggests in Vitess.
    ['BIT', { isBinary: false, isQuoted: false, isText: false }],
    ['GEOMETRY', { isBinary: false, isQuoted: true, isText: false }],
    ['JSON', { isBinary: false, isQuoted: true, isText: false }],
    ['ENUM', { isBinary: false, isQuoted: true, isText: false }],
    ['SET', { isBinary: false, isQuoted: true, isText: false }],
    ['HEXNUM', { isBinary: false, isQuoted: false, isText: true }],
    ['HEXVAL', { isBinary: false, isQuoted: false, isText: true }],
    ['BITNUM', { isBinary: false, isQuoted: false, isText: true }],
    ['YEAR', { isIntegral: true, isSigned: false, isUnsigned: true }],
    ['TIME', { isDate: false, isDateOrTime: true, isQuoted: true }],
  ] as const)('%s: %j', (type, want) => {
    const v = makeSqlValue(type, '');
    for (const [name, expected] of Object.entries(want)) expect([name, PREDICATES[name as keyof typeof PREDICATES](v)]).toEqual([name, expected]);
  });
});

describe('describeSqlValue', () => {
  it.each([
    [SQL_NULL, 'NULL'],
    [makeSqlValue('INT64', '-1'), 'INT64(-1)'],
    [makeSqlValue('VARCHAR', 'a"b'), 'VARCHAR("a\\"b")'],
    [makeSqlValue('JSON', '{}'), 'JSON("{}")'],
    [makeSqlValue('DATE', '2024-01-02'), 'DATE("2024-01-02")'],
    [makeSqlValue('VARBINARY', new Uint8Array([0, 255])), "VARBINARY(x'00ff')"],
    [makeSqlValue('BIT', new Uint8Array([5])), "BIT(x'05')"],
    [makeSqlValue('GEOMETRY', new Uint8Array([1])), "GEOMETRY(x'01')"],
    [makeSqlValue('HEXNUM', '0xa1'), 'HEXNUM(0xa1)'],
  ])('%j → %s', (value, text) => {
    expect(describeSqlValue(value)).toBe(text);
  });
});

describe('textBytes, textStart, textLength', () => {
  it('locate the same bytes as raw, in a packet and in a plain value', () => {
    const packet = Buffer.from('\x05héllo\x03', 'utf8');
    const inPacket = new BufferedSqlValue('VARCHAR', packet, 1, 6);
    const plain = makeSqlValue('VARCHAR', 'héllo');
    for (const v of [inPacket, plain]) {
      const start = textStart(v);
      expect(Array.from(textBytes(v).subarray(start, start + textLength(v)))).toEqual(Array.from(v.raw));
    }
    expect(textBytes(inPacket)).toBe(packet);
    expect([textStart(inPacket), textLength(inPacket)]).toEqual([1, 6]);
    expect([textStart(SQL_NULL), textLength(SQL_NULL)]).toEqual([0, 0]);
  });
});
