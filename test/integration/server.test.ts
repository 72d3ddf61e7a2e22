// The GraphQL server over real HTTP against the demo keyspaces: bad input of every kind gets a
// GraphQL error with its code and catalogue id while the server keeps serving, and the
// operational endpoints (/healthz, /readyz, /metrics, GraphiQL) answer as INTERFACES.md §4 says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { startDemoServer, upDemo, type Demo, type DemoServer } from '../helpers/demoServer.js';

let demo: Demo;
let srv: DemoServer;

beforeAll(async () => {
  demo = await upDemo();
  const configPath = await demo.writeConfig('limits.json', (json) => {
    json.limits = { maxRows: 500, maxDepth: 3, maxAliases: 4, maxTokens: 400 };
  });
  srv = await startDemoServer(configPath);
}, 120_000);

afterAll(async () => {
  await srv?.server.stop();
  await demo?.destroy();
});

/** A first connection cursor of customer by customer_id. */
async function firstCursor(): Promise<string> {
  const response = await srv.query('{ customer_connection(first: 1) { edges { cursor } } }');
  return (response.data!.customer_connection as { edges: { cursor: string }[] }).edges[0]!.cursor;
}

describe('bad input gets a GraphQL error with a code, and the server keeps serving', () => {
  it.each([
    ['a syntax error', '{ customer(limit: 2 { name } }', 'BAD_USER_INPUT', 'SG1100'],
    ['an unknown field', '{ customer { name shoe_size } }', 'BAD_USER_INPUT', 'SG1101'],
    ['an unknown root field', '{ customers { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a wrong argument type', '{ customer(limit: "ten") { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a wrong comparison type', '{ customer(where: { name: { _eq: 5 } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['an invalid BigInt string literal', '{ customer_by_pk(customer_id: "12x") { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a BigInt out of range', '{ customer_by_pk(customer_id: "18446744073709551616") { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a huge limit', '{ customer(limit: 100000) { name } }', 'RESOURCE_EXHAUSTED', 'SG1004'],
    ['a huge first', '{ customer_connection(first: 100000) { edges { cursor } } }', 'RESOURCE_EXHAUSTED', 'SG1004'],
    ['a negative limit', '{ customer(limit: -1) { name } }', 'BAD_USER_INPUT', 'SG1005'],
    ['a malformed cursor', '{ customer_connection(first: 2, after: "not-a-cursor") { edges { cursor } } }', 'BAD_USER_INPUT', 'SG1003'],
    ['a query deeper than limits.maxDepth', '{ customer_aggregate { aggregate { count } } customer_connection(first: 1) { edges { node { name } } } }', 'BAD_USER_INPUT', 'SG1103'],
    ['too many aliases', '{ a: customer(limit: 1) { n: name e: email } b: customer(limit: 1) { n: name e: email } }', 'BAD_USER_INPUT', 'SG1104'],
    ['too many tokens', `{ customer(limit: 1) { ${'name '.repeat(400)}} }`, 'BAD_USER_INPUT', 'SG1102'],
  ])('%s', async (_what, query, code, id) => {
    const response = await srv.query(query);
    expect(response.errors?.map((e) => [e.extensions.code, e.extensions.id])).toContainEqual([code, id]);
    for (const error of response.errors ?? []) expect(error.message).not.toMatch(/\bat \S+:\d+|node_modules/);
    expect((await srv.query('{ customer_by_pk(customer_id: "1") { customer_id } }')).data).toEqual({ customer_by_pk: { customer_id: '1' } });
  });

  it.each([
    ['a bad BigInt variable', 'query($id: BigInt!) { customer_by_pk(customer_id: $id) { name } }', { id: 'abc' }, 'SG1106'],
    ['a BigInt beyond 2^53 as a JSON number', 'query($id: BigInt!) { customer_by_pk(customer_id: $id) { name } }', { id: 2 ** 60 }, 'SG1106'],
    ['a missing variable', 'query($id: BigInt!) { customer_by_pk(customer_id: $id) { name } }', {}, 'SG1106'],
  ])('%s', async (_what, query, variables, id) => {
    const response = await srv.query(query, { variables });
    expect(response.errors?.map((e) => [e.extensions.code, e.extensions.id])).toEqual([['BAD_USER_INPUT', id]]);
  });

  it('refuses a forged cursor, a truncated one, and one for another order', async () => {
    const cursor = await firstCursor();
    const [payload, signature] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), t: 'customer.corder' })).toString('base64url');
    for (const bad of [`${forged}.${signature}`, cursor.slice(0, -3)]) {
      const response = await srv.query(`{ customer_connection(first: 1, after: "${bad}") { edges { cursor } } }`);
      expect(response.errors?.map((e) => e.extensions.id)).toEqual(['SG1003']);
    }
    const otherOrder = await srv.query(`{ customer_connection(first: 1, after: "${cursor}", order_by: [{ name: desc }]) { edges { cursor } } }`);
    expect(otherOrder.errors?.map((e) => [e.extensions.code, e.extensions.id])).toEqual([['BAD_USER_INPUT', 'SG1003']]);
  });

  it('answers a body that is not GraphQL-over-HTTP with SG1107', async () => {
    const response = await srv.query('', { body: '{"query": ' });
    expect(response.errors?.map((e) => [e.extensions.code, e.extensions.id])).toEqual([['BAD_USER_INPUT', 'SG1107']]);
  });
});

describe('X-Shardgate-Explain', () => {
  it('adds the statements executed, and nothing without the header', async () => {
    const plain = await srv.query('{ customer_by_pk(customer_id: "7") { name } }');
    expect(plain.extensions).toBeUndefined();
    const explained = await srv.explain('{ customer_by_pk(customer_id: "7") { name } }');
    expect(explained.extensions?.plan).toEqual([
      { path: 'customer_by_pk', keyspace: 'customer', opcode: 'EqualUnique', shards: [customerShardOf(7)], sql: expect.stringMatching(/^select .* from `customer` where `customer_id` = :/) },
    ]);
  });
});

describe('operational endpoints', () => {
  it('/healthz answers 200 and /readyz 200 naming every shard', async () => {
    expect((await fetch(`${srv.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${srv.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      shards: ['commerce/0', 'customer/-80', 'customer/80-'].map((shard) => ({ shard, tablet: `${shard}/primary`, ok: true })),
      failing: [],
    });
  });

  it('/metrics has the request, cache, pool and query counters', async () => {
    const query = '{ customer(where: { name: { _like: "A%" } }, limit: 3, order_by: [{ customer_id: asc }]) { customer_id } }';
    await srv.query(query);
    await srv.query(query);
    const response = await fetch(`${srv.origin}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const value = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? NaN);
    expect(value(/^shardgate_graphql_requests_total\{operation="query",outcome="ok"\} (\d+)$/m)).toBeGreaterThanOrEqual(2);
    expect(value(/^shardgate_graphql_errors_total\{code="BAD_USER_INPUT"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^shardgate_cache_hits_total\{cache="parse"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^shardgate_cache_hits_total\{cache="validate"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^shardgate_cache_hits_total\{cache="plan"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    for (const tablet of ['customer/-80/primary', 'customer/80-/primary']) {
      const [keyspace, shard] = tablet.split('/');
      const labels = `keyspace="${keyspace}",shard="${shard}",tablet="${tablet}",type="primary"`;
      expect(value(new RegExp(`^shardgate_tablet_queries_total\\{${labels}\\} (\\d+)$`, 'm'))).toBeGreaterThan(0);
      expect(value(new RegExp(`^shardgate_pool_max_connections\\{${labels}\\} (\\d+)$`, 'm'))).toBe(16);
      expect(value(new RegExp(`^shardgate_tablet_query_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm'))).toBeGreaterThan(0);
      expect(text).toMatch(new RegExp(`^shardgate_pool_connections\\{${labels},state="idle"\\} \\d+$`, 'm'));
    }
  });

  it('serves GraphiQL to a browser GET and GraphQL to a plain GET', async () => {
    const page = await fetch(srv.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
    const get = await fetch(`${srv.url}?query=${encodeURIComponent('{ customer_by_pk(customer_id: "1") { customer_id } }')}`, { headers: { accept: 'application/json' } });
    expect(await get.json()).toEqual({ data: { customer_by_pk: { customer_id: '1' } } });
  });
});
