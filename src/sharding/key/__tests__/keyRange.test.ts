// Edge rows for keyRange.ts beyond the Vitess vectors (vectors.test.ts): parsing and printing
// shard-name notation, `80` vs `8000` bounds, trailing 00 bytes, uppercase, null (Go nil),
// the uint64 limits as keyspace ids, and ordering.

import { describe, expect, it } from 'vitest';
import {
  FULL_KEY_RANGE,
  isCompleteKeyRange,
  isValidKeyRange,
  keyRangeAdd,
  keyRangeCompare,
  keyRangeContains,
  keyRangeContainsKeyRange,
  keyRangeContiguous,
  keyRangeEqual,
  keyRangeIntersect,
  keyRangeIsPartial,
  keyRangeString,
  parseKeyRange,
} from '../keyRange.js';
import { uint64Key } from '../keyspaceId.js';
import { boundsHex, bytes, expectServiceError, kr } from './fixtures.js';

describe('FULL_KEY_RANGE', () => {
  it('is the complete, frozen range "-"', () => {
    expect(isCompleteKeyRange(FULL_KEY_RANGE)).toBe(true);
    expect(keyRangeIsPartial(FULL_KEY_RANGE)).toBe(false);
    expect(keyRangeString(FULL_KEY_RANGE)).toBe('-');
    expect(Object.isFrozen(FULL_KEY_RANGE)).toBe(true);
    expect(keyRangeEqual(FULL_KEY_RANGE, null)).toBe(true);
  });
});

describe('parseKeyRange', () => {
  it.each([
    ['-', '', ''],
    ['-80', '', '80'],
    ['80-', '80', ''],
    ['40-80', '40', '80'],
    ['8000-', '8000', ''],
    ['A0-C0', 'a0', 'c0'],
    ['00-', '00', ''],
    ['-ffffffffffffffff', '', 'ffffffffffffffff'],
    // Vitess compares raw bytes, so this (empty once normalised) range is accepted.
    ['80-8000', '80', '8000'],
  ])('parses %j', (text, start, end) => {
    expect(boundsHex(parseKeyRange(text))).toEqual({ start, end });
  });

  it.each([
    ['', "missing '-'"],
    ['0', "missing '-'"],
    ['80', "missing '-'"],
    ['-40-80', "can only contain one '-'"],
    ['--', "can only contain one '-'"],
    ['4-8', 'odd length'],
    ['-800', 'odd length'],
    ['x0-80', "invalid byte: U+0078 'x'"],
    ['80-40', 'out of order keys: 80 is not strictly smaller than 40'],
    ['40-40', 'out of order keys'],
    ['8000-80', 'out of order keys'],
    ['C0-a0', 'out of order keys: c0 is not strictly smaller than a0'],
  ])('rejects %j with SG300 naming the text', (text, reason) => {
    const error = expectServiceError(() => parseKeyRange(text), 'SG300', JSON.stringify(text));
    expect(error.message).toContain(reason);
    expect(error.message).toContain('key range');
  });
});

describe('keyRangeString', () => {
  it.each([
    [null, '-'],
    ['-', '-'],
    ['00-00', '-'],
    ['00-', '-'],
    ['8000-', '8000-'],
    ['-80', '-80'],
    ['40-80', '40-80'],
    ['AB-CD', 'ab-cd'],
  ] as const)('prints %j as %j', (text, want) => {
    expect(keyRangeString(kr(text))).toBe(want);
  });

  it('round-trips parseKeyRange for partial ranges', () => {
    for (const text of ['-80', '80-', '40-80', '8000-c000', '-0001']) expect(keyRangeString(parseKeyRange(text))).toBe(text);
  });
});

describe('keyRangeContains', () => {
  const max = uint64Key((1n << 64n) - 1n);
  const mid = uint64Key(1n << 63n);
  const belowMid = uint64Key((1n << 63n) - 1n);
  it.each([
    ['-80', '', true],
    ['-80', '00', true],
    ['-80', '7f', true],
    ['-80', '80', false],
    ['-80', '8000', false],
    ['-8000', '80', false],
    ['-8000', '7fff', true],
    ['80-', '80', true],
    ['8000-', '80', true],
    ['80-', '7f', false],
    ['80-', '7fffffffffffffff', false],
    ['00-', '', true],
    ['40-80', '4000000000000000', true],
    ['40-80', '7fffffffffffffff', true],
    ['40-80', '8000000000000000', false],
    ['-', 'ffffffffffffffff', true],
    [null, '', true],
  ] as const)('%j contains %j: %s', (range, ksid, want) => {
    expect(keyRangeContains(kr(range), bytes(ksid))).toBe(want);
  });

  it('places the uint64 limits', () => {
    expect(keyRangeContains(kr('80-'), max)).toBe(true);
    expect(keyRangeContains(kr('-80'), max)).toBe(false);
    expect(keyRangeContains(kr('80-'), mid)).toBe(true);
    expect(keyRangeContains(kr('-80'), belowMid)).toBe(true);
    expect(keyRangeContains(kr('-80'), uint64Key(0n))).toBe(true);
  });
});

describe('null (Go nil) ranges', () => {
  it('behave as the complete range, except in keyRangeAdd', () => {
    expect(keyRangeIntersect(null, kr('40-80'))).toBe(true);
    expect(keyRangeContainsKeyRange(null, kr('40-80'))).toBe(true);
    expect(keyRangeContainsKeyRange(kr('40-80'), null)).toBe(false);
    expect(keyRangeContainsKeyRange(kr('-'), null)).toBe(true);
    expect(keyRangeContiguous(null, kr('40-80'))).toBe(false);
    expect(keyRangeContiguous(kr('-40'), null)).toBe(false);
    expect(keyRangeIsPartial(null)).toBe(false);
    expect(isCompleteKeyRange(null)).toBe(true);
    expect(keyRangeAdd(null, kr('-'))).toEqual({ keyRange: null, ok: false });
  });
});

describe('keyRangeAdd', () => {
  it.each([
    ['-80', '8000-', '-'],
    ['-8000', '80-c0', '-c0'],
    ['-', '-', null],
    ['-', '80-', null],
    ['80-', '-', null],
    ['40-80', '40-80', null],
  ] as const)('%j + %j is %j', (a, b, want) => {
    const got = keyRangeAdd(kr(a), kr(b));
    expect(got.ok).toBe(want !== null);
    expect(got.keyRange === null ? null : keyRangeString(got.keyRange)).toBe(want);
  });
});

describe('keyRangeCompare', () => {
  it('orders shards by start, then end (the empty end last)', () => {
    const names = ['80-', '-', '40-', '-80', '40-80', '8000-c0'];
    const sorted = names.map((name) => kr(name)).sort(keyRangeCompare).map(keyRangeString);
    expect(sorted).toEqual(['-80', '-', '40-80', '40-', '8000-c0', '80-']);
  });
});

describe('keyRangeIsPartial', () => {
  it.each([
    ['00-00', false],
    ['00-', false],
    ['-80', true],
    ['0001-', true],
  ])('%j is partial: %s', (text, want) => {
    expect(keyRangeIsPartial(kr(text))).toBe(want);
  });
});

describe('isValidKeyRange', () => {
  it.each([
    ['8000-', true],
    ['-FFFF', true],
    ['00-00', true],
    ['-8', false],
    ['0-', false],
    ['00', false],
    [' -80', false],
    ['-80\n', false],
  ])('%j is valid: %s', (text, want) => {
    expect(isValidKeyRange(text)).toBe(want);
  });
});
