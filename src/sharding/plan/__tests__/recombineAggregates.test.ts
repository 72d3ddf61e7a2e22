// Decimal arithmetic and the recombination of per-shard partial aggregates, including the
// empty input (no shard rows), exact sums past 2^64, count distinct over shard groups and
// grouped aggregates (recombineGroups).

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../../util/invariant.js';
import { SQL_NULL, describeSqlValue, sqlDecimal, sqlFloat64, sqlInt64, sqlUint64, sqlVarbinary, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { addDecimal, divideDecimalByInteger, formatDecimal, parseDecimal } from '../decimal.js';
import type { AggregateOutput } from '../plan.js';
import { recombineAggregates, recombineGroups } from '../recombineAggregates.js';

const show = (values: SqlValue[]): string[] => values.map(describeSqlValue);

describe('decimal', () => {
  it.each([
    ['0', '0'],
    ['-0.50', '-0.50'],
    ['.5', '0.5'],
    ['7.', '7'],
    ['+12.340', '12.340'],
    ['18446744073709551616.1', '18446744073709551616.1'],
  ])('parses and prints %j', (text, want) => {
    expect(formatDecimal(parseDecimal(text)!)).toBe(want);
  });

  it.each(['', '.', '1e5', 'abc', '1.2.3', '--1'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  it('adds at the larger scale', () => {
    expect(formatDecimal(addDecimal(parseDecimal('1.5')!, parseDecimal('-0.25')!))).toBe('1.25');
  });

  it.each([
    ['3', 2n, '1.5000'],
    ['2', 3n, '0.6667'],
    ['-2', 3n, '-0.6667'],
    ['1', 8n, '0.1250'],
    ['0.00005', 1n, '0.000050000'],
    ['5', -2n, '-2.5000'],
  ])('divides %s by %s with 4 more digits, half away from zero', (a, n, want) => {
    expect(formatDecimal(divideDecimalByInteger(parseDecimal(a)!, n))).toBe(want);
  });
});

describe('recombineAggregates', () => {
  const split: AggregateOutput[] = [
    { kind: 'sumCountStar', alias: 'n', column: 0 },
    { kind: 'sumCount', alias: 'c', column: 1 },
    { kind: 'sum', alias: 's', column: 2 },
    { kind: 'min', alias: 'lo', column: 3 },
    { kind: 'max', alias: 'hi', column: 3 },
    { kind: 'avg', alias: 'mean', sumColumn: 2, countColumn: 1 },
  ];

  it('folds one partial row per shard', () => {
    const rows = [
      [sqlInt64(3), sqlInt64(2), sqlDecimal('10'), sqlInt64(-1)],
      [sqlInt64(4), sqlInt64(4), sqlDecimal('5'), sqlInt64(9)],
      [sqlInt64(0), sqlInt64(0), SQL_NULL, SQL_NULL],
    ];
    expect(show(recombineAggregates(rows, split))).toEqual(['INT64(7)', 'INT64(6)', 'DECIMAL(15)', 'INT64(-1)', 'INT64(9)', 'DECIMAL(2.5000)']);
  });

  it('gives counts 0 and the rest NULL without rows', () => {
    expect(show(recombineAggregates([], split))).toEqual(['INT64(0)', 'INT64(0)', 'NULL', 'NULL', 'NULL', 'NULL']);
  });

  it('keeps decimal scale and goes float once a float is summed', () => {
    const out: AggregateOutput[] = [{ kind: 'sum', alias: 's', column: 0 }];
    expect(show(recombineAggregates([[sqlDecimal('1.10')], [sqlDecimal('2.205')]], out))).toEqual(['DECIMAL(3.305)']);
    expect(show(recombineAggregates([[sqlDecimal('1.5')], [sqlFloat64(0.25)]], out))).toEqual(['FLOAT64(1.75)']);
  });

  it('sums beyond 2^64 exactly', () => {
    const out: AggregateOutput[] = [{ kind: 'sum', alias: 's', column: 0 }];
    const big = sqlDecimal('18446744073709551615');
    expect(show(recombineAggregates([[big], [big]], out))).toEqual(['DECIMAL(36893488147419103230)']);
  });

  it('averages floats as doubles and an all-NULL average as NULL', () => {
    const out: AggregateOutput[] = [{ kind: 'avg', alias: 'm', sumColumn: 0, countColumn: 1 }];
    expect(show(recombineAggregates([[sqlFloat64(1), sqlInt64(1)], [sqlFloat64(2), sqlInt64(3)]], out))).toEqual(['FLOAT64(0.75)']);
    expect(show(recombineAggregates([[SQL_NULL, sqlInt64(0)]], out))).toEqual(['NULL']);
  });

  it('picks min/max by weight string when given, returning the value', () => {
    const out: AggregateOutput[] = [
      { kind: 'min', alias: 'lo', column: 0, weightStringColumn: 1 },
      { kind: 'max', alias: 'hi', column: 0, weightStringColumn: 1 },
    ];
    const rows = [
      [sqlVarchar('b'), sqlVarbinary('B')],
      [sqlVarchar('A'), sqlVarbinary('A')],
      [SQL_NULL, SQL_NULL],
    ];
    expect(show(recombineAggregates(rows, out))).toEqual(['VARCHAR("A")', 'VARCHAR("b")']);
  });

  it('picks min/max by weight strings padded with the pad weight (PAD SPACE), the first row on a tie', () => {
    const padWeight = new Uint8Array([0x00, 0x20]);
    const out: AggregateOutput[] = [
      { kind: 'min', alias: 'lo', column: 0, weightStringColumn: 1, padWeight },
      { kind: 'max', alias: 'hi', column: 0, weightStringColumn: 1, padWeight },
      { kind: 'min', alias: 'unpadded', column: 0, weightStringColumn: 1 },
    ];
    // utf8mb4_general_ci weight strings of 'a ', 'A', 'a\t' and '!' (one row per shard).
    const rows = [
      [sqlVarchar('a '), sqlVarbinary(new Uint8Array([0x00, 0x41, 0x00, 0x20]))],
      [sqlVarchar('A'), sqlVarbinary(new Uint8Array([0x00, 0x41]))],
      [sqlVarchar('a\t'), sqlVarbinary(new Uint8Array([0x00, 0x41, 0x00, 0x09]))],
      [sqlVarchar('a!'), sqlVarbinary(new Uint8Array([0x00, 0x41, 0x00, 0x21]))],
    ];
    expect(show(recombineAggregates(rows, out))).toEqual(['VARCHAR("a\\t")', 'VARCHAR("a!")', 'VARCHAR("A")']);
    expect(show(recombineAggregates(rows.slice(0, 2), out.slice(0, 2)))).toEqual(['VARCHAR("a ")', 'VARCHAR("a ")']);
  });

  it('passes a single-shard row through, and supplies the empty row', () => {
    const out: AggregateOutput[] = [
      { kind: 'value', alias: 'n', column: 0, zeroWhenEmpty: true },
      { kind: 'value', alias: 'a', column: 1, zeroWhenEmpty: false },
    ];
    expect(show(recombineAggregates([[sqlInt64(5), sqlDecimal('1.5000')]], out))).toEqual(['INT64(5)', 'DECIMAL(1.5000)']);
    expect(show(recombineAggregates([], out))).toEqual(['INT64(0)', 'NULL']);
    expect(() => recombineAggregates([[sqlInt64(1), SQL_NULL], [sqlInt64(2), SQL_NULL]], out)).toThrow(InvariantError);
  });

  describe('count distinct', () => {
    const asc = { direction: 'asc', nullsFirst: true } as const;
    const ints: AggregateOutput = { kind: 'countDistinct', alias: 'd', columns: ['a'], keys: [{ column: 0, ...asc }] };
    const pairs: AggregateOutput = { kind: 'countDistinct', alias: 'd', columns: ['a', 'b'], keys: [{ column: 0, ...asc }, { column: 1, ...asc }] };
    const MAX_I64 = sqlInt64(2n ** 63n - 1n);
    const MIN_I64 = sqlInt64(-(2n ** 63n));

    // [name, output, rows (one per shard group, shards concatenated), expected count]
    it.each<[string, AggregateOutput, SqlValue[][], string]>([
      ['no rows: 0', ints, [], 'INT64(0)'],
      ['only NULL: 0', ints, [[SQL_NULL], [SQL_NULL]], 'INT64(0)'],
      ['a value on several shards counts once', ints, [[sqlInt64(1)], [sqlInt64(0)], [sqlInt64(1)], [sqlInt64(-1)], [SQL_NULL]], 'INT64(3)'],
      ['edges: -2^63, 2^63-1, 0, unsigned 2^64-1 and the same value as UINT64', ints, [[MIN_I64], [MAX_I64], [sqlInt64(0)], [sqlUint64(2n ** 64n - 1n)], [sqlUint64(0)]], 'INT64(4)'],
      ['decimals compare by value: 1.0 = 1.00', ints, [[sqlDecimal('1.0')], [sqlDecimal('1.00')], [sqlDecimal('-0.5')]], 'INT64(2)'],
      ['tuples: distinct pairs, a NULL in either column not counted', pairs, [[sqlInt64(1), sqlInt64(1)], [sqlInt64(1), sqlInt64(2)], [sqlInt64(1), sqlInt64(1)], [sqlInt64(1), SQL_NULL], [SQL_NULL, sqlInt64(1)]], 'INT64(2)'],
    ])('%s', (_name, out, rows, want) => {
      expect(show(recombineAggregates(rows, [out]))).toEqual([want]);
    });

    it('compares text by weight strings, padded with the pad weight (PAD SPACE): equal under the collation counts once', () => {
      const padWeight = new Uint8Array([0x00, 0x20]);
      const padded: AggregateOutput = { kind: 'countDistinct', alias: 'd', columns: ['s'], keys: [{ column: 0, weightStringColumn: 1, padWeight, ...asc }] };
      const unpadded: AggregateOutput = { kind: 'countDistinct', alias: 'd', columns: ['s'], keys: [{ column: 0, weightStringColumn: 1, ...asc }] };
      // utf8mb4_general_ci: 'a', 'A' and 'a ' are equal; 'a\t' is not.
      const rows = [
        [sqlVarchar('a'), sqlVarbinary(new Uint8Array([0x00, 0x41]))],
        [sqlVarchar('A'), sqlVarbinary(new Uint8Array([0x00, 0x41]))],
        [sqlVarchar('a '), sqlVarbinary(new Uint8Array([0x00, 0x41, 0x00, 0x20]))],
        [sqlVarchar('a\t'), sqlVarbinary(new Uint8Array([0x00, 0x41, 0x00, 0x09]))],
        [SQL_NULL, SQL_NULL],
      ];
      expect(show(recombineAggregates(rows, [padded, unpadded]))).toEqual(['INT64(2)', 'INT64(3)']);
    });

    it('fails with SG505 (RESOURCE_EXHAUSTED) naming the limit when the shards sent more than maxValues rows', () => {
      const bounded: AggregateOutput = { ...ints, kind: 'countDistinct', columns: ['a'], keys: [{ column: 0, ...asc }], maxValues: 2 };
      expect(show(recombineAggregates([[sqlInt64(1)], [SQL_NULL]], [bounded]))).toEqual(['INT64(1)']);
      let error: unknown;
      try {
        recombineAggregates([[sqlInt64(1)], [sqlInt64(2)], [SQL_NULL]], [bounded]);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ id: 'SG505', code: 'RESOURCE_EXHAUSTED', details: { maxRows: 2, columns: ['a'] } });
      expect((error as Error).message).toContain('more than 2 distinct values (limits.maxRows)');
    });

    it('sums per-shard distinct counts (sum_count_distinct)', () => {
      const out: AggregateOutput[] = [{ kind: 'sumCountDistinct', alias: 'd', column: 0 }];
      expect(show(recombineAggregates([[sqlInt64(3)], [sqlInt64(0)], [sqlInt64(4)]], out))).toEqual(['INT64(7)']);
      expect(show(recombineAggregates([], out))).toEqual(['INT64(0)']);
    });

    it('folds the other aggregates over the groups of a grouped count distinct', () => {
      const out: AggregateOutput[] = [
        { kind: 'countDistinct', alias: 'd', columns: ['a'], keys: [{ column: 0, ...asc }] },
        { kind: 'sumCountStar', alias: 'n', column: 1 },
        { kind: 'max', alias: 'hi', column: 2 },
      ];
      const rows = [
        [sqlInt64(1), sqlInt64(2), sqlInt64(10)],
        [SQL_NULL, sqlInt64(5), sqlInt64(3)],
        [sqlInt64(1), sqlInt64(1), sqlInt64(11)],
      ];
      expect(show(recombineAggregates(rows, out))).toEqual(['INT64(1)', 'INT64(8)', 'INT64(11)']);
    });
  });

  it('throws InvariantError for a missing column', () => {
    expect(() => recombineAggregates([[sqlInt64(1)]], [{ kind: 'sum', alias: 's', column: 4 }])).toThrow(InvariantError);
  });
});

describe('recombineGroups', () => {
  const pad = new Uint8Array([0x00, 0x20]);
  const key = { column: 0, weightStringColumn: 1, padWeight: pad, direction: 'asc' as const, nullsFirst: true };
  const outputs: AggregateOutput[] = [
    { kind: 'sumCountStar', alias: 'n', column: 2 },
    { kind: 'min', alias: 'lo', column: 3 },
  ];
  const ws = (hex: string): SqlValue => sqlVarbinary(Buffer.from(hex, 'hex'));
  const row = (value: SqlValue, weight: SqlValue, n: number, lo: SqlValue): SqlValue[] => [value, weight, sqlInt64(n), lo];

  it('no rows: no groups (whole or not)', () => {
    expect(recombineGroups([], { keys: [key], whole: false }, outputs)).toEqual([]);
    expect(recombineGroups([], { keys: [key], whole: true }, outputs)).toEqual([]);
  });

  it('folds rows whose keys tie under PAD SPACE, NULLs as one group first; the first row of a group gives its value', () => {
    const rows = [
      row(sqlVarchar('b'), ws('0042'), 1, sqlInt64(4)),
      row(sqlVarchar('a '), ws('00410020'), 2, sqlInt64(7)),
      row(SQL_NULL, SQL_NULL, 1, SQL_NULL),
      row(sqlVarchar('A'), ws('0041'), 3, sqlInt64(5)),
      row(SQL_NULL, SQL_NULL, 2, sqlInt64(-1)),
    ];
    const groups = recombineGroups(rows, { keys: [key], whole: false }, outputs).map(show);
    expect(groups).toEqual([
      ['NULL', 'INT64(3)', 'INT64(-1)'],
      ['VARCHAR("a ")', 'INT64(5)', 'INT64(5)'],
      ['VARCHAR("b")', 'INT64(1)', 'INT64(4)'],
    ]);
  });

  it('whole: one result row per shard row, in order, the values as the shard computed them', () => {
    const whole: AggregateOutput[] = [{ kind: 'value', alias: 'n', column: 1, zeroWhenEmpty: true }];
    const rows = [
      [sqlInt64(9), sqlInt64(2)],
      [sqlInt64(3), sqlInt64(1)],
    ];
    expect(recombineGroups(rows, { keys: [{ column: 0, direction: 'asc', nullsFirst: true }], whole: true }, whole).map(show)).toEqual([
      ['INT64(9)', 'INT64(2)'],
      ['INT64(3)', 'INT64(1)'],
    ]);
  });
});
