// The region_experimental and region_json vindexes, translating vitess
// go/vt/vtgate/vindexes/region_experimental_test.go (Apache-2.0): TestRegionExperimentalCreateVindex,
// TestRegionExperimentalMisc, TestRegionExperimentalMap, TestRegionExperimentalMapMulti2,
// TestRegionExperimentalVerifyMulti, and vindex_test.go TestVindexMap/TestVindexVerify.
// region_json has no Vitess test; its rows follow region_json.go.

import { describe, expect, it } from 'vitest';
import { sqlVarbinary } from '../../../util/sqlValue.js';
import { createVindex } from '../registry.js';
import type { MultiColumnVindex } from '../vindex.js';
import { hex, serviceErrorOf, show, v } from './fixtures.js';

const sg401 = (fn: () => unknown): string => serviceErrorOf('SG401', fn).message;

const KSID_1 = '166b40b44aba4bd6';

function multi(type: string, params: Record<string, string>, readFile?: (path: string) => string): MultiColumnVindex {
  const vindex = createVindex(type, type, params, readFile ? { readFile } : {});
  if (vindex.kind !== 'multiColumn') throw new Error(`${type} is multi-column`);
  return vindex;
}

describe('region_experimental', () => {
  it.each([
    ['no params', {}, /param region_bytes is required \(1 or 2\)/],
    ['region_bytes 0', { region_bytes: '0' }, /param region_bytes must be 1 or 2, got "0"/],
    ['region_bytes 3', { region_bytes: '3' }, /got "3"/],
    ['region_bytes +1 (exact match required)', { region_bytes: '+1' }, /got "\+1"/],
  ])('rejects %s (TestRegionExperimentalCreateVindex)', (_name, params, message) => {
    expect(sg401(() => multi('region_experimental', params))).toMatch(message);
  });

  it('accepts 1 and 2 and reports unknown params (TestRegionExperimentalCreateVindex, TestRegionExperimentalMisc)', () => {
    const one = multi('region_experimental', { region_bytes: '1', hello: 'world' });
    expect([one.cost, one.isUnique, one.needsVCursor, one.partialVindex, one.unknownParams]).toEqual([1, true, false, true, ['hello']]);
    expect(multi('region_experimental', { region_bytes: '2' }).unknownParams).toEqual([]);
  });

  it('maps with one region byte (TestRegionExperimentalMap)', () => {
    const vindex = multi('region_experimental', { region_bytes: '1' });
    const rows = [[v('1'), v('1')], [v('255'), v('1')], [v('256'), v('1')], [v('1')], [sqlVarbinary('abcd'), v('256')], [v('1'), sqlVarbinary('abcd')]];
    expect(vindex.map(rows).map(show)).toEqual([`ksid:01${KSID_1}`, `ksid:ff${KSID_1}`, `ksid:00${KSID_1}`, 'range:01-02', 'none', 'none']);
  });

  it('maps with two region bytes (TestRegionExperimentalMapMulti2)', () => {
    const vindex = multi('region_experimental', { region_bytes: '2' });
    const rows = [[v('1'), v('1')], [v('255'), v('1')], [v('256'), v('1')], [v('65536'), v('1')], [v('65535')]];
    expect(vindex.map(rows).map(show)).toEqual([`ksid:0001${KSID_1}`, `ksid:00ff${KSID_1}`, `ksid:0100${KSID_1}`, `ksid:0000${KSID_1}`, 'range:ffff-']);
  });

  it.each([
    ['three values', [v('1'), v('1'), v('1')]],
    ['a negative region (ToCastUint64)', [v('-1'), v('1')]],
    ['a negative id (ToCastUint64, unlike hash)', [v('1'), v('-1')]],
  ])('maps %s to none', (_name, row) => {
    expect(multi('region_experimental', { region_bytes: '1' }).map([row]).map(show)).toEqual(['none']);
  });

  it('verifies without errors (TestRegionExperimentalVerifyMulti, TestVindexVerify)', () => {
    const vindex = multi('region_experimental', { region_bytes: '1' });
    const rows = [[v('1'), v('1')], [v('1'), v('1')], [v('1')]];
    expect(vindex.verify(rows, [hex(`01${KSID_1}`), new TextEncoder().encode('no match'), new Uint8Array(0)])).toEqual([true, false, false]);
  });
});

describe('region_json', () => {
  const REGIONS = '{"US": 1, "DE": 2, "BIG": 65537}';
  const reader = (path: string): string => {
    if (path !== 'regions.json') throw new Error(`open ${path}: no such file or directory`);
    return REGIONS;
  };

  it('maps [id, country] to region + hash(id)', () => {
    const vindex = multi('region_json', { region_map: 'regions.json', region_bytes: '1' }, reader);
    const rows = [[v('1'), v('US', 'VARCHAR')], [v('1'), v('DE', 'VARCHAR')], [v('1'), v('BIG', 'VARCHAR')], [v('1'), v('FR', 'VARCHAR')], [v('1')], [sqlVarbinary('x'), v('US', 'VARCHAR')], [v('1'), v('US', 'VARCHAR'), v('1')]];
    expect(vindex.map(rows).map(show)).toEqual([`ksid:01${KSID_1}`, `ksid:02${KSID_1}`, `ksid:01${KSID_1}`, 'none', 'none', 'none', 'none']);
    expect([vindex.cost, vindex.isUnique, vindex.partialVindex]).toEqual([1, true, false]);
  });

  it('uses two region bytes and verifies without errors', () => {
    const vindex = multi('region_json', { region_map: 'regions.json', region_bytes: '2' }, reader);
    expect(vindex.map([[v('1'), v('DE', 'VARCHAR')]]).map(show)).toEqual([`ksid:0002${KSID_1}`]);
    expect(vindex.verify([[v('1'), v('DE', 'VARCHAR')], [v('1')]], [hex(`0002${KSID_1}`), hex('00')])).toEqual([true, false]);
  });

  it.each([
    ['no region_map', { region_bytes: '1' }, reader, /param region_map is required/],
    ['a missing file', { region_map: 'nope.json', region_bytes: '1' }, reader, /param region_map: cannot read "nope.json": open nope.json/],
    ['no file reader', { region_map: 'regions.json', region_bytes: '1' }, undefined, /without a file reader/],
    ['a bad map', { region_map: 'regions.json', region_bytes: '1' }, () => '{"US": "one"}', /must hold a JSON object/],
    ['region_bytes 3', { region_map: 'regions.json', region_bytes: '3' }, reader, /param region_bytes must be 1 or 2, got "3"/],
    ['no region_bytes', { region_map: 'regions.json' }, reader, /param region_bytes is required/],
  ])('rejects %s', (_name, params, readFile, message) => {
    expect(sg401(() => multi('region_json', params, readFile))).toMatch(message);
  });

  it('parses region_bytes like strconv.Atoi', () => {
    expect(multi('region_json', { region_map: 'regions.json', region_bytes: '+2' }, reader).map([[v('1'), v('US', 'VARCHAR')]]).map(show)).toEqual([`ksid:0001${KSID_1}`]);
  });
});
