import { describe, expect, it } from 'vitest';
import { normalizeColumnType, parseColumnType, parseEnumValues, sqlTypeOf } from '../parseColumnType.js';

// [DATA_TYPE, COLUMN_TYPE as MariaDB 10.11 prints it, as MySQL 8 prints it, normalised, Vitess type, unsigned, isBoolean]
const TYPES: readonly (readonly [string, string, string, string, string, boolean, boolean])[] = [
  ['tinyint', 'tinyint(4)', 'tinyint', 'tinyint', 'INT8', false, false],
  ['tinyint', 'tinyint(3) unsigned', 'tinyint unsigned', 'tinyint unsigned', 'UINT8', true, false],
  ['tinyint', 'tinyint(1)', 'tinyint(1)', 'tinyint(1)', 'INT8', false, true],
  ['tinyint', 'tinyint(1) unsigned', 'tinyint(1) unsigned', 'tinyint(1) unsigned', 'UINT8', true, false],
  ['smallint', 'smallint(6)', 'smallint', 'smallint', 'INT16', false, false],
  ['smallint', 'smallint(5) unsigned', 'smallint unsigned', 'smallint unsigned', 'UINT16', true, false],
  ['mediumint', 'mediumint(9)', 'mediumint', 'mediumint', 'INT24', false, false],
  ['mediumint', 'mediumint(8) unsigned', 'mediumint unsigned', 'mediumint unsigned', 'UINT24', true, false],
  ['int', 'int(11)', 'int', 'int', 'INT32', false, false],
  ['int', 'int(10) unsigned', 'int unsigned', 'int unsigned', 'UINT32', true, false],
  ['int', 'int(10) unsigned zerofill', 'int(10) unsigned zerofill', 'int(10) unsigned zerofill', 'UINT32', true, false],
  ['bigint', 'bigint(20)', 'bigint', 'bigint', 'INT64', false, false],
  ['bigint', 'bigint(20) unsigned', 'bigint unsigned', 'bigint unsigned', 'UINT64', true, false],
  ['float', 'float', 'float', 'float', 'FLOAT32', false, false],
  ['float', 'float(7,3) unsigned', 'float(7,3) unsigned', 'float(7,3) unsigned', 'FLOAT32', true, false],
  ['double', 'double', 'double', 'double', 'FLOAT64', false, false],
  ['double', 'double(10,4)', 'double(10,4)', 'double(10,4)', 'FLOAT64', false, false],
  ['decimal', 'decimal(10,2)', 'decimal(10,2)', 'decimal(10,2)', 'DECIMAL', false, false],
  ['decimal', 'decimal(65,30) unsigned', 'decimal(65,30) unsigned', 'decimal(65,30) unsigned', 'DECIMAL', true, false],
  ['date', 'date', 'date', 'date', 'DATE', false, false],
  ['time', 'time(3)', 'time(3)', 'time(3)', 'TIME', false, false],
  ['datetime', 'datetime', 'datetime', 'datetime', 'DATETIME', false, false],
  ['datetime', 'datetime(6)', 'datetime(6)', 'datetime(6)', 'DATETIME', false, false],
  ['timestamp', 'timestamp', 'timestamp', 'timestamp', 'TIMESTAMP', false, false],
  ['year', 'year(4)', 'year', 'year', 'YEAR', false, false],
  ['char', 'char(5)', 'char(5)', 'char(5)', 'CHAR', false, false],
  ['varchar', 'varchar(255)', 'varchar(255)', 'varchar(255)', 'VARCHAR', false, false],
  ['tinytext', 'tinytext', 'tinytext', 'tinytext', 'TEXT', false, false],
  ['text', 'text', 'text', 'text', 'TEXT', false, false],
  ['mediumtext', 'mediumtext', 'mediumtext', 'mediumtext', 'TEXT', false, false],
  ['longtext', 'longtext', 'longtext', 'longtext', 'TEXT', false, false],
  ['binary', 'binary(16)', 'binary(16)', 'binary(16)', 'BINARY', false, false],
  ['varbinary', 'varbinary(255)', 'varbinary(255)', 'varbinary(255)', 'VARBINARY', false, false],
  ['tinyblob', 'tinyblob', 'tinyblob', 'tinyblob', 'BLOB', false, false],
  ['blob', 'blob', 'blob', 'blob', 'BLOB', false, false],
  ['mediumblob', 'mediumblob', 'mediumblob', 'mediumblob', 'BLOB', false, false],
  ['longblob', 'longblob', 'longblob', 'longblob', 'BLOB', false, false],
  ['bit', 'bit(1)', 'bit(1)', 'bit(1)', 'BIT', false, false],
  ['bit', 'bit(64)', 'bit(64)', 'bit(64)', 'BIT', false, false],
  ['enum', "enum('a','b')", "enum('a','b')", "enum('a','b')", 'ENUM', false, false],
  ['set', "set('unsigned','b')", "set('unsigned','b')", "set('unsigned','b')", 'SET', false, false],
  ['json', 'json', 'json', 'json', 'JSON', false, false],
  ['geometry', 'geometry', 'geometry', 'geometry', 'GEOMETRY', false, false],
  ['point', 'point', 'point', 'point', 'GEOMETRY', false, false],
  ['linestring', 'linestring', 'linestring', 'linestring', 'GEOMETRY', false, false],
  ['polygon', 'polygon', 'polygon', 'polygon', 'GEOMETRY', false, false],
  ['multipoint', 'multipoint', 'multipoint', 'multipoint', 'GEOMETRY', false, false],
  ['multilinestring', 'multilinestring', 'multilinestring', 'multilinestring', 'GEOMETRY', false, false],
  ['multipolygon', 'multipolygon', 'multipolygon', 'multipolygon', 'GEOMETRY', false, false],
  ['geometrycollection', 'geometrycollection', 'geomcollection', 'geometrycollection', 'GEOMETRY', false, false],
  ['uuid', 'uuid', 'uuid', 'uuid', 'CHAR', false, false],
  ['inet4', 'inet4', 'inet4', 'inet4', 'CHAR', false, false],
  ['inet6', 'inet6', 'inet6', 'inet6', 'CHAR', false, false],
];

describe('parseColumnType', () => {
  it.each(TYPES)('%s %s (MySQL 8: %s) → %s %s', (dataType, mariadb, mysql, normalized, type, unsigned, isBoolean) => {
    const fromMariaDb = parseColumnType(dataType, mariadb);
    expect(fromMariaDb).toMatchObject({ dataType, columnType: normalized, type, unsigned, isBoolean });
    // MySQL 8 prints geometrycollection's DATA_TYPE as geomcollection: same Vitess type.
    expect(parseColumnType(dataType === 'geometrycollection' ? 'geomcollection' : dataType, mysql)).toMatchObject({ type, unsigned, isBoolean });
    if (mysql !== 'geomcollection') expect(parseColumnType(dataType, mysql)).toEqual(fromMariaDb);
  });

  it('lowercases DATA_TYPE', () => {
    expect(parseColumnType('BIGINT', 'bigint(20) unsigned')).toMatchObject({ dataType: 'bigint', type: 'UINT64' });
  });

  it('leaves the type undefined for a type without a Vitess type', () => {
    expect(parseColumnType('vector', 'vector(3)').type).toBeUndefined();
    expect(sqlTypeOf('vector', false)).toBeUndefined();
  });

  it('reads ENUM and SET members, and no members for other types', () => {
    expect(parseColumnType('enum', "enum('a,b','it''s')").enumValues).toEqual(['a,b', "it's"]);
    expect(parseColumnType('set', "set('x')").enumValues).toEqual(['x']);
    expect(parseColumnType('varchar', 'varchar(3)').enumValues).toBeUndefined();
  });
});

describe('normalizeColumnType', () => {
  it.each([
    ['int(11)', 'int'],
    ['int(11) unsigned', 'int unsigned'],
    ['bigint(20) unsigned zerofill', 'bigint(20) unsigned zerofill'],
    ['tinyint(1)', 'tinyint(1)'],
    ['tinyint(2)', 'tinyint'],
    ['smallint(1)', 'smallint'],
    ['year(4)', 'year'],
    ['year', 'year'],
    ['decimal(10,2)', 'decimal(10,2)'],
    ['varchar(11)', 'varchar(11)'],
    ["enum('int(11)')", "enum('int(11)')"],
  ])('%s → %s', (input, output) => {
    expect(normalizeColumnType(input)).toBe(output);
  });
});

describe('parseEnumValues', () => {
  it.each([
    ["enum('a')", ['a']],
    ["enum('a','b','c')", ['a', 'b', 'c']],
    ["enum('a,b','it''s','x\\\\y','')", ['a,b', "it's", 'x\\y', '']],
    ["enum('a\"b','c\\nd','é','\\\\','''')", ['a"b', 'c\nd', 'é', '\\', "'"]],
    ["enum(')','(',',')", [')', '(', ',']],
    ["set('p','q')", ['p', 'q']],
    ["ENUM('A','a')", ['A', 'a']],
  ])('%s → %j', (columnType, values) => {
    expect(parseEnumValues(columnType)).toEqual(values);
  });

  it.each([['enum()'], ["enum('a'"], ["enum('a',)"], ["enum('a') x"], ["enum(a)"], ["varchar('a')"], ["enum('a' 'b')"]])(
    '%s is malformed',
    (columnType) => {
      expect(parseEnumValues(columnType)).toBeUndefined();
    },
  );
});
