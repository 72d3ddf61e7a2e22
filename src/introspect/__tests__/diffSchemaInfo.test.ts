import { describe, expect, it } from 'vitest';
import { buildSchemaInfo } from '../buildSchemaInfo.js';
import { describeSchemaDrift, diffSchemaInfo, type SchemaDrift } from '../diffSchemaInfo.js';
import type { CatalogRows, ColumnRow } from '../readCatalog.js';
import { MARIADB, MYSQL, columnRow, foreignKeyRows, indexRows } from './fixtures.js';

const reference = buildSchemaInfo('ks', '-80', MARIADB);
const place = { keyspace: 'ks', shard: '80-', referenceShard: '-80' } as const;

function drift(catalog: CatalogRows): SchemaDrift[] {
  return diffSchemaInfo(reference, '-80', buildSchemaInfo('ks', '80-', catalog), '80-');
}

function withColumn(table: string, name: string, change: (row: ColumnRow) => ColumnRow): CatalogRows {
  return { ...MARIADB, columns: MARIADB.columns.map((c) => (c.table === table && c.name === name ? change(c) : c)) };
}

describe('diffSchemaInfo', () => {
  it('finds nothing between identical schemas, nor between MariaDB and MySQL 8 printing the same schema', () => {
    expect(drift(MARIADB)).toEqual([]);
    expect(drift(MYSQL)).toEqual([]);
  });

  it('reports missing and extra tables in name order', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      tables: [...MARIADB.tables.filter((t) => t.name !== 'p'), { name: 'a_new', type: 'BASE TABLE', comment: '' }],
    };
    expect(drift(catalog)).toEqual([
      { ...place, table: 'a_new', kind: 'extraTable' },
      { ...place, table: 'p', kind: 'missingTable' },
    ]);
  });

  it.each<[string, (row: ColumnRow) => ColumnRow, string, string, string]>([
    ['columnType', (c) => ({ ...c, columnType: 'varchar(30)', maxLength: 30 }), 's', 'varchar(20)', 'varchar(30)'],
    ['nullable', (c) => ({ ...c, nullable: false }), 's', 'NULL', 'NOT NULL'],
    ['default', (c) => ({ ...c, default: "'x'" }), 's', "'it''s, ok'", "'x'"],
    ['default', (c) => ({ ...c, default: 'NULL' }), 's', "'it''s, ok'", 'NULL'],
    ['default', (c) => ({ ...c, default: null, nullable: true }), 'd', "'1.50'", 'no default'],
    ['onUpdate', (c) => ({ ...c, extra: '' }), 'ts', 'current_timestamp(3)', 'none'],
    ['autoIncrement', (c) => ({ ...c, extra: '' }), 'id', 'auto_increment', 'not auto_increment'],
    ['generated', (c) => ({ ...c, extra: 'VIRTUAL GENERATED' }), 'g', 'stored (`id` + 1)', 'virtual (`id` + 1)'],
    ['generated', (c) => ({ ...c, generationExpression: '`id` + 2' }), 'g', 'stored (`id` + 1)', 'stored (`id` + 2)'],
    ['charset', (c) => ({ ...c, charset: 'latin1', collation: 'latin1_swedish_ci' }), 'b', 'utf8mb4', 'latin1'],
    ['comment', (c) => ({ ...c, comment: '' }), 's', '\'a "quoted" comment\'', "''"],
  ])('reports a changed column %s', (property, change, column, expected, actual) => {
    const found = drift(withColumn('t', column, change));
    expect(found[0]).toEqual({ ...place, table: 't', kind: 'columnChanged', column, property, expected, actual });
  });

  it('reports a charset change with its collation change, one line each', () => {
    const found = drift(withColumn('t', 'b', (c) => ({ ...c, charset: 'latin1', collation: 'latin1_swedish_ci' })));
    expect(found.map((d) => (d.kind === 'columnChanged' ? d.property : d.kind))).toEqual(['charset', 'collation']);
  });

  it('reports a MariaDB JSON column that lost its check as a type change', () => {
    expect(drift({ ...MARIADB, checks: [] })).toEqual([
      { ...place, table: 't', kind: 'columnChanged', column: 'j', property: 'columnType', expected: 'json', actual: 'longtext' },
      { ...place, table: 't', kind: 'columnChanged', column: 'j', property: 'charset', expected: 'none', actual: 'utf8mb4' },
      { ...place, table: 't', kind: 'columnChanged', column: 'j', property: 'collation', expected: 'none', actual: 'utf8mb4_bin' },
    ]);
  });

  it('reports missing, extra and reordered columns', () => {
    const t = MARIADB.columns.filter((c) => c.table === 't' && c.name !== 'y');
    const moved = t.map((c) => (c.name === 'ok' ? { ...c, position: 0 } : c));
    const catalog: CatalogRows = {
      ...MARIADB,
      columns: [...MARIADB.columns.filter((c) => c.table !== 't'), ...moved, columnRow('t', 'added', 99, {})],
    };
    expect(drift(catalog)).toEqual([
      { ...place, table: 't', kind: 'missingColumn', column: 'y' },
      { ...place, table: 't', kind: 'extraColumn', column: 'added' },
      {
        ...place,
        table: 't',
        kind: 'tableChanged',
        property: 'columnOrder',
        expected: '(id, s, e, j, ts, g, d, ok, a, b)',
        actual: '(ok, id, s, e, j, ts, g, d, a, b)',
      },
    ]);
  });

  it('reports table type, comment and primary key changes', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      tables: MARIADB.tables.map((t) => (t.name === 't' ? { ...t, comment: 'other' } : t.name === 'p' ? { ...t, type: 'VIEW' } : t)),
      indexes: [...MARIADB.indexes.filter((i) => i.index !== 'PRIMARY'), ...indexRows('t', 'PRIMARY', true, ['id', 's'])],
    };
    expect(drift(catalog)).toEqual([
      { ...place, table: 'p', kind: 'tableChanged', property: 'type', expected: 'BASE TABLE', actual: 'VIEW' },
      { ...place, table: 'p', kind: 'tableChanged', property: 'primaryKey', expected: '(a, b)', actual: 'none' },
      { ...place, table: 't', kind: 'tableChanged', property: 'comment', expected: '\'it\'\'s "t"\'', actual: "'other'" },
      { ...place, table: 't', kind: 'tableChanged', property: 'primaryKey', expected: '(id)', actual: '(id, s)' },
    ]);
  });

  it('reports missing, extra and changed indexes and foreign keys by name', () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      indexes: [
        ...MARIADB.indexes.filter((i) => i.index !== 'ix_s' && i.index !== 'uk'),
        ...indexRows('t', 'uk', false, ['s', 'e']),
        ...indexRows('t', 'ix_new', false, ['d']),
      ],
      foreignKeys: [
        ...foreignKeyRows('t', 'fk_p', ['a', 'b'], { schema: 'db1', table: 'p', columns: ['a', 'b'] }, 'SET NULL', 'RESTRICT'),
        ...foreignKeyRows('t', 'fk_x', ['a'], { schema: 'elsewhere', table: 'p', columns: ['a'] }),
      ],
    };
    expect(drift(catalog)).toEqual([
      { ...place, table: 't', kind: 'extraIndex', index: 'ix_new' },
      { ...place, table: 't', kind: 'missingIndex', index: 'ix_s' },
      { ...place, table: 't', kind: 'indexChanged', index: 'uk', expected: 'unique BTREE (s, e)', actual: 'BTREE (s, e)' },
      {
        ...place,
        table: 't',
        kind: 'foreignKeyChanged',
        foreignKey: 'fk_p',
        expected: '(a, b) references p (a, b) on update SET NULL on delete CASCADE',
        actual: '(a, b) references p (a, b) on update SET NULL on delete RESTRICT',
      },
      { ...place, table: 't', kind: 'extraForeignKey', foreignKey: 'fk_x' },
    ]);
  });

  it('reports an index prefix length change', () => {
    const catalog: CatalogRows = { ...MARIADB, indexes: [...MARIADB.indexes.filter((i) => i.index !== 'ix_s'), ...indexRows('t', 'ix_s', false, ['s(8)'])] };
    expect(drift(catalog)).toEqual([{ ...place, table: 't', kind: 'indexChanged', index: 'ix_s', expected: 'BTREE (s(5))', actual: 'BTREE (s(8))' }]);
  });
});

describe('describeSchemaDrift', () => {
  const at = { ...place, table: 't' };
  it.each<[SchemaDrift, string]>([
    [{ ...at, kind: 'missingTable' }, 'ks/80-: table t: missing (present on ks/-80)'],
    [{ ...at, kind: 'extraTable' }, 'ks/80-: table t: not on ks/-80'],
    [{ ...at, kind: 'tableChanged', property: 'primaryKey', expected: '(id)', actual: 'none' }, 'ks/80-: table t: primaryKey is none, expected (id) as on ks/-80'],
    [{ ...at, kind: 'missingColumn', column: 'c' }, 'ks/80-: table t: column c missing (present on ks/-80)'],
    [{ ...at, kind: 'extraColumn', column: 'c' }, 'ks/80-: table t: column c not on ks/-80'],
    [
      { ...at, kind: 'columnChanged', column: 'c', property: 'columnType', expected: 'int', actual: 'bigint' },
      'ks/80-: table t: column c: columnType is bigint, expected int as on ks/-80',
    ],
    [{ ...at, kind: 'missingIndex', index: 'i' }, 'ks/80-: table t: index i missing (present on ks/-80)'],
    [{ ...at, kind: 'extraIndex', index: 'i' }, 'ks/80-: table t: index i not on ks/-80'],
    [{ ...at, kind: 'indexChanged', index: 'i', expected: 'BTREE (a)', actual: 'BTREE (b)' }, 'ks/80-: table t: index i is BTREE (b), expected BTREE (a) as on ks/-80'],
    [{ ...at, kind: 'missingForeignKey', foreignKey: 'f' }, 'ks/80-: table t: foreign key f missing (present on ks/-80)'],
    [{ ...at, kind: 'extraForeignKey', foreignKey: 'f' }, 'ks/80-: table t: foreign key f not on ks/-80'],
    [{ ...at, kind: 'foreignKeyChanged', foreignKey: 'f', expected: 'x', actual: 'y' }, 'ks/80-: table t: foreign key f is y, expected x as on ks/-80'],
  ])('%j', (d, line) => {
    expect(describeSchemaDrift(d)).toBe(line);
  });
});
