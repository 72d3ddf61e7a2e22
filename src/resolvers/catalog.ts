// The API catalog: plain, frozen data describing every table the GraphQL API serves (Contract 1
// of issue #5), plus the structural input types buildApiCatalog reads, shaped so that
// src/introspect's KeyspaceSchemaInfo / TableInfo / ColumnInfo fit as they are. Owns the types
// only: building is buildApiCatalog.ts; GraphQL names and scalars are src/schema's.

import type { ColumnInfo as PlanningColumn } from '../sharding/planner/queryRequest.js';
import type { SqlType } from '../util/sqlValue.js';
import type { VSchemaModel } from '../vschema/model.js';

/**
 * One served column. Contract: `name` is the column's name as the database spells it;
 * `type` its Vitess value type; `columnType` the full lowercase MySQL type (`bigint unsigned`,
 * `enum('a','b')`); `enumValues` only for ENUM (and SET) columns, in definition order;
 * `isBoolean` only for signed `tinyint(1)`; `hasDefault` is true when an insert may omit the
 * column (a literal, expression or NULL default, auto_increment, or a generated column);
 * `precision`/`scale` as introspection reports them (digits, or fractional-second digits for
 * DATETIME/TIMESTAMP/TIME).
 */
export interface ApiColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly columnType: string;
  readonly nullable: boolean;
  /** The column comment, `''` when none. */
  readonly comment: string;
  readonly enumValues?: readonly string[];
  readonly isBoolean: boolean;
  readonly autoIncrement: boolean;
  readonly hasDefault: boolean;
  readonly unsigned: boolean;
  readonly precision?: number;
  readonly scale?: number;
  /** True for a generated (virtual or stored) column: readable, never writable. */
  readonly generated: boolean;
}

/**
 * A foreign key of a served table (for relationships, issue #6); columns and referenced
 * columns pair up by position. `referencedSchema` is set only when the referenced table lives
 * in another database (it names a database, not a keyspace).
 */
export interface ApiForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema?: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
}

/**
 * One served table (or view).
 * Contract: `columns` in ordinal order; `primaryKey` in key order, empty when the table has
 * none (then it gets no `_by_pk` and no `_connection`: keyset cursors need a unique
 * tiebreak); `shardingColumns` and `primaryVindex` are set exactly for `sharded` tables of
 * type `table` (the primary vindex's columns, spelled as in `columns`); `type: 'reference'`
 * marks a Vitess reference table served from its own keyspace (one without a served source);
 * `planningColumns` are the planner's ColumnInfo for every column, in the same order;
 * `view` is true for a database VIEW (read-only, no keys).
 */
export interface ApiTable {
  readonly keyspace: string;
  readonly table: string;
  readonly sharded: boolean;
  readonly type: 'table' | 'reference';
  readonly view: boolean;
  /** The table comment, `''` when none. */
  readonly comment: string;
  readonly columns: readonly ApiColumn[];
  readonly primaryKey: readonly string[];
  readonly shardingColumns?: readonly string[];
  readonly primaryVindex?: { readonly name: string; readonly type: string };
  /** The column a VSchema `auto_increment` fills from its sequence when an insert omits it (or gives NULL). */
  readonly sequenceColumn?: string;
  readonly planningColumns: readonly PlanningColumn[];
  /** Sorted by name. */
  readonly foreignKeys: readonly ApiForeignKey[];
  /** The UNIQUE keys (not the primary key), sorted by name; absent when the table has none (on_conflict, issue #7). */
  readonly uniqueKeys?: readonly ApiUniqueKey[];
}

/** A UNIQUE key of a served table: its name and columns in key order. */
export interface ApiUniqueKey {
  readonly name: string;
  readonly columns: readonly string[];
}

/**
 * A relationship field of a served table (issue #6; naming rules in README.md): the rows of `to`
 * whose `toColumns` equal `columns` of a row of `from`, pairwise. `object` fields give at most
 * one row (nullable), `array` fields every matching row. `from` and `to` are entries of the
 * same catalog's `tables`.
 */
export interface ApiRelationship {
  readonly kind: 'object' | 'array';
  /** The field name on `from` (INTERFACES.md §5), unique among its columns and relationships. */
  readonly name: string;
  readonly from: ApiTable;
  readonly columns: readonly string[];
  readonly to: ApiTable;
  readonly toColumns: readonly string[];
  /** A foreign key of `table` (both directions of it name the same key), or config entry `index`. */
  readonly source: { readonly kind: 'foreignKey'; readonly table: ApiTable; readonly name: string } | { readonly kind: 'config'; readonly index: number };
}

/**
 * Every table the API serves. Contract: keyspaces in VSchema order, then tables by name
 * (UTF-16 code unit order); at most one entry per (keyspace, table); frozen. `relationships`
 * (absent: none) come from buildRelationships, grouped by `from` in table order.
 */
export interface ApiCatalog {
  readonly tables: readonly ApiTable[];
  readonly relationships?: readonly ApiRelationship[];
}

/**
 * A column as buildApiCatalog reads it: src/introspect's ColumnInfo fits as it is. Only
 * `default.kind` is read (`none` means no default).
 */
export interface CatalogColumnInput {
  readonly name: string;
  readonly columnType: string;
  readonly type: SqlType;
  readonly unsigned: boolean;
  readonly nullable: boolean;
  readonly default: { readonly kind: string };
  readonly autoIncrement: boolean;
  readonly comment: string;
  readonly maxLength?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly padSpace?: boolean;
  readonly spaceWeight?: string;
  readonly maxWeightsPerChar?: number;
  readonly enumValues?: readonly string[];
  readonly isBoolean: boolean;
  readonly generated?: { readonly kind: string };
}

/** A table or view as buildApiCatalog reads it: src/introspect's TableInfo fits as it is. */
export interface CatalogTableInput {
  readonly name: string;
  /** `BASE TABLE` or `VIEW`. */
  readonly type: string;
  readonly comment: string;
  /** In ordinal order. */
  readonly columns: readonly CatalogColumnInput[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ApiForeignKey[];
  /** UNIQUE keys (src/introspect's TableInfo.uniqueKeys fits); absent: none. */
  readonly uniqueKeys?: readonly ApiUniqueKey[];
}

/** The introspected tables of one keyspace: src/introspect's KeyspaceSchemaInfo fits as it is. */
export interface CatalogKeyspaceInput {
  readonly keyspace: string;
  readonly tables: ReadonlyMap<string, CatalogTableInput>;
}

/** What buildApiCatalog reads: the VSchema model and the introspected schema of every keyspace in it. */
export interface ApiCatalogInput {
  readonly vschema: VSchemaModel;
  readonly schemas: readonly CatalogKeyspaceInput[];
}
