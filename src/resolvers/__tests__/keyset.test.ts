import { describe, expect, it } from 'vitest';
import type { Predicate } from '../../sharding/planner/queryRequest.js';
import { SQL_NULL, describeSqlValue, makeSqlValue, sqlInt64, sqlValueToString, type SqlValue } from '../../util/sqlValue.js';
import { connectionSortKeys, describeSortKeys, keysetAfter, keysetValue, sortKeysOrderBy, type SortKey } from '../keyset.js';
import { showPredicate, testCatalog } from './fixtures.js';

const { table } = testCatalog();

const show = showPredicate;

const key = (column: string, direction: 'asc' | 'desc', nullsFirst: boolean): SortKey => ({ column, direction, nullsFirst });

describe('connectionSortKeys', () => {
  it('appends the primary key (asc) after the order_by terms, once', () => {
    const product = table('product');
    expect(connectionSortKeys(product, [{ column: 'price', direction: 'desc' }])).toEqual([
      key('price', 'desc', false),
      key('sku', 'asc', true),
      key('rev', 'asc', true),
    ]);
    expect(connectionSortKeys(product, [{ column: 'rev', direction: 'desc', nulls: 'first' }])).toEqual([key('rev', 'desc', true), key('sku', 'asc', true)]);
    expect(connectionSortKeys(product, [])).toEqual([key('sku', 'asc', true), key('rev', 'asc', true)]);
  });

  it('gives the planner nulls only where MySQL differs, and a canonical text for cursors', () => {
    const keys = [key('a', 'asc', true), key('b', 'asc', false), key('c', 'desc', true), key('d', 'desc', false)];
    expect(sortKeysOrderBy(keys)).toEqual([
      { column: 'a', direction: 'asc' },
      { column: 'b', direction: 'asc', nulls: 'last' },
      { column: 'c', direction: 'desc', nulls: 'first' },
      { column: 'd', direction: 'desc' },
    ]);
    expect(describeSortKeys(keys)).toBe('a asc nulls first, b asc nulls last, c desc nulls first, d desc nulls last');
  });
});

describe('keysetAfter builds', () => {
  const one = sqlInt64(1);
  const seven = sqlInt64(7);
  it.each([
    ['asc nulls first, value', [key('s', 'asc', true), key('id', 'asc', true)], [one, seven], '(s > INT64(1) or (s = INT64(1) and id > INT64(7)))'],
    ['asc nulls last, value', [key('s', 'asc', false), key('id', 'asc', true)], [one, seven], '((s > INT64(1) or s is null) or (s = INT64(1) and id > INT64(7)))'],
    ['desc nulls last, value', [key('s', 'desc', false), key('id', 'asc', true)], [one, seven], '((s < INT64(1) or s is null) or (s = INT64(1) and id > INT64(7)))'],
    ['desc nulls first, value', [key('s', 'desc', true), key('id', 'asc', true)], [one, seven], '(s < INT64(1) or (s = INT64(1) and id > INT64(7)))'],
    ['asc nulls first, NULL', [key('s', 'asc', true), key('id', 'asc', true)], [SQL_NULL, seven], '(s is not null or (s is null and id > INT64(7)))'],
    ['asc nulls last, NULL', [key('s', 'asc', false), key('id', 'asc', true)], [SQL_NULL, seven], '(s is null and id > INT64(7))'],
    ['desc nulls first, NULL', [key('s', 'desc', true), key('id', 'asc', true)], [SQL_NULL, seven], '(s is not null or (s is null and id > INT64(7)))'],
    ['desc nulls last, NULL', [key('s', 'desc', false), key('id', 'asc', true)], [SQL_NULL, seven], '(s is null and id > INT64(7))'],
    ['primary key only', [key('id', 'asc', true)], [seven], 'id > INT64(7)'],
    [
      'three keys',
      [key('a', 'desc', false), key('b', 'asc', true), key('id', 'asc', true)],
      [one, SQL_NULL, seven],
      '((a < INT64(1) or a is null) or (a = INT64(1) and b is not null) or (a = INT64(1) and b is null and id > INT64(7)))',
    ],
  ])('%s', (_name, keys, values, expected) => {
    expect(show(keysetAfter(keys, values))).toBe(expected);
  });

  it('is false when nothing can follow (only NULLs placed last)', () => {
    expect(keysetAfter([key('s', 'asc', false)], [SQL_NULL])).toEqual({ kind: 'false' });
  });
});

describe('keysetValue', () => {
  const allTypes = table('allTypes');
  const col = (name: string) => allTypes.columns.find((c) => c.name === name)!;
  it.each([
    ['mood', makeSqlValue('ENUM', 'happy'), 'INT64(3)'],
    ['mood', makeSqlValue('ENUM', ''), 'INT64(0)'],
    ['tags', makeSqlValue('SET', 'a,c'), 'UINT64(5)'],
    ['tags', makeSqlValue('SET', ''), 'UINT64(0)'],
    ['f32', makeSqlValue('FLOAT32', '1.1'), 'FLOAT64(1.100000023841858)'],
    ['f64', makeSqlValue('FLOAT64', '1.1'), 'FLOAT64(1.1)'],
    ['name', makeSqlValue('VARCHAR', 'Zoë'), 'VARCHAR("Zoë")'],
    ['dt', makeSqlValue('DATETIME', '2024-01-01 00:00:00'), 'DATETIME("2024-01-01 00:00:00")'],
    ['name', SQL_NULL, 'NULL'],
  ])('%s %o → %s', (name, value, expected) => {
    expect(describeSqlValue(keysetValue(col(name), value))).toBe(expected);
  });
});

// ---- Proof by evaluation: the predicate selects exactly the rows after the cursor row ----

type Cell = bigint | null;

/** MySQL ORDER BY on one key: NULL placement as the key says, values by direction. */
function compareOn(k: SortKey, a: Cell, b: Cell): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === k.nullsFirst ? -1 : 1;
  }
  const c = a < b ? -1 : a > b ? 1 : 0;
  return k.direction === 'asc' ? c : -c;
}

/** SQL three-valued logic: true, false or null (unknown). */
function evaluate(p: Predicate, row: Readonly<Record<string, Cell>>): boolean | null {
  switch (p.kind) {
    case 'and': {
      const vs = p.operands.map((o) => evaluate(o, row));
      return vs.includes(false) ? false : vs.includes(null) ? null : true;
    }
    case 'or': {
      const vs = p.operands.map((o) => evaluate(o, row));
      return vs.includes(true) ? true : vs.includes(null) ? null : false;
    }
    case 'isNull':
      return (row[p.column] === null) !== p.negated;
    case 'cmp': {
      const a = row[p.column]!;
      if (a === null) return null;
      const b = BigInt(sqlValueToString(p.value));
      return { '=': a === b, '!=': a !== b, '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b }[p.op];
    }
    case 'false':
      return false;
    case 'true':
      return true;
    default:
      throw new Error(`unexpected ${p.kind}`);
  }
}

describe('keysetAfter selects exactly the rows after the cursor', () => {
  // Two nullable columns with duplicates and NULLs, then a unique id: every tie and NULL case.
  const rows: Record<string, Cell>[] = [];
  let id = 0n;
  for (const a of [null, 1n, 2n]) for (const b of [null, 5n, 6n]) for (let n = 0; n < 2; n++) rows.push({ a, b, id: id++ });
  const placements: [boolean, 'asc' | 'desc'][] = [
    [true, 'asc'],
    [false, 'asc'],
    [true, 'desc'],
    [false, 'desc'],
  ];
  for (const [nullsA, dirA] of placements) {
    for (const [nullsB, dirB] of placements) {
      const keys = [key('a', dirA, nullsA), key('b', dirB, nullsB), key('id', 'asc', true)];
      it(describeSortKeys(keys), () => {
        const sorted = [...rows].sort((x, y) => keys.reduce((c, k) => c || compareOn(k, x[k.column]!, y[k.column]!), 0));
        sorted.forEach((cursorRow, i) => {
          const values: SqlValue[] = keys.map((k) => (cursorRow[k.column] === null ? SQL_NULL : sqlInt64(cursorRow[k.column]!)));
          const p = keysetAfter(keys, values);
          const after = sorted.filter((r) => evaluate(p, r) === true);
          expect(after).toEqual(sorted.slice(i + 1));
        });
      });
    }
  }
});
