// The planner's input: a read of one table with a predicate tree over its columns, ordering,
// paging (whole or per group), scalar or grouped aggregates, and what is known of the table's
// columns. Owns the types only; validation is validateRequest.ts and planning is planQuery.ts.
// Shaped for Hasura-style bool_exp, keyset cursors, batches and array relationships.

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
 * Per-group paging (Hasura array relationships: "the first 3 orders of EACH customer"): the
 * rows are numbered within each group, a group being the rows with equal values of every
 * column of `columns` (equal as MySQL's PARTITION BY compares: under the column's collation,
 * NULLs forming one group), in the request's `orderBy` order; only the rows numbered
 * `offset + 1` … `offset + limit` of each group are returned (`limit` absent: every row after
 * `offset`; `offset` absent: 0). Both are non-negative safe integers.
 *
 * Result contract (planQuery + executePlan):
 * - Every group's rows, each group's rows contiguous and in `orderBy` order; groups in no
 *   particular order (today: ascending by the partition columns, NULL first, within each
 *   shard's rows; across shards on a merged route, ascending overall).
 * - Ties (rows equal on every `orderBy` term, or no `orderBy` at all) are numbered in an
 *   unspecified order: which of tied rows fall inside a group's window, and their order, may
 *   differ between runs, routes and servers. A caller that needs one answer (the same as an
 *   unsharded MySQL) ends `orderBy` with a unique key, e.g. the primary key columns.
 * - An empty group is simply absent; an `offset` at or beyond a group's size yields no rows
 *   for it.
 * - The partition columns need not be in `select`: the planner reads them in the shard
 *   query and adds them as hidden output (cut after merging) where the engine needs them.
 * - Excludes the request's own `limit`/`offset` and `aggregates` (SG500). Composes with every
 *   route, `where`, `destination`, lookups and forced scatter. On a route that may reach
 *   several shards and whose groups may span shards, each shard sends up to
 *   `offset + limit` rows per group (bind `__upper_limit`) and the engine merges each group
 *   and cuts its window: `offset + limit` above `limits.maxRows` is then SG502, as for a
 *   request's own paging. On one shard, or when `columns` cover the columns of the table's
 *   unique primary vindex (every group lives on one shard), the shards apply offset and
 *   limit themselves.
 * - SQL (MariaDB 10.6+, MySQL 8): `select … from (select …, row_number() over (partition by
 *   <columns> order by <orderBy>) as __row_number from t where …) as w where
 *   __row_number … order by <columns>, __row_number`; NULL placement as `orderBy` asks (the
 *   same terms as the flat ORDER BY), every value a bind; the alias becomes `__row_number_1`
 *   (…) when the request names a column `__row_number`. This is the statement explain shows.
 * - `columns` empty or naming a column twice, a bad `limit`/`offset`: SG500; `limit: 0`
 *   returns no rows.
 * - A request with `partition` but neither `limit` nor a positive `offset` needs no window:
 *   it is planned as a plain read ordered by the partition columns (asc), then `orderBy`.
 */
export interface PartitionRequest {
  readonly columns: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * A read of `keyspace`.`table`.
 * Contract: `select` names the returned columns (may be empty only with `aggregates`,
 * which replace them and exclude orderBy, limit, offset and partition); `limit` and `offset`
 * are non-negative integers; identifiers are matched case-insensitively, as MySQL does for
 * columns, and written in SQL as given here. Breaking the contract is ServiceError SG500,
 * an unknown column SG203.
 *
 * `groupBy` (only with `aggregates`, for Hasura `R_aggregate` on array relationships): the
 * result has one row per distinct tuple of the `groupBy` columns present in the filtered
 * rows (equal as MySQL's GROUP BY compares: under the collation, NULLs one group), and a
 * group without rows is absent (the caller fills zeros). Result columns: the `groupBy`
 * columns under their own names, in `groupBy` order, then the aggregate aliases (an alias
 * equal to a `groupBy` column is SG500; `groupBy` must be non-empty, without repeats).
 * Rows in no particular order (today: on a merged route, ascending by the group columns,
 * NULL first). A group whose values differ only in what the collation ignores (case,
 * trailing spaces under PAD SPACE) carries one of those values, as MySQL does. Aggregates
 * keep the scalar semantics (count/countDistinct INT64, sum DECIMAL or FLOAT64, avg with 4
 * more digits of scale, min/max by the column's collation, NULL when no non-NULL input).
 * Across shards: when `groupBy` covers the columns of the table's unique primary vindex
 * (integer or binary types), every group lives on one shard and each shard computes its
 * groups whole; otherwise each shard sends per-group parts that the engine merges (count and
 * sum add, min/max by the scalar extremum rules, avg from sum and count, count distinct
 * summed when its own columns cover the primary vindex, else merged from the shards'
 * distinct values: each shard sends at most `limits.maxRows + 1` rows, and more than
 * `maxRows` in total is SG505). More than `maxRows` result rows is SG709.
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
  /** Per-group paging; see {@link PartitionRequest}. */
  readonly partition?: PartitionRequest;
  /** Group columns of `aggregates`; see the interface's contract. */
  readonly groupBy?: readonly string[];
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
