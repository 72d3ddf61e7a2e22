// The multicol vindex, translating vitess go/vt/vtgate/vindexes/multicol_test.go (Apache-2.0):
// TestMulticolCreateVindex, TestMultiColMisc and TestMultiColMap, plus edge rows (empty and
// over-long rows, verify of prefixes, other column vindexes, the byte split).

import { describe, expect, it } from 'vitest';
import { SQL_NULL, sqlVarbinary } from '../../../util/sqlValue.js';
import { createVindex, describeVindexType } from '../registry.js';
import type { MultiColumnVindex } from '../vindex.js';
import { hex, serviceErrorOf, show, v } from './fixtures.js';

function multicol(params: Record<string, string>): MultiColumnVindex {
  const vindex = createVindex('multicol', 'multicol', params);
  if (vindex.kind !== 'multiColumn') throw new Error('multicol is multi-column');
  return vindex;
}

describe('multicol params (TestMulticolCreateVindex)', () => {
  it.each([
    ['column count 3 ok', { column_count: '3' }, 3],
    ['column bytes ok', { column_count: '3', column_bytes: '1,2,3' }, 3],
    ['column vindex ok', { column_count: '3', column_bytes: '1,2,3', column_vindex: 'binary,binary,binary' }, 0],
    ['mixed vindexes with blanks defaulting to hash', { column_count: '3', column_vindex: 'numeric, ,xxhash' }, 2],
    ['allow unknown params', { column_count: '1', hello: 'world' }, 1],
  ])('accepts %s (cost %i)', (_name, params, cost) => {
    const vindex = multicol(params);
    expect([vindex.cost, vindex.isUnique, vindex.needsVCursor, vindex.unknownParams]).toEqual([cost, true, false, []]);
  });

  it.each([
    ['column count 0', { column_count: '0' }, /param column_count must be an integer from 1 to 8, got "0"/],
    ['column count 9', { column_count: '9' }, /from 1 to 8, got "9"/],
    ['column count abc', { column_count: 'abc' }, /from 1 to 8, got "abc"/],
    ['no params', {}, /param column_count is required/],
    ['column bytes more than column count', { column_count: '3', column_bytes: '1,2,3,4' }, /param column_bytes lists 4 byte counts for 3 columns/],
    ['column bytes exceeding the keyspace id length', { column_count: '3', column_bytes: '100,200,300' }, /param column_bytes exceeds the keyspace id length/],
    ['column bytes leaving too little', { column_count: '3', column_bytes: '7' }, /exceeds the keyspace id length/],
    ['column bytes not numeric', { column_count: '2', column_bytes: '1,x' }, /comma-separated integers, got "x"/],
    ['column vindex more than column count', { column_count: '3', column_bytes: '1,2,3', column_vindex: 'binary,binary,binary,binary' }, /lists 4 vindex types for 3 columns/],
    ['column vindex without Hash (null)', { column_count: '3', column_bytes: '1,2,3', column_vindex: 'binary,binary,null' }, /column 3 has vindex type "null"/],
    ['column vindex without Hash (cfc)', { column_count: '3', column_bytes: '1,2,3', column_vindex: 'binary,binary,cfc' }, /column 3 has vindex type "cfc"/],
    ['column vindex lookup', { column_count: '3', column_bytes: '1,2,3', column_vindex: 'binary,binary,lookup' }, /column 3 has vindex type "lookup"/],
    ['column vindex unknown', { column_count: '1', column_vindex: 'nope' }, /unknown vindex type "nope"/],
  ])('rejects %s with SG401', (_name, params, message) => {
    const error = serviceErrorOf('SG401', () => multicol(params));
    expect(error.message).toMatch(message);
  });

  it('passes the other params to the column vindexes', () => {
    const vindex = multicol({ column_count: '1', column_vindex: 'numeric_static_map', json: '{"1":42}' });
    expect(vindex.map([[v('1')]]).map(show)).toEqual(['ksid:000000000000002a']);
  });

  it('reports no unknown params, as Vitess MultiCol is not ParamValidating', () => {
    expect(multicol({ column_count: '2', json: '{}', hello: 'world' }).unknownParams).toEqual([]);
    const info = describeVindexType('multicol')!;
    expect([info.reportsUnknownParams, describeVindexType('hash')!.reportsUnknownParams]).toEqual([false, true]);
  });
});

describe('multicol map', () => {
  const vindex = multicol({ column_count: '3' });

  it('has the Vitess capabilities (TestMultiColMisc)', () => {
    expect([vindex.name, vindex.cost, vindex.isUnique, vindex.needsVCursor, vindex.partialVindex]).toEqual(['multicol', 3, true, false, true]);
  });

  it.each([
    ['1,1,1', [v('1'), v('1'), v('1')], 'ksid:166b40166b40166b'],
    ['255,1,1', [v('255'), v('1'), v('1')], 'ksid:254e88166b40166b'],
    ['256,1,1', [v('256'), v('1'), v('1')], 'ksid:dd7c0b166b40166b'],
    ['one column: prefix range', [v('1')], 'range:166b40-166b41'],
    ['two columns: prefix range', [v('1'), v('1')], 'range:166b40166b40-166b40166b41'],
    ['invalid first column', [sqlVarbinary('abcd'), v('256'), v('256')], 'none'],
    ['invalid last column', [v('256'), v('256'), sqlVarbinary('abcd')], 'none'],
    ['NULL column', [v('1'), SQL_NULL, v('1')], 'none'],
    ['no column: all shards', [], 'all'],
    ['too many columns', [v('1'), v('1'), v('1'), v('1')], 'none'],
  ])('maps %s (TestMultiColMap and edges)', (_name, row, want) => {
    expect(vindex.map([row]).map(show)).toEqual([want]);
  });

  it('verifies full and partial rows, throwing SG402 where map gives none', () => {
    expect(vindex.verify([[v('1'), v('1'), v('1')], [v('1')]], [hex('166b40166b40166b'), hex('166b40')])).toEqual([true, true]);
    expect(vindex.verify([[v('1'), v('1'), v('2')]], [hex('166b40166b40166b')])).toEqual([false]);
    expect(serviceErrorOf('SG402', () => vindex.verify([[sqlVarbinary('abcd')]], [hex('00')])).message).toContain('cannot parse uint64 from "abcd"');
    expect(() => vindex.verify([[v('1'), v('1'), v('1'), v('1')]], [hex('00')])).toThrow(/takes at most 3 column values, got 4/);
  });

  it('pads a short column hash with zeros before the next column', () => {
    const binary = multicol({ column_count: '2', column_bytes: '3,2', column_vindex: 'binary,binary' });
    expect(binary.map([[v('a', 'VARBINARY'), v('bcd', 'VARBINARY')]]).map(show)).toEqual(['ksid:6100006263']);
  });

  it.each([
    ['1', [8]],
    ['2', [4, 4]],
    ['3', [3, 3, 2]],
    ['5', [2, 2, 2, 1, 1]],
    ['8', [1, 1, 1, 1, 1, 1, 1, 1]],
  ])('splits 8 bytes over %s columns as %j', (count, split) => {
    const ones = Array.from({ length: split.length }, () => v('1'));
    const [dest] = multicol({ column_count: count }).map([ones]);
    const want = split.map((n) => '166b40b44aba4bd6'.slice(0, 2 * n)).join('');
    expect(show(dest!)).toBe(`ksid:${want}`);
  });
});
