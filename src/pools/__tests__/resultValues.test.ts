// Unit tests of resultValues: MySQL wire type + flags + collation → Vitess type (after vitess
// go/sqltypes/type.go MySQLToType), and raw bytes wrapped as SqlValues.

import { describe, expect, it } from 'vitest';
import { SQL_NULL } from '../../util/sqlValue.js';
import { columnSqlType, wireValue, type WireColumn } from '../resultValues.js';

const UNSIGNED = 32;
const BINARY = 128;
const ENUM = 256;
const SET = 2048;
const UTF8MB4 = 45;
const UTF8MB4_BIN = 46;
const BIN = 63;

function col(columnType: number, flags = 0, characterSet = BIN, extendedFormat?: string): WireColumn {
  return { name: 'c', columnType, flags, characterSet, ...(extendedFormat === undefined ? {} : { extendedFormat }) };
}

describe('columnSqlType', () => {
  it.each([
    ['TINY', col(1), 'INT8'],
    ['TINY unsigned', col(1, UNSIGNED), 'UINT8'],
    ['SHORT unsigned', col(2, UNSIGNED), 'UINT16'],
    ['INT24 unsigned', col(9, UNSIGNED), 'UINT24'],
    ['LONG', col(3), 'INT32'],
    ['LONG unsigned', col(3, UNSIGNED), 'UINT32'],
    ['LONGLONG', col(8), 'INT64'],
    ['LONGLONG unsigned', col(8, UNSIGNED), 'UINT64'],
    ['FLOAT', col(4), 'FLOAT32'],
    ['DOUBLE unsigned stays FLOAT64', col(5, UNSIGNED), 'FLOAT64'],
    ['DECIMAL', col(0), 'DECIMAL'],
    ['NEWDECIMAL', col(246), 'DECIMAL'],
    ['NULL', col(6), 'NULL'],
    ['TIMESTAMP', col(7, BINARY), 'TIMESTAMP'],
    ['DATE', col(10, BINARY), 'DATE'],
    ['NEWDATE', col(14), 'DATE'],
    ['TIME', col(11), 'TIME'],
    ['DATETIME', col(12), 'DATETIME'],
    ['YEAR unsigned', col(13, UNSIGNED), 'YEAR'],
    ['BIT', col(16, UNSIGNED), 'BIT'],
    ['JSON (MySQL)', col(245), 'JSON'],
    ['JSON (MariaDB extended format)', col(252, 0, UTF8MB4, 'json'), 'JSON'],
    ['VAR_STRING utf8mb4', col(253, 0, UTF8MB4), 'VARCHAR'],
    ['VAR_STRING utf8mb4_bin (BINARY flag) stays text', col(253, BINARY, UTF8MB4_BIN), 'VARCHAR'],
    ['VAR_STRING binary', col(253, BINARY, BIN), 'VARBINARY'],
    ['STRING utf8mb4', col(254, 0, UTF8MB4), 'CHAR'],
    ['STRING binary', col(254, BINARY, BIN), 'BINARY'],
    ['STRING with ENUM flag', col(254, ENUM, UTF8MB4), 'ENUM'],
    ['STRING with SET flag', col(254, SET, UTF8MB4), 'SET'],
    ['ENUM', col(247, 0, UTF8MB4), 'ENUM'],
    ['BLOB text', col(252, 0, UTF8MB4), 'TEXT'],
    ['BLOB binary', col(252, BINARY, BIN), 'BLOB'],
    ['LONG_BLOB binary', col(251, BINARY, BIN), 'BLOB'],
    ['VARCHAR (15)', col(15, 0, UTF8MB4), 'VARCHAR'],
    ['GEOMETRY', col(255, BINARY, BIN), 'GEOMETRY'],
    ['VECTOR', col(242, BINARY, BIN), 'VARBINARY'],
    ['unknown wire type', col(100), 'VARBINARY'],
  ])('%s', (_, column, type) => {
    expect(columnSqlType(column)).toBe(type);
  });
});

describe('wireValue', () => {
  it('gives SQL_NULL for a null cell whatever the column type', () => {
    expect(wireValue('INT64', null)).toBe(SQL_NULL);
  });

  it('wraps the bytes as a plain Uint8Array view without copying', () => {
    const buffer = Buffer.from('xx18446744073709551615', 'latin1');
    const cell = buffer.subarray(2);
    const value = wireValue('UINT64', cell);
    expect(value.type).toBe('UINT64');
    expect(Object.getPrototypeOf(value.raw)).toBe(Uint8Array.prototype);
    expect(new TextDecoder().decode(value.raw)).toBe('18446744073709551615');
    expect(value.raw.buffer).toBe(buffer.buffer);
  });
});
