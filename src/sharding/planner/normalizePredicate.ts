// Predicate normalisation before routing: NOT pushed down to the atoms, AND/OR flattened,
// constants folded, equalities on one column merged into IN, and predicates that can never
// be true folded to `false` (the None route). Owns no routing and no SQL.

import { bytesToHex } from '../../util/hex.js';
import { assertNever } from '../../util/invariant.js';
import { isNull, isNumber, sqlValueToString, type SqlValue } from '../../util/sqlValue.js';
import type { ComparisonOp, Predicate } from './queryRequest.js';

const TRUE: Predicate = { kind: 'true' };
const FALSE: Predicate = { kind: 'false' };

const NEGATED_OP: Record<ComparisonOp, ComparisonOp> = { '=': '!=', '!=': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };

/** The key under which two values are the same value: same type, same bytes. */
export function valueKey(v: SqlValue): string {
  return `${v.type}:${bytesToHex(v.raw)}`;
}

/** The values without exact duplicates, first occurrence kept. */
export function uniqueValues(values: readonly SqlValue[]): SqlValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = valueKey(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The column an atom reads, lowercased (MySQL column names are case-insensitive). */
export function columnKey(column: string): string {
  return column.toLowerCase();
}

function inList(column: string, values: readonly SqlValue[], negated: boolean): Predicate {
  if (values.length === 0) return negated ? TRUE : FALSE;
  if (values.length === 1) return { kind: 'cmp', column, op: negated ? '!=' : '=', value: values[0]! };
  return { kind: 'in', column, values, negated };
}

/**
 * Returns an equivalent predicate in normal form, for use as a WHERE clause.
 * Contract: the result is `true`, `false`, an atom, or an and/or tree with no `not`, no
 * constants, no and directly under and, no or directly under or. Rules: NOT goes down by De
 * Morgan and flips the atom (`=`↔`!=`, `<`↔`>=`, IN↔NOT IN, IS NULL↔IS NOT NULL, LIKE↔NOT
 * LIKE). Once no NOT is left, an atom that is NULL rejects a row exactly as `false` does,
 * so `col = NULL` (any comparison or LIKE with NULL), `IN (NULL)` and `NOT IN (…, NULL, …)`
 * become `false` (Vitess routes them to None); NULLs inside a positive IN are dropped.
 * IN lists lose duplicates (same type and bytes, first kept); IN of one value becomes `=`
 * (NOT IN: `!=`); `IN ()` is false, `NOT IN ()` true. Under OR, `=`/IN atoms on one column
 * merge into one IN at the first one's place. Under AND, it is `false` when a column
 * `IS NULL` and is also compared, or when the `=`/IN atoms on a column allow no common
 * numeric value (`id = 1 AND id = 2`); strings are never judged contradictory, as the
 * column's collation (case, trailing spaces) is unknown.
 */
export function normalizePredicate(predicate: Predicate | undefined): Predicate {
  return predicate === undefined ? TRUE : normalize(predicate, false);
}

function normalize(p: Predicate, negate: boolean): Predicate {
  switch (p.kind) {
    case 'and':
    case 'or': {
      const operands = p.operands.map((o) => normalize(o, negate));
      return (p.kind === 'and') !== negate ? buildAnd(operands) : buildOr(operands);
    }
    case 'not':
      return normalize(p.operand, !negate);
    case 'true':
      return negate ? FALSE : TRUE;
    case 'false':
      return negate ? TRUE : FALSE;
    case 'cmp':
      if (isNull(p.value)) return FALSE;
      return negate ? { ...p, op: NEGATED_OP[p.op] } : p;
    case 'like':
      if (isNull(p.pattern)) return FALSE;
      return negate ? { ...p, negated: !p.negated } : p;
    case 'isNull':
      return negate ? { ...p, negated: !p.negated } : p;
    case 'in': {
      const negated = p.negated !== negate;
      if (negated && p.values.some(isNull)) return FALSE;
      return inList(p.column, uniqueValues(p.values.filter((v) => !isNull(v))), negated);
    }
    default:
      return assertNever(p, 'predicate');
  }
}

/** The equality values of a positive `=`/IN atom, else undefined. */
function equalityValues(p: Predicate): readonly SqlValue[] | undefined {
  if (p.kind === 'cmp' && p.op === '=') return [p.value];
  if (p.kind === 'in' && !p.negated) return p.values;
  return undefined;
}

/**
 * The operands with nested `kind` operands lifted up and the neutral constant dropped;
 * undefined when the absorbing constant (false for and, true for or) is among them.
 */
function flatten(kind: 'and' | 'or', operands: readonly Predicate[]): Predicate[] | undefined {
  const absorbing = kind === 'and' ? 'false' : 'true';
  const neutral = kind === 'and' ? 'true' : 'false';
  const flat: Predicate[] = [];
  for (const o of operands) {
    if (o.kind === absorbing) return undefined;
    if (o.kind === kind) flat.push(...o.operands);
    else if (o.kind !== neutral) flat.push(o);
  }
  return flat;
}

function buildOr(operands: readonly Predicate[]): Predicate {
  const flat = flatten('or', operands);
  if (flat === undefined) return TRUE;
  const merged = mergeEqualities(flat);
  if (merged.length === 0) return FALSE;
  return merged.length === 1 ? merged[0]! : { kind: 'or', operands: merged };
}

/** Merges `=`/IN atoms on the same column into one IN, placed where the first one was. */
function mergeEqualities(operands: readonly Predicate[]): Predicate[] {
  const byColumn = new Map<string, { index: number; column: string; values: SqlValue[] }>();
  const out: (Predicate | undefined)[] = [];
  for (const o of operands) {
    const values = equalityValues(o);
    if (values === undefined || (o.kind !== 'cmp' && o.kind !== 'in')) {
      out.push(o);
      continue;
    }
    const entry = byColumn.get(columnKey(o.column));
    if (entry) {
      entry.values.push(...values);
    } else {
      byColumn.set(columnKey(o.column), { index: out.length, column: o.column, values: [...values] });
      out.push(undefined);
    }
  }
  for (const { index, column, values } of byColumn.values()) out[index] = inList(column, uniqueValues(values), false);
  return out as Predicate[];
}

function buildAnd(operands: readonly Predicate[]): Predicate {
  const flat = flatten('and', operands);
  if (flat === undefined || isContradiction(flat)) return FALSE;
  if (flat.length === 0) return TRUE;
  return flat.length === 1 ? flat[0]! : { kind: 'and', operands: flat };
}

/**
 * True when the AND of these atoms can never hold. Numeric values are compared as
 * doubles, so two values are only called different when no column value, compared the
 * way MySQL compares a column with a number, could equal both.
 */
function isContradiction(conjuncts: readonly Predicate[]): boolean {
  const isNullColumns = new Set<string>();
  const comparedColumns = new Set<string>();
  const allowed = new Map<string, Set<number> | undefined>();
  for (const c of conjuncts) {
    if (c.kind !== 'cmp' && c.kind !== 'in' && c.kind !== 'isNull' && c.kind !== 'like') continue;
    const col = columnKey(c.column);
    if (c.kind === 'isNull' && !c.negated) isNullColumns.add(col);
    else comparedColumns.add(col);
    const values = equalityValues(c);
    if (values === undefined) continue;
    if (!values.every(isNumber)) {
      allowed.set(col, undefined);
      continue;
    }
    if (allowed.has(col) && allowed.get(col) === undefined) continue;
    const doubles = new Set(values.map((v) => Number(sqlValueToString(v))));
    const previous = allowed.get(col);
    allowed.set(col, previous ? new Set([...previous].filter((d) => doubles.has(d))) : doubles);
  }
  for (const col of isNullColumns) if (comparedColumns.has(col)) return true;
  for (const set of allowed.values()) if (set !== undefined && set.size === 0) return true;
  return false;
}
