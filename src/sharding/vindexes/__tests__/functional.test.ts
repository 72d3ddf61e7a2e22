// Edge rows for the functional single-column vindexes (hash, xxhash, binary, binary_md5,
// numeric, reverse_bits, null, numeric_static_map) beyond the shared vectors. Rows tagged
// with a Vitess test name translate that test's expected values (vitess
// go/vt/vtgate/vindexes/*_test.go, Apache-2.0); the others are shardgate's own edge rows.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../util/hex.js';
import { SQL_NULL, makeSqlValue, sqlUint64, sqlVarbinary, type SqlValue } from '../../../util/sqlValue.js';
import { hashUint64, unhashUint64 } from '../hash.js';
import { parseUint64Map } from '../parseUint64Map.js';
import { reverseBits64 } from '../reverseBits.js';
import { createVindex } from '../registry.js';
import type { SingleColumnVindex } from '../vindex.js';
import { xxhash64, xxhashKeyspaceId } from '../xxhash.js';
import { hex, serviceErrorOf, show, thrownId, v } from './fixtures.js';

function single(type: string, params: Record<string, string> = {}, readFile?: (path: string) => string): SingleColumnVindex {
  const vindex = createVindex(type, `${type}_vdx`, params, readFile ? { readFile } : {});
  if (vindex.kind !== 'singleColumn') throw new Error(`${type} is not single-column`);
  return vindex;
}

function mapOne(vindex: SingleColumnVindex, value: SqlValue): string {
  return show(vindex.map([value])[0]!);
}

const U64_MAX = 2n ** 64n - 1n;
const KSID_1 = '166b40b44aba4bd6';
const KSID_2 = '06e7ea22ce92708f';
const KSID_MINUS_1 = '355550b2150e2451';

describe('hash', () => {
  const hash = single('hash');

  it.each([
    ['NULL', SQL_NULL, 'none'],
    ['INT64 0', v('0'), 'ksid:8ca64de9c1b123a7'],
    ['INT64 -1', v('-1'), `ksid:${KSID_MINUS_1}`],
    ['UINT64 2^64-1', v(U64_MAX.toString(), 'UINT64'), `ksid:${KSID_MINUS_1}`],
    ['INT64 2^63-1', v('9223372036854775807'), 'ksid:f77d48aadda1f1bb'],
    ['INT64 +1 (strconv sign)', makeSqlValue('INT64', '+1'), `ksid:${KSID_1}`],
    ['INT64 " 1" (strconv: no spaces)', makeSqlValue('INT64', ' 1'), 'none'],
    ['VARCHAR "1"', v('1', 'VARCHAR'), `ksid:${KSID_1}`],
    ['VARCHAR " 1\\t" (fastparse spaces)', v(' 1\t', 'VARCHAR'), `ksid:${KSID_1}`],
    ['VARCHAR "-1" (ToCastUint64: no sign)', v('-1', 'VARCHAR'), 'none'],
    ['VARCHAR "abc"', v('abc', 'VARCHAR'), 'none'],
    ['VARCHAR ""', v('', 'VARCHAR'), 'none'],
    ['FLOAT64 1.1', v('1.1', 'FLOAT64'), 'none'],
    ['FLOAT64 1', v('1', 'FLOAT64'), `ksid:${KSID_1}`],
    ['DECIMAL 1.0', v('1.0', 'DECIMAL'), 'none'],
    ['UINT64 2^64 (overflow)', makeSqlValue('UINT64', '18446744073709551616'), 'none'],
    ['INT64 2^63 (overflow)', makeSqlValue('INT64', '9223372036854775808'), 'none'],
    ['HEXNUM 0x01 (not decimal)', v('0x01', 'HEXNUM'), 'none'],
    ['YEAR 1 (unsigned path)', v('1', 'YEAR'), `ksid:${KSID_1}`],
  ])('maps %s', (_name, value, want) => {
    expect(mapOne(hash, value)).toBe(want);
  });

  it('has the Vitess capabilities', () => {
    expect([hash.cost, hash.isUnique, hash.needsVCursor, hash.unknownParams]).toEqual([1, true, false, []]);
    expect(hash.reverseMap).toBeTypeOf('function');
    expect(hash.rangeMap).toBeUndefined();
  });

  it('verifies (TestHashVerify)', () => {
    expect(hash.verify([v('1'), v('2')], [hex(KSID_1), hex(KSID_1)])).toEqual([true, false]);
    expect(() => hash.verify([v('aa', 'VARBINARY')], [new Uint8Array(0)])).toThrow('cannot parse uint64 from "aa"');
  });

  it('verify uses ToCastUint64 only, so a negative INT64 fails as in Vitess', () => {
    expect(thrownId(() => hash.verify([v('-1')], [hex(KSID_MINUS_1)]))).toBe('SG402');
  });

  it('reverse-maps (TestHashReverseMap)', () => {
    const ksids = [KSID_1, KSID_2, '4eb190c9a2fa169c', 'd2fd8867d50d2dfe', '70bb023c810ca87a', 'f098480ac4c4be71', '8ca64de9c1b123a7', KSID_MINUS_1, 'f77d48aadda1f1bb', '95f8a5e5dd31d900'];
    const want = [1n, 2n, 3n, 4n, 5n, 6n, 0n, U64_MAX, 2n ** 63n - 1n, 2n ** 63n];
    expect(hash.reverseMap!(ksids.map(hex))).toEqual(want.map((n) => sqlUint64(n)));
  });

  it('rejects a 16-byte keyspace id (TestHashReverseMapNeg)', () => {
    expect(() => hash.reverseMap!([hex(KSID_1 + KSID_1)])).toThrow(/cannot reverse keyspace id "166b40b44aba4bd6166b40b44aba4bd6"/);
    expect(thrownId(() => hash.reverseMap!([new Uint8Array(0)]))).toBe('SG403');
  });

  it.each([0n, 1n, 255n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n - 1n, 2n ** 63n, U64_MAX, 0x0123456789abcdefn])('round-trips %s through DES', (n) => {
    expect(unhashUint64(hashUint64(n))).toBe(n);
  });

  it('takes bigints modulo 2^64 and rejects short ids on unhash', () => {
    expect(bytesToHex(hashUint64(-1n))).toBe(KSID_MINUS_1);
    expect(unhashUint64(hex('00'))).toBeUndefined();
  });

  it('hash() throws SG402 where map gives none', () => {
    expect(thrownId(() => hash.hash!(SQL_NULL))).toBe('SG402');
    expect(bytesToHex(hash.hash!(v('1')))).toBe(KSID_1);
  });
});

describe('xxhash', () => {
  const xx = single('xxhash');

  it('verifies (TestXXHashVerify)', () => {
    const hexBytes = hex('9efa');
    const ids = [v('1', 'UINT64'), v('2', 'UINT64'), v("x'9efa'", 'HEXVAL'), v('0x9efa', 'HEXNUM')];
    const ksids = [hex('d46405367612b4b7'), hex('d46405367612b4b7'), xxhashKeyspaceId(hexBytes), xxhashKeyspaceId(hexBytes)];
    expect(xx.verify(ids, ksids)).toEqual([true, false, true, true]);
  });

  it('writes XXH64 little-endian, as Vitess vXXHash does', () => {
    expect(xxhash64(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
    expect(bytesToHex(xxhashKeyspaceId(new Uint8Array(0)))).toBe('99e9d85137db46ef');
  });

  it.each([
    ['HEXNUM with an odd digit count', v('0x9ef', 'HEXNUM')],
    ['HEXVAL with a non-hex digit', v("x'zz'", 'HEXVAL')],
    ['BITNUM without digits', makeSqlValue('BITNUM', '0b')],
  ])('throws SG402 for %s (Vitess Map returns the ToBytes error)', (_name, value) => {
    expect(thrownId(() => xx.map([value]))).toBe('SG402');
    expect(thrownId(() => xx.verify([value], [new Uint8Array(8)]))).toBe('SG402');
  });

  it('hashes a BITNUM as its decoded bytes', () => {
    expect(mapOne(xx, v('0b1001111011111010', 'BITNUM'))).toBe(`ksid:${bytesToHex(xxhashKeyspaceId(hex('9efa')))}`);
  });

  it('has the Vitess capabilities', () => {
    expect([xx.cost, xx.isUnique, xx.needsVCursor, xx.reverseMap, xx.rangeMap]).toEqual([1, true, false, undefined, undefined]);
  });
});

describe('binary', () => {
  const binary = single('binary');

  it('verifies (TestBinaryVerify)', () => {
    const ids = [v('1', 'VARBINARY'), v('2', 'VARBINARY'), v("x'8a1e'", 'HEXVAL'), v('0x8a1e', 'HEXNUM')];
    expect(binary.verify(ids, [hex('31'), hex('31'), hex('8a1e'), hex('8a1e')])).toEqual([true, false, true, true]);
  });

  it('reverse-maps (TestBinaryReverseMap) and refuses the empty (nil) keyspace id', () => {
    expect(binary.reverseMap!([hex('0000000000000001')])).toEqual([sqlVarbinary(hex('0000000000000001'))]);
    expect(thrownId(() => binary.reverseMap!([new Uint8Array(0)]))).toBe('SG403');
  });

  it('range-maps BETWEEN (TestBinaryRangeMap)', () => {
    expect(binary.rangeMap!(v('0x01', 'HEXNUM'), v('0x10', 'HEXNUM')).map(show)).toEqual(['range:01-10']);
  });

  it.each([
    ['NULL → empty keyspace id', SQL_NULL, 'ksid:'],
    ['BITNUM 0b101', v('0b101', 'BITNUM'), 'ksid:05'],
    ['BITNUM 0b0 → empty', v('0b0', 'BITNUM'), 'ksid:'],
    ['INT64 -1 → its text', v('-1'), 'ksid:2d31'],
    ['HEXVAL X\'\' (upper X, empty)', v("X''", 'HEXVAL'), 'ksid:'],
  ])('maps %s', (_name, value, want) => {
    expect(mapOne(binary, value)).toBe(want);
  });

  it('throws SG402 for a malformed HEXNUM', () => {
    expect(thrownId(() => binary.map([makeSqlValue('HEXNUM', '0X01')]))).toBe('SG402');
    expect(thrownId(() => binary.rangeMap!(v('0x1', 'HEXNUM'), v('0x10', 'HEXNUM')))).toBe('SG402');
  });

  it('does not alias the value bytes', () => {
    const value = v('ab', 'VARBINARY');
    const dest = binary.map([value])[0]!;
    expect(dest.kind === 'keyspaceId' && dest.ksid !== value.raw).toBe(true);
  });

  it('has cost 0', () => {
    expect([binary.cost, binary.isUnique, binary.needsVCursor]).toEqual([0, true, false]);
  });
});

describe('binary_md5', () => {
  const md5 = single('binary_md5');

  it.each([
    ['HEXVAL decoded first', v("x'74657374'", 'HEXVAL'), 'ksid:098f6bcd4621d373cade4e832627b4f6'],
    ['VARCHAR same bytes as VARBINARY', v('test1', 'VARCHAR'), 'ksid:5a105e8b9d40e1329780d62ea2265d8a'],
  ])('maps %s', (_name, value, want) => {
    expect(mapOne(md5, value)).toBe(want);
  });

  it('verifies and is not reversible', () => {
    expect(md5.verify([v('test1', 'VARBINARY'), v('test1', 'VARBINARY')], [hex('5a105e8b9d40e1329780d62ea2265d8a'), hex('00')])).toEqual([true, false]);
    expect(md5.reverseMap).toBeUndefined();
    expect(md5.cost).toBe(1);
  });
});

describe('numeric', () => {
  const numeric = single('numeric');

  it('verifies (TestNumericVerify)', () => {
    expect(numeric.verify([v('1'), v('2')], [hex('0000000000000001'), hex('0000000000000001')])).toEqual([true, false]);
    expect(() => numeric.verify([v('aa', 'VARBINARY')], [new Uint8Array(0)])).toThrow('cannot parse uint64 from "aa"');
  });

  it('reverse-maps (TestNumericReverseMap, TestNumericReverseMapBadData)', () => {
    expect(numeric.reverseMap!([hex('0000000000000001')])).toEqual([sqlUint64(1n)]);
    expect(() => numeric.reverseMap!([hex('6161')])).toThrow('length of keyspace id is not 8: 2');
  });

  it.each([
    ['NULL', SQL_NULL, 'none'],
    ['INT64 0', v('0'), 'ksid:0000000000000000'],
    ['INT64 -1', v('-1'), 'none'],
    ['UINT64 2^64-1', v(U64_MAX.toString(), 'UINT64'), 'ksid:ffffffffffffffff'],
    ['INT64 2^63-1', v('9223372036854775807'), 'ksid:7fffffffffffffff'],
    ['VARCHAR "12"', v('12', 'VARCHAR'), 'ksid:000000000000000c'],
    ['VARCHAR "12a"', v('12a', 'VARCHAR'), 'none'],
  ])('maps %s', (_name, value, want) => {
    expect(mapOne(numeric, value)).toBe(want);
  });

  it.each([0n, 1n, 2n ** 63n, U64_MAX])('round-trips %s', (n) => {
    const [dest] = numeric.map([sqlUint64(n)]);
    expect(dest?.kind === 'keyspaceId' && numeric.reverseMap!([dest.ksid])).toEqual([sqlUint64(n)]);
  });

  it('range-maps BETWEEN and has cost 0', () => {
    expect(numeric.rangeMap!(v('1'), v('10')).map(show)).toEqual(['range:0000000000000001-000000000000000a']);
    expect(thrownId(() => numeric.rangeMap!(v('-1'), v('10')))).toBe('SG402');
    expect(numeric.cost).toBe(0);
  });
});

describe('reverse_bits', () => {
  const rb = single('reverse_bits');

  it('verifies and reverse-maps (TestReverseBitsVerify, TestReverseBitsReverseMap, TestReverseBitsReverseMapNeg)', () => {
    expect(rb.verify([v('1'), v('2')], [hex('8000000000000000'), hex('8000000000000000')])).toEqual([true, false]);
    expect(() => rb.verify([v('aa', 'VARBINARY')], [new Uint8Array(0)])).toThrow('cannot parse uint64 from "aa"');
    expect(rb.reverseMap!([hex('8000000000000000')])).toEqual([sqlUint64(1n)]);
    expect(() => rb.reverseMap!([hex('80000000000000008000000000000000')])).toThrow(/"80000000000000008000000000000000"/);
  });

  it.each([
    ['INT64 0', v('0'), 'ksid:0000000000000000'],
    ['INT64 -1', v('-1'), 'none'],
    ['UINT64 2^64-1', v(U64_MAX.toString(), 'UINT64'), 'ksid:ffffffffffffffff'],
    ['INT64 2^63-1', v('9223372036854775807'), 'ksid:fffffffffffffffe'],
    ['UINT64 0x0123456789abcdef', sqlUint64(0x0123456789abcdefn), 'ksid:f7b3d591e6a2c480'],
  ])('maps %s', (_name, value, want) => {
    expect(mapOne(rb, value)).toBe(want);
  });

  it.each([0n, 1n, 2n ** 63n, U64_MAX, 0x0123456789abcdefn])('reverses bits as an involution: %s', (n) => {
    expect(reverseBits64(reverseBits64(n))).toBe(n);
  });
});

describe('null', () => {
  const nullVindex = single('null');

  it('maps every value, NULL included, to 00 (TestNullMap)', () => {
    expect(nullVindex.map([v('1'), SQL_NULL, v('x', 'VARCHAR')]).map(show)).toEqual(['ksid:00', 'ksid:00', 'ksid:00']);
  });

  it('verifies against 00 and has cost 100, no Hash', () => {
    expect(nullVindex.verify([v('1'), v('2')], [hex('00'), hex('01')])).toEqual([true, false]);
    expect([nullVindex.cost, nullVindex.isUnique, nullVindex.hash]).toEqual([100, true, undefined]);
  });
});

describe('numeric_static_map', () => {
  // vitess go/vt/vtgate/vindexes/testdata/numeric_static_map_test.json, as its tests load it via json_path.
  const VITESS_TEST_FILE = '{\n\t"1": 1,\n\t"3": 2\n}\n';
  const FALLBACK_JSON = '{"1":2,"3":4,"4":5,"5":6,"6":7,"7":8,"8":9,"10":18446744073709551615}';

  it('loads json_path through the file reader (TestNumericStaticMapMap)', () => {
    const paths: string[] = [];
    const vindex = single('numeric_static_map', { json_path: 'testdata/numeric_static_map_test.json' }, (path) => {
      paths.push(path);
      return VITESS_TEST_FILE;
    });
    expect(paths).toEqual(['testdata/numeric_static_map_test.json']);
    expect(vindex.map([v('1'), v('2'), v('3'), v('1.1', 'FLOAT64'), SQL_NULL]).map(show)).toEqual([
      'ksid:0000000000000001',
      'ksid:0000000000000002',
      'ksid:0000000000000002',
      'none',
      'none',
    ]);
  });

  it('verifies (TestNumericStaticMapVerify, TestNumericStaticMapWithFallbackVerify)', () => {
    const plain = single('numeric_static_map', { json: VITESS_TEST_FILE });
    expect(plain.verify([v('1'), v('2')], [hex('0000000000000001'), hex('0000000000000001')])).toEqual([true, false]);
    expect(() => plain.verify([v('aa', 'VARBINARY')], [new Uint8Array(0)])).toThrow('cannot parse uint64 from "aa"');
    const withFallback = single('numeric_static_map', { json: FALLBACK_JSON, fallback_type: 'xxhash' });
    const ksids = ['0000000000000002', '8b59801662b52160', 'ffffffffffffffff', 'ffffffffffffffff'].map(hex);
    expect(withFallback.verify([v('1'), v('2'), v('11'), v('10')], ksids)).toEqual([true, true, false, true]);
  });

  it.each([
    ['no params', {}, /either param json .* or param json_path/],
    ['both json and json_path', { json: '{}', json_path: '/path/to/map.json' }, /mutually exclusive/],
    ['json_path without a file reader', { json_path: '/path/to/map.json' }, /without a file reader/],
    ['bad syntax', { json: '{]' }, /param json must be a JSON object/],
    ['bad syntax after a pair', { json: '{"1":2,"3":4,"5":6:8,"10":11}' }, /param json must be/],
    ['a letter value', { json: '{"1":a}' }, /param json must be/],
    ['a letter key (strconv.ParseUint)', { json: '{"a":1}' }, /key "a" is not a uint64/],
    ['a negative key', { json: '{"-1":1}' }, /key "-1" is not a uint64/],
    ['a fractional value', { json: '{"1":1.5}' }, /number 1.5/],
    ['an exponent value', { json: '{"1":1e2}' }, /number 1e2/],
    ['a negative value', { json: '{"1":-1}' }, /number -1/],
    ['a value above 2^64-1', { json: '{"1":18446744073709551616}' }, /number 18446744073709551616/],
    ['a string value', { json: '{"1":"2"}' }, /string/],
    ['an array', { json: '[1]' }, /array/],
    ['an unknown fallback type', { json: '{}', fallback_type: 'not_found' }, /param fallback_type .* unknown vindex type "not_found"/],
  ])('rejects %s with SG401', (_name, params, message) => {
    const error = serviceErrorOf('SG401', () => createVindex('numeric_static_map', 'nsm', params));
    expect(error.message).toMatch(message);
    expect(error.message).toContain('vindex "nsm" (numeric_static_map)');
  });

  it('reports an unreadable json_path', () => {
    expect(() =>
      createVindex('numeric_static_map', 'nsm', { json_path: '/nope.json' }, {
        readFile: () => {
          throw new Error('ENOENT: no such file or directory');
        },
      }),
    ).toThrow(/param json_path: cannot read "\/nope.json": ENOENT/);
  });

  it('accepts null values (Go stores 0), duplicate keys (last wins), a leading-zero key and unknown params', () => {
    const vindex = single('numeric_static_map', { json: '{"5":null,"6":1,"6":2,"007":9}', hello: 'world' });
    expect(vindex.map([v('5'), v('6'), v('7')]).map(show)).toEqual(['ksid:0000000000000000', 'ksid:0000000000000002', 'ksid:0000000000000009']);
    expect(vindex.unknownParams).toEqual(['hello']);
  });

  it('accepts a fallback type without Hash and never uses it, as Vitess does', () => {
    const vindex = single('numeric_static_map', { json: '{}', fallback_type: 'null' });
    expect(mapOne(vindex, v('7'))).toBe('ksid:0000000000000007');
  });

  it('maps text through the fallback as none (TestNumericStaticMapWithFallback)', () => {
    const vindex = single('numeric_static_map', { json: FALLBACK_JSON, fallback_type: 'binary' });
    expect(mapOne(vindex, v('test1', 'VARCHAR'))).toBe('none');
    expect(mapOne(vindex, v('2'))).toBe('ksid:32');
  });
});

describe('parseUint64Map', () => {
  it.each([
    ['{}', []],
    [' null ', []],
    ['{ "a" : 1 , "b":18446744073709551615 }', [['a', 1n], ['b', 18446744073709551615n]]],
    ['{"\\u0041":0}', [['A', 0n]]],
  ])('parses %j', (text, entries) => {
    expect(parseUint64Map(text)).toEqual(new Map(entries as [string, bigint][]));
  });

  it.each(['', '{', '{"a":1,}', '{"a":1} x', '"x"', '1', '{"a":{}}', '{"a":true}'])('returns a message for %j', (text) => {
    expect(typeof parseUint64Map(text)).toBe('string');
  });
});
