// compareSqlValues and compareRows against MySQL's ORDER BY semantics: NULL lowest, numbers
// exact across types, text by bytes (weight strings stand in for collations, padded for PAD
// SPACE ones), NULL placement. Weight strings are MariaDB 10.11's.

import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../util/hex.js';
import { InvariantError } from '../../../util/invariant.js';
import { createSeededRandom } from '../../../util/seededRandom.js';
import { BufferedSqlValue, SQL_NULL, makeSqlValue, sqlDecimal, sqlFloat64, sqlInt64, sqlUint64, sqlVarbinary, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { compareRows, compareSqlValues, compareWeightStrings } from '../compareRows.js';
import type { OrderKey } from '../plan.js';

const MAX_INT64 = 2n ** 63n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;

/** `text` as a cell still in a row packet (bytes around it, as in a real packet). */
function buffered(type: 'INT64' | 'UINT64', text: string): SqlValue {
  const packet = Buffer.from(`\x07${text}9-`, 'latin1');
  return new BufferedSqlValue(type, packet, 1, text.length);
}

describe('compareSqlValues on integers', () => {
  // Integers are ordered from their texts' bytes when the texts are canonical; this holds the
  // result to BigInt's order over signs, lengths and both value forms.
  const random = createSeededRandom(6);
  const samples: bigint[] = [0n, 1n, -1n, 9n, 10n, -9n, -10n, 99n, 100n, MAX_INT64, -MAX_INT64 - 1n, MAX_UINT64];
  for (let i = 0; i < 60; i++) {
    const digits = 1 + Math.floor(random() * 19);
    const magnitude = BigInt(Math.floor(random() * 10 ** Math.min(digits, 15))) * (digits > 15 ? 10_000n : 1n);
    samples.push(random() < 0.3 ? -magnitude : magnitude);
  }
  const typeOf = (n: bigint): 'INT64' | 'UINT64' => (n > MAX_INT64 ? 'UINT64' : 'INT64');
  it('orders every pair as BigInt does, in packets and as plain values', () => {
    for (const x of samples) {
      for (const y of samples) {
        const expected = x < y ? -1 : x > y ? 1 : 0;
        const a = makeSqlValue(typeOf(x), x.toString());
        const b = makeSqlValue(typeOf(y), y.toString());
        expect([x, y, compareSqlValues(a, b)]).toEqual([x, y, expected]);
        expect([x, y, compareSqlValues(buffered(typeOf(x), x.toString()), buffered(typeOf(y), y.toString()))]).toEqual([x, y, expected]);
        expect([x, y, compareSqlValues(buffered(typeOf(x), x.toString()), b)]).toEqual([x, y, expected]);
      }
    }
  });

  it.each<[string, string, -1 | 0 | 1]>([
    ['007', '7', 0],
    ['-0', '0', 0],
    ['+5', '4', 1],
    ['0010', '9', 1],
    ['-007', '-8', 1],
  ])('orders the non-canonical text %s against %s by value', (x, y, expected) => {
    expect(compareSqlValues(makeSqlValue('INT64', x), makeSqlValue('INT64', y))).toBe(expected);
    expect(compareSqlValues(buffered('INT64', x), buffered('INT64', y))).toBe(expected);
  });
});

describe('compareSqlValues', () => {
  it.each<[string, SqlValue, SqlValue, -1 | 0 | 1]>([
    ['NULL = NULL', SQL_NULL, SQL_NULL, 0],
    ['NULL lowest', SQL_NULL, sqlInt64(-1), -1],
    ['NULL below empty text', SQL_NULL, sqlVarchar(''), -1],
    ['0 = 0', sqlInt64(0), sqlInt64(0), 0],
    ['-1 < 0', sqlInt64(-1), sqlInt64(0), -1],
    ['2 < 10 numerically, not textually', sqlInt64(2), sqlInt64(10), -1],
    ['2^63-1 < 2^64-1 across signedness', sqlInt64(MAX_INT64), sqlUint64(MAX_UINT64), -1],
    ['-1 < 2^64-1', sqlInt64(-1), sqlUint64(MAX_UINT64), -1],
    ['INT64 1 = UINT64 1', sqlInt64(1), sqlUint64(1), 0],
    ['decimal 1.0 = int 1', sqlDecimal('1.0'), sqlInt64(1), 0],
    ['decimal 0.10 = 0.1', sqlDecimal('0.10'), sqlDecimal('0.1'), 0],
    ['decimal -0.5 < 0.25', sqlDecimal('-0.5'), sqlDecimal('0.25'), -1],
    ['decimal beyond doubles', sqlDecimal('9007199254740993'), sqlDecimal('9007199254740992'), 1],
    ['float vs int', sqlFloat64(1.5), sqlInt64(1), 1],
    ['text vs number converts text', sqlVarchar('10abc'), sqlInt64(9), 1],
    ['non-numeric text is 0', sqlVarchar('abc'), sqlInt64(0), 0],
    ['text by bytes (binary collation)', sqlVarchar('B'), sqlVarchar('a'), -1],
    ['text prefix first', sqlVarchar('ab'), sqlVarchar('abc'), -1],
    ['binary 80 < 8000', sqlVarbinary(new Uint8Array([0x80])), sqlVarbinary(new Uint8Array([0x80, 0])), -1],
    ['date by bytes', makeSqlValue('DATE', '2024-01-02'), makeSqlValue('DATE', '2024-01-10'), -1],
    ['time by duration', makeSqlValue('TIME', '24:00:00'), makeSqlValue('TIME', '101:00:00'), -1],
    ['negative time', makeSqlValue('TIME', '-01:00:00'), makeSqlValue('TIME', '00:00:00.5'), -1],
  ])('%s', (_name, a, b, want) => {
    expect(compareSqlValues(a, b)).toBe(want);
    expect(compareSqlValues(b, a)).toBe(want === 0 ? 0 : -want);
  });
});

/** A weight string from its hex. */
const w = (hex: string): SqlValue => sqlVarbinary(hexToBytes(hex)!);
const GENERAL_CI_SPACE = hexToBytes('0020')!;

describe('compareWeightStrings', () => {
  // [name, a, b, pad weight (hex) or none, a compared with b]
  it.each<[string, SqlValue, SqlValue, string | undefined, -1 | 0 | 1]>([
    ["general_ci: 'a' = 'a ' when padded", w('0041'), w('00410020'), '0020', 0],
    ["general_ci: 'a' < 'a ' unpadded (NO PAD)", w('0041'), w('00410020'), undefined, -1],
    ["general_ci: 'a\t' < 'a' padded (tab below space)", w('00410009'), w('0041'), '0020', -1],
    ["general_ci: 'a\t' > 'a' unpadded", w('00410009'), w('0041'), undefined, 1],
    ["general_ci: 'a!' > 'a' padded ('!' above space)", w('00410021'), w('0041'), '0020', 1],
    ["general_ci: 'a  ' = 'a ' padded", w('004100200020'), w('00410020'), '0020', 0],
    ["general_ci: 'a \t' < 'a' padded: the first unit off the pad decides", w('004100200009'), w('0041'), '0020', -1],
    ["general_ci: '' = '   ' padded", w(''), w('002000200020'), '0020', 0],
    ["general_ci: '' > '\t' padded", w(''), w('0009'), '0020', 1],
    ["general_ci: 'a' < 'b' whatever the length", w('00410020'), w('0042'), '0020', -1],
    ["unicode_520_ci: 'a' = 'a\u00a0' (no-break space weighs as a space)", w('0e33'), w('0e33020a'), '020a', 0],
    ['unicode_520_ci: a tail unit sharing the pad first byte, then above it', w('0e33'), w('0e33020b'), '020a', -1],
    ['unicode_520_ci: a tail unit sharing the pad first byte, then below it', w('0e33'), w('0e330209'), '020a', 1],
    ["utf8mb4_bin (3-byte weights): 'a' = 'a '", w('000061'), w('000061000020'), '000020', 0],
    ["utf8mb4_bin: 'a\u0001' < 'a'", w('000061'), w('000061000001'), '000020', 1],
    ["latin1 (1-byte weights): 'A' = 'A  '", w('41'), w('412020'), '20', 0],
    ['NULL lowest, padded or not', SQL_NULL, w(''), '0020', -1],
    ['NULL = NULL', SQL_NULL, SQL_NULL, '0020', 0],
  ])('%s', (_name, a, b, pad, want) => {
    const padWeight = pad === undefined ? undefined : hexToBytes(pad)!;
    expect(compareWeightStrings(a, b, padWeight)).toBe(want);
    expect(compareWeightStrings(b, a, padWeight)).toBe(want === 0 ? 0 : -want);
  });

  it('refuses an empty pad weight', () => {
    expect(() => compareWeightStrings(w('41'), w('4120'), new Uint8Array())).toThrow(InvariantError);
  });
});

describe('compareRows', () => {
  const row = (...values: SqlValue[]): SqlValue[] => values;
  const sort = (rows: SqlValue[][], keys: OrderKey[]): string[] =>
    [...rows].sort((a, b) => compareRows(a, b, keys)).map((r) => r.map((v) => (v.type === 'NULL' ? 'NULL' : new TextDecoder().decode(v.raw))).join(','));
  const rows = [row(sqlInt64(2), sqlVarchar('b')), row(SQL_NULL, sqlVarchar('n')), row(sqlInt64(10), sqlVarchar('a'))];

  it.each<[string, OrderKey, string[]]>([
    ['asc, NULLs first (MySQL default)', { column: 0, direction: 'asc', nullsFirst: true }, ['NULL,n', '2,b', '10,a']],
    ['asc, NULLs last', { column: 0, direction: 'asc', nullsFirst: false }, ['2,b', '10,a', 'NULL,n']],
    ['desc, NULLs last (MySQL default)', { column: 0, direction: 'desc', nullsFirst: false }, ['10,a', '2,b', 'NULL,n']],
    ['desc, NULLs first', { column: 0, direction: 'desc', nullsFirst: true }, ['NULL,n', '10,a', '2,b']],
  ])('%s', (_name, key, want) => {
    expect(sort(rows, [key])).toEqual(want);
  });

  it('compares the weight string column instead of the value', () => {
    const ws = (text: string, weight: string): SqlValue[] => [sqlVarchar(text), sqlVarbinary(weight)];
    const keys: OrderKey[] = [{ column: 0, weightStringColumn: 1, direction: 'asc', nullsFirst: true }];
    expect(sort([ws('b', '\x02'), ws('A', '\x01'), ws('a', '\x01')], keys)).toEqual(['A,\x01', 'a,\x01', 'b,\x02']);
  });

  it('pads the weight strings of a key with a pad weight (PAD SPACE), so trailing spaces tie and the next key decides', () => {
    const text = (t: string, hex: string, id: number): SqlValue[] => [sqlVarchar(t), w(hex), sqlInt64(id)];
    const rows = [text('a ', '00410020', 1), text('b', '0042', 2), text('a\t', '00410009', 3), text('A', '0041', 4), text('', '', 5)];
    const padded: OrderKey[] = [
      { column: 0, weightStringColumn: 1, padWeight: GENERAL_CI_SPACE, direction: 'asc', nullsFirst: true },
      { column: 2, direction: 'desc', nullsFirst: false },
    ];
    const ids = (keys: OrderKey[]): number[] => [...rows].sort((a, b) => compareRows(a, b, keys)).map((r) => Number(new TextDecoder().decode(r[2]!.raw)));
    expect(ids(padded)).toEqual([5, 3, 4, 1, 2]);
    expect(ids([{ ...padded[0]!, direction: 'desc', nullsFirst: false }, padded[1]!])).toEqual([2, 4, 1, 3, 5]);
    const { padWeight: _unpadded, ...plain } = padded[0]!;
    expect(ids([plain, padded[1]!])).toEqual([5, 4, 3, 1, 2]);
  });

  it('breaks ties with the next key', () => {
    const keys: OrderKey[] = [
      { column: 0, direction: 'asc', nullsFirst: true },
      { column: 1, direction: 'desc', nullsFirst: false },
    ];
    expect(sort([row(sqlInt64(1), sqlInt64(1)), row(sqlInt64(1), sqlInt64(3)), row(sqlInt64(0), sqlInt64(2))], keys)).toEqual([
      '0,2',
      '1,3',
      '1,1',
    ]);
  });

  it('throws for a missing column', () => {
    expect(() => compareRows([sqlInt64(1)], [sqlInt64(2)], [{ column: 3, direction: 'asc', nullsFirst: true }])).toThrow(RangeError);
  });
});
