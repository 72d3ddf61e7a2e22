// What each shard selects and how the engine merges it: the select list (visible columns,
// then hidden ORDER BY columns and weight strings, or aggregates split into per-shard
// parts), the ORDER BY terms and the merge spec. Mirrors Vitess's pushing of ORDER BY and
// aggregates into routes (planbuilder/operators aggregation_pushing.go, ordering.go).

import { ServiceError } from '../../errors/serviceError.js';
import { assertNever } from '../../util/invariant.js';
import type { AggregateOutput, OrderKey } from '../plan/plan.js';
import { quoteIdentifier, renderOrderBy } from './buildSql.js';
import { mergeWeight } from './mergeWeight.js';
import { columnKey } from './normalizePredicate.js';
import type { AggregateRequest, ColumnInfo, QueryRequest } from './queryRequest.js';

/** The select list, ORDER BY terms and merge instructions of one request. */
export interface OutputPlan {
  readonly select: readonly string[];
  readonly orderBy: readonly string[];
  readonly orderKeys: readonly OrderKey[];
  readonly resultColumns: number;
  readonly aggregates?: readonly AggregateOutput[];
}

/** Looks up what is known of a column (its type, collation facts); undefined when nothing is. */
export type ColumnLookup = (column: string) => ColumnInfo | undefined;

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

function aggregateSql(a: AggregateRequest): string {
  if (a.column === undefined) return 'count(*)';
  const col = quoteIdentifier(a.column);
  return a.fn === 'countDistinct' ? `count(distinct ${col})` : `${a.fn}(${col})`;
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

/** Multi-shard aggregates: per-shard parts recombined by the engine (Vitess aggregation opcodes). */
function splitAggregates(aggregates: readonly AggregateRequest[], list: SelectList, columnOf: ColumnLookup): AggregateOutput[] {
  return aggregates.map((a): AggregateOutput => {
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
        const weight = a.column === undefined ? undefined : mergeWeight(columnOf(a.column), expr);
        if (weight === undefined) return { kind: a.fn, alias: a.alias, column };
        const weightStringColumn = list.index(weight.sql);
        return { kind: a.fn, alias: a.alias, column, weightStringColumn, ...(weight.padWeight ? { padWeight: weight.padWeight } : {}) };
      }
      case 'countDistinct':
        throw new ServiceError('SG501', `count distinct of ${a.column} cannot be computed across shards`, {
          details: { alias: a.alias, column: a.column },
        });
      default:
        return assertNever(a.fn, 'aggregate function');
    }
  });
}

/**
 * Plans the select list, ORDER BY and merge of a request.
 * Contract: selected columns come first, in request order. When `multiShard`, an ORDER BY
 * column not selected is appended (hidden), and a VARCHAR/CHAR/TEXT one also gets a hidden
 * weight string compared instead of the value, as Vitess does for text whose collation it
 * does not evaluate: which `weight_string()` and whether it is compared padded (PAD SPACE)
 * is mergeWeight's decision from the column's collation facts; `resultColumns` cuts hidden
 * columns off after merging. A column of unknown type is merged by value (compareSqlValues),
 * not by weight string. Aggregates are sent whole on a single shard, and split on several:
 * count → count (summed), sum → sum, min/max → min/max (+ weight string for text, as for
 * ORDER BY), avg → sum and count; identical parts are selected once. Throws ServiceError
 * SG501 for countDistinct across shards.
 */
export function planOutput(request: QueryRequest, multiShard: boolean, columnOf: ColumnLookup): OutputPlan {
  const list = new SelectList();
  const aggregates = request.aggregates ?? [];
  if (aggregates.length > 0) {
    const outputs = multiShard ? splitAggregates(aggregates, list, columnOf) : singleAggregates(aggregates, list);
    return { select: list.exprs, orderBy: [], orderKeys: [], resultColumns: outputs.length, aggregates: outputs };
  }
  const visible = request.select.map(quoteIdentifier);
  list.exprs.push(...visible);
  const orderBy = request.orderBy ?? [];
  const orderKeys: OrderKey[] = [];
  if (multiShard) {
    for (const o of orderBy) {
      const selected = request.select.findIndex((c) => columnKey(c) === columnKey(o.column));
      const column = selected >= 0 ? selected : list.index(quoteIdentifier(o.column));
      const nullsFirst = o.nulls === undefined ? o.direction === 'asc' : o.nulls === 'first';
      const key: OrderKey = { column, direction: o.direction, nullsFirst };
      const weight = mergeWeight(columnOf(o.column), quoteIdentifier(o.column));
      orderKeys.push(
        weight === undefined
          ? key
          : { ...key, weightStringColumn: list.index(weight.sql), ...(weight.padWeight ? { padWeight: weight.padWeight } : {}) },
      );
    }
  }
  return { select: list.exprs, orderBy: orderBy.flatMap(renderOrderBy), orderKeys, resultColumns: visible.length };
}
