// End-to-end relationships (issue #6) against the demo keyspaces on the shared MariaDB: 1, 2 and 3
// levels of nesting across keyspaces, each asserting the data (against the shard databases read
// directly) AND the exact statements per shard, in three modes: batched (one statement per shard
// per level, co-located children asked only on the shards that own the parents), batching off
// (one statement per parent: the same data, more statements) and routing forced to scatter (the
// same data). Then per-parent paging, R_aggregate, object relationships both ways, the DataLoader
// cache, limits.maxBatchSize, and a failing shard that fails only the keys it owns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { startDemoServer, upDemo, type Demo, type DemoServer } from '../helpers/demoServer.js';
import { executeDirect, type DirectResult } from '../helpers/executeDirect.js';
import { adminQuery } from '../helpers/mariadb.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';

type Shard = '-80' | '80-';
const SHARDS: readonly Shard[] = ['-80', '80-'];

let demo: Demo;
let srv: DemoServer;

/** Runs `sql` on both customer shard databases (`{db}` is the database) and concatenates the rows. */
async function onCustomerShards<T>(sql: string): Promise<T[]> {
  const perShard = await Promise.all(SHARDS.map((s) => adminQuery<T>(sql.replaceAll('{db}', `\`${demo.databases[`customer/${s}`]!}\``))));
  return perShard.flat();
}

/** Runs `sql` on the commerce database (`{db}`). */
function onCommerce<T>(sql: string): Promise<T[]> {
  return adminQuery<T>(sql.replaceAll('{db}', `\`${demo.databases['commerce/0']!}\``));
}

interface Order {
  order_id: string;
  customer_id: string;
  sku: string;
  price: string;
  status: string;
  created_at: string;
}

/** Every order of both shards, as GraphQL returns them, by order_id. */
let orders: Order[];
/** Product descriptions by sku. */
let products: Map<string, { sku: string; description: string; price: string }>;
/** Customer names by id. */
let customers: Map<string, { customer_id: string; name: string }>;
/** Customer ids (that have orders) by owning shard, ascending. */
let idsByShard: Record<Shard, string[]>;
/** One customer without orders per shard (inserted by the test). */
let orderless: Record<Shard, string>;

const ordersOf = (customerId: string): Order[] => orders.filter((o) => o.customer_id === customerId);
const ordersOfSku = (sku: string): Order[] => orders.filter((o) => o.sku === sku);
const pick = <T>(o: T, keys: readonly (keyof T)[]): Partial<T> => Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
const shardOf = (id: string): Shard => customerShardOf(Number(id)) as Shard;

/** Runs `query` batched, unbatched and forced to scatter (in process), and once over HTTP: the same data everywhere, no errors. */
async function threeModes(query: string): Promise<{ batched: DirectResult; unbatched: DirectResult; scattered: DirectResult }> {
  const [batched, unbatched, scattered, http] = await Promise.all([
    executeDirect(srv.server, query),
    executeDirect(srv.server, query, { batching: false }),
    executeDirect(srv.server, query, { forceScatter: true }),
    srv.query(query),
  ]);
  for (const run of [batched, unbatched, scattered]) expect(run.errors).toBeUndefined();
  expect(unbatched.data).toEqual(batched.data);
  expect(scattered.data).toEqual(batched.data);
  expect(http.errors).toBeUndefined();
  expect(http.data).toEqual(batched.data);
  return { batched, unbatched, scattered };
}

/** The explain entries of one field path: `[opcode, shards]`. */
function routesOf(run: DirectResult, path: string): [string, readonly string[]][] {
  return run.plan.filter((e) => e.path === path).map((e) => [e.opcode, e.shards]);
}

/** The `_in` list literal of ids. */
const idList = (ids: readonly string[]): string => `[${ids.map((id) => `"${id}"`).join(', ')}]`;

beforeAll(async () => {
  demo = await upDemo();
  orders = (
    await onCustomerShards<Order>(
      "SELECT CAST(order_id AS CHAR) AS order_id, CAST(customer_id AS CHAR) AS customer_id, sku, CAST(price AS CHAR) AS price, CAST(status AS CHAR) AS status, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s') AS created_at FROM {db}.corder",
    )
  ).sort((a, b) => Number(a.order_id) - Number(b.order_id));
  products = new Map((await onCommerce<{ sku: string; description: string; price: string }>('SELECT sku, description, CAST(price AS CHAR) AS price FROM {db}.product')).map((p) => [p.sku, p]));
  customers = new Map((await onCustomerShards<{ customer_id: string; name: string }>('SELECT CAST(customer_id AS CHAR) AS customer_id, name FROM {db}.customer')).map((c) => [c.customer_id, c]));
  const withOrders = [...new Set(orders.map((o) => o.customer_id))].sort((a, b) => Number(a) - Number(b));
  idsByShard = { '-80': withOrders.filter((id) => shardOf(id) === '-80'), '80-': withOrders.filter((id) => shardOf(id) === '80-') };
  // A customer without orders on each shard, for zero-filled aggregates and empty lists.
  orderless = { '-80': '', '80-': '' };
  for (let id = 900_001; orderless['-80'] === '' || orderless['80-'] === ''; id++) {
    const shard = shardOf(String(id));
    if (orderless[shard] !== '') continue;
    orderless[shard] = String(id);
    await adminQuery(`INSERT INTO \`${demo.databases[`customer/${shard}`]!}\`.customer (customer_id, email, name) VALUES (?, ?, ?)`, [id, `nobody${id}@example.com`, `Nobody ${id}`]);
    customers.set(String(id), { customer_id: String(id), name: `Nobody ${id}` });
  }
  srv = await startDemoServer(demo.configPath);
}, 120_000);

afterAll(async () => {
  await srv?.server.stop();
  await demo?.destroy();
});

describe('nesting across the demo keyspaces, batched / batching off / forced scatter', () => {
  it('1 level: customer → corders (co-located): one statement per shard, each asked only for the keys it owns', async () => {
    const low = idsByShard['-80'].slice(0, 3);
    const high = idsByShard['80-'].slice(0, 2);
    const ids = [...low, ...high].sort((a, b) => Number(a) - Number(b));
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }, order_by: [{ customer_id: asc }]) { customer_id corders(order_by: [{ order_id: asc }]) { order_id price status } } }`;
    const { batched, unbatched, scattered } = await threeModes(query);
    expect(batched.data).toEqual({ customer: ids.map((id) => ({ customer_id: id, corders: ordersOf(id).map((o) => pick(o, ['order_id', 'price', 'status'])) })) });
    expect(batched.statements).toEqual({ 'customer/-80': 2, 'customer/80-': 2 });
    // Two routes, each to the one shard that owns its keys: never a scatter.
    expect(routesOf(batched, 'customer.corders')).toEqual([
      ['IN', ['-80']],
      ['IN', ['80-']],
    ]);
    expect(unbatched.statements).toEqual({ 'customer/-80': 1 + low.length, 'customer/80-': 1 + high.length });
    expect(routesOf(unbatched, 'customer.corders').map(([opcode, shards]) => [opcode, shards.length])).toEqual(ids.map(() => ['EqualUnique', 1]));
    expect(scattered.statements).toEqual({ 'customer/-80': 2, 'customer/80-': 2 });
    expect(routesOf(scattered, 'customer.corders').map(([, shards]) => shards)).toEqual([['-80', '80-']]);
  });

  it('2 levels: customer → corders → product (configured relationship, sharded → unsharded keyspace)', async () => {
    const ids = [idsByShard['-80'][3]!, idsByShard['80-'][3]!, idsByShard['80-'][4]!];
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }, order_by: [{ customer_id: asc }]) { name corders(order_by: [{ order_id: asc }]) { order_id product { sku description } } } }`;
    const { batched, unbatched, scattered } = await threeModes(query);
    const sorted = [...ids].sort((a, b) => Number(a) - Number(b));
    expect(batched.data).toEqual({
      customer: sorted.map((id) => ({
        name: customers.get(id)!.name,
        corders: ordersOf(id).map((o) => ({ order_id: o.order_id, product: pick(products.get(o.sku)!, ['sku', 'description']) })),
      })),
    });
    const skus = new Set(ids.flatMap((id) => ordersOf(id).map((o) => o.sku)));
    expect(batched.statements).toEqual({ 'commerce/0': 1, 'customer/-80': 2, 'customer/80-': 2 });
    expect(routesOf(batched, 'customer.corders.product')).toEqual([['Unsharded', ['0']]]);
    // Batching off: one statement per parent; a sku asked by several orders is still read once (DataLoader cache).
    expect(unbatched.statements).toEqual({ 'commerce/0': skus.size, 'customer/-80': 2, 'customer/80-': 3 });
    expect(scattered.statements).toEqual({ 'commerce/0': 1, 'customer/-80': 2, 'customer/80-': 2 });
  });

  it('3 levels: customer → corders → product → orders (unsharded → sharded on a column without a vindex: one scatter per batch)', async () => {
    const ids = [idsByShard['-80'][5]!, idsByShard['80-'][5]!];
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }, order_by: [{ customer_id: asc }]) {
      customer_id corders(order_by: [{ order_id: asc }]) { order_id product { sku orders(order_by: [{ order_id: asc }], limit: 2) { order_id customer_id } } } } }`;
    const { batched, unbatched, scattered } = await threeModes(query);
    const sorted = [...ids].sort((a, b) => Number(a) - Number(b));
    expect(batched.data).toEqual({
      customer: sorted.map((id) => ({
        customer_id: id,
        corders: ordersOf(id).map((o) => ({ order_id: o.order_id, product: { sku: o.sku, orders: ordersOfSku(o.sku).slice(0, 2).map((x) => pick(x, ['order_id', 'customer_id'])) } })),
      })),
    });
    const skus = new Set(ids.flatMap((id) => ordersOf(id).map((o) => o.sku)));
    expect(batched.statements).toEqual({ 'commerce/0': 1, 'customer/-80': 3, 'customer/80-': 3 });
    expect(routesOf(batched, 'customer.corders.product.orders')).toEqual([['Scatter', ['-80', '80-']]]);
    expect(unbatched.statements).toEqual({ 'commerce/0': skus.size, 'customer/-80': 2 + skus.size, 'customer/80-': 2 + skus.size });
    expect(scattered.statements).toEqual({ 'commerce/0': 1, 'customer/-80': 3, 'customer/80-': 3 });
  });

  it('3 levels the other way: product → orders → customer (by primary key, routed) → corders_aggregate (co-located)', async () => {
    const skus = [...products.keys()].sort().filter((sku) => ordersOfSku(sku).length >= 2).slice(0, 3);
    const query = `{ product(where: { sku: { _in: ${JSON.stringify(skus)} } }, order_by: [{ sku: asc }]) {
      sku orders(order_by: [{ order_id: desc }], limit: 3) { order_id customer { customer_id name corders_aggregate { aggregate { count } } } } } }`;
    const { batched, unbatched, scattered } = await threeModes(query);
    expect(batched.data).toEqual({
      product: skus.map((sku) => ({
        sku,
        orders: ordersOfSku(sku)
          .reverse()
          .slice(0, 3)
          .map((o) => ({ order_id: o.order_id, customer: { ...customers.get(o.customer_id)!, corders_aggregate: { aggregate: { count: ordersOf(o.customer_id).length } } } })),
      })),
    });
    const buyers = [...new Set(skus.flatMap((sku) => ordersOfSku(sku).reverse().slice(0, 3).map((o) => o.customer_id)))];
    const owning = (shard: Shard): number => buyers.filter((id) => shardOf(id) === shard).length;
    // product, then per level one statement per shard that owns keys: orders scatter (by sku), customer and its aggregate routed.
    const routed = (shard: Shard): number => 1 + (owning(shard) > 0 ? 2 : 0);
    expect(batched.statements).toEqual({ 'commerce/0': 1, 'customer/-80': routed('-80'), 'customer/80-': routed('80-') });
    expect(unbatched.statements).toEqual({ 'commerce/0': 1, 'customer/-80': skus.length + 2 * owning('-80'), 'customer/80-': skus.length + 2 * owning('80-') });
    expect(scattered.statements).toEqual({ 'commerce/0': 1, 'customer/-80': 3, 'customer/80-': 3 });
  });
});

describe('array relationship arguments', () => {
  it('limit and offset apply per parent row, in order_by order (ties by primary key)', async () => {
    const ids = [idsByShard['-80'][0]!, idsByShard['-80'][1]!, idsByShard['80-'][0]!, idsByShard['80-'][1]!, orderless['-80']];
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }, order_by: [{ customer_id: asc }]) { customer_id corders(order_by: [{ price: desc }], limit: 2, offset: 1) { order_id price } } }`;
    const { batched } = await threeModes(query);
    const byPriceDesc = (a: Order, b: Order): number => Number(b.price) - Number(a.price) || Number(a.order_id) - Number(b.order_id);
    const sorted = [...ids].sort((a, b) => Number(a) - Number(b));
    expect(batched.data).toEqual({ customer: sorted.map((id) => ({ customer_id: id, corders: [...ordersOf(id)].sort(byPriceDesc).slice(1, 3).map((o) => pick(o, ['order_id', 'price'])) })) });
    expect(batched.statements).toEqual({ 'customer/-80': 2, 'customer/80-': 2 });
    for (const entry of batched.plan.filter((e) => e.path === 'customer.corders')) expect(entry.sql).toMatch(/row_number\(\) over \(partition by/);
  });

  it('where filters each parent row\'s children', async () => {
    const ids = [idsByShard['-80'][2]!, idsByShard['80-'][2]!];
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }, order_by: [{ customer_id: asc }]) { customer_id corders(where: { status: { _in: [paid, shipped] } }) { order_id status } } }`;
    const { batched } = await threeModes(query);
    const sorted = [...ids].sort((a, b) => Number(a) - Number(b));
    expect(batched.data).toEqual({
      customer: sorted.map((id) => ({ customer_id: id, corders: ordersOf(id).filter((o) => o.status === 'paid' || o.status === 'shipped').map((o) => pick(o, ['order_id', 'status'])) })),
    });
  });
});

describe('R_aggregate', () => {
  it('aggregates per parent row, zero-filled for parents without rows; one grouped statement per shard', async () => {
    const ids = [idsByShard['-80'][0]!, idsByShard['80-'][0]!, orderless['-80'], orderless['80-']];
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }, order_by: [{ customer_id: asc }]) {
      customer_id corders_aggregate { aggregate { count sum { price } max { price created_at } } }
      shipped: corders_aggregate(where: { status: { _eq: shipped } }) { aggregate { count } } } }`;
    const { batched, unbatched } = await threeModes(query);
    const sorted = [...ids].sort((a, b) => Number(a) - Number(b));
    const cents = (o: Order): number => Math.round(Number(o.price) * 100);
    expect(batched.data).toEqual({
      customer: sorted.map((id) => {
        const own = ordersOf(id);
        const total = own.reduce((s, o) => s + cents(o), 0);
        return {
          customer_id: id,
          corders_aggregate: {
            aggregate: {
              count: own.length,
              sum: { price: own.length === 0 ? null : (total / 100).toFixed(2) },
              max: own.length === 0 ? { price: null, created_at: null } : { price: own.reduce((m, o) => (cents(o) > cents(m) ? o : m)).price, created_at: own.map((o) => o.created_at).sort().at(-1) },
            },
          },
          shipped: { aggregate: { count: own.filter((o) => o.status === 'shipped').length } },
        };
      }),
    });
    // Root, then one grouped statement per shard for each of the two aggregate shapes.
    expect(batched.statements).toEqual({ 'customer/-80': 3, 'customer/80-': 3 });
    expect(unbatched.statements).toEqual({ 'customer/-80': 1 + 4, 'customer/80-': 1 + 4 });
  });
});

describe('object relationships', () => {
  it('corder.customer (foreign key) and corder.product (configured) resolve through the by-pk loaders, routed', async () => {
    const picked = [orders[3]!, orders[40]!, orders[41]!, orders[200]!];
    const query = `{ corder(where: { order_id: { _in: ${idList(picked.map((o) => o.order_id))} } }, order_by: [{ order_id: asc }]) { order_id customer { customer_id name } product { sku price } } }`;
    const { batched, unbatched } = await threeModes(query);
    expect(batched.data).toEqual({ corder: picked.map((o) => ({ order_id: o.order_id, customer: customers.get(o.customer_id), product: pick(products.get(o.sku)!, ['sku', 'price']) })) });
    const owners = new Set(picked.map((o) => shardOf(o.customer_id)));
    expect(routesOf(batched, 'corder.customer').map(([, shards]) => shards)).toEqual(SHARDS.filter((s) => owners.has(s)).map((s) => [s]));
    const distinct = (shard: Shard): number => new Set(picked.filter((o) => shardOf(o.customer_id) === shard).map((o) => o.customer_id)).size;
    expect(batched.statements).toEqual({ 'commerce/0': 1, 'customer/-80': 1 + (distinct('-80') > 0 ? 1 : 0), 'customer/80-': 1 + (distinct('80-') > 0 ? 1 : 0) });
    expect(unbatched.statements).toEqual({ 'commerce/0': new Set(picked.map((o) => o.sku)).size, 'customer/-80': 1 + distinct('-80'), 'customer/80-': 1 + distinct('80-') });
  });

  it('product.orders (the configured reverse) lists the orders of each product across both shards', async () => {
    const sku = [...products.keys()].sort().find((s) => new Set(ordersOfSku(s).map((o) => shardOf(o.customer_id))).size === 2)!;
    const query = `{ product_by_pk(sku: ${JSON.stringify(sku)}) { sku orders(order_by: [{ order_id: asc }]) { order_id sku } orders_aggregate { aggregate { count } } } }`;
    const { batched } = await threeModes(query);
    expect(batched.data).toEqual({ product_by_pk: { sku, orders: ordersOfSku(sku).map((o) => pick(o, ['order_id', 'sku'])), orders_aggregate: { aggregate: { count: ordersOfSku(sku).length } } } });
  });

  it('a null result for a parent without a match', async () => {
    const { batched } = await threeModes(`{ customer_by_pk(customer_id: "${orderless['80-']}") { corders { order_id } corders_aggregate { aggregate { count } } } }`);
    expect(batched.data).toEqual({ customer_by_pk: { corders: [], corders_aggregate: { aggregate: { count: 0 } } } });
  });
});

describe('the DataLoader cache: the same key asked twice in one operation hits MySQL once', () => {
  it('through different paths (customer_by_pk and corder.customer) and within one path', async () => {
    const id = idsByShard['80-'][6]!;
    expect(ordersOf(id).length).toBeGreaterThan(1);
    const query = `{ c: customer_by_pk(customer_id: "${id}") { customer_id name } o: corder(where: { customer_id: { _eq: "${id}" } }) { customer { customer_id name } } }`;
    const { batched } = await threeModes(query);
    expect(batched.data).toEqual({ c: customers.get(id), o: ordersOf(id).map(() => ({ customer: customers.get(id) })) });
    // customer_by_pk, then corder (routed by customer_id); every corder.customer is a cache hit.
    expect(batched.statements).toEqual({ 'customer/80-': 2 });
  });

  it('two aliases of one relationship with the same arguments share one load', async () => {
    const ids = [idsByShard['-80'][7]!, idsByShard['80-'][7]!];
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }) { a: corders { order_id } b: corders { order_id } } }`;
    const { batched } = await threeModes(query);
    expect(batched.statements).toEqual({ 'customer/-80': 2, 'customer/80-': 2 });
  });
});

describe('limits.maxBatchSize', () => {
  let small: DemoServer;
  beforeAll(async () => {
    small = await startDemoServer(await demo.writeConfig('batch2.json', (json) => void (json.limits = { ...json.limits, maxBatchSize: 2 })));
  }, 60_000);
  afterAll(async () => {
    await small?.server.stop();
  });

  it('splits a batch into statements of at most maxBatchSize keys, each still per shard', async () => {
    const ids = [...idsByShard['-80'].slice(0, 3), ...idsByShard['80-'].slice(0, 2)].sort((a, b) => Number(a) - Number(b));
    const query = `{ customer(where: { customer_id: { _in: ${idList(ids)} } }, order_by: [{ customer_id: asc }]) { customer_id corders(order_by: [{ order_id: asc }]) { order_id } } }`;
    const run = await executeDirect(small.server, query);
    expect(run.errors).toBeUndefined();
    expect(run.data).toEqual((await executeDirect(srv.server, query)).data);
    // Keys in load order (the root's order), chunks of 2; each chunk one statement per shard it touches.
    const expected: Record<string, number> = { 'customer/-80': 1, 'customer/80-': 1 };
    for (let i = 0; i < ids.length; i += 2) for (const shard of new Set(ids.slice(i, i + 2).map(shardOf))) expected[`customer/${shard}`]! += 1;
    expect(run.statements).toEqual(expected);
  });
});

describe('a failing shard fails only the keys whose rows live there', () => {
  let proxy: TcpProxy;
  let broken: DemoServer;
  let vips: string[];

  beforeAll(async () => {
    // commerce.vip lists customers of both shards; configured relationships lead from it into keyspace customer.
    vips = [idsByShard['-80'][0]!, idsByShard['80-'][0]!, idsByShard['-80'][1]!, idsByShard['80-'][1]!];
    await onCommerce(`CREATE TABLE {db}.vip (customer_id BIGINT NOT NULL PRIMARY KEY)`);
    await onCommerce(`INSERT INTO {db}.vip VALUES ${vips.map((id) => `(${id})`).join(', ')}`);
    // The 80- primary behind a proxy that the test closes once the server has started (introspection done).
    let high: URL | undefined;
    await demo.writeConfig('probe.json', (json) => {
      high = new URL(json.keyspaces.customer!.shards['80-']!.primary);
    });
    proxy = await startTcpProxy(high!.hostname, Number(high!.port || 3306));
    const brokenPath = await demo.writeConfig('broken.json', (json) => {
      const via = new URL(high!.toString());
      via.hostname = '127.0.0.1';
      via.port = String(proxy.port);
      json.keyspaces.customer!.shards['80-']!.primary = via.toString();
      json.relationships = [
        ...((json.relationships as unknown[] | undefined) ?? []),
        { from: 'commerce.vip', name: 'customer', columns: ['customer_id'], to: 'customer.customer', toColumns: ['customer_id'] },
        { from: 'commerce.vip', name: 'first_order', columns: ['customer_id'], to: 'customer.corder', toColumns: ['customer_id'] },
      ];
    });
    broken = await startDemoServer(brokenPath);
    await proxy.close();
  }, 60_000);

  afterAll(async () => {
    await broken?.server.stop();
    await proxy?.close();
  });

  it('object relationships by primary key and by another column: keys on the live shard resolve, the others are null with an error naming the shard', async () => {
    const response = await broken.query('{ vip(order_by: [{ customer_id: asc }]) { customer_id customer { name } first_order { order_id } } }');
    const sorted = [...vips].sort((a, b) => Number(a) - Number(b));
    expect(response.data).toEqual({
      vip: sorted.map((id) =>
        shardOf(id) === '-80'
          ? { customer_id: id, customer: { name: customers.get(id)!.name }, first_order: { order_id: ordersOf(id)[0]!.order_id } }
          : { customer_id: id, customer: null, first_order: null },
      ),
    });
    const failed = sorted.flatMap((id, i) => (shardOf(id) === '80-' ? [i] : []));
    expect((response.errors ?? []).map((e) => e.path).sort()).toEqual(failed.flatMap((i) => [['vip', i, 'customer'], ['vip', i, 'first_order']]).sort());
    for (const error of response.errors ?? []) {
      expect(error.extensions.code).toBe('UNAVAILABLE');
      expect(error.extensions.shards).toEqual(['customer/80-']);
    }
  });
});
