// The validated, frozen VSchema model that the planner and router read. Owns only the types;
// buildVSchema.ts builds values of them from raw Vitess VSchema JSON. Maps keep JSON order.

import type { VindexTypeInfo } from './vindexTypeInfo.js';

export type { VindexTypeInfo } from './vindexTypeInfo.js';

/** Keyspace foreign key mode. Mirrors vitess proto/vschema.proto Keyspace.ForeignKeyMode. */
export type ForeignKeyMode = 'unspecified' | 'disallow' | 'unmanaged' | 'managed';

/** Table kind: a normal table (`type: ""`), a sequence or a reference table. */
export type TableType = 'table' | 'sequence' | 'reference';

/** A (keyspace, table) pair naming a table in the model. */
export interface TableRef {
  readonly keyspace: string;
  readonly table: string;
}

/** The whole cluster's VSchema. Mirrors vitess go/vt/vtgate/vindexes/vschema.go VSchema. */
export interface VSchemaModel {
  /** Keyspaces in input order. */
  readonly keyspaces: ReadonlyMap<string, KeyspaceSchema>;
  /**
   * Table routing rules: `from_table` exactly as written (`t`, `ks.t`, `t@replica`,
   * `ks.t@primary`) → targets as `ks.table` (unescaped). An empty list disables the table.
   * Contract: every rule is well formed (at most one target, qualified, no duplicates), but a
   * target may name a keyspace or table that does not exist: Vitess keeps such rules and
   * fails the queries that use them (FindRoutedTable), and so must the planner.
   */
  readonly routingRules: ReadonlyMap<string, readonly string[]>;
  /** Keyspace routing rules: `from_keyspace` (optionally with `@replica`/`@rdonly`) → to keyspace. */
  readonly keyspaceRoutingRules: ReadonlyMap<string, string>;
  /** Shard routing rules: `fromKeyspace.shard` → to keyspace. Mirrors vitess getShardRoutingRulesKey. */
  readonly shardRoutingRules: ReadonlyMap<string, string>;
}

/** Multi-tenant spec of a keyspace. Mirrors vitess proto/vschema.proto MultiTenantSpec. */
export interface MultiTenantSpec {
  readonly tenantIdColumnName: string;
  /** query.Type name, e.g. `INT64`; undefined when not given. */
  readonly tenantIdColumnType?: string;
}

/** One keyspace. Mirrors vitess vindexes.KeyspaceSchema. */
export interface KeyspaceSchema {
  readonly name: string;
  readonly sharded: boolean;
  readonly requireExplicitRouting: boolean;
  /** As Vitess replaceUnspecifiedForeignKeyMode: `unspecified` in the JSON becomes `unmanaged`. */
  readonly foreignKeyMode: ForeignKeyMode;
  readonly vindexes: ReadonlyMap<string, VindexSpec>;
  readonly tables: ReadonlyMap<string, TableSchema>;
  readonly multiTenantSpec?: MultiTenantSpec;
}

/** A vindex declared in a keyspace. */
export interface VindexSpec {
  readonly name: string;
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
  /** Owner table name (same keyspace); undefined when not owned. */
  readonly owner?: string;
  readonly info: VindexTypeInfo;
}

/** A column of a table. Mirrors vitess proto/vschema.proto Column. */
export interface ColumnSpec {
  readonly name: string;
  /** query.Type name, e.g. `INT64`, `VARCHAR`; undefined when not given (NULL_TYPE). */
  readonly type?: string;
  readonly invisible: boolean;
  readonly default?: string;
  readonly collationName?: string;
  readonly size?: number;
  readonly scale?: number;
  /** True unless the JSON says `"nullable": false` (Vitess buildTables defaults it to true). */
  readonly nullable: boolean;
  readonly values?: readonly string[];
}

/** A column vindex of a table: index 0 of TableSchema.columnVindexes is the primary vindex. */
export interface ColumnVindexSpec {
  /** The vindex name. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly vindex: VindexSpec;
  /** True when the vindex's owner is this table. */
  readonly owned: boolean;
}

/** Auto-increment of a table with its sequence resolved to a keyspace. */
export interface AutoIncrementSpec {
  readonly column: string;
  readonly sequence: TableRef;
}

/** One table. Mirrors vitess vindexes.Table. */
export interface TableSchema {
  readonly keyspace: string;
  readonly name: string;
  readonly type: TableType;
  /**
   * Column vindexes in JSON order; index 0 is the primary vindex. Vitess builds them in
   * unsharded keyspaces too (they are then not used for routing). Partial multi-column
   * entries that Vitess derives (ColumnVindex.partial) are not listed here.
   */
  readonly columnVindexes: readonly ColumnVindexSpec[];
  readonly autoIncrement?: AutoIncrementSpec;
  readonly columns: readonly ColumnSpec[];
  readonly columnListAuthoritative: boolean;
  /** Pinned keyspace id (sharded keyspaces only). */
  readonly pinned?: Uint8Array;
  /** Source of a reference table, resolved. */
  readonly source?: TableRef;
  /** Reference tables (in other keyspaces) whose source is this table. */
  readonly referencedBy?: readonly TableRef[];
}
