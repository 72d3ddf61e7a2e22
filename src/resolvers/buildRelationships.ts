// The relationship catalog (issue #6, INTERFACES.md §2 and §5): object and array relationships
// from the served tables' foreign keys (both directions, across databases through the keyspace
// whose shard database a key names) and from the config's `relationships`, each with its field
// name. Pure and deterministic. Owns the naming rules and the start-up checks of configured
// relationships; GraphQL sanitising is src/schema's, loading rows is relationLoader.ts's.

import pluralize from 'pluralize';
import { ValidationError, jsonPath, type Problem } from '../errors/problems.js';
import type { ApiCatalog, ApiForeignKey, ApiRelationship, ApiTable } from './catalog.js';

/**
 * A relationship of the config file (src/config's RelationshipConfig fits as it is): `from.columns`
 * reference `to.toColumns` pairwise; `name` is the object field on `from`, `reverse` (optional)
 * the array field on `to`.
 */
export interface ConfiguredRelationship {
  readonly from: { readonly keyspace: string; readonly table: string };
  readonly name: string;
  readonly columns: readonly string[];
  readonly to: { readonly keyspace: string; readonly table: string };
  readonly toColumns: readonly string[];
  readonly reverse?: string;
}

/** What buildRelationships reads. */
export interface RelationshipsInput {
  readonly catalog: ApiCatalog;
  /** The config's relationships, in file order (their problems name `$.relationships[i]`). */
  readonly configured: readonly ConfiguredRelationship[];
  /**
   * Database name → keyspace, for every shard database of every keyspace: a foreign key whose
   * `referencedSchema` names one of them leads to that keyspace.
   */
  readonly databases: ReadonlyMap<string, string>;
}

/** The suffix of an array relationship's aggregate field (`corders_aggregate`). */
export const AGGREGATE_SUFFIX = '_aggregate';

/** The names a relationship field takes on its table: the field, and for an array also `<field>_aggregate`. */
export function occupiedNames(kind: ApiRelationship['kind'], name: string): string[] {
  return kind === 'array' ? [name, `${name}${AGGREGATE_SUFFIX}`] : [name];
}

/**
 * The preferred name of the object relationship of a foreign key (INTERFACES.md §5): its single
 * column without a trailing `_id` (any case; `payment.customer_id` → `customer`), else (several
 * columns, a column without the suffix, or nothing left) the referenced table's name.
 */
export function objectRelationshipName(columns: readonly string[], referencedTable: string): string {
  const only = columns.length === 1 ? columns[0]! : undefined;
  if (only !== undefined && /_id$/i.test(only) && only.length > 3) return only.slice(0, -3);
  return referencedTable;
}

/**
 * The preferred name of the array relationship of a foreign key (INTERFACES.md §5): the
 * referencing table's name pluralised by the npm package `pluralize` (`corder` → `corders`,
 * `city` → `cities`), or `<plural>_by_<columns joined by _>` when the referencing table has
 * several foreign keys to the same table (`films_by_language_id`).
 */
export function arrayRelationshipName(referencingTable: string, columns: readonly string[], severalToSameTable: boolean): string {
  const plural = pluralize(referencingTable);
  return severalToSameTable ? `${plural}_by_${columns.join('_')}` : plural;
}

/**
 * The names to try, in order, for a derived relationship (README.md): the preferred name; for an
 * object relationship the referenced table's name; then `<that>_rel`; then `<that>_rel_2`,
 * `_3`, … (never exhausted).
 */
function* nameCandidates(kind: ApiRelationship['kind'], preferred: string, otherTable: string): Generator<string> {
  yield preferred;
  const base = kind === 'object' ? otherTable : preferred;
  if (base !== preferred) yield base;
  yield `${base}_rel`;
  for (let n = 2; ; n++) yield `${base}_rel_${n}`;
}

function tableKey(keyspace: string, table: string): string {
  return `${keyspace}\u0000${table}`;
}

/** The catalog's tables by (keyspace, name); a name is also found case-insensitively when unique. */
function tableIndex(catalog: ApiCatalog): (keyspace: string, table: string) => ApiTable | undefined {
  const exact = new Map(catalog.tables.map((t) => [tableKey(t.keyspace, t.table), t]));
  return (keyspace, table) =>
    exact.get(tableKey(keyspace, table)) ??
    (() => {
      const lower = table.toLowerCase();
      const found = catalog.tables.filter((t) => t.keyspace === keyspace && t.table.toLowerCase() === lower);
      return found.length === 1 ? found[0] : undefined;
    })();
}

/** The table's spelling of a column (MySQL column names are case-insensitive), or undefined. */
function columnOf(table: ApiTable, name: string): string | undefined {
  const lower = name.toLowerCase();
  return table.columns.find((c) => c.name === name)?.name ?? table.columns.find((c) => c.name.toLowerCase() === lower)?.name;
}

/** A relationship before its name is final: fixed (configured) or derived (foreign key). */
interface Pending {
  readonly kind: ApiRelationship['kind'];
  readonly from: ApiTable;
  readonly columns: readonly string[];
  readonly to: ApiTable;
  readonly toColumns: readonly string[];
  readonly source: ApiRelationship['source'];
  readonly fixed?: { readonly name: string; readonly path: string };
  readonly preferred?: string;
}

function sameEdge(a: Pick<Pending, 'from' | 'columns' | 'to' | 'toColumns'>, b: Pick<Pending, 'from' | 'columns' | 'to' | 'toColumns'>): boolean {
  const same = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((c, i) => c.toLowerCase() === y[i]!.toLowerCase());
  return a.from === b.from && a.to === b.to && same(a.columns, b.columns) && same(a.toColumns, b.toColumns);
}

function describeTables(catalog: ApiCatalog, keyspace: string): string {
  const names = catalog.tables.filter((t) => t.keyspace === keyspace).map((t) => t.table);
  return names.length === 0 ? 'it serves no table' : `it serves ${names.join(', ')}`;
}

/** Checks one configured relationship; returns its two pending fields, or none with problems added. */
function configuredFields(catalog: ApiCatalog, find: ReturnType<typeof tableIndex>, r: ConfiguredRelationship, index: number, problems: Problem[]): Pending[] {
  const path = jsonPath('$.relationships', index);
  const end = (key: 'from' | 'to'): ApiTable | undefined => {
    const ref = r[key];
    const table = find(ref.keyspace, ref.table);
    if (table === undefined) problems.push({ path: jsonPath(path, key), message: `no served table ${ref.keyspace}.${ref.table} (keyspace ${ref.keyspace}: ${describeTables(catalog, ref.keyspace)})` });
    return table;
  };
  const columns = (table: ApiTable | undefined, key: 'columns' | 'toColumns'): (string | undefined)[] =>
    r[key].map((name, i) => {
      if (table === undefined) return undefined;
      const column = columnOf(table, name);
      if (column === undefined) problems.push({ path: jsonPath(jsonPath(path, key), i), message: `${table.keyspace}.${table.table} has no column ${JSON.stringify(name)}` });
      return column;
    });
  const from = end('from');
  const to = end('to');
  const fromColumns = columns(from, 'columns');
  const toColumns = columns(to, 'toColumns');
  if (r.columns.length !== r.toColumns.length) {
    problems.push({ path: jsonPath(path, 'toColumns'), message: `${r.toColumns.length} columns cannot pair with the ${r.columns.length} of columns` });
  }
  if (from === undefined || to === undefined || r.columns.length !== r.toColumns.length || fromColumns.includes(undefined) || toColumns.includes(undefined)) return [];
  const edge = { columns: fromColumns as string[], toColumns: toColumns as string[] };
  const source = { kind: 'config', index } as const;
  const object: Pending = { kind: 'object', from, columns: edge.columns, to, toColumns: edge.toColumns, source, fixed: { name: r.name, path: jsonPath(path, 'name') } };
  if (r.reverse === undefined) return [object];
  return [object, { kind: 'array', from: to, columns: edge.toColumns, to: from, toColumns: edge.columns, source, fixed: { name: r.reverse, path: jsonPath(path, 'reverse') } }];
}

/** The target of a foreign key of `table`, when it is served. */
function referencedTable(table: ApiTable, fk: ApiForeignKey, find: ReturnType<typeof tableIndex>, databases: ReadonlyMap<string, string>): ApiTable | undefined {
  const keyspace = fk.referencedSchema === undefined ? table.keyspace : databases.get(fk.referencedSchema);
  return keyspace === undefined ? undefined : find(keyspace, fk.referencedTable);
}

/** The two fields of every foreign key between served tables, unless a configured relationship already is that edge. */
function foreignKeyFields(catalog: ApiCatalog, find: ReturnType<typeof tableIndex>, databases: ReadonlyMap<string, string>, configured: readonly Pending[]): Pending[] {
  const objects: Pending[] = [];
  const arrays: Pending[] = [];
  for (const table of catalog.tables) {
    const edges = table.foreignKeys.flatMap((fk) => {
      const to = referencedTable(table, fk, find, databases);
      if (to === undefined) return [];
      const columns = fk.columns.map((c) => columnOf(table, c));
      const toColumns = fk.referencedColumns.map((c) => columnOf(to, c));
      if (columns.includes(undefined) || toColumns.includes(undefined) || columns.length !== toColumns.length) return [];
      return [{ fk, to, columns: columns as string[], toColumns: toColumns as string[] }];
    });
    for (const { fk, to, columns, toColumns } of edges) {
      const source = { kind: 'foreignKey', table, name: fk.name } as const;
      const object: Pending = { kind: 'object', from: table, columns, to, toColumns, source, preferred: objectRelationshipName(columns, to.table) };
      if (!configured.some((c) => c.kind === 'object' && sameEdge(c, object))) objects.push(object);
      const several = edges.filter((e) => e.to === to).length > 1;
      const array: Pending = { kind: 'array', from: to, columns: toColumns, to: table, toColumns: columns, source, preferred: arrayRelationshipName(table.table, columns, several) };
      if (!configured.some((c) => c.kind === 'array' && sameEdge(c, array))) arrays.push(array);
    }
  }
  return [...objects, ...arrays];
}

/**
 * Builds the relationships of `input.catalog` and returns the catalog with them.
 * Rules (README.md): configured relationships keep their names (`name` on `from`, `reverse` on
 * `to`); every foreign key between two served tables gives an object relationship on the
 * referencing table and an array one on the referenced table (a key whose `referencedSchema`
 * names no shard database, or whose tables are not served, gives none; a key that is exactly a
 * configured relationship's edge gives only the directions the config does not declare).
 * Derived names: {@link objectRelationshipName} / {@link arrayRelationshipName}; a name is taken
 * when it equals a column of the table or a name an earlier relationship of it occupies (an
 * array relationship occupies `R` and `R_aggregate`), and then the next of: the referenced
 * table's name (object relationships), `<that>_rel`, `<that>_rel_2`, … is used.
 * Order per table: configured ones (file order), then object relationships (foreign keys by
 * name), then array ones (referencing tables in catalog order, keys by name).
 * Contract: deterministic; frozen result; the catalog's tables are kept as they are.
 * Errors: ValidationError SG1020 listing every problem of the configured relationships, each with
 * its JSON path (`$.relationships[0].columns[1]`): an unknown table or column, column lists of
 * different lengths, a name or reverse (or its `_aggregate`) that is a column or another
 * relationship of the same table.
 */
export function buildRelationships(input: RelationshipsInput): ApiCatalog {
  const { catalog } = input;
  const find = tableIndex(catalog);
  const problems: Problem[] = [];
  const configured = input.configured.flatMap((r, i) => configuredFields(catalog, find, r, i, problems));
  const derived = foreignKeyFields(catalog, find, input.databases, configured);
  const taken = new Map<ApiTable, Map<string, string>>(catalog.tables.map((t) => [t, new Map(t.columns.map((c) => [c.name, `column ${c.name}`]))]));
  const named = new Map<ApiTable, ApiRelationship[]>(catalog.tables.map((t) => [t, []]));
  for (const p of [...configured, ...derived]) {
    const names = taken.get(p.from)!;
    const where = `${p.from.keyspace}.${p.from.table}`;
    let name: string;
    if (p.fixed !== undefined) {
      name = p.fixed.name;
      const clash = occupiedNames(p.kind, name).find((n) => names.has(n));
      if (clash !== undefined) {
        problems.push({ path: p.fixed.path, message: `${JSON.stringify(clash)} is already ${names.get(clash)} of ${where}` });
        continue;
      }
    } else {
      const other = p.kind === 'object' ? p.to.table : p.from.table;
      name = '';
      for (const candidate of nameCandidates(p.kind, p.preferred!, other)) {
        if (occupiedNames(p.kind, candidate).every((n) => !names.has(n))) {
          name = candidate;
          break;
        }
      }
    }
    for (const n of occupiedNames(p.kind, name)) names.set(n, `relationship ${name}`);
    named.get(p.from)!.push(
      Object.freeze({
        kind: p.kind,
        name,
        from: p.from,
        columns: Object.freeze([...p.columns]),
        to: p.to,
        toColumns: Object.freeze([...p.toColumns]),
        source: Object.freeze({ ...p.source }),
      }),
    );
  }
  if (problems.length > 0) throw new ValidationError('SG1020', 'invalid relationships in the configuration', problems);
  return Object.freeze({ ...catalog, relationships: Object.freeze(catalog.tables.flatMap((t) => named.get(t)!)) });
}
