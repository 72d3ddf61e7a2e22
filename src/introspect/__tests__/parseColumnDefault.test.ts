import { describe, expect, it } from 'vitest';
import { normalizeExpression, parseColumnDefault, parseOnUpdate } from '../parseColumnDefault.js';
import type { ColumnDefault } from '../schemaInfo.js';

interface Row {
  readonly what: string;
  readonly dataType: string;
  readonly nullable: boolean;
  /** COLUMN_DEFAULT and EXTRA as MariaDB 10.11 prints them. */
  readonly mariadb: readonly [string | null, string];
  /** COLUMN_DEFAULT and EXTRA as MySQL 8 prints them. */
  readonly mysql: readonly [string | null, string];
  readonly expected: ColumnDefault;
}

const none = { kind: 'none' } as const;
const nul = { kind: 'null' } as const;
const literal = (value: string): ColumnDefault => ({ kind: 'literal', value });
const expression = (sql: string): ColumnDefault => ({ kind: 'expression', sql });

const ROWS: readonly Row[] = [
  { what: 'NOT NULL without default', dataType: 'varchar', nullable: false, mariadb: [null, ''], mysql: [null, ''], expected: none },
  { what: 'nullable without default', dataType: 'varchar', nullable: true, mariadb: ['NULL', ''], mysql: [null, ''], expected: nul },
  { what: 'DEFAULT NULL', dataType: 'int', nullable: true, mariadb: ['NULL', ''], mysql: [null, ''], expected: nul },
  { what: "the string 'NULL'", dataType: 'varchar', nullable: true, mariadb: ["'NULL'", ''], mysql: ['NULL', ''], expected: literal('NULL') },
  { what: 'empty string', dataType: 'varchar', nullable: false, mariadb: ["''", ''], mysql: ['', ''], expected: literal('') },
  { what: 'quote and comma', dataType: 'varchar', nullable: true, mariadb: ["'it''s, ok'", ''], mysql: ["it's, ok", ''], expected: literal("it's, ok") },
  { what: 'backslash', dataType: 'varchar', nullable: true, mariadb: ["'a\\\\b'", ''], mysql: ['a\\b', ''], expected: literal('a\\b') },
  { what: 'newline', dataType: 'text', nullable: true, mariadb: ["'a\\nb'", ''], mysql: ['a\nb', ''], expected: literal('a\nb') },
  { what: 'quoted looking', dataType: 'varchar', nullable: true, mariadb: ["'''x'''", ''], mysql: ["'x'", ''], expected: literal("'x'") },
  { what: 'integer', dataType: 'int', nullable: false, mariadb: ['0', ''], mysql: ['0', ''], expected: literal('0') },
  { what: 'negative', dataType: 'bigint', nullable: true, mariadb: ['-1', ''], mysql: ['-1', ''], expected: literal('-1') },
  { what: 'uint64 max', dataType: 'bigint', nullable: true, mariadb: ['18446744073709551615', ''], mysql: ['18446744073709551615', ''], expected: literal('18446744073709551615') },
  { what: 'decimal', dataType: 'decimal', nullable: true, mariadb: ['1.50', ''], mysql: ['1.50', ''], expected: literal('1.50') },
  { what: 'zerofill', dataType: 'int', nullable: true, mariadb: ['0000000007', ''], mysql: ['0000000007', ''], expected: literal('0000000007') },
  { what: 'float', dataType: 'float', nullable: true, mariadb: ['-1.5e10', ''], mysql: ['-1.5e10', ''], expected: literal('-1.5e10') },
  { what: 'boolean', dataType: 'tinyint', nullable: false, mariadb: ['1', ''], mysql: ['1', ''], expected: literal('1') },
  { what: 'bit', dataType: 'bit', nullable: true, mariadb: ["b'101'", ''], mysql: ["b'101'", ''], expected: literal("b'101'") },
  { what: 'date', dataType: 'date', nullable: true, mariadb: ["'2020-01-01'", ''], mysql: ['2020-01-01', ''], expected: literal('2020-01-01') },
  { what: 'zero date', dataType: 'date', nullable: true, mariadb: ["'0000-00-00'", ''], mysql: ['0000-00-00', ''], expected: literal('0000-00-00') },
  { what: 'enum', dataType: 'enum', nullable: true, mariadb: ["'a,b'", ''], mysql: ['a,b', ''], expected: literal('a,b') },
  { what: 'binary', dataType: 'binary', nullable: true, mariadb: ["'ab\\0\\0'", ''], mysql: ['0x61620000', ''], expected: literal('ab\0\0') },
  {
    what: 'CURRENT_TIMESTAMP',
    dataType: 'timestamp',
    nullable: false,
    mariadb: ['current_timestamp()', ''],
    mysql: ['CURRENT_TIMESTAMP', 'DEFAULT_GENERATED'],
    expected: expression('current_timestamp()'),
  },
  {
    what: 'CURRENT_TIMESTAMP(3) on update',
    dataType: 'datetime',
    nullable: true,
    mariadb: ['current_timestamp(3)', 'on update current_timestamp(3)'],
    mysql: ['CURRENT_TIMESTAMP(3)', 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)'],
    expected: expression('current_timestamp(3)'),
  },
  {
    what: 'CURRENT_TIMESTAMP before MySQL 8.0.13',
    dataType: 'datetime',
    nullable: true,
    mariadb: ['current_timestamp()', ''],
    mysql: ['CURRENT_TIMESTAMP', ''],
    expected: expression('current_timestamp()'),
  },
  { what: 'curdate()', dataType: 'date', nullable: true, mariadb: ['curdate()', ''], mysql: ['(curdate())', 'DEFAULT_GENERATED'], expected: expression('curdate()') },
  { what: 'rand()', dataType: 'double', nullable: true, mariadb: ['rand()', ''], mysql: ['rand()', 'DEFAULT_GENERATED'], expected: expression('rand()') },
  { what: 'uuid()', dataType: 'char', nullable: true, mariadb: ['uuid()', ''], mysql: ['uuid()', 'DEFAULT_GENERATED'], expected: expression('uuid()') },
  { what: 'auto_increment', dataType: 'bigint', nullable: false, mariadb: [null, 'auto_increment'], mysql: [null, 'auto_increment'], expected: none },
  { what: 'virtual generated', dataType: 'int', nullable: true, mariadb: ['NULL', 'VIRTUAL GENERATED'], mysql: [null, 'VIRTUAL GENERATED'], expected: none },
  { what: 'stored generated', dataType: 'int', nullable: false, mariadb: [null, 'STORED GENERATED'], mysql: [null, 'STORED GENERATED'], expected: none },
];

describe('parseColumnDefault', () => {
  it.each(ROWS)('$what: MariaDB and MySQL 8 give the same default', ({ dataType, nullable, mariadb, mysql, expected }) => {
    expect(parseColumnDefault(mariadb[0], { flavor: 'mariadb', dataType, nullable, extra: mariadb[1] })).toEqual(expected);
    expect(parseColumnDefault(mysql[0], { flavor: 'mysql', dataType, nullable, extra: mysql[1] })).toEqual(expected);
  });

  it('keeps a MySQL `0x…` default of a text column as text', () => {
    expect(parseColumnDefault('0x41', { flavor: 'mysql', dataType: 'varchar', nullable: true, extra: '' })).toEqual(literal('0x41'));
  });

  it('keeps MySQL CURRENT_TIMESTAMP text on a string column a literal', () => {
    expect(parseColumnDefault('CURRENT_TIMESTAMP', { flavor: 'mysql', dataType: 'varchar', nullable: true, extra: '' })).toEqual(
      literal('CURRENT_TIMESTAMP'),
    );
  });
});

describe('normalizeExpression', () => {
  it.each([
    ['current_timestamp()', 'current_timestamp()'],
    ['CURRENT_TIMESTAMP', 'current_timestamp()'],
    ['CURRENT_TIMESTAMP(6)', 'current_timestamp(6)'],
    ['now()', 'current_timestamp()'],
    ['NOW(3)', 'current_timestamp(3)'],
    ['localtimestamp', 'current_timestamp()'],
    ['LOCALTIME()', 'current_timestamp()'],
    ['  (rand())  ', 'rand()'],
    ['((`a` + 1))', '`a` + 1'],
    ['(`a` + 1) * (`b` + 1)', '(`a` + 1) * (`b` + 1)'],
    ["concat(')', `a`)", "concat(')', `a`)"],
    ["(concat('(', `a`))", "concat('(', `a`)"],
    ['`n` + 1', '`n` + 1'],
    ['', ''],
  ])('%j → %j', (input, output) => {
    expect(normalizeExpression(input)).toBe(output);
  });
});

describe('parseOnUpdate', () => {
  it.each([
    ['', undefined],
    ['auto_increment', undefined],
    ['on update current_timestamp()', 'current_timestamp()'],
    ['on update current_timestamp(3)', 'current_timestamp(3)'],
    ['DEFAULT_GENERATED on update CURRENT_TIMESTAMP', 'current_timestamp()'],
    ['DEFAULT_GENERATED on update CURRENT_TIMESTAMP(6) INVISIBLE', 'current_timestamp(6)'],
  ])('%j → %j', (extra, output) => {
    expect(parseOnUpdate(extra)).toBe(output);
  });
});
