// The plan: what the planner decides and the engine executes. Pure data (plus the lookup
// vindex's result mapper), printable with describePlan. Owns the node types and their
// contracts; building plans is src/sharding/planner, executing them is src/engine.

import type { SqlValue } from '../../util/sqlValue.js';
import type { Destination } from '../key/destination.js';
import type { LookupOrphanSql } from '../vindexes/lookupWrite.js';
import type { LookupTableRef } from './writePlan.js';

/**
 * Route opcodes, spelled as in Vitess plan JSON. Mirrors vitess go/vt/vtgate/engine/routing.go
 * Opcode (Between, Next and DBA are not produced: no request shape needs them).
 */
export const OPCODES = [
  'Unsharded',
  'EqualUnique',
  'Equal',
  'IN',
  'MultiEqual',
  'SubShard',
  'Scatter',
  'Reference',
  'None',
  'ByDestination',
] as const;

/** A route opcode (see {@link OPCODES}). */
export type Opcode = (typeof OPCODES)[number];

/** The opcodes a VindexLookup can carry: the lookup decides the shards of these. */
export type LookupOpcode = 'EqualUnique' | 'Equal' | 'IN' | 'MultiEqual';

/** A bind variable: a scalar (`:name` in SQL) or a list (`::name`, expanded by the executor). */
export type BindValue = SqlValue | readonly SqlValue[];

/** True when a bind value (or a routing value) is a list. */
export function isBindList(v: BindValue): v is readonly SqlValue[] {
  return Array.isArray(v);
}

/** Bind variables by name (without the colons). */
export type BindVars = Readonly<Record<string, BindValue>>;

/** A result row: one SqlValue per selected column, in select order. */
export type Row = readonly SqlValue[];

/** Where a route's keyspace sits; printed as Vitess's `Keyspace {Name, Sharded}`. */
export interface KeyspaceRef {
  readonly name: string;
  readonly sharded: boolean;
}

/** The vindex a route used, with the table columns it read (in vindex order). */
export interface VindexRef {
  readonly name: string;
  readonly type: string;
  readonly columns: readonly string[];
}

/** One SQL statement for one shard: the shard name, its SQL and all its bind variables. */
export interface RouteTarget {
  readonly shard: string;
  readonly sql: string;
  readonly bindVars: BindVars;
}

/**
 * A route whose shards are known at plan time. Mirrors vitess engine.Route with its
 * RoutingParameters already resolved: `targets` lists every shard to query (sorted in the
 * keyspace's shard order), each with its own SQL and bind variables; `None` has no targets.
 * `sql` and `bindVars` are the template and the binds every target shares; a target of an
 * IN route additionally binds `__vals` (or `__vals<i>` per multi-column vindex column) to
 * only the values that route to its shard, as Vitess's resolveShards + shardVars do.
 */
export interface RouteNode {
  readonly kind: 'route';
  readonly opcode: Opcode;
  readonly keyspace: KeyspaceRef;
  readonly table: string;
  /** The vindex that chose the shards; absent for Scatter, Unsharded, Reference, None, ByDestination. */
  readonly vindex?: VindexRef;
  /** The routing values, one per vindex column: a value (`=`) or a list (`IN`, MultiEqual). */
  readonly values?: readonly BindValue[];
  /** The explicit destination of a ByDestination route, as destinationString prints it. */
  readonly destination?: string;
  readonly sql: string;
  readonly bindVars: BindVars;
  readonly targets: readonly RouteTarget[];
}

/**
 * Maps the rows a lookup query returned to destinations: the `mapResult` of a lookup vindex
 * (src/sharding/vindexes LookupVindex satisfies this). `rowsPerId[i]` holds the `to` column
 * values found for `ids[i]`; the result has one Destination per id, `none` for no row.
 */
export interface LookupResultMapper {
  mapResult(ids: readonly SqlValue[], rowsPerId: readonly (readonly SqlValue[])[]): Destination[];
}

/**
 * One execution of the lookup query: the ids it looks up, the values it binds for them
 * (the ids themselves, or their hashes for lookup_unicodeloosemd5_hash, same order), and
 * the plan that reads them (`select <from>, <to> from <lookup table> where <from> in
 * (values)`, routed by the lookup table's own vindexes). With one id every returned row
 * belongs to it; with several, rows match ids by the text of their first column against
 * `values` (Vitess executeBatch).
 */
export interface LookupStep {
  readonly ids: readonly SqlValue[];
  readonly values: readonly SqlValue[];
  readonly plan: SelectPlan;
}

/**
 * A route whose shards come from a lookup vindex. Mirrors vitess engine.VindexLookup: the
 * engine runs `lookups` in order, gives the rows to `mapper`, resolves the destinations to
 * shards and sends `sql` there (routeAfterLookup does all of that but the I/O). For `IN`
 * each shard's `__vals` holds only the ids that map to it (Vitess binds every id to every
 * shard); for the other opcodes every shard gets `bindVars` unchanged.
 */
export interface VindexLookupNode {
  readonly kind: 'vindexLookup';
  readonly opcode: LookupOpcode;
  readonly keyspace: KeyspaceRef;
  readonly table: string;
  readonly vindex: VindexRef;
  /** The looked-up values, deduplicated, in request order. */
  readonly ids: readonly SqlValue[];
  readonly lookups: readonly LookupStep[];
  readonly mapper: LookupResultMapper;
  readonly sql: string;
  readonly bindVars: BindVars;
  /** Present when reads may remove orphan rows of this lookup (an owned consistent lookup; see {@link LookupOrphanCleanup}). */
  readonly orphans?: LookupOrphanCleanup;
}

/**
 * How a read through an owned consistent lookup removes the orphan rows it meets (lookup rows
 * whose owner row is missing, as a crash between the lookup write and the row write leaves
 * them); src/engine lookupOrphans.ts runs it. Only for one `from` column: the lookup query
 * returns only the first one, which then is the whole lookup row with `to`. `from` and `to`
 * name the bind variables of `sql` (the lookup's columns); `table` is where lookup rows live.
 */
export interface LookupOrphanCleanup {
  readonly table: LookupTableRef;
  readonly from: string;
  readonly to: string;
  readonly sql: LookupOrphanSql;
}

/** How one ordering column of the merged rows compares (Vitess OrderByParams). */
export interface OrderKey {
  /** The column of each shard row holding the value. */
  readonly column: number;
  /**
   * The column holding the value's merge key, compared instead of the value when present:
   * `weight_string(value)` for text (Vitess's WeightStringCol), the member number
   * `cast(value as unsigned)` for ENUM and SET, which MySQL orders by number.
   */
  readonly weightStringColumn?: number;
  /**
   * The weight of one space in a PAD SPACE collation: the weight strings then compare as if
   * the shorter one went on with this weight repeated (compareWeightStrings). Absent: bytes.
   */
  readonly padWeight?: Uint8Array;
  readonly direction: 'asc' | 'desc';
  /** True when NULLs sort first (MySQL's default for asc, the opposite for desc). */
  readonly nullsFirst: boolean;
}

/**
 * How one requested aggregate is produced from the shard rows.
 * Split kinds combine the partial rows of every shard (Vitess aggregation opcodes): one row
 * per shard, or one per group of distinct values when a `countDistinct` needs them (each
 * shard groups by the distinct columns; every other kind folds over the groups alike).
 * `sumCountStar`/`sumCount`/`sumCountDistinct` add counts (INT64, 0 without rows), `sum`
 * adds sums (NULL without non-NULL input), `min`/`max` compare (by `weightStringColumn` when
 * present, padded with `padWeight` as OrderKey says), `avg` is the sum of `sumColumn` over
 * the sum of `countColumn` (NULL when the count is 0), `countDistinct` counts the distinct
 * tuples of its `keys` columns (compared as OrderKeys compare, so values equal under the
 * column's collation count once; a tuple with a NULL is not counted) and fails when the
 * shards sent more than `maxValues` rows.
 * `value` (single-shard routes) takes the column of the one row; with no row at all it is
 * 0 when `zeroWhenEmpty` (counts), else NULL, as Vitess's NoRoutesSpecialHandling yields.
 */
export type AggregateOutput =
  | { readonly kind: 'sumCountStar' | 'sumCount' | 'sumCountDistinct' | 'sum'; readonly alias: string; readonly column: number }
  | {
      readonly kind: 'countDistinct';
      readonly alias: string;
      /** The distinct columns' names, for messages. */
      readonly columns: readonly string[];
      /** One key per distinct column, in request order (direction and NULL placement unused). */
      readonly keys: readonly OrderKey[];
      /** The most rows the shards may send in total (`limits.maxRows`); absent: no bound. */
      readonly maxValues?: number;
    }
  | {
      readonly kind: 'min' | 'max';
      readonly alias: string;
      readonly column: number;
      readonly weightStringColumn?: number;
      readonly padWeight?: Uint8Array;
    }
  | { readonly kind: 'avg'; readonly alias: string; readonly sumColumn: number; readonly countColumn: number }
  | { readonly kind: 'value'; readonly alias: string; readonly column: number; readonly zeroWhenEmpty: boolean };

/**
 * Per-group paging the engine applies after merging (a partitioned request whose groups may
 * span shards): the first `groupKeys` keys of the MergeSpec's `orderBy` identify a group
 * (rows comparing equal on them, by compareRows, are one group); in merged order, the first
 * `offset` rows of each group are skipped and at most `limit` kept (absent: all).
 */
export interface PartitionMerge {
  readonly groupKeys: number;
  readonly offset: number;
  readonly limit?: number;
}

/**
 * How grouped aggregates come out of the shard rows. `keys` holds one key per group column,
 * in request order: the column with its value (and the merge key deciding equality, as
 * compareRows compares; direction and NULL placement unused). `whole`: every group lives on
 * one shard and its row carries the finished aggregates (`value` outputs), so each shard row
 * is one result row; otherwise rows with equal keys, from any shard, are folded together.
 */
export interface GroupMerge {
  readonly keys: readonly OrderKey[];
  readonly whole: boolean;
}

/**
 * What the engine does with the rows of every shard before returning them.
 * Contract: rows are merge-sorted by `orderBy` (empty: shard order kept), then `offset`
 * rows are skipped and at most `limit` kept (with `partition`: per group instead, and the
 * flat offset is 0 and limit absent), then each row is cut to its first `resultColumns`
 * columns. With `aggregates` the shard rows (all of them, of every shard) are instead folded
 * into one row by recombineAggregates (always exactly one row, even with no shard rows), or,
 * with `groups`, into one row per group (none without shard rows): the group columns' values,
 * then the aggregates; `resultColumns` is then their total.
 */
export interface MergeSpec {
  readonly orderBy: readonly OrderKey[];
  readonly offset: number;
  readonly limit?: number;
  readonly resultColumns: number;
  readonly aggregates?: readonly AggregateOutput[];
  readonly partition?: PartitionMerge;
  readonly groups?: GroupMerge;
}

/**
 * A planned read of one table. `columns` names the result columns (selected columns, or
 * the group columns then the aggregate aliases) in order; `route` says where the SQL goes;
 * `merge` how rows combine.
 */
export interface SelectPlan {
  readonly kind: 'select';
  readonly keyspace: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly route: RouteNode | VindexLookupNode;
  readonly merge: MergeSpec;
}

/** Any plan (reads today; mutations will add their own kinds). */
export type Plan = SelectPlan;
