// Unit tests of bindSql: the placeholder scanner, literal encoding per SqlType (edge rows:
// 0, -1, 2^63-1, 2^64-1, NULL, empty, quotes, backslashes, NUL, emoji) and bind errors.

import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { InvariantError } from '../../util/invariant.js';
import { makeSqlValue, SQL_NULL, sqlInt64, sqlUint64, sqlVarbinary, sqlVarchar, type SqlType } from '../../util/sqlValue.js';
import { bindSql, encodeSqlLiteral, parseSqlTemplate } from '../bindSql.js';

describe('parseSqlTemplate', () => {
  it.each([
    ['select 1', [{ kind: 'text', text: 'select 1' }]],
    ['', []],
    [':a', [{ kind: 'bind', name: 'a', list: false }]],
    ['::__vals', [{ kind: 'bind', name: '__vals', list: true }]],
    ['id = :vtg1 and x in ::vals0', [
      { kind: 'text', text: 'id = ' }, { kind: 'bind', name: 'vtg1', list: false },
      { kind: 'text', text: ' and x in ' }, { kind: 'bind', name: 'vals0', list: true },
    ]],
    ["':a' \":b\" `:c` /* :d */ # :e\n-- :f\n:g", [
      { kind: 'text', text: "':a' \":b\" `:c` /* :d */ # :e\n-- :f\n" }, { kind: 'bind', name: 'g', list: false },
    ]],
    ["'it\\':s' :x", [{ kind: 'text', text: "'it\\':s' " }, { kind: 'bind', name: 'x', list: false }]],
    ["'a'':b' :x", [{ kind: 'text', text: "'a'':b' " }, { kind: 'bind', name: 'x', list: false }]],
    ['`a``:b` :x', [{ kind: 'text', text: '`a``:b` ' }, { kind: 'bind', name: 'x', list: false }]],
    ['@a := 1', [{ kind: 'text', text: '@a := 1' }]],
    ['a : b :: c', [{ kind: 'text', text: 'a : b :: c' }]],
    ['1--:a', [{ kind: 'text', text: '1--' }, { kind: 'bind', name: 'a', list: false }]],
    ["'unterminated :a", [{ kind: 'text', text: "'unterminated :a" }]],
    ['/* unterminated :a', [{ kind: 'text', text: '/* unterminated :a' }]],
    [':a:b', [{ kind: 'bind', name: 'a', list: false }, { kind: 'bind', name: 'b', list: false }]],
  ])('%j', (sql, parts) => {
    expect(parseSqlTemplate(sql)).toEqual(parts);
  });
});

describe('encodeSqlLiteral', () => {
  it.each([
    ['NULL', '', 'null'],
    ['INT64', '0', '0'],
    ['INT64', '-1', '-1'],
    ['INT64', '9223372036854775807', '9223372036854775807'],
    ['INT64', '-9223372036854775808', '-9223372036854775808'],
    ['INT64', ' 12\t', '12'],
    ['INT8', '-128', '-128'],
    ['UINT64', '18446744073709551615', '18446744073709551615'],
    ['UINT8', '0', '0'],
    ['YEAR', '2024', '2024'],
    ['FLOAT64', '1.5e-7', '1.5e-7'],
    ['FLOAT32', '-.5', '-.5'],
    ['DECIMAL', '-12345678901234567890.000000000000000000000000000001', '-12345678901234567890.000000000000000000000000000001'],
    ['DECIMAL', '1.', '1.'],
    ['HEXNUM', '0xA1', '0xA1'],
    ['HEXVAL', "x'a1'", "x'a1'"],
    ['BITNUM', '0b101', '0b101'],
    ['VARCHAR', '', "''"],
    ['VARCHAR', 'plain text 123', "'plain text 123'"],
    ['VARCHAR', "it's", "_utf8mb4 X'69742773'"],
    ['VARCHAR', 'a\\b', "_utf8mb4 X'615c62'"],
    ['VARCHAR', 'a\u0000', "_utf8mb4 X'6100'"],
    ['VARCHAR', '😀', "_utf8mb4 X'f09f9880'"],
    ['TEXT', 'line\n', "_utf8mb4 X'6c696e650a'"],
    ['CHAR', '"q"', "'\"q\"'"],
    ['ENUM', 'a', "'a'"],
    ['JSON', '{"a":1}', "'{\"a\":1}'"],
    ['DATETIME', '2024-02-29 12:00:00', "'2024-02-29 12:00:00'"],
    ['DATE', '2024-02-29', "'2024-02-29'"],
    ['TIME', '-838:59:59', "'-838:59:59'"],
    ['TIMESTAMP', '2024-01-01 00:00:00.5', "'2024-01-01 00:00:00.5'"],
    ['VARBINARY', '', "_binary X''"],
    ['VARBINARY', 'ab', "_binary X'6162'"],
    ['BLOB', "'", "_binary X'27'"],
    ['BINARY', 'x', "_binary X'78'"],
  ] as [SqlType, string, string][])('%s %j → %s', (type, text, literal) => {
    expect(encodeSqlLiteral(makeSqlValue(type, text), 'v')).toBe(literal);
  });

  it('encodes BIT bytes as a b literal, all 8 bits per byte', () => {
    expect(encodeSqlLiteral(makeSqlValue('BIT', new Uint8Array([0x02, 0xaa])), 'v')).toBe("b'0000001010101010'");
    expect(encodeSqlLiteral(makeSqlValue('BIT', new Uint8Array([])), 'v')).toBe("b''");
  });

  it('encodes every byte value of a binary value as hex', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const literal = encodeSqlLiteral(sqlVarbinary(bytes), 'v');
    expect(literal).toBe(`_binary X'${Buffer.from(bytes).toString('hex')}'`);
  });

  it.each([
    ['INT64', '1 OR 1=1'],
    ['INT64', '1; DROP TABLE t'],
    ['INT64', ''],
    ['INT64', '1.5'],
    ['INT64', '0x10'],
    ['UINT64', '-1'],
    ['UINT64', '1e3'],
    ['FLOAT64', 'NaN'],
    ['FLOAT64', 'Infinity'],
    ['FLOAT64', '1e'],
    ['FLOAT64', "1' OR '1"],
    ['DECIMAL', '1e5'],
    ['DECIMAL', '.'],
    ['DECIMAL', '1,5'],
    ['HEXNUM', "0x1' or 1"],
    ['HEXVAL', "x'a'"],
    ['HEXVAL', "x'zz'"],
    ['BITNUM', '0b12'],
    ['YEAR', '20 24'],
  ] as [SqlType, string][])('refuses %s %j with SG611 naming the bind variable', (type, text) => {
    let caught: unknown;
    try {
      encodeSqlLiteral(makeSqlValue(type, text), 'vtg7');
    } catch (error) {
      caught = error;
    }
    expect(isServiceError(caught, 'SG611')).toBe(true);
    expect((caught as Error).message).toContain(':vtg7');
  });
});

describe('bindSql', () => {
  it('binds scalars and lists, leaving extra bind variables unused', () => {
    expect(bindSql('select * from t where id = :id and k in ::ks', { id: sqlInt64(-1), ks: [sqlUint64(1), SQL_NULL, sqlVarchar('x')], extra: sqlInt64(9) }))
      .toBe("select * from t where id = -1 and k in (1, null, 'x')");
  });

  it('returns SQL without placeholders unchanged', () => {
    expect(bindSql("select ':x'", {})).toBe("select ':x'");
  });

  it('binds the same template with different values (the template cache keeps no values)', () => {
    expect(bindSql('select :a', { a: sqlInt64(1) })).toBe('select 1');
    expect(bindSql('select :a', { a: sqlInt64(2) })).toBe('select 2');
  });

  it.each([
    ['select :missing', {}, ':missing'],
    ['select ::missing', {}, '::missing'],
    ['select :a', { a: [sqlInt64(1)] }, ':a expects one value'],
    ['select ::a', { a: sqlInt64(1) }, '::a expects a list'],
  ])('%s fails with SG610', (sql, binds, text) => {
    let caught: unknown;
    try {
      bindSql(sql, binds);
    } catch (error) {
      caught = error;
    }
    expect(isServiceError(caught, 'SG610')).toBe(true);
    expect((caught as Error).message).toContain(text);
  });

  it('an empty list is a bug (the planner never emits one)', () => {
    expect(() => bindSql('select ::a', { a: [] })).toThrow(InvariantError);
  });
});
