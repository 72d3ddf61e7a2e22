// The planner's input: a read of one table with a predicate tree over its columns, ordering,
// paging and scalar aggregates, and what is known of the table's columns. Owns the types only;
// validation is validateRequest.ts and planning is planQuery.ts. Shaped for Hasura-style
// bool_exp, keyset cursors and batches.

import type { SqlType, SqlValue } from '../../util/sqlValue.js';

/** A comparison operator (Hasura `_eq` `_neq` `_lt` `_lte` `_gt` `_gte`). */
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A boolean expression over the table's columns, with SQL three-valued logic.
 * Contract: a comparison with a NULL value is never true (use `isNull`); `in` with no
 * values is false and `in … negated` with no values is true (Hasura `_in: []`, `_nin: []`);
 * `like` patterns use MySQL wildcards. A keyset cursor is an `or` of `and`s
 * (`a > x OR (a = x AND pk > y)`); a DataLoader batch of keys is one `in`.
 */
export type Predicate =
  | { readonly kind: 'and'; readonly operands: readonly Predicate[] }
  | { readonly kind: 'or'; readonly operands: readonly Predicate[] }
  | { readonly kind: 'not'; readonly operand: Predicate }
  | { readonly kind: 'cmp'; readonly column: string; readonly op: ComparisonOp; readonly value: SqlValue }
  | { readonly kind: 'in'; readonly column: string; readonly values: readonly SqlValue[]; readonly negated: boolean }
  | { readonly kind: 'isNull'; readonly column: string; readonly negated: boolean }
  | { readonly kind: 'like'; readonly column: string; readonly pattern: SqlValue; readonly negated: boolean }
  | { readonly kind: 'true' }
  | { readonly kind: 'false' };

/**
 * One ORDER BY term. `nulls` overrides MySQL's NULL placement (first for asc, last for
 * desc), as Hasura's `asc_nulls_last` / `desc_nulls_first` do; absent means MySQL's.
 */
export interface OrderBy {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}

/** A scalar aggregate function (Hasura `aggregate { count sum avg min max }`). */
export type AggregateFunction = 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max';

/**
 * One aggregate: `count` without a column is `count(*)`; every other function needs one.
 * `countDistinct` may instead name several `columns` (MySQL `COUNT(DISTINCT a, b)`: distinct
 * tuples, rows with a NULL in any of them not counted); no other function takes `columns`.
 */
export interface AggregateRequest {
  readonly fn: AggregateFunction;
  readonly column?: string;
  readonly columns?: readonly string[];
  readonly alias: string;
}

/**
 * An explicit target that bypasses vindex routing, like Vitess's `USE ks:-80` or
 * `ks[-80].t` targeting: named shards, or every shard intersecting a key range.
 */
export type DestinationRequest =
  | { readonly kind: 'shards'; readonly shards: readonly string[] }
  | { readonly kind: 'keyRange'; readonly keyRange: string };

/**
 * A read of `keyspace`.`table`.
 * Contract: `select` names the returned columns (may be empty only with `aggregates`,
 * which replace them and exclude orderBy, limit and offset); `limit` and `offset` are
 * non-negative integers; identifiers are matched case-insensitively, as MySQL does for
 * columns, and written in SQL as given here.
 */
export interface QueryRequest {
  readonly keyspace: string;
  readonly table: string;
  readonly select: readonly string[];
  readonly where?: Predicate;
  readonly orderBy?: readonly OrderBy[];
  readonly limit?: number;
  readonly offset?: number;
  readonly aggregates?: readonly AggregateRequest[];
  readonly destination?: DestinationRequest;
}

/**
 * A column as introspection reports it (src/introspect's ColumnInfo has these fields, so a
 * table's introspected columns can be handed over as they are): its name and, when known, its
 * SQL type and the collation facts that decide how text merges across shards (mergeKey.ts).
 * Contract: the collation facts are only read for VARCHAR, CHAR and TEXT columns, and for
 * MIN/MAX of ENUM and SET columns (compared as text there; ordered by member number).
 */
export interface ColumnInfo {
  readonly name: string;
  readonly type?: SqlType;
  /** The declared maximum length: characters for text types. */
  readonly maxLength?: number;
  /** True when the collation is PAD SPACE (trailing spaces do not count), false for NO PAD. */
  readonly padSpace?: boolean;
  /**
   * The weight string of one space, lowercase hex, for a PAD SPACE collation whose weight
   * strings are single-level (they pad by appending it); absent otherwise.
   */
  readonly spaceWeight?: string;
  /** The most weights one character yields per level (information_schema.COLLATIONS.SORTLEN). */
  readonly maxWeightsPerChar?: number;
}
