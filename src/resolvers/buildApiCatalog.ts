// buildApiCatalog: the VSchema model plus each keyspace's introspected tables → the frozen
// ApiCatalog of every table the API serves (INTERFACES.md §5 rules). Pure and deterministic.
// Owns the serving rules only; GraphQL naming is src/schema's, reading the database is
// src/introspect's.

import { invariant } from '../util/invariant.js';
import type { KeyspaceSchema, TableSchema } from '../vschema/model.js';
import type { ColumnInfo as PlanningColumn } from '../sharding/planner/queryRequest.js';
import type { ApiCatalog, ApiCatalogInput, ApiColumn, ApiTable, CatalogColumnInput, CatalogKeyspaceInput, CatalogTableInput } from './catalog.js';

function tableKey(keyspace: string, table: string): string {
  return `${keyspace}\u0000${table}`;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildColumn(c: CatalogColumnInput, filledBySequence: boolean): ApiColumn {
  return Object.freeze({
    name: c.name,
    type: c.type,
    columnType: c.columnType,
    nullable: c.nullable,
    comment: c.comment,
    ...(c.enumValues === undefined ? {} : { enumValues: Object.freeze([...c.enumValues]) }),
    isBoolean: c.isBoolean,
    autoIncrement: c.autoIncrement,
    hasDefault: c.default.kind !== 'none' || c.autoIncrement || c.generated !== undefined || filledBySequence,
    unsigned: c.unsigned,
    ...(c.precision === undefined ? {} : { precision: c.precision }),
    ...(c.scale === undefined ? {} : { scale: c.scale }),
    generated: c.generated !== undefined,
  });
}

function planningColumn(c: CatalogColumnInput): PlanningColumn {
  return Object.freeze({
    name: c.name,
    type: c.type,
    ...(c.maxLength === undefined ? {} : { maxLength: c.maxLength }),
    ...(c.padSpace === undefined ? {} : { padSpace: c.padSpace }),
    ...(c.spaceWeight === undefined ? {} : { spaceWeight: c.spaceWeight }),
    ...(c.maxWeightsPerChar === undefined ? {} : { maxWeightsPerChar: c.maxWeightsPerChar }),
  });
}

/** The VSchema's spelling of a column matched to the database's (MySQL column names are case-insensitive). */
function columnSpelling(table: CatalogTableInput, name: string): string {
  const lower = name.toLowerCase();
  return table.columns.find((c) => c.name.toLowerCase() === lower)?.name ?? name;
}

function buildTable(ks: KeyspaceSchema, info: CatalogTableInput, spec: TableSchema | undefined): ApiTable {
  const primary = ks.sharded && spec !== undefined && spec.type === 'table' ? spec.columnVindexes[0] : undefined;
  const sequenceColumn = spec?.autoIncrement?.column.toLowerCase();
  return Object.freeze({
    keyspace: ks.name,
    table: info.name,
    sharded: ks.sharded,
    type: spec?.type === 'reference' ? 'reference' : 'table',
    view: info.type === 'VIEW',
    comment: info.comment,
    columns: Object.freeze(info.columns.map((c) => buildColumn(c, c.name.toLowerCase() === sequenceColumn))),
    primaryKey: Object.freeze([...info.primaryKey]),
    ...(primary === undefined
      ? {}
      : {
          shardingColumns: Object.freeze(primary.columns.map((c) => columnSpelling(info, c))),
          primaryVindex: Object.freeze({ name: primary.name, type: primary.vindex.type }),
        }),
    ...(spec?.autoIncrement === undefined ? {} : { sequenceColumn: columnSpelling(info, spec.autoIncrement.column) }),
    planningColumns: Object.freeze(info.columns.map(planningColumn)),
    foreignKeys: Object.freeze(
      [...info.foreignKeys]
        .sort((a, b) => byCodeUnit(a.name, b.name))
        .map((fk) =>
          Object.freeze({
            name: fk.name,
            columns: Object.freeze([...fk.columns]),
            ...(fk.referencedSchema === undefined ? {} : { referencedSchema: fk.referencedSchema }),
            referencedTable: fk.referencedTable,
            referencedColumns: Object.freeze([...fk.referencedColumns]),
          }),
        ),
    ),
    ...(info.uniqueKeys === undefined || info.uniqueKeys.length === 0
      ? {}
      : { uniqueKeys: Object.freeze([...info.uniqueKeys].sort((a, b) => byCodeUnit(a.name, b.name)).map((k) => Object.freeze({ name: k.name, columns: Object.freeze([...k.columns]) }))) }),
  });
}

/** The tables a keyspace would serve before reference copies are dropped, by name. */
function candidateTables(ks: KeyspaceSchema, schema: CatalogKeyspaceInput, sequences: ReadonlySet<string>): string[] {
  const names = ks.sharded ? [...ks.tables.keys()].filter((name) => schema.tables.has(name)) : [...schema.tables.keys()];
  return names.filter((name) => ks.tables.get(name)?.type !== 'sequence' && !sequences.has(tableKey(ks.name, name))).sort(byCodeUnit);
}

/**
 * Builds the catalog of every table the API serves.
 * Rules (INTERFACES.md §5, decided where it is silent):
 * - An unsharded keyspace serves every table and view of its database, listed in its VSchema
 *   or not; a sharded keyspace serves the tables and views its VSchema lists that exist in the
 *   database (listed tables that do not exist are skipped).
 * - Sequence tables are hidden: VSchema type `sequence`, and every table some `auto_increment`
 *   names as its sequence.
 * - A reference table is exposed once: a reference table whose `source` is served is hidden
 *   (the source serves its rows, routed to its own keyspace); one without a served source is
 *   served from its own keyspace with `type: 'reference'` (the planner routes it to one shard).
 * - Views are served like tables, read-only (`view: true`, no keys); in a sharded keyspace a
 *   view is queried on every shard it routes to, so it must be listed and shard-local.
 * - Columns come from the database (ordinal order), never from the VSchema's column list.
 * Contract: deterministic (keyspaces in VSchema order, tables by name); every object frozen.
 * `input.schemas` must hold exactly one entry per VSchema keyspace (InvariantError otherwise:
 * a composition bug, not user input).
 */
export function buildApiCatalog(input: ApiCatalogInput): ApiCatalog {
  const schemas = new Map<string, CatalogKeyspaceInput>();
  for (const schema of input.schemas) {
    invariant(!schemas.has(schema.keyspace), `buildApiCatalog: keyspace ${schema.keyspace} given twice`);
    invariant(input.vschema.keyspaces.has(schema.keyspace), `buildApiCatalog: keyspace ${schema.keyspace} is not in the VSchema`);
    schemas.set(schema.keyspace, schema);
  }
  const sequences = new Set<string>();
  for (const ks of input.vschema.keyspaces.values()) {
    for (const t of ks.tables.values()) if (t.autoIncrement !== undefined) sequences.add(tableKey(t.autoIncrement.sequence.keyspace, t.autoIncrement.sequence.table));
  }
  const candidates = new Map<string, string[]>();
  const served = new Set<string>();
  for (const ks of input.vschema.keyspaces.values()) {
    const schema = schemas.get(ks.name);
    invariant(schema !== undefined, `buildApiCatalog: no introspected schema for keyspace ${ks.name}`);
    const names = candidateTables(ks, schema, sequences);
    candidates.set(ks.name, names);
    for (const name of names) if (ks.tables.get(name)?.type !== 'reference') served.add(tableKey(ks.name, name));
  }
  const tables: ApiTable[] = [];
  for (const ks of input.vschema.keyspaces.values()) {
    const schema = schemas.get(ks.name)!;
    for (const name of candidates.get(ks.name)!) {
      const spec = ks.tables.get(name);
      if (spec?.type === 'reference' && spec.source !== undefined && served.has(tableKey(spec.source.keyspace, spec.source.table))) continue;
      tables.push(buildTable(ks, schema.tables.get(name)!, spec));
    }
  }
  return Object.freeze({ tables: Object.freeze(tables) });
}
