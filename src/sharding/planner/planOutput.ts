// What each shard selects and how the engine merges it: the select list (visible columns,
// then hidden ORDER BY / partition columns and their merge keys, or group columns and
// aggregates split into per-shard parts), the ORDER BY and GROUP BY terms, the window of a
// per-group page, and the merge spec. Mirrors Vitess's pushing of ORDER BY and aggregates
// into routes (planbuilder/operators aggregation_pushing.go, ordering.go); SQL text is buildSql.

import type { AggregateOutput, GroupMerge, OrderKey, PartitionMerge } from '../plan/plan.js';
import type { SqlType } from '../../util/sqlValue.js';
import { assertNever } from '../../util/invariant.js';
import { quoteIdentifier, renderOrderBy } from './buildSql.js';
import { mergeKey, type MergeUse } from './mergeKey.js';
import { columnKey } from './normalizePredicate.js';
import type { AggregateRequest, ColumnInfo, OrderBy, PartitionRequest, QueryRequest } from './queryRequest.js';
import { aggregateColumns } from './validateRequest.js';

/** The select list, ORDER BY and GROUP BY terms and merge instructions of one request. */
export interface OutputPlan {
  readonly select: readonly string[];
  readonly orderBy: readonly string[];
  readonly groupBy: readonly string[];
  readonly orderKeys: readonly OrderKey[];
  readonly resultColumns: number;
  readonly aggregates?: readonly AggregateOutput[];
  /**
   * Set when each shard must send at most this many rows (`limit :__upper_limit`): the
   * distinct values a count distinct merges, `maxRows + 1` so that one too many is seen.
   */
  readonly upperLimit?: number;
  /** Grouped aggregates: how the engine turns shard rows into one row per group. */
  readonly groups?: GroupMerge;
  /** Per-group paging: the derived table each shard numbers its rows in. */
  readonly partition?: PartitionOutput;
}

/**
 * The window query of a partitioned request: `select <OutputPlan.select> from (select
 * <inner>, <window> as <rowNumber> from t where …) as w where <rowNumber …> order by
 * <OutputPlan.orderBy>`. `perShard` says whether the shards apply offset and limit
 * themselves (one shard, or groups that never span shards); otherwise `merge` is the
 * engine's per-group cut and each shard keeps up to offset + limit rows per group.
 */
export interface PartitionOutput {
  /** The derived table's columns, each once (quoted): what the outer select and ORDER BY read. */
  readonly inner: readonly string[];
  /** `row_number() over (partition by … order by …)`. */
  readonly window: string;
  /** The row number's alias, unquoted: `__row_number`, or `__row_number_<n>` if a column has that name. */
  readonly rowNumber: string;
  readonly perShard: boolean;
  readonly merge?: PartitionMerge;
}

/** Looks up what is known of a column (its type, collation facts); undefined when nothing is. */
export type ColumnLookup = (column: string) => ColumnInfo | undefined;

/** What planOutput needs besides the request. */
export interface OutputContext {
  /** True when the route may reach several shards: rows are then merged by the engine. */
  readonly multiShard: boolean;
  readonly columnOf: ColumnLookup;
  /** The table's primary vindex (sharded tables): its columns and whether it is unique. */
  readonly primaryVindex?: { readonly columns: readonly string[]; readonly unique: boolean };
  /** `limits.maxRows`: bounds the distinct values a count distinct merges across shards. */
  readonly maxRows?: number;
}

/** A select list that hands out column indexes and reuses identical expressions. */
class SelectList {
  readonly exprs: string[] = [];

  index(expr: string): number {
    const at = this.exprs.indexOf(expr);
    if (at >= 0) return at;
    this.exprs.push(expr);
    return this.exprs.length - 1;
  }
}

/** The merge key fields of an OrderKey or min/max output: none, or the key's column (and pad weight). */
type MergeKeyFields = Pick<OrderKey, 'weightStringColumn' | 'padWeight'>;

/**
 * Adds the merge key of `expr` (over `column`) to the select list when the engine needs one
 * (mergeKey) and returns the fields that point at it; `also` receives the key expression (a
 * GROUP BY list).
 */
function mergeKeyFields(list: SelectList, column: ColumnInfo | undefined, expr: string, use: MergeUse, also?: string[]): MergeKeyFields {
  const merge = mergeKey(column, expr, use);
  if (merge === undefined) return {};
  also?.push(merge.sql);
  return { weightStringColumn: list.index(merge.sql), ...(merge.padWeight ? { padWeight: merge.padWeight } : {}) };
}

function aggregateSql(a: AggregateRequest): string {
  const columns = aggregateColumns(a).map(quoteIdentifier);
  if (columns.length === 0) return 'count(*)';
  return a.fn === 'countDistinct' ? `count(distinct ${columns.join(', ')})` : `${a.fn}(${columns[0]!})`;
}

/** Single-shard aggregates: the shard computes them; the engine only supplies the empty row. */
function singleAggregates(aggregates: readonly AggregateRequest[], list: SelectList): AggregateOutput[] {
  return aggregates.map((a) => ({
    kind: 'value',
    alias: a.alias,
    column: list.index(aggregateSql(a)),
    zeroWhenEmpty: a.fn === 'count' || a.fn === 'countDistinct',
  }));
}

/**
 * Column types whose equal values are identical values, so a vindex maps them alike:
 * integers and variable-length binary strings. Text is out (a case-insensitive collation
 * makes `'a'` and `'A'` one value that a binary-hashing vindex may place on two shards), and
 * so are BINARY(n) (stored padded with NULs) and YEAR (two-digit input is stored as 19xx/20xx).
 */
const EXACT_TYPES = new Set<SqlType>(['INT8', 'UINT8', 'INT16', 'UINT16', 'INT24', 'UINT24', 'INT32', 'UINT32', 'INT64', 'UINT64', 'VARBINARY', 'BLOB']);

/**
 * True when no distinct tuple of `columns` can occur on two shards: the columns include every
 * column of the table's unique primary vindex, and those columns compare by identity. A row's
 * shard is the keyspace id its primary vindex maps its values to, and a unique vindex maps one
 * value to one keyspace id; so equal tuples share their primary vindex values, hence their
 * shard, and the per-shard COUNT(DISTINCT) sets are disjoint: their sum is the count. Vitess
 * sums per-shard distinct counts on a looser condition (operators aggregation_pushing.go
 * checkIfWeCanPush: an argument is a unique vindex's column; testdata aggr_cases.json "count
 * with distinct unique vindex": sum_count_distinct), without the type check.
 */
function isDisjointPerShard(columns: readonly string[], ctx: OutputContext): boolean {
  const primary = ctx.primaryVindex;
  if (primary === undefined || !primary.unique || primary.columns.length === 0) return false;
  const distinct = new Set(columns.map(columnKey));
  return primary.columns.every((c) => {
    const type = ctx.columnOf(c)?.type;
    return distinct.has(columnKey(c)) && type !== undefined && EXACT_TYPES.has(type);
  });
}

/**
 * The GROUP BY of a count distinct that the engine merges: each distinct column once (first
 * use first, columns of `keys` already grouped) with its merge key, selected first; adds the
 * order key of each column to `keys`.
 */
function distinctKeys(aggregates: readonly AggregateRequest[], list: SelectList, groupBy: string[], columnOf: ColumnLookup, keys: Map<string, OrderKey>): void {
  for (const a of aggregates) {
    if (a.fn !== 'countDistinct') continue;
    for (const name of aggregateColumns(a)) {
      if (keys.has(columnKey(name))) continue;
      keys.set(columnKey(name), groupKey(list, name, columnOf, groupBy));
    }
  }
}

/** The order key of a grouped column (asc, NULL first): selected, with its merge key; both added to `groupBy`. */
function groupKey(list: SelectList, name: string, columnOf: ColumnLookup, groupBy: string[]): OrderKey {
  const expr = quoteIdentifier(name);
  groupBy.push(expr);
  return { column: list.index(expr), direction: 'asc', nullsFirst: true, ...mergeKeyFields(list, columnOf(name), expr, 'sort', groupBy) };
}

/**
 * Multi-shard aggregates: per-shard parts recombined by the engine (Vitess aggregation
 * opcodes). `groupBy` and `keys` arrive holding the request's group columns, if any: the
 * distinct columns of a merged count distinct are grouped after them.
 */
function splitAggregates(
  aggregates: readonly AggregateRequest[],
  list: SelectList,
  ctx: OutputContext,
  groupBy: string[] = [],
  keys = new Map<string, OrderKey>(),
): Pick<OutputPlan, 'groupBy' | 'upperLimit'> & { outputs: AggregateOutput[] } {
  const grouped = aggregates.some((a) => a.fn === 'countDistinct' && !isDisjointPerShard(aggregateColumns(a), ctx));
  if (grouped) distinctKeys(aggregates, list, groupBy, ctx.columnOf, keys);
  const outputs = aggregates.map((a): AggregateOutput => {
    const col = a.column === undefined ? '*' : quoteIdentifier(a.column);
    switch (a.fn) {
      case 'count':
        return { kind: a.column === undefined ? 'sumCountStar' : 'sumCount', alias: a.alias, column: list.index(`count(${col})`) };
      case 'sum':
        return { kind: 'sum', alias: a.alias, column: list.index(`sum(${col})`) };
      case 'avg':
        return { kind: 'avg', alias: a.alias, sumColumn: list.index(`sum(${col})`), countColumn: list.index(`count(${col})`) };
      case 'min':
      case 'max': {
        const expr = `${a.fn}(${col})`;
        const column = list.index(expr);
        return { kind: a.fn, alias: a.alias, column, ...(a.column === undefined ? {} : mergeKeyFields(list, ctx.columnOf(a.column), expr, 'extremum')) };
      }
      case 'countDistinct': {
        if (!grouped) return { kind: 'sumCountDistinct', alias: a.alias, column: list.index(aggregateSql(a)) };
        const columns = aggregateColumns(a);
        const max = ctx.maxRows === undefined ? {} : { maxValues: ctx.maxRows };
        return { kind: 'countDistinct', alias: a.alias, columns, keys: columns.map((c) => keys.get(columnKey(c))!), ...max };
      }
      default:
        return assertNever(a.fn, 'aggregate function');
    }
  });
  return { outputs, groupBy, ...(grouped && ctx.maxRows !== undefined ? { upperLimit: ctx.maxRows + 1 } : {}) };
}

/** Grouped aggregates: the group columns first, then the aggregates, whole or split. */
function groupedAggregates(aggregates: readonly AggregateRequest[], groupBy: readonly string[], list: SelectList, ctx: OutputContext): OutputPlan {
  const whole = !ctx.multiShard || isDisjointPerShard(groupBy, ctx);
  const groupSql: string[] = [];
  const keys = new Map<string, OrderKey>();
  const groupKeys = groupBy.map((name) => {
    if (whole) {
      const expr = quoteIdentifier(name);
      groupSql.push(expr);
      return { column: list.index(expr), direction: 'asc' as const, nullsFirst: true };
    }
    const key = groupKey(list, name, ctx.columnOf, groupSql);
    keys.set(columnKey(name), key);
    return key;
  });
  const split = whole ? { outputs: singleAggregates(aggregates, list), groupBy: groupSql } : splitAggregates(aggregates, list, ctx, groupSql, keys);
  const { outputs, ...grouping } = split;
  return {
    select: list.exprs,
    orderBy: [],
    orderKeys: [],
    resultColumns: groupBy.length + outputs.length,
    aggregates: outputs,
    groups: { keys: groupKeys, whole },
    ...grouping,
  };
}

/**
 * The merge key of one ordering column: its selected column (or a hidden one appended) and,
 * when the engine needs it, its hidden merge key.
 */
function orderKeyOf(list: SelectList, request: QueryRequest, o: OrderBy, ctx: OutputContext): OrderKey {
  const selected = request.select.findIndex((c) => columnKey(c) === columnKey(o.column));
  const expr = quoteIdentifier(o.column);
  const column = selected >= 0 ? selected : list.index(expr);
  const nullsFirst = o.nulls === undefined ? o.direction === 'asc' : o.nulls === 'first';
  return { column, direction: o.direction, nullsFirst, ...mergeKeyFields(list, ctx.columnOf(o.column), expr, 'sort') };
}

/** The row number's alias: `__row_number`, suffixed until no column of the request has the name. */
function rowNumberAlias(request: QueryRequest): string {
  const taken = new Set([...request.select, ...request.partition!.columns, ...(request.orderBy ?? []).map((o) => o.column)].map(columnKey));
  let alias = '__row_number';
  for (let n = 1; taken.has(columnKey(alias)); n++) alias = `__row_number_${n}`;
  return alias;
}

/** The names of `columns`, each once (case-insensitively, first spelling kept). */
function uniqueColumns(columns: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const c of columns) if (!byKey.has(columnKey(c))) byKey.set(columnKey(c), c);
  return [...byKey.values()];
}

/**
 * A partitioned request: the window query and, when groups may span shards, the engine's
 * per-group cut. Vitess pushes a window to a multi-shard route on the same condition
 * (planbuilder/window.go canPushDownWindow: PARTITION BY covers the primary vindex) and
 * refuses the rest; shardgate merges the rest per group.
 */
function partitionedOutput(request: QueryRequest, partition: PartitionRequest, list: SelectList, ctx: OutputContext): OutputPlan {
  const orderBy = request.orderBy ?? [];
  const perShard = !ctx.multiShard || isDisjointPerShard(partition.columns, ctx);
  const orderKeys: OrderKey[] = [];
  if (!perShard) {
    for (const column of partition.columns) orderKeys.push(orderKeyOf(list, request, { column, direction: 'asc' }, ctx));
    for (const o of orderBy) orderKeys.push(orderKeyOf(list, request, o, ctx));
  }
  const rowNumber = rowNumberAlias(request);
  const over = [`partition by ${partition.columns.map(quoteIdentifier).join(', ')}`];
  if (orderBy.length > 0) over.push(`order by ${orderBy.flatMap(renderOrderBy).join(', ')}`);
  const readByOuter = [...request.select, ...partition.columns, ...(perShard ? [] : orderBy.map((o) => o.column))];
  const merge: PartitionMerge = {
    groupKeys: partition.columns.length,
    offset: partition.offset ?? 0,
    ...(partition.limit === undefined ? {} : { limit: partition.limit }),
  };
  return {
    select: list.exprs,
    orderBy: [...partition.columns.map((c) => `${quoteIdentifier(c)} asc`), `${quoteIdentifier(rowNumber)} asc`],
    groupBy: [],
    orderKeys,
    resultColumns: request.select.length,
    partition: {
      inner: uniqueColumns(readByOuter).map(quoteIdentifier),
      window: `row_number() over (${over.join(' ')})`,
      rowNumber,
      perShard,
      ...(perShard ? {} : { merge }),
    },
  };
}

/** True when a partition pages at all: with neither limit nor offset it keeps every row. */
export function isPaging(partition: PartitionRequest | undefined): boolean {
  return partition !== undefined && (partition.limit !== undefined || (partition.offset ?? 0) > 0);
}

/**
 * Plans the select list, ORDER BY, GROUP BY and merge of a request.
 * Contract: selected columns come first, in request order. When `multiShard`, an ORDER BY
 * column not selected is appended (hidden), with a hidden merge key (mergeKey.ts) that the
 * engine compares instead of the value: a VARCHAR/CHAR/TEXT column's weight string, as Vitess
 * does for text whose collation it does not evaluate (which `weight_string()` and whether it
 * is compared padded, PAD SPACE, is mergeWeight's decision from the column's collation
 * facts), an ENUM/SET column's member number; `resultColumns` cuts hidden columns off after
 * merging. A column of unknown type is merged by value (compareSqlValues).
 * Aggregates are sent whole on a single shard, and split on several: count → count (summed),
 * sum → sum, min/max → min/max (+ the text weight string: MIN/MAX compare ENUM/SET as text),
 * avg → sum and count; identical parts are selected once. Count distinct across shards: when
 * its columns cover the table's unique primary vindex (isDisjointPerShard) each shard counts
 * its own distinct values and the counts are summed; otherwise every shard groups by the
 * distinct columns of every count distinct (and their merge keys), sending one row per
 * distinct tuple with the other aggregates' parts for that group (folded as usual), at most
 * `maxRows + 1` rows (`upperLimit`), and the engine counts the distinct tuples, failing with
 * SG505 beyond `maxRows` (vitess planbuilder pushes `select col, weight_string(col) … group
 * by col, weight_string(col)` under a count_distinct aggregate the same way).
 * Grouped aggregates (`groupBy`) select the group columns first and group by them: whole on
 * one shard or when the group columns cover the unique primary vindex (every group on one
 * shard); else each group column gets its merge key (selected and grouped), the aggregates
 * split as above, and `groups` tells the engine to fold rows of equal keys.
 * A paging `partition` (isPaging) numbers rows in a window (PartitionOutput); on several
 * shards, unless the partition columns cover the unique primary vindex, the partition
 * columns (asc, NULL first) and then the ORDER BY columns are the merge keys, hidden when not
 * selected, and `partition.merge` the engine's per-group cut. A partition that pages nothing
 * is a plain read ordered by its columns (asc), then by the request's ORDER BY.
 */
export function planOutput(request: QueryRequest, ctx: OutputContext): OutputPlan {
  const list = new SelectList();
  const aggregates = request.aggregates ?? [];
  if (aggregates.length > 0 && request.groupBy !== undefined) return groupedAggregates(aggregates, request.groupBy, list, ctx);
  if (aggregates.length > 0) {
    const split = ctx.multiShard ? splitAggregates(aggregates, list, ctx) : { outputs: singleAggregates(aggregates, list), groupBy: [] };
    const { outputs, ...grouping } = split;
    return { select: list.exprs, orderBy: [], orderKeys: [], resultColumns: outputs.length, aggregates: outputs, ...grouping };
  }
  const visible = request.select.map(quoteIdentifier);
  list.exprs.push(...visible);
  const partition = request.partition;
  if (partition !== undefined && isPaging(partition)) return partitionedOutput(request, partition, list, ctx);
  // A partition that pages nothing still keeps each group's rows together: its columns order first.
  const grouping = (partition?.columns ?? []).map((column): OrderBy => ({ column, direction: 'asc' }));
  const orderBy = [...grouping, ...(request.orderBy ?? [])];
  const orderKeys = ctx.multiShard ? orderBy.map((o) => orderKeyOf(list, request, o, ctx)) : [];
  return { select: list.exprs, orderBy: orderBy.flatMap(renderOrderBy), groupBy: [], orderKeys, resultColumns: visible.length };
}
