// Raw catalog rows for the introspect unit tests: one table `t` as MariaDB 10.11 and as
// MySQL 8 print it (the MySQL rows follow the MySQL 8.0 reference manual), and row builders.
// Collation rows are what MariaDB 10.11 answers to the collation probe.

import type { CatalogRows, CollationRow, ColumnRow, ForeignKeyRow, IndexRow } from '../readCatalog.js';

/** A COLUMNS row with nothing set but what is given. */
export function columnRow(table: string, name: string, position: number, fields: Partial<ColumnRow>): ColumnRow {
  return {
    table,
    name,
    position,
    dataType: 'int',
    columnType: 'int(11)',
    nullable: true,
    default: null,
    extra: '',
    maxLength: null,
    numericPrecision: null,
    numericScale: null,
    datetimePrecision: null,
    charset: null,
    collation: null,
    comment: '',
    generationExpression: null,
    ...fields,
  };
}

/** STATISTICS rows of one index, one per column (`col(10)` gives a prefix length). */
export function indexRows(table: string, index: string, unique: boolean, columns: readonly string[], indexType = 'BTREE'): IndexRow[] {
  return columns.map((spec, i) => {
    const prefix = /^(.*)\((\d+)\)$/.exec(spec);
    return {
      table,
      index,
      unique,
      position: i + 1,
      column: prefix === null ? spec : prefix[1]!,
      subPart: prefix === null ? null : Number(prefix[2]),
      indexType,
    };
  });
}

/** KEY_COLUMN_USAGE rows of one foreign key. */
export function foreignKeyRows(
  table: string,
  name: string,
  columns: readonly string[],
  referenced: { schema: string; table: string; columns: readonly string[] },
  updateRule = 'RESTRICT',
  deleteRule = 'RESTRICT',
): ForeignKeyRow[] {
  return columns.map((column, i) => ({
    table,
    name,
    position: i + 1,
    column,
    referencedSchema: referenced.schema,
    referencedTable: referenced.table,
    referencedColumn: referenced.columns[i]!,
    updateRule,
    deleteRule,
  }));
}

const utf8 = { charset: 'utf8mb4', collation: 'utf8mb4_general_ci' } as const;

/** The collation probe's rows for `utf8mb4_bin` and `utf8mb4_general_ci` (MariaDB 10.11). */
export const UTF8MB4_COLLATIONS: readonly CollationRow[] = [
  { collation: 'utf8mb4_bin', padSpace: true, spaceWeight: '000020', weightOfA: '000061', weightOfAPadded: '000061000020000020', sortLength: 1 },
  { collation: 'utf8mb4_general_ci', padSpace: true, spaceWeight: '0020', weightOfA: '0041', weightOfAPadded: '004100200020', sortLength: 1 },
];

/** Index and foreign key rows of `t` and `p`, identical on both servers. */
const KEYS = {
  indexes: [
    ...indexRows('p', 'PRIMARY', true, ['a', 'b']),
    ...indexRows('t', 'PRIMARY', true, ['id']),
    ...indexRows('t', 'uk', true, ['s', 'e']),
    ...indexRows('t', 'ix_s', false, ['s(5)']),
    ...indexRows('t', 'fk_p', false, ['a', 'b']),
  ],
  foreignKeys: foreignKeyRows('t', 'fk_p', ['a', 'b'], { schema: 'db1', table: 'p', columns: ['a', 'b'] }, 'SET NULL', 'CASCADE'),
};

/** Table `t` (and its parent `p`, and view `v`) as MariaDB 10.11 prints it. */
export const MARIADB: CatalogRows = {
  flavor: 'mariadb',
  database: 'db1',
  tables: [
    { name: 't', type: 'BASE TABLE', comment: 'it\'s "t"' },
    { name: 'p', type: 'BASE TABLE', comment: '' },
    { name: 'v', type: 'VIEW', comment: 'VIEW' },
  ],
  columns: [
    columnRow('t', 'id', 1, { dataType: 'bigint', columnType: 'bigint(20) unsigned', nullable: false, extra: 'auto_increment', numericPrecision: 20, numericScale: 0 }),
    columnRow('t', 's', 2, { dataType: 'varchar', columnType: 'varchar(20)', default: "'it''s, ok'", maxLength: 20, ...utf8, comment: 'a "quoted" comment' }),
    columnRow('t', 'e', 3, { dataType: 'enum', columnType: "enum('a,b','it''s')", nullable: false, default: "'a,b'", maxLength: 4, ...utf8 }),
    columnRow('t', 'j', 4, { dataType: 'longtext', columnType: 'longtext', default: 'NULL', maxLength: 4294967295, charset: 'utf8mb4', collation: 'utf8mb4_bin' }),
    columnRow('t', 'ts', 5, { dataType: 'timestamp', columnType: 'timestamp(3)', nullable: false, default: 'current_timestamp(3)', extra: 'on update current_timestamp(3)', datetimePrecision: 3 }),
    columnRow('t', 'g', 6, { dataType: 'int', columnType: 'int(11)', default: 'NULL', extra: 'STORED GENERATED', numericPrecision: 10, numericScale: 0, generationExpression: '`id` + 1' }),
    columnRow('t', 'd', 7, { dataType: 'decimal', columnType: 'decimal(10,2)', default: '1.50', numericPrecision: 10, numericScale: 2 }),
    columnRow('t', 'y', 8, { dataType: 'year', columnType: 'year(4)', default: 'NULL' }),
    columnRow('t', 'ok', 9, { dataType: 'tinyint', columnType: 'tinyint(1)', nullable: false, default: '1', numericPrecision: 3, numericScale: 0 }),
    columnRow('t', 'a', 10, { dataType: 'int', columnType: 'int(11)', default: 'NULL', numericPrecision: 10, numericScale: 0 }),
    columnRow('t', 'b', 11, { dataType: 'varchar', columnType: 'varchar(10)', default: 'NULL', maxLength: 10, ...utf8 }),
    columnRow('p', 'a', 1, { dataType: 'int', columnType: 'int(11)', nullable: false, numericPrecision: 10, numericScale: 0 }),
    columnRow('p', 'b', 2, { dataType: 'varchar', columnType: 'varchar(10)', nullable: false, maxLength: 10, ...utf8 }),
    columnRow('v', 'id', 1, { dataType: 'bigint', columnType: 'bigint(20) unsigned', nullable: false, default: '0', numericPrecision: 20, numericScale: 0 }),
  ],
  ...KEYS,
  checks: [
    { table: 't', name: 'j', clause: 'json_valid(`j`)' },
    { table: 't', name: 'CONSTRAINT_1', clause: '`d` > 0' },
  ],
  collations: UTF8MB4_COLLATIONS,
};

/** The same tables as MySQL 8 prints them. */
export const MYSQL: CatalogRows = {
  flavor: 'mysql',
  database: 'db1',
  tables: MARIADB.tables,
  columns: [
    columnRow('t', 'id', 1, { dataType: 'bigint', columnType: 'bigint unsigned', nullable: false, extra: 'auto_increment', numericPrecision: 20, numericScale: 0 }),
    columnRow('t', 's', 2, { dataType: 'varchar', columnType: 'varchar(20)', default: "it's, ok", maxLength: 20, ...utf8, comment: 'a "quoted" comment' }),
    columnRow('t', 'e', 3, { dataType: 'enum', columnType: "enum('a,b','it''s')", nullable: false, default: 'a,b', maxLength: 4, ...utf8 }),
    columnRow('t', 'j', 4, { dataType: 'json', columnType: 'json' }),
    columnRow('t', 'ts', 5, {
      dataType: 'timestamp',
      columnType: 'timestamp(3)',
      nullable: false,
      default: 'CURRENT_TIMESTAMP(3)',
      extra: 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)',
      datetimePrecision: 3,
    }),
    columnRow('t', 'g', 6, { dataType: 'int', columnType: 'int', extra: 'STORED GENERATED', numericPrecision: 10, numericScale: 0, generationExpression: '(`id` + 1)' }),
    columnRow('t', 'd', 7, { dataType: 'decimal', columnType: 'decimal(10,2)', default: '1.50', numericPrecision: 10, numericScale: 2 }),
    columnRow('t', 'y', 8, { dataType: 'year', columnType: 'year' }),
    columnRow('t', 'ok', 9, { dataType: 'tinyint', columnType: 'tinyint(1)', nullable: false, default: '1', numericPrecision: 3, numericScale: 0 }),
    columnRow('t', 'a', 10, { dataType: 'int', columnType: 'int', numericPrecision: 10, numericScale: 0 }),
    columnRow('t', 'b', 11, { dataType: 'varchar', columnType: 'varchar(10)', maxLength: 10, ...utf8 }),
    columnRow('p', 'a', 1, { dataType: 'int', columnType: 'int', nullable: false, numericPrecision: 10, numericScale: 0 }),
    columnRow('p', 'b', 2, { dataType: 'varchar', columnType: 'varchar(10)', nullable: false, maxLength: 10, ...utf8 }),
    columnRow('v', 'id', 1, { dataType: 'bigint', columnType: 'bigint unsigned', nullable: false, default: '0', numericPrecision: 20, numericScale: 0 }),
  ],
  ...KEYS,
  checks: [],
  collations: UTF8MB4_COLLATIONS.filter((c) => c.collation === 'utf8mb4_general_ci'),
};
