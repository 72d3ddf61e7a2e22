// Predicate normalisation, one row per rule: NOT push-down, NULL atoms, IN folding, OR→IN,
// contradictions (numeric only), idempotence.

import { describe, expect, it } from 'vitest';
import { SQL_NULL, describeSqlValue, sqlDecimal, sqlInt64, sqlUint64, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { normalizePredicate } from '../normalizePredicate.js';
import type { ComparisonOp, Predicate } from '../queryRequest.js';

const v = (x: number | string | null): SqlValue => (x === null ? SQL_NULL : typeof x === 'number' ? sqlInt64(x) : sqlVarchar(x));
const eq = (column: string, x: number | string | null, op: ComparisonOp = '='): Predicate => ({ kind: 'cmp', column, op, value: v(x) });
const inn = (column: string, xs: (number | string | null)[], negated = false): Predicate => ({ kind: 'in', column, values: xs.map(v), negated });
const and = (...operands: Predicate[]): Predicate => ({ kind: 'and', operands });
const or = (...operands: Predicate[]): Predicate => ({ kind: 'or', operands });
const not = (operand: Predicate): Predicate => ({ kind: 'not', operand });
const isNull = (column: string, negated = false): Predicate => ({ kind: 'isNull', column, negated });
const like = (column: string, pattern: string | null, negated = false): Predicate => ({ kind: 'like', column, pattern: v(pattern), negated });
const TRUE: Predicate = { kind: 'true' };
const FALSE: Predicate = { kind: 'false' };

/** A compact text form for assertions: values printed inline, nested and/or parenthesised. */
function show(p: Predicate): string {
  const nested = (o: Predicate): string => (o.kind === 'and' || o.kind === 'or' ? `(${show(o)})` : show(o));
  switch (p.kind) {
    case 'and':
    case 'or':
      return p.operands.map(nested).join(` ${p.kind} `);
    case 'not':
      return `not ${nested(p.operand)}`;
    case 'cmp':
      return `${p.column} ${p.op} ${describeSqlValue(p.value)}`;
    case 'in':
      return `${p.column} ${p.negated ? 'not in' : 'in'} (${p.values.map(describeSqlValue).join(', ')})`;
    case 'isNull':
      return `${p.column} is ${p.negated ? 'not ' : ''}null`;
    case 'like':
      return `${p.column} ${p.negated ? 'not like' : 'like'} ${describeSqlValue(p.pattern)}`;
    default:
      return p.kind;
  }
}

describe('normalizePredicate', () => {
  it.each<[string, Predicate | undefined, string]>([
    ['no predicate is true', undefined, 'true'],
    ['atom unchanged', eq('id', 1), 'id = INT64(1)'],
    ['= NULL is false (Vitess None)', eq('id', null), 'false'],
    ['!= NULL is false', eq('id', null, '!='), 'false'],
    ['< NULL is false', eq('id', null, '<'), 'false'],
    ['LIKE NULL is false', like('name', null), 'false'],
    ['IN () is false', inn('id', []), 'false'],
    ['NOT IN () is true', inn('id', [], true), 'true'],
    ['IN (NULL) is false', inn('id', [null]), 'false'],
    ['IN drops NULLs', inn('id', [null, 1, 2]), 'id in (INT64(1), INT64(2))'],
    ['NOT IN with NULL is false', inn('id', [1, null], true), 'false'],
    ['IN of one value is =', inn('id', [7]), 'id = INT64(7)'],
    ['NOT IN of one value is !=', inn('id', [7], true), 'id != INT64(7)'],
    ['IN dedupes, first kept', inn('id', [3, 1, 3, 2, 1]), 'id in (INT64(3), INT64(1), INT64(2))'],
    ['IN keeps INT64 1 and VARCHAR 1 apart', { kind: 'in', column: 'id', values: [sqlInt64(1), sqlVarchar('1')], negated: false }, 'id in (INT64(1), VARCHAR("1"))'],
    ['NOT flips =', not(eq('id', 1)), 'id != INT64(1)'],
    ['NOT flips <', not(eq('id', 1, '<')), 'id >= INT64(1)'],
    ['NOT flips >=', not(eq('id', 1, '>=')), 'id < INT64(1)'],
    ['NOT flips IN', not(inn('id', [1, 2])), 'id not in (INT64(1), INT64(2))'],
    ['NOT flips IS NULL', not(isNull('id')), 'id is not null'],
    ['NOT flips LIKE', not(like('name', 'a%')), 'name not like VARCHAR("a%")'],
    ['double NOT cancels', not(not(eq('id', 1))), 'id = INT64(1)'],
    ['De Morgan on AND', not(and(eq('a', 1), eq('b', 2))), 'a != INT64(1) or b != INT64(2)'],
    ['De Morgan on OR', not(or(eq('a', 1), isNull('b'))), 'a != INT64(1) and b is not null'],
    ['NOT (x = NULL) is still false', not(eq('id', null)), 'false'],
    ['NOT true is false', not(TRUE), 'false'],
    ['AND flattens and drops true', and(TRUE, and(eq('a', 1), and(eq('b', 2))), TRUE), 'a = INT64(1) and b = INT64(2)'],
    ['AND with false is false', and(eq('a', 1), FALSE), 'false'],
    ['empty AND is true', and(), 'true'],
    ['empty OR is false', or(), 'false'],
    ['OR with true is true', or(eq('a', 1), TRUE), 'true'],
    ['OR drops false and NULL comparisons', or(eq('a', 1), FALSE, eq('b', null)), 'a = INT64(1)'],
    ['OR of equalities is IN', or(eq('id', 1), eq('id', 2), eq('id', 1)), 'id in (INT64(1), INT64(2))'],
    ['OR of = and IN merges, case-insensitive column', or(eq('id', 1), inn('ID', [2, 3])), 'id in (INT64(1), INT64(2), INT64(3))'],
    ['OR merges per column in first place', or(eq('a', 1), eq('b', 2), eq('a', 3)), 'a in (INT64(1), INT64(3)) or b = INT64(2)'],
    ['OR leaves NOT IN and != alone', or(eq('a', 1, '!='), eq('a', 2, '!=')), 'a != INT64(1) or a != INT64(2)'],
    ['OR of equality ANDs kept', or(and(eq('a', 1), eq('b', 2)), and(eq('a', 3), eq('b', 4))), '(a = INT64(1) and b = INT64(2)) or (a = INT64(3) and b = INT64(4))'],
    ['contradictory = is false', and(eq('id', 1), eq('id', 2)), 'false'],
    ['= inside IN is kept', and(eq('id', 1), inn('id', [1, 2])), 'id = INT64(1) and id in (INT64(1), INT64(2))'],
    ['disjoint INs are false', and(inn('id', [1, 2]), inn('id', [3, 4])), 'false'],
    ['decimal 1.0 equals 1', and(eq('id', 1), { kind: 'cmp', column: 'id', op: '=', value: sqlDecimal('1.0') }), 'id = INT64(1) and id = DECIMAL(1.0)'],
    ['INT64 vs UINT64 2^63', and({ kind: 'cmp', column: 'id', op: '=', value: sqlUint64(2n ** 63n) }, eq('id', -1)), 'false'],
    ['strings never contradict (collation unknown)', and(eq('name', 'a'), eq('name', 'A')), 'name = VARCHAR("a") and name = VARCHAR("A")'],
    ['number vs string never contradicts', and(eq('id', 1), eq('id', 'x')), 'id = INT64(1) and id = VARCHAR("x")'],
    ['IS NULL and compared is false', and(isNull('id'), eq('id', 1, '>')), 'false'],
    ['IS NULL and IS NOT NULL is false', and(isNull('id'), isNull('ID', true)), 'false'],
    ['IS NULL of other column is fine', and(isNull('a'), eq('b', 1)), 'a is null and b = INT64(1)'],
    ['contradiction inside OR drops that branch', or(and(eq('a', 1), eq('a', 2)), eq('b', 3)), 'b = INT64(3)'],
    ['keyset cursor stays as written', or(eq('a', 5, '>'), and(eq('a', 5), eq('pk', 9, '>'))), 'a > INT64(5) or (a = INT64(5) and pk > INT64(9))'],
  ])('%s', (_name, input, want) => {
    expect(show(normalizePredicate(input))).toBe(want);
  });

  it('is idempotent', () => {
    const p = not(or(and(eq('a', 1), not(inn('b', [1, null]))), eq('c', 2), eq('c', 3)));
    const once = normalizePredicate(p);
    expect(normalizePredicate(once)).toEqual(once);
  });
});
