// The lookup vindex types (lookup, lookup_unique, consistent_lookup(_unique), lookup_hash(_unique),
// lookup_unicodeloosemd5_hash(_unique)): params, queries, Map short-cuts and MapResult.
// Translates vitess go/vt/vtgate/vindexes lookup_test.go, lookup_unique_test.go,
// lookup_hash_test.go, lookup_hash_unique_test.go, consistent_lookup_test.go and
// lookup_unicodeloosemd5_hash_test.go (Apache-2.0), as far as they do not need a VCursor.

import { describe, expect, it } from 'vitest';
import { SQL_NULL, sqlUint64, sqlVarbinary, type SqlValue } from '../../../util/sqlValue.js';
import { groupLookupRows, isBatchLookup, missingLookupParams } from '../lookupInternal.js';
import { createVindex, describeVindexType } from '../registry.js';
import type { LookupVindex } from '../vindex.js';
import { serviceErrorOf, show, v } from './fixtures.js';

const sg401 = (fn: () => unknown): string => serviceErrorOf('SG401', fn).message;

const BASE = { table: 't', from: 'fromc', to: 'toc' };
const KSID_1 = '166b40b44aba4bd6';
const KSID_2 = '06e7ea22ce92708f';

function lookup(type: string, params: Record<string, string> = BASE): LookupVindex {
  const vindex = createVindex(type, type, params);
  if (vindex.kind !== 'lookup') throw new Error(`${type} is a lookup`);
  return vindex;
}

const TYPES = [
  ['lookup', 20, false, 'NORMAL', true],
  ['lookup_unique', 10, true, 'NORMAL', true],
  ['consistent_lookup', 20, false, 'PRE', true],
  ['consistent_lookup_unique', 10, true, 'PRE', true],
  ['lookup_hash', 20, false, 'NORMAL', true],
  ['lookup_hash_unique', 10, true, 'NORMAL', true],
  ['lookup_unicodeloosemd5_hash', 20, false, 'NORMAL', false],
  ['lookup_unicodeloosemd5_hash_unique', 10, true, 'NORMAL', false],
] as const;

describe.each(TYPES)('%s', (type, cost, isUnique, commitOrder, planable) => {
  it('has the Vitess capabilities', () => {
    const vindex = lookup(type);
    expect([vindex.cost, vindex.isUnique, vindex.needsVCursor, vindex.commitOrder, vindex.planable, vindex.unknownParams]).toEqual([cost, isUnique, true, commitOrder, planable, []]);
  });

  it.each([
    ['batch_lookup', 'hello'],
    ['ignore_nulls', 'hello'],
    ['write_only', 'invalid'],
  ])('rejects %s=%s (testLookupCreateVindexInternalCases)', (param, value) => {
    expect(sg401(() => lookup(type, { ...BASE, [param]: value }))).toContain(`param ${param} must be 'true' or 'false', got "${value}"`);
  });

  it('rejects an unknown read_lock and accepts the three known ones', () => {
    expect(sg401(() => lookup(type, { ...BASE, read_lock: 'unknown' }))).toContain('param read_lock must be exclusive, shared or none, got "unknown"');
    for (const lock of ['exclusive', 'shared', 'none']) expect(lookup(type, { ...BASE, read_lock: lock }).params.readLock).toBe(lock);
  });

  it('accepts no params at all (lookup_test.go testLookupCreateVindexInternalCases "no params", "empty params")', () => {
    expect(createVindex(type, type).kind).toBe('lookup');
    expect(lookup(type, {}).query().sql).toBe('select ,  from  where  in ::');
  });

  it.each([
    // Vitess lookupInternal.Init requires none of table, from, to (lookup_internal.go).
    [{}, ['table', 'from', 'to'], ['no table param', 'no from param', 'no to param']],
    [{ ...BASE, table: '' }, ['table'], ['no table param']],
    [{ ...BASE, from: ' ' }, ['from'], ['no from param']],
    [{ ...BASE, from: ', b' }, ['from'], ['an empty first column in its from param ", b"']],
    [{ ...BASE, to: '' }, ['to'], ['no to param']],
  ])('accepts missing query params %j, with a warning each', (params, missing, what) => {
    const vindex = lookup(type, params);
    expect(missingLookupParams(vindex.params)).toEqual(missing);
    expect(describeVindexType(type)!.validateParams(params)).toEqual([]);
    expect(describeVindexType(type)!.paramWarnings('v', params)).toEqual(
      missing.map((param, i) => ({ param, message: `lookup vindex v has ${what[i]}: it cannot route queries` })),
    );
  });

  it('accepts an empty column after the first one in from, with a warning (only from[0] is queried)', () => {
    const params = { ...BASE, from: 'a,,b' };
    expect(lookup(type, params).params.from).toEqual(['a', '', 'b']);
    expect(missingLookupParams(lookup(type, params).params)).toEqual([]);
    expect(describeVindexType(type)!.paramWarnings('v', params)).toEqual([
      { param: 'from', message: 'lookup vindex v has an empty column name in its from param "a,,b"' },
    ]);
    expect(describeVindexType(type)!.paramWarnings('v', BASE)).toEqual([]);
  });

  it('reports unknown params without failing', () => {
    expect(lookup(type, { ...BASE, hello: 'world' }).unknownParams).toEqual(['hello']);
  });

  it('builds the lookup query (TestLookupNonUniqueMap, TestConsistentLookupMap)', () => {
    const query = lookup(type, { table: 'ks.t', from: 'fromc1, fromc2', to: 'toc' }).query();
    expect(query).toEqual({
      table: 'ks.t',
      from: ['fromc1', 'fromc2'],
      to: 'toc',
      sql: 'select fromc1, toc from ks.t where fromc1 in ::fromc1',
      lockingSql: 'select fromc1, toc from ks.t where fromc1 in ::fromc1 for update',
      verifySql: 'select fromc1 from ks.t where fromc1 = :fromc1 and toc = :toc',
    });
  });

  it('maps everything to the full key range when write_only (TestLookupNonUniqueMapWriteOnly and the like)', () => {
    const vindex = lookup(type, { ...BASE, write_only: 'true' });
    expect(vindex.isBackfilling).toBe(true);
    expect(vindex.mapWithoutLookup([v('1'), v('2')])!.map(show)).toEqual(['range:-', 'range:-']);
    expect(lookup(type).mapWithoutLookup([v('1'), v('2')])).toBeUndefined();
  });

  it('gives none for ids without rows (TestLookupNonUniqueMapAbsent)', () => {
    expect(lookup(type).mapResult([v('1'), v('2')], [[], []]).map(show)).toEqual(['none', 'none']);
  });

  it('short-cuts a single NULL with ignore_nulls only when not unique', () => {
    const vindex = lookup(type, { ...BASE, ignore_nulls: 'true' });
    expect(vindex.mapWithoutLookup([SQL_NULL])?.map(show)).toEqual(isUnique ? undefined : ['range:-']);
    expect(vindex.mapWithoutLookup([SQL_NULL, SQL_NULL])).toBeUndefined();
    expect(lookup(type).mapWithoutLookup([SQL_NULL])).toBeUndefined();
  });

  if (isUnique) {
    it('throws SG405 for several rows (TestLookupUniqueMap, TestLookupUniqueMapResult)', () => {
      const error = serviceErrorOf('SG405', () => lookup(type).mapResult([v('1')], [[sqlUint64(1n), sqlUint64(2n)]]));
      expect(error.message).toContain('lookup table t has 2 rows for INT64(1)');
    });
  }
});

describe('lookup params', () => {
  it.each([
    ['lookup', 'autocommit', true],
    ['lookup', 'multi_shard_autocommit', true],
    ['lookup_unique', 'autocommit', false],
    ['lookup_hash', 'autocommit', true],
    ['lookup_hash_unique', 'multi_shard_autocommit', false],
    ['lookup_unicodeloosemd5_hash', 'autocommit', true],
  ])('%s with %s=true autocommits, upsert %s (newLookup, newLookupUnique)', (type, param, upsert) => {
    const params = lookup(type, { ...BASE, [param]: 'true' }).params;
    expect([params.autocommit, params.upsert, params.multiShardAutocommit]).toEqual([true, upsert, param === 'multi_shard_autocommit']);
  });

  it.each(['lookup', 'lookup_unique', 'lookup_hash'])('%s rejects non-boolean autocommit flags (testLookupCreateVindexCommonCases)', (type) => {
    expect(sg401(() => lookup(type, { ...BASE, autocommit: 'hello' }))).toContain(`param autocommit must be 'true' or 'false', got "hello"`);
    expect(sg401(() => lookup(type, { ...BASE, multi_shard_autocommit: 'hello' }))).toContain('param multi_shard_autocommit');
  });

  it('reads no_verify only for lookup and lookup_unique (TestLookupCreateVindex)', () => {
    expect(lookup('lookup', { ...BASE, no_verify: 'true' }).params.noVerify).toBe(true);
    expect(sg401(() => lookup('lookup_unique', { ...BASE, no_verify: 'hello' }))).toContain('param no_verify');
    expect(lookup('lookup_hash', { ...BASE, no_verify: 'hello' }).unknownParams).toEqual(['no_verify']);
  });

  it('does not know autocommit for the consistent lookups', () => {
    const vindex = lookup('consistent_lookup', { ...BASE, autocommit: 'true', no_verify: 'x' });
    expect(vindex.params.autocommit).toBe(false);
    expect(vindex.unknownParams).toEqual(['autocommit', 'no_verify']);
  });

  it.each([
    ['shared', 'select fromc, toc from t where fromc in ::fromc lock in share mode'],
    ['none', 'select fromc, toc from t where fromc in ::fromc'],
    ['exclusive', 'select fromc, toc from t where fromc in ::fromc for update'],
  ])('read_lock %s gives the locking query %j', (lock, sql) => {
    expect(lookup('lookup', { ...BASE, read_lock: lock }).query().lockingSql).toBe(sql);
  });
});

describe('mapResult', () => {
  it('gives the rows as keyspace ids for lookup (TestLookupMapResult)', () => {
    expect(lookup('lookup').mapResult([v('1')], [[v('1'), v('3'), v('5')]]).map(show)).toEqual(['ksids:31,33,35']);
  });

  it('gives one keyspace id for lookup_unique (TestLookupUniqueMapResult, TestLookupUniqueMap)', () => {
    expect(lookup('lookup_unique').mapResult([v('1'), v('2')], [[v('1')], []]).map(show)).toEqual(['ksid:31', 'none']);
  });

  it('ignores write_only in lookup_unique mapResult, as Vitess does', () => {
    expect(lookup('lookup_unique', { ...BASE, write_only: 'true' }).mapResult([v('1')], [[v('1')]]).map(show)).toEqual(['ksid:31']);
    expect(lookup('lookup', { ...BASE, write_only: 'true' }).mapResult([v('1')], [[v('1')]]).map(show)).toEqual(['range:-']);
  });

  it('hashes the rows for lookup_hash, skipping non-integers (TestLookupHashMap, TestLookupHashMapNull)', () => {
    const vindex = lookup('lookup_hash');
    expect(vindex.mapResult([v('1'), v('2')], [[v('1'), v('2')], [v('1'), v('2')]]).map(show)).toEqual([`ksids:${KSID_1},${KSID_2}`, `ksids:${KSID_1},${KSID_2}`]);
    expect(vindex.mapResult([v('1')], [[sqlVarbinary('notint')]]).map(show)).toEqual(['ksids:']);
    expect(vindex.mapResult([SQL_NULL], [[v('1')]]).map(show)).toEqual([`ksids:${KSID_1}`]);
  });

  it('hashes the row for lookup_hash_unique, none for a non-integer (TestLookupHashUniqueMap)', () => {
    const vindex = lookup('lookup_hash_unique');
    expect(vindex.mapResult([v('1'), v('2')], [[v('1')], [sqlVarbinary('notint')]]).map(show)).toEqual([`ksid:${KSID_1}`, 'none']);
  });

  it('throws SG402 for a malformed hex to value', () => {
    expect(serviceErrorOf('SG402', () => lookup('lookup').mapResult([v('1')], [[v('0x1', 'HEXNUM')]])).message).toContain('encoding/hex: odd length hex string');
  });
});

describe('lookup_unicodeloosemd5_hash', () => {
  it('binds the unicode-loose MD5 of each id as UINT64 (TestLookupUnicodeLooseMD5HashMap: hashed10, hashed20)', () => {
    const values = lookup('lookup_unicodeloosemd5_hash').lookupValues([v('10'), v('20')]);
    expect(values).toEqual([sqlUint64(17563797831108199066n), sqlUint64(8729390916138266389n)]);
  });

  it('hashes the rows like lookup_hash (TestLookupUnicodeLooseMD5HashMap)', () => {
    const vindex = lookup('lookup_unicodeloosemd5_hash');
    expect(vindex.mapResult([v('10'), v('20')], [[v('1'), v('2')], [v('1'), v('2')]]).map(show)).toEqual([`ksids:${KSID_1},${KSID_2}`, `ksids:${KSID_1},${KSID_2}`]);
  });

  it('binds the ids themselves for the other types', () => {
    const ids: SqlValue[] = [v('10'), v('a', 'VARCHAR')];
    expect(lookup('lookup').lookupValues(ids)).toEqual(ids);
  });
});

describe('batching helpers (VindexLookup.lookup / executeBatch)', () => {
  it('batches integral ids, or any ids with batch_lookup', () => {
    expect(isBatchLookup(lookup('lookup'), [v('1'), v('a', 'VARCHAR')])).toBe(true);
    expect(isBatchLookup(lookup('lookup'), [v('a', 'VARCHAR')])).toBe(false);
    expect(isBatchLookup(lookup('lookup', { ...BASE, batch_lookup: 'true' }), [v('a', 'VARCHAR')])).toBe(true);
  });

  it('groups batch rows per id by the text of the from value', () => {
    const rows = [
      [v('1'), v('a', 'VARBINARY')],
      [v('2'), v('b', 'VARBINARY')],
      [v('1', 'UINT64'), v('c', 'VARBINARY')],
    ];
    const grouped = groupLookupRows([v('1'), v('2'), v('3'), v('1')], rows);
    expect(grouped.map((list) => list.map((x) => new TextDecoder().decode(x.raw)).join(''))).toEqual(['ac', 'b', '', 'ac']);
  });
});
