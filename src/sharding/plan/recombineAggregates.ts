// Folding per-shard partial aggregates into the final row (scalar) or rows (one per group):
// sums of counts, sums of sums, min/max across shards, avg from sum and count, and count
// distinct over the shards' distinct values. Mirrors vitess go/vt/vtgate/engine
// aggregations.go, scalar_aggregate.go, ordered_aggregate.go and evalengine/api_aggregation.go.
// No I/O.

import { ServiceError } from '../../errors/serviceError.js';
import { invariant, assertNever } from '../../util/invariant.js';
import { SQL_NULL, isFloat, isNull, makeSqlValue, sqlInt64, sqlValueToString, type SqlValue } from '../../util/sqlValue.js';
import { compareRows, compareWeightStrings } from './compareRows.js';
import { addDecimal, divideDecimalByInteger, formatDecimal, parseDecimal, type Decimal } from './decimal.js';
import type { AggregateOutput, GroupMerge, Row } from './plan.js';

/** A running SUM: exact while every input is exact, a double once a float is seen. */
interface Sum {
  exact: Decimal;
  float: number;
  isFloat: boolean;
  seen: boolean;
}

function cell(row: Row, column: number): SqlValue {
  const v = row[column];
  invariant(v !== undefined, `aggregate column ${column} is missing from a shard row`);
  return v;
}

function sumColumn(rows: readonly Row[], column: number): Sum {
  const sum: Sum = { exact: { unscaled: 0n, scale: 0 }, float: 0, isFloat: false, seen: false };
  for (const row of rows) {
    const v = cell(row, column);
    if (isNull(v)) continue;
    const text = sqlValueToString(v);
    sum.seen = true;
    sum.float += Number(text);
    const d = isFloat(v) ? undefined : parseDecimal(text);
    if (d === undefined) sum.isFloat = true;
    else sum.exact = addDecimal(sum.exact, d);
  }
  return sum;
}

function sumResult(sum: Sum): SqlValue {
  if (!sum.seen) return SQL_NULL;
  if (sum.isFloat) return makeSqlValue('FLOAT64', String(sum.float));
  return makeSqlValue('DECIMAL', formatDecimal(sum.exact));
}

function countColumn(rows: readonly Row[], column: number): bigint {
  let n = 0n;
  for (const row of rows) {
    const v = cell(row, column);
    if (!isNull(v)) n += BigInt(sqlValueToString(v));
  }
  return n;
}

function extremum(rows: readonly Row[], out: Extract<AggregateOutput, { kind: 'min' | 'max' }>, want: -1 | 1): SqlValue {
  let best: Row | undefined;
  const key = out.weightStringColumn ?? out.column;
  const pad = out.weightStringColumn === undefined ? undefined : out.padWeight;
  for (const row of rows) {
    if (isNull(cell(row, out.column))) continue;
    if (best === undefined || compareWeightStrings(cell(row, key), cell(best, key), pad) === want) best = row;
  }
  return best === undefined ? SQL_NULL : cell(best, out.column);
}

/**
 * The number of distinct non-NULL key tuples among the shard rows. Sorting by the keys and
 * counting the rows that differ from their predecessor gives what Vitess's ordered distinct
 * aggregator counts over merge-sorted shard streams (engine aggregations.go aggregatorDistinct).
 */
/** Throws SG505 when a merged count distinct got more than its `maxValues` shard rows. */
function checkDistinctValues(rows: readonly Row[], out: Extract<AggregateOutput, { kind: 'countDistinct' }>): void {
  const max = out.maxValues;
  if (max !== undefined && rows.length > max) {
    const columns = out.columns.join(', ');
    throw new ServiceError(
      'SG505',
      `count(distinct ${columns}) across shards needs more than ${max} distinct values (limits.maxRows) to be merged; narrow the filter or raise limits.maxRows`,
      { details: { alias: out.alias, columns: out.columns, maxRows: max } },
    );
  }
}

function countDistinct(rows: readonly Row[], out: Extract<AggregateOutput, { kind: 'countDistinct' }>): SqlValue {
  checkDistinctValues(rows, out);
  const keys = out.keys;
  const present = rows.filter((row) => keys.every((k) => !isNull(cell(row, k.column))));
  present.sort((a, b) => compareRows(a, b, keys));
  let n = 0;
  for (let i = 0; i < present.length; i++) if (i === 0 || compareRows(present[i - 1]!, present[i]!, keys) !== 0) n++;
  return sqlInt64(n);
}

function average(rows: readonly Row[], sumCol: number, countCol: number): SqlValue {
  const sum = sumColumn(rows, sumCol);
  const count = countColumn(rows, countCol);
  if (!sum.seen || count === 0n) return SQL_NULL;
  if (sum.isFloat) return makeSqlValue('FLOAT64', String(sum.float / Number(count)));
  return makeSqlValue('DECIMAL', formatDecimal(divideDecimalByInteger(sum.exact, count)));
}

/**
 * Folds the partial rows of every shard into the one result row, one value per output in
 * order. Contract per kind (Vitess opcode in brackets): `sumCountStar`/`sumCount`/
 * `sumCountDistinct` [sum_count_star, sum_count, sum_count_distinct] add the counts, INT64, 0
 * without rows; `countDistinct` [count_distinct] counts the distinct key tuples without a
 * NULL, INT64 (keys compare as compareRows compares, weight strings padded), and throws
 * ServiceError SG505 (RESOURCE_EXHAUSTED) when there are more than `maxValues` rows; `sum` adds the
 * non-NULL sums, DECIMAL while every input is exact, FLOAT64 once one is a float, NULL
 * when nothing was summed; `min`/`max` keep the value of the row whose value (or weight
 * string, padded with `padWeight` as compareWeightStrings does) is least/greatest, the first
 * such row on a tie, NULL when all are NULL; `avg` is the summed sum divided by the
 * summed count, DECIMAL with 4 more digits of scale rounded half away from zero (MySQL's
 * div_precision_increment) or FLOAT64, NULL when the count is 0; `value` takes the column
 * of the single row (a single-shard route), 0 or NULL with no row. Throws InvariantError
 * for a missing column or for more than one row under `value`.
 */
export function recombineAggregates(rows: readonly Row[], outputs: readonly AggregateOutput[]): SqlValue[] {
  return outputs.map((out): SqlValue => {
    switch (out.kind) {
      case 'sumCountStar':
      case 'sumCount':
      case 'sumCountDistinct':
        return sqlInt64(countColumn(rows, out.column));
      case 'countDistinct':
        return countDistinct(rows, out);
      case 'sum':
        return sumResult(sumColumn(rows, out.column));
      case 'min':
        return extremum(rows, out, -1);
      case 'max':
        return extremum(rows, out, 1);
      case 'avg':
        return average(rows, out.sumColumn, out.countColumn);
      case 'value':
        invariant(rows.length <= 1, `single-shard aggregate got ${rows.length} rows`);
        return rows.length === 0 ? (out.zeroWhenEmpty ? sqlInt64(0) : SQL_NULL) : cell(rows[0]!, out.column);
      default:
        return assertNever(out, 'aggregate output');
    }
  });
}

/**
 * Folds the shard rows of grouped aggregates into one row per group: the group columns'
 * values (`groups.keys` order), then one value per output as recombineAggregates gives it.
 * Contract: with `groups.whole` every row is a finished group (its `value` outputs read from
 * it) and the result keeps the rows' order. Otherwise rows whose keys compare equal
 * (compareRows: merge keys, padded weight strings; NULLs equal) form one group whatever
 * shard sent them, folded by recombineAggregates (a count distinct counts within its group);
 * a group's values come from its first row in shard order; groups come out sorted by their
 * keys, ascending, NULL first (vitess ordered_aggregate.go folds sorted streams the same way,
 * comparing group keys by their weight strings). No rows, no groups. Throws ServiceError
 * SG505 when a merged count distinct's shard rows (of all groups together) are more than its
 * `maxValues`, and InvariantError for a missing column.
 */
export function recombineGroups(rows: readonly Row[], groups: GroupMerge, outputs: readonly AggregateOutput[]): SqlValue[][] {
  const keys = groups.keys;
  const groupValues = (row: Row): SqlValue[] => keys.map((k) => cell(row, k.column));
  if (groups.whole) return rows.map((row) => [...groupValues(row), ...recombineAggregates([row], outputs)]);
  for (const out of outputs) if (out.kind === 'countDistinct') checkDistinctValues(rows, out);
  // Array.prototype.sort is stable: equal keys keep shard order.
  const sorted = [...rows].sort((a, b) => compareRows(a, b, keys));
  const result: SqlValue[][] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && compareRows(sorted[start]!, sorted[i]!, keys) === 0) continue;
    const run = sorted.slice(start, i);
    result.push([...groupValues(run[0]!), ...recombineAggregates(run, outputs)]);
    start = i;
  }
  return result;
}
