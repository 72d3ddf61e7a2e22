// The mutation half of the generated schema (issue #7) on hand-made catalogs: the input and
// response types each table gets (which columns, which are required, which are left out), which
// tables get which fields, names against the reserved ones, and the resolvers executed through
// graphql-js against a recording fake mutation runtime: column names, returning selections,
// on_conflict and by-pk arguments as the runtime receives them.

import { graphql, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ApiRow } from '../../resolvers/apiRuntime.js';
import type { ApiTable } from '../../resolvers/catalog.js';
import type { MutationRuntime } from '../../resolvers/mutationTypes.js';
import { buildGraphQLSchema } from '../buildGraphQLSchema.js';
import { catalog, column, enumValues, fakeRuntime, fieldTypes, table } from './fixtures.js';

interface MutationCall {
  readonly fn: keyof MutationRuntime;
  readonly table: string;
  readonly args: unknown;
  readonly columns: readonly string[] | null;
  readonly path: string;
  readonly alone: boolean | undefined;
}

/** A fake mutation runtime: every call logged; results are `rows` (affected_rows = their count). */
function fakeMutations(rows: readonly ApiRow[] = []): { mutations: MutationRuntime; calls: MutationCall[] } {
  const calls: MutationCall[] = [];
  const log = (fn: keyof MutationRuntime, t: ApiTable, args: unknown, columns: readonly string[] | null, path: string, alone: boolean | undefined) =>
    calls.push({ fn, table: t.table, args, columns, path, alone });
  const result = { affected_rows: rows.length, returning: rows };
  const mutations: MutationRuntime = {
    insert: async (_ctx, t, args, returning, path, alone) => (log('insert', t, args, returning, path, alone), result),
    insertOne: async (_ctx, t, args, columns, path, alone) => (log('insertOne', t, args, columns, path, alone), rows[0] ?? null),
    update: async (_ctx, t, args, returning, path, alone) => (log('update', t, args, returning, path, alone), result),
    updateByPk: async (_ctx, t, args, columns, path, alone) => (log('updateByPk', t, args, columns, path, alone), rows[0] ?? null),
    delete: async (_ctx, t, where, returning, path, alone) => (log('delete', t, where, returning, path, alone), result),
    deleteByPk: async (_ctx, t, pk, columns, path, alone) => (log('deleteByPk', t, pk, columns, path, alone), rows[0] ?? null),
  };
  return { mutations, calls };
}

function schemaOf(tables: ApiTable[], rows: readonly ApiRow[] = []) {
  const fake = fakeRuntime();
  const mutations = fakeMutations(rows);
  return { schema: buildGraphQLSchema(catalog(...tables), { ...fake.runtime, mutations: mutations.mutations }), calls: mutations.calls, contextValue: fake.contextValue };
}

function signatures(schema: GraphQLSchema): Record<string, string> {
  const fields = schema.getMutationType()?.getFields() ?? {};
  return Object.fromEntries(Object.values(fields).map((f) => [f.name, `(${f.args.map((a) => `${a.name}: ${a.type}${a.defaultValue === undefined ? '' : ` = ${JSON.stringify(a.defaultValue)}`}`).join(', ')}) → ${f.type}`]));
}

/** A sharded table with every kind of column an insert treats differently. */
const orders = table(
  'shop',
  'orders',
  [
    column('id', 'INT64', { autoIncrement: false, hasDefault: true, comment: 'From a sequence' }),
    column('customer_id', 'INT64'),
    column('status', 'ENUM', { enumValues: ['new', 'paid'], hasDefault: true }),
    column('note', 'VARCHAR', { nullable: true, hasDefault: true }),
    column('total', 'DECIMAL'),
    column('paid', 'INT8', { isBoolean: true, hasDefault: true }),
    column('total_cents', 'INT64', { generated: true, hasDefault: true, nullable: true }),
    column('order no', 'VARCHAR'),
  ],
  {
    sharded: true,
    shardingColumns: ['customer_id'],
    primaryVindex: { name: 'hash', type: 'hash' },
    sequenceColumn: 'id',
    uniqueKeys: [{ name: 'orders_order_no', columns: ['order no'] }, { name: 'true', columns: ['note'] }],
  },
);

describe('mutation types', () => {
  const { schema } = schemaOf([orders]);

  it('T_insert_input: writable columns; NOT NULL without default, sequence or generation required', () => {
    expect(fieldTypes(schema, 'orders_insert_input')).toEqual({
      id: 'BigInt',
      customer_id: 'BigInt!',
      status: 'orders_status_enum',
      note: 'String',
      total: 'Decimal!',
      paid: 'Boolean',
      order_no: 'String!',
    });
    const input = schema.getType('orders_insert_input') as GraphQLInputObjectType;
    expect(input.getFields().order_no!.description).toBe('Column `order no`.');
    expect(input.getFields().customer_id!.description).toBe('Sharding key (vindex hash).');
  });

  it('T_set_input: every writable column, all nullable; T_inc_input: numeric ones only', () => {
    expect(fieldTypes(schema, 'orders_set_input')).toEqual({
      id: 'BigInt', customer_id: 'BigInt', status: 'orders_status_enum', note: 'String', total: 'Decimal', paid: 'Boolean', order_no: 'String',
    });
    expect(fieldTypes(schema, 'orders_inc_input')).toEqual({ id: 'BigInt', customer_id: 'BigInt', total: 'Decimal' });
    expect(fieldTypes(schema, 'orders_pk_columns_input')).toEqual({ id: 'BigInt!' });
  });

  it('T_on_conflict names a key of T_constraint (PRIMARY and UNIQUE keys by their names) and T_update_column columns', () => {
    expect(enumValues(schema, 'orders_constraint')).toEqual({ PRIMARY: 'PRIMARY', orders_order_no: 'orders_order_no', true_2: 'true' });
    expect(enumValues(schema, 'orders_update_column')).toEqual({ id: 'id', customer_id: 'customer_id', status: 'status', note: 'note', total: 'total', paid: 'paid', order_no: 'order no' });
    expect(fieldTypes(schema, 'orders_on_conflict')).toEqual({ constraint: 'orders_constraint!', update_columns: '[orders_update_column!]!' });
    const onConflict = schema.getType('orders_on_conflict') as GraphQLInputObjectType;
    expect(onConflict.getFields().update_columns!.defaultValue).toEqual([]);
  });

  it('T_mutation_response has affected_rows and returning rows of T', () => {
    expect(fieldTypes(schema, 'orders_mutation_response')).toEqual({ affected_rows: 'Int!', returning: '[orders!]!' });
  });

  it('has the six mutation fields of INTERFACES.md §5 with Hasura arguments, all nullable', () => {
    expect(signatures(schema)).toEqual({
      insert_orders: '(objects: [orders_insert_input!]!, on_conflict: orders_on_conflict) → orders_mutation_response',
      insert_orders_one: '(object: orders_insert_input!, on_conflict: orders_on_conflict) → orders',
      update_orders: '(where: orders_bool_exp!, _set: orders_set_input, _inc: orders_inc_input) → orders_mutation_response',
      delete_orders: '(where: orders_bool_exp!) → orders_mutation_response',
      update_orders_by_pk: '(pk_columns: orders_pk_columns_input!, _set: orders_set_input, _inc: orders_inc_input) → orders',
      delete_orders_by_pk: '(id: BigInt!) → orders',
    });
    expect(schema.getMutationType()!.getFields().update_orders!.description).toContain('which limits.allowScatterWrites must allow');
  });
});

describe('which tables get which mutations', () => {
  it('gives views nothing, tables without a primary key no by_pk fields, tables without keys no on_conflict, tables without numbers no _inc', () => {
    const { schema } = schemaOf([
      table('ks', 'v', [column('id', 'INT32')], { view: true, primaryKey: [] }),
      table('ks', 'log', [column('msg', 'VARCHAR'), column('at', 'DATETIME', { hasDefault: true })], { primaryKey: [] }),
      table('ks', 'tag', [column('name', 'VARCHAR')]),
    ]);
    expect(signatures(schema)).toEqual({
      insert_log: '(objects: [log_insert_input!]!) → log_mutation_response',
      insert_log_one: '(object: log_insert_input!) → log',
      update_log: '(where: log_bool_exp!, _set: log_set_input) → log_mutation_response',
      delete_log: '(where: log_bool_exp!) → log_mutation_response',
      insert_tag: '(objects: [tag_insert_input!]!, on_conflict: tag_on_conflict) → tag_mutation_response',
      insert_tag_one: '(object: tag_insert_input!, on_conflict: tag_on_conflict) → tag',
      update_tag: '(where: tag_bool_exp!, _set: tag_set_input) → tag_mutation_response',
      delete_tag: '(where: tag_bool_exp!) → tag_mutation_response',
      update_tag_by_pk: '(pk_columns: tag_pk_columns_input!, _set: tag_set_input) → tag',
      delete_tag_by_pk: '(name: String!) → tag',
    });
    for (const missing of ['v_insert_input', 'log_constraint', 'log_on_conflict', 'log_pk_columns_input', 'log_inc_input', 'tag_inc_input']) expect(schema.getType(missing)).toBeUndefined();
  });

  it('has no Mutation type for a read-only runtime or without a writable table', () => {
    expect(buildGraphQLSchema(catalog(orders), fakeRuntime().runtime).getMutationType()).toBeUndefined();
    expect(schemaOf([table('ks', 'v', [column('id', 'INT32')], { view: true, primaryKey: [] })]).schema.getMutationType()).toBeUndefined();
  });
});

describe('mutation names', () => {
  it('reserves every mutation type name: a table named like one is renamed, one named like a mutation field is not', () => {
    const id = [column('id', 'INT32')];
    const { schema } = schemaOf([table('ks', 'customer', id), table('ks', 'customer_insert_input', id), table('ks', 'customer_mutation_response', id), table('ks', 'insert_customer', id)]);
    expect(fieldTypes(schema, 'customer_insert_input')).toEqual({ id: 'Int!' });
    expect(schema.getQueryType()!.getFields().customer_insert_input_2).toBeDefined();
    expect(schema.getQueryType()!.getFields().customer_mutation_response_2).toBeDefined();
    expect(Object.keys(signatures(schema))).toEqual(expect.arrayContaining(['insert_customer', 'insert_customer_insert_input_2', 'insert_insert_customer', 'delete_customer_mutation_response_2_by_pk']));
    expect(schema.getQueryType()!.getFields().insert_customer).toBeDefined();
  });
});

describe('mutation resolvers', () => {
  const row = { id: 7n, customer_id: 3n, status: 'new', note: null, total: '9.50', paid: false, total_cents: 950n, 'order no': 'A-1' };

  async function run(source: string, variables?: Record<string, unknown>) {
    const { schema, calls, contextValue } = schemaOf([orders], [row]);
    const result = await graphql({ schema, source, contextValue, ...(variables === undefined ? {} : { variableValues: variables }) });
    return { result: JSON.parse(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))) as { data?: Record<string, unknown>; errors?: unknown[] }, calls };
  }

  it('insert_T passes objects and on_conflict by column name, returning columns only when selected', async () => {
    const { result, calls } = await run(`mutation {
      a: insert_orders(objects: [{ customer_id: "3", total: "9.50", order_no: "A-1" }], on_conflict: { constraint: orders_order_no, update_columns: [total, order_no] }) { affected_rows returning { order_no total_cents } }
      b: insert_orders(objects: [{ customer_id: "4", total: 1, order_no: "B" }]) { affected_rows }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a: { affected_rows: 1, returning: [{ order_no: 'A-1', total_cents: '950' }] }, b: { affected_rows: 1 } });
    expect(calls).toEqual([
      {
        fn: 'insert',
        table: 'orders',
        args: { objects: [{ customer_id: 3n, total: '9.50', 'order no': 'A-1' }], on_conflict: { constraint: 'orders_order_no', update_columns: ['total', 'order no'] } },
        columns: ['id', 'total_cents', 'order no'],
        path: 'a',
        alone: false,
      },
      { fn: 'insert', table: 'orders', args: { objects: [{ customer_id: 4n, total: '1', 'order no': 'B' }], on_conflict: undefined }, columns: null, path: 'b', alone: false },
    ]);
  });

  it('on_conflict without update_columns passes an empty list (keep the existing row); an only root field is alone', async () => {
    const { calls } = await run('mutation { insert_orders_one(object: { customer_id: "3", total: "1", order_no: "A" }, on_conflict: { constraint: PRIMARY }) { id } }');
    expect(calls[0]).toMatchObject({ fn: 'insertOne', args: { objects: [{ customer_id: 3n, total: '1', 'order no': 'A' }], on_conflict: { constraint: 'PRIMARY', update_columns: [] } }, columns: ['id'], alone: true });
  });

  it('a field with a directive is not alone (only a bare only root field may autocommit)', async () => {
    const { calls } = await run('mutation { insert_orders_one(object: { customer_id: "3", total: "1", order_no: "A" }) @include(if: true) { id } }');
    expect(calls.map((c) => c.alone)).toEqual([false]);
  });

  it('update_T and delete_T pass where, _set and _inc by column name', async () => {
    const { result, calls } = await run(`mutation {
      update_orders(where: { order_no: { _eq: "A" } }, _set: { note: null, order_no: "Z" }, _inc: { total: "1.5" }) { affected_rows returning { id } }
      delete_orders(where: { _or: [{ order_no: { _like: "Z%" } }, { id: { _eq: "1" } }] }) { returning { status } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(calls).toEqual([
      { fn: 'update', table: 'orders', args: { where: { 'order no': { _eq: 'A' } }, _set: { note: null, 'order no': 'Z' }, _inc: { total: '1.5' } }, columns: ['id'], path: 'update_orders', alone: false },
      { fn: 'delete', table: 'orders', args: { _or: [{ 'order no': { _like: 'Z%' } }, { id: { _eq: 1n } }] }, columns: ['id', 'status'], path: 'delete_orders', alone: false },
    ]);
  });

  it('by_pk mutations pass the key by column name and the selected columns plus the key', async () => {
    const { result, calls } = await run('mutation { u: update_orders_by_pk(pk_columns: { id: "7" }, _inc: { customer_id: 1 }) { note } d: delete_orders_by_pk(id: "7") { __typename } }');
    expect(result.data).toEqual({ u: { note: null }, d: { __typename: 'orders' } });
    expect(calls).toEqual([
      { fn: 'updateByPk', table: 'orders', args: { pk_columns: { id: 7n }, _set: undefined, _inc: { customer_id: 1n } }, columns: ['id', 'note'], path: 'u', alone: false },
      { fn: 'deleteByPk', table: 'orders', args: { id: 7n }, columns: ['id'], path: 'd', alone: false },
    ]);
  });

  it('GraphQL refuses an insert without a required column and an _inc of a non-numeric column before the runtime runs', async () => {
    const { result, calls } = await run('mutation { insert_orders(objects: [{ customer_id: "3", total: "1" }]) { affected_rows } }');
    expect((result.errors as { message: string }[])[0]!.message).toContain('order_no');
    const inc = await run('mutation { update_orders(where: {}, _inc: { note: 1 }) { affected_rows } }');
    expect((inc.result.errors as { message: string }[])[0]!.message).toBe('Field "note" is not defined by type "orders_inc_input".');
    expect([...calls, ...inc.calls]).toEqual([]);
  });
});
