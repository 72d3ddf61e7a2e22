// Integration tests of src/pools against the shared MariaDB (test/helpers/mariadb.ts): bind
// round-trips for every type and nasty strings, injection attempts staying literal, result
// typing, writes, server errors keeping errno/sqlState. Pool limits, timeouts, row limits,
// consolidation and replica fallback are in pools.limits.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError, type ServiceError } from '../../src/errors/serviceError.js';
import { createShardExecutor, type MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import { makeSqlValue, SQL_NULL, sqlInt64, sqlUint64, sqlValueToString, sqlVarbinary, sqlVarchar, type SqlType, type SqlValue } from '../../src/util/sqlValue.js';
import { buildTestTopology, createTestDatabases, runInDatabase, type TestDatabases } from '../helpers/mariadb.js';

const TARGET = { keyspace: 'main', shard: '0' } as const;
let dbs: TestDatabases;
let executor: MysqlShardExecutor;

beforeAll(async () => {
  dbs = await createTestDatabases(['main']);
  await runInDatabase(dbs.names.main!, [
    `CREATE TABLE t (
      id BIGINT PRIMARY KEY AUTO_INCREMENT,
      i8 TINYINT, u8 TINYINT UNSIGNED, i64 BIGINT, u64 BIGINT UNSIGNED,
      f FLOAT, d DOUBLE, dec65 DECIMAL(65,30),
      vc VARCHAR(200) CHARACTER SET utf8mb4, vb VARBINARY(200), ch CHAR(5), bn BINARY(4),
      tx TEXT, bl BLOB, dt DATETIME(6), da DATE, tm TIME, ts TIMESTAMP NULL, yr YEAR,
      en ENUM('a','b'), st SET('x','y'), js JSON, bt BIT(10), vbin VARCHAR(20) COLLATE utf8mb4_bin
    )`,
  ]);
  executor = createShardExecutor(buildTestTopology({ main: { '0': { primary: dbs.urls.main! } } }), {
    pool: { size: 4, queueLimit: 100, acquireTimeoutMs: 5000, idleTimeoutMs: 60_000 },
    limits: { queryTimeoutMs: 10_000, maxRows: 10_000 },
  });
});

afterAll(async () => {
  await executor?.close();
  await dbs?.drop();
});

const NASTY = [
  '',
  "'",
  "''",
  '\\',
  "\\'",
  "it's",
  '"double"',
  'back`tick',
  'a\u0000b',
  '\u0000',
  'line\nbreak\r\ttab',
  'emoji 😀🎉 and 𝄞',
  'ünïcödé Ελληνικά 日本語',
  "'; DROP TABLE t; --",
  "' OR '1'='1",
  '\\\'; SELECT 1; -- ',
  ':vtg1 ::__vals :name',
  '/* comment */ # hash -- dash',
  '%_ like wildcards',
  'question? ?? marks ?',
  '\u001a ctrl-z',
  'x'.repeat(190),
];

async function roundTrip(value: SqlValue): Promise<SqlValue> {
  const result = await executor.execute(TARGET, 'select :v', { v: value });
  expect(result.rows).toHaveLength(1);
  return result.rows[0]![0]!;
}

describe('bind round-trips', () => {
  it.each(NASTY.map((s) => [JSON.stringify(s), s]))('text %s comes back byte-identical', async (_, text) => {
    const back = await roundTrip(sqlVarchar(text));
    expect(sqlValueToString(back)).toBe(text);
    expect(back.type).toBe('VARCHAR');
  });

  it.each(NASTY.map((s) => [JSON.stringify(s), s]))('binary %s comes back byte-identical', async (_, text) => {
    const bytes = new TextEncoder().encode(text);
    const back = await roundTrip(sqlVarbinary(bytes));
    expect([...back.raw]).toEqual([...bytes]);
    expect(back.type).toBe('VARBINARY');
  });

  it('every byte value survives as binary', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const back = await roundTrip(sqlVarbinary(bytes));
    expect([...back.raw]).toEqual([...bytes]);
  });

  it.each([
    ['INT64', '0'],
    ['INT64', '-1'],
    ['INT64', '9223372036854775807'],
    ['INT64', '-9223372036854775808'],
    ['UINT64', '18446744073709551615'],
    ['DECIMAL', '12345678901234567890123456789012345.123456789012345678901234567890'],
    ['DECIMAL', '-0.5'],
    ['FLOAT64', '1.5'],
  ] as [SqlType, string][])('%s %s round-trips through a column of its type', async (type, text) => {
    const column = { INT64: 'i64', UINT64: 'u64', DECIMAL: 'dec65', FLOAT64: 'd' }[type as string]!;
    const insert = await executor.execute(TARGET, `insert into t (${column}) values (:v)`, { v: makeSqlValue(type, text) });
    expect(insert.rowsAffected).toBe(1);
    const read = await executor.execute(TARGET, `select ${column} from t where id = :id`, { id: sqlUint64(insert.insertId) });
    const value = read.rows[0]![0]!;
    expect(value.type).toBe(type === 'DECIMAL' ? 'DECIMAL' : type);
    const expected = type === 'DECIMAL' && text === '-0.5' ? '-0.500000000000000000000000000000' : text;
    expect(sqlValueToString(value)).toBe(expected);
  });

  it('NULL binds and reads as NULL', async () => {
    const back = await roundTrip(SQL_NULL);
    expect(back.type).toBe('NULL');
  });

  it('a list bind becomes (v1, ..., vn)', async () => {
    const result = await executor.execute(TARGET, 'select seq from seq_1_to_10 where seq in ::ids order by seq', {
      ids: [sqlInt64(2), sqlInt64(5), sqlInt64(7)],
    });
    expect(result.rows.map((r) => sqlValueToString(r[0]!))).toEqual(['2', '5', '7']);
    expect(result.fields).toEqual([{ name: 'seq', type: 'UINT64' }]);
  });

  it('placeholders inside strings, identifiers and comments stay as written', async () => {
    const result = await executor.execute(TARGET, "select ':a' as `:b`, /* :c */ :d -- :e\n", { d: sqlInt64(1) });
    expect(result.fields.map((f) => f.name)).toEqual([':b', '1']);
    expect(sqlValueToString(result.rows[0]![0]!)).toBe(':a');
  });
});

describe('under NO_BACKSLASH_ESCAPES and ANSI_QUOTES', () => {
  it('every nasty text and byte string still comes back byte-identical', async () => {
    const strict = createShardExecutor(buildTestTopology({ main: { '0': { primary: dbs.urls.main! } } }), {
      pool: { size: 1, queueLimit: 100, acquireTimeoutMs: 5000, idleTimeoutMs: 60_000 },
      limits: { queryTimeoutMs: 0, maxRows: 10_000 },
    });
    try {
      await strict.execute(TARGET, "set session sql_mode = 'NO_BACKSLASH_ESCAPES,ANSI_QUOTES'", {});
      const mode = await strict.execute(TARGET, 'select @@session.sql_mode', {});
      expect(sqlValueToString(mode.rows[0]![0]!)).toContain('NO_BACKSLASH_ESCAPES');
      for (const text of NASTY) {
        const result = await strict.execute(TARGET, 'select :t, :b', { t: sqlVarchar(text), b: sqlVarbinary(text) });
        expect(sqlValueToString(result.rows[0]![0]!)).toBe(text);
        expect([...result.rows[0]![1]!.raw]).toEqual([...new TextEncoder().encode(text)]);
      }
    } finally {
      await strict.close();
    }
  });
});

describe('injection attempts stay literal', () => {
  it.each(["1 OR 1=1", "1; DROP TABLE t", "' OR 1=1 --", "1) OR (1=1"])('INT64 text %s is refused with SG611', async (text) => {
    const error = await executor.execute(TARGET, 'select * from t where id = :id', { id: makeSqlValue('INT64', text) }).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG611')).toBe(true);
    expect((error as Error).message).toContain('main/0');
  });

  it('a text value cannot escape its literal, whatever the sql_mode', async () => {
    const attack = "x' OR '1'='1";
    await executor.execute(TARGET, 'insert into t (vc) values (:v)', { v: sqlVarchar('victim') });
    const result = await executor.execute(TARGET, 'select count(*) from t where vc = :v', { v: sqlVarchar(attack) });
    expect(sqlValueToString(result.rows[0]![0]!)).toBe('0');
  });

  it('a missing bind variable is SG610 naming it and the shard', async () => {
    const error = await executor.execute(TARGET, 'select :missing', {}).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG610')).toBe(true);
    expect((error as Error).message).toContain(':missing');
    expect((error as Error).message).toContain('main/0');
  });
});

describe('result types', () => {
  it('maps column metadata to Vitess types and keeps raw bytes', async () => {
    const insert = await executor.execute(
      TARGET,
      `insert into t (i8, u8, i64, u64, f, d, dec65, vc, vb, ch, bn, tx, bl, dt, da, tm, ts, yr, en, st, js, bt, vbin)
       values (-128, 255, -9223372036854775808, 18446744073709551615, 1.5, 2.25, '1.000000000000000000000000000001',
       'héllo', X'00ff', 'ab', X'01020304', 'text', X'deadbeef', '2024-02-29 12:34:56.123456', '2024-02-29', '-838:59:59',
       '2024-01-01 00:00:00', 2024, 'b', 'x,y', '{"a": [1, 2]}', b'1010101010', 'Bin')`,
      {},
    );
    const read = await executor.execute(
      TARGET,
      'select i8, u8, i64, u64, f, d, dec65, vc, vb, ch, bn, tx, bl, dt, da, tm, ts, yr, en, st, js, bt, vbin, id from t where id = :id',
      { id: sqlUint64(insert.insertId) },
    );
    const types = Object.fromEntries(read.fields.map((f) => [f.name, f.type]));
    expect(types).toEqual({
      i8: 'INT8', u8: 'UINT8', i64: 'INT64', u64: 'UINT64', f: 'FLOAT32', d: 'FLOAT64', dec65: 'DECIMAL', vc: 'VARCHAR',
      vb: 'VARBINARY', ch: 'CHAR', bn: 'BINARY', tx: 'TEXT', bl: 'BLOB', dt: 'DATETIME', da: 'DATE', tm: 'TIME',
      ts: 'TIMESTAMP', yr: 'YEAR', en: 'ENUM', st: 'SET', js: 'JSON', bt: 'BIT', vbin: 'VARCHAR', id: 'INT64',
    });
    const row = read.rows[0]!;
    const text = row.map((v) => sqlValueToString(v));
    expect(text.slice(0, 8)).toEqual(['-128', '255', '-9223372036854775808', '18446744073709551615', '1.5', '2.25', '1.000000000000000000000000000001', 'héllo']);
    expect([...row[8]!.raw]).toEqual([0x00, 0xff]);
    expect([...row[10]!.raw]).toEqual([1, 2, 3, 4]);
    expect(text.slice(13, 21)).toEqual(['2024-02-29 12:34:56.123456', '2024-02-29', '-838:59:59', '2024-01-01 00:00:00', '2024', 'b', 'x,y', '{"a": [1, 2]}']);
    expect([...row[21]!.raw]).toEqual([0b10, 0b10101010]);
  });

  it('returns rowsAffected and a bigint insertId for writes', async () => {
    const insert = await executor.execute(TARGET, 'insert into t (vc) values (:a), (:b)', { a: sqlVarchar('1'), b: sqlVarchar('2') });
    expect(insert.rowsAffected).toBe(2);
    expect(typeof insert.insertId).toBe('bigint');
    expect(insert.insertId > 0n).toBe(true);
    expect(insert.fields).toEqual([]);
    expect(insert.rows).toEqual([]);
  });
});

describe('server errors', () => {
  it('a bad table keeps errno and sqlState and names the shard', async () => {
    const error = await executor.execute(TARGET, 'select * from no_such_table', {}).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG606')).toBe(true);
    const e = error as ServiceError;
    expect(e.code).toBe('NOT_FOUND');
    expect(e.details).toMatchObject({ shard: 'main/0', tablet: 'main/0/primary', errno: 1146, sqlState: '42S02' });
    expect(e.message).toContain('main/0');
  });

  it('a syntax error is INVALID_ARGUMENT and the connection stays usable', async () => {
    const error = await executor.execute(TARGET, 'selec 1', {}).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG605')).toBe(true);
    const ok = await executor.execute(TARGET, 'select 1', {});
    expect(sqlValueToString(ok.rows[0]![0]!)).toBe('1');
  });

  it('a duplicate key is FAILED_PRECONDITION with errno 1062', async () => {
    const error = await executor.execute(TARGET, 'insert into t (id) values (1), (1)', {}).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG607')).toBe(true);
    expect((error as ServiceError).details).toMatchObject({ errno: 1062, sqlState: '23000' });
  });
});
