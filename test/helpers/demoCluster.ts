// Checks of the demo data in a running cluster, shared by the cluster integration tests: where
// each customer and order row sits, recomputed independently with the `hash` vindex (not with
// the seeder's own router), and table counts.

import { withAdminConnection, type AdminTarget } from '../../src/cluster/adminConnection.js';
import { shardForKeyspaceId } from '../../src/sharding/key/resolveDestination.js';
import { createVindex } from '../../src/sharding/vindexes/registry.js';
import { buildKeyspaceLayout } from '../../src/topology/buildLayout.js';
import { shardRanges } from '../../src/topology/topology.js';
import { sqlInt64 } from '../../src/util/sqlValue.js';

const hash = createVindex('hash', 'hash', {});
const customerShards = shardRanges(buildKeyspaceLayout('customer', true, ['-80', '80-']));

/** The shard of keyspace `customer` (-80, 80-) that `hash(customerId)` names. */
export function customerShardOf(customerId: number): string {
  if (hash.kind !== 'singleColumn') throw new Error('hash is a single-column vindex');
  const destination = hash.map([sqlInt64(customerId)])[0]!;
  if (destination.kind !== 'keyspaceId') throw new Error(`hash(${customerId}) gave ${destination.kind}`);
  return shardForKeyspaceId(customerShards, destination.ksid);
}

/** What one customer shard holds. `misplaced` lists rows whose vindex names another shard. */
export interface ShardPlacement {
  readonly customers: number;
  readonly orders: number;
  readonly misplaced: readonly string[];
}

/** Reads every customer and order of `database` on `target` and checks each row's shard against `shard`. */
export async function readPlacement(target: AdminTarget, database: string, shard: string): Promise<ShardPlacement> {
  return withAdminConnection({ ...target, database }, async (connection) => {
    const customers = await connection.query('SELECT customer_id FROM customer');
    const orders = await connection.query('SELECT order_id, customer_id FROM corder');
    const misplaced = [
      ...customers.filter((r) => customerShardOf(Number(r.customer_id)) !== shard).map((r) => `customer ${String(r.customer_id)}`),
      ...orders.filter((r) => customerShardOf(Number(r.customer_id)) !== shard).map((r) => `corder ${String(r.order_id)}`),
    ];
    return { customers: customers.length, orders: orders.length, misplaced };
  });
}

/** Runs `SELECT COUNT(*)` style statements in `database` and returns the first column of each. */
export async function scalars(target: AdminTarget, database: string, statements: readonly string[]): Promise<unknown[]> {
  return withAdminConnection({ ...target, database }, async (connection) => {
    const values: unknown[] = [];
    for (const sql of statements) values.push(Object.values((await connection.query(sql))[0] ?? {})[0]);
    return values;
  });
}
