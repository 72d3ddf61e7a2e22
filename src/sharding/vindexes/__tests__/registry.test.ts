// The vindex registry: the registered types, their capabilities (as the *CreateVindexTestCase
// helpers of vitess go/vt/vtgate/vindexes/*_test.go expect them, Apache-2.0), SG400/SG401
// errors, unknown params (vindex_test.go TestCreateVindexWarnUnknownParams) and
// describeVindexType for the VSchema validator.

import { describe, expect, it } from 'vitest';
import { VINDEX_TYPES, createVindex, describeVindexType } from '../registry.js';
import { serviceErrorOf } from './fixtures.js';

/** type → [cost, unique, needsVCursor, kind, params that create a valid instance]. */
const EXPECTED: Record<string, [number, boolean, boolean, string, Record<string, string>]> = {
  binary: [0, true, false, 'singleColumn', {}],
  binary_md5: [1, true, false, 'singleColumn', {}],
  cfc: [1, true, false, 'singleColumn', {}],
  consistent_lookup: [20, false, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  consistent_lookup_unique: [10, true, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  hash: [1, true, false, 'singleColumn', {}],
  lookup: [20, false, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  lookup_hash: [20, false, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  lookup_hash_unique: [10, true, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  lookup_unicodeloosemd5_hash: [20, false, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  lookup_unicodeloosemd5_hash_unique: [10, true, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  lookup_unique: [10, true, true, 'lookup', { table: 't', from: 'f', to: 'k' }],
  multicol: [1, true, false, 'multiColumn', { column_count: '1' }],
  null: [100, true, false, 'singleColumn', {}],
  numeric: [0, true, false, 'singleColumn', {}],
  numeric_static_map: [1, true, false, 'singleColumn', { json: '{}' }],
  region_experimental: [1, true, false, 'multiColumn', { region_bytes: '1' }],
  region_json: [1, true, false, 'multiColumn', { region_map: 'x.json', region_bytes: '1' }],
  reverse_bits: [1, true, false, 'singleColumn', {}],
  unicode_loose_md5: [1, true, false, 'singleColumn', {}],
  unicode_loose_xxhash: [1, true, false, 'singleColumn', {}],
  xxhash: [1, true, false, 'singleColumn', {}],
};

describe('registry', () => {
  it('registers exactly the Vitess production types, sorted (no lookup_cost, hash_test)', () => {
    expect(VINDEX_TYPES).toEqual(Object.keys(EXPECTED).sort());
    expect(VINDEX_TYPES).not.toContain('lookup_cost');
    expect(VINDEX_TYPES).not.toContain('hash_test');
  });

  it.each(Object.entries(EXPECTED))('%s: describe and create agree with Vitess', (type, [cost, isUnique, needsVCursor, kind, params]) => {
    const info = describeVindexType(type)!;
    expect([info.type, info.cost, info.isUnique, info.needsVCursor, info.kind]).toEqual([type, cost, isUnique, needsVCursor, kind]);
    expect(info.validateParams(params)).toEqual([]);
    expect([...info.knownParams].sort()).toEqual(info.knownParams);
    const vindex = createVindex(type, `my_${type}`, params, { readFile: () => '{"US": 1}' });
    expect([vindex.name, vindex.type, vindex.cost, vindex.isUnique, vindex.needsVCursor, vindex.kind]).toEqual([`my_${type}`, type, cost, isUnique, needsVCursor, kind]);
  });

  it.each(['hash', 'xxhash', 'binary', 'binary_md5', 'numeric', 'reverse_bits', 'null', 'cfc'])('%s accepts missing params and reports unknown ones (Test*CreateVindex)', (type) => {
    expect(createVindex(type, type).unknownParams).toEqual([]);
    expect(createVindex(type, type, { hello: 'world', abc: '1' }).unknownParams).toEqual(['abc', 'hello']);
  });

  it('throws SG400 naming the vindex and the known types for an unknown type', () => {
    const error = serviceErrorOf('SG400', () => createVindex('not_found', 'v1', {}));
    expect(error.message).toMatch(/^vindex "v1": unknown vindex type "not_found"; expected one of binary, binary_md5, /);
    expect(describeVindexType('not_found')).toBeUndefined();
    expect(describeVindexType('lookup_cost')).toBeUndefined();
  });

  it('throws SG401 listing every problem, each naming the param and the expected form', () => {
    const error = serviceErrorOf('SG401', () => createVindex('lookup_unique', 'name_idx', { autocommit: 'yes', read_lock: 'x' }));
    const problems = error.details.problems as string[];
    expect(problems).toEqual([
      'param read_lock must be exclusive, shared or none, got "x"',
      `param autocommit must be 'true' or 'false', got "yes"`,
    ]);
    expect(error.message).toBe(`vindex "name_idx" (lookup_unique): ${problems.join('; ')}`);
  });

  it('validateParams reports the problems createVindex would throw, without reading files', () => {
    expect(describeVindexType('multicol')!.validateParams({ column_count: '9' })).toEqual(['param column_count must be an integer from 1 to 8, got "9"']);
    expect(describeVindexType('numeric_static_map')!.validateParams({ json_path: '/does/not/exist.json' })).toEqual([]);
    expect(describeVindexType('region_json')!.validateParams({ region_bytes: '1' })).toEqual(['param region_map is required (the path of a JSON file mapping country to region number)']);
    expect(describeVindexType('multicol')!.validateParams({ column_count: '2', column_vindex: 'numeric_static_map', json_path: 'x.json' })).toEqual([]);
    expect(describeVindexType('hash')!.validateParams({ hello: 'world' })).toEqual([]);
    expect(describeVindexType('cfc')!.validateParams({ hash: 'md5' })).toHaveLength(1);
  });

  it('paramWarnings names what Vitess accepts but leaves a vindex unusable, and nothing for functional types', () => {
    expect(describeVindexType('lookup_hash')!.paramWarnings('lh', { from: 'a', to: 'b' })).toEqual([
      { param: 'table', message: 'lookup vindex lh has no table param: it cannot route queries' },
    ]);
    for (const type of ['hash', 'multicol', 'numeric_static_map', 'region_json']) expect(describeVindexType(type)!.paramWarnings(type, {})).toEqual([]);
  });

  it('lists the known params of each type', () => {
    expect(describeVindexType('lookup')!.knownParams).toEqual(['autocommit', 'batch_lookup', 'from', 'ignore_nulls', 'multi_shard_autocommit', 'no_verify', 'read_lock', 'table', 'to', 'write_only']);
    expect(describeVindexType('consistent_lookup_unique')!.knownParams).toEqual(['batch_lookup', 'from', 'ignore_nulls', 'read_lock', 'table', 'to', 'write_only']);
    expect(describeVindexType('numeric_static_map')!.knownParams).toEqual(['fallback_type', 'json', 'json_path']);
    expect(describeVindexType('hash')!.knownParams).toEqual([]);
  });
});
