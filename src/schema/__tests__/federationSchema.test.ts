// Apollo Federation fields through graphql-js against the recording fake runtime: the subgraph SDL
// (link, keys, shareable, no plumbing; composed by @apollo/composition), `_service`, and
// `_entities`: which loader each @key uses, request order, nulls, and each bad representation.

import { composeServices } from '@apollo/composition';
import { graphql, parse, stripIgnoredCharacters } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ApiRow } from '../../resolvers/apiRuntime.js';
import { buildGraphQLSchema } from '../buildGraphQLSchema.js';
import { printSchemaSdl } from '../printSchemaSdl.js';
import { printApiSdl, printSubgraphSdl } from '../printSubgraphSdl.js';
import { catalog, column, demoCatalog, fakeRuntime, table } from './fixtures.js';

const demo = demoCatalog();
const rows: ApiRow[] = [
  { customer_id: 1n, email: 'a@x' },
  { customer_id: 4n, email: 'd@x' },
  { order_id: 10n, customer_id: 4n, status: 'paid', created_at: null },
  { sku: 'SKU-1', price: '9.99' },
];

function federated(rowsToServe: readonly ApiRow[] = rows) {
  const fake = fakeRuntime(rowsToServe);
  return { ...fake, schema: buildGraphQLSchema(demo, fake.runtime, { federation: true }) };
}

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on customer { email } ... on corder { status } ... on product { price } } }`;

async function entities(representations: unknown[]) {
  const { schema, contextValue, calls } = federated();
  const result = await graphql({ schema, source: ENTITIES, contextValue, variableValues: { r: representations } });
  return { result: JSON.parse(JSON.stringify(result)) as { data?: { _entities: unknown[] }; errors?: { message: string; path: unknown[] }[] }, calls };
}

describe('subgraph SDL', () => {
  const sdl = printSubgraphSdl(federated().schema);
  const flat = stripIgnoredCharacters(sdl);

  it('links federation v2.3, importing @key and @shareable', () => {
    expect(sdl.startsWith('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])\n')).toBe(true);
  });

  it('keys each table type by its primary key, and a sharded table also by sharding key + primary key', () => {
    expect(flat).toMatch(/type customer implements Node@key\(fields:"customer_id"\)\{/);
    expect(flat).toMatch(/type corder implements Node@key\(fields:"order_id"\)@key\(fields:"customer_id order_id"\)\{/);
    expect(flat).toMatch(/type product implements Node@key\(fields:"sku"\)\{/);
    expect(flat).toMatch(/type PageInfo@shareable\{/);
  });

  it('leaves out the federation plumbing and is otherwise the API SDL', () => {
    for (const hidden of ['_Any', '_Entity', '_Service', '_service', '_entities']) expect(sdl).not.toContain(hidden);
    const plain = printSchemaSdl(buildGraphQLSchema(demo, fakeRuntime().runtime));
    const strip = (text: string) => stripIgnoredCharacters(text).replace(/@(key|shareable|link)(\([^)]*\))?/g, '').replace(/extend schema/, '');
    expect(strip(sdl)).toBe(strip(plain));
  });

  it('is byte-stable, and what _service { sdl } and printApiSdl return', async () => {
    const { schema, contextValue } = federated();
    expect(printSubgraphSdl(schema)).toBe(sdl);
    expect(printApiSdl(schema)).toBe(sdl);
    expect(await graphql({ schema, source: '{ _service { sdl } }', contextValue })).toEqual({ data: { _service: { sdl } } });
    expect(sdl.endsWith('}\n')).toBe(true);
  });

  it('composes into a supergraph beside a subgraph that extends its entities', () => {
    const reviews = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type corder @key(fields: "customer_id order_id") { customer_id: BigInt! order_id: BigInt! review: String }
      type customer @key(fields: "customer_id", resolvable: false) { customer_id: BigInt! }
      type Query { topReview: corder }
      scalar BigInt`;
    const result = composeServices([
      { name: 'shardgate', typeDefs: parse(sdl), url: 'http://127.0.0.1:1/graphql' },
      { name: 'reviews', typeDefs: parse(reviews), url: 'http://127.0.0.1:2/graphql' },
    ]);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
  });

  it('has no _Entity or _entities without a table with a primary key, and nothing federated when off', async () => {
    const fake = fakeRuntime();
    const schema = buildGraphQLSchema(catalog(table('ks', 'log', [column('msg', 'VARCHAR')], { primaryKey: [] })), fake.runtime, { federation: true });
    expect(schema.getType('_Entity')).toBeUndefined();
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['log', 'log_aggregate', '_service']);
    const result = await graphql({ schema, source: '{ _service { sdl } }', contextValue: fake.contextValue });
    expect(result.errors).toBeUndefined();
    const off = buildGraphQLSchema(demo, fakeRuntime().runtime);
    expect(off.getQueryType()!.getFields()._service).toBeUndefined();
    expect(printApiSdl(off)).toBe(printSchemaSdl(off));
  });
});

describe('_entities', () => {
  it('answers in request order with null for missing entities', async () => {
    const { result, calls } = await entities([
      { __typename: 'customer', customer_id: '4' },
      { __typename: 'product', sku: 'SKU-1' },
      { __typename: 'customer', customer_id: 99 },
      { __typename: 'customer', customer_id: '1' },
    ]);
    expect(result).toEqual({
      data: { _entities: [{ __typename: 'customer', email: 'd@x' }, { __typename: 'product', price: '9.99' }, null, { __typename: 'customer', email: 'a@x' }] },
    });
    expect(calls.map((c) => [c.fn, c.table, c.args, c.columns, c.path])).toEqual([
      ['byPk', 'customer', { customer_id: 4n }, ['customer_id', 'email'], '_entities'],
      ['byPk', 'product', { sku: 'SKU-1' }, ['sku', 'price'], '_entities'],
      ['byPk', 'customer', { customer_id: 99n }, ['customer_id', 'email'], '_entities'],
      ['byPk', 'customer', { customer_id: 1n }, ['customer_id', 'email'], '_entities'],
    ]);
  });

  it('loads by sharding key + primary key when the representation carries both, else by primary key', async () => {
    const { result, calls } = await entities([
      { __typename: 'corder', customer_id: '4', order_id: '10' },
      { __typename: 'corder', order_id: 10 },
    ]);
    expect(result.data!._entities).toEqual([{ __typename: 'corder', status: 'paid' }, { __typename: 'corder', status: 'paid' }]);
    expect(calls.map((c) => [c.fn, c.args, c.columns])).toEqual([
      ['loadByKey', { keyColumns: ['customer_id', 'order_id'], key: { customer_id: 4n, order_id: 10n } }, ['order_id', 'customer_id', 'status']],
      ['byPk', { order_id: 10n }, ['order_id', 'status']],
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-object', 'customer', /representation 1: expected an object with __typename, got "customer"/],
    ['no __typename', { customer_id: '1' }, /representation 1: __typename must be a string, got undefined/],
    ['an unknown __typename', { __typename: 'Customer', customer_id: '1' }, /unknown __typename "Customer": not an entity type/],
    ['a type that is not an entity', { __typename: 'PageInfo', endCursor: 'x' }, /unknown __typename "PageInfo"/],
    ['missing key fields', { __typename: 'corder', customer_id: '4' }, /corder has no complete @key: "order_id" lacks order_id; "customer_id order_id" lacks order_id/],
    ['a key field of the wrong type', { __typename: 'customer', customer_id: 'abc' }, /customer\.customer_id must be a BigInt, got "abc"/],
    ['a key field out of range', { __typename: 'customer', customer_id: '99999999999999999999' }, /customer\.customer_id must be a BigInt/],
    ['a null key field', { __typename: 'customer', customer_id: null }, /customer\.customer_id is null/],
  ])('refuses %s in its own slot (SG1041)', async (_name, bad, message) => {
    const { result, calls } = await entities([{ __typename: 'customer', customer_id: '1' }, bad]);
    expect(result.data).toEqual({ _entities: [{ __typename: 'customer', email: 'a@x' }, null] });
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), path: ['_entities', 1] })]);
    expect(calls).toHaveLength(1);
  });
});
