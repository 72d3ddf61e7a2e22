// The demo's order-number lookup table (vindex customer.corder_order_number, table
// commerce.corder_order_number_lookup) as `shardgate up` seeds it on the shared MariaDB: one
// row per order, pointing at the keyspace id of the order's customer, the order on the shard
// that keyspace id names; a second up reuses it, an interrupted seed rewrites it without a
// duplicate. Databases are created with a unique prefix and dropped (test/helpers/demoServer.ts).

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrderNumber } from '../../src/cluster/demoData.js';
import { upCluster } from '../../src/cluster/upCluster.js';
import type { ClusterState } from '../../src/cluster/clusterState.js';
import { shardForKeyspaceId } from '../../src/sharding/key/resolveDestination.js';
import { validateShardName } from '../../src/sharding/key/shardName.js';
import { createVindex } from '../../src/sharding/vindexes/registry.js';
import { sqlInt64 } from '../../src/util/sqlValue.js';
import { DEMO_TEST_SCALE, upDemo, type Demo } from '../helpers/demoServer.js';
import { adminQuery } from '../helpers/mariadb.js';

let demo: Demo;

beforeAll(async () => {
  demo = await upDemo();
}, 120_000);

afterAll(async () => {
  await demo?.destroy();
});

const hash = createVindex('hash', 'hash', {});
const SHARDS = ['-80', '80-'].map((name) => ({ name, keyRange: validateShardName(name).keyRange! }));

function ksidHex(customerId: string): string {
  const dest = hash.kind === 'singleColumn' ? hash.map([sqlInt64(BigInt(customerId))])[0] : undefined;
  if (dest?.kind !== 'keyspaceId') throw new Error('hash maps integers');
  return Buffer.from(dest.ksid).toString('hex');
}

/** Checks every seeded order against its lookup row; returns the lookup row count. */
async function checkLookups(): Promise<number> {
  const lookups = await adminQuery<{ order_number: string; ksid: string }>(`SELECT order_number, LOWER(HEX(keyspace_id)) AS ksid FROM \`${demo.databases['commerce/0']}\`.corder_order_number_lookup`);
  const byNumber = new Map(lookups.map((l) => [l.order_number, l.ksid]));
  let orders = 0;
  for (const shard of ['-80', '80-']) {
    const rows = await adminQuery<{ order_id: number; order_number: string; customer_id: string }>(
      `SELECT order_id, order_number, CAST(customer_id AS CHAR) AS customer_id FROM \`${demo.databases[`customer/${shard}`]}\`.corder`,
    );
    for (const row of rows) {
      expect(row.order_number).toBe(demoOrderNumber(row.order_id));
      const ksid = byNumber.get(row.order_number);
      expect(ksid, row.order_number).toBe(ksidHex(row.customer_id));
      expect(shardForKeyspaceId(SHARDS, Buffer.from(ksid!, 'hex'))).toBe(shard);
      orders++;
    }
  }
  expect(lookups.length).toBe(orders);
  return orders;
}

describe('demo seed of the order-number lookup table', () => {
  it('holds one row per order, pointing at the keyspace id of the shard that has the order', async () => {
    expect(await checkLookups()).toBe(1_000);
  });

  it('is reused by a second up and rewritten without duplicates by a redone seed', async () => {
    expect((await upCluster({ dir: demo.dir, scale: DEMO_TEST_SCALE })).seed?.kind).toBe('reused');
    const file = path.join(demo.dir, 'cluster.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as ClusterState;
    await writeFile(file, JSON.stringify({ ...state, seed: { ...state.seed, state: 'seeding' } }));
    await adminQuery(`DELETE FROM \`${demo.databases['commerce/0']}\`.corder_order_number_lookup ORDER BY order_number LIMIT 10`);
    expect((await upCluster({ dir: demo.dir, scale: DEMO_TEST_SCALE })).seed?.kind).toBe('reseeded');
    expect(await checkLookups()).toBe(1_000);
  });
});
