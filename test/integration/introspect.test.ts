// Integration test of src/introspect against the shared MariaDB (test/helpers/mariadb.ts): a
// schema with every column type, comments with quotes, composite keys, unique keys, indexes,
// foreign keys with actions (one to another database), an ENUM whose members hold a comma, a
// quote and a backslash, JSON, generated columns, a view, and text in PAD SPACE, NO PAD and
// multi-level collations, in two shard databases; the model is compared with the expected one,
// then one shard is altered and the drift report checked.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError, type ServiceError } from '../../src/errors/serviceError.js';
import { assertNoDrift, introspectKeyspace } from '../../src/introspect/introspectKeyspace.js';
import type { ColumnInfo, TableInfo } from '../../src/introspect/schemaInfo.js';
import { createShardExecutor, type MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import type { ColumnInfo as PlannerColumnInfo } from '../../src/sharding/planner/planQuery.js';
import { buildTestTopology, createTestDatabases, runInDatabase, type TestDatabases } from '../helpers/mariadb.js';

const SHARDS = ['-80', '80-'] as const;

const SCHEMA = [
  `CREATE TABLE parent (
    a INT NOT NULL,
    b VARCHAR(10) NOT NULL,
    label VARCHAR(20) NOT NULL DEFAULT '',
    PRIMARY KEY (a, b)
  ) COMMENT 'parent''s "table"'`,
  `CREATE TABLE everything (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'the id',
    i8 TINYINT NOT NULL DEFAULT -128,
    u8 TINYINT UNSIGNED,
    flag TINYINT(1) NOT NULL DEFAULT 1,
    i16 SMALLINT,
    u16 SMALLINT UNSIGNED,
    i24 MEDIUMINT,
    u24 MEDIUMINT UNSIGNED,
    i32 INT DEFAULT 0,
    u32 INT UNSIGNED ZEROFILL,
    i64 BIGINT DEFAULT -9223372036854775808,
    u64 BIGINT UNSIGNED DEFAULT 18446744073709551615,
    f FLOAT,
    d DOUBLE DEFAULT 1.5,
    amount DECIMAL(10,2) DEFAULT 1.5,
    ch CHAR(3) CHARACTER SET latin1 COLLATE latin1_bin,
    vc VARCHAR(20) DEFAULT 'it''s, "ok"\\n',
    tt TINYTEXT,
    tx TEXT,
    mt MEDIUMTEXT,
    lt LONGTEXT,
    bn BINARY(4) DEFAULT 'ab',
    vb VARBINARY(8),
    tb TINYBLOB,
    bl BLOB,
    mb MEDIUMBLOB,
    lb LONGBLOB,
    bt BIT(3) DEFAULT b'101',
    da DATE DEFAULT '2020-01-01',
    tm TIME(3),
    dt DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    yr YEAR,
    en ENUM('a,b', 'it''s', 'x\\\\y', '') NOT NULL DEFAULT 'a,b' COMMENT 'enum with ''quotes''',
    st SET('p', 'q') DEFAULT 'p,q',
    js JSON,
    pt POINT,
    uid UUID DEFAULT uuid(),
    twice DECIMAL(12,2) AS (amount * 2) STORED,
    half INT AS (i32 DIV 2) VIRTUAL,
    pa INT,
    pb VARCHAR(10),
    country CHAR(2),
    PRIMARY KEY (id),
    UNIQUE KEY uk_vc_en (vc, en),
    UNIQUE KEY uk_u64 (u64),
    KEY ix_da (da),
    KEY ix_prefix (tx(10)),
    CONSTRAINT fk_parent FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE CASCADE ON UPDATE SET NULL,
    CONSTRAINT fk_country FOREIGN KEY (country) REFERENCES \`{ext}\`.country (code)
  ) COMMENT 'every type'`,
  `CREATE TABLE link (
    x BIGINT UNSIGNED NOT NULL,
    y INT NOT NULL,
    note VARCHAR(10),
    PRIMARY KEY (x, y),
    CONSTRAINT fk_link FOREIGN KEY (x) REFERENCES everything (id) ON DELETE RESTRICT
  )`,
  'CREATE VIEW everything_view AS SELECT id, vc FROM everything',
  `CREATE TABLE collated (
    id INT NOT NULL PRIMARY KEY,
    nopad VARCHAR(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_nopad_ci,
    uca TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci,
    thai VARCHAR(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_thai_520_w2,
    german CHAR(4) CHARACTER SET latin1 COLLATE latin1_german2_ci
  )`,
];

const BASE = { unsigned: false, nullable: true, default: { kind: 'null' }, autoIncrement: false, comment: '', isBoolean: false } as const;
// utf8mb4_general_ci is PAD SPACE with one 2-byte weight per character: a space weighs 0020.
const UTF8 = { charset: 'utf8mb4', collation: 'utf8mb4_general_ci', padSpace: true, spaceWeight: '0020', maxWeightsPerChar: 1 } as const;

/** An expected column: the BASE fields, then `rest`. */
function column(name: string, dataType: string, columnType: string, type: ColumnInfo['type'], rest: Partial<ColumnInfo> = {}): ColumnInfo {
  return { name, dataType, columnType, type, ...BASE, ...rest };
}

const int = (precision: number, unsigned = false): Partial<ColumnInfo> => ({ precision, scale: 0, unsigned });
const text = (maxLength: number): Partial<ColumnInfo> => ({ maxLength, ...UTF8 });

function expectedEverything(extDatabase: string): TableInfo {
  return {
    name: 'everything',
    type: 'BASE TABLE',
    comment: 'every type',
    columns: [
      column('id', 'bigint', 'bigint unsigned', 'UINT64', { ...int(20, true), nullable: false, default: { kind: 'none' }, autoIncrement: true, comment: 'the id' }),
      column('i8', 'tinyint', 'tinyint', 'INT8', { ...int(3), nullable: false, default: { kind: 'literal', value: '-128' } }),
      column('u8', 'tinyint', 'tinyint unsigned', 'UINT8', int(3, true)),
      column('flag', 'tinyint', 'tinyint(1)', 'INT8', { ...int(3), nullable: false, default: { kind: 'literal', value: '1' }, isBoolean: true }),
      column('i16', 'smallint', 'smallint', 'INT16', int(5)),
      column('u16', 'smallint', 'smallint unsigned', 'UINT16', int(5, true)),
      column('i24', 'mediumint', 'mediumint', 'INT24', int(7)),
      column('u24', 'mediumint', 'mediumint unsigned', 'UINT24', int(8, true)),
      column('i32', 'int', 'int', 'INT32', { ...int(10), default: { kind: 'literal', value: '0' } }),
      column('u32', 'int', 'int(10) unsigned zerofill', 'UINT32', int(10, true)),
      column('i64', 'bigint', 'bigint', 'INT64', { ...int(19), default: { kind: 'literal', value: '-9223372036854775808' } }),
      column('u64', 'bigint', 'bigint unsigned', 'UINT64', { ...int(20, true), default: { kind: 'literal', value: '18446744073709551615' } }),
      column('f', 'float', 'float', 'FLOAT32', { precision: 12 }),
      column('d', 'double', 'double', 'FLOAT64', { precision: 22, default: { kind: 'literal', value: '1.5' } }),
      column('amount', 'decimal', 'decimal(10,2)', 'DECIMAL', { precision: 10, scale: 2, default: { kind: 'literal', value: '1.50' } }),
      column('ch', 'char', 'char(3)', 'CHAR', { maxLength: 3, charset: 'latin1', collation: 'latin1_bin', padSpace: true, spaceWeight: '20', maxWeightsPerChar: 1 }),
      column('vc', 'varchar', 'varchar(20)', 'VARCHAR', { ...text(20), default: { kind: 'literal', value: 'it\'s, "ok"\n' } }),
      column('tt', 'tinytext', 'tinytext', 'TEXT', text(255)),
      column('tx', 'text', 'text', 'TEXT', text(65535)),
      column('mt', 'mediumtext', 'mediumtext', 'TEXT', text(16777215)),
      column('lt', 'longtext', 'longtext', 'TEXT', text(4294967295)),
      column('bn', 'binary', 'binary(4)', 'BINARY', { maxLength: 4, default: { kind: 'literal', value: 'ab\0\0' } }),
      column('vb', 'varbinary', 'varbinary(8)', 'VARBINARY', { maxLength: 8 }),
      column('tb', 'tinyblob', 'tinyblob', 'BLOB', { maxLength: 255 }),
      column('bl', 'blob', 'blob', 'BLOB', { maxLength: 65535 }),
      column('mb', 'mediumblob', 'mediumblob', 'BLOB', { maxLength: 16777215 }),
      column('lb', 'longblob', 'longblob', 'BLOB', { maxLength: 4294967295 }),
      column('bt', 'bit', 'bit(3)', 'BIT', { precision: 3, default: { kind: 'literal', value: "b'101'" } }),
      column('da', 'date', 'date', 'DATE', { default: { kind: 'literal', value: '2020-01-01' } }),
      column('tm', 'time', 'time(3)', 'TIME', { precision: 3 }),
      column('dt', 'datetime', 'datetime(6)', 'DATETIME', {
        precision: 6,
        default: { kind: 'expression', sql: 'current_timestamp(6)' },
        onUpdate: 'current_timestamp(6)',
      }),
      column('ts', 'timestamp', 'timestamp', 'TIMESTAMP', { precision: 0, nullable: false, default: { kind: 'expression', sql: 'current_timestamp()' } }),
      column('yr', 'year', 'year', 'YEAR'),
      column('en', 'enum', "enum('a,b','it''s','x\\\\y','')", 'ENUM', {
        ...text(4),
        nullable: false,
        default: { kind: 'literal', value: 'a,b' },
        comment: "enum with 'quotes'",
        enumValues: ['a,b', "it's", 'x\\y', ''],
      }),
      column('st', 'set', "set('p','q')", 'SET', { ...text(3), default: { kind: 'literal', value: 'p,q' }, enumValues: ['p', 'q'] }),
      column('js', 'json', 'json', 'JSON'),
      column('pt', 'point', 'point', 'GEOMETRY'),
      column('uid', 'uuid', 'uuid', 'CHAR', { default: { kind: 'expression', sql: 'uuid()' } }),
      column('twice', 'decimal', 'decimal(12,2)', 'DECIMAL', {
        precision: 12,
        scale: 2,
        default: { kind: 'none' },
        generated: { kind: 'stored', expression: '`amount` * 2' },
      }),
      column('half', 'int', 'int', 'INT32', { ...int(10), default: { kind: 'none' }, generated: { kind: 'virtual', expression: '`i32` DIV 2' } }),
      column('pa', 'int', 'int', 'INT32', int(10)),
      column('pb', 'varchar', 'varchar(10)', 'VARCHAR', text(10)),
      column('country', 'char', 'char(2)', 'CHAR', text(2)),
    ],
    primaryKey: ['id'],
    uniqueKeys: [
      { name: 'uk_u64', columns: ['u64'] },
      { name: 'uk_vc_en', columns: ['vc', 'en'] },
    ],
    indexes: [
      { name: 'fk_country', columns: ['country'], prefixLengths: [null], unique: false, indexType: 'BTREE' },
      { name: 'fk_parent', columns: ['pa', 'pb'], prefixLengths: [null, null], unique: false, indexType: 'BTREE' },
      { name: 'ix_da', columns: ['da'], prefixLengths: [null], unique: false, indexType: 'BTREE' },
      { name: 'ix_prefix', columns: ['tx'], prefixLengths: [10], unique: false, indexType: 'BTREE' },
      { name: 'uk_u64', columns: ['u64'], prefixLengths: [null], unique: true, indexType: 'BTREE' },
      { name: 'uk_vc_en', columns: ['vc', 'en'], prefixLengths: [null, null], unique: true, indexType: 'BTREE' },
    ],
    foreignKeys: [
      {
        name: 'fk_country',
        columns: ['country'],
        referencedSchema: extDatabase,
        referencedTable: 'country',
        referencedColumns: ['code'],
        onUpdate: 'RESTRICT',
        onDelete: 'RESTRICT',
      },
      { name: 'fk_parent', columns: ['pa', 'pb'], referencedTable: 'parent', referencedColumns: ['a', 'b'], onUpdate: 'SET NULL', onDelete: 'CASCADE' },
    ],
  };
}

const EXPECTED_OTHERS: readonly TableInfo[] = [
  {
    name: 'everything_view',
    type: 'VIEW',
    comment: '',
    // MariaDB reports a view column's default from the column it selects (and 0 for a NOT NULL integer).
    columns: [
      column('id', 'bigint', 'bigint unsigned', 'UINT64', { ...int(20, true), nullable: false, default: { kind: 'literal', value: '0' }, comment: 'the id' }),
      column('vc', 'varchar', 'varchar(20)', 'VARCHAR', { ...text(20), default: { kind: 'literal', value: 'it\'s, "ok"\n' } }),
    ],
    primaryKey: [],
    uniqueKeys: [],
    indexes: [],
    foreignKeys: [],
  },
  {
    name: 'link',
    type: 'BASE TABLE',
    comment: '',
    columns: [
      column('x', 'bigint', 'bigint unsigned', 'UINT64', { ...int(20, true), nullable: false, default: { kind: 'none' } }),
      column('y', 'int', 'int', 'INT32', { ...int(10), nullable: false, default: { kind: 'none' } }),
      column('note', 'varchar', 'varchar(10)', 'VARCHAR', text(10)),
    ],
    primaryKey: ['x', 'y'],
    uniqueKeys: [],
    // The primary key (x, y) serves fk_link, so InnoDB adds no index for it.
    indexes: [],
    foreignKeys: [{ name: 'fk_link', columns: ['x'], referencedTable: 'everything', referencedColumns: ['id'], onUpdate: 'RESTRICT', onDelete: 'RESTRICT' }],
  },
  {
    name: 'parent',
    type: 'BASE TABLE',
    comment: 'parent\'s "table"',
    columns: [
      column('a', 'int', 'int', 'INT32', { ...int(10), nullable: false, default: { kind: 'none' } }),
      column('b', 'varchar', 'varchar(10)', 'VARCHAR', { ...text(10), nullable: false, default: { kind: 'none' } }),
      column('label', 'varchar', 'varchar(20)', 'VARCHAR', { ...text(20), nullable: false, default: { kind: 'literal', value: '' } }),
    ],
    primaryKey: ['a', 'b'],
    uniqueKeys: [],
    indexes: [],
    foreignKeys: [],
  },
];

let dbs: TestDatabases;
let executor: MysqlShardExecutor;

/** An executor over the two shard databases of keyspace `ks`. */
function openExecutor(): MysqlShardExecutor {
  return createShardExecutor(buildTestTopology({ ks: { '-80': { primary: dbs.urls.s1! }, '80-': { primary: dbs.urls.s2! } } }), {
    pool: { size: 4, queueLimit: 100, acquireTimeoutMs: 5000, idleTimeoutMs: 60_000 },
    limits: { queryTimeoutMs: 10_000, maxRows: 10_000 },
  });
}

beforeAll(async () => {
  dbs = await createTestDatabases(['s1', 's2', 'ext']);
  await runInDatabase(dbs.names.ext!, ['CREATE TABLE country (code CHAR(2) PRIMARY KEY)']);
  const statements = SCHEMA.map((sql) => sql.replace('{ext}', dbs.names.ext!));
  await runInDatabase(dbs.names.s1!, statements);
  await runInDatabase(dbs.names.s2!, statements);
  executor = openExecutor();
});

afterAll(async () => {
  await executor?.close();
  await dbs?.drop();
});

describe('introspectKeyspace on MariaDB', () => {
  it('reads the expected model from identical shards, without drift', async () => {
    const { schema, drift } = await introspectKeyspace(executor, 'ks', SHARDS);
    expect(drift).toEqual([]);
    expect(schema.keyspace).toBe('ks');
    expect([...schema.tables.keys()]).toEqual(['collated', 'everything', 'everything_view', 'link', 'parent']);
    expect(schema.tables.get('everything')).toEqual(expectedEverything(dbs.names.ext!));
    expect([schema.tables.get('everything_view'), schema.tables.get('link'), schema.tables.get('parent')]).toEqual(EXPECTED_OTHERS);
  });

  it('asks the server how each collation pads and weighs text', async () => {
    const { schema } = await introspectKeyspace(executor, 'ks', SHARDS, { tables: ['collated'] });
    const facts = schema.tables.get('collated')!.columns.map(({ name, maxLength, collation, padSpace, spaceWeight, maxWeightsPerChar }) => ({
      name,
      maxLength,
      collation,
      padSpace,
      spaceWeight,
      maxWeightsPerChar,
    }));
    const none = { maxLength: undefined, collation: undefined, padSpace: undefined, spaceWeight: undefined, maxWeightsPerChar: undefined };
    expect(facts).toEqual([
      { ...none, name: 'id' },
      // NO PAD: trailing spaces count, weight strings compare as they are.
      { ...none, name: 'nopad', maxLength: 5, collation: 'utf8mb4_general_nopad_ci', padSpace: false, maxWeightsPerChar: 1 },
      // UCA 5.2.0: a space weighs 020A, a character up to 8 weights (U+FDFA expands to 8).
      { ...none, name: 'uca', maxLength: 65535, collation: 'utf8mb4_unicode_520_ci', padSpace: true, spaceWeight: '020a', maxWeightsPerChar: 8 },
      // Two levels: AS CHAR(n) pads each level, so no single space weight pads it.
      { ...none, name: 'thai', maxLength: 5, collation: 'utf8mb4_thai_520_w2', padSpace: true, maxWeightsPerChar: 4 },
      // German phone book order: ä weighs as ae, two weights.
      { ...none, name: 'german', maxLength: 4, collation: 'latin1_german2_ci', padSpace: true, spaceWeight: '20', maxWeightsPerChar: 2 },
    ]);
  });

  it('gives columns the planner can take as they are', async () => {
    const { schema } = await introspectKeyspace(executor, 'ks', SHARDS);
    const forPlanner: readonly PlannerColumnInfo[] = schema.tables.get('everything')!.columns;
    expect(forPlanner.filter((c) => c.type === 'VARCHAR').map((c) => c.name)).toEqual(['vc', 'pb']);
  });

  it('reads only the tables asked for', async () => {
    const { schema } = await introspectKeyspace(executor, 'ks', SHARDS, { tables: ['parent', 'link', 'absent'] });
    expect([...schema.tables.keys()]).toEqual(['link', 'parent']);
    expect(schema.tables.get('link')).toEqual(EXPECTED_OTHERS[1]);
  });

  it('reports the exact drift after one shard is altered, and assertNoDrift refuses it', async () => {
    await runInDatabase(dbs.names.s2!, [
      `ALTER TABLE everything ADD COLUMN extra INT, MODIFY vc VARCHAR(30) DEFAULT 'it''s, "ok"\\n', DROP INDEX ix_da`,
      'DROP TABLE link',
    ]);
    const { schema, drift } = await introspectKeyspace(executor, 'ks', SHARDS);
    expect(schema.tables.get('everything')).toEqual(expectedEverything(dbs.names.ext!));
    const at = { keyspace: 'ks', shard: '80-', referenceShard: '-80' };
    expect(drift).toEqual([
      { ...at, table: 'everything', kind: 'columnChanged', column: 'vc', property: 'columnType', expected: 'varchar(20)', actual: 'varchar(30)' },
      { ...at, table: 'everything', kind: 'extraColumn', column: 'extra' },
      { ...at, table: 'everything', kind: 'missingIndex', index: 'ix_da' },
      { ...at, table: 'everything_view', kind: 'columnChanged', column: 'vc', property: 'columnType', expected: 'varchar(20)', actual: 'varchar(30)' },
      { ...at, table: 'link', kind: 'missingTable' },
    ]);

    let error: unknown;
    try {
      assertNoDrift(drift);
    } catch (e) {
      error = e;
    }
    expect(isServiceError(error, 'SG850')).toBe(true);
    expect((error as ServiceError).message).toBe(
      [
        'schema drift between the shards of ks: 5 differences',
        'ks/80-: table everything: column vc: columnType is varchar(30), expected varchar(20) as on ks/-80',
        'ks/80-: table everything: column extra not on ks/-80',
        'ks/80-: table everything: index ix_da missing (present on ks/-80)',
        'ks/80-: table everything_view: column vc: columnType is varchar(30), expected varchar(20) as on ks/-80',
        'ks/80-: table link: missing (present on ks/-80)',
      ].join('\n'),
    );
  });

  it('fails naming the shard when a shard database is gone', async () => {
    await runInDatabase(dbs.names.s1!, [`DROP DATABASE \`${dbs.names.s2!}\``]);
    // A fresh executor: its connections to the dropped database fail at connect time.
    const fresh = openExecutor();
    try {
      const error = await introspectKeyspace(fresh, 'ks', SHARDS).catch((e: unknown) => e);
      expect(isServiceError(error)).toBe(true);
      expect((error as ServiceError).details.shard).toBe('ks/80-');
    } finally {
      await fresh.close();
    }
  });
});
