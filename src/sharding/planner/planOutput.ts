// What each shard selects and how the engine merges it: the select list (visible columns,
// then hidden ORDER BY columns and their merge keys, or aggregates split into per-shard
// parts, grouped by the distinct columns a count distinct merges), the ORDER BY and GROUP BY
// terms and the merge spec. Mirrors Vitess's pushing of ORDER BY and aggregates into routes
// (planbuilder/operators aggregation_pushing.go, ordering.go).

import type { AggregateOutput, OrderKey } from '../plan/plan.js';
import type { SqlType } from '../../util/sqlValue.js';
import { assertNever } from '../../util/invariant.js';
import { quoteIdentifier, renderOrderBy } from './buildSql.js';
import { mergeKey, type MergeUse } from './mergeKey.js';
import { columnKey } from './normalizePredicate.js';
import type { AggregateRequest, ColumnInfo, QueryRequest } from './queryRequest.js';
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
 * use first) with its merge key, selected first; returns the order key of each column.
 */
function distinctKeys(aggregates: readonly AggregateRequest[], list: SelectList, groupBy: string[], columnOf: ColumnLookup): Map<string, OrderKey> {
  const keys = new Map<string, OrderKey>();
  for (const a of aggregates) {
    if (a.fn !== 'countDistinct') continue;
    for (const name of aggregateColumns(a)) {
      if (keys.has(columnKey(name))) continue;
      const expr = quoteIdentifier(name);
      groupBy.push(expr);
      const column = list.index(expr);
      keys.set(columnKey(name), { column, direction: 'asc', nullsFirst: true, ...mergeKeyFields(list, columnOf(name), expr, 'sort', groupBy) });
    }
  }
  return keys;
}

/** Multi-shard aggregates: per-shard parts recombined by the engine (Vitess aggregation opcodes). */
function splitAggregates(aggregates: readonly AggregateRequest[], list: SelectList, ctx: OutputContext): Pick<OutputPlan, 'groupBy' | 'upperLimit'> & { outputs: AggregateOutput[] } {
  const grouped = aggregates.some((a) => a.fn === 'countDistinct' && !isDisjointPerShard(aggregateColumns(a), ctx));
  const groupBy: string[] = [];
  const keys = grouped ? distinctKeys(aggregates, list, groupBy, ctx.columnOf) : new Map<string, OrderKey>();
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
 */
export function planOutput(request: QueryRequest, ctx: OutputContext): OutputPlan {
  const list = new SelectList();
  const aggregates = request.aggregates ?? [];
  if (aggregates.length > 0) {
    const split = ctx.multiShard ? splitAggregates(aggregates, list, ctx) : { outputs: singleAggregates(aggregates, list), groupBy: [] };
    const { outputs, ...grouping } = split;
    return { select: list.exprs, orderBy: [], orderKeys: [], resultColumns: outputs.length, aggregates: outputs, ...grouping };
  }
  const visible = request.select.map(quoteIdentifier);
  list.exprs.push(...visible);
  const orderBy = request.orderBy ?? [];
  const orderKeys: OrderKey[] = [];
  if (ctx.multiShard) {
    for (const o of orderBy) {
      const selected = request.select.findIndex((c) => columnKey(c) === columnKey(o.column));
      const expr = quoteIdentifier(o.column);
      const column = selected >= 0 ? selected : list.index(expr);
      const nullsFirst = o.nulls === undefined ? o.direction === 'asc' : o.nulls === 'first';
      orderKeys.push({ column, direction: o.direction, nullsFirst, ...mergeKeyFields(list, ctx.columnOf(o.column), expr, 'sort') });
    }
  }
  return { select: list.exprs, orderBy: orderBy.flatMap(renderOrderBy), groupBy: [], orderKeys, resultColumns: visible.length };
}
