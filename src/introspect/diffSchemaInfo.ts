// Compares the schema read from one shard with the schema of the keyspace's reference shard and
// lists every difference (schema drift), each naming keyspace, shard, table and what differs.
// Owns the drift model, its order and its wording; reading shards is introspectKeyspace.ts.

import { assertNever } from '../util/invariant.js';
import { compareNames } from './buildSchemaInfo.js';
import type { ColumnDefault, ColumnInfo, ForeignKeyInfo, IndexInfo, KeyspaceSchemaInfo, TableInfo } from './schemaInfo.js';

/** Column properties compared between shards (the others derive from these). */
export const COMPARED_COLUMN_PROPERTIES = [
  'columnType',
  'nullable',
  'default',
  'onUpdate',
  'autoIncrement',
  'generated',
  'charset',
  'collation',
  'comment',
] as const;

/** A column property that can drift. */
export type ColumnProperty = (typeof COMPARED_COLUMN_PROPERTIES)[number];

/** A table property that can drift; `columnOrder` lists the columns both shards have. */
export type TableProperty = 'type' | 'comment' | 'primaryKey' | 'columnOrder';

/** Where a difference was found: `shard` differs from `referenceShard` of `keyspace`. */
export interface DriftPlace {
  readonly keyspace: string;
  readonly shard: string;
  readonly referenceShard: string;
  readonly table: string;
}

/**
 * One difference between a shard and the reference shard. `missing*` is on the reference shard
 * but not on `shard`, `extra*` the other way round; in `*Changed`, `expected` describes the
 * reference shard's definition and `actual` this shard's, in SQL-like words.
 */
export type SchemaDrift = DriftPlace &
  (
    | { readonly kind: 'missingTable' }
    | { readonly kind: 'extraTable' }
    | { readonly kind: 'tableChanged'; readonly property: TableProperty; readonly expected: string; readonly actual: string }
    | { readonly kind: 'missingColumn'; readonly column: string }
    | { readonly kind: 'extraColumn'; readonly column: string }
    | {
        readonly kind: 'columnChanged';
        readonly column: string;
        readonly property: ColumnProperty;
        readonly expected: string;
        readonly actual: string;
      }
    | { readonly kind: 'missingIndex'; readonly index: string }
    | { readonly kind: 'extraIndex'; readonly index: string }
    | { readonly kind: 'indexChanged'; readonly index: string; readonly expected: string; readonly actual: string }
    | { readonly kind: 'missingForeignKey'; readonly foreignKey: string }
    | { readonly kind: 'extraForeignKey'; readonly foreignKey: string }
    | { readonly kind: 'foreignKeyChanged'; readonly foreignKey: string; readonly expected: string; readonly actual: string }
  );

/** A SQL string literal, quotes doubled. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function list(names: readonly string[]): string {
  return `(${names.join(', ')})`;
}

function describeDefault(d: ColumnDefault): string {
  switch (d.kind) {
    case 'none':
      return 'no default';
    case 'null':
      return 'NULL';
    case 'literal':
      return quoted(d.value);
    case 'expression':
      return d.sql;
    default:
      return assertNever(d, 'column default');
  }
}

/** A column property as a short SQL-like text (`NOT NULL`, `'abc'`, `stored (a + 1)`). */
function describeColumnProperty(column: ColumnInfo, property: ColumnProperty): string {
  switch (property) {
    case 'columnType':
      return column.columnType;
    case 'nullable':
      return column.nullable ? 'NULL' : 'NOT NULL';
    case 'default':
      return describeDefault(column.default);
    case 'onUpdate':
      return column.onUpdate ?? 'none';
    case 'autoIncrement':
      return column.autoIncrement ? 'auto_increment' : 'not auto_increment';
    case 'generated':
      return column.generated === undefined ? 'not generated' : `${column.generated.kind} (${column.generated.expression})`;
    case 'charset':
      return column.charset ?? 'none';
    case 'collation':
      return column.collation ?? 'none';
    case 'comment':
      return quoted(column.comment);
    default:
      return assertNever(property, 'column property');
  }
}

/** An index as `unique BTREE (a, b(10))`. */
export function describeIndex(index: IndexInfo): string {
  const parts = index.columns.map((c, i) => {
    const prefix = index.prefixLengths[i];
    return prefix === null || prefix === undefined ? c : `${c}(${prefix})`;
  });
  return `${index.unique ? 'unique ' : ''}${index.indexType} ${list(parts)}`;
}

/** A foreign key as `(a, b) references p (a, b) on update SET NULL on delete CASCADE`. */
export function describeForeignKey(fk: ForeignKeyInfo): string {
  const target = fk.referencedSchema === undefined ? fk.referencedTable : `${fk.referencedSchema}.${fk.referencedTable}`;
  return `${list(fk.columns)} references ${target} ${list(fk.referencedColumns)} on update ${fk.onUpdate} on delete ${fk.onDelete}`;
}

/** The names of `a` and `b` together, sorted. */
function allNames(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort(compareNames);
}

/** Missing, extra and changed members of two named lists (indexes, foreign keys), by name. */
function diffNamed<T extends { readonly name: string }>(
  expected: readonly T[],
  actual: readonly T[],
  describe: (item: T) => string,
  report: (name: string, change: 'missing' | 'extra' | { expected: string; actual: string }) => void,
): void {
  const want = new Map(expected.map((i) => [i.name, i]));
  const have = new Map(actual.map((i) => [i.name, i]));
  for (const name of allNames(want.keys(), have.keys())) {
    const w = want.get(name);
    const h = have.get(name);
    if (h === undefined) report(name, 'missing');
    else if (w === undefined) report(name, 'extra');
    else if (describe(w) !== describe(h)) report(name, { expected: describe(w), actual: describe(h) });
  }
}

function diffTable(place: DriftPlace, want: TableInfo, have: TableInfo, out: SchemaDrift[]): void {
  const table = (property: TableProperty, expected: string, actual: string): void => {
    if (expected !== actual) out.push({ ...place, kind: 'tableChanged', property, expected, actual });
  };
  table('type', want.type, have.type);
  table('comment', quoted(want.comment), quoted(have.comment));

  const haveColumns = new Map(have.columns.map((c) => [c.name, c]));
  const wantNames = new Set(want.columns.map((c) => c.name));
  for (const w of want.columns) {
    const h = haveColumns.get(w.name);
    if (h === undefined) {
      out.push({ ...place, kind: 'missingColumn', column: w.name });
      continue;
    }
    for (const property of COMPARED_COLUMN_PROPERTIES) {
      const expected = describeColumnProperty(w, property);
      const actual = describeColumnProperty(h, property);
      if (expected !== actual) out.push({ ...place, kind: 'columnChanged', column: w.name, property, expected, actual });
    }
  }
  for (const h of have.columns) if (!wantNames.has(h.name)) out.push({ ...place, kind: 'extraColumn', column: h.name });
  const common = (t: TableInfo): string => list(t.columns.map((c) => c.name).filter((n) => wantNames.has(n) && haveColumns.has(n)));
  table('columnOrder', common(want), common(have));
  table('primaryKey', want.primaryKey.length === 0 ? 'none' : list(want.primaryKey), have.primaryKey.length === 0 ? 'none' : list(have.primaryKey));

  diffNamed(want.indexes, have.indexes, describeIndex, (index, change) => {
    if (change === 'missing') out.push({ ...place, kind: 'missingIndex', index });
    else if (change === 'extra') out.push({ ...place, kind: 'extraIndex', index });
    else out.push({ ...place, kind: 'indexChanged', index, ...change });
  });
  diffNamed(want.foreignKeys, have.foreignKeys, describeForeignKey, (foreignKey, change) => {
    if (change === 'missing') out.push({ ...place, kind: 'missingForeignKey', foreignKey });
    else if (change === 'extra') out.push({ ...place, kind: 'extraForeignKey', foreignKey });
    else out.push({ ...place, kind: 'foreignKeyChanged', foreignKey, ...change });
  });
}

/**
 * Lists how `actual` (read from `shard`) differs from `expected` (read from `referenceShard`).
 * Contract: tables in name order; within a table: type and comment, then columns in the
 * reference's order (missing or changed, properties in {@link COMPARED_COLUMN_PROPERTIES}
 * order), extra columns, column order, primary key, indexes by name, foreign keys by name.
 * Identical schemas give an empty list. Table names compare exactly (case-sensitive).
 */
export function diffSchemaInfo(expected: KeyspaceSchemaInfo, referenceShard: string, actual: KeyspaceSchemaInfo, shard: string): SchemaDrift[] {
  const out: SchemaDrift[] = [];
  for (const table of allNames(expected.tables.keys(), actual.tables.keys())) {
    const place: DriftPlace = { keyspace: expected.keyspace, shard, referenceShard, table };
    const want = expected.tables.get(table);
    const have = actual.tables.get(table);
    if (have === undefined) out.push({ ...place, kind: 'missingTable' });
    else if (want === undefined) out.push({ ...place, kind: 'extraTable' });
    else diffTable(place, want, have, out);
  }
  return out;
}

/**
 * One line for a difference, naming keyspace/shard, table, the object and the reference shard:
 * `customer/80-: table corder: column amount: columnType is decimal(12,2), expected decimal(10,2) as on customer/-80`.
 */
export function describeSchemaDrift(d: SchemaDrift): string {
  const here = `${d.keyspace}/${d.shard}: table ${d.table}`;
  const reference = `${d.keyspace}/${d.referenceShard}`;
  const changed = (what: string, expected: string, actual: string): string =>
    `${here}: ${what} is ${actual}, expected ${expected} as on ${reference}`;
  switch (d.kind) {
    case 'missingTable':
      return `${here}: missing (present on ${reference})`;
    case 'extraTable':
      return `${here}: not on ${reference}`;
    case 'tableChanged':
      return changed(d.property, d.expected, d.actual);
    case 'missingColumn':
      return `${here}: column ${d.column} missing (present on ${reference})`;
    case 'extraColumn':
      return `${here}: column ${d.column} not on ${reference}`;
    case 'columnChanged':
      return changed(`column ${d.column}: ${d.property}`, d.expected, d.actual);
    case 'missingIndex':
      return `${here}: index ${d.index} missing (present on ${reference})`;
    case 'extraIndex':
      return `${here}: index ${d.index} not on ${reference}`;
    case 'indexChanged':
      return changed(`index ${d.index}`, d.expected, d.actual);
    case 'missingForeignKey':
      return `${here}: foreign key ${d.foreignKey} missing (present on ${reference})`;
    case 'extraForeignKey':
      return `${here}: foreign key ${d.foreignKey} not on ${reference}`;
    case 'foreignKeyChanged':
      return changed(`foreign key ${d.foreignKey}`, d.expected, d.actual);
    default:
      return assertNever(d, 'schema drift');
  }
}
