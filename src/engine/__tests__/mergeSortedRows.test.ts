// mergeSortedRows (k-way heap merge) and shardFailureError (aggregating shard errors):
// edge rows, and the merge against a stable sort of the concatenated streams on seeded
// random inputs with many ties and NULLs.

import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import { compareRows } from '../../sharding/plan/compareRows.js';
import type { OrderKey, Row } from '../../sharding/plan/plan.js';
import { isSortedBy, mergeSortedRows } from '../mergeSortedRows.js';
import { shardFailureError } from '../shardFailureError.js';
import { shardError } from './fakeExecutor.js';
import { N, i, s, show } from './planFixtures.js';
import { createSeededRandom } from '../../util/seededRandom.js';

const ASC: OrderKey = { column: 0, direction: 'asc', nullsFirst: true };

describe('mergeSortedRows', () => {
  it.each<[string, Row[][], string[]]>([
    ['no streams', [], []],
    ['only empty streams', [[], []], []],
    ['one stream', [[[i(1)], [i(2)]]], ['1', '2']],
    ['interleaved', [[[i(1)], [i(3)]], [[i(2)], [i(4)]]], ['1', '2', '3', '4']],
    ['one after the other', [[[i(3)], [i(4)]], [[i(1)], [i(2)]]], ['1', '2', '3', '4']],
    ['NULL lowest under asc NULLs first', [[[i(-1)]], [[N], [i(0)]]], ['NULL', '-1', '0']],
    ['2^63-1 and 2^64-1 across streams', [[[i(2n ** 63n - 1n)]], [[i(0)]]], ['0', '9223372036854775807']],
  ])('%s', (_name, streams, want) => {
    expect(show([...mergeSortedRows(streams, [ASC])])).toEqual(want);
  });

  it('is lazy: taking the first rows does not read the rest', () => {
    const taken: Row[] = [];
    for (const row of mergeSortedRows([[[i(1)], [i(3)]], [[i(2)]]], [ASC])) {
      taken.push(row);
      if (taken.length === 2) break;
    }
    expect(show(taken)).toEqual(['1', '2']);
  });

  it.each([1, 2, 3, 5, 8])('equals a stable sort of the streams, %i streams, seeded', (k) => {
    const random = createSeededRandom(k * 7919);
    const keys: OrderKey[] = [
      { column: 0, direction: random() < 0.5 ? 'asc' : 'desc', nullsFirst: random() < 0.5 },
      { column: 1, direction: 'asc', nullsFirst: false },
    ];
    for (let round = 0; round < 50; round++) {
      const streams: Row[][] = Array.from({ length: k }, (_, stream) => {
        const rows = Array.from({ length: Math.floor(random() * 8) }, (_, at): Row => [
          random() < 0.2 ? N : i(Math.floor(random() * 4) - 1),
          random() < 0.2 ? N : s('abc'[Math.floor(random() * 3)]!),
          s(`${stream}.${at}`),
        ]);
        return rows.sort((a, b) => compareRows(a, b, keys));
      });
      const merged = [...mergeSortedRows(streams, keys)];
      const expected = streams.flat().sort((a, b) => compareRows(a, b, keys));
      expect(show(merged)).toEqual(show(expected));
      expect(isSortedBy(merged, keys)).toBe(true);
    }
  });
});

describe('shardFailureError', () => {
  it('sorts the shards, lists each error and takes the most urgent code', () => {
    const error = shardFailureError(
      'customer.user',
      [
        { keyspace: 'customer', shard: 'c0-', error: shardError('INVALID_ARGUMENT', 'customer/c0-', 'syntax') },
        { keyspace: 'customer', shard: '-40', error: shardError('UNAVAILABLE', 'customer/-40', 'down') },
        { keyspace: 'customer', shard: '80-c0', error: shardError('DEADLINE_EXCEEDED', 'customer/80-c0', 'slow') },
      ],
      4,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.id).toBe('SG704');
    expect(error.details.shards).toEqual(['customer/-40', 'customer/80-c0', 'customer/c0-']);
    expect(error.details).toMatchObject({ table: 'customer.user', failed: 3, total: 4 });
    expect((error.cause as AggregateError).errors.map((e: Error) => e.message)).toEqual(['customer/-40: down', 'customer/80-c0: slow', 'customer/c0-: syntax']);
  });

  it('says "its shard" for a one-shard route', () => {
    const error = shardFailureError('customer.user', [{ keyspace: 'customer', shard: '-40', error: shardError('UNAVAILABLE', 'customer/-40', 'down') }], 1);
    expect(error.message).toBe('query on customer.user failed on its shard (customer/-40): customer/-40: down');
  });
});
