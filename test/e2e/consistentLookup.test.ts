// End-to-end checks of the demo's consistent_lookup_unique vindex (customer.corder.order_number →
// commerce.corder_order_number_lookup) on the shared MariaDB (issue #7): orphan lookup rows (a
// crash between the lookup write and the row write, simulated by writing the lookup row alone)
// are removed by the read that meets them, while a lookup row whose owner row is being written
// by a transaction still open stays; and corder upserts keep the lookup table consistent
// (existing order updated on its shard, an upsert cannot move an order number, duplicates).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { customerShardOf } from '../helpers/demoCluster.js';
import { startDemoServer, upDemo, type Demo, type DemoServer, type GraphQLResponse } from '../helpers/demoServer.js';
import { adminQuery, connectAdmin } from '../helpers/mariadb.js';
import { createVindex } from '../../src/sharding/vindexes/registry.js';
import { sqlInt64 } from '../../src/util/sqlValue.js';

type Shard = '-80' | '80-';

let demo: Demo;
let srv: DemoServer;

beforeAll(async () => {
  demo = await upDemo();
  srv = await startDemoServer(demo.configPath);
}, 180_000);

afterAll(async () => {
  await srv?.server.stop();
  await demo?.destroy();
});

const hash = createVindex('hash', 'hash', {});

/** The keyspace id of a customer's rows (the demo's primary vindex `hash` of customer_id), as hex. */
function ksidHex(customerId: number): string {
  if (hash.kind !== 'singleColumn') throw new Error('hash is a single-column vindex');
  const destination = hash.map([sqlInt64(customerId)])[0]!;
  if (destination.kind !== 'keyspaceId') throw new Error(`hash(${customerId}) gave ${destination.kind}`);
  return Buffer.from(destination.ksid).toString('hex');
}

function shardDb(shard: Shard): string {
  return demo.databases[`customer/${shard}`]!;
}

let nextCustomer = 7_000_000;
/** A fresh customer on `shard`, written straight into that shard's database. */
async function customerOn(shard: Shard): Promise<number> {
  while (customerShardOf(++nextCustomer) !== shard) {
    // the next id of the other shard is skipped
  }
  await adminQuery(`INSERT INTO \`${shardDb(shard)}\`.customer (customer_id, email, name) VALUES (?, ?, 'Lookup test')`, [nextCustomer, `l${nextCustomer}@example.com`]);
  return nextCustomer;
}

/** The lookup rows of `orderNumber`, as `keyspace_id` hex. */
async function lookupOf(orderNumber: string): Promise<string[]> {
  const rows = await adminQuery<{ ksid: string }>(`SELECT HEX(keyspace_id) AS ksid FROM \`${demo.databases['commerce/0']}\`.corder_order_number_lookup WHERE order_number = ?`, [orderNumber]);
  return rows.map((r) => r.ksid.toLowerCase());
}

/** Writes a lookup row alone, as a crash after the lookup write (before the order row) leaves it. */
async function orphanLookupRow(orderNumber: string, customerId: number): Promise<void> {
  await adminQuery(`INSERT INTO \`${demo.databases['commerce/0']}\`.corder_order_number_lookup (order_number, keyspace_id) VALUES (?, UNHEX(?))`, [orderNumber, ksidHex(customerId)]);
}

/** The orders with `orderNumber` on each customer shard, read directly: `shard → [order_id:price:status]`. */
async function ordersOf(orderNumber: string): Promise<Record<Shard, string[]>> {
  const out = {} as Record<Shard, string[]>;
  for (const shard of ['-80', '80-'] as const) {
    const rows = await adminQuery<{ v: string }>(`SELECT CONCAT(order_id, ':', price, ':', status) AS v FROM \`${shardDb(shard)}\`.corder WHERE order_number = ? ORDER BY order_id`, [orderNumber]);
    out[shard] = rows.map((r) => r.v);
  }
  return out;
}

/** The response's data, which must have no errors. */
async function ok(response: Promise<GraphQLResponse>): Promise<Record<string, unknown>> {
  const r = await response;
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

/** The one error of a failed mutation (data null): its id, code and MySQL errno. */
async function failure(response: Promise<GraphQLResponse>): Promise<{ id: unknown; code: unknown; errno: unknown; message: string }> {
  const r = await response;
  expect(r.data ?? null).toBeNull();
  expect(r.errors).toHaveLength(1);
  const { message, extensions } = r.errors![0]!;
  return { id: extensions.id, code: extensions.code, errno: (extensions.details as { errno?: unknown } | undefined)?.errno ?? extensions.errno, message };
}

/** The orders a read by order number (`_eq` or `_in`) returns, explained, and the SQL it ran. */
async function readByNumber(where: string): Promise<{ orders: { order_id: string; order_number: string }[]; sql: string[] }> {
  const response = await srv.explain(`{ corder(where: { order_number: ${where} }, order_by: { order_id: asc }) { order_id order_number } }`);
  expect(response.errors).toBeUndefined();
  return { orders: response.data!.corder as { order_id: string; order_number: string }[], sql: (response.extensions?.plan ?? []).map((e) => e.sql) };
}

async function insertOrder(customerId: number, orderNumber: string, price = '10.00'): Promise<string> {
  const data = await ok(srv.query(`mutation { insert_corder_one(object: { customer_id: "${customerId}", order_number: "${orderNumber}", sku: "SKU-1001", price: "${price}" }) { order_id } }`));
  return (data.insert_corder_one as { order_id: string }).order_id;
}

describe('orphan lookup rows are removed by the read that meets them', () => {
  it('a lookup row without its order (crash between the two writes): the read returns nothing and deletes the lookup row', async () => {
    const customer = await customerOn('80-');
    await orphanLookupRow('CL-ORPHAN-1', customer);
    const read = await readByNumber('{ _eq: "CL-ORPHAN-1" }');
    expect(read.orders).toEqual([]);
    expect(read.sql.some((sql) => sql.startsWith('delete from `corder_order_number_lookup`'))).toBe(true);
    expect(await lookupOf('CL-ORPHAN-1')).toEqual([]);
    // Read again: nothing left to remove, no delete runs.
    const again = await readByNumber('{ _eq: "CL-ORPHAN-1" }');
    expect(again.orders).toEqual([]);
    expect(again.sql.some((sql) => sql.startsWith('delete'))).toBe(false);
    // The number is free again, for an order of a customer on the other shard.
    const other = await customerOn('-80');
    const id = await insertOrder(other, 'CL-ORPHAN-1');
    expect(await lookupOf('CL-ORPHAN-1')).toEqual([ksidHex(other)]);
    expect((await readByNumber('{ _eq: "CL-ORPHAN-1" }')).orders).toEqual([{ order_id: id, order_number: 'CL-ORPHAN-1' }]);
  });

  it('an _in read over two shards keeps the real order\'s lookup row and removes the orphan\'s', async () => {
    const [real, lost] = [await customerOn('-80'), await customerOn('80-')];
    const id = await insertOrder(real, 'CL-IN-REAL');
    await orphanLookupRow('CL-IN-ORPHAN', lost);
    const read = await readByNumber('{ _in: ["CL-IN-REAL", "CL-IN-ORPHAN"] }');
    expect(read.orders).toEqual([{ order_id: id, order_number: 'CL-IN-REAL' }]);
    expect(await lookupOf('CL-IN-ORPHAN')).toEqual([]);
    expect(await lookupOf('CL-IN-REAL')).toEqual([ksidHex(real)]);
  });

  it('a read that finds no row because of another filter leaves the lookup row of an existing order', async () => {
    const customer = await customerOn('-80');
    await insertOrder(customer, 'CL-FILTERED');
    const response = await srv.explain('{ corder(where: { order_number: { _eq: "CL-FILTERED" }, status: { _eq: cancelled } }) { order_id } }');
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ corder: [] });
    expect((response.extensions?.plan ?? []).some((e) => e.sql.startsWith('delete'))).toBe(false);
    expect(await lookupOf('CL-FILTERED')).toEqual([ksidHex(customer)]);
  });

  describe('a write in flight keeps its lookup row', () => {
    let connection: Connection | undefined;
    afterAll(async () => {
      await connection?.end();
    });

    it('lookup row committed, order row written but not committed (between the two commits): the read leaves the lookup row', async () => {
      const customer = await customerOn('-80');
      await orphanLookupRow('CL-FLIGHT-1', customer);
      connection = await connectAdmin();
      await connection.query('BEGIN');
      await connection.query(`INSERT INTO \`${shardDb('-80')}\`.corder (order_id, customer_id, order_number, sku, price) VALUES (?, ?, 'CL-FLIGHT-1', 'SKU-1001', 5)`, [9_100_001, customer]);
      const during = await readByNumber('{ _eq: "CL-FLIGHT-1" }');
      expect(during.orders).toEqual([]);
      expect(await lookupOf('CL-FLIGHT-1')).toEqual([ksidHex(customer)]);
      await connection.query('COMMIT');
      expect((await readByNumber('{ _eq: "CL-FLIGHT-1" }')).orders).toEqual([{ order_id: '9100001', order_number: 'CL-FLIGHT-1' }]);
      expect(await lookupOf('CL-FLIGHT-1')).toEqual([ksidHex(customer)]);
    });

    it('lookup row being written (not committed): the read does not see it and the writer commits it unharmed', async () => {
      const customer = await customerOn('80-');
      connection ??= await connectAdmin();
      await connection.query('BEGIN');
      await connection.query(`INSERT INTO \`${demo.databases['commerce/0']}\`.corder_order_number_lookup (order_number, keyspace_id) VALUES ('CL-FLIGHT-2', UNHEX(?))`, [ksidHex(customer)]);
      await connection.query(`INSERT INTO \`${shardDb('80-')}\`.corder (order_id, customer_id, order_number, sku, price) VALUES (?, ?, 'CL-FLIGHT-2', 'SKU-1001', 5)`, [9_100_002, customer]);
      expect((await readByNumber('{ _eq: "CL-FLIGHT-2" }')).orders).toEqual([]);
      await connection.query('COMMIT');
      expect(await lookupOf('CL-FLIGHT-2')).toEqual([ksidHex(customer)]);
      expect((await readByNumber('{ _eq: "CL-FLIGHT-2" }')).orders).toEqual([{ order_id: '9100002', order_number: 'CL-FLIGHT-2' }]);
    });
  });
});

describe('corder upserts through the consistent_lookup_unique vindex', () => {
  const upsert = (object: string, onConflict: string, fields = 'order_id customer_id order_number price status') =>
    srv.query(`mutation { insert_corder_one(object: { ${object} }, on_conflict: { ${onConflict} }) { ${fields} } }`);

  it('on_conflict PRIMARY on an existing order updates it on its shard; the lookup row stays the one it was', async () => {
    const customer = await customerOn('80-');
    const id = await insertOrder(customer, 'CL-UP-1');
    const data = await ok(upsert(`order_id: "${id}", customer_id: "${customer}", order_number: "CL-UP-1", sku: "SKU-1001", price: "20.00", status: paid`, 'constraint: PRIMARY, update_columns: [price, status]'));
    expect(data.insert_corder_one).toEqual({ order_id: id, customer_id: String(customer), order_number: 'CL-UP-1', price: '20.00', status: 'paid' });
    expect(await ordersOf('CL-UP-1')).toEqual({ '-80': [], '80-': [`${id}:20.00:paid`] });
    expect(await lookupOf('CL-UP-1')).toEqual([ksidHex(customer)]);
  });

  it('on_conflict on the order-number key updates the existing order instead of adding one (no new row, no new lookup row)', async () => {
    const customer = await customerOn('-80');
    const id = await insertOrder(customer, 'CL-UP-2');
    const data = await ok(upsert(`customer_id: "${customer}", order_number: "CL-UP-2", sku: "SKU-1001", price: "30.00"`, 'constraint: corder_order_number, update_columns: [price]'));
    expect(data.insert_corder_one).toMatchObject({ order_id: id, order_number: 'CL-UP-2', price: '30.00' });
    expect(await ordersOf('CL-UP-2')).toEqual({ '-80': [`${id}:30.00:pending`], '80-': [] });
    expect(await lookupOf('CL-UP-2')).toEqual([ksidHex(customer)]);
  });

  it('an upsert cannot change the order number: updating it is refused, and a new number in the object leaves the order and the lookup table as they were', async () => {
    const customer = await customerOn('80-');
    const id = await insertOrder(customer, 'CL-UP-3');
    const refused = await failure(upsert(`order_id: "${id}", customer_id: "${customer}", order_number: "CL-UP-3-NEW", sku: "SKU-1001", price: "1.00"`, 'constraint: PRIMARY, update_columns: [order_number]'));
    expect(refused).toMatchObject({ id: 'SG514', code: 'BAD_USER_INPUT' });
    expect(refused.message).toContain('order_number');
    const data = await ok(upsert(`order_id: "${id}", customer_id: "${customer}", order_number: "CL-UP-3-NEW", sku: "SKU-1001", price: "2.00"`, 'constraint: PRIMARY, update_columns: [price]', 'order_id order_number price'));
    expect(data.insert_corder_one).toEqual({ order_id: id, order_number: 'CL-UP-3', price: '2.00' });
    expect(await ordersOf('CL-UP-3')).toEqual({ '-80': [], '80-': [`${id}:2.00:pending`] });
    expect(await ordersOf('CL-UP-3-NEW')).toEqual({ '-80': [], '80-': [] });
    expect(await lookupOf('CL-UP-3')).toEqual([ksidHex(customer)]);
    // The new number leads to no order; a lookup row the upsert left for it is an orphan, gone after this read.
    expect((await readByNumber('{ _eq: "CL-UP-3-NEW" }')).orders).toEqual([]);
    expect(await lookupOf('CL-UP-3-NEW')).toEqual([]);
    expect((await readByNumber('{ _eq: "CL-UP-3" }')).orders).toEqual([{ order_id: id, order_number: 'CL-UP-3' }]);
  });

  it('duplicates: an order number taken on another shard or the same one is MySQL error 1062 with nothing written; an upsert of a new order with it is dropped', async () => {
    const [owner, sameShard, otherShard] = [await customerOn('-80'), await customerOn('-80'), await customerOn('80-')];
    const id = await insertOrder(owner, 'CL-DUP-1', '7.00');
    for (const customer of [sameShard, otherShard]) {
      const dup = await failure(srv.query(`mutation { insert_corder_one(object: { customer_id: "${customer}", order_number: "CL-DUP-1", sku: "SKU-1001", price: "1.00" }) { order_id } }`));
      expect(dup).toMatchObject({ id: 'SG1055', code: 'BAD_USER_INPUT', errno: 1062 });
    }
    const two = await failure(
      srv.query(`mutation { insert_corder(objects: [{ customer_id: "${otherShard}", order_number: "CL-DUP-2", sku: "SKU-1001", price: "1.00" }, { customer_id: "${otherShard}", order_number: "CL-DUP-2", sku: "SKU-1001", price: "2.00" }]) { affected_rows } }`),
    );
    expect(two).toMatchObject({ id: 'SG1055', errno: 1062 });
    expect(await ordersOf('CL-DUP-2')).toEqual({ '-80': [], '80-': [] });
    expect(await lookupOf('CL-DUP-2')).toEqual([]);
    // An upsert on PRIMARY of a new order whose number another order (on another shard) owns: dropped, as Vitess's INSERT IGNORE path drops it.
    // With a second, new order after it: affected_rows counts only the written one, and returning pairs each written row with its own object.
    const upsert = (await ok(
      srv.query(
        `mutation { insert_corder(objects: [{ customer_id: "${otherShard}", order_number: "CL-DUP-1", sku: "SKU-1001", price: "3.00" }, { customer_id: "${otherShard}", order_number: "CL-DUP-3", sku: "SKU-1001", price: "4.00" }], on_conflict: { constraint: PRIMARY, update_columns: [price] }) { affected_rows returning { order_number price } } }`,
      ),
    )) as { insert_corder: { affected_rows: number; returning: { order_number: string; price: string }[] } };
    expect(upsert.insert_corder).toEqual({ affected_rows: 1, returning: [{ order_number: 'CL-DUP-3', price: '4.00' }] });
    expect(await lookupOf('CL-DUP-3')).toEqual([ksidHex(otherShard)]);
    expect(await ordersOf('CL-DUP-1')).toEqual({ '-80': [`${id}:7.00:pending`], '80-': [] });
    expect(await lookupOf('CL-DUP-1')).toEqual([ksidHex(owner)]);
    expect((await readByNumber('{ _eq: "CL-DUP-1" }')).orders).toEqual([{ order_id: id, order_number: 'CL-DUP-1' }]);
  });
});
