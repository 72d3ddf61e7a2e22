// The cfc vindex and its LIKE-prefix vindex, translating vitess
// go/vt/vtgate/vindexes/cfc_test.go (Apache-2.0): TestCFCCreateVindex, TestCFCComputeKsid,
// TestCFCComputeKsidXxhash, TestCFCVerifyNoHash, TestCFCVerifyWithHash, TestCFCMap,
// TestCFCBuildPrefix, TestCFCPrefixMap, TestCFCPrefixQueryMapNoHash, TestCFCFindPrefixEscape,
// TestDestinationKeyRangeFromPrefix and TestCFCHashFunction.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../util/hex.js';
import { sqlVarbinary } from '../../../util/sqlValue.js';
import { cfcKeyspaceId, createCfc, likePrefix, type CfcConfig } from '../cfc.js';
import { keyRangeFromPrefix } from '../keyRangeFromPrefix.js';
import { md5 } from '../md5.js';
import { createVindex } from '../registry.js';
import type { SingleColumnVindex } from '../vindex.js';
import { xxhashKeyspaceId } from '../xxhash.js';
import { serviceErrorOf, show } from './fixtures.js';

const MD5_3_5: CfcConfig = { hash: 'md5', offsets: [3, 5] };
const XX_3_5: CfcConfig = { hash: 'xxhash64', offsets: [3, 5] };

function bytes(...parts: number[][]): Uint8Array {
  return Uint8Array.from(parts.flat());
}

/** cfc_test.go expectedHash: each component's md5, truncated to the component's length. */
function expectedHash(parts: number[][], digest: (b: Uint8Array) => Uint8Array = md5, width = 16): string {
  return parts.map((p) => bytesToHex(digest(Uint8Array.from(p)).subarray(0, Math.min(p.length, width)))).join('');
}

function cfc(params: Record<string, string>): SingleColumnVindex {
  const vindex = createVindex('cfc', 'cfc', params);
  if (vindex.kind !== 'singleColumn') throw new Error('cfc is single-column');
  return vindex;
}

describe('cfc params (TestCFCCreateVindex)', () => {
  it.each([
    ['no hash', {}, []],
    ['no hash with offsets', { offsets: '[1,2]' }, []],
    ['unknown params', { hash: 'md5', offsets: '[3, 7]', hello: 'world' }, ['hello']],
  ])('accepts %s', (_name, params, unknown) => {
    const vindex = cfc(params);
    expect([vindex.cost, vindex.isUnique, vindex.needsVCursor, vindex.unknownParams]).toEqual([1, true, false, unknown]);
  });

  it.each([
    ['hash with no offsets', { hash: 'md5' }, /param offsets is required when hash is set/],
    ['offsets without brackets', { hash: 'md5', offsets: '10,12' }, /param offsets must be sorted positive ints in brackets.*"10,12"/],
    ['offsets xxx', { hash: 'md5', offsets: 'xxx' }, /"xxx"/],
    ['empty offsets', { hash: 'md5', offsets: '[]' }, /"\[\]"/],
    ['unsorted offsets', { hash: 'md5', offsets: '[10,3]' }, /"\[10,3\]"/],
    ['negative offsets', { hash: 'md5', offsets: '[-1,3]' }, /"\[-1,3\]"/],
    ['duplicated offsets', { hash: 'md5', offsets: '[4,4,6]' }, /"\[4,4,6\]"/],
    ['fractional offsets', { hash: 'md5', offsets: '[1.5]' }, /"\[1.5\]"/],
    ['an unknown hash', { hash: 'sha1', offsets: '[1]' }, /param hash must be md5 or xxhash64, got "sha1"/],
  ])('rejects %s with SG401', (_name, params, message) => {
    const error = serviceErrorOf('SG401', () => cfc(params));
    expect(error.message).toMatch(message);
  });
});

describe('cfcKeyspaceId (TestCFCComputeKsid, TestCFCComputeKsidXxhash)', () => {
  it('returns the key itself without a hash (TestCFCComputeKsidNoHash)', () => {
    const id = bytes([3, 6, 20, 7, 60, 1]);
    expect(cfcKeyspaceId({ offsets: [] }, id, true)).toEqual(id);
  });

  for (const [name, config, digest, width] of [
    ['md5', MD5_3_5, md5, 16],
    ['xxhash64', XX_3_5, xxhashKeyspaceId, 8],
  ] as const) {
    it.each([
      ['prefix ok', [[3, 4, 5]], true],
      ['misaligned prefix uses the whole first component', [[3, 4, 5], [1]], true],
      ['normal', [[12, 234, 2], [7, 1], [6]], false],
      ['prefix of two components', [[5, 21, 124], [75, 5]], true],
      ['long key', [[5, 21, 124], [75, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]], true],
    ])(`${name}: %s`, (_case, parts, prefix) => {
      const wantParts = parts.length === 2 && parts[1]!.length === 1 ? [parts[0]!] : parts;
      expect(bytesToHex(cfcKeyspaceId(config, bytes(...parts), prefix))).toBe(expectedHash(wantParts, digest, width));
    });

    it(`${name}: a prefix shorter than the first component and the empty key give empty ids`, () => {
      expect(cfcKeyspaceId(config, bytes([3, 4]), true)).toEqual(new Uint8Array(0));
      expect(cfcKeyspaceId(config, new Uint8Array(0), true)).toEqual(new Uint8Array(0));
    });

    it(`${name}: a full key shorter than the last offset is an error`, () => {
      expect(() => cfcKeyspaceId(config, bytes([3, 4, 5]), false)).toThrow('insufficient size for cfc vindex: need 5 bytes, got 3');
    });
  }

  it.each([
    ['asdf', 4, 4],
    ['abcdefgh', 8, 8],
    ['abcdefghijkl', 12, 8],
    ['abcdefghijklmnop', 16, 8],
    ['abcdefghijklmnopqrst', 16, 8],
  ])('truncates component hashes to the component length (TestCFCHashFunction) %s', (src, md5Len, xxLen) => {
    const key = new TextEncoder().encode(src);
    expect(cfcKeyspaceId({ hash: 'md5', offsets: [key.length] }, key, false).length).toBe(md5Len);
    expect(cfcKeyspaceId({ hash: 'xxhash64', offsets: [key.length] }, key, false).length).toBe(xxLen);
  });
});

describe('cfc map and verify', () => {
  it('verifies without a hash (TestCFCVerifyNoHash)', () => {
    const vindex = createCfc('cfc', { offsets: [] });
    const id = bytes([3, 10, 7, 200]);
    expect(vindex.verify([sqlVarbinary(id)], [id])).toEqual([true]);
    expect(vindex.verify([sqlVarbinary('foobar')], [id])).toEqual([false]);
    expect(vindex.prefixVindex!().verify([sqlVarbinary('foobar')], [id])).toEqual([false]);
  });

  it('verifies with a hash (TestCFCVerifyWithHash)', () => {
    const vindex = createCfc('cfc', MD5_3_5);
    const parts = [[1, 234, 3], [12, 32], [7, 9]];
    const ksid = Uint8Array.from(Buffer.from(expectedHash(parts), 'hex'));
    expect(vindex.verify([sqlVarbinary(bytes(...parts))], [ksid])).toEqual([true]);
    expect(() => vindex.verify([sqlVarbinary('foo')], [ksid])).toThrow(/insufficient size/);
    expect(vindex.prefixVindex!().verify([sqlVarbinary(bytes(...parts))], [ksid])).toEqual([true]);
  });

  it('maps, failing for a short key (TestCFCMap)', () => {
    const vindex = createCfc('cfc', MD5_3_5);
    const error = serviceErrorOf('SG402', () => vindex.map([sqlVarbinary('abc')]));
    expect(error.message).toContain('insufficient size for cfc vindex: need 5 bytes, got 3');
    const [dest] = vindex.map([sqlVarbinary('12345567')]);
    expect(dest!.kind).toBe('keyspaceId');
    expect(dest?.kind === 'keyspaceId' && vindex.verify([sqlVarbinary('12345567')], [dest.ksid])).toEqual([true]);
  });

  it('has no Hash, so multicol cannot use it', () => {
    expect(createCfc('cfc', { offsets: [] }).hash).toBeUndefined();
  });
});

describe('cfc prefix vindex', () => {
  it('is not unique and costs the number of offsets, or 2 (TestCFCBuildPrefix)', () => {
    const plain = cfc({}).prefixVindex!();
    expect([plain.name, plain.isUnique, plain.needsVCursor, plain.cost]).toEqual(['cfc', false, false, 2]);
    const hashed = cfc({ offsets: '[1,2,3]', hash: 'xxhash64' }).prefixVindex!();
    expect([hashed.isUnique, hashed.cost]).toEqual([false, 3]);
  });

  it.each([
    ['literal regular', 'abcdef', () => keyRangeFromPrefix(Buffer.from(expectedHash([[97, 98, 99], [100, 101], [102]]), 'hex'))],
    ['literal use first component', 'abcd', () => keyRangeFromPrefix(Buffer.from(expectedHash([[97, 98, 99]]), 'hex'))],
    ['literal prefix too short', 'ab', () => keyRangeFromPrefix(new Uint8Array(0))],
    ['LIKE wildcard cuts the prefix', 'abc%de', () => keyRangeFromPrefix(Buffer.from(expectedHash([[97, 98, 99]]), 'hex'))],
  ])('maps %s (TestCFCPrefixMap)', (_name, id, want) => {
    const prefix = createCfc('cfc', MD5_3_5).prefixVindex!();
    expect(show(prefix.map([sqlVarbinary(id)])[0]!)).toBe(show(want()));
  });

  it('maps raw prefixes to key ranges without a hash (TestCFCPrefixQueryMapNoHash)', () => {
    const prefix = createCfc('cfc', { offsets: [] }).prefixVindex!();
    const ids = [[3, 123, 255], [3, 123, 255, 6, 7], [255, 255, 255]].map((p) => sqlVarbinary(Uint8Array.from([...p, 0x25])));
    expect(prefix.map(ids).map(show)).toEqual(['range:037bff-037c00', 'range:037bff0607-037bff0608', 'range:ffffff-']);
  });
});

describe('likePrefix (TestCFCFindPrefixEscape)', () => {
  it.each([
    ['ab%', 'ab'],
    ['abc', 'abc'],
    ['a%%', 'a'],
    ['%ab', ''],
    ['\\%a%', '%a'],
    ['\\%%', '%'],
    ['\\%', '%'],
    ['\\\\%a', '\\'],
    ['a\\\\%a', 'a\\'],
    ['\\\\\\%', '\\%'],
    ['\\\\\\%a%', '\\%a'],
    ['\\_\\\\\\%a_', '_\\%a'],
    ['_%a%', ''],
    ['\\i\\j\\k', 'ijk'],
    ['\\0\\\'\\"\\b\\n\\r\\t\\Z\\\\', '\x00\'"\b\n\r\t\x1A\\'],
    ['\\\\0\\\\\'\\\\"\\\\b\\\\n\\\\r\\\\t\\\\Z', '\\0\\\'\\"\\b\\n\\r\\t\\Z'],
    ['\\', '\\'],
  ])('%j → %j', (pattern, want) => {
    expect(Buffer.from(likePrefix(Buffer.from(pattern, 'latin1'))).toString('latin1')).toBe(want);
  });
});

describe('keyRangeFromPrefix (TestDestinationKeyRangeFromPrefix)', () => {
  it.each([
    ['037bff', 'range:037bff-037c00'],
    ['037bff0607', 'range:037bff0607-037bff0608'],
    ['ffffff', 'range:ffffff-'],
    ['', 'all'],
    ['d5', 'range:d5-d6'],
    ['d507', 'range:d507-d508'],
    ['d5ff', 'range:d5ff-d600'],
    ['01ffff', 'range:01ffff-020000'],
    ['ff', 'range:ff-'],
    ['80', 'range:80-81'],
    ['8000', 'range:8000-8001'],
  ])('%s → %s', (prefix, want) => {
    const start = Uint8Array.from(Buffer.from(prefix, 'hex'));
    expect(show(keyRangeFromPrefix(start))).toBe(want);
    expect(bytesToHex(start)).toBe(prefix);
  });
});
