// buildTopology and the topology lookups, on the INTERFACES.md §2 example (config testdata,
// whose VSchemas are copied unchanged from vitessio/vitess examples/local, Apache-2.0).

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parseConfig.js';
import { keyRangeString } from '../../sharding/key/keyRange.js';
import { buildTopology } from '../buildTopology.js';
import { findKeyspace, listTablets, shardRanges, type TopologyLayout } from '../topology.js';

const EXAMPLE_DIR = fileURLToPath(new URL('../../config/testdata/example/', import.meta.url));
const url = (db: string, port = 3306) => `mysql://root@127.0.0.1:${port}/${db}`;

const config = parseConfig(
  {
    keyspaces: {
      commerce: { vschema: 'schema/vschema_commerce_seq.json', shards: { '0': { primary: url('commerce') } } },
      customer: {
        vschema: 'schema/vschema_customer_sharded.json',
        shards: {
          '80-': { primary: url('customer_80x'), replicas: [url('customer_80x', 3307), url('customer_80x', 3308)] },
          '-80': { primary: url('customer_x80'), replicas: [url('customer_x80', 3307)] },
        },
      },
    },
  },
  { baseDir: EXAMPLE_DIR },
);
const topology = buildTopology(config);

describe('buildTopology', () => {
  it('keeps keyspaces in config order and shards in key-range order', () => {
    expect(
      [...topology.keyspaces.values()].map((ks) => ({ name: ks.name, sharded: ks.sharded, shards: ks.shards.map((s) => [s.keyspace, s.name, keyRangeString(s.keyRange)]) })),
    ).toEqual([
      { name: 'commerce', sharded: false, shards: [['commerce', '0', '-']] },
      {
        name: 'customer',
        sharded: true,
        shards: [
          ['customer', '-80', '-80'],
          ['customer', '80-', '80-'],
        ],
      },
    ]);
  });

  it('names every tablet by keyspace, shard and role, primary first', () => {
    expect(listTablets(topology).map((t) => [t.alias, t.keyspace, t.shard, t.type, t.address.url])).toEqual([
      ['commerce/0/primary', 'commerce', '0', 'primary', url('commerce')],
      ['customer/-80/primary', 'customer', '-80', 'primary', url('customer_x80')],
      ['customer/-80/replica-0', 'customer', '-80', 'replica', url('customer_x80', 3307)],
      ['customer/80-/primary', 'customer', '80-', 'primary', url('customer_80x')],
      ['customer/80-/replica-0', 'customer', '80-', 'replica', url('customer_80x', 3307)],
      ['customer/80-/replica-1', 'customer', '80-', 'replica', url('customer_80x', 3308)],
    ]);
  });

  it('freezes everything', () => {
    const shard = topology.keyspaces.get('customer')!.shards[1]!;
    for (const value of [topology, topology.keyspaces, topology.keyspaces.get('customer'), topology.keyspaces.get('customer')!.shards, shard, shard.primary, shard.replicas, shard.replicas[0]]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(() => (topology.keyspaces as Map<string, unknown>).set('x', {})).toThrow(TypeError);
  });
});

describe('findKeyspace', () => {
  it('returns the keyspace by name', () => {
    expect(findKeyspace(topology, 'customer').shards).toHaveLength(2);
  });

  it.each([
    ['nope', 'keyspace "nope" not found (keyspaces: commerce, customer)'],
    ['', 'keyspace "" not found (keyspaces: commerce, customer)'],
    ['Customer', 'keyspace "Customer" not found (keyspaces: commerce, customer)'],
  ])('throws SG201 for %j', (name, message) => {
    expect(() => findKeyspace(topology, name)).toThrow(expect.objectContaining({ id: 'SG201', message }));
  });

  it('works on a layout and says so when there are no keyspaces', () => {
    const empty: TopologyLayout = { keyspaces: new Map() };
    expect(() => findKeyspace(empty, 'x')).toThrow('keyspace "x" not found (keyspaces: none)');
  });
});

describe('shardRanges', () => {
  it('returns names and key ranges only, the same frozen array each time', () => {
    const customer = findKeyspace(topology, 'customer');
    const ranges = shardRanges(customer);
    expect(ranges.map((r) => [r.name, keyRangeString(r.keyRange), Object.keys(r)])).toEqual([
      ['-80', '-80', ['name', 'keyRange']],
      ['80-', '80-', ['name', 'keyRange']],
    ]);
    expect(Object.isFrozen(ranges)).toBe(true);
    expect(shardRanges(customer)).toBe(ranges);
  });
});
