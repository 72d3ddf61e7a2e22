// buildKeyspaceLayout and buildTopologyLayout: layouts from shard names, the same checks as
// the config file, and that a full Topology can stand in for a layout.

import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../util/invariant.js';
import { keyRangeString } from '../../sharding/key/keyRange.js';
import { resolveDestination } from '../../sharding/key/resolveDestination.js';
import { buildKeyspaceLayout, buildTopologyLayout } from '../buildLayout.js';
import { findKeyspace, shardRanges, type Topology, type TopologyLayout } from '../topology.js';

describe('buildKeyspaceLayout', () => {
  it.each<[boolean, string[], string[]]>([
    [true, ['80-', '-80'], ['-80', '80-']],
    [true, ['C0-', '-40', '80-c0', '40-80'], ['-40', '40-80', '80-c0', 'c0-']],
    [true, ['-'], ['-']],
    [true, ['0'], ['0']],
    [false, ['0'], ['0']],
    [false, ['-'], ['-']],
  ])('sharded=%s %j → %j', (sharded, names, want) => {
    const layout = buildKeyspaceLayout('ks', sharded, names);
    expect(layout.shards.map((s) => s.name)).toEqual(want);
    expect(layout).toMatchObject({ name: 'ks', sharded });
    expect(Object.isFrozen(layout) && Object.isFrozen(layout.shards) && Object.isFrozen(layout.shards[0])).toBe(true);
  });

  it('gives key ranges a resolver can route with', () => {
    const layout = buildKeyspaceLayout('customer', true, ['80-', '-80']);
    expect(layout.shards.map((s) => keyRangeString(s.keyRange))).toEqual(['-80', '80-']);
    expect(resolveDestination({ kind: 'keyspaceId', ksid: Uint8Array.of(0x90) }, layout.shards)).toEqual(['80-']);
  });

  it.each<[string, boolean, string[], { path: string; message: string }[]]>([
    ['a gap', true, ['-40', '80-'], [{ path: '$', message: 'no shard covers 40-80' }]],
    ['an overlap', true, ['-80', '40-'], [{ path: '$["40-"]', message: 'overlaps shard "-80" on 40-80' }]],
    ['no shards', true, [], [{ path: '$', message: 'expected at least one shard' }]],
    ['two unsharded shards', false, ['0', '-'], [{ path: '$', message: 'an unsharded keyspace has exactly one shard, got 2: "0", "-"' }]],
    ['a bad name', true, ['-8g'], [{ path: '$["-8g"]', message: 'invalid shard name "-8g": encoding/hex: invalid byte: U+0067 \'g\'' }]],
  ])('throws SG306 for %s', (_name, sharded, names, problems) => {
    expect(() => buildKeyspaceLayout('customer', sharded, names)).toThrow(
      expect.objectContaining({ id: 'SG306', problems, message: expect.stringMatching(/^invalid shards for keyspace customer: 1 problem\n/) }),
    );
  });
});

describe('buildTopologyLayout', () => {
  it('keys keyspaces by name in the order given', () => {
    const layout = buildTopologyLayout([buildKeyspaceLayout('commerce', false, ['0']), buildKeyspaceLayout('customer', true, ['-80', '80-'])]);
    expect([...layout.keyspaces.keys()]).toEqual(['commerce', 'customer']);
    expect(shardRanges(findKeyspace(layout, 'customer')).map((s) => s.name)).toEqual(['-80', '80-']);
    expect(Object.isFrozen(layout)).toBe(true);
  });

  it('refuses a repeated keyspace name as a bug', () => {
    const ks = buildKeyspaceLayout('commerce', false, ['0']);
    expect(() => buildTopologyLayout([ks, ks])).toThrow(InvariantError);
  });

  it('accepts a Topology wherever a layout is asked for', () => {
    const asLayout = (topology: Topology): TopologyLayout => topology;
    expect(asLayout).toBeTypeOf('function');
  });
});
