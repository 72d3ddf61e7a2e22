// compileWhere: a Hasura `T_bool_exp` value (as GraphQL passes it) → a planner Predicate over
// the table's columns, with every value converted by values.ts. Owns the operator vocabulary
// of INTERFACES.md §5; routing and SQL are the planner's.

import { ServiceError } from '../errors/serviceError.js';
import type { ComparisonOp, Predicate } from '../sharding/planner/queryRequest.js';
import type { SqlValue } from '../util/sqlValue.js';
import type { BoolExp } from './apiRuntime.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import { findColumn, isInputObject } from './tableColumns.js';
import { describeJsValue, toSqlValue, valueKind } from './values.js';

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = { _eq: '=', _neq: '!=', _gt: '>', _gte: '>=', _lt: '<', _lte: '<=' };

/** The comparison operators a column accepts, for src/schema: every column all of these, string columns also `_like`/`_nlike`. */
export const COMPARISON_OPERATORS = ['_eq', '_neq', '_gt', '_gte', '_lt', '_lte', '_in', '_nin', '_is_null'] as const;

/** The pattern operators of string columns. */
export const LIKE_OPERATORS = ['_like', '_nlike'] as const;

/**
 * Most `_and`/`_or`/`_not` levels one where may nest: far beyond what people write, and far
 * below what would overflow the stack of this compiler or the planner's (limits.maxTokens
 * bounds a literal, but nothing bounds a where passed in variables).
 */
export const MAX_WHERE_DEPTH = 100;

/** True when the column accepts `_like`/`_nlike`: String and Enum columns (text, CHAR, ENUM, SET, TIME). */
export function acceptsLike(column: Pick<ApiColumn, 'type' | 'isBoolean' | 'enumValues'>): boolean {
  const kind = valueKind(column);
  return kind === 'String' || kind === 'Enum';
}

function invalid(table: ApiTable, path: string, message: string): ServiceError {
  return new ServiceError('SG1001', `where${path}: ${message}`, { details: { keyspace: table.keyspace, table: table.table, path: `where${path}` } });
}

function and(operands: Predicate[]): Predicate {
  if (operands.length === 1) return operands[0]!;
  return operands.length === 0 ? { kind: 'true' } : { kind: 'and', operands };
}

function notNull(table: ApiTable, path: string, op: string, value: unknown): void {
  if (value === null || value === undefined) throw invalid(table, path, `${op} needs a value, got null (use _is_null to test for NULL)`);
}

function listValues(table: ApiTable, column: ApiColumn, path: string, op: string, value: unknown): SqlValue[] {
  if (!Array.isArray(value)) throw invalid(table, path, `${op} needs a list, got ${describeJsValue(value)}`);
  return value.map((v: unknown, i) => {
    notNull(table, `${path}[${i}]`, op, v);
    return toSqlValue(column, v);
  });
}

function compileComparison(table: ApiTable, column: ApiColumn, exp: unknown, path: string): Predicate {
  if (!isInputObject(exp)) throw invalid(table, path, `expected a comparison object for column ${column.name}, got ${describeJsValue(exp)}`);
  const parts: Predicate[] = [];
  for (const [op, value] of Object.entries(exp)) {
    if (value === undefined) continue;
    const at = `${path}.${op}`;
    const cmp = COMPARISONS[op];
    if (cmp !== undefined) {
      notNull(table, at, op, value);
      parts.push({ kind: 'cmp', column: column.name, op: cmp, value: toSqlValue(column, value) });
    } else if (op === '_in' || op === '_nin') {
      const values = listValues(table, column, at, op, value);
      if (values.length === 0) parts.push({ kind: op === '_in' ? 'false' : 'true' });
      else parts.push({ kind: 'in', column: column.name, values, negated: op === '_nin' });
    } else if (op === '_is_null') {
      if (typeof value !== 'boolean') throw invalid(table, at, `_is_null needs true or false, got ${describeJsValue(value)}`);
      parts.push({ kind: 'isNull', column: column.name, negated: !value });
    } else if (op === '_like' || op === '_nlike') {
      if (!acceptsLike(column)) throw invalid(table, at, `${op} applies to string columns, not ${column.name} (${column.columnType})`);
      notNull(table, at, op, value);
      if (typeof value !== 'string') throw invalid(table, at, `${op} needs a string pattern, got ${describeJsValue(value)}`);
      parts.push({ kind: 'like', column: column.name, pattern: toSqlValue({ ...column, type: 'VARCHAR', enumValues: undefined }, value), negated: op === '_nlike' });
    } else {
      throw invalid(table, at, `unknown comparison operator ${JSON.stringify(op)}`);
    }
  }
  return and(parts);
}

function compileList(table: ApiTable, value: unknown, path: string, op: string, depth: number): Predicate[] {
  notNull(table, path, op, value);
  const items = Array.isArray(value) ? value : [value];
  return items.map((item: unknown, i) => compileExp(table, item, `${path}[${i}]`, depth));
}

function compileExp(table: ApiTable, exp: unknown, path: string, depth: number): Predicate {
  if (!isInputObject(exp)) throw invalid(table, path, `expected a ${table.table}_bool_exp object, got ${describeJsValue(exp)}`);
  if (depth > MAX_WHERE_DEPTH) throw invalid(table, path.length > 80 ? `${path.slice(0, 80)}…` : path, `_and/_or/_not nest deeper than ${MAX_WHERE_DEPTH} levels`);
  const parts: Predicate[] = [];
  for (const [key, value] of Object.entries(exp)) {
    if (value === undefined) continue;
    const at = `${path}.${key}`;
    if (key === '_and') {
      parts.push(and(compileList(table, value, at, key, depth + 1)));
    } else if (key === '_or') {
      const operands = compileList(table, value, at, key, depth + 1);
      parts.push(operands.length === 1 ? operands[0]! : operands.length === 0 ? { kind: 'false' } : { kind: 'or', operands });
    } else if (key === '_not') {
      notNull(table, at, key, value);
      parts.push({ kind: 'not', operand: compileExp(table, value, at, depth + 1) });
    } else {
      notNull(table, at, key, value);
      parts.push(compileComparison(table, findColumn(table, key, 'SG1001', 'where field'), value, at));
    }
  }
  return and(parts);
}

/**
 * Compiles a `T_bool_exp` into a Predicate over `table`'s columns.
 * Contract: absent or null `where` and `{}` are `true`; the keys of one object are AND-ed;
 * `_and: [...]` ANDs (empty: true), `_or: [...]` ORs (empty: false), `_not` negates (so
 * `_not: {}` is false); a single object where a list is expected counts as a list of one
 * (GraphQL list coercion). Per column: `_eq _neq _gt _gte _lt _lte` compare (SQL three-valued
 * logic: NULL rows never match, `_neq` included), `_in: []` is false and `_nin: []` true,
 * `_is_null: true|false`, `_like`/`_nlike` (MySQL wildcards) only on string and enum columns.
 * Keys whose value is undefined are skipped. Errors: ServiceError SG1001 naming the JSON path
 * (`where._or[1].email._like`) for an unknown column or operator, a null operand (use
 * `_is_null`), a wrongly shaped value or `_and`/`_or`/`_not` nested deeper than
 * MAX_WHERE_DEPTH; SG1000 (values.ts) for a value that does not fit its
 * column.
 */
export function compileWhere(table: ApiTable, where: BoolExp | null | undefined): Predicate {
  if (where === null || where === undefined) return { kind: 'true' };
  return compileExp(table, where, '', 0);
}
