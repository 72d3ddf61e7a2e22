// The introspected schema of one keyspace: tables, columns, keys, indexes and foreign keys as
// read from information_schema and normalised so that MariaDB and MySQL 8 give the same model.
// Owns the types only: reading is readCatalog.ts, building buildSchemaInfo.ts, comparing
// diffSchemaInfo.ts. Nothing here knows about VSchemas or GraphQL.

import type { SqlType } from '../util/sqlValue.js';

/** What a column defaults to, normalised across MariaDB and MySQL 8. */
export type ColumnDefault =
  /** No default: NOT NULL without DEFAULT, auto_increment and generated columns. */
  | { readonly kind: 'none' }
  /** DEFAULT NULL, written or implied (a nullable column without DEFAULT). */
  | { readonly kind: 'null' }
  /** A constant: the value's text, unquoted and unescaped (`it's`, `1.50`, `2020-01-01`, `b'101'`). */
  | { readonly kind: 'literal'; readonly value: string }
  /**
   * An expression evaluated per insert, as the server prints it, except that CURRENT_TIMESTAMP
   * and its synonyms are spelled `current_timestamp()` / `current_timestamp(<fsp>)`.
   */
  | { readonly kind: 'expression'; readonly sql: string };

/** A generated column: how it is stored and its expression (outer parentheses removed). */
export interface GeneratedColumn {
  readonly kind: 'virtual' | 'stored';
  readonly expression: string;
}

/**
 * One column. `name`, `type`, `maxLength` and the collation facts (`padSpace`, `spaceWeight`,
 * `maxWeightsPerChar`) make it a planner ColumnInfo (src/sharding/planner/queryRequest.ts), so
 * a table's `columns` can be handed to the planner, which merges text across shards by them.
 */
export interface ColumnInfo {
  readonly name: string;
  /** information_schema DATA_TYPE, lowercase (`bigint`, `varchar`); MariaDB JSON is `json`. */
  readonly dataType: string;
  /**
   * The full type, lowercase (`bigint unsigned`, `varchar(20)`, `enum('a','b')`), without the
   * integer display widths MySQL 8 drops (kept for `tinyint(1)` and zerofill, as MySQL 8 does).
   */
  readonly columnType: string;
  /** The Vitess value type of the column's values (sqlparser SQLTypeToQueryType). */
  readonly type: SqlType;
  readonly unsigned: boolean;
  readonly nullable: boolean;
  readonly default: ColumnDefault;
  /** `ON UPDATE` expression, normalised as an expression default (`current_timestamp()`). */
  readonly onUpdate?: string;
  readonly autoIncrement: boolean;
  /** The column comment, `''` when none. */
  readonly comment: string;
  /** Characters for text types, bytes for binary types; absent for other types and JSON. */
  readonly maxLength?: number;
  /** Digits for numeric types, bits for BIT, fractional-second digits for TIME/DATETIME/TIMESTAMP. */
  readonly precision?: number;
  /** Digits after the point for numeric types. */
  readonly scale?: number;
  /** Character set and collation of text, ENUM and SET columns (not JSON). */
  readonly charset?: string;
  readonly collation?: string;
  /**
   * True when the collation is PAD SPACE (`'a' = 'a '`: trailing spaces do not count), false
   * for NO PAD (MariaDB `*_nopad_*`, MySQL 8 `*_0900_*`). Asked of the server, like the two
   * facts below; all three are absent without a collation or when the server was not asked
   * (a collation or charset name with characters other than letters, digits and `_`).
   */
  readonly padSpace?: boolean;
  /**
   * PAD SPACE only: the weight string of one space, lowercase hex (`0020` in
   * `utf8mb4_general_ci`), when the collation's weight strings pad by appending it, i.e.
   * `weight_string('a' as char(3))` is `weight_string('a')` and two of these. Absent for
   * multi-level collations (MariaDB `*_thai_520_w2`, `latin2_czech_cs`, `cp1250_czech_cs`,
   * `latin7_*`), where padding interleaves with the levels.
   */
  readonly spaceWeight?: string;
  /** The most weights one character yields per level: information_schema.COLLATIONS.SORTLEN (absent when 0). */
  readonly maxWeightsPerChar?: number;
  /** ENUM or SET members in definition order, unescaped. */
  readonly enumValues?: readonly string[];
  /** True for signed `tinyint(1)`, MySQL's BOOLEAN. */
  readonly isBoolean: boolean;
  readonly generated?: GeneratedColumn;
}

/** A UNIQUE index: its name and columns in key order. */
export interface UniqueKey {
  readonly name: string;
  readonly columns: readonly string[];
}

/** A secondary index (PRIMARY is `TableInfo.primaryKey`), columns in key order. */
export interface IndexInfo {
  readonly name: string;
  readonly columns: readonly string[];
  /** Per column, the indexed prefix length, or null when the whole column is indexed. */
  readonly prefixLengths: readonly (number | null)[];
  readonly unique: boolean;
  /** information_schema INDEX_TYPE: `BTREE`, `HASH`, `FULLTEXT`, `SPATIAL`, … */
  readonly indexType: string;
}

/** What a foreign key does to referencing rows (information_schema UPDATE_RULE/DELETE_RULE). */
export type ForeignKeyAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

/** The foreign key actions, for validation. */
export const FOREIGN_KEY_ACTIONS: readonly ForeignKeyAction[] = ['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION'];

/**
 * A foreign key; columns and referenced columns pair up by position. `referencedSchema` is set
 * only when the referenced table lives in another database (a cross-database foreign key): such
 * a key names a database, not a table of this keyspace.
 */
export interface ForeignKeyInfo {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema?: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onUpdate: ForeignKeyAction;
  readonly onDelete: ForeignKeyAction;
}

/** The table types served; MariaDB system-versioned tables count as base tables. */
export type TableType = 'BASE TABLE' | 'VIEW';

/** One table or view. Views have no keys, indexes or foreign keys. */
export interface TableInfo {
  readonly name: string;
  readonly type: TableType;
  /** The table comment, `''` when none (also for views, whose comment the server reports as `VIEW`). */
  readonly comment: string;
  /** In ordinal order. */
  readonly columns: readonly ColumnInfo[];
  /** The PRIMARY KEY columns in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  /** UNIQUE indexes (a subset of `indexes`), sorted by name. */
  readonly uniqueKeys: readonly UniqueKey[];
  /** Secondary indexes, sorted by name. */
  readonly indexes: readonly IndexInfo[];
  /** Sorted by name. */
  readonly foreignKeys: readonly ForeignKeyInfo[];
}

/** The schema of a keyspace as read from one of its shards. */
export interface KeyspaceSchemaInfo {
  readonly keyspace: string;
  /** Tables and views by name, in name order (UTF-16 code unit order). */
  readonly tables: ReadonlyMap<string, TableInfo>;
}
