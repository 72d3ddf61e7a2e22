// Apollo Federation end to end against the demo keyspaces on the shared MariaDB, with
// `"federation": true`: `_service`, `_entities` with 100 representations per type (statements per
// shard counted from extensions.plan), order, nulls and bad representations; then a real router,
// @apollo/gateway in this process composing shardgate with a small reviews subgraph
// (@apollo/subgraph on graphql-yoga) and querying fields that only shardgate's entities have.

import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLScalarType, parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { startDemoServer, upDemo, type Demo, type DemoServer, type ExplainEntry } from '../helpers/demoServer.js';
import { statementsByTable } from '../helpers/planCounts.js';
import { dataOf } from '../helpers/responseData.js';
import { runCli } from '../helpers/runCli.js';

let demo: Demo;
let srv: DemoServer;
let federationConfig: string;

interface Customer { customer_id: string; name: string; email: string }
interface Order { order_id: string; customer_id: string; status: string; price: string }
let customers: Customer[];
let orders: Order[];

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on customer { customer_id name email } ... on corder { order_id customer_id status price } } }`;

beforeAll(async () => {
  demo = await upDemo();
  federationConfig = await demo.writeConfig('federation.json', (json) => { json.federation = true; });
  srv = await startDemoServer(federationConfig);
  const data = dataOf(await srv.query('{ customer(order_by: [{customer_id: asc}]) { customer_id name email } corder(order_by: [{order_id: asc}], limit: 100) { order_id customer_id status price } }'));
  customers = data.customer as Customer[];
  orders = data.corder as Order[];
}, 120_000);

afterAll(async () => {
  await srv?.server.stop();
  await demo?.destroy();
});

describe('_service', () => {
  it('answers the subgraph SDL with @link and the @keys', async () => {
    const { _service } = dataOf(await srv.query('{ _service { sdl } }')) as { _service: { sdl: string } };
    expect(_service.sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.3", import: \["@key", "@shareable"\]\)\n/);
    expect(_service.sdl).toMatch(/type corder implements Node @key\(fields: "order_id"\) @key\(fields: "customer_id order_id"\) \{/);
    expect(_service.sdl).toMatch(/type customer implements Node @key\(fields: "customer_id"\) \{/);
  });

  it('is what `shardgate schema print` prints with federation on', async () => {
    const { _service } = dataOf(await srv.query('{ _service { sdl } }')) as { _service: { sdl: string } };
    const printed = await runCli('schema', 'print', '--config', federationConfig);
    expect(printed.code).toBe(0);
    expect(`${printed.out.join('\n')}\n`).toBe(_service.sdl);
  });
});

describe('_entities', () => {
  it('resolves 100 customers with one statement per shard, in request order', async () => {
    const wanted = customers.map((c) => ({ __typename: 'customer', customer_id: c.customer_id })).reverse();
    const response = await srv.explain(ENTITIES, { variables: { r: wanted } });
    expect(dataOf(response)).toEqual({ _entities: [...customers].reverse().map((c) => ({ __typename: 'customer', ...c })) });
    expect(statementsByTable(response.extensions!.plan!)).toEqual({ customer: { 'customer/-80': 1, 'customer/80-': 1 } });
  });

  it('resolves 100 orders by sharding key + primary key with one statement per owning shard', async () => {
    const response = await srv.explain(ENTITIES, { variables: { r: orders.map((o) => ({ __typename: 'corder', customer_id: o.customer_id, order_id: o.order_id })) } });
    expect(dataOf(response)).toEqual({ _entities: orders.map((o) => ({ __typename: 'corder', ...o })) });
    const plan = response.extensions!.plan!;
    expect(statementsByTable(plan)).toEqual({ corder: { 'customer/-80': 1, 'customer/80-': 1 } });
    for (const entry of plan) expect(entry.shards).toHaveLength(1);
  });

  it('asks only the owning shard when every order lives there', async () => {
    const onX80 = orders.filter((o) => customerShardOf(Number(o.customer_id)) === '-80').slice(0, 20);
    const response = await srv.explain(ENTITIES, { variables: { r: onX80.map((o) => ({ __typename: 'corder', customer_id: o.customer_id, order_id: o.order_id })) } });
    expect(dataOf(response)).toEqual({ _entities: onX80.map((o) => ({ __typename: 'corder', ...o })) });
    expect(statementsByTable(response.extensions!.plan!)).toEqual({ corder: { 'customer/-80': 1 } });
  });

  it('resolves orders by primary key alone with one (scattered) statement per shard', async () => {
    const response = await srv.explain(ENTITIES, { variables: { r: orders.map((o) => ({ __typename: 'corder', order_id: o.order_id })) } });
    expect(dataOf(response)).toEqual({ _entities: orders.map((o) => ({ __typename: 'corder', ...o })) });
    expect(statementsByTable(response.extensions!.plan!)).toEqual({ corder: { 'customer/-80': 1, 'customer/80-': 1 } });
  });

  it('answers null for missing entities and the same data forced to scatter', async () => {
    const r = [
      { __typename: 'customer', customer_id: customers[1]!.customer_id },
      { __typename: 'customer', customer_id: '987654321' },
      { __typename: 'corder', customer_id: orders[0]!.customer_id, order_id: '987654321' },
      { __typename: 'corder', customer_id: orders[2]!.customer_id, order_id: orders[2]!.order_id },
    ];
    const expected = { _entities: [{ __typename: 'customer', ...customers[1] }, null, null, { __typename: 'corder', ...orders[2] }] };
    expect(dataOf(await srv.explain(ENTITIES, { variables: { r } }))).toEqual(expected);
    expect(dataOf(await srv.explain(ENTITIES, { variables: { r }, forceScatter: true }))).toEqual(expected);
  });

  it('refuses bad representations in their own slots with BAD_USER_INPUT (SG1041), before any SQL', async () => {
    const bad = [
      { __typename: 'Review', id: '1' },
      { __typename: 'corder', customer_id: '1' },
      { __typename: 'customer', customer_id: 'one' },
      { customer_id: '1' },
    ];
    const response = await srv.explain(ENTITIES, { variables: { r: [{ __typename: 'customer', customer_id: customers[0]!.customer_id }, ...bad] } });
    expect(response.data).toEqual({ _entities: [{ __typename: 'customer', ...customers[0] }, null, null, null, null] });
    expect(response.errors!.map((e) => [e.path, e.extensions.code, e.extensions.id])).toEqual([1, 2, 3, 4].map((i) => [['_entities', i], 'BAD_USER_INPUT', 'SG1041']));
    expect(response.errors!.map((e) => e.message)).toEqual([
      'invalid entity representation 1: unknown __typename "Review": not an entity type of this subgraph',
      'invalid entity representation 2: corder has no complete @key: "order_id" lacks order_id; "customer_id order_id" lacks order_id',
      expect.stringMatching(/^invalid entity representation 3: customer\.customer_id must be a BigInt, got "one"/),
      'invalid entity representation 4: __typename must be a string, got undefined',
    ]);
    expect(statementsByTable(response.extensions!.plan!)).toEqual({ customer: { [`customer/${customerShardOf(Number(customers[0]!.customer_id))}`]: 1 } });
  });
});

describe('through @apollo/gateway', () => {
  let reviews: Server;
  let gateway: ApolloGateway;
  const shardgatePlans: ExplainEntry[][] = [];

  /** Reviews of the first 100 orders, each by the order's customer: the subgraph knows only their keys. */
  const REVIEWS = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    scalar BigInt
    type corder @key(fields: "customer_id order_id", resolvable: false) { customer_id: BigInt! order_id: BigInt! }
    type customer @key(fields: "customer_id", resolvable: false) { customer_id: BigInt! }
    type Review { id: ID! stars: Int! order: corder! author: customer! }
    type Query { reviews: [Review!]! }`;

  beforeAll(async () => {
    const BigIntScalar = new GraphQLScalarType({ name: 'BigInt', serialize: (v) => String(v), parseValue: (v) => String(v) });
    const schema = buildSubgraphSchema({
      typeDefs: parse(REVIEWS),
      resolvers: {
        BigInt: BigIntScalar,
        Query: {
          reviews: () =>
            orders.map((o, i) => ({ id: `r${i}`, stars: (i % 5) + 1, order: { customer_id: o.customer_id, order_id: o.order_id }, author: { customer_id: o.customer_id } })),
        },
      },
    });
    reviews = createServer(createYoga({ schema, logging: false }));
    await new Promise<void>((resolve) => reviews.listen(0, '127.0.0.1', resolve));
    const reviewsUrl = `http://127.0.0.1:${(reviews.address() as AddressInfo).port}/graphql`;
    const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    gateway = new ApolloGateway({
      logger: silent,
      supergraphSdl: new IntrospectAndCompose({ subgraphs: [{ name: 'shardgate', url: srv.url }, { name: 'reviews', url: reviewsUrl }] }),
      buildService: ({ name, url }) =>
        new (class extends RemoteGraphQLDataSource {
          override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
            if (name === 'shardgate') request.http?.headers.set('x-shardgate-explain', 'true');
          }
          override didReceiveResponse({ response }: Parameters<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>[0]) {
            const plan = (response.extensions as { plan?: ExplainEntry[] } | undefined)?.plan;
            if (name === 'shardgate' && plan !== undefined) shardgatePlans.push(plan);
            return response;
          }
        })({ url: url! }),
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => reviews?.close(resolve));
  });

  it('composes both subgraphs and answers a query that needs shardgate\'s entities, one statement per shard per table', async () => {
    const { executor } = await gateway.load();
    const query = '{ reviews { id stars order { order_id status price } author { name email } } }';
    const result = await executor({
      request: { query, variables: {} },
      document: parse(query),
      queryHash: createHash('sha256').update(query).digest('hex'),
      operationName: null,
      context: {},
      metrics: {},
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    } as unknown as Parameters<typeof executor>[0]);
    expect(result.errors).toBeUndefined();
    const byId = new Map(customers.map((c) => [c.customer_id, c]));
    expect(result.data).toEqual({
      reviews: orders.map((o, i) => ({
        id: `r${i}`,
        stars: (i % 5) + 1,
        order: { order_id: o.order_id, status: o.status, price: o.price },
        author: { name: byId.get(o.customer_id)!.name, email: byId.get(o.customer_id)!.email },
      })),
    });
    const counts = statementsByTable(shardgatePlans.flat());
    expect(Object.keys(counts)).toEqual(['corder', 'customer']);
    for (const perShard of Object.values(counts)) {
      for (const [shard, n] of Object.entries(perShard)) expect([shard, n]).toEqual([shard, 1]);
    }
  });
});
