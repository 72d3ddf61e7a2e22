// unicode_loose_md5 and unicode_loose_xxhash beyond the shared vectors (vectors.test.ts runs
// their sections of vindex-vectors.json). testdata/unicode_hash_golden.json is copied unchanged
// from vitess go/vt/vtgate/vindexes/testdata/unicode_hash_golden.json (Apache-2.0; read by
// unicode_hash_test.go TestUnicodeHash): 28 Wikipedia texts in many scripts with their XXHash
// and MD5 keyspace ids, base64. Rows tagged with a Vitess test translate that test
// (unicodeloosemd5_test.go, unicodeloosexxhash_test.go, Apache-2.0).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../util/hex.js';
import { SQL_NULL, makeSqlValue, sqlVarbinary, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { createVindex } from '../registry.js';
import { createUnicodeLooseMd5 } from '../unicodeLooseMd5.js';
import { createUnicodeLooseXxhash } from '../unicodeLooseXxhash.js';
import type { SingleColumnVindex } from '../vindex.js';
import { hex, show } from './fixtures.js';

interface GoldenRow {
  readonly Input: string;
  readonly XXHash: string;
  readonly MD5: string;
}

const golden = JSON.parse(readFileSync(new URL('../testdata/unicode_hash_golden.json', import.meta.url), 'utf8')) as GoldenRow[];
const fromBase64 = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

const TYPES = [
  { type: 'unicode_loose_md5', create: createUnicodeLooseMd5, test: 'TestUnicodeLooseMD5', empty: 'd41d8cd98f00b204e9800998ecf8427e' },
  { type: 'unicode_loose_xxhash', create: createUnicodeLooseXxhash, test: 'TestUnicodeLooseXXHash', empty: '99e9d85137db46ef' },
] as const;

const SG402 = expect.objectContaining({ name: 'ServiceError', id: 'SG402' });

const INVALID_UTF8 = sqlVarbinary(Uint8Array.from([0x54, 0xff, 0x65]));

describe.each(TYPES)('$type', ({ type, create, test, empty }) => {
  const vindex: SingleColumnVindex = create('utf8ch', {});
  const ksid = (value: SqlValue): string => show(vindex.map([value])[0]!);

  it.each([
    ['no params', {}, []],
    ['unknown params', { hello: 'world' }, ['hello']],
    ['several unknown params, sorted', { zeta: '1', alpha: '2' }, ['alpha', 'zeta']],
  ])(`${test}CreateVindex: %s`, (_name, params: Record<string, string>, unknown) => {
    const created = createVindex(type, type, params);
    expect(created).toMatchObject({ kind: 'singleColumn', name: type, type, cost: 1, isUnique: true, needsVCursor: false });
    expect(created.unknownParams).toEqual(unknown);
    expect(create(type, params).unknownParams).toEqual(unknown);
  });

  it('is a hashing vindex, not reversible', () => {
    expect(typeof vindex.hash).toBe('function');
    expect(vindex.reverseMap).toBeUndefined();
  });

  it.each(golden.map((row, i) => [i, row] as const))('TestUnicodeHash golden row %i', (_i, row) => {
    const value = sqlVarchar(new TextDecoder().decode(fromBase64(row.Input)));
    const expected = bytesToHex(fromBase64(type === 'unicode_loose_md5' ? row.MD5 : row.XXHash));
    expect(ksid(value)).toBe(`ksid:${expected}`);
    expect(bytesToHex(vindex.hash!(value))).toBe(expected);
  });

  it('maps NULL, the empty string and spaces alike (hash of an empty key)', () => {
    for (const value of [SQL_NULL, sqlVarchar(''), sqlVarchar('   '), sqlVarbinary(new Uint8Array(0))]) {
      expect(ksid(value)).toBe(`ksid:${empty}`);
    }
  });

  it('hashes the text of any type, and decodes hex literals first (Vitess ToBytes)', () => {
    expect(ksid(makeSqlValue('INT64', '12'))).toBe(ksid(sqlVarchar('12')));
    expect(ksid(makeSqlValue('HEXVAL', "x'54657374'"))).toBe(ksid(sqlVarchar('Test')));
    expect(ksid(makeSqlValue('HEXNUM', '0x54657374'))).toBe(ksid(sqlVarchar('test')));
  });

  it('maps equal-at-level-1 strings together and others apart', () => {
    const same = ['Straße', 'STRASSE', 'strasse ', 'ſtraſſe'].map((s) => ksid(sqlVarchar(s)));
    expect(new Set(same).size).toBe(1);
    const apart = ['a', 'a\t', ' a', 'b', '一', '丁', '😀'].map((s) => ksid(sqlVarchar(s)));
    expect(new Set(apart).size).toBe(apart.length);
  });

  it('maps several ids in order', () => {
    const ids = [sqlVarbinary('Test'), SQL_NULL, sqlVarbinary('TEST')];
    expect(vindex.map(ids).map(show)).toEqual([ksid(ids[0]!), `ksid:${empty}`, ksid(ids[0]!)]);
  });

  it(`${test}Verify: true for the value's own keyspace id, false otherwise`, () => {
    const ids = [sqlVarbinary('Test'), sqlVarbinary('TEst'), sqlVarbinary('different')];
    const own = vindex.hash!(sqlVarbinary('Test'));
    expect(vindex.verify(ids, [own, own, own])).toEqual([true, true, false]);
    expect(vindex.verify([SQL_NULL], [hex(empty)])).toEqual([true]);
  });

  it('rejects invalid UTF-8 with SG402 in Map (whole call), Verify and Hash, as Vitess errors', () => {
    expect(() => vindex.map([sqlVarbinary('ok'), INVALID_UTF8])).toThrow(SG402);
    expect(() => vindex.verify([INVALID_UTF8], [hex(empty)])).toThrow(SG402);
    expect(() => vindex.hash!(INVALID_UTF8)).toThrow(SG402);
    expect(() => vindex.hash!(makeSqlValue('HEXVAL', "x'5'"))).toThrow(SG402);
  });
});

describe('keyspace id layout', () => {
  it('unicode_loose_md5 is 16 bytes, unicode_loose_xxhash 8 bytes little-endian', () => {
    expect(createUnicodeLooseMd5('m', {}).hash!(sqlVarbinary('Test'))).toEqual(hex('0b5edbb401fd7524393690491d64f1f5'));
    expect(createUnicodeLooseXxhash('x', {}).hash!(sqlVarbinary('Test'))).toEqual(hex('42d21361087a4c07'));
  });
});
