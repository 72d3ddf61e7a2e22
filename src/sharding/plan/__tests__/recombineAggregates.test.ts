// Decimal arithmetic and the recombination of per-shard partial aggregates, including the
// empty input (no shard rows) and exact sums past 2^64.

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../../util/invariant.js';
import { SQL_NULL, describeSqlValue, sqlDecimal, sqlFloat64, sqlInt64, sqlVarbinary, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { addDecimal, divideDecimalByInteger, formatDecimal, parseDecimal } from '../decimal.js';
import type { AggregateOutput } from '../plan.js';
import { recombineAggregates } from '../recombineAggregates.js';

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

  it('throws InvariantError for a missing column', () => {
    expect(() => recombineAggregates([[sqlInt64(1)]], [{ kind: 'sum', alias: 's', column: 4 }])).toThrow(InvariantError);
  });
});
