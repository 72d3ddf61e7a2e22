// Edge rows for keyspaceId.ts beyond the Vitess vectors (vectors.test.ts): `80` vs `8000`,
// trailing 00 bytes, uppercase hex, the uint64 limits, and hex parse errors.

import { describe, expect, it } from 'vitest';
import {
  compareKeyspaceIds,
  hexDecodeError,
  isEmptyKeyspaceId,
  keyspaceIdEqual,
  keyspaceIdLess,
  keyspaceIdToHex,
  normalizeKeyspaceId,
  parseKeyspaceIdHex,
  uint64Key,
} from '../keyspaceId.js';
import { bytes, expectServiceError } from './fixtures.js';

describe('normalizeKeyspaceId', () => {
  it('returns the same array when nothing trails, a view of it otherwise', () => {
    const id = bytes('8001');
    expect(normalizeKeyspaceId(id)).toBe(id);
    const padded = bytes('80010000');
    const normal = normalizeKeyspaceId(padded);
    expect(keyspaceIdToHex(normal)).toBe('8001');
    expect(normal.buffer).toBe(padded.buffer);
  });
});

describe('compareKeyspaceIds', () => {
  it.each([
    ['80', '8000', 0],
    ['8000', '80', 0],
    ['', '00', 0],
    ['', '0000000000000000', 0],
    ['', '01', -1],
    ['00', '0001', -1],
    ['ff', '01ff', 1],
    ['7fffffffffffffff', '8000000000000000', -1],
    ['ffffffffffffffff', '', 1],
    ['ffffffffffffffff', 'ffffffffffffffff00', 0],
  ] as const)('%j vs %j is %d', (a, b, want) => {
    expect(compareKeyspaceIds(bytes(a), bytes(b))).toBe(want);
    expect(compareKeyspaceIds(bytes(b), bytes(a))).toBe(-want || 0);
    expect(keyspaceIdEqual(bytes(a), bytes(b))).toBe(want === 0);
    expect(keyspaceIdLess(bytes(a), bytes(b))).toBe(want < 0);
  });
});

describe('isEmptyKeyspaceId', () => {
  it.each([
    ['', true],
    ['00', true],
    ['0000000000000000', true],
    ['0001', false],
    ['80', false],
  ])('%j is empty: %s', (hex, want) => {
    expect(isEmptyKeyspaceId(bytes(hex))).toBe(want);
  });
});

describe('uint64Key', () => {
  it.each([
    [0n, '0000000000000000'],
    [1n, '0000000000000001'],
    [(1n << 63n) - 1n, '7fffffffffffffff'],
    [1n << 63n, '8000000000000000'],
    [(1n << 64n) - 1n, 'ffffffffffffffff'],
  ])('%s is %s', (value, hex) => {
    expect(keyspaceIdToHex(uint64Key(value))).toBe(hex);
  });

  it('keeps 8 bytes even when they are all zero (the empty id)', () => {
    expect(uint64Key(0n)).toHaveLength(8);
    expect(isEmptyKeyspaceId(uint64Key(0n))).toBe(true);
  });

  it.each([-1n, 1n << 64n, -(1n << 63n)])('rejects %s with RangeError', (value) => {
    expect(() => uint64Key(value)).toThrow(RangeError);
  });
});

describe('keyspaceIdToHex', () => {
  it('prints the bytes as stored, lowercase, without normalising', () => {
    expect(keyspaceIdToHex(bytes('8000'))).toBe('8000');
    expect(keyspaceIdToHex(bytes('ABcd'))).toBe('abcd');
    expect(keyspaceIdToHex(new Uint8Array(0))).toBe('');
  });
});

describe('parseKeyspaceIdHex', () => {
  it.each([
    ['', ''],
    ['80', '80'],
    ['8000', '8000'],
    ['A0fF', 'a0ff'],
    ['166B40B44ABA4BD6', '166b40b44aba4bd6'],
  ])('parses %j', (text, hex) => {
    expect(keyspaceIdToHex(parseKeyspaceIdHex(text))).toBe(hex);
  });

  it.each([
    ['8', 'encoding/hex: odd length hex string'],
    ['abc', 'encoding/hex: odd length hex string'],
    ['x0', "encoding/hex: invalid byte: U+0078 'x'"],
    ['0x80', "encoding/hex: invalid byte: U+0078 'x'"],
    [' 80', "encoding/hex: invalid byte: U+0020 ' '"],
    ['8g0', "encoding/hex: invalid byte: U+0067 'g'"],
    ['\u00e9\u00e9', 'encoding/hex: invalid byte: U+00E9'],
  ])('rejects %j with SG300 naming the text', (text, reason) => {
    const error = expectServiceError(() => parseKeyspaceIdHex(text), 'SG300', JSON.stringify(text));
    expect(error.message).toContain(reason);
    expect(error.details).toEqual({ text });
  });
});

describe('hexDecodeError', () => {
  it('reports a bad character before an odd length, as Go does', () => {
    expect(hexDecodeError('abz')).toBe("encoding/hex: invalid byte: U+007A 'z'");
    expect(hexDecodeError('\u0000')).toBe('encoding/hex: invalid byte: U+0000');
    expect(hexDecodeError('')).toBeUndefined();
    expect(hexDecodeError('AbCd')).toBeUndefined();
  });
});
