// Seeds the demo keyspaces idempotently: products, sequences and the order-number lookup
// table into `commerce`, customers and orders into the `customer` shard that the table's
// primary vindex names (the real vindex from the VSchema, resolved with sharding/key). Counts decide what to do: complete data is
// reused, empty shards are seeded, partial data from an interrupted seed is replaced, and
// data changed after a complete seed is reported and left alone. Never inserts a row twice.

import { readFile } from 'node:fs/promises';
import type { ShardRange } from '../sharding/key/destination.js';
import { shardForKeyspaceId } from '../sharding/key/resolveDestination.js';
import { createVindex, describeVindexType } from '../sharding/vindexes/registry.js';
import type { SingleColumnVindex } from '../sharding/vindexes/vindex.js';
import { ServiceError } from '../errors/serviceError.js';
import { sqlInt64 } from '../util/sqlValue.js';
import { parseJsonText } from '../util/jsonText.js';
import { checkVSchemaFiles, type VSchemaFile } from '../vschema/vschemaInputFromFiles.js';
import { buildKeyspaceLayout } from '../topology/buildLayout.js';
import { shardRanges } from '../topology/topology.js';
import { withAdminConnection, type AdminConnection, type AdminTarget } from './adminConnection.js';
import type { ClusterSpec, KeyspaceSpec } from './clusterSpec.js';
import type { SeedState } from './clusterState.js';
import { demoOrderNumber, generateDemoData, type DemoData } from './demoData.js';

/** The keyspaces the demo data needs. */
export const PRODUCT_KEYSPACE = 'commerce';
export const CUSTOMER_KEYSPACE = 'customer';

const BATCH_ROWS = 2_000;

/** The lookup table of the consistent_lookup_unique vindex customer.corder_order_number (schema/commerce/schema.sql). */
const ORDER_NUMBER_LOOKUP = 'corder_order_number_lookup';

/** Where a customer id lives: its keyspace id and the name of the shard that owns it. */
export interface CustomerRoute {
  readonly shard: string;
  readonly ksid: Uint8Array;
}

/** Routes a customer id to its keyspace id and shard. */
export type CustomerRouter = (customerId: number) => CustomerRoute;

/** What {@link seedDemoData} did. */
export interface SeedOutcome {
  /** `seeded`: empty shards filled; `reseeded`: partial data replaced; `reused`: complete data kept; `changed`: data differs from a complete seed and was left alone. */
  readonly kind: 'seeded' | 'reseeded' | 'reused' | 'changed';
  readonly seed: SeedState;
  /** One line for the user. */
  readonly message: string;
}

/** Where and how to seed. */
export interface SeedOptions {
  readonly spec: ClusterSpec;
  /** The primary of each shard, keyed `<keyspace>/<shard>`, with its database. */
  readonly primaries: ReadonlyMap<string, AdminTarget>;
  readonly scale: number;
  /** What the cluster state says about an earlier seed (null when none was recorded). */
  readonly previous: SeedState | null;
  /** Persists the seed state; called with `seeding` before the first write and `complete` after the last commit. */
  readonly saveState: (seed: SeedState) => Promise<void>;
  readonly log: (line: string) => void;
}

function keyspaceOf(spec: ClusterSpec, name: string, sharded: boolean): KeyspaceSpec {
  const keyspace = spec.keyspaces.find((k) => k.name === name);
  if (keyspace === undefined || keyspace.sharded !== sharded) {
    throw new ServiceError('SG813', `the demo data needs keyspace ${name} (${sharded ? 'sharded' : 'unsharded'}); the cluster has ${spec.keyspaces.map((k) => k.name).join(', ')}`);
  }
  return keyspace;
}

async function readVSchemaFiles(spec: ClusterSpec): Promise<VSchemaFile[]> {
  return Promise.all(
    spec.keyspaces.map(async (keyspace) => {
      const parsed = parseJsonText(await readFile(keyspace.vschemaPath, 'utf8'));
      if (!parsed.ok) throw new ServiceError('SG813', `${keyspace.vschemaPath}: ${parsed.message}`);
      return { keyspace: keyspace.name, path: keyspace.vschemaPath, json: parsed.value };
    }),
  );
}

/**
 * Builds the router of `customer` rows from the cluster's VSchemas: the primary vindex of
 * table `customer` (column `customer_id`) and the keyspace's shards. Table `corder` must use
 * the same vindex on `customer_id`, so that orders live with their customer.
 * Contract: throws ServiceError SG813 when the VSchemas are invalid or do not shard that way.
 */
export async function buildCustomerRouter(spec: ClusterSpec): Promise<CustomerRouter> {
  const keyspace = keyspaceOf(spec, CUSTOMER_KEYSPACE, true);
  const result = checkVSchemaFiles(await readVSchemaFiles(spec), { describeVindexType });
  if (result.problems.length > 0) {
    throw new ServiceError('SG813', `the demo VSchemas are invalid: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
  const tables = result.model.keyspaces.get(CUSTOMER_KEYSPACE)?.tables;
  const primaryVindex = (table: string) => tables?.get(table)?.columnVindexes[0];
  const customer = primaryVindex('customer');
  const corder = primaryVindex('corder');
  if (customer === undefined || customer.columns.join() !== 'customer_id' || corder?.name !== customer.name || corder.columns.join() !== 'customer_id') {
    throw new ServiceError('SG813', 'the demo needs customer and corder sharded by the same vindex on customer_id');
  }
  const vindex = createVindex(customer.vindex.type, customer.vindex.name, customer.vindex.params);
  if (vindex.kind !== 'singleColumn') throw new ServiceError('SG813', `the demo needs a functional single-column vindex on customer_id, got ${customer.vindex.type}`);
  const shards = shardRanges(buildKeyspaceLayout(keyspace.name, true, keyspace.shards.map((shard) => shard.name)));
  return (customerId) => routeValue(vindex, shards, customerId);
}

function routeValue(vindex: SingleColumnVindex, shards: readonly ShardRange[], id: number): CustomerRoute {
  const destination = vindex.map([sqlInt64(id)])[0]!;
  if (destination.kind !== 'keyspaceId') throw new ServiceError('SG813', `vindex ${vindex.name} maps customer_id ${id} to ${destination.kind}, not a keyspace id`);
  return { shard: shardForKeyspaceId(shards, destination.ksid), ksid: destination.ksid };
}

/** An order row as written: the generated row and its order number. */
type OrderInsertRow = readonly [...DemoData['orders'][number], orderNumber: string];

/** Rows of one customer shard. */
interface ShardRows {
  readonly customers: DemoData['customers'][number][];
  readonly orders: OrderInsertRow[];
}

/** The rows to write: per customer shard, and the order-number lookup rows (`[order_number, keyspace_id]`) for commerce. */
interface SplitRows {
  readonly byShard: Map<string, ShardRows>;
  readonly lookups: (readonly [string, Buffer])[];
}

function splitByShard(data: DemoData, keyspace: KeyspaceSpec, route: CustomerRouter): SplitRows {
  const byShard = new Map<string, ShardRows>(keyspace.shards.map((shard) => [shard.name, { customers: [], orders: [] }]));
  const routeOfCustomer = new Map<number, CustomerRoute>();
  for (const customer of data.customers) {
    const where = route(customer[0]);
    routeOfCustomer.set(customer[0], where);
    byShard.get(where.shard)!.customers.push(customer);
  }
  const lookups: (readonly [string, Buffer])[] = [];
  for (const order of data.orders) {
    const where = routeOfCustomer.get(order[1])!;
    const orderNumber = demoOrderNumber(order[0]);
    byShard.get(where.shard)!.orders.push([...order, orderNumber]);
    lookups.push([orderNumber, Buffer.from(where.ksid)]);
  }
  return { byShard, lookups };
}

/** `BETWEEN ? AND ?` bounds of the seed's order numbers (zero-padded, so they sort as their ids). */
function orderNumberRange(data: DemoData): [string, string] {
  return [demoOrderNumber(1), demoOrderNumber(data.sizes.orders)];
}

async function count(connection: AdminConnection, sql: string, values: readonly unknown[]): Promise<number> {
  const rows = await connection.query(sql, values);
  return Number(rows[0]?.n ?? 0);
}

/** A shard's rows in the seed's key ranges, against what the generator puts there. */
interface ShardCount {
  readonly label: string;
  readonly expected: number;
  readonly actual: number;
}

async function countSeedRows(options: SeedOptions, data: DemoData, split: SplitRows): Promise<ShardCount[]> {
  const byShard = split.byShard;
  const commerce = keyspaceOf(options.spec, PRODUCT_KEYSPACE, false);
  const customer = keyspaceOf(options.spec, CUSTOMER_KEYSPACE, true);
  const skus = data.products.map((p) => p[0]);
  const counts: Promise<ShardCount[]>[] = [
    withAdminConnection(primary(options, commerce, commerce.shards[0]!.name), async (connection) => [
      { label: `${commerce.name}.product`, expected: skus.length, actual: await count(connection, 'SELECT COUNT(*) AS n FROM product WHERE sku IN (?)', [skus]) },
      {
        label: `${commerce.name}.${ORDER_NUMBER_LOOKUP}`,
        expected: split.lookups.length,
        actual: await count(connection, `SELECT COUNT(*) AS n FROM ${ORDER_NUMBER_LOOKUP} WHERE order_number BETWEEN ? AND ?`, orderNumberRange(data)),
      },
    ]),
    ...customer.shards.map((shard) =>
      withAdminConnection(primary(options, customer, shard.name), async (connection) => {
        const rows = byShard.get(shard.name)!;
        return [
          {
            label: `${customer.name}/${shard.name} customer`,
            expected: rows.customers.length,
            actual: await count(connection, 'SELECT COUNT(*) AS n FROM customer WHERE customer_id BETWEEN 1 AND ?', [data.sizes.customers]),
          },
          {
            label: `${customer.name}/${shard.name} corder`,
            expected: rows.orders.length,
            actual: await count(connection, 'SELECT COUNT(*) AS n FROM corder WHERE order_id BETWEEN 1 AND ?', [data.sizes.orders]),
          },
        ];
      }),
    ),
  ];
  return (await Promise.all(counts)).flat();
}

function primary(options: SeedOptions, keyspace: KeyspaceSpec, shard: string): AdminTarget {
  const target = options.primaries.get(`${keyspace.name}/${shard}`);
  if (target === undefined) throw new ServiceError('SG813', `no primary for ${keyspace.name}/${shard}`);
  return target;
}

async function insertBatches(connection: AdminConnection, insert: string, rows: readonly (readonly unknown[])[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    await connection.query(insert, [rows.slice(i, i + BATCH_ROWS)]);
  }
}

async function inTransaction(connection: AdminConnection, work: () => Promise<void>): Promise<void> {
  await connection.query('START TRANSACTION');
  try {
    await work();
    await connection.query('COMMIT');
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Writes the whole dataset; with `replace`, first deletes rows in the seed's id ranges. One transaction per shard. */
async function writeRows(options: SeedOptions, data: DemoData, split: SplitRows, replace: boolean): Promise<void> {
  const byShard = split.byShard;
  const commerce = keyspaceOf(options.spec, PRODUCT_KEYSPACE, false);
  const customer = keyspaceOf(options.spec, CUSTOMER_KEYSPACE, true);
  // Customers first: the commerce transaction advances the sequences past the seeded ids.
  await Promise.all(
    customer.shards.map((shard) =>
      withAdminConnection(primary(options, customer, shard.name), (connection) =>
        inTransaction(connection, async () => {
          if (replace) {
            await connection.query('DELETE FROM corder WHERE order_id BETWEEN 1 AND ?', [data.sizes.orders]);
            await connection.query('DELETE FROM corder WHERE customer_id BETWEEN 1 AND ?', [data.sizes.customers]);
            await connection.query('DELETE FROM customer WHERE customer_id BETWEEN 1 AND ?', [data.sizes.customers]);
          }
          const rows = byShard.get(shard.name)!;
          await insertBatches(connection, 'INSERT INTO customer (customer_id, email, name, created_at) VALUES ?', rows.customers);
          await insertBatches(connection, 'INSERT INTO corder (order_id, customer_id, sku, price, status, created_at, order_number) VALUES ?', rows.orders);
        }),
      ),
    ),
  );
  await withAdminConnection(primary(options, commerce, commerce.shards[0]!.name), (connection) =>
    inTransaction(connection, async () => {
      if (replace) {
        await connection.query('DELETE FROM product WHERE sku IN (?)', [data.products.map((p) => p[0])]);
        await connection.query(`DELETE FROM ${ORDER_NUMBER_LOOKUP} WHERE order_number BETWEEN ? AND ?`, orderNumberRange(data));
      }
      await insertBatches(connection, 'INSERT INTO product (sku, description, price) VALUES ?', data.products);
      await insertBatches(connection, `INSERT INTO ${ORDER_NUMBER_LOOKUP} (order_number, keyspace_id) VALUES ?`, split.lookups);
      await connection.query('UPDATE customer_seq SET next_id = GREATEST(next_id, ?) WHERE id = 0', [data.sizes.customers + 1]);
      await connection.query('UPDATE order_seq SET next_id = GREATEST(next_id, ?) WHERE id = 0', [data.sizes.orders + 1]);
    }),
  );
}

function describeCounts(counts: readonly ShardCount[]): string {
  return counts
    .filter((c) => c.actual !== c.expected)
    .map((c) => `${c.label} has ${c.actual} of ${c.expected} rows`)
    .join(', ');
}

/**
 * Seeds the demo data at `scale` into the primaries, or verifies it is already there.
 * Contract: counts the rows in the seed's ranges (customer ids 1..n, order ids 1..m, the
 * generated skus, order numbers ORD-00000001..m in the lookup table) on every shard; then
 * - all as generated → `reused` (nothing written);
 * - all empty → `seeded`;
 * - anything else, when no complete seed was recorded (an interrupted seed) → the seed's rows
 *   are deleted and written again → `reseeded`;
 * - anything else after a complete seed (rows changed or deleted since, or another scale) →
 *   `changed`: nothing written, and the message says where the counts differ.
 * Rows are written in one transaction per shard, customers and orders on the shard that
 * `buildCustomerRouter` names, each order's lookup row (order number → keyspace id of its
 * customer) in commerce, and the sequences' next_id is moved past the seeded ids.
 * Throws ServiceError SG813 for a cluster without the demo keyspaces, SG808/SG809 for
 * database failures.
 */
export async function seedDemoData(options: SeedOptions): Promise<SeedOutcome> {
  const customerKeyspace = keyspaceOf(options.spec, CUSTOMER_KEYSPACE, true);
  const data = generateDemoData(options.scale);
  const split = splitByShard(data, customerKeyspace, await buildCustomerRouter(options.spec));
  const seed = (state: SeedState['state']): SeedState => ({ scale: options.scale, ...data.sizes, state });
  const sizes = `${data.sizes.products} products, ${data.sizes.customers} customers, ${data.sizes.orders} orders`;

  const counts = await countSeedRows(options, data, split);
  if (counts.every((c) => c.actual === c.expected)) {
    const complete = seed('complete');
    if (options.previous?.state !== 'complete') await options.saveState(complete);
    return { kind: 'reused', seed: complete, message: `reusing the demo data (${sizes})` };
  }
  const empty = counts.every((c) => c.actual === 0);
  if (!empty && options.previous?.state === 'complete') {
    const scaleNote = options.previous.scale === options.scale ? '' : ` (it was seeded at scale ${options.previous.scale}, not ${options.scale})`;
    return {
      kind: 'changed',
      seed: options.previous,
      message: `the demo data differs from a fresh seed${scaleNote}: ${describeCounts(counts)}; left as it is (remove the cluster directory to start over)`,
    };
  }
  options.log(empty ? `seeding the demo data: ${sizes}` : `an earlier seed did not finish (${describeCounts(counts)}): seeding again: ${sizes}`);
  await options.saveState(seed('seeding'));
  await writeRows(options, data, split, !empty);
  const complete = seed('complete');
  await options.saveState(complete);
  return { kind: empty ? 'seeded' : 'reseeded', seed: complete, message: `seeded the demo data (${sizes})` };
}
