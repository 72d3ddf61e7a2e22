// The planner's view of a VSchema: every vindex created once per keyspace, and per table the
// column vindexes routing may use, with the prefixes of multi-column vindexes added as Vitess
// adds them. Built once at start; pure data afterwards. Owns no routing decisions.

import type { Vindex } from '../vindexes/vindex.js';
import { createVindex } from '../vindexes/registry.js';
import type { KeyspaceSchema, TableSchema, VSchemaModel } from '../../vschema/model.js';

/** Creates a vindex instance (the registry's createVindex, or a test double). */
export type VindexFactory = (type: string, name: string, params: Readonly<Record<string, string>>) => Vindex;

/**
 * A column vindex as routing uses it. Mirrors vitess vindexes.ColumnVindex: `partial` marks a
 * prefix of a multi-column vindex (not unique, cost + 1 per dropped column); `backfill`
 * marks a `write_only` lookup, which routing ignores (Vitess IsBackfilling).
 */
export interface RoutingColumnVindex {
  readonly name: string;
  readonly type: string;
  readonly columns: readonly string[];
  readonly vindex: Vindex;
  readonly isUnique: boolean;
  readonly cost: number;
  readonly partial: boolean;
  readonly backfill: boolean;
}

/** A table with the column vindexes routing may use, primary first, prefixes last. */
export interface RoutingTable {
  readonly schema: TableSchema;
  readonly columnVindexes: readonly RoutingColumnVindex[];
}

/** A keyspace with its vindex instances and tables. */
export interface RoutingKeyspace {
  readonly schema: KeyspaceSchema;
  readonly vindexes: ReadonlyMap<string, Vindex>;
  readonly tables: ReadonlyMap<string, RoutingTable>;
}

/** The whole routing view; `binary` is the vindex that routes pinned tables. */
export interface RoutingSchema {
  readonly vschema: VSchemaModel;
  readonly keyspaces: ReadonlyMap<string, RoutingKeyspace>;
  readonly binary: Vindex;
}

/** Options of {@link buildRoutingSchema}. */
export interface BuildRoutingSchemaOptions {
  /** Defaults to the vindex registry's createVindex. */
  readonly createVindex?: VindexFactory;
}

function buildColumnVindexes(table: TableSchema, vindexes: ReadonlyMap<string, Vindex>): RoutingColumnVindex[] {
  const out: RoutingColumnVindex[] = [];
  for (const [i, cv] of table.columnVindexes.entries()) {
    const vindex = vindexes.get(cv.name);
    if (vindex === undefined) continue;
    const backfill = vindex.kind === 'lookup' && vindex.isBackfilling;
    const base = { name: cv.name, type: vindex.type, vindex, backfill };
    out.push({ ...base, columns: cv.columns, isUnique: vindex.isUnique, cost: vindex.cost, partial: false });
    if (i !== 0 || vindex.kind !== 'multiColumn' || !vindex.partialVindex) continue;
    let cost = vindex.cost;
    for (let n = cv.columns.length - 1; n > 0; n--) {
      cost++;
      out.push({ ...base, columns: cv.columns.slice(0, n), isUnique: false, cost, partial: true });
    }
  }
  return out;
}

/**
 * Creates every vindex of every keyspace once and derives each table's routing vindexes.
 * Contract: tables keep the model's order; a table's column vindexes keep VSchema order
 * (index 0 the primary), followed by the prefixes of a partial multi-column primary
 * vindex, longest first, as vitess go/vt/vtgate/vindexes/vschema.go buildTables adds them.
 * Throws what the factory throws (ServiceError SG400/SG401) for a vindex it cannot create;
 * a model from buildVSchema holds only vindexes that passed its checks.
 */
export function buildRoutingSchema(vschema: VSchemaModel, options: BuildRoutingSchemaOptions = {}): RoutingSchema {
  const create = options.createVindex ?? createVindex;
  const keyspaces = new Map<string, RoutingKeyspace>();
  for (const [name, ks] of vschema.keyspaces) {
    const vindexes = new Map<string, Vindex>();
    for (const [vname, spec] of ks.vindexes) vindexes.set(vname, create(spec.type, vname, spec.params));
    const tables = new Map<string, RoutingTable>();
    for (const [tname, table] of ks.tables) tables.set(tname, { schema: table, columnVindexes: buildColumnVindexes(table, vindexes) });
    keyspaces.set(name, { schema: ks, vindexes, tables });
  }
  return { vschema, keyspaces, binary: create('binary', 'binary', {}) };
}
