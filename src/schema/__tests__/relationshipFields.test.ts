// Relationship fields on hand-made catalogs: their types and arguments, names sanitised and kept
// unique on the object type, and what the resolvers hand the (recording, fake) runtime: the
// parent's join columns read even when not selected, the child's selected columns, arguments in
// column names, index-free paths.

import { graphql, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ApiRow } from '../../resolvers/apiRuntime.js';
import type { ApiCatalog, ApiRelationship, ApiTable } from '../../resolvers/catalog.js';
import { buildGraphQLSchema } from '../buildGraphQLSchema.js';
import { demoCatalog, fakeRuntime } from './fixtures.js';

/** The demo-like catalog with relationships: corder.customer, customer.corders, and two whose names need care. */
function withRelationships(): { catalog: ApiCatalog; customer: ApiTable; corder: ApiTable } {
  const base = demoCatalog();
  const find = (name: string): ApiTable => base.tables.find((t) => t.table === name)!;
  const [customer, corder, product] = [find('customer'), find('corder'), find('product')];
  const rel = (kind: ApiRelationship['kind'], name: string, from: ApiTable, columns: string[], to: ApiTable, toColumns: string[]): ApiRelationship => ({
    kind,
    name,
    from,
    columns,
    to,
    toColumns,
    source: { kind: 'config', index: 0 },
  });
  const relationships = [
    rel('array', 'corders', customer, ['customer_id'], corder, ['customer_id']),
    // Sanitised to `recent_orders`; and `id` is the Relay id of a Node table: `id_2`.
    rel('array', 'recent-orders', customer, ['customer_id'], corder, ['customer_id']),
    rel('object', 'id', customer, ['customer_id'], customer, ['customer_id']),
    rel('object', 'customer', corder, ['customer_id'], customer, ['customer_id']),
    rel('object', 'product', corder, ['order_id'], product, ['sku']),
  ];
  return { catalog: { ...base, relationships }, customer, corder };
}

function fieldsOf(schema: GraphQLSchema, name: string): Record<string, { type: string; args: string[] }> {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
  return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, { type: f.type.toString(), args: f.args.map((a) => `${a.name}: ${a.type.toString()}`) }]));
}

async function run(source: string, rows: ApiRow[]) {
  const fake = fakeRuntime(rows);
  const schema = buildGraphQLSchema(withRelationships().catalog, fake.runtime);
  const result = await graphql({ schema, source, contextValue: fake.contextValue });
  return { result: JSON.parse(JSON.stringify(result)) as { data?: unknown; errors?: unknown[] }, calls: fake.calls };
}

describe('relationship fields', () => {
  it('object relationships are nullable; array ones take where/order_by/limit/offset and have R_aggregate', () => {
    const fake = fakeRuntime();
    const schema = buildGraphQLSchema(withRelationships().catalog, fake.runtime);
    const customer = fieldsOf(schema, 'customer');
    expect(customer.corders).toEqual({
      type: '[corder!]!',
      args: ['where: corder_bool_exp', 'order_by: [corder_order_by!]', 'limit: Int', 'offset: Int'],
    });
    expect(customer.corders_aggregate).toEqual({ type: 'corder_aggregate!', args: ['where: corder_bool_exp'] });
    expect(customer.recent_orders?.type).toBe('[corder!]!');
    expect(customer.recent_orders_aggregate?.type).toBe('corder_aggregate!');
    expect(customer.id_2).toEqual({ type: 'customer', args: [] });
    expect(customer.id?.type).toBe('ID!');
    expect(fieldsOf(schema, 'corder').customer).toEqual({ type: 'customer', args: [] });
  });

  it('a parent reads its join columns; children get their selected columns, column-named arguments and index-free paths', async () => {
    const rows = [
      { customer_id: 1n, email: 'a@x', order_id: 10n, status: 'paid' },
      { customer_id: 2n, email: 'b@x', order_id: 11n, status: 'paid' },
    ];
    const { result, calls } = await run(
      '{ customer { email corders(where: { status: { _eq: paid } }, order_by: [{ order_id: desc }], limit: 2, offset: 1) { order_id } corders_aggregate { aggregate { count } } } }',
      rows,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      customer: [
        { email: 'a@x', corders: [{ order_id: '10' }], corders_aggregate: { aggregate: { count: 1 } } },
        { email: 'b@x', corders: [{ order_id: '11' }], corders_aggregate: { aggregate: { count: 1 } } },
      ],
    });
    expect(calls[0]).toMatchObject({ fn: 'select', table: 'customer', columns: ['customer_id', 'email'] });
    const children = calls.filter((c) => c.fn === 'arrayRelationship');
    expect(children).toHaveLength(2);
    expect(children[0]).toMatchObject({
      table: 'corder',
      args: { relationship: 'corders', where: { status: { _eq: 'paid' } }, order_by: [{ order_id: 'desc' }], limit: 2, offset: 1 },
      columns: ['order_id'],
      path: 'customer.corders',
    });
    expect(calls.filter((c) => c.fn === 'relationshipAggregate').map((c) => [c.path, (c.args as { request: unknown }).request])).toEqual([
      ['customer.corders_aggregate', { count: true }],
      ['customer.corders_aggregate', { count: true }],
    ]);
  });

  it('an object relationship asks for the primary key with the selected columns', async () => {
    const { result, calls } = await run('{ corder { order_id customer { email } } }', [{ order_id: 10n, customer_id: 1n, email: 'a@x', status: 'paid' }]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ corder: [{ order_id: '10', customer: { email: 'a@x' } }] });
    expect(calls[0]).toMatchObject({ fn: 'select', columns: ['order_id', 'customer_id'] });
    expect(calls[1]).toMatchObject({ fn: 'objectRelationship', table: 'customer', columns: ['customer_id', 'email'], path: 'corder.customer' });
  });

  it("derives a field's columns and arguments once per operation: every parent gets the same ones, other variables their own", async () => {
    const fake = fakeRuntime([
      { customer_id: 1n, email: 'a@x', order_id: 10n, status: 'paid' },
      { customer_id: 2n, email: 'b@x', order_id: 11n, status: 'paid' },
    ]);
    const schema = buildGraphQLSchema(withRelationships().catalog, fake.runtime);
    const source = 'query ($n: Int) { customer { corders(limit: $n) { order_id } } }';
    for (const n of [1, 2]) {
      const result = await graphql({ schema, source, contextValue: fake.contextValue, variableValues: { n } });
      expect(result.errors).toBeUndefined();
    }
    const children = fake.calls.filter((c) => c.fn === 'arrayRelationship');
    expect(children.map((c) => (c.args as { limit?: number }).limit)).toEqual([1, 1, 2, 2]);
    expect(children[1]!.columns).toBe(children[0]!.columns);
    expect(children[3]!.columns).toBe(children[2]!.columns);
    expect(children[2]!.columns).not.toBe(children[0]!.columns);
  });

  it('leaves column fields named as their column without a resolver (read inline), and resolves renamed ones', async () => {
    const schema = buildGraphQLSchema(withRelationships().catalog, fakeRuntime().runtime);
    const customer = schema.getType('customer');
    if (!isObjectType(customer)) throw new Error('customer is not an object type');
    const fields = customer.getFields();
    expect(fields.email!.resolve).toBeUndefined();
    expect(fields.customer_id!.resolve).toBeUndefined();
    expect(fields.corders!.resolve).toBeDefined();
    const { result } = await run('{ customer { customer_id email } }', [{ customer_id: 7n, email: 'c@x' }]);
    expect(result.data).toEqual({ customer: [{ customer_id: '7', email: 'c@x' }] });
  });
});
