// Turning the results of a route's shards into the plan's result, as its MergeSpec says:
// k-way merge-sort, offset/limit after the merge, hidden columns cut, or aggregates folded
// into one row; plus the result fields. Mirrors vitess engine route.go (sort, Truncate),
// limit.go and scalar_aggregate.go. Pure: the shard I/O is executeTargets.

import { ServiceError } from '../errors/serviceError.js';
import { compareRows } from '../sharding/plan/compareRows.js';
import type { AggregateOutput, MergeSpec, Row, SelectPlan } from '../sharding/plan/plan.js';
import { recombineAggregates } from '../sharding/plan/recombineAggregates.js';
import { assertNever, invariant } from '../util/invariant.js';
import { isNull, type SqlType, type SqlValue } from '../util/sqlValue.js';
import { isSortedBy, mergeSortedRows } from './mergeSortedRows.js';
import type { QueryResult, ResultField } from './shardExecutor.js';

/** What executing a plan returns: the visible columns, their fields and the rows. */
export interface ExecutionResult {
  /** The plan's `columns`: selected columns, or aggregate aliases, in order. */
  readonly columns: readonly string[];
  /** One field per column, named as `columns`; type `NULL` when no shard said (no shard queried). */
  readonly fields: readonly ResultField[];
  /** One row per result, each cut to `columns.length` values. */
  readonly rows: readonly Row[];
}

/** The number of values every shard row must have for the merge to read it. */
function requiredWidth(merge: MergeSpec): number {
  let width = merge.aggregates ? 0 : merge.resultColumns;
  for (const key of merge.orderBy) width = Math.max(width, key.column + 1, (key.weightStringColumn ?? -1) + 1);
  for (const out of merge.aggregates ?? []) {
    const cols = out.kind === 'avg' ? [out.sumColumn, out.countColumn] : [out.column];
    if ((out.kind === 'min' || out.kind === 'max') && out.weightStringColumn !== undefined) cols.push(out.weightStringColumn);
    width = Math.max(width, ...cols.map((c) => c + 1));
  }
  return width;
}

function checkShape(plan: SelectPlan, results: readonly QueryResult[]): void {
  const width = requiredWidth(plan.merge);
  for (const result of results) {
    for (const row of result.rows) {
      invariant(row.length >= width, `a shard row of ${plan.keyspace}.${plan.table} has ${row.length} values, the merge reads ${width}`);
    }
  }
}

/** The field type of one aggregate output: the counts are INT64, the rest follow the shard or the value. */
function aggregateType(out: AggregateOutput, value: SqlValue, shardField: (column: number) => SqlType | undefined): SqlType {
  switch (out.kind) {
    case 'sumCountStar':
    case 'sumCount':
      return 'INT64';
    case 'sum':
      return isNull(value) ? (shardField(out.column) ?? 'DECIMAL') : value.type;
    case 'avg':
      return isNull(value) ? (shardField(out.sumColumn) ?? 'DECIMAL') : value.type;
    case 'min':
    case 'max':
    case 'value':
      return shardField(out.column) ?? value.type;
    default:
      return assertNever(out, 'aggregate output');
  }
}

function mergeAggregates(plan: SelectPlan, outputs: readonly AggregateOutput[], results: readonly QueryResult[]): ExecutionResult {
  const row = recombineAggregates(
    results.flatMap((r) => r.rows),
    outputs,
  );
  const first = results.find((r) => r.fields.length > 0);
  const shardField = (column: number): SqlType | undefined => first?.fields[column]?.type;
  const fields = outputs.map((out, i) => ({ name: out.alias, type: aggregateType(out, row[i]!, shardField) }));
  return { columns: outputs.map((o) => o.alias), fields, rows: [row] };
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
 * exactly one row (also with no result at all: counts 0, the rest NULL). Otherwise rows
 * are merge-sorted by `merge.orderBy` (each shard's rows already sorted by MySQL; ties keep
 * target order; without order keys, shard rows are concatenated in target order), then
 * `offset` rows are skipped and at most `limit` kept, then each row is cut to
 * `resultColumns` values. Fields take their types from the first shard result that has
 * fields, their names from the plan. Throws ServiceError SG709 when more than `maxRows`
 * rows would be returned, and InvariantError when a shard row is too short for the merge.
 */
export function mergeResults(plan: SelectPlan, results: readonly QueryResult[], maxRows?: number): ExecutionResult {
  checkShape(plan, results);
  const merge = plan.merge;
  if (merge.aggregates !== undefined) return mergeAggregates(plan, merge.aggregates, results);

  const width = merge.resultColumns;
  invariant(plan.columns.length === width, `plan of ${plan.keyspace}.${plan.table} names ${plan.columns.length} columns but keeps ${width}`);
  const rows: Row[] = [];
  let skip = merge.offset;
  const limit = merge.limit ?? Infinity;
  for (const row of orderedRows(merge, results)) {
    if (rows.length >= limit) break;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (maxRows !== undefined && rows.length >= maxRows) {
      throw new ServiceError('SG709', `result of ${plan.keyspace}.${plan.table} has more than maxRows (${maxRows}) rows after merging its shards`, {
        details: { table: `${plan.keyspace}.${plan.table}`, maxRows, shards: results.length },
      });
    }
    rows.push(row.length === width ? row : row.slice(0, width));
  }
  const first = results.find((r) => r.fields.length > 0);
  const fields = plan.columns.map((name, i) => ({ name, type: first?.fields[i]?.type ?? ('NULL' as const) }));
  return { columns: plan.columns, fields, rows };
}
