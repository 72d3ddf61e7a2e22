// End-to-end GraphQL over HTTP against the demo keyspaces on the shared MariaDB: every root
// field kind, each case asserting the data (against the shard databases read directly) AND the
// statements and shards from extensions.plan, then again with routing forced to scatter
// (X-Shardgate-Force-Scatter): the same data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { upDemo, startDemoServer, type Demo, type DemoServer, type ExplainEntry, type GraphQLResponse } from '../helpers/demoServer.js';
import { adminQuery } from '../helpers/mariadb.js';

let demo: Demo;
let srv: DemoServer;

/** Rows of both customer shards, through MySQL (`sql` uses `{T}` for the UNION ALL of the shard tables). */
async function bothShards<T>(table: string, sql: string): Promise<T[]> {
  const union = `(SELECT * FROM \`${demo.databases['customer/-80']}\`.\`${table}\` UNION ALL SELECT * FROM \`${demo.databases['customer/80-']}\`.\`${table}\`) AS t`;
  return adminQuery<T>(sql.replace('{T}', union));
}

/** The data of a response, failing with its errors when there are any. */
function dataOf(response: GraphQLResponse): Record<string, unknown> {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data!;
}

/** Runs `query` explained, then forced to scatter; returns the data (equal in both) and both plans. */
async function explainedTwice(query: string): Promise<{ data: Record<string, unknown>; plan: ExplainEntry[]; scatterPlan: ExplainEntry[] }> {
  const routed = await srv.explain(query);
  const scattered = await srv.explain(query, { forceScatter: true });
  const data = dataOf(routed);
  expect(dataOf(scattered)).toEqual(data);
  return { data, plan: routed.extensions!.plan!, scatterPlan: scattered.extensions!.plan! };
}

/** The customer ids of the demo, split by the shard that owns them (hash vindex, recomputed). */
let idsByShard: Record<'-80' | '80-', number[]>;

beforeAll(async () => {
  demo = await upDemo();
  srv = await startDemoServer(demo.configPath);
  const ids = (await bothShards<{ id: number }>('customer', 'SELECT customer_id AS id FROM {T} ORDER BY customer_id')).map((r) => Number(r.id));
  idsByShard = { '-80': ids.filter((id) => customerShardOf(id) === '-80'), '80-': ids.filter((id) => customerShardOf(id) === '80-') };
}, 120_000);

afterAll(async () => {
  await srv?.server.stop();
  await demo?.destroy();
});

describe('customer_by_pk', () => {
  it.each(['-80', '80-'] as const)('routes EqualUnique to the one shard that owns the key (%s)', async (shard) => {
    const id = idsByShard[shard][3]!;
    const { data, plan, scatterPlan } = await explainedTwice(`{ customer_by_pk(customer_id: "${id}") { customer_id email name created_at } }`);
    const [row] = await bothShards<Record<string, unknown>>('customer', `SELECT customer_id, email, name, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s') AS created_at FROM {T} WHERE customer_id = ${id}`);
    expect(data).toEqual({ customer_by_pk: { ...row, customer_id: String(id) } });
    expect(plan).toEqual([{ path: 'customer_by_pk', keyspace: 'customer', opcode: 'EqualUnique', shards: [shard], sql: expect.stringMatching(/where `customer_id` = :/) }]);
    expect(scatterPlan.flatMap((p) => p.shards)).toEqual(['-80', '80-']);
  });

  it('returns null for a key no shard holds, asking only its shard', async () => {
    const { data, plan } = await explainedTwice('{ customer_by_pk(customer_id: "987654321") { name } }');
    expect(data).toEqual({ customer_by_pk: null });
    expect(plan).toHaveLength(1);
    expect(plan[0]!.shards).toEqual([customerShardOf(987654321)]);
  });

  it('batches several keys of one request into one statement per shard (no N+1)', async () => {
    const ids = [idsByShard['-80'][0]!, idsByShard['80-'][0]!, idsByShard['-80'][1]!, idsByShard['80-'][1]!];
    const query = `{ ${ids.map((id, i) => `k${i}: customer_by_pk(customer_id: "${id}") { customer_id }`).join(' ')} }`;
    const { data, plan } = await explainedTwice(query);
    expect(data).toEqual(Object.fromEntries(ids.map((id, i) => [`k${i}`, { customer_id: String(id) }])));
    // One statement per shard, each with only its own keys, run independently (a failing shard fails only its keys).
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([
      ['IN', ['-80']],
      ['IN', ['80-']],
    ]);
  });
});

describe('where on the sharding key', () => {
  it('customer_id _in routes IN to the owning shards only', async () => {
    const ids = idsByShard['80-'].slice(0, 3);
    const { data, plan, scatterPlan } = await explainedTwice(`{ customer(where: { customer_id: { _in: [${ids.map((id) => `"${id}"`).join(', ')}] } }, order_by: [{ customer_id: asc }]) { customer_id } }`);
    expect(data).toEqual({ customer: ids.map((id) => ({ customer_id: String(id) })) });
    expect(plan).toEqual([{ path: 'customer', keyspace: 'customer', opcode: 'IN', shards: ['80-'], sql: expect.stringMatching(/`customer_id` in ::/) }]);
    expect(scatterPlan[0]!.shards).toEqual(['-80', '80-']);
  });

  it('keys on both shards go to both, each shard getting only its own keys', async () => {
    const ids = [idsByShard['-80'][5]!, idsByShard['80-'][5]!];
    const { data, plan } = await explainedTwice(`{ corder(where: { customer_id: { _in: ["${ids[0]}", "${ids[1]}"] } }, order_by: [{ order_id: asc }]) { order_id customer_id } }`);
    const expected = await bothShards<{ order_id: number; customer_id: number }>('corder', `SELECT order_id, customer_id FROM {T} WHERE customer_id IN (${ids.join(', ')}) ORDER BY order_id`);
    expect(data).toEqual({ corder: expected.map((r) => ({ order_id: String(r.order_id), customer_id: String(r.customer_id) })) });
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([['IN', ['-80', '80-']]]);
  });

  it('a where on another column scatters', async () => {
    const { data, plan } = await explainedTwice('{ corder(where: { status: { _eq: cancelled }, price: { _gt: "1000" } }, order_by: [{ order_id: asc }]) { order_id } }');
    const expected = await bothShards<{ order_id: number }>('corder', "SELECT order_id FROM {T} WHERE status = 'cancelled' AND price > 1000 ORDER BY order_id");
    expect(data).toEqual({ corder: expected.map((r) => ({ order_id: String(r.order_id) })) });
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([['Scatter', ['-80', '80-']]]);
  });
});

describe('scatter lists with order_by and limit', () => {
  it.each([
    ['price desc, then order_id', '[{ price: desc }, { order_id: asc }]', 'price DESC, order_id', 7, 0],
    ['created_at asc with an offset', '[{ created_at: asc }, { order_id: desc }]', 'created_at, order_id DESC', 5, 11],
    ['sku asc (text, merged by weight)', '[{ sku: asc }, { order_id: asc }]', 'sku, order_id', 9, 3],
  ])('merges the shards in order: %s', async (_what, orderBy, sqlOrder, limit, offset) => {
    const { data, plan } = await explainedTwice(`{ corder(order_by: ${orderBy}, limit: ${limit}, offset: ${offset}) { order_id price } }`);
    const expected = await bothShards<{ order_id: number; price: string }>('corder', `SELECT order_id, price FROM {T} ORDER BY ${sqlOrder} LIMIT ${limit} OFFSET ${offset}`);
    expect(data).toEqual({ corder: expected.map((r) => ({ order_id: String(r.order_id), price: r.price })) });
    expect(plan).toEqual([{ path: 'corder', keyspace: 'customer', opcode: 'Scatter', shards: ['-80', '80-'], sql: expect.stringMatching(/ limit :__upper_limit$/) }]);
  });

  it('an unsharded table is one Unsharded statement', async () => {
    const { data, plan } = await explainedTwice('{ product(order_by: [{ price: desc }, { sku: asc }], limit: 3) { sku price } }');
    const expected = await adminQuery<{ sku: string; price: string }>(`SELECT sku, price FROM \`${demo.databases['commerce/0']}\`.product ORDER BY price DESC, sku LIMIT 3`);
    expect(data).toEqual({ product: expected });
    expect(plan.map((p) => [p.keyspace, p.opcode, p.shards])).toEqual([['commerce', 'Unsharded', ['0']]]);
  });
});

describe('aggregates', () => {
  it('count, sum, avg (recombined from per-shard sum and count), min and max', async () => {
    const query = '{ corder_aggregate(where: { status: { _neq: cancelled } }) { aggregate { count sum { price } avg { price } min { price created_at } max { price } } } }';
    const { data, plan } = await explainedTwice(query);
    const [expected] = await bothShards<Record<string, string | number>>(
      'corder',
      "SELECT COUNT(*) AS n, SUM(price) AS s, AVG(price) AS a, MIN(price) AS lo, MAX(price) AS hi, DATE_FORMAT(MIN(created_at), '%Y-%m-%dT%H:%i:%s') AS first FROM {T} WHERE status <> 'cancelled'",
    );
    const aggregate = (data.corder_aggregate as { aggregate: { count: number; sum: { price: string }; avg: { price: number }; min: { price: string; created_at: string }; max: { price: string } } }).aggregate;
    expect(aggregate.count).toBe(Number(expected!.n));
    expect(aggregate.sum.price).toBe(String(expected!.s));
    expect(aggregate.avg.price).toBeCloseTo(Number(expected!.a), 4);
    expect(aggregate.min).toEqual({ price: String(expected!.lo), created_at: expected!.first });
    expect(aggregate.max.price).toBe(String(expected!.hi));
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([['Scatter', ['-80', '80-']]]);
    expect(plan[0]!.sql).not.toMatch(/avg\(/i);
  });

  it('an aggregate on one customer stays on its shard', async () => {
    const id = idsByShard['80-'][2]!;
    const { data, plan } = await explainedTwice(`{ corder_aggregate(where: { customer_id: { _eq: "${id}" } }) { aggregate { count } } }`);
    const [expected] = await bothShards<{ n: number }>('corder', `SELECT COUNT(*) AS n FROM {T} WHERE customer_id = ${id}`);
    expect(data).toEqual({ corder_aggregate: { aggregate: { count: Number(expected!.n) } } });
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([['EqualUnique', ['80-']]]);
  });
});

describe('connection pagination', () => {
  it.each([
    ['by name (ties broken by the primary key)', '[{ name: asc }]', 'name, customer_id', 7],
    ['by created_at desc', '[{ created_at: desc }]', 'created_at DESC, customer_id', 11],
  ])('all pages %s equal the unpaginated ordered list, and no page uses OFFSET', async (_what, orderBy, sqlOrder, pageSize) => {
    const expected = (await bothShards<{ id: number }>('customer', `SELECT customer_id AS id FROM {T} ORDER BY ${sqlOrder}`)).map((r) => String(r.id));
    const all = dataOf(await srv.query(`{ customer(order_by: ${orderBy}, limit: 1000) { customer_id } }`)).customer as { customer_id: string }[];
    expect(all.map((r) => r.customer_id)).toEqual(expected);
    for (const forceScatter of [false, true]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 100; page++) {
        const args: string = after === null ? `first: ${pageSize}` : `first: ${pageSize}, after: "${after}"`;
        const response = await srv.explain(`{ customer_connection(${args}, order_by: ${orderBy}) { edges { cursor node { customer_id } } pageInfo { hasNextPage endCursor } } }`, { forceScatter });
        const connection = dataOf(response).customer_connection as { edges: { cursor: string; node: { customer_id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        seen.push(...connection.edges.map((e) => e.node.customer_id));
        for (const entry of response.extensions!.plan!) expect(entry.sql).not.toMatch(/offset/i);
        if (!connection.pageInfo.hasNextPage) break;
        expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)!.cursor);
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    }
  });
});
