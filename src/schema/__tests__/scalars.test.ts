// The custom scalars on their own: parseValue (variables), parseLiteral (inline literals) and
// serialize (results), table-driven with the edge rows (0, -1, 2^63-1, 2^64-1, out of range,
// precision loss, calendar dates, non-canonical base64), and every rejection a BAD_USER_INPUT
// GraphQLError naming the expected form.

import { GraphQLError, parseValue, type GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BigIntScalar } from '../bigIntScalar.js';
import { BytesScalar } from '../bytesScalar.js';
import { DateScalar, DateTimeScalar } from '../dateTimeScalars.js';
import { DecimalScalar, normalizeDecimalText } from '../decimalScalar.js';
import { JsonScalar } from '../jsonScalar.js';

/** Runs `fn` and returns the GraphQLError it throws (failing when it returns). */
function rejection(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a GraphQLError');
}

function literal(scalar: GraphQLScalarType, source: string): unknown {
  return scalar.parseLiteral(parseValue(source), undefined);
}

const U64_MAX = '18446744073709551615';
const I64_MIN = '-9223372036854775808';
const I64_MAX = '9223372036854775807';

describe('BigInt', () => {
  it.each<[unknown, bigint]>([
    ['0', 0n],
    ['-1', -1n],
    [I64_MAX, 2n ** 63n - 1n],
    [I64_MIN, -(2n ** 63n)],
    [U64_MAX, 2n ** 64n - 1n],
    ['007', 7n],
    [0, 0n],
    [-1, -1n],
    [Number.MAX_SAFE_INTEGER, 2n ** 53n - 1n],
    [-Number.MAX_SAFE_INTEGER, -(2n ** 53n - 1n)],
    [12n, 12n],
  ])('parseValue(%s) = %s', (input, expected) => {
    expect(BigIntScalar.parseValue(input)).toBe(expected);
  });

  it.each<[unknown, RegExp]>([
    ['18446744073709551616', /from -9223372036854775808 to 18446744073709551615/],
    ['-9223372036854775809', /from -9223372036854775808/],
    [2 ** 53, /beyond ±\(2\^53-1\).*lost precision/],
    [1.5, /string of decimal digits/],
    ['1.0', /string of decimal digits/],
    ['1e3', /string of decimal digits/],
    ['+1', /string of decimal digits/],
    [' 1', /string of decimal digits/],
    ['', /string of decimal digits/],
    ['0x10', /string of decimal digits/],
    [true, /string of decimal digits/],
    [null, /string of decimal digits/],
    [{}, /string of decimal digits/],
  ])('parseValue(%j) is rejected', (input, message) => {
    const error = rejection(() => BigIntScalar.parseValue(input));
    expect(error.message).toMatch(/^BigInt cannot represent /);
    expect(error.message).toMatch(message);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads integer literals exactly from their text, 2^64-1 included', () => {
    expect(literal(BigIntScalar, U64_MAX)).toBe(2n ** 64n - 1n);
    expect(literal(BigIntScalar, I64_MIN)).toBe(-(2n ** 63n));
    expect(literal(BigIntScalar, `"${U64_MAX}"`)).toBe(2n ** 64n - 1n);
    expect(literal(BigIntScalar, '-1')).toBe(-1n);
  });

  it.each(['18446744073709551616', '1.5', '"abc"', 'true', '[1]', 'ONE'])('rejects the literal %s, located at it', (source) => {
    const error = rejection(() => literal(BigIntScalar, source));
    expect(error.message).toContain(`BigInt cannot represent ${source}`);
    expect(error.nodes).toHaveLength(1);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each<[unknown, string]>([
    [2n ** 64n - 1n, U64_MAX],
    [-(2n ** 63n), I64_MIN],
    [0n, '0'],
    [-1, '-1'],
    ['007', '7'],
  ])('serialize(%s) = %s', (value, expected) => {
    expect(BigIntScalar.serialize(value)).toBe(expected);
  });

  it.each([1.5, 'x', null, {}])('serialize(%j) fails as a resolver bug', (value) => {
    const error = rejection(() => BigIntScalar.serialize(value));
    expect(error.message).toMatch(/^BigInt cannot serialise/);
    expect(error.extensions.code).toBeUndefined();
  });
});

describe('Decimal', () => {
  it.each<[string, string | undefined]>([
    ['0', '0'],
    ['-1', '-1'],
    ['12.50', '12.50'],
    ['+12.50', '12.50'],
    ['0012.50', '12.50'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-0.00', '0.00'],
    ['-0', '0'],
    ['1.5e3', '1500'],
    ['1.50E1', '15.0'],
    ['1e-3', '0.001'],
    ['-12.5e-1', '-1.25'],
    ['123456789012345678901234567890.123456789012345678901234567890', '123456789012345678901234567890.123456789012345678901234567890'],
    ['1e100', undefined],
    ['1e99', '1' + '0'.repeat(99)],
    ['1e-101', undefined],
    ['', undefined],
    ['.', undefined],
    ['e5', undefined],
    ['1e', undefined],
    ['1.2.3', undefined],
    ['NaN', undefined],
    ['Infinity', undefined],
    ['0x1F', undefined],
    [' 1', undefined],
  ])('normalizeDecimalText(%j) = %j', (text, expected) => {
    expect(normalizeDecimalText(text)).toBe(expected);
  });

  it.each<[unknown, string]>([
    ['12.50', '12.50'],
    ['-99999999.99', '-99999999.99'],
    [U64_MAX + '.5', U64_MAX + '.5'],
    [42, '42'],
    [-1, '-1'],
    [0, '0'],
    [2n ** 64n, '18446744073709551616'],
    [12.5, '12.5'],
    [0.1, '0.1'],
    [123456789.012345, '123456789.012345'],
    [1e-7, '0.0000001'],
    [1e20, '100000000000000000000'],
  ])('parseValue(%s) = %s', (input, expected) => {
    expect(DecimalScalar.parseValue(input)).toBe(expected);
  });

  it.each<[unknown, RegExp]>([
    [0.1 + 0.2, /more than 15 significant digits may already have lost precision/],
    [1234567890.1234567, /more than 15 significant digits/],
    [Number.NaN, /decimal number as a string/],
    [Number.POSITIVE_INFINITY, /decimal number as a string/],
    ['12,50', /decimal number as a string/],
    ['abc', /decimal number as a string/],
    [true, /decimal number as a string/],
    [null, /decimal number as a string/],
  ])('parseValue(%j) is rejected', (input, message) => {
    const error = rejection(() => DecimalScalar.parseValue(input));
    expect(error.message).toMatch(/^Decimal cannot represent /);
    expect(error.message).toMatch(message);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads int and float literals from their text, so no digit is lost', () => {
    expect(literal(DecimalScalar, '0.30000000000000000000000000001')).toBe('0.30000000000000000000000000001');
    expect(literal(DecimalScalar, '12.50')).toBe('12.50');
    expect(literal(DecimalScalar, U64_MAX + '1')).toBe(U64_MAX + '1');
    expect(literal(DecimalScalar, '1.5e3')).toBe('1500');
    expect(literal(DecimalScalar, '"-0.001"')).toBe('-0.001');
  });

  it.each(['true', '"12,5"', '[1]', 'null'])('rejects the literal %s', (source) => {
    expect(rejection(() => literal(DecimalScalar, source)).extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each<[unknown, string]>([
    ['12.50', '12.50'],
    ['-0.10', '-0.10'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    [7n, '7'],
    [7, '7'],
  ])('serialize(%s) = %s (text kept exactly)', (value, expected) => {
    expect(DecimalScalar.serialize(value)).toBe(expected);
  });

  it.each([1.5, '1e3', 'x', null])('serialize(%j) fails', (value) => {
    expect(() => DecimalScalar.serialize(value)).toThrow(/^Decimal cannot serialise/);
  });
});

describe('DateTime and Date', () => {
  it.each<[string, string]>([
    ['2024-02-29T13:45:00', '2024-02-29T13:45:00'],
    ['2024-02-29 13:45:00', '2024-02-29T13:45:00'],
    ['2000-02-29T00:00:00.5', '2000-02-29T00:00:00.5'],
    ['9999-12-31T23:59:59.999999', '9999-12-31T23:59:59.999999'],
    ['0001-01-01T00:00:00', '0001-01-01T00:00:00'],
  ])('DateTime parseValue(%j) = %j', (input, expected) => {
    expect(DateTimeScalar.parseValue(input)).toBe(expected);
    expect(literal(DateTimeScalar, JSON.stringify(input))).toBe(expected);
  });

  it.each<[unknown, RegExp]>([
    ['2023-02-29T00:00:00', /YYYY-MM-DDTHH:MM:SS/],
    ['1900-02-29T00:00:00', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-04-31T00:00:00', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-13-01T00:00:00', /YYYY-MM-DDTHH:MM:SS/],
    ['0000-00-00T00:00:00', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-01-01T24:00:00', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-01-01T00:60:00', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-01-01T00:00:60', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-01-01T00:00:00.1234567', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-01-01T00:00:00Z', /carry no time zone/],
    ['2024-01-01T00:00:00+02:00', /carry no time zone/],
    ['2024-01-01', /YYYY-MM-DDTHH:MM:SS/],
    ['2024-1-1T00:00:00', /YYYY-MM-DDTHH:MM:SS/],
    [1700000000, /YYYY-MM-DDTHH:MM:SS/],
    [null, /YYYY-MM-DDTHH:MM:SS/],
  ])('DateTime parseValue(%j) is rejected', (input, message) => {
    const error = rejection(() => DateTimeScalar.parseValue(input));
    expect(error.message).toMatch(/^DateTime cannot represent /);
    expect(error.message).toMatch(message);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each([['2024-02-29'], ['0001-01-01'], ['9999-12-31']])('Date parseValue(%j)', (input) => {
    expect(DateScalar.parseValue(input)).toBe(input);
    expect(literal(DateScalar, JSON.stringify(input))).toBe(input);
  });

  it.each([['2023-02-29'], ['2024-00-10'], ['2024-01-32'], ['2024-01-01T00:00:00'], ['20240101'], [20240101]])('Date parseValue(%j) is rejected', (input) => {
    expect(rejection(() => DateScalar.parseValue(input)).message).toMatch(/^Date cannot represent .*YYYY-MM-DD/);
  });

  it('rejects non-string literals', () => {
    expect(rejection(() => literal(DateTimeScalar, '20240101')).nodes).toHaveLength(1);
    expect(rejection(() => literal(DateScalar, 'TODAY')).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serialises the resolvers text, zero dates included', () => {
    expect(DateTimeScalar.serialize('2024-02-29T13:45:00.250000')).toBe('2024-02-29T13:45:00.250000');
    expect(DateTimeScalar.serialize('2024-02-29 13:45:00')).toBe('2024-02-29T13:45:00');
    expect(DateTimeScalar.serialize('0000-00-00T00:00:00')).toBe('0000-00-00T00:00:00');
    expect(DateScalar.serialize('0000-00-00')).toBe('0000-00-00');
    expect(() => DateTimeScalar.serialize(new Date(0))).toThrow(/^DateTime cannot serialise/);
    expect(() => DateScalar.serialize('2024-02-29T00:00:00')).toThrow(/^Date cannot serialise/);
  });
});

describe('JSON', () => {
  it.each<[unknown]>([[null], [1], ['s'], [true], [[1, 'a', null]], [{ a: { b: [1.5] } }], [Object.create(null) as object]])('passes %j through both ways', (value) => {
    expect(JsonScalar.parseValue(value)).toBe(value);
    expect(JsonScalar.serialize(value)).toBe(value);
  });

  it('reads literals as JSON, with variables inside', () => {
    expect(literal(JsonScalar, '{a: [1, 2.5, "x", null, true], b: {}}')).toEqual({ a: [1, 2.5, 'x', null, true], b: {} });
    expect(JsonScalar.parseLiteral(parseValue('{a: $v}'), { v: [1] })).toEqual({ a: [1] });
  });

  it.each([['ENUM_LIKE'], ['{a: B}']])('rejects the literal %s', (source) => {
    expect(rejection(() => literal(JsonScalar, source)).message).toMatch(/^JSON cannot represent .*JSON value/);
  });

  it.each<[unknown]>([[undefined], [1n], [Number.NaN], [new Date(0)], [{ a: undefined }], [() => 1]])('rejects the non-JSON value %s', (value) => {
    expect(rejection(() => JsonScalar.parseValue(value)).extensions.code).toBe('BAD_USER_INPUT');
    expect(() => JsonScalar.serialize(value)).toThrow(/^JSON cannot serialise/);
  });
});

describe('Bytes', () => {
  it.each<[string, number[]]>([
    ['', []],
    ['AA==', [0]],
    ['/w==', [255]],
    ['3q2+7w==', [0xde, 0xad, 0xbe, 0xef]],
    ['AAEC', [0, 1, 2]],
  ])('parseValue(%j) = %j and back', (text, bytes) => {
    const parsed = BytesScalar.parseValue(text) as Uint8Array;
    expect(parsed).toBeInstanceOf(Uint8Array);
    expect([...parsed]).toEqual(bytes);
    expect(BytesScalar.serialize(Uint8Array.from(bytes))).toBe(text);
    expect([...(literal(BytesScalar, JSON.stringify(text)) as Uint8Array)]).toEqual(bytes);
  });

  it.each([['AA'], ['AA='], ['AB=='], ['3q2-7w=='], ['3q2_7w'], ['AA ==' ], ['A'], ['====']])('rejects %j (not canonical standard base64)', (text) => {
    const error = rejection(() => BytesScalar.parseValue(text));
    expect(error.message).toMatch(/^Bytes cannot represent .*standard base64/);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serialises a view of a larger buffer by its own bytes only', () => {
    const buffer = Uint8Array.from([1, 2, 3, 4]);
    expect(BytesScalar.serialize(buffer.subarray(1, 3))).toBe(Buffer.from([2, 3]).toString('base64'));
    expect(() => BytesScalar.serialize('AA==')).toThrow(/^Bytes cannot serialise/);
  });
});
