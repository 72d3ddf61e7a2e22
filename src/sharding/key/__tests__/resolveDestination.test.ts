// Edge rows for resolveDestination.ts beyond the Vitess vectors (vectors.test.ts): every
// Destination kind, empty shard lists, `80` vs `8000` ids, duplicates, unsorted shard lists,
// and destinationString's Vitess spelling.

import { describe, expect, it } from 'vitest';
import type { Destination } from '../destination.js';
import { FULL_KEY_RANGE } from '../keyRange.js';
import { uint64Key } from '../keyspaceId.js';
import { destinationString, resolveDestination, shardForKeyspaceId } from '../resolveDestination.js';
import { bytes, expectServiceError, kr, shardsNamed } from './fixtures.js';

const halves = shardsNamed(['-80', '80-']);
const quarters = shardsNamed(['-40', '40-80', '80-c0', 'c0-']);
const unsharded = [{ name: '0', keyRange: FULL_KEY_RANGE }];

describe('resolveDestination', () => {
  it.each<[string, Destination, string[]]>([
    ['empty keyspace id: first shard', { kind: 'keyspaceId', ksid: new Uint8Array(0) }, ['-80']],
    ['ksid 80', { kind: 'keyspaceId', ksid: bytes('80') }, ['80-']],
    ['ksid 8000 equals 80', { kind: 'keyspaceId', ksid: bytes('8000') }, ['80-']],
    ['ksid 7fffffffffffffff', { kind: 'keyspaceId', ksid: uint64Key((1n << 63n) - 1n) }, ['-80']],
    ['ksid 2^64-1', { kind: 'keyspaceId', ksid: uint64Key((1n << 64n) - 1n) }, ['80-']],
    ['ksids, deduplicated in first-seen order', { kind: 'keyspaceIds', ksids: [bytes('90'), bytes('10'), bytes('a0')] }, ['80-', '-80']],
    ['no ksids', { kind: 'keyspaceIds', ksids: [] }, []],
    ['key range inside one shard', { kind: 'keyRange', keyRange: kr('10-20') }, ['-80']],
    ['key range across both', { kind: 'keyRange', keyRange: kr('70-90') }, ['-80', '80-']],
    ['key range ending at a shard start', { kind: 'keyRange', keyRange: kr('40-8000') }, ['-80']],
    ['exact full range', { kind: 'exactKeyRange', keyRange: FULL_KEY_RANGE }, ['-80', '80-']],
    ['exact half with longer bounds', { kind: 'exactKeyRange', keyRange: kr('8000-') }, ['80-']],
    ['named shard', { kind: 'shard', shard: '80-' }, ['80-']],
    ['named shards, deduplicated', { kind: 'shards', shards: ['80-', '-80', '80-'] }, ['80-', '-80']],
    ['no named shards', { kind: 'shards', shards: [] }, []],
    ['all shards, in the given order', { kind: 'allShards' }, ['-80', '80-']],
    ['any shard: the first', { kind: 'anyShard' }, ['-80']],
    ['none', { kind: 'none' }, []],
  ])('%s', (_label, dest, want) => {
    expect(resolveDestination(dest, halves)).toEqual(want);
  });

  it('resolves an unsharded keyspace ("0", complete range)', () => {
    expect(resolveDestination({ kind: 'keyspaceId', ksid: bytes('ff') }, unsharded)).toEqual(['0']);
    expect(resolveDestination({ kind: 'keyRange', keyRange: kr('40-80') }, unsharded)).toEqual(['0']);
    expect(resolveDestination({ kind: 'exactKeyRange', keyRange: FULL_KEY_RANGE }, unsharded)).toEqual(['0']);
  });

  it('walks exact key ranges in key order without reordering the caller\'s list', () => {
    const unsorted = shardsNamed(['c0-', '40-80', '-40', '80-c0']);
    expect(resolveDestination({ kind: 'exactKeyRange', keyRange: kr('-80') }, unsorted)).toEqual(['-40', '40-80']);
    expect(unsorted.map((shard) => shard.name)).toEqual(['c0-', '40-80', '-40', '80-c0']);
    expect(resolveDestination({ kind: 'keyRange', keyRange: kr('-80') }, unsorted)).toEqual(['40-80', '-40']);
  });

  describe('on an empty shard list', () => {
    it.each<[Destination, string[]]>([
      [{ kind: 'keyspaceIds', ksids: [] }, []],
      [{ kind: 'keyRange', keyRange: FULL_KEY_RANGE }, []],
      [{ kind: 'allShards' }, []],
      [{ kind: 'none' }, []],
      [{ kind: 'shards', shards: [] }, []],
    ])('%j resolves to nothing', (dest, want) => {
      expect(resolveDestination(dest, [])).toEqual(want);
    });

    it.each<[Destination, 'SG302' | 'SG304' | 'SG305', string]>([
      [{ kind: 'keyspaceId', ksid: bytes('80') }, 'SG304', 'no shard in keyspace'],
      [{ kind: 'keyspaceIds', ksids: [bytes('80')] }, 'SG304', 'no shard in keyspace'],
      [{ kind: 'anyShard' }, 'SG304', 'no shard in keyspace'],
      [{ kind: 'exactKeyRange', keyRange: FULL_KEY_RANGE }, 'SG302', 'keyrange - does not exactly match shards'],
      [{ kind: 'shard', shard: '0' }, 'SG305', 'shard "0" not found'],
    ])('%j fails with %s', (dest, id, message) => {
      expectServiceError(() => resolveDestination(dest, []), id, message);
    });
  });

  it.each<[Destination, 'SG301' | 'SG302' | 'SG305', string]>([
    [{ kind: 'exactKeyRange', keyRange: kr('20-60') }, 'SG302', 'keyrange 20-60 does not exactly match shards'],
    [{ kind: 'exactKeyRange', keyRange: kr('40-90') }, 'SG302', 'keyrange 40-90 does not exactly match shards'],
    [{ kind: 'shard', shard: '-8' }, 'SG305', 'shard "-8" not found in keyspace (shards: [-40 40-80 80-c0 c0-])'],
    [{ kind: 'shards', shards: ['-40', '40-'] }, 'SG305', 'shard "40-" not found'],
  ])('%j fails with %s', (dest, id, message) => {
    expectServiceError(() => resolveDestination(dest, quarters), id, message);
  });

  it('names the id and the shards when an id matches no shard', () => {
    const gapped = shardsNamed(['60-80', '80-90']);
    const error = expectServiceError(
      () => resolveDestination({ kind: 'keyspaceIds', ksids: [bytes('61'), bytes('a0')] }, gapped),
      'SG301',
      "KeyspaceId a0 didn't match any shards [60-80 80-90]",
    );
    expect(error.details).toEqual({ ksid: 'a0', shards: ['60-80', '80-90'] });
  });
});

describe('shardForKeyspaceId', () => {
  it('takes the first containing shard in the given order', () => {
    const overlapping = [{ name: 'b', keyRange: FULL_KEY_RANGE }, ...quarters];
    expect(shardForKeyspaceId(overlapping, bytes('90'))).toBe('b');
    expect(shardForKeyspaceId(quarters, bytes('90'))).toBe('80-c0');
  });
});

describe('destinationString', () => {
  it.each<[Destination, string]>([
    [{ kind: 'keyspaceId', ksid: bytes('166b40b44aba4bd6') }, 'DestinationKeyspaceID(166b40b44aba4bd6)'],
    [{ kind: 'keyspaceId', ksid: new Uint8Array(0) }, 'DestinationKeyspaceID()'],
    [{ kind: 'keyspaceIds', ksids: [bytes('01'), bytes('8000')] }, 'DestinationKeyspaceIDs(01,8000)'],
    [{ kind: 'keyRange', keyRange: kr('40-80') }, 'DestinationKeyRange(40-80)'],
    [{ kind: 'keyRange', keyRange: FULL_KEY_RANGE }, 'DestinationKeyRange(-)'],
    [{ kind: 'exactKeyRange', keyRange: kr('8000-') }, 'DestinationExactKeyRange(8000-)'],
    [{ kind: 'shard', shard: '-80' }, 'DestinationShard(-80)'],
    [{ kind: 'shards', shards: ['-80', '80-'] }, 'DestinationShards(-80,80-)'],
    [{ kind: 'allShards' }, 'DestinationAllShards()'],
    [{ kind: 'anyShard' }, 'DestinationAnyShard()'],
    [{ kind: 'none' }, 'DestinationNone()'],
  ])('prints %s', (dest, want) => {
    expect(destinationString(dest)).toBe(want);
  });
});
