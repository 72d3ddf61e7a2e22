// Builds the frozen KeyspaceSchemaInfo of one shard from its raw catalog rows: groups columns,
// index parts and foreign key parts by table, normalises types and defaults (MariaDB JSON,
// display widths, COLUMN_DEFAULT quoting), and sorts everything. Pure: no I/O, no comparing
// shards (diffSchemaInfo.ts).

import { ServiceError } from '../errors/serviceError.js';
import { freezeMap } from '../util/frozenMap.js';
import { groupBy } from '../util/groupBy.js';
import type { CatalogRows, CollationRow, ColumnRow, ForeignKeyRow, IndexRow } from './readCatalog.js';
import { normalizeExpression, parseColumnDefault, parseOnUpdate, type ServerFlavor } from './parseColumnDefault.js';
import { parseColumnType, type ParsedColumnType } from './parseColumnType.js';
import {
  FOREIGN_KEY_ACTIONS,
  type ColumnInfo,
  type ForeignKeyAction,
  type ForeignKeyInfo,
  type IndexInfo,
  type KeyspaceSchemaInfo,
  type TableInfo,
  type TableType,
  type UniqueKey,
} from './schemaInfo.js';

/** Where the rows came from, for error messages. */
interface Origin {
  readonly keyspace: string;
  readonly shard: string;
}

const NUMERIC = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'float', 'double', 'bit']);
const FRACTIONAL_SECONDS = new Set(['time', 'datetime', 'timestamp']);
// MariaDB's JSON is LONGTEXT with a CHECK (json_valid(`col`)) constraint it adds itself.
const JSON_CHECK = /^\s*json_valid\s*\(\s*`((?:[^`]|``)+)`\s*\)\s*$/i;

/** Code-unit order, so that sorting never depends on the locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byPosition<T extends { readonly position: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.position - b.position);
}

function tableType(type: string): TableType | undefined {
  switch (type) {
    case 'BASE TABLE':
    case 'SYSTEM VERSIONED':
      return 'BASE TABLE';
    case 'VIEW':
      return 'VIEW';
    default:
      return undefined;
  }
}

function where(origin: Origin, table: string, column?: string): string {
  return `${origin.keyspace}/${origin.shard}: table ${table}${column === undefined ? '' : ` column ${column}`}`;
}

/** The column's type fields, with MariaDB's JSON (LONGTEXT + json_valid check) made JSON. */
function columnType(row: ColumnRow, isMariaDbJson: boolean): ParsedColumnType {
  const parsed = parseColumnType(row.dataType, row.columnType);
  if (!isMariaDbJson || parsed.dataType !== 'longtext') return parsed;
  return { dataType: 'json', columnType: 'json', type: 'JSON', unsigned: false, isBoolean: false };
}

/** The collation facts of a column whose collation the server described in `row`. */
function collationFacts(row: CollationRow | undefined): Pick<ColumnInfo, 'padSpace' | 'spaceWeight' | 'maxWeightsPerChar'> {
  if (row === undefined) return {};
  // Single-level weight strings pad by appending the space's weights, which the merge can redo.
  const appendsSpaces = row.spaceWeight !== '' && row.weightOfAPadded === row.weightOfA + row.spaceWeight + row.spaceWeight;
  return {
    padSpace: row.padSpace,
    ...(row.padSpace && appendsSpaces ? { spaceWeight: row.spaceWeight } : {}),
    ...(row.sortLength !== null && row.sortLength > 0 ? { maxWeightsPerChar: row.sortLength } : {}),
  };
}

function buildColumn(row: ColumnRow, flavor: ServerFlavor, isJson: boolean, collations: ReadonlyMap<string, CollationRow>, origin: Origin): ColumnInfo {
  const parsed = columnType(row, isJson);
  const { dataType } = parsed;
  if (parsed.type === undefined) {
    throw new ServiceError('SG851', `${where(origin, row.table, row.name)}: type ${row.columnType} is not supported`, {
      details: { ...origin, table: row.table, column: row.name, columnType: row.columnType },
    });
  }
  if ((dataType === 'enum' || dataType === 'set') && parsed.enumValues === undefined) {
    throw new ServiceError('SG852', `${where(origin, row.table, row.name)}: cannot read the members of ${row.columnType}`, {
      details: { ...origin, table: row.table, column: row.name, columnType: row.columnType },
    });
  }
  const generated = /\b(virtual|stored) generated\b/i.exec(row.extra);
  const onUpdate = parseOnUpdate(row.extra);
  const precision = NUMERIC.has(dataType) ? row.numericPrecision : FRACTIONAL_SECONDS.has(dataType) ? row.datetimePrecision : null;
  const scale = NUMERIC.has(dataType) && dataType !== 'bit' ? row.numericScale : null;
  const textual = dataType !== 'json';
  return Object.freeze({
    name: row.name,
    dataType,
    columnType: parsed.columnType,
    type: parsed.type,
    unsigned: parsed.unsigned,
    nullable: row.nullable,
    default: Object.freeze(parseColumnDefault(row.default, { flavor, dataType, nullable: row.nullable, extra: row.extra })),
    ...(onUpdate === undefined ? {} : { onUpdate }),
    autoIncrement: /\bauto_increment\b/i.test(row.extra),
    comment: row.comment,
    ...(textual && row.maxLength !== null ? { maxLength: row.maxLength } : {}),
    ...(precision !== null ? { precision } : {}),
    ...(scale !== null ? { scale } : {}),
    ...(textual && row.charset !== null ? { charset: row.charset } : {}),
    ...(textual && row.collation !== null ? { collation: row.collation, ...collationFacts(collations.get(row.collation)) } : {}),
    ...(parsed.enumValues === undefined ? {} : { enumValues: Object.freeze([...parsed.enumValues]) }),
    isBoolean: parsed.isBoolean,
    ...(generated === null
      ? {}
      : {
          generated: Object.freeze({
            kind: generated[1]!.toLowerCase() === 'stored' ? ('stored' as const) : ('virtual' as const),
            expression: normalizeExpression(row.generationExpression ?? ''),
          }),
        }),
  });
}

/** Secondary indexes and the primary key of one table; indexes with an expression part are left out. */
function buildIndexes(rows: readonly IndexRow[]): { primaryKey: readonly string[]; indexes: IndexInfo[] } {
  let primaryKey: readonly string[] = [];
  const indexes: IndexInfo[] = [];
  for (const [name, parts] of groupBy(rows, (r) => r.index)) {
    const ordered = byPosition(parts);
    const columns = ordered.map((p) => p.column);
    if (columns.some((c) => c === null)) continue;
    const names = Object.freeze(columns as string[]);
    if (name === 'PRIMARY') {
      primaryKey = names;
      continue;
    }
    indexes.push(
      Object.freeze({
        name,
        columns: names,
        prefixLengths: Object.freeze(ordered.map((p) => p.subPart)),
        unique: ordered[0]!.unique,
        indexType: ordered[0]!.indexType,
      }),
    );
  }
  indexes.sort((a, b) => compareNames(a.name, b.name));
  return { primaryKey, indexes };
}

function foreignKeyAction(rule: string, fk: string, table: string, origin: Origin): ForeignKeyAction {
  const action = FOREIGN_KEY_ACTIONS.find((a) => a === rule.toUpperCase());
  if (action === undefined) {
    throw new ServiceError('SG852', `${where(origin, table)}: foreign key ${fk} has an unknown rule ${JSON.stringify(rule)}`, {
      details: { ...origin, table, foreignKey: fk, rule },
    });
  }
  return action;
}

function buildForeignKeys(rows: readonly ForeignKeyRow[], database: string, origin: Origin): ForeignKeyInfo[] {
  const keys: ForeignKeyInfo[] = [];
  for (const [name, parts] of groupBy(rows, (r) => r.name)) {
    const ordered = byPosition(parts);
    const first = ordered[0]!;
    keys.push(
      Object.freeze({
        name,
        columns: Object.freeze(ordered.map((p) => p.column)),
        ...(first.referencedSchema === database ? {} : { referencedSchema: first.referencedSchema }),
        referencedTable: first.referencedTable,
        referencedColumns: Object.freeze(ordered.map((p) => p.referencedColumn)),
        onUpdate: foreignKeyAction(first.updateRule, name, first.table, origin),
        onDelete: foreignKeyAction(first.deleteRule, name, first.table, origin),
      }),
    );
  }
  return keys.sort((a, b) => compareNames(a.name, b.name));
}

/** `table\0column` of every MariaDB JSON column (a json_valid CHECK on exactly that column). */
function jsonColumns(catalog: CatalogRows): Set<string> {
  const found = new Set<string>();
  for (const check of catalog.checks) {
    const match = JSON_CHECK.exec(check.clause);
    if (match !== null) found.add(`${check.table}\0${match[1]!.replaceAll('``', '`')}`);
  }
  return found;
}

/**
 * Builds the schema of `keyspace` from one shard's catalog rows. Contract: tables and views
 * only (MariaDB sequences and other table types are left out; system-versioned tables are base
 * tables); rows naming a table not in `catalog.tables` are ignored; a column's collation facts
 * come from the `catalog.collations` row of its collation (none without one); the result is deeply
 * frozen and sorted as {@link KeyspaceSchemaInfo} says. Throws ServiceError SG851 for a column
 * type without a Vitess type and SG852 for an unreadable ENUM/SET or foreign key rule, naming
 * keyspace, shard, table and column.
 */
export function buildSchemaInfo(keyspace: string, shard: string, catalog: CatalogRows): KeyspaceSchemaInfo {
  const origin: Origin = { keyspace, shard };
  const json = catalog.flavor === 'mariadb' ? jsonColumns(catalog) : new Set<string>();
  const columns = groupBy(catalog.columns, (r) => r.table);
  const indexes = groupBy(catalog.indexes, (r) => r.table);
  const foreignKeys = groupBy(catalog.foreignKeys, (r) => r.table);
  const collations = new Map(catalog.collations.map((c) => [c.collation, c] as const));

  const tables: TableInfo[] = [];
  for (const row of catalog.tables) {
    const type = tableType(row.type);
    if (type === undefined) continue;
    const keys = buildIndexes(indexes.get(row.name) ?? []);
    const uniqueKeys: UniqueKey[] = keys.indexes.filter((i) => i.unique).map((i) => Object.freeze({ name: i.name, columns: i.columns }));
    tables.push(
      Object.freeze({
        name: row.name,
        type,
        comment: type === 'VIEW' ? '' : (row.comment ?? ''),
        columns: Object.freeze(byPosition(columns.get(row.name) ?? []).map((c) => buildColumn(c, catalog.flavor, json.has(`${c.table}\0${c.name}`), collations, origin))),
        primaryKey: keys.primaryKey,
        uniqueKeys: Object.freeze(uniqueKeys),
        indexes: Object.freeze(keys.indexes),
        foreignKeys: Object.freeze(buildForeignKeys(foreignKeys.get(row.name) ?? [], catalog.database, origin)),
      }),
    );
  }
  tables.sort((a, b) => compareNames(a.name, b.name));
  return Object.freeze({ keyspace, tables: freezeMap(tables.map((t) => [t.name, t] as const)) });
}
