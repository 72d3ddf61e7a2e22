// Turning the results of a route's shards into the plan's result, as its MergeSpec says:
// k-way merge-sort, offset/limit after the merge (or per group), hidden columns cut, or
// aggregates folded into one row or one row per group; plus the result fields. Mirrors
// vitess engine route.go (sort, Truncate), limit.go, scalar_aggregate.go and
// ordered_aggregate.go. Pure: the shard I/O is executeTargets.

import { ServiceError } from '../errors/serviceError.js';
import { compareRows } from '../sharding/plan/compareRows.js';
import type { AggregateOutput, GroupMerge, MergeSpec, OrderKey, PartitionMerge, Row, SelectPlan } from '../sharding/plan/plan.js';
import { recombineAggregates, recombineGroups } from '../sharding/plan/recombineAggregates.js';
import { assertNever, invariant } from '../util/invariant.js';
import { SQL_NULL, isNull, type SqlType, type SqlValue } from '../util/sqlValue.js';
import { isSortedBy, mergeSortedRows } from './mergeSortedRows.js';
import type { QueryResult, ResultField } from './shardExecutor.js';

/** What executing a plan returns: the visible columns, their fields and the rows. */
export interface ExecutionResult {
  /** The plan's `columns`: selected columns, or aggregate aliases, in order. */
  readonly columns: readonly string[];
  /** One field per column, named as `columns`; type `NULL` when no shard said (no shard queried). */
  readonly fields: readonly ResultField[];
  /** One row per result, each cut to `columns.length` values; read-only (it may be a shard result's own array). */
  readonly rows: readonly Row[];
}

/** The number of values every shard row must have for the merge to read it. */
function requiredWidth(merge: MergeSpec): number {
  let width = merge.aggregates ? 0 : merge.resultColumns;
  for (const key of merge.orderBy) width = Math.max(width, key.column + 1, (key.weightStringColumn ?? -1) + 1);
  if (merge.groups !== undefined) for (const key of merge.groups.keys) width = Math.max(width, key.column + 1, (key.weightStringColumn ?? -1) + 1);
  for (const out of merge.aggregates ?? []) {
    if (out.kind === 'avg') {
      width = Math.max(width, out.sumColumn + 1, out.countColumn + 1);
    } else if (out.kind === 'countDistinct') {
      for (const key of out.keys) width = Math.max(width, key.column + 1, (key.weightStringColumn ?? -1) + 1);
    } else {
      width = Math.max(width, out.column + 1);
      if ((out.kind === 'min' || out.kind === 'max') && out.weightStringColumn !== undefined) width = Math.max(width, out.weightStringColumn + 1);
    }
  }
  return width;
}

/** Throws InvariantError when a row of `rows` has fewer than `width` values (the message is built only then). */
function checkRows(plan: SelectPlan, rows: readonly Row[], width: number): void {
  for (const row of rows) {
    if (row.length < width) invariant(false, `a shard row of ${plan.keyspace}.${plan.table} has ${row.length} values, the merge reads ${width}`);
  }
}

function checkShape(plan: SelectPlan, results: readonly QueryResult[]): void {
  const width = requiredWidth(plan.merge);
  for (const result of results) checkRows(plan, result.rows, width);
}

function checkColumns(plan: SelectPlan): void {
  if (plan.columns.length !== plan.merge.resultColumns) {
    invariant(false, `plan of ${plan.keyspace}.${plan.table} names ${plan.columns.length} columns but keeps ${plan.merge.resultColumns}`);
  }
}

function tooManyRows(plan: SelectPlan, maxRows: number, shards: number): ServiceError {
  return new ServiceError('SG709', `result of ${plan.keyspace}.${plan.table} has more than maxRows (${maxRows}) rows after merging its shards`, {
    details: { table: `${plan.keyspace}.${plan.table}`, maxRows, shards },
  });
}

/** One field per plan column, typed as `first` (a shard result with fields) says, `NULL` without it. */
function resultFields(plan: SelectPlan, first: QueryResult | undefined): readonly ResultField[] {
  const columns = plan.columns;
  // The shard's own fields when they already are exactly these (a point select): no copy per call.
  if (first !== undefined && sameNames(first.fields, columns)) return first.fields;
  const fields: ResultField[] = new Array<ResultField>(columns.length);
  for (let i = 0; i < columns.length; i++) fields[i] = { name: columns[i]!, type: first?.fields[i]?.type ?? 'NULL' };
  return fields;
}

function sameNames(fields: readonly ResultField[], columns: readonly string[]): boolean {
  if (fields.length !== columns.length) return false;
  for (let i = 0; i < columns.length; i++) if (fields[i]!.name !== columns[i]) return false;
  return true;
}

/**
 * The field type of one aggregate output: the counts are INT64, the rest follow the shard
 * (`first`, the first shard result with fields) or the value.
 */
function aggregateType(out: AggregateOutput, value: SqlValue, first: QueryResult | undefined): SqlType {
  switch (out.kind) {
    case 'sumCountStar':
    case 'sumCount':
    case 'sumCountDistinct':
    case 'countDistinct':
      return 'INT64';
    case 'sum':
      return isNull(value) ? (first?.fields[out.column]?.type ?? 'DECIMAL') : value.type;
    case 'avg':
      return isNull(value) ? (first?.fields[out.sumColumn]?.type ?? 'DECIMAL') : value.type;
    case 'min':
    case 'max':
    case 'value':
      return first?.fields[out.column]?.type ?? value.type;
    default:
      return assertNever(out, 'aggregate output');
  }
}

function mergeAggregates(outputs: readonly AggregateOutput[], results: readonly QueryResult[]): ExecutionResult {
  const row = recombineAggregates(results.length === 1 ? results[0]!.rows : results.flatMap((r) => r.rows), outputs);
  const first = results.find((r) => r.fields.length > 0);
  const fields = outputs.map((out, i) => ({ name: out.alias, type: aggregateType(out, row[i]!, first) }));
  return { columns: outputs.map((o) => o.alias), fields, rows: [row] };
}

/**
 * Grouped aggregates: one row per group (recombineGroups), the group columns first. Field
 * types: a group column's from the shard field of its key column, an aggregate's as
 * aggregateType says from the first result row (NULL values without one).
 */
function mergeGroups(plan: SelectPlan, groups: GroupMerge, outputs: readonly AggregateOutput[], results: readonly QueryResult[], maxRows: number | undefined): ExecutionResult {
  const rows = recombineGroups(results.length === 1 ? results[0]!.rows : results.flatMap((r) => r.rows), groups, outputs);
  if (maxRows !== undefined && rows.length > maxRows) throw tooManyRows(plan, maxRows, results.length);
  const first = results.find((r) => r.fields.length > 0);
  const sample = rows[0];
  const n = groups.keys.length;
  const fields: ResultField[] = plan.columns.map((name, i) => {
    if (i < n) return { name, type: first?.fields[groups.keys[i]!.column]?.type ?? sample?.[i]?.type ?? 'NULL' };
    return { name, type: aggregateType(outputs[i - n]!, sample?.[i] ?? SQL_NULL, first) };
  });
  return { columns: plan.columns, fields, rows };
}

/**
 * Applies a per-group window to rows in merge order (each group contiguous, in order): the
 * first `offset` rows of each group skipped, at most `limit` kept; rows cut to `width`.
 */
function cutGroups(plan: SelectPlan, ordered: Iterable<Row>, groupKeys: readonly OrderKey[], window: PartitionMerge, width: number, maxRows: number | undefined, shards: number): Row[] {
  const rows: Row[] = [];
  const limit = window.limit ?? Infinity;
  let previous: Row | undefined;
  let n = 0;
  for (const row of ordered) {
    if (previous === undefined || compareRows(previous, row, groupKeys) !== 0) n = 0;
    previous = row;
    n++;
    if (n <= window.offset || n - window.offset > limit) continue;
    if (maxRows !== undefined && rows.length >= maxRows) throw tooManyRows(plan, maxRows, shards);
    rows.push(row.length === width ? row : row.slice(0, width));
  }
  return rows;
}

/**
 * All rows in merge order: shard order without ORDER BY or with one non-empty shard (MySQL's
 * own order, kept as is), else merge-sorted (or sorted, if a shard disagrees).
 */
function orderedRows(merge: MergeSpec, results: readonly QueryResult[]): Iterable<Row> {
  const streams = results.map((r) => r.rows).filter((rows) => rows.length > 0);
  if (merge.orderBy.length === 0 || streams.length <= 1) return streams.flat();
  if (streams.every((rows) => isSortedBy(rows, merge.orderBy))) return mergeSortedRows(streams, merge.orderBy);
  // A shard's order disagrees with compareRows (a collation the plan did not give a weight
  // string): a stable sort still yields one consistent order instead of an interleaving.
  return streams.flat().sort((a, b) => compareRows(a, b, merge.orderBy));
}

/**
 * Merges the results of a plan's targets (in target order) into the plan's result.
 * Contract: with `merge.aggregates`, every shard row is folded by recombineAggregates into
 * exactly one row (also with no result at all: counts 0, the rest NULL), or with
 * `merge.groups` by recombineGroups into one row per group (none without rows; SG709 over
 * `maxRows` groups; SG505 as recombineGroups says). Otherwise rows
 * are merge-sorted by `merge.orderBy` (each shard's rows already sorted by MySQL; ties keep
 * target order; without order keys, shard rows are concatenated in target order), then
 * `offset` rows are skipped and at most `limit` kept (with `merge.partition`: per group, a
 * group being the rows equal on the first `groupKeys` order keys), then each row is cut to
 * `resultColumns` values. Fields take their types from the first shard result that has
 * fields, their names from the plan. Throws ServiceError SG709 when more than `maxRows`
 * rows would be returned, and InvariantError when a shard row is too short for the merge.
 */
export function mergeResults(plan: SelectPlan, results: readonly QueryResult[], maxRows?: number): ExecutionResult {
  checkShape(plan, results);
  const merge = plan.merge;
  if (merge.aggregates !== undefined && merge.groups !== undefined) return mergeGroups(plan, merge.groups, merge.aggregates, results, maxRows);
  if (merge.aggregates !== undefined) return mergeAggregates(merge.aggregates, results);

  checkColumns(plan);
  const width = merge.resultColumns;
  if (merge.partition !== undefined) {
    const groupKeys = merge.orderBy.slice(0, merge.partition.groupKeys);
    const rows = cutGroups(plan, orderedRows(merge, results), groupKeys, merge.partition, width, maxRows, results.length);
    return { columns: plan.columns, fields: resultFields(plan, results.find((r) => r.fields.length > 0)), rows };
  }
  const rows: Row[] = [];
  let skip = merge.offset;
  const limit = merge.limit ?? Infinity;
  for (const row of orderedRows(merge, results)) {
    if (rows.length >= limit) break;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (maxRows !== undefined && rows.length >= maxRows) throw tooManyRows(plan, maxRows, results.length);
    rows.push(row.length === width ? row : row.slice(0, width));
  }
  return { columns: plan.columns, fields: resultFields(plan, results.find((r) => r.fields.length > 0)), rows };
}

/**
 * The plan's result from the one result of a one-target route: exactly what
 * `mergeResults(plan, [result], maxRows)` returns, without the merge machinery. With one
 * shard there is nothing to merge (its rows keep MySQL's order), so rows are only skipped
 * (`offset`), kept (`limit`) and cut to `resultColumns` when the plan says so; when none of
 * that changes anything the result's own `rows` array is returned, not a copy (rows are
 * read-only everywhere); aggregates and per-group paging go through mergeResults itself.
 * Same errors: SG709 over `maxRows`, InvariantError for a short row.
 */
export function mergeSingleResult(plan: SelectPlan, result: QueryResult, maxRows?: number): ExecutionResult {
  const merge = plan.merge;
  if (merge.aggregates !== undefined || merge.partition !== undefined) return mergeResults(plan, [result], maxRows);
  const all = result.rows;
  checkRows(plan, all, requiredWidth(merge));
  checkColumns(plan);

  const width = merge.resultColumns;
  // The same counting as mergeResults' loop: skip while the offset is positive, keep while
  // fewer than the limit (a missing or NaN limit keeps everything), fail when a row would be
  // kept with maxRows rows already kept.
  const start = merge.offset > 0 ? Math.min(Math.ceil(merge.offset), all.length) : 0;
  const limit = merge.limit ?? Infinity;
  const end = limit < all.length - start ? start + Math.max(0, Math.ceil(limit)) : all.length;
  if (maxRows !== undefined && end > start && end - start - 1 >= maxRows) throw tooManyRows(plan, maxRows, 1);
  let rows = all;
  if (start > 0 || end < all.length || hasWiderRow(all, width)) {
    const cut: Row[] = new Array<Row>(end - start);
    for (let i = start; i < end; i++) {
      const row = all[i]!;
      cut[i - start] = row.length === width ? row : row.slice(0, width);
    }
    rows = cut;
  }
  return { columns: plan.columns, fields: resultFields(plan, result.fields.length > 0 ? result : undefined), rows };
}

function hasWiderRow(rows: readonly Row[], width: number): boolean {
  for (const row of rows) if (row.length !== width) return true;
  return false;
}
