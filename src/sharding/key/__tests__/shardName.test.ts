// Edge rows for shardName.ts beyond the Vitess vectors (vectors.test.ts): name characters and
// length, case, sharding-spec quirks, even splits at their limits, and generated layouts that
// tile the whole keyspace.

import { describe, expect, it } from 'vitest';
import { keyRangeAdd, keyRangeContiguous, keyRangeString, type KeyRange } from '../keyRange.js';
import { evenShardsKeyRange, generateShardRanges, parseShardingSpec, validateShardName } from '../shardName.js';
import { boundsHex, expectServiceError } from './fixtures.js';

describe('validateShardName', () => {
  it.each([
    ['0', '0', null],
    ['Custom_1', 'Custom_1', null],
    ['80-C0', '80-c0', { start: '80', end: 'c0' }],
    ['-FF', '-ff', { start: '', end: 'ff' }],
    ['8000-', '8000-', { start: '8000', end: '' }],
    ['x'.repeat(64), 'x'.repeat(64), null],
  ])('accepts %j as %j', (name, stored, bounds) => {
    const got = validateShardName(name);
    expect(got.name).toBe(stored);
    expect(boundsHex(got.keyRange)).toEqual(bounds);
  });

  it.each([
    ['x'.repeat(65), 'is too long'],
    ['a b', 'invalid character   in name a b'],
    ['a/b', 'invalid character / in name a/b'],
    ['80-é0', 'invalid character é'],
    ['40-80-', "can only contain one '-'"],
  ])('rejects %j with SG300', (name, reason) => {
    const error = expectServiceError(() => validateShardName(name), 'SG300', JSON.stringify(name));
    expect(error.message).toContain(reason);
    expect(error.message).toContain('shard name');
  });
});

describe('parseShardingSpec', () => {
  it.each([
    ['-80-', ['-80', '80-']],
    ['0', ['-']],
    ['-', ['-']],
    ['40-80', ['40-80']],
    ['-A0-b0', ['-a0', 'a0-b0']],
    ['-8000-', ['-8000', '8000-']],
  ])('parses %j', (spec, want) => {
    expect(parseShardingSpec(spec).map(keyRangeString)).toEqual(want);
  });

  it.each([
    ['', "doesn't define a range"],
    ['80', "doesn't define a range"],
    // Vitess compares the boundary text, so "B0" (0x42) sorts before "a0" (0x61).
    ['a0-B0-', 'shard limits should be in order'],
    ['-8-', 'odd length'],
    ['-x0-', "invalid byte: U+0078 'x'"],
  ])('rejects %j with SG300', (spec, reason) => {
    expectServiceError(() => parseShardingSpec(spec), 'SG300', reason);
  });
});

describe('evenShardsKeyRange', () => {
  it.each([
    [0, 1, '-'],
    [255, 256, 'ff-'],
    [0, 65536, '-0001'],
    [65535, 65536, 'ffff-'],
    [1, 2 ** 32, '00000001-00000002'],
    [2 ** 32 - 1, 2 ** 32, 'ffffffff-'],
  ])('shard %d of %d is %j', (i, n, want) => {
    expect(keyRangeString(evenShardsKeyRange(i, n))).toBe(want);
  });

  it('tiles the keyspace for every power of two up to 1024', () => {
    for (let n = 1; n <= 1024; n *= 2) {
      const ranges = Array.from({ length: n }, (_, i) => evenShardsKeyRange(i, n));
      expect(keyRangeString(tile(ranges))).toBe('-');
    }
  });

  it.each([
    [0, 0, 'the shard count must be > 0'],
    [0, -4, 'the shard count must be > 0'],
    [0, 2.5, 'the shard count must be > 0'],
    [-1, 4, 'must be an integer >= 0'],
    [0.5, 4, 'must be an integer >= 0'],
    [4, 4, 'must be less than the total number of shards: 4 < 4'],
    [0, 3, 'must be a power of two: 3'],
  ])('rejects shard %d of %d with SG303', (i, n, reason) => {
    expectServiceError(() => evenShardsKeyRange(i, n), 'SG303', reason);
  });
});

describe('generateShardRanges', () => {
  it('ignores hexWidth for one shard, as Vitess does', () => {
    expect(generateShardRanges(1, 99)).toEqual(['-']);
    expect(generateShardRanges(1)).toEqual(['-']);
  });

  it('switches to 4 hex digits past 256 shards', () => {
    const names = generateShardRanges(257);
    expect(names[0]).toBe('-00ff');
    expect(names[256]).toMatch(/^[0-9a-f]{4}-$/);
  });

  it('covers 65536 shards with 4 digits', () => {
    const names = generateShardRanges(65536);
    expect(names).toHaveLength(65536);
    expect([names[0], names[1], names[65535]]).toEqual(['-0001', '0001-0002', 'ffff-']);
  });

  it.each([2, 3, 7, 100, 257])('%d shards are valid names that tile the keyspace', (shards) => {
    const ranges = generateShardRanges(shards).map((name) => validateShardName(name).keyRange!);
    expect(keyRangeString(tile(ranges))).toBe('-');
  });

  it.each([
    [0, 0, 'shards must be greater than zero'],
    [-1, 0, 'shards must be greater than zero'],
    [2.5, 0, 'shards must be greater than zero'],
    [65537, 0, 'does not support more than 65536 shards'],
    [2, -1, 'must be an integer in 0..13'],
    [2, 14, 'must be an integer in 0..13'],
    [2, 1.5, 'must be an integer in 0..13'],
    [17, 1, 'the given number of shards (17) is too high for the given number of characters to use (1)'],
    [257, 2, 'the given number of shards (257) is too high'],
  ])('rejects %d shards, hexWidth %d, with SG303', (shards, hexWidth, reason) => {
    expectServiceError(() => generateShardRanges(shards, hexWidth), 'SG303', reason);
  });
});

/** Adds contiguous ranges left to right; fails the test on a gap or overlap. */
function tile(ranges: readonly KeyRange[]): KeyRange | null {
  let acc: KeyRange | null = ranges[0] ?? null;
  for (const next of ranges.slice(1)) {
    expect(keyRangeContiguous(acc, next)).toBe(true);
    acc = keyRangeAdd(acc, next).keyRange;
  }
  return acc;
}
