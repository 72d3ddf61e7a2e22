import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { buildSchemaInfo } from '../buildSchemaInfo.js';
import type { CatalogRows, CollationRow } from '../readCatalog.js';
import type { ColumnInfo, TableInfo } from '../schemaInfo.js';
import { MARIADB, MYSQL, columnRow, foreignKeyRows, indexRows } from './fixtures.js';

/** The collation facts of `utf8mb4_general_ci`. */
const GENERAL_CI = { padSpace: true, spaceWeight: '0020', maxWeightsPerChar: 1 } as const;

const EXPECTED_T: TableInfo = {
  name: 't',
  type: 'BASE TABLE',
  comment: 'it\'s "t"',
  columns: [
    {
      name: 'id', dataType: 'bigint', columnType: 'bigint unsigned', type: 'UINT64', unsigned: true, nullable: false,
      default: { kind: 'none' }, autoIncrement: true, comment: '', precision: 20, scale: 0, isBoolean: false,
    },
    {
      name: 's', dataType: 'varchar', columnType: 'varchar(20)', type: 'VARCHAR', unsigned: false, nullable: true,
      default: { kind: 'literal', value: "it's, ok" }, autoIncrement: false, comment: 'a "quoted" comment', maxLength: 20,
      charset: 'utf8mb4', collation: 'utf8mb4_general_ci', ...GENERAL_CI, isBoolean: false,
    },
    {
      name: 'e', dataType: 'enum', columnType: "enum('a,b','it''s')", type: 'ENUM', unsigned: false, nullable: false,
      default: { kind: 'literal', value: 'a,b' }, autoIncrement: false, comment: '', maxLength: 4,
      charset: 'utf8mb4', collation: 'utf8mb4_general_ci', ...GENERAL_CI, enumValues: ['a,b', "it's"], isBoolean: false,
    },
    {
      name: 'j', dataType: 'json', columnType: 'json', type: 'JSON', unsigned: false, nullable: true,
      default: { kind: 'null' }, autoIncrement: false, comment: '', isBoolean: false,
    },
    {
      name: 'ts', dataType: 'timestamp', columnType: 'timestamp(3)', type: 'TIMESTAMP', unsigned: false, nullable: false,
      default: { kind: 'expression', sql: 'current_timestamp(3)' }, onUpdate: 'current_timestamp(3)', autoIncrement: false,
      comment: '', precision: 3, isBoolean: false,
    },
    {
      name: 'g', dataType: 'int', columnType: 'int', type: 'INT32', unsigned: false, nullable: true, default: { kind: 'none' },
      autoIncrement: false, comment: '', precision: 10, scale: 0, isBoolean: false, generated: { kind: 'stored', expression: '`id` + 1' },
    },
    {
      name: 'd', dataType: 'decimal', columnType: 'decimal(10,2)', type: 'DECIMAL', unsigned: false, nullable: true,
      default: { kind: 'literal', value: '1.50' }, autoIncrement: false, comment: '', precision: 10, scale: 2, isBoolean: false,
    },
    {
      name: 'y', dataType: 'year', columnType: 'year', type: 'YEAR', unsigned: false, nullable: true, default: { kind: 'null' },
      autoIncrement: false, comment: '', isBoolean: false,
    },
    {
      name: 'ok', dataType: 'tinyint', columnType: 'tinyint(1)', type: 'INT8', unsigned: false, nullable: false,
      default: { kind: 'literal', value: '1' }, autoIncrement: false, comment: '', precision: 3, scale: 0, isBoolean: true,
    },
    {
      name: 'a', dataType: 'int', columnType: 'int', type: 'INT32', unsigned: false, nullable: true, default: { kind: 'null' },
      autoIncrement: false, comment: '', precision: 10, scale: 0, isBoolean: false,
    },
    {
      name: 'b', dataType: 'varchar', columnType: 'varchar(10)', type: 'VARCHAR', unsigned: false, nullable: true,
      default: { kind: 'null' }, autoIncrement: false, comment: '', maxLength: 10, charset: 'utf8mb4', collation: 'utf8mb4_general_ci',
      ...GENERAL_CI, isBoolean: false,
    },
  ],
  primaryKey: ['id'],
  uniqueKeys: [{ name: 'uk', columns: ['s', 'e'] }],
  indexes: [
    { name: 'fk_p', columns: ['a', 'b'], prefixLengths: [null, null], unique: false, indexType: 'BTREE' },
    { name: 'ix_s', columns: ['s'], prefixLengths: [5], unique: false, indexType: 'BTREE' },
    { name: 'uk', columns: ['s', 'e'], prefixLengths: [null, null], unique: true, indexType: 'BTREE' },
  ],
  foreignKeys: [
    { name: 'fk_p', columns: ['a', 'b'], referencedTable: 'p', referencedColumns: ['a', 'b'], onUpdate: 'SET NULL', onDelete: 'CASCADE' },
  ],
};

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('buildSchemaInfo', () => {
  it('builds the model from MariaDB rows', () => {
    const schema = buildSchemaInfo('ks', '-80', MARIADB);
    expect(schema.keyspace).toBe('ks');
    expect([...schema.tables.keys()]).toEqual(['p', 't', 'v']);
    expect(schema.tables.get('t')).toEqual(EXPECTED_T);
  });

  it('builds the same model from MySQL 8 rows', () => {
    expect(buildSchemaInfo('ks', '-80', MYSQL)).toEqual(buildSchemaInfo('ks', '-80', MARIADB));
  });

  it('gives views no comment and no keys, and parents their composite primary key', () => {
    const schema = buildSchemaInfo('ks', '-80', MARIADB);
    expect(schema.tables.get('v')).toMatchObject({ type: 'VIEW', comment: '', primaryKey: [], indexes: [], foreignKeys: [] });
    expect(schema.tables.get('p')).toMatchObject({ primaryKey: ['a', 'b'], uniqueKeys: [], indexes: [] });
  });

  it('freezes the model', () => {
    const t = buildSchemaInfo('ks', '-80', MARIADB).tables.get('t')!;
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.columns)).toBe(true);
    expect(Object.isFrozen(t.columns[0])).toBe(true);
    expect(Object.isFrozen(t.columns[0]!.default)).toBe(true);
    expect(Object.isFrozen(t.indexes[0]!.columns)).toBe(true);
    expect(Object.isFrozen(t.foreignKeys[0])).toBe(true);
  });

  it('makes a MariaDB LONGTEXT JSON only with its json_valid check, and never on MySQL', () => {
    const checks = (clause: string): CatalogRows => ({ ...MARIADB, checks: [{ table: 't', name: 'c', clause }] });
    const typeOfJ = (catalog: CatalogRows): string | undefined => buildSchemaInfo('ks', '0', catalog).tables.get('t')!.columns.find((c) => c.name === 'j')?.type;
    expect(typeOfJ(checks('json_valid(`j`)'))).toBe('JSON');
    expect(typeOfJ(checks('JSON_VALID( `j` )'))).toBe('JSON');
    expect(typeOfJ(checks('json_valid(`s`)'))).toBe('TEXT');
    expect(typeOfJ(checks('json_valid(`j`) and 1'))).toBe('TEXT');
    expect(typeOfJ({ ...MARIADB, checks: [] })).toBe('TEXT');
    expect(typeOfJ({ ...checks('json_valid(`j`)'), flavor: 'mysql' })).toBe('TEXT');
  });

  it('reads a JSON check on a column whose name has a backquote', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      tables: [{ name: 'q', type: 'BASE TABLE', comment: '' }],
      columns: [columnRow('q', 'a`b', 1, { dataType: 'longtext', columnType: 'longtext', default: 'NULL' })],
      checks: [{ table: 'q', name: 'a`b', clause: 'json_valid(`a``b`)' }],
    };
    expect(buildSchemaInfo('ks', '0', catalog).tables.get('q')!.columns[0]).toMatchObject({ dataType: 'json', type: 'JSON' });
  });

  it('counts system-versioned tables as base tables and leaves out sequences and other types', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      tables: [
        { name: 'hist', type: 'SYSTEM VERSIONED', comment: null },
        { name: 'seq', type: 'SEQUENCE', comment: '' },
        { name: 'tmp', type: 'TEMPORARY', comment: '' },
      ],
    };
    const schema = buildSchemaInfo('ks', '0', catalog);
    expect([...schema.tables.keys()]).toEqual(['hist']);
    expect(schema.tables.get('hist')).toMatchObject({ type: 'BASE TABLE', comment: '', columns: [] });
  });

  it('orders columns and key parts by position whatever the row order', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      columns: [...MARIADB.columns].reverse(),
      indexes: [...MARIADB.indexes].reverse(),
      foreignKeys: [...MARIADB.foreignKeys].reverse(),
    };
    expect(buildSchemaInfo('ks', '0', catalog)).toEqual(buildSchemaInfo('ks', '0', MARIADB));
  });

  it('leaves out indexes with an expression part and keeps index types', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      indexes: [
        ...indexRows('t', 'fn', false, ['s']).map((r) => ({ ...r, column: null })),
        ...indexRows('t', 'ft', false, ['s'], 'FULLTEXT'),
      ],
    };
    expect(buildSchemaInfo('ks', '0', catalog).tables.get('t')!.indexes).toEqual([
      { name: 'ft', columns: ['s'], prefixLengths: [null], unique: false, indexType: 'FULLTEXT' },
    ]);
  });

  it('marks a cross-database foreign key with the referenced schema', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      foreignKeys: foreignKeyRows('t', 'fk_x', ['a'], { schema: 'other', table: 'p', columns: ['a'] }, 'NO ACTION', 'SET DEFAULT'),
    };
    expect(buildSchemaInfo('ks', '0', catalog).tables.get('t')!.foreignKeys).toEqual([
      { name: 'fk_x', columns: ['a'], referencedSchema: 'other', referencedTable: 'p', referencedColumns: ['a'], onUpdate: 'NO ACTION', onDelete: 'SET DEFAULT' },
    ]);
  });

  it('ignores rows of tables it was not told about', () => {
    const catalog: CatalogRows = { ...MARIADB, tables: [{ name: 'p', type: 'BASE TABLE', comment: '' }] };
    expect([...buildSchemaInfo('ks', '0', catalog).tables.keys()]).toEqual(['p']);
  });

  it('throws SG851 naming keyspace, shard, table and column for a type without a Vitess type', () => {
    const catalog: CatalogRows = { ...MARIADB, columns: [columnRow('t', 'emb', 1, { dataType: 'vector', columnType: 'vector(3)' })] };
    const error = catchError(() => buildSchemaInfo('ks', '80-', catalog));
    expect(isServiceError(error, 'SG851')).toBe(true);
    expect((error as Error).message).toBe('ks/80-: table t column emb: type vector(3) is not supported');
  });

  it('throws SG852 for unreadable ENUM members and for an unknown foreign key rule', () => {
    const badEnum: CatalogRows = { ...MARIADB, columns: [columnRow('t', 'e', 1, { dataType: 'enum', columnType: "enum('a" })] };
    expect(isServiceError(catchError(() => buildSchemaInfo('ks', '0', badEnum)), 'SG852')).toBe(true);
    const badRule: CatalogRows = {
      ...MARIADB,
      foreignKeys: foreignKeyRows('t', 'fk', ['a'], { schema: 'db1', table: 'p', columns: ['a'] }, 'EXPLODE'),
    };
    const error = catchError(() => buildSchemaInfo('ks', '0', badRule));
    expect(isServiceError(error, 'SG852')).toBe(true);
    expect((error as Error).message).toBe('ks/0: table t: foreign key fk has an unknown rule "EXPLODE"');
  });

  // Rows as MariaDB 10.11 answers the collation probe (MySQL 8's utf8mb4_0900_ai_ci has SORTLEN 0).
  it.each<[string, CollationRow | undefined, Pick<ColumnInfo, 'padSpace' | 'spaceWeight' | 'maxWeightsPerChar'>]>([
    [
      'PAD SPACE, single-level: the space weight',
      { collation: 'c', padSpace: true, spaceWeight: '020a', weightOfA: '120f', weightOfAPadded: '120f020a020a', sortLength: 8 },
      { padSpace: true, spaceWeight: '020a', maxWeightsPerChar: 8 },
    ],
    [
      'PAD SPACE, multi-level (utf8mb4_thai_520_w2): no space weight',
      { collation: 'c', padSpace: true, spaceWeight: '020a0020', weightOfA: '120f0020', weightOfAPadded: '120f020a00200020', sortLength: 4 },
      { padSpace: true, maxWeightsPerChar: 4 },
    ],
    [
      'NO PAD (utf8mb4_general_nopad_ci): no space weight',
      { collation: 'c', padSpace: false, spaceWeight: '0020', weightOfA: '0041', weightOfAPadded: '004100000000', sortLength: 1 },
      { padSpace: false, maxWeightsPerChar: 1 },
    ],
    [
      'NO PAD, padded like spaces all the same (MySQL 8 0900, SORTLEN 0)',
      { collation: 'c', padSpace: false, spaceWeight: '0209', weightOfA: '1c47', weightOfAPadded: '1c4702090209', sortLength: 0 },
      { padSpace: false },
    ],
    [
      'an empty space weight (a space that weighs nothing) and an unknown SORTLEN',
      { collation: 'c', padSpace: true, spaceWeight: '', weightOfA: '41', weightOfAPadded: '41', sortLength: null },
      { padSpace: true },
    ],
    ['no probe row (a collation name the probe would not write into SQL)', undefined, {}],
  ])('collation facts: %s', (_name, row, want) => {
    const catalog: CatalogRows = {
      ...MARIADB,
      columns: [columnRow('t', 'x', 1, { dataType: 'varchar', columnType: 'varchar(5)', maxLength: 5, charset: 'utf8mb4', collation: 'c' })],
      collations: row === undefined ? [] : [row],
    };
    const x = buildSchemaInfo('ks', '0', catalog).tables.get('t')!.columns[0]!;
    expect({ padSpace: x.padSpace, spaceWeight: x.spaceWeight, maxWeightsPerChar: x.maxWeightsPerChar }).toEqual({
      padSpace: undefined,
      spaceWeight: undefined,
      maxWeightsPerChar: undefined,
      ...want,
    });
    expect(x.collation).toBe('c');
  });

  it('gives no collation facts to a column without a collation, nor to MariaDB JSON', () => {
    const columns = buildSchemaInfo('ks', '0', MARIADB).tables.get('t')!.columns;
    for (const name of ['id', 'j']) expect(columns.find((c) => c.name === name)).not.toHaveProperty('padSpace');
  });

  it('builds an empty schema from an empty database', () => {
    const schema = buildSchemaInfo('ks', '0', { ...MARIADB, tables: [], columns: [], indexes: [], foreignKeys: [], checks: [] });
    expect(schema.tables.size).toBe(0);
  });
});
