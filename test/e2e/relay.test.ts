// Relay global object identification end to end, over HTTP against the demo keyspaces on the
// shared MariaDB: ids from list fields resolve again through node/nodes, 100 ids cost one statement
// per shard per table (routed to the owning shard where the primary key is the sharding key),
// request order with nulls and per-slot errors, forced scatter gives the same data, and a dead
// shard fails only the ids that live on it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { startDemoServer, upDemo, type Demo, type DemoConfigJson, type DemoServer } from '../helpers/demoServer.js';
import { testServerAddress } from '../helpers/mariadb.js';
import { statementsByTable } from '../helpers/planCounts.js';
import { dataOf } from '../helpers/responseData.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';

let demo: Demo;
let srv: DemoServer;

interface CustomerNode { id: string; customer_id: string; name: string }
interface OrderNode { id: string; order_id: string; customer_id: string; status: string }
let customers: CustomerNode[];
let orders: OrderNode[];

const NODE_FIELDS = 'id ... on customer { customer_id name } ... on corder { order_id customer_id status }';
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`;

/** A global id as the README documents it: base64url of `[1, keyspace, table, ...pk]`. */
function globalId(keyspace: string, table: string, ...pk: unknown[]): string {
  return Buffer.from(JSON.stringify([1, keyspace, table, ...pk])).toString('base64url');
}

/** The id of a customer row that does not exist. */
const MISSING_CUSTOMER = globalId('customer', 'customer', '987654321');

beforeAll(async () => {
  demo = await upDemo();
  srv = await startDemoServer(demo.configPath);
  const data = dataOf(await srv.query('{ customer(order_by: [{customer_id: asc}], limit: 60) { id customer_id name } corder(order_by: [{order_id: asc}], limit: 40) { id order_id customer_id status } }'));
  customers = data.customer as CustomerNode[];
  orders = data.corder as OrderNode[];
}, 120_000);

afterAll(async () => {
  await srv?.server.stop();
  await demo?.destroy();
});

describe('node(id:)', () => {
  it.each(['-80', '80-'])('resolves a customer id on its one shard (%s)', async (shard) => {
    const customer = customers.find((c) => customerShardOf(Number(c.customer_id)) === shard)!;
    const response = await srv.explain(`{ node(id: "${customer.id}") { __typename ${NODE_FIELDS} } }`);
    expect(dataOf(response)).toEqual({ node: { __typename: 'customer', ...customer } });
    expect(response.extensions!.plan!.map((p) => [p.opcode, p.shards])).toEqual([['EqualUnique', [shard]]]);
  });

  it('gives every row its own stable id', () => {
    expect(new Set([...customers, ...orders].map((n) => n.id)).size).toBe(100);
    expect(customers[0]!.id).toBe(globalId('customer', 'customer', customers[0]!.customer_id));
    expect(orders[0]!.id).toBe(globalId('customer', 'corder', orders[0]!.order_id));
  });

  it('refuses a malformed or foreign id with BAD_USER_INPUT before any SQL', async () => {
    const foreign = globalId('customer', 'customer_secret', '1');
    for (const id of ['eyJub3QiOiJhbi1pZCJ9', foreign, 'customer:1']) {
      const response = await srv.explain(`{ node(id: "${id}") { id } }`);
      expect(response.data).toEqual({ node: null });
      expect(response.errors).toEqual([expect.objectContaining({ path: ['node'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', id: 'SG1040' }) })]);
      expect(response.extensions?.plan ?? []).toEqual([]);
    }
  });
});

describe('nodes(ids:)', () => {
  it('loads 100 ids of two tables with one statement per shard per table, in request order', async () => {
    const expected = [...customers, ...orders].sort((a, b) => (a.id < b.id ? -1 : 1));
    const response = await srv.explain(NODES, { variables: { ids: expected.map((n) => n.id) } });
    expect(dataOf(response)).toEqual({ nodes: expected });
    const plan = response.extensions!.plan!;
    expect(statementsByTable(plan)).toEqual({
      corder: { 'customer/-80': 1, 'customer/80-': 1 },
      customer: { 'customer/-80': 1, 'customer/80-': 1 },
    });
    // customer's key is its sharding key: each shard is asked only for the ids it owns.
    for (const entry of plan.filter((p) => p.sql.includes('from `customer`'))) {
      expect(entry.shards).toHaveLength(1);
      expect(entry.opcode).not.toBe('Scatter');
    }
  });

  it('answers the same data with routing forced to scatter', async () => {
    const ids = [...customers.slice(0, 10), ...orders.slice(0, 10)].map((n) => n.id);
    const routed = dataOf(await srv.explain(NODES, { variables: { ids } }));
    expect(dataOf(await srv.explain(NODES, { variables: { ids }, forceScatter: true }))).toEqual(routed);
  });

  it('puts null for a missing row and an error only in a bad id\'s slot', async () => {
    // A bad id last, after slots that wait for SQL: the list keeps its length (see settledItems).
    const ids = [customers[0]!.id, MISSING_CUSTOMER, 'bm90LWFuLWlk', customers[0]!.id, orders[0]!.id, 'customer:1'];
    const response = await srv.query(NODES, { variables: { ids } });
    expect(response.data).toEqual({ nodes: [customers[0], null, null, customers[0], orders[0], null] });
    expect(response.errors!.map((e) => [e.path, e.extensions.code, e.extensions.id])).toEqual([
      [['nodes', 2], 'BAD_USER_INPUT', 'SG1040'],
      [['nodes', 5], 'BAD_USER_INPUT', 'SG1040'],
    ]);
  });

  it('answers [] for no ids', async () => {
    expect(dataOf(await srv.query('{ nodes(ids: []) { id } }'))).toEqual({ nodes: [] });
  });
});

describe('a failing shard', () => {
  let proxy: TcpProxy;
  let proxied: DemoServer;

  beforeAll(async () => {
    const { host, port } = testServerAddress();
    proxy = await startTcpProxy(host, port);
    const configPath = await demo.writeConfig('relay-proxied.json', (json: DemoConfigJson) => {
      const shard = json.keyspaces.customer!.shards['80-']!;
      const url = new URL(shard.primary);
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      shard.primary = url.toString();
    });
    proxied = await startDemoServer(configPath);
  }, 60_000);

  afterAll(async () => {
    await proxied?.server.stop();
    await proxy?.close();
  });

  it('fails only the ids whose shard failed, each error naming the shard', async () => {
    const onX80 = customers.filter((c) => customerShardOf(Number(c.customer_id)) === '-80').slice(0, 2);
    const on80 = customers.filter((c) => customerShardOf(Number(c.customer_id)) === '80-').slice(0, 2);
    await proxy.close();
    const ids = [onX80[0]!, on80[0]!, onX80[1]!, on80[1]!].map((c) => c.id);
    const response = await proxied.query(NODES, { variables: { ids } });
    expect(response.data).toEqual({ nodes: [onX80[0], null, onX80[1], null] });
    expect(response.errors!.map((e) => e.path)).toEqual([['nodes', 1], ['nodes', 3]]);
    for (const error of response.errors!) expect(error.extensions).toMatchObject({ code: 'UNAVAILABLE', shards: expect.arrayContaining(['customer/80-']) });
  });
});
