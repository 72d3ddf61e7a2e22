// Reads one shard's catalog from information_schema through the ShardExecutor: tables,
// columns, index parts, foreign key parts, (MariaDB) JSON check constraints, and how the
// collations those columns use pad and weigh text, as raw rows. Every catalog query filters
// on `table_schema = database()`, the tablet connection's own database. Owns the SQL and row
// decoding; normalising the rows into the model is buildSchemaInfo.ts.

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

/**
 * What the server does with one collation the columns use, asked of the server itself (so it
 * holds for MariaDB, whose COLLATIONS table has no PAD_ATTRIBUTE before 12.1, and MySQL alike).
 * Weights are lowercase hex of `weight_string()` of text converted to the collation's charset.
 */
export interface CollationRow {
  readonly collation: string;
  /** `'a' = 'a '` holds: the collation is PAD SPACE (false: NO PAD). */
  readonly padSpace: boolean;
  /** The weight string of `' '`. */
  readonly spaceWeight: string;
  /** The weight string of `'a'`. */
  readonly weightOfA: string;
  /** The weight string of `'a'` AS CHAR(3), padded to three weights (per level). */
  readonly weightOfAPadded: string;
  /** information_schema.COLLATIONS.SORTLEN; null when the server lists no such collation. */
  readonly sortLength: number | null;
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
  /** One row per collation of the columns read, in collation name order. */
  readonly collations: readonly CollationRow[];
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

/** Collation and charset names as the server prints them; anything else is never put in SQL. */
const SAFE_NAME = /^[A-Za-z0-9_]+$/;

/**
 * One `select` per collation, joined by `union all`: the collation's name, whether `'a'` equals
 * `'a '`, the weight strings of `' '`, `'a'` and `'a'` AS CHAR(3), and its SORTLEN. MariaDB
 * 10.10+ lists its charset-independent collations in COLLATIONS without the charset prefix that
 * COLUMNS shows (`uca1400_ai_ci` for `utf8mb4_uca1400_ai_ci`), so SORTLEN is looked up under
 * both names. A COLLATE clause takes no bind variable, so the names are written into the SQL:
 * only SAFE_NAME ones.
 */
function collationProbeSql(collations: ReadonlyMap<string, string>): string {
  return [...collations]
    .map(([collation, charset]) => {
      const text = (literal: string): string => `convert('${literal}' using ${charset}) collate ${collation}`;
      const names = collation.startsWith(`${charset}_`) ? `'${collation}', '${collation.slice(charset.length + 1)}'` : `'${collation}'`;
      return (
        `select '${collation}', ${text('a')} = ${text('a ')}, hex(weight_string(${text(' ')})), hex(weight_string(${text('a')})), ` +
        `hex(weight_string(${text('a')} as char(3))), (select max(sortlen) from information_schema.collations where collation_name in (${names}))`
      );
    })
    .join(' union all ');
}

/** The collations of `columns` (those with a safe collation and charset name), by name, with their charset. */
function columnCollations(columns: readonly ColumnRow[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const c of columns) {
    if (c.collation !== null && c.charset !== null && SAFE_NAME.test(c.collation) && SAFE_NAME.test(c.charset)) found.set(c.collation, c.charset);
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

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

/** A COLUMNS row, in COLUMNS_SQL's select order. */
function decodeColumn(r: Row): ColumnRow {
  return {
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
  };
}

/**
 * Reads the catalog of the shard `target` names. Contract: the tablet connection's default
 * database is the shard's database (else ServiceError SG852); statements use `::tables` for the
 * table filter and never inline a table name; the collation probe, sent only when some column
 * has a collation, writes collation and charset names into its SQL (COLLATE takes no bind) and
 * only names made of letters, digits and `_` (others get no CollationRow); executor failures
 * (ServiceErrors naming the shard) propagate unchanged. The reads are separate statements, so a
 * schema change while they run may show in some of them and not in others.
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
  const columns = columnRows.map(decodeColumn);
  const collations = columnCollations(columns);
  const [checkRows, collationRows] = await Promise.all([
    flavor === 'mariadb' ? run(CHECKS_SQL + filter('table_name')) : [],
    collations.size > 0 ? run(collationProbeSql(collations), {}) : [],
  ]);

  return {
    flavor,
    database: databaseName,
    tables: tableRows.map((r) => ({ name: requiredText(r[0]), type: requiredText(r[1]), comment: text(r[2]) })),
    columns,
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
    collations: collationRows.map((r) => ({
      collation: requiredText(r[0]),
      padSpace: int(r[1]) === 1,
      spaceWeight: requiredText(r[2]).toLowerCase(),
      weightOfA: requiredText(r[3]).toLowerCase(),
      weightOfAPadded: requiredText(r[4]).toLowerCase(),
      sortLength: int(r[5]),
    })),
  };
}
