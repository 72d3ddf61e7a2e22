import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { bytesToHex } from '../../util/hex.js';
import { BufferedSqlValue, SQL_NULL, makeSqlValue, sqlValueToString, type SqlValue } from '../../util/sqlValue.js';
import { apiRowReader, fromSqlValue, isNumericColumn, sqlText, sqlValueOfText, toApiRow, toSqlValue, valueKind, type ValueKind } from '../values.js';
import { testCatalog } from './fixtures.js';

const allTypes = testCatalog().table('allTypes');
const col = (name: string) => {
  const c = allTypes.columns.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no column ${name}`);
  return c;
};

function shown(v: SqlValue): string {
  const binary = v.type === 'VARBINARY' || v.type === 'BIT';
  return `${v.type}:${binary ? bytesToHex(v.raw) : sqlValueToString(v)}`;
}

describe('valueKind', () => {
  const cases: [string, ValueKind, boolean][] = [
    ['id', 'BigInt', true],
    ['i8', 'Int', true],
    ['u8', 'Int', true],
    ['i32', 'Int', true],
    ['u32', 'BigInt', true],
    ['u64', 'BigInt', true],
    ['yr', 'Int', true],
    ['flag', 'Boolean', false],
    ['f32', 'Float', true],
    ['f64', 'Float', true],
    ['dec', 'Decimal', true],
    ['dt', 'DateTime', false],
    ['ts', 'DateTime', false],
    ['d', 'Date', false],
    ['tm', 'String', false],
    ['doc', 'JSON', false],
    ['bin', 'Bytes', false],
    ['bits', 'Bytes', false],
    ['geo', 'Bytes', false],
    ['mood', 'Enum', false],
    ['tags', 'String', false],
    ['name', 'String', false],
    ['code', 'String', false],
    ['body', 'String', false],
  ];
  it.each(cases)('%s is %s (numeric: %s)', (name, kind, numeric) => {
    expect(valueKind(col(name))).toBe(kind);
    expect(isNumericColumn(col(name))).toBe(numeric);
  });

  it('covers every column of the fixture', () => {
    expect(cases.map(([n]) => n)).toEqual(allTypes.columns.map((c) => c.name));
  });

  it('an ENUM without known members is a String', () => {
    expect(valueKind({ type: 'ENUM', isBoolean: false })).toBe('String');
  });
});

describe('toSqlValue accepts', () => {
  const cases: [string, unknown, string][] = [
    ['id', 0, 'INT64:0'],
    ['id', -1, 'INT64:-1'],
    ['id', 2n ** 63n - 1n, 'INT64:9223372036854775807'],
    ['id', -(2n ** 63n), 'INT64:-9223372036854775808'],
    ['id', '-42', 'INT64:-42'],
    ['id', '+7', 'INT64:7'],
    ['u64', 2n ** 64n - 1n, 'UINT64:18446744073709551615'],
    ['u64', '9223372036854775808', 'UINT64:9223372036854775808'],
    ['u64', 0n, 'INT64:0'],
    ['u32', 4294967295n, 'INT64:4294967295'],
    ['i32', 2147483647, 'INT64:2147483647'],
    ['i8', -128, 'INT64:-128'],
    ['i8', 12n, 'INT64:12'],
    ['yr', 2024, 'INT64:2024'],
    ['flag', true, 'INT64:1'],
    ['flag', false, 'INT64:0'],
    ['f64', 1.5, 'FLOAT64:1.5'],
    ['f64', -0, 'FLOAT64:0'],
    ['f64', 1e21, 'FLOAT64:1e+21'],
    ['f32', 0.1, 'FLOAT64:0.1'],
    ['dec', '12.50', 'DECIMAL:12.50'],
    ['dec', '-0.001', 'DECIMAL:-0.001'],
    ['dec', '.5', 'DECIMAL:.5'],
    ['dec', 12, 'DECIMAL:12'],
    ['dec', 123456789012345678901234567890n, 'DECIMAL:123456789012345678901234567890'],
    ['dt', '2024-02-29T23:59:59.123456', 'DATETIME:2024-02-29 23:59:59.123456'],
    ['dt', '2000-01-01 00:00:00', 'DATETIME:2000-01-01 00:00:00'],
    ['ts', '2038-01-19T03:14:07', 'TIMESTAMP:2038-01-19 03:14:07'],
    ['d', '2000-02-29', 'DATE:2000-02-29'],
    ['d', '0001-01-01', 'DATE:0001-01-01'],
    ['tm', '-838:59:59', 'TIME:-838:59:59'],
    ['tm', '12:30:00.5', 'TIME:12:30:00.5'],
    ['doc', { a: [1, 'x', null] }, 'JSON:{"a":[1,"x",null]}'],
    ['doc', 'text', 'JSON:"text"'],
    ['doc', 0, 'JSON:0'],
    ['bin', new Uint8Array([0, 255]), 'VARBINARY:00ff'],
    ['bin', new Uint8Array([]), 'VARBINARY:'],
    ['bits', new Uint8Array([5]), 'BIT:05'],
    ['mood', 'happy', 'VARCHAR:happy'],
    ['tags', 'a,c', 'VARCHAR:a,c'],
    ['name', 'Zoë 😀', 'VARCHAR:Zoë 😀'],
    ['name', '', 'VARCHAR:'],
    ['code', "it's", "VARCHAR:it's"],
  ];
  it.each(cases)('%s ← %o gives %s', (name, value, expected) => {
    expect(shown(toSqlValue(col(name), value))).toBe(expected);
  });

  it('null and undefined give SQL NULL', () => {
    expect(toSqlValue(col('name'), null)).toBe(SQL_NULL);
    expect(toSqlValue(col('id'), undefined)).toBe(SQL_NULL);
  });
});

describe('toSqlValue rejects', () => {
  const cases: [string, unknown, string][] = [
    ['id', 1.5, 'expects an integer'],
    ['id', 2n ** 63n, 'int64 range'],
    ['id', -(2n ** 63n) - 1n, 'int64 range'],
    ['id', '12a', 'expects an integer'],
    ['id', '', 'expects an integer'],
    ['id', '1e3', 'expects an integer'],
    ['id', 2 ** 53, 'expects an integer'],
    ['id', true, 'expects an integer'],
    ['u64', 2n ** 64n, 'uint64 range'],
    ['u64', -1n, 'uint64 range'],
    ['i32', '5', 'expects an integer'],
    ['i32', Number.NaN, 'expects an integer'],
    ['flag', 1, 'a boolean'],
    ['f64', Number.POSITIVE_INFINITY, 'finite number'],
    ['f64', Number.NaN, 'finite number'],
    ['f64', '1.5', 'finite number'],
    ['dec', '1e5', 'exact decimal'],
    ['dec', '1.', 'exact decimal'],
    ['dec', '', 'exact decimal'],
    ['dec', 0.1, 'exact decimal'],
    ['dec', ' 1', 'exact decimal'],
    ['dt', '2023-02-29T00:00:00', 'valid date-time'],
    ['dt', '2024-01-01T24:00:00', 'valid date-time'],
    ['dt', '2024-01-01T00:60:00', 'valid date-time'],
    ['dt', '2024-01-01T00:00:00Z', 'valid date-time'],
    ['dt', '2024-01-01T00:00:00+02:00', 'valid date-time'],
    ['dt', '0000-00-00 00:00:00', 'valid date-time'],
    ['dt', '2024-01-01T00:00:00.1234567', 'valid date-time'],
    ['dt', '2024-01-01', 'valid date-time'],
    ['dt', 20240101, 'a date-time'],
    ['d', '1900-02-29', 'valid date'],
    ['d', '2024-13-01', 'valid date'],
    ['d', '2024-04-31', 'valid date'],
    ['d', '2024-1-1', 'valid date'],
    ['tm', '839:00:00', 'a time'],
    ['tm', '12:61:00', 'a time'],
    ['doc', 1n, 'a JSON value'],
    ['doc', () => 1, 'a JSON value'],
    ['bin', 'AAEC', 'bytes'],
    ['bin', [1, 2], 'bytes'],
    ['mood', 'HAPPY', 'one of "sad", "ok", "happy"'],
    ['mood', 1, 'an enum member'],
    ['name', 12, 'a string'],
    ['name', 'bad \ud800 surrogate', 'lone surrogates'],
    ['name', { a: 1 }, 'a string'],
  ];
  it.each(cases)('%s ← %o (%s)', (name, value, message) => {
    let thrown: unknown;
    try {
      toSqlValue(col(name), value);
    } catch (error) {
      thrown = error;
    }
    expect(isServiceError(thrown, 'SG1000')).toBe(true);
    const error = thrown as Error & { details: Record<string, unknown> };
    expect(error.message).toContain(`column ${name} (`);
    expect(error.message).toContain(message);
    expect(error.details).toMatchObject({ column: name });
  });

  it('names the value in the message', () => {
    expect(() => toSqlValue(col('id'), 'abc')).toThrow('got "abc"');
    expect(() => toSqlValue(col('id'), 2n ** 64n)).toThrow('got 18446744073709551616n');
    expect(() => toSqlValue(col('bin'), 'x'.repeat(500))).toThrow('…');
  });
});

describe('fromSqlValue', () => {
  const cases: [string, SqlValue, unknown][] = [
    ['id', makeSqlValue('INT64', '-9223372036854775808'), -(2n ** 63n)],
    ['u64', makeSqlValue('UINT64', '18446744073709551615'), 2n ** 64n - 1n],
    ['u32', makeSqlValue('UINT32', '4294967295'), 4294967295n],
    ['i32', makeSqlValue('INT32', '-5'), -5],
    ['yr', makeSqlValue('YEAR', '2024'), 2024],
    ['flag', makeSqlValue('INT8', '0'), false],
    ['flag', makeSqlValue('INT8', '1'), true],
    ['flag', makeSqlValue('INT8', '2'), true],
    ['f32', makeSqlValue('FLOAT32', '1.1'), 1.1],
    ['f64', makeSqlValue('FLOAT64', '-2.5e-7'), -2.5e-7],
    ['dec', makeSqlValue('DECIMAL', '12345678901234567890.12'), '12345678901234567890.12'],
    ['dt', makeSqlValue('DATETIME', '2024-02-29 23:59:59.123456'), '2024-02-29T23:59:59.123456'],
    ['ts', makeSqlValue('TIMESTAMP', '1970-01-01 00:00:01'), '1970-01-01T00:00:01'],
    ['d', makeSqlValue('DATE', '2024-02-29'), '2024-02-29'],
    ['tm', makeSqlValue('TIME', '-01:00:00'), '-01:00:00'],
    ['doc', makeSqlValue('JSON', '{"a": [1, null]}'), { a: [1, null] }],
    ['bin', makeSqlValue('VARBINARY', new Uint8Array([1, 2])), new Uint8Array([1, 2])],
    ['mood', makeSqlValue('ENUM', 'ok'), 'ok'],
    ['tags', makeSqlValue('SET', 'a,b'), 'a,b'],
    ['name', makeSqlValue('VARCHAR', 'Zoë'), 'Zoë'],
    ['name', SQL_NULL, null],
    ['id', SQL_NULL, null],
  ];
  it.each(cases)('%s: %o → %o', (name, value, expected) => {
    expect(fromSqlValue(col(name), value)).toEqual(expected);
  });

  it('copies bytes out of the driver buffer', () => {
    const buffer = new Uint8Array([9, 1, 2, 9]);
    const out = fromSqlValue(col('bin'), makeSqlValue('VARBINARY', buffer.subarray(1, 3))) as Uint8Array;
    buffer[1] = 7;
    expect([...out]).toEqual([1, 2]);
  });

  it('round-trips every kind through toSqlValue', () => {
    const values: [string, unknown][] = [
      ['id', -(2n ** 63n)],
      ['u64', 2n ** 64n - 1n],
      ['i32', -5],
      ['flag', true],
      ['f64', 0.1],
      ['dec', '-12.50'],
      ['dt', '2024-02-29T23:59:59.5'],
      ['d', '2024-02-29'],
      ['doc', { k: ['v'] }],
      ['bin', new Uint8Array([0, 1])],
      ['mood', 'sad'],
      ['name', 'x'],
    ];
    for (const [name, v] of values) expect(fromSqlValue(col(name), toSqlValue(col(name), v))).toEqual(v);
  });

  it('toApiRow maps columns by position', () => {
    expect(toApiRow([col('id'), col('name')], [makeSqlValue('INT64', '3'), SQL_NULL, makeSqlValue('INT64', '9')])).toEqual({ id: 3n, name: null });
  });

  it('apiRowReader reads each column from its position when given positions (extra values ignored)', () => {
    const values = [makeSqlValue('INT64', '7'), makeSqlValue('VARCHAR', 'x'), makeSqlValue('INT64', '9')];
    expect(apiRowReader([col('name'), col('id')], [1, 2])(values)).toEqual({ name: 'x', id: 9n });
    expect(Object.keys(apiRowReader([col('name'), col('id')], [1, 0])(values))).toEqual(['name', 'id']);
    expect(apiRowReader([col('name'), col('id')], [1, 0])(values)).toEqual({ name: 'x', id: 7n });
    expect(() => apiRowReader([col('id')], [])).toThrow(/one position/);
    expect(() => apiRowReader([col('id')], [-1])).toThrow(/one position/);
  });

  it('apiRowReader gives an enum column its member texts, and the text of a value that is no member', () => {
    const mood = col('mood');
    const read = apiRowReader([mood]);
    // Members ('sad', 'ok', 'happy'), a member's prefix and case variant, and '' (MySQL's value for an invalid member).
    for (const text of ['sad', 'ok', 'happy', 'ha', 'SAD', 'okay', '']) {
      for (const v of [makeSqlValue('ENUM', text), buffered(makeSqlValue('ENUM', text))]) {
        expect(read([v])).toEqual({ mood: text });
        expect(read([v])).toEqual(toApiRow([mood], [v]));
      }
    }
  });

  it('apiRowReader reads every case as toApiRow does, key order and NULLs included, in one row of them all', () => {
    const columns = cases.map(([name]) => col(name));
    const values = cases.map(([, value]) => value);
    // Several columns of one name (the cases repeat some): the last one wins in both.
    const read = apiRowReader(columns);
    const row = read(values);
    expect(row).toEqual(toApiRow(columns, values));
    expect(Object.keys(row)).toEqual(Object.keys(toApiRow(columns, values)));
    // The same reader for the next row: all NULL this time.
    const nulls = values.map(() => SQL_NULL);
    expect(read(nulls)).toEqual(toApiRow(columns, nulls));
    expect(Object.values(read(nulls)).every((v) => v === null)).toBe(true);
  });

  it('a column named __proto__ is an own property of the row, not its prototype', () => {
    const proto = { ...col('name'), name: '__proto__' };
    for (const row of [toApiRow([proto], [makeSqlValue('VARCHAR', 'p')]), apiRowReader([proto])([makeSqlValue('VARCHAR', 'p')])]) {
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('p');
      expect(JSON.stringify(row)).toBe('{"__proto__":"p"}');
    }
  });

  it('past its bound of cached row shapes, apiRowReader still reads rows (by the loop of toApiRow)', () => {
    for (let i = 0; i < 1100; i++) {
      const named = { ...col('i32'), name: `c${i}` };
      expect(apiRowReader([named, col('name')])([makeSqlValue('INT32', String(i)), SQL_NULL])).toEqual({ [`c${i}`]: i, name: null });
      expect(apiRowReader([col('name'), named], [2, 0])([makeSqlValue('INT32', String(i)), SQL_NULL, makeSqlValue('VARCHAR', 'n')])).toEqual({ name: 'n', [`c${i}`]: i });
    }
  });
});

describe('sqlText and sqlValueOfText', () => {
  const texts = ['', '0', '-12.50', 'SKU-1', 'Quentin Haddad', 'Lina Müller', 'a'.repeat(16), 'a'.repeat(17), 'a'.repeat(64), 'b'.repeat(65), 'Zoë', 'ß日本', '\u{1F600}', 'x\u0000y'];
  it.each(texts)('give what TextDecoder and TextEncoder give for %j', (text) => {
    const v = makeSqlValue('VARCHAR', text);
    expect(sqlText(v)).toBe(sqlValueToString(v));
    expect(sqlText(v)).toBe(text);
    expect(Array.from(sqlValueOfText('VARCHAR', text).raw)).toEqual(Array.from(v.raw));
    expect(sqlValueOfText('DECIMAL', text).type).toBe('DECIMAL');
  });
  it('decodes bytes that are not UTF-8 as TextDecoder does (replacement characters)', () => {
    const v = makeSqlValue('VARCHAR', new Uint8Array([0x61, 0xff, 0x62]));
    expect(sqlText(v)).toBe(sqlValueToString(v));
  });
});

/** `value`'s bytes in the middle of a larger buffer, as the pools leave result cells (BufferedSqlValue). */
function buffered(value: SqlValue): BufferedSqlValue {
  const bytes = Buffer.concat([Buffer.from([0xff, 0x31]), Buffer.from(value.raw), Buffer.from([0x39, 0xff])]);
  return new BufferedSqlValue(value.type, bytes, 2, value.raw.length);
}

describe('values still in a row packet (BufferedSqlValue) read as plain ones', () => {
  // Lengths around the short paths' bounds (8 and 16 bytes), non-ASCII bytes in either half.
  const texts = ['', '7', '-1', 'paid', '348.49', 'abcdefg', 'abcdefgh', 'abcdefghi', 'Quentin Haddad', 'Dmitri Johansson', 'Dmitri Johansson!', 'Lina Müller', 'Zoë Johansson', 'Björn Åkesson-Ek', 'Zoë', 'ß日本', '\u{1F600}', 'x\u0000y'];
  it.each(texts)('sqlText of %j', (text) => {
    const v = buffered(makeSqlValue('VARCHAR', text));
    expect(sqlText(v)).toBe(text);
    expect(sqlValueToString(v)).toBe(text);
    expect(Array.from(v.raw)).toEqual(Array.from(new TextEncoder().encode(text)));
  });

  it('sqlText of bytes that are not UTF-8 gives what TextDecoder gives', () => {
    for (const bytes of [[0x61, 0xff, 0x62], [0xc3], new Array(12).fill(0x80)]) {
      const plain = makeSqlValue('VARCHAR', new Uint8Array(bytes));
      expect(sqlText(buffered(plain))).toBe(sqlValueToString(plain));
    }
  });

  const integers: [string, string][] = [
    ['id', '0'],
    ['id', '-0'],
    ['id', '42'],
    ['id', '-42'],
    ['id', '007'],
    ['id', '999999999999999'],
    ['id', '-999999999999999'],
    ['id', '1000000000000000'],
    ['id', '9007199254740993'],
    ['id', '-9223372036854775808'],
    ['u64', '18446744073709551615'],
    ['u32', '4294967295'],
    ['i32', '-5'],
    ['i32', '2147483647'],
    ['yr', '2024'],
    ['flag', '0'],
    ['flag', '1'],
  ];
  it.each(integers)('fromSqlValue of %s %s equals the plain value\'s', (name, text) => {
    const plain = makeSqlValue(col(name).type, text);
    expect(fromSqlValue(col(name), buffered(plain))).toEqual(fromSqlValue(col(name), plain));
  });

  it('fromSqlValue of every other kind equals the plain value\'s', () => {
    const values: [string, SqlValue][] = [
      ['f64', makeSqlValue('FLOAT64', '-2.5e-7')],
      ['dec', makeSqlValue('DECIMAL', '12345678901234567890.12')],
      ['dec', makeSqlValue('DECIMAL', '348.49')],
      ['dt', makeSqlValue('DATETIME', '2024-02-29 23:59:59.123456')],
      ['d', makeSqlValue('DATE', '2024-02-29')],
      ['tm', makeSqlValue('TIME', '-01:00:00')],
      ['doc', makeSqlValue('JSON', '{"a": [1, null]}')],
      ['bin', makeSqlValue('VARBINARY', new Uint8Array([1, 2, 0xff]))],
      ['mood', makeSqlValue('ENUM', 'ok')],
      ['name', makeSqlValue('VARCHAR', 'Zoë')],
    ];
    for (const [name, plain] of values) expect(fromSqlValue(col(name), buffered(plain))).toEqual(fromSqlValue(col(name), plain));
  });

  it('makes its raw view once, over the buffer, without copying', () => {
    const v = buffered(makeSqlValue('VARCHAR', 'abc'));
    expect(v.raw).toBe(v.raw);
    v.buffer[2] = 0x7a;
    expect(sqlValueToString(v)).toBe('zbc');
    expect(v.raw[0]).toBe(0x7a);
  });
});
