// SQL text pieces: identifier quoting, bind variable naming and dedupe, predicate rendering,
// ORDER BY with NULL placement.

import { describe, expect, it } from 'vitest';
import { describeSqlValue, sqlInt64, sqlVarchar } from '../../../util/sqlValue.js';
import { isBindList, type BindValue } from '../../plan/plan.js';
import { BindVarAllocator, buildSelectSql, quoteIdentifier, renderOrderBy, renderPredicate } from '../buildSql.js';
import type { OrderBy, Predicate } from '../queryRequest.js';

const showBinds = (vars: Readonly<Record<string, BindValue>>): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, isBindList(v) ? v.map(describeSqlValue) : describeSqlValue(v)]));

describe('quoteIdentifier', () => {
  it.each([
    ['id', '`id`'],
    ['user', '`user`'],
    ['weird`name', '`weird``name`'],
    ['a`b*c', '`a``b*c`'],
    ['', '``'],
  ])('%j → %s', (name, want) => {
    expect(quoteIdentifier(name)).toBe(want);
  });
});

describe('BindVarAllocator', () => {
  it('numbers binds in order, dedupes identical scalars only', () => {
    const b = new BindVarAllocator();
    expect(b.scalar(sqlInt64(1))).toBe('vtg1');
    expect(b.scalar(sqlVarchar('1'))).toBe('vtg2');
    expect(b.scalar(sqlInt64(1))).toBe('vtg1');
    expect(b.list([sqlInt64(1)])).toBe('vtg3');
    expect(b.fresh(sqlInt64(1))).toBe('vtg4');
    expect(b.named('__upper_limit', sqlInt64(30))).toBe('__upper_limit');
    expect(showBinds(b.vars)).toEqual({
      vtg1: 'INT64(1)',
      vtg2: 'VARCHAR("1")',
      vtg3: ['INT64(1)'],
      vtg4: 'INT64(1)',
      __upper_limit: 'INT64(30)',
    });
  });
});

describe('renderPredicate', () => {
  const a1: Predicate = { kind: 'cmp', column: 'a', op: '=', value: sqlInt64(1) };
  const inB: Predicate = { kind: 'in', column: 'b', values: [sqlInt64(1), sqlInt64(2)], negated: false };
  it.each<[string, Predicate, string]>([
    ['comparison', { kind: 'cmp', column: 'a', op: '>=', value: sqlInt64(1) }, '`a` >= :vtg1'],
    ['not in', { kind: 'in', column: 'b', values: [sqlInt64(1)], negated: true }, '`b` not in ::vtg1'],
    ['is not null', { kind: 'isNull', column: 'c', negated: true }, '`c` is not null'],
    ['not like', { kind: 'like', column: 'n', pattern: sqlVarchar('a%'), negated: true }, '`n` not like :vtg1'],
    ['and of or', { kind: 'and', operands: [a1, { kind: 'or', operands: [a1, inB] }] }, '`a` = :vtg1 and (`a` = :vtg1 or `b` in ::vtg2)'],
    ['or of and', { kind: 'or', operands: [{ kind: 'and', operands: [a1, inB] }, a1] }, '(`a` = :vtg1 and `b` in ::vtg2) or `a` = :vtg1'],
    ['not', { kind: 'not', operand: a1 }, 'not (`a` = :vtg1)'],
    ['true', { kind: 'true' }, '1 = 1'],
    ['false', { kind: 'false' }, '1 != 1'],
  ])('%s', (_name, p, want) => {
    expect(renderPredicate(p, new BindVarAllocator(), new Map())).toBe(want);
  });

  it('binds the routing IN atom to its fixed list bind', () => {
    const b = new BindVarAllocator();
    const sql = renderPredicate({ kind: 'and', operands: [a1, inB] }, b, new Map([[inB, '__vals']]));
    expect(sql).toBe('`a` = :vtg1 and `b` in ::__vals');
    expect(Object.keys(b.vars)).toEqual(['vtg1']);
  });
});

describe('renderOrderBy', () => {
  it.each<[OrderBy, string[]]>([
    [{ column: 'a', direction: 'asc' }, ['`a` asc']],
    [{ column: 'a', direction: 'asc', nulls: 'first' }, ['`a` asc']],
    [{ column: 'a', direction: 'asc', nulls: 'last' }, ['`a` is null asc', '`a` asc']],
    [{ column: 'a', direction: 'desc' }, ['`a` desc']],
    [{ column: 'a', direction: 'desc', nulls: 'last' }, ['`a` desc']],
    [{ column: 'a', direction: 'desc', nulls: 'first' }, ['`a` is null desc', '`a` desc']],
  ])('%j', (o, want) => {
    expect(renderOrderBy(o)).toEqual(want);
  });
});

describe('buildSelectSql', () => {
  it('assembles the clauses present', () => {
    expect(buildSelectSql({ select: ['`id`'], table: 'user', orderBy: [] })).toBe('select `id` from `user`');
    expect(buildSelectSql({ select: ['`id`', '`n`'], table: 't', where: '`id` = :vtg1', orderBy: ['`n` desc'], limit: ':vtg2' })).toBe(
      'select `id`, `n` from `t` where `id` = :vtg1 order by `n` desc limit :vtg2',
    );
  });
});
