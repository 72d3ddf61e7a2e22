// Relay Node through graphql-js against the recording fake runtime: which types implement Node,
// the `id`/`id_column` rule, what node(id:) and nodes(ids:) ask the runtime (pk and only the
// selected columns of the id's type), request order, nulls, and per-slot errors for bad ids.

import { Buffer } from 'node:buffer';
import { graphql, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ApiRow } from '../../resolvers/apiRuntime.js';
import { encodeGlobalId } from '../../resolvers/globalId.js';
import { buildGraphQLSchema } from '../buildGraphQLSchema.js';
import { catalog, column, demoCatalog, fakeRuntime, table } from './fixtures.js';

const demo = demoCatalog();
const customer = demo.tables.find((t) => t.table === 'customer')!;
const corder = demo.tables.find((t) => t.table === 'corder')!;
const rows: ApiRow[] = [
  { customer_id: 1n, email: 'a@x' },
  { customer_id: 4n, email: 'd@x' },
  { order_id: 10n, customer_id: 4n, status: 'paid', created_at: null },
];

async function run(source: string, variables?: Record<string, unknown>) {
  const fake = fakeRuntime(rows);
  const schema = buildGraphQLSchema(demo, fake.runtime);
  const result = await graphql({ schema, source, contextValue: fake.contextValue, ...(variables === undefined ? {} : { variableValues: variables }) });
  return { result: JSON.parse(JSON.stringify(result)) as { data?: Record<string, unknown>; errors?: { message: string; path: unknown[] }[] }, calls: fake.calls };
}

describe('Node types', () => {
  it('makes every table with a primary key implement Node, and only those', () => {
    const schema = buildGraphQLSchema(
      catalog(...demo.tables, table('ks', 'log', [column('msg', 'VARCHAR')], { primaryKey: [] })),
      fakeRuntime().runtime,
    );
    const implementing = schema.getPossibleTypes(schema.getType('Node') as never).map((t) => t.name).sort();
    expect(implementing).toEqual(['corder', 'customer', 'product']);
    expect((schema.getType('log') as GraphQLObjectType).getInterfaces()).toEqual([]);
  });

  it('serves a column named id as id_column on the object type and as id in every input', async () => {
    const t = table('ks', 'thing', [column('id', 'INT32'), column('id_column', 'VARCHAR')]);
    const fake = fakeRuntime([{ id: 3, id_column: 'x' }]);
    const schema = buildGraphQLSchema(catalog(t), fake.runtime);
    const fields = Object.keys((schema.getType('thing') as GraphQLObjectType).getFields());
    expect(fields).toEqual(['id', 'id_column_2', 'id_column']);
    expect(Object.keys((schema.getType('thing_bool_exp') as GraphQLObjectType).getFields())).toEqual(['_and', '_or', '_not', 'id', 'id_column']);
    expect(schema.getQueryType()!.getFields().thing_by_pk!.args.map((a) => a.name)).toEqual(['id']);
    const result = await graphql({ schema, source: '{ thing_by_pk(id: 3) { id id_column_2 id_column } }', contextValue: fake.contextValue });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ thing_by_pk: { id: encodeGlobalId(t, { id: 3 }), id_column_2: 3, id_column: 'x' } });
    expect(fake.calls[0]!.columns).toEqual(['id', 'id_column']);
  });

  it('keeps a column named id as it is on a table without a primary key', () => {
    const schema = buildGraphQLSchema(catalog(table('ks', 'log', [column('id', 'INT32')], { primaryKey: [] })), fakeRuntime().runtime);
    expect(Object.keys((schema.getType('log') as GraphQLObjectType).getFields())).toEqual(['id']);
    expect(schema.getQueryType()!.getFields().node).toBeUndefined();
  });

  it('reads the primary key when only id is selected in a list', async () => {
    const { result, calls } = await run('{ customer { id } }');
    expect(result.data).toEqual({ customer: rows.map((r) => ({ id: encodeGlobalId(customer, r) })) });
    expect(calls[0]!.columns).toEqual(['customer_id']);
  });
});

describe('node(id:)', () => {
  it('loads the row by primary key with only the columns its type selects', async () => {
    const id = encodeGlobalId(customer, { customer_id: 4n });
    const { result, calls } = await run(`query($id: ID!) { n: node(id: $id) { __typename id ... on customer { email } ... on corder { status } } }`, { id });
    expect(result).toEqual({ data: { n: { __typename: 'customer', id, email: 'd@x' } } });
    expect(calls).toEqual([{ fn: 'byPk', table: 'customer', args: { customer_id: 4n }, columns: ['customer_id', 'email'], path: 'n' }]);
  });

  it('is null for a key with no row', async () => {
    const { result } = await run(`{ node(id: "${encodeGlobalId(customer, { customer_id: 99n })}") { id } }`);
    expect(result).toEqual({ data: { node: null } });
  });

  it('refuses a forged id with SG1040 without calling the runtime', async () => {
    const forged = Buffer.from('[1,"customer","secret","1"]').toString('base64url');
    const { result, calls } = await run(`{ node(id: "${forged}") { id } }`);
    expect(result.data).toEqual({ node: null });
    expect(result.errors).toEqual([expect.objectContaining({ message: 'invalid global id: no served table customer.secret', path: ['node'] })]);
    expect(calls).toEqual([]);
  });
});

describe('nodes(ids:)', () => {
  it('answers in request order: rows, null for missing, an error only in a bad id\'s slot', async () => {
    const ids = [
      encodeGlobalId(corder, { order_id: 10n }),
      encodeGlobalId(customer, { customer_id: 1n }),
      'not-an-id',
      encodeGlobalId(customer, { customer_id: 77n }),
      encodeGlobalId(customer, { customer_id: 4n }),
    ];
    const { result, calls } = await run('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on customer { email } ... on corder { customer_id } } }', { ids });
    expect(result.data).toEqual({
      nodes: [{ id: ids[0], customer_id: '4' }, { id: ids[1], email: 'a@x' }, null, null, { id: ids[4], email: 'd@x' }],
    });
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^invalid global id: "not-an-id" does not decode/), path: ['nodes', 2] })]);
    expect(calls.map((c) => [c.table, c.args, c.columns])).toEqual([
      ['corder', { order_id: 10n }, ['order_id', 'customer_id']],
      ['customer', { customer_id: 1n }, ['customer_id', 'email']],
      ['customer', { customer_id: 77n }, ['customer_id', 'email']],
      ['customer', { customer_id: 4n }, ['customer_id', 'email']],
    ]);
  });

  it('answers an empty list with an empty list', async () => {
    expect((await run('{ nodes(ids: []) { id } }')).result).toEqual({ data: { nodes: [] } });
  });
});
