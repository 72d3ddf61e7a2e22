// Checks a QueryRequest against the request contract and the table's known columns before
// planning. Owns the SG500/SG203 failures of the planner; keyspace and table existence are
// checked where they are looked up (planQuery.ts).

import { ServiceError } from '../../errors/serviceError.js';
import { assertNever } from '../../util/invariant.js';
import { columnKey } from './normalizePredicate.js';
import type { AggregateRequest, Predicate, QueryRequest } from './queryRequest.js';

function invalid(message: string, details: Record<string, unknown> = {}): ServiceError {
  return new ServiceError('SG500', message, { details });
}

function isCount(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function predicateColumns(p: Predicate, out: string[]): void {
  switch (p.kind) {
    case 'and':
    case 'or':
      for (const o of p.operands) predicateColumns(o, out);
      return;
    case 'not':
      predicateColumns(p.operand, out);
      return;
    case 'cmp':
    case 'in':
    case 'isNull':
    case 'like':
      out.push(p.column);
      return;
    case 'true':
    case 'false':
      return;
    default:
      assertNever(p, 'predicate');
  }
}

/** The columns an aggregate reads: `[column]`, else `columns`, else none (`count(*)`). */
export function aggregateColumns(a: AggregateRequest): readonly string[] {
  return a.column !== undefined ? [a.column] : (a.columns ?? []);
}

/** Every column the request reads, in order of appearance, with repeats. */
export function requestColumns(request: QueryRequest): string[] {
  const out = [...request.select];
  if (request.where) predicateColumns(request.where, out);
  for (const o of request.orderBy ?? []) out.push(o.column);
  for (const a of request.aggregates ?? []) out.push(...aggregateColumns(a));
  out.push(...(request.groupBy ?? []), ...(request.partition?.columns ?? []));
  return out;
}

/** The first name of `names` that repeats one before it (case-insensitively), if any. */
function repeated(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(columnKey(name))) return name;
    seen.add(columnKey(name));
  }
  return undefined;
}

/** The SG500 checks of `partition`: its own shape, and what it excludes. */
function checkPartition(request: QueryRequest): void {
  const partition = request.partition;
  if (partition === undefined) return;
  for (const key of ['limit', 'offset'] as const) {
    const n = partition[key];
    if (n !== undefined && !isCount(n)) throw invalid(`partition ${key} must be a non-negative integer, got ${String(n)}`, { [key]: n });
  }
  if (partition.columns.length === 0) throw invalid('partition names no column');
  const twice = repeated(partition.columns);
  if (twice !== undefined) throw invalid(`partition column ${JSON.stringify(twice)} is named twice`, { column: twice });
  if (request.limit !== undefined || request.offset !== undefined) {
    throw invalid('partition cannot be combined with the request\'s own limit or offset (paging is per group)');
  }
  if ((request.aggregates ?? []).length > 0) throw invalid('partition cannot be combined with aggregates');
}

/** The SG500 checks of `groupBy`: only with aggregates, non-empty, no repeats, no alias equal to a group column. */
function checkGroupBy(request: QueryRequest): void {
  const groupBy = request.groupBy;
  if (groupBy === undefined) return;
  if ((request.aggregates ?? []).length === 0) throw invalid('groupBy needs aggregates (it groups their rows)');
  if (groupBy.length === 0) throw invalid('groupBy names no column (leave it out for one row over all rows)');
  const twice = repeated(groupBy);
  if (twice !== undefined) throw invalid(`groupBy column ${JSON.stringify(twice)} is named twice`, { column: twice });
  const groups = new Set(groupBy.map(columnKey));
  const clash = (request.aggregates ?? []).find((a) => groups.has(columnKey(a.alias)));
  if (clash !== undefined) throw invalid(`aggregate alias ${JSON.stringify(clash.alias)} is also a groupBy column`, { alias: clash.alias });
}

/** The SG500 problem of one aggregate's columns, if any. */
function aggregateProblem(a: AggregateRequest): string | undefined {
  if (a.columns !== undefined) {
    if (a.fn !== 'countDistinct') return `aggregate ${a.fn} takes one column, not columns`;
    if (a.column !== undefined) return `aggregate ${a.fn} takes column or columns, not both`;
    if (a.columns.length === 0) return `aggregate ${a.fn} needs at least one column`;
    return undefined;
  }
  return a.column === undefined && a.fn !== 'count' ? `aggregate ${a.fn} needs a column` : undefined;
}

/**
 * Throws ServiceError SG500 when the request breaks its contract: `limit`/`offset` not a
 * non-negative safe integer, nothing selected, aggregates mixed with selected columns or
 * with orderBy/limit/offset, an aggregate without the column it needs (all but `count`),
 * with `columns` that are empty, beside `column`, or on a function other than
 * `countDistinct`, or with a repeated alias, an empty identifier; `partition` with no or
 * repeated columns, a bad limit/offset, beside the request's own limit/offset or aggregates;
 * `groupBy` without aggregates, empty, with a repeated column, or naming an aggregate alias.
 * Throws SG203 naming every unknown column
 * when `knownColumns` is given (introspected columns, or an authoritative VSchema list);
 * columns compare case-insensitively. `table` is `keyspace.table`, for messages.
 */
export function validateRequest(request: QueryRequest, table: string, knownColumns: readonly string[] | undefined): void {
  for (const key of ['limit', 'offset'] as const) {
    const n = request[key];
    if (n !== undefined && !isCount(n)) throw invalid(`${key} must be a non-negative integer, got ${String(n)}`, { [key]: n });
  }
  const aggregates = request.aggregates ?? [];
  if (aggregates.length === 0 && request.select.length === 0) throw invalid(`select names no column of ${table}`);
  checkPartition(request);
  checkGroupBy(request);
  if (aggregates.length > 0) {
    if (request.select.length > 0) throw invalid('aggregates cannot be combined with selected columns (group columns go in groupBy)');
    if ((request.orderBy ?? []).length > 0 || request.limit !== undefined || request.offset !== undefined) {
      throw invalid('aggregates cannot be combined with orderBy, limit or offset');
    }
    const aliases = new Set<string>();
    for (const a of aggregates) {
      const problem = aggregateProblem(a);
      if (problem !== undefined) throw invalid(problem, { alias: a.alias });
      if (aliases.has(a.alias)) throw invalid(`aggregate alias ${JSON.stringify(a.alias)} is used twice`, { alias: a.alias });
      aliases.add(a.alias);
    }
  }
  const columns = requestColumns(request);
  if (columns.some((c) => c === '')) throw invalid('a column name is empty');
  if (knownColumns === undefined) return;
  const known = new Set(knownColumns.map(columnKey));
  const unknown = [...new Set(columns.filter((c) => !known.has(columnKey(c))))];
  if (unknown.length > 0) {
    const names = unknown.map((c) => JSON.stringify(c)).join(', ');
    throw new ServiceError('SG203', `column${unknown.length > 1 ? 's' : ''} ${names} not found in table ${table}`, {
      details: { table, columns: unknown },
    });
  }
}
