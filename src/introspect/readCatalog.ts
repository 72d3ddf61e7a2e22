// Reads one shard's catalog from information_schema through the ShardExecutor: tables,
// columns, index parts, foreign key parts and (MariaDB) JSON check constraints, as raw rows.
// Every query filters on `table_schema = database()`, the tablet connection's own database.
// Owns the SQL and row decoding; normalising the rows into the model is buildSchemaInfo.ts.

import type { ExecuteOptions, QueryResult, ShardExecutor, ShardTarget } from '../engine/shardExecutor.js';
import { ServiceError } from '../errors/serviceError.js';
import { invariant } from '../util/invariant.js';
import { sqlValueToString, sqlVarchar, type SqlValue } from '../util/sqlValue.js';
import type { ServerFlavor } from './parseColumnDefault.js';

/** A row of information_schema.TABLES. */
export interface TableRow {
  readonly name: string;
  readonly type: string;
  readonly comment: string | null;
}

/** A row of information_schema.COLUMNS, as printed (normalising is buildSchemaInfo's job). */
export interface ColumnRow {
  readonly table: string;
  readonly name: string;
  readonly position: number;
  readonly dataType: string;
  readonly columnType: string;
  readonly nullable: boolean;
  readonly default: string | null;
  readonly extra: string;
  readonly maxLength: number | null;
  readonly numericPrecision: number | null;
  readonly numericScale: number | null;
  readonly datetimePrecision: number | null;
  readonly charset: string | null;
  readonly collation: string | null;
  readonly comment: string;
  readonly generationExpression: string | null;
}

/** One column of one index (information_schema.STATISTICS). `column` is null for an expression part. */
export interface IndexRow {
  readonly table: string;
  readonly index: string;
  readonly unique: boolean;
  readonly position: number;
  readonly column: string | null;
  readonly subPart: number | null;
  readonly indexType: string;
}

/** One column of one foreign key (KEY_COLUMN_USAGE joined with REFERENTIAL_CONSTRAINTS). */
export interface ForeignKeyRow {
  readonly table: string;
  readonly name: string;
  readonly position: number;
  readonly column: string;
  readonly referencedSchema: string;
  readonly referencedTable: string;
  readonly referencedColumn: string;
  readonly updateRule: string;
  readonly deleteRule: string;
}

/** A CHECK constraint (read on MariaDB only, where it marks JSON columns). */
export interface CheckRow {
  readonly table: string;
  readonly name: string;
  readonly clause: string;
}

/** Everything read from one shard, rows in the order the server returned them. */
export interface CatalogRows {
  readonly flavor: ServerFlavor;
  /** The shard's database name (`database()`). */
  readonly database: string;
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly indexes: readonly IndexRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
  readonly checks: readonly CheckRow[];
}

/** What {@link readCatalog} reads and how. */
export interface ReadCatalogOptions {
  /** Only these tables (exact names); all tables and views when absent. */
  readonly tables?: readonly string[];
  /** Passed to every statement; `maxRows` bounds each information_schema result. */
  readonly execute?: ExecuteOptions;
}

const VERSION_SQL = 'select version(), database()';

const TABLES_SQL =
  'select table_name, table_type, table_comment from information_schema.tables where table_schema = database()';

const COLUMNS_SQL =
  'select table_name, column_name, ordinal_position, data_type, column_type, is_nullable, column_default, extra, ' +
  'character_maximum_length, numeric_precision, numeric_scale, datetime_precision, character_set_name, collation_name, ' +
  'column_comment, generation_expression from information_schema.columns where table_schema = database()';

const INDEXES_SQL =
  'select table_name, index_name, non_unique, seq_in_index, column_name, sub_part, index_type ' +
  'from information_schema.statistics where table_schema = database()';

// REFERENTIAL_CONSTRAINTS has TABLE_NAME on both servers; FK names are unique per table.
const FOREIGN_KEYS_SQL =
  'select k.table_name, k.constraint_name, k.ordinal_position, k.column_name, k.referenced_table_schema, ' +
  'k.referenced_table_name, k.referenced_column_name, r.update_rule, r.delete_rule ' +
  'from information_schema.key_column_usage as k join information_schema.referential_constraints as r ' +
  'on r.constraint_schema = k.constraint_schema and r.table_name = k.table_name and r.constraint_name = k.constraint_name ' +
  'where k.table_schema = database() and k.referenced_table_name is not null';

// MariaDB's CHECK_CONSTRAINTS has TABLE_NAME (MySQL's does not, and MySQL has a real JSON type).
const CHECKS_SQL =
  'select table_name, constraint_name, check_clause from information_schema.check_constraints where constraint_schema = database()';

/** The WHERE term restricting `column` to `tables` (bound as `::tables`); none when absent. */
function tableFilter(column: string, tables: readonly string[] | undefined): string {
  if (tables === undefined) return '';
  // An empty list would expand to `in ()`, which is not SQL: select nothing instead.
  return tables.length === 0 ? ' and false' : ` and ${column} in ::tables`;
}

type Row = QueryResult['rows'][number];
type BindVars = Parameters<ShardExecutor['execute']>[2];

function text(v: SqlValue | undefined): string | null {
  invariant(v !== undefined, 'information_schema row shorter than its select list');
  return v.type === 'NULL' ? null : sqlValueToString(v);
}

function requiredText(v: SqlValue | undefined): string {
  return text(v) ?? '';
}

function int(v: SqlValue | undefined): number | null {
  const t = text(v);
  return t === null ? null : Number(t);
}

/**
 * Reads the catalog of the shard `target` names. Contract: the tablet connection's default
 * database is the shard's database (else ServiceError SG852); statements use `::tables` for the
 * table filter and never inline a name; executor failures (ServiceErrors naming the shard)
 * propagate unchanged. The reads are separate statements, so a schema change while they run
 * may show in some of them and not in others.
 */
export async function readCatalog(executor: ShardExecutor, target: ShardTarget, options: ReadCatalogOptions = {}): Promise<CatalogRows> {
  const tables = options.tables;
  const binds: BindVars = tables !== undefined && tables.length > 0 ? { tables: tables.map((t) => sqlVarchar(t)) } : {};
  const filter = (column: string): string => tableFilter(column, tables);
  const run = async (sql: string, bindVars: BindVars = binds): Promise<readonly Row[]> =>
    (await executor.execute(target, sql, bindVars, options.execute)).rows;

  const [versionRows, tableRows, columnRows, indexRows, fkRows] = await Promise.all([
    run(VERSION_SQL, {}),
    run(TABLES_SQL + filter('table_name')),
    run(COLUMNS_SQL + filter('table_name')),
    run(INDEXES_SQL + filter('table_name')),
    run(FOREIGN_KEYS_SQL + filter('k.table_name')),
  ]);
  const [version, database] = versionRows[0] ?? [];
  const databaseName = text(database);
  if (databaseName === null) {
    throw new ServiceError('SG852', `${target.keyspace}/${target.shard}: the tablet connection has no default database to introspect`, {
      details: { keyspace: target.keyspace, shard: target.shard },
    });
  }
  const flavor: ServerFlavor = /mariadb/i.test(requiredText(version)) ? 'mariadb' : 'mysql';
  const checkRows = flavor === 'mariadb' ? await run(CHECKS_SQL + filter('table_name')) : [];

  return {
    flavor,
    database: databaseName,
    tables: tableRows.map((r) => ({ name: requiredText(r[0]), type: requiredText(r[1]), comment: text(r[2]) })),
    columns: columnRows.map((r) => ({
      table: requiredText(r[0]),
      name: requiredText(r[1]),
      position: int(r[2]) ?? 0,
      dataType: requiredText(r[3]),
      columnType: requiredText(r[4]),
      nullable: requiredText(r[5]) === 'YES',
      default: text(r[6]),
      extra: requiredText(r[7]),
      maxLength: int(r[8]),
      numericPrecision: int(r[9]),
      numericScale: int(r[10]),
      datetimePrecision: int(r[11]),
      charset: text(r[12]),
      collation: text(r[13]),
      comment: requiredText(r[14]),
      generationExpression: text(r[15]),
    })),
    indexes: indexRows.map((r) => ({
      table: requiredText(r[0]),
      index: requiredText(r[1]),
      unique: int(r[2]) === 0,
      position: int(r[3]) ?? 0,
      column: text(r[4]),
      subPart: int(r[5]),
      indexType: requiredText(r[6]),
    })),
    foreignKeys: fkRows.map((r) => ({
      table: requiredText(r[0]),
      name: requiredText(r[1]),
      position: int(r[2]) ?? 0,
      column: requiredText(r[3]),
      referencedSchema: requiredText(r[4]),
      referencedTable: requiredText(r[5]),
      referencedColumn: requiredText(r[6]),
      updateRule: requiredText(r[7]),
      deleteRule: requiredText(r[8]),
    })),
    checks: checkRows.map((r) => ({ table: requiredText(r[0]), name: requiredText(r[1]), clause: requiredText(r[2]) })),
  };
}
