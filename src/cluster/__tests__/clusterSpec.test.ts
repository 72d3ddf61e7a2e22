// The demo cluster's shape (INTERFACES.md §3) and the names of its databases and tablets.
import { describe, expect, it } from 'vitest';
import { databaseName, demoClusterSpec, listTabletSpecs, type KeyspaceSpec } from '../clusterSpec.js';

const keyspace = (name: string, sharded: boolean): KeyspaceSpec => ({ name, sharded, vschemaPath: '/v', schemaPath: '/s', shards: [] });

describe('databaseName', () => {
  it.each([
    [keyspace('commerce', false), '0', '', 'commerce'],
    [keyspace('commerce', false), '-', 'p_', 'p_commerce'],
    [keyspace('customer', true), '-80', '', 'customer_x80'],
    [keyspace('customer', true), '80-', '', 'customer_80x'],
    [keyspace('customer', true), '40-80', '', 'customer_40x80'],
    [keyspace('customer', true), '-', '', 'customer_x'],
    [keyspace('customer', true), '80-8000', 'sgt_1_', 'sgt_1_customer_80x8000'],
  ])('%o shard %s prefix %j → %s', (ks, shard, prefix, expected) => {
    expect(databaseName(ks, shard, prefix)).toBe(expected);
  });
});

describe('demoClusterSpec', () => {
  it('is commerce unsharded (0) and customer sharded -80, 80-, one replica each, with the example relationship', () => {
    const spec = demoClusterSpec({ schemaDir: '/repo/schema' });
    expect(spec.keyspaces.map((k) => [k.name, k.sharded, k.shards.map((s) => `${s.name}:${s.replicas}`), k.vschemaPath, k.schemaPath])).toEqual([
      ['commerce', false, ['0:1'], '/repo/schema/commerce/vschema.json', '/repo/schema/commerce/schema.sql'],
      ['customer', true, ['-80:1', '80-:1'], '/repo/schema/customer/vschema.json', '/repo/schema/customer/schema.sql'],
    ]);
    expect(spec.relationships).toEqual([{ from: 'customer.corder', name: 'product', columns: ['sku'], to: 'commerce.product', toColumns: ['sku'], reverse: 'orders' }]);
  });
});

describe('listTabletSpecs', () => {
  it('lists each shard primary first, then its replicas, with topology aliases', () => {
    const tablets = listTabletSpecs(demoClusterSpec({ replicas: 2 }));
    expect(tablets.map((t) => `${t.alias} ${t.type}#${t.index} ${t.database}`)).toEqual([
      'commerce/0/primary primary#0 commerce',
      'commerce/0/replica-0 replica#0 commerce',
      'commerce/0/replica-1 replica#1 commerce',
      'customer/-80/primary primary#0 customer_x80',
      'customer/-80/replica-0 replica#0 customer_x80',
      'customer/-80/replica-1 replica#1 customer_x80',
      'customer/80-/primary primary#0 customer_80x',
      'customer/80-/replica-0 replica#0 customer_80x',
      'customer/80-/replica-1 replica#1 customer_80x',
    ]);
  });

  it('leaves replicas out on an existing server and applies the database prefix', () => {
    const tablets = listTabletSpecs(demoClusterSpec(), { primariesOnly: true, databasePrefix: 'sgt_x_' });
    expect(tablets.map((t) => `${t.alias} ${t.database}`)).toEqual([
      'commerce/0/primary sgt_x_commerce',
      'customer/-80/primary sgt_x_customer_x80',
      'customer/80-/primary sgt_x_customer_80x',
    ]);
  });
});
