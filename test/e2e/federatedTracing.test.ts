// Federated tracing (ftv1) on the demo with `"federation": true`, over shardgate's real schema
// and resolvers (relationships through the DataLoaders, `_entities`, `_service`): a request with
// `apollo-federation-include-trace: ftv1` gets the same data, the same statements per shard and a
// decodable trace of its fields; without the header, and on a server with federation off, no
// ftv1. src/server/__tests__/useFederatedTracing.test.ts covers the fast path / graphql-jit
// combinations, timings and errors on a small schema.

import { Trace } from '@apollo/usage-reporting-protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACE_HEADER } from '../../src/server/useFederatedTracing.js';
import { startDemoServer, upDemo, type Demo, type DemoServer, type GraphQLResponse } from '../helpers/demoServer.js';
import { statementsByTable } from '../helpers/planCounts.js';
import { dataOf } from '../helpers/responseData.js';

const FTV1 = { [TRACE_HEADER]: 'ftv1' };
const NESTED = '{ customer(limit: 3, order_by: [{customer_id: asc}]) { customer_id name corders(limit: 2, order_by: [{order_id: asc}]) { order_id status } } }';
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on customer { customer_id name } } }';

let demo: Demo;
let federated: DemoServer;
let plain: DemoServer;

beforeAll(async () => {
  demo = await upDemo();
  federated = await startDemoServer(await demo.writeConfig('federation.json', (json) => { json.federation = true; }));
  plain = await startDemoServer(demo.configPath);
}, 120_000);

afterAll(async () => {
  await federated?.server.stop();
  await plain?.server.stop();
  await demo?.destroy();
});

/** The field nodes of the trace in `response` as `path: parentType.type`, depth first. */
function tracedFields(response: GraphQLResponse): string[] {
  const ftv1 = response.extensions?.ftv1;
  expect(typeof ftv1).toBe('string');
  const trace = Trace.decode(Buffer.from(ftv1 as string, 'base64'));
  expect(Number(trace.durationNs)).toBeGreaterThan(0);
  const out: string[] = [];
  const walk = (node: Trace.INode, prefix: string): void => {
    for (const c of node.child ?? []) {
      const path = `${prefix}${c.responseName ? c.responseName : String(c.index)}`;
      if (c.responseName) {
        expect(Number(c.endTime), path).toBeGreaterThanOrEqual(Number(c.startTime));
        expect(Number(c.endTime), path).toBeLessThanOrEqual(Number(trace.durationNs));
        out.push(`${path}: ${c.parentType ?? ''}.${c.type ?? ''}`);
      }
      walk(c, `${path}.`);
    }
  };
  walk(trace.root!, '');
  return out;
}

describe('federation on', () => {
  it('traces a nested query: same data and statements as untraced, one node per field', async () => {
    const untraced = await federated.explain(NESTED);
    const traced = await federated.query(NESTED, { headers: { ...FTV1, 'x-shardgate-explain': 'true' } });
    expect(dataOf(traced)).toEqual(dataOf(untraced));
    expect(statementsByTable(traced.extensions!.plan!)).toEqual(statementsByTable(untraced.extensions!.plan!));
    const fields = tracedFields(traced);
    const customers = dataOf(untraced).customer as { corders: unknown[] }[];
    expect(fields).toContain('customer: Query.[customer!]!');
    expect(fields).toContain('customer.0.corders: customer.[corder!]!');
    expect(fields).toContain('customer.2.name: customer.String!');
    const orderFields = customers.reduce((n, c) => n + c.corders.length, 0) * 2;
    expect(fields).toHaveLength(1 + customers.length * 3 + orderFields);
  });

  it('traces _entities through the loaders, in request order', async () => {
    const r = [{ __typename: 'customer', customer_id: 2 }, { __typename: 'customer', customer_id: 1 }];
    const traced = await federated.query(ENTITIES, { variables: { r }, headers: FTV1 });
    expect(dataOf(traced)).toEqual(dataOf(await federated.query(ENTITIES, { variables: { r } })));
    // __typename is graphql-js's meta field, not a resolver: Apollo's traces leave it out too.
    expect(tracedFields(traced)).toEqual([
      '_entities: Query.[_Entity]!',
      '_entities.0.customer_id: customer.BigInt!',
      '_entities.0.name: customer.String!',
      '_entities.1.customer_id: customer.BigInt!',
      '_entities.1.name: customer.String!',
    ]);
  });

  it('answers _service { sdl } traced as untraced (the traced schema copy keeps the federation directives)', async () => {
    const traced = await federated.query('{ _service { sdl } }', { headers: FTV1 });
    expect(dataOf(traced)).toEqual(dataOf(await federated.query('{ _service { sdl } }')));
    expect(tracedFields(traced)).toEqual(['_service: Query._Service!', '_service.sdl: _Service.String']);
  });

  it('traces a mutation, whose transaction commits as untraced', async () => {
    const traced = await federated.query('mutation { insert_customer_one(object: { email: "ftv1@example.com", name: "Traced" }) { customer_id name } }', { headers: FTV1 });
    const { insert_customer_one: inserted } = dataOf(traced) as { insert_customer_one: { customer_id: string; name: string } };
    expect(inserted.name).toBe('Traced');
    expect(tracedFields(traced)).toEqual(['insert_customer_one: Mutation.customer', 'insert_customer_one.customer_id: customer.BigInt!', 'insert_customer_one.name: customer.String!']);
    const read = await federated.query(`{ customer_by_pk(customer_id: ${inserted.customer_id}) { name } }`);
    expect(dataOf(read)).toEqual({ customer_by_pk: { name: 'Traced' } });
  });

  it('adds no ftv1 without the header', async () => {
    expect((await federated.query(NESTED)).extensions).toBeUndefined();
  });
});

describe('federation off', () => {
  it('ignores the header', async () => {
    const response = await plain.query(NESTED, { headers: FTV1 });
    expect(dataOf(response).customer).toHaveLength(3);
    expect(response.extensions).toBeUndefined();
  });
});
