// buildGraphQLSchema on hand-made catalogs: the types and scalars each column gets, the names
// (keyspace prefixes, sanitising, collisions, enum members), the sharding notes, and the root
// resolvers executed through graphql-js against a recording fake runtime: what reaches the
// runtime (column names, selected columns, request shapes, response paths) and what comes back.

import { getNamedType, graphql, isSpecifiedScalarType, type GraphQLEnumType, type GraphQLLeafType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ApiRow } from '../../resolvers/apiRuntime.js';
import type { ApiTable } from '../../resolvers/catalog.js';
import { fromSqlValue, sqlValueOfText } from '../../resolvers/values.js';
import { buildGraphQLSchema } from '../buildGraphQLSchema.js';
import { SERIALIZED_LEAF } from '../schemaNames.js';
import { catalog, column, demoCatalog, enumValues, fakeRuntime, fieldTypes, table } from './fixtures.js';

/** The schema's type names, sorted, without introspection types and built-in scalars. */
function typeNames(schema: GraphQLSchema): string[] {
  return Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__') && !isSpecifiedScalarType(schema.getType(n)!)).sort();
}

function queryFields(schema: GraphQLSchema): string[] {
  return Object.keys(schema.getQueryType()!.getFields()).sort();
}

/** Executes `source` against a schema of `tables` and a fake runtime answering with `rows`. */
async function run(tables: ApiTable[], source: string, rows: ApiRow[] = [], variables?: Record<string, unknown>, aggregate = {}) {
  const fake = fakeRuntime(rows, aggregate);
  const schema = buildGraphQLSchema(catalog(...tables), fake.runtime);
  const result = await graphql({ schema, source, contextValue: fake.contextValue, ...(variables === undefined ? {} : { variableValues: variables }) });
  return { result: JSON.parse(JSON.stringify(result)) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] }, calls: fake.calls };
}

const everyType = table('ks', 'every', [
  column('id', 'INT32'),
  column('i8', 'INT8', { nullable: true }),
  column('u8', 'UINT8', { nullable: true }),
  column('i16', 'INT16', { nullable: true }),
  column('u16', 'UINT16', { nullable: true }),
  column('i24', 'INT24', { nullable: true }),
  column('u24', 'UINT24', { nullable: true }),
  column('u32', 'UINT32', { nullable: true }),
  column('i64', 'INT64', { nullable: true }),
  column('u64', 'UINT64', { nullable: true }),
  column('yr', 'YEAR', { nullable: true }),
  column('flag', 'INT8', { columnType: 'tinyint(1)', isBoolean: true, nullable: true }),
  column('f', 'FLOAT32', { nullable: true }),
  column('d', 'FLOAT64', { nullable: true }),
  column('amount', 'DECIMAL', { nullable: true }),
  column('vc', 'VARCHAR', { nullable: true }),
  column('ch', 'CHAR', { nullable: true }),
  column('tx', 'TEXT', { nullable: true }),
  column('st', 'SET', { nullable: true, enumValues: ['p', 'q'] }),
  column('tm', 'TIME', { nullable: true }),
  column('dt', 'DATETIME', { nullable: true }),
  column('ts', 'TIMESTAMP', { nullable: true }),
  column('da', 'DATE', { nullable: true }),
  column('js', 'JSON', { nullable: true }),
  column('bl', 'BLOB', { nullable: true }),
  column('vb', 'VARBINARY', { nullable: true }),
  column('bn', 'BINARY', { nullable: true }),
  column('bt', 'BIT', { nullable: true }),
  column('pt', 'GEOMETRY', { nullable: true }),
  column('en', 'ENUM', { enumValues: ['a', 'b'] }),
]);

describe('types', () => {
  const schema = buildGraphQLSchema(catalog(everyType), fakeRuntime().runtime);

  it('maps every column type to its scalar (INT UNSIGNED and BIGINT to BigInt, tinyint(1) to Boolean, ENUM to an enum)', () => {
    expect(fieldTypes(schema, 'every')).toEqual({
      id: 'ID!', id_column: 'Int!', i8: 'Int', u8: 'Int', i16: 'Int', u16: 'Int', i24: 'Int', u24: 'Int', u32: 'BigInt', i64: 'BigInt', u64: 'BigInt',
      yr: 'Int', flag: 'Boolean', f: 'Float', d: 'Float', amount: 'Decimal', vc: 'String', ch: 'String', tx: 'String', st: 'String',
      tm: 'String', dt: 'DateTime', ts: 'DateTime', da: 'Date', js: 'JSON', bl: 'Bytes', vb: 'Bytes', bn: 'Bytes', bt: 'Bytes', pt: 'Bytes',
      en: 'every_en_enum!',
    });
    expect(enumValues(schema, 'every_en_enum')).toEqual({ a: 'a', b: 'b' });
  });

  it('marks the column fields whose values are their serialized form, and only those (graphql-jit skips their serialize)', () => {
    const fields = (schema.getType('every') as GraphQLObjectType).getFields();
    const marked = Object.keys(fields).filter((f) => fields[f]!.extensions[SERIALIZED_LEAF] === true);
    expect(marked).toEqual(['id', 'id_column', 'i8', 'u8', 'i16', 'u16', 'i24', 'u24', 'yr', 'flag', 'f', 'd', 'vc', 'ch', 'tx', 'st', 'tm', 'en']);
    // The invariant behind the mark: the field's own serialize returns what the row holds, unchanged.
    const samples: Record<string, string> = { id_column: '-2147483648', i8: '-128', u8: '255', i16: '-32768', u16: '65535', i24: '-8388608', u24: '16777215', yr: '2155', flag: '1', f: '1.5', d: '-2.25e-7', vc: 'héllo', ch: 'x', tx: '', st: 'p,q', tm: '-838:59:59', en: 'b' };
    for (const name of marked.filter((f) => f !== 'id')) {
      const col = everyType.columns.find((c) => c.name === (name === 'id_column' ? 'id' : name))!;
      const value = fromSqlValue(col, sqlValueOfText(col.type, samples[name]!));
      const type = getNamedType(fields[name]!.type) as GraphQLLeafType;
      expect(type.serialize(value), name).toBe(value);
    }
  });

  it('does not mark an enum column whose member names differ from its MySQL values', () => {
    const renamed = buildGraphQLSchema(catalog(table('ks', 'sized', [column('id', 'INT32'), column('size', 'ENUM', { enumValues: ['x-large', 'small'] })])), fakeRuntime().runtime);
    expect(enumValues(renamed, 'sized_size_enum')).toEqual({ x_large: 'x-large', small: 'small' });
    expect((renamed.getType('sized') as GraphQLObjectType).getFields().size!.extensions[SERIALIZED_LEAF]).toBeUndefined();
  });

  it('gives each column a comparison input: _like for strings and enums, only _is_null for JSON', () => {
    const where = fieldTypes(schema, 'every_bool_exp');
    expect(where).toMatchObject({ _and: '[every_bool_exp!]', _or: '[every_bool_exp!]', _not: 'every_bool_exp', id: 'Int_comparison_exp', u32: 'BigInt_comparison_exp', flag: 'Boolean_comparison_exp', js: 'JSON_comparison_exp', en: 'every_en_enum_comparison_exp', tm: 'String_comparison_exp' });
    expect(Object.keys(where)).toHaveLength(everyType.columns.length + 3);
    const ops = ['_eq', '_gt', '_gte', '_in', '_is_null', '_lt', '_lte', '_neq', '_nin'];
    expect(Object.keys(fieldTypes(schema, 'Int_comparison_exp')).sort()).toEqual(ops);
    expect(fieldTypes(schema, 'BigInt_comparison_exp')).toMatchObject({ _eq: 'BigInt', _in: '[BigInt!]', _is_null: 'Boolean' });
    expect(Object.keys(fieldTypes(schema, 'String_comparison_exp')).sort()).toEqual([...ops, '_like', '_nlike'].sort());
    expect(fieldTypes(schema, 'every_en_enum_comparison_exp')).toMatchObject({ _eq: 'every_en_enum', _nin: '[every_en_enum!]', _like: 'String' });
    expect(fieldTypes(schema, 'JSON_comparison_exp')).toEqual({ _is_null: 'Boolean' });
  });

  it('orders by every column but JSON and GEOMETRY, with the order_by enum', () => {
    const orderBy = fieldTypes(schema, 'every_order_by');
    expect(Object.keys(orderBy)).toEqual(everyType.columns.map((c) => c.name).filter((n) => n !== 'js' && n !== 'pt'));
    expect(new Set(Object.values(orderBy))).toEqual(new Set(['order_by']));
    expect(enumValues(schema, 'order_by')).toEqual({
      asc: 'asc', asc_nulls_first: 'asc_nulls_first', asc_nulls_last: 'asc_nulls_last', desc: 'desc', desc_nulls_first: 'desc_nulls_first', desc_nulls_last: 'desc_nulls_last',
    });
    expect(schema.getType('order_by')!.description).toContain('first in ascending order, last in descending order');
  });

  it('has Hasura aggregate types: exact sums, Float averages, min/max of ordered scalars', () => {
    expect(fieldTypes(schema, 'every_aggregate')).toEqual({ aggregate: 'every_aggregate_fields' });
    expect(fieldTypes(schema, 'every_aggregate_fields')).toEqual({ count: 'Int!', sum: 'every_sum_fields', avg: 'every_avg_fields', min: 'every_min_fields', max: 'every_max_fields' });
    const numeric = { id: 'Decimal', i8: 'Decimal', u8: 'Decimal', i16: 'Decimal', u16: 'Decimal', i24: 'Decimal', u24: 'Decimal', u32: 'Decimal', i64: 'Decimal', u64: 'Decimal', yr: 'Decimal', f: 'Float', d: 'Float', amount: 'Decimal' };
    expect(fieldTypes(schema, 'every_sum_fields')).toEqual(numeric);
    expect(fieldTypes(schema, 'every_avg_fields')).toEqual(Object.fromEntries(Object.keys(numeric).map((k) => [k, 'Float'])));
    const ordered = { id: 'Int', i8: 'Int', u8: 'Int', i16: 'Int', u16: 'Int', i24: 'Int', u24: 'Int', u32: 'BigInt', i64: 'BigInt', u64: 'BigInt', yr: 'Int', f: 'Float', d: 'Float', amount: 'Decimal', vc: 'String', ch: 'String', tx: 'String', st: 'String', tm: 'String', dt: 'DateTime', ts: 'DateTime', da: 'Date' };
    expect(fieldTypes(schema, 'every_min_fields')).toEqual(ordered);
    expect(fieldTypes(schema, 'every_max_fields')).toEqual(ordered);
    expect(schema.getQueryType()!.getFields().every_aggregate!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['where: every_bool_exp']);
    const count = (schema.getType('every_aggregate_fields') as GraphQLObjectType).getFields().count!;
    expect(count.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['columns: [every_select_column!]', 'distinct: Boolean']);
    expect(Object.keys(enumValues(schema, 'every_select_column'))).toEqual(everyType.columns.map((c) => c.name));
  });

  it('has the root fields of INTERFACES.md §5 with their arguments', () => {
    const fields = schema.getQueryType()!.getFields();
    expect(queryFields(schema)).toEqual(['every', 'every_aggregate', 'every_by_pk', 'every_connection', 'node', 'nodes']);
    const signature = (name: string) => `${fields[name]!.args.map((a) => `${a.name}: ${a.type}`).join(', ')} → ${fields[name]!.type}`;
    expect(signature('every')).toBe('where: every_bool_exp, order_by: [every_order_by!], limit: Int, offset: Int → [every!]!');
    expect(signature('every_by_pk')).toBe('id: Int! → every');
    expect(signature('every_aggregate')).toBe('where: every_bool_exp → every_aggregate!');
    expect(signature('every_connection')).toBe('first: Int, after: String, where: every_bool_exp, order_by: [every_order_by!] → every_connection!');
    expect(fieldTypes(schema, 'every_connection')).toEqual({ edges: '[every_edge!]!', pageInfo: 'PageInfo!' });
    expect(fieldTypes(schema, 'every_edge')).toEqual({ cursor: 'String!', node: 'every!' });
    expect(fieldTypes(schema, 'PageInfo')).toEqual({ hasNextPage: 'Boolean!', hasPreviousPage: 'Boolean!', startCursor: 'String', endCursor: 'String' });
  });

  it('gives a table without a primary key neither _by_pk nor _connection, and a table without numbers no sum/avg', () => {
    const s = buildGraphQLSchema(catalog(table('ks', 'log', [column('msg', 'VARCHAR'), column('raw', 'BLOB')], { primaryKey: [] })), fakeRuntime().runtime);
    expect(queryFields(s)).toEqual(['log', 'log_aggregate']);
    expect(typeNames(s)).toEqual([
      'Bytes', 'Bytes_comparison_exp', 'Query', 'String_comparison_exp', 'log', 'log_aggregate', 'log_aggregate_fields',
      'log_bool_exp', 'log_max_fields', 'log_min_fields', 'log_order_by', 'log_select_column', 'order_by',
    ]);
    expect(fieldTypes(s, 'log_aggregate_fields')).toEqual({ count: 'Int!', min: 'log_min_fields', max: 'log_max_fields' });
  });

  it('takes composite primary keys as non-null arguments in key order', () => {
    const t = table('ks', 'link', [column('note', 'VARCHAR'), column('a', 'UINT64'), column('b', 'VARCHAR')], { primaryKey: ['b', 'a'] });
    const s = buildGraphQLSchema(catalog(t), fakeRuntime().runtime);
    expect(s.getQueryType()!.getFields().link_by_pk!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['b: String!', 'a: BigInt!']);
  });

  it('serves an empty catalog with Hasura no_queries_available', async () => {
    const fake = fakeRuntime();
    const s = buildGraphQLSchema(catalog(), fake.runtime);
    expect(typeNames(s)).toEqual(['Query']);
    const result = await graphql({ schema: s, source: '{ no_queries_available }', contextValue: fake.contextValue });
    expect(result.data?.no_queries_available).toMatch(/no queries available/);
  });
});

describe('names', () => {
  function namesOf(tables: ApiTable[]): { query: string[]; types: string[]; schema: GraphQLSchema } {
    const schema = buildGraphQLSchema(catalog(...tables), fakeRuntime().runtime);
    return { query: queryFields(schema).filter((f) => f !== 'node' && f !== 'nodes'), types: typeNames(schema), schema };
  }
  const id = [column('id', 'INT32')];

  it('prefixes the keyspace only when a table name repeats across keyspaces', () => {
    const { query } = namesOf([table('commerce', 'customer', id), table('commerce', 'product', id), table('customer', 'customer', id)]);
    expect(query.filter((f) => !f.includes('_by_pk') && !f.endsWith('_aggregate') && !f.endsWith('_connection'))).toEqual(['commerce_customer', 'customer_customer', 'product']);
  });

  it('sanitises keyspace, table and column names predictably', () => {
    const { query, schema } = namesOf([
      table('customer-x', 'orders', [column('order id', 'INT64'), column('2nd', 'VARCHAR'), column('__v', 'INT32'), column('prix€', 'DECIMAL')]),
      table('other', 'orders', id),
      table('other', '9lives', id),
    ]);
    expect(query).toContain('customer_x_orders');
    expect(query).toContain('other_orders');
    expect(query).toContain('_9lives');
    expect(Object.keys(fieldTypes(schema, 'customer_x_orders'))).toEqual(['id', 'order_id', '_2nd', 'x__v', 'prix_']);
    expect(schema.getQueryType()!.getFields().customer_x_orders_by_pk!.args.map((a) => a.name)).toEqual(['order_id']);
    expect((schema.getType('customer_x_orders') as GraphQLObjectType).getFields().order_id!.description).toBe('Column `order id`.');
  });

  it('resolves collisions with a suffix, exact names first', () => {
    const { query, schema } = namesOf([
      table('ks', 'a-b', [column('order id', 'INT32'), column('order_id', 'INT32'), column('_and', 'INT32')]),
      table('ks', 'a_b', id),
    ]);
    expect(query.filter((f) => !f.includes('_by_pk') && !f.endsWith('_aggregate') && !f.endsWith('_connection'))).toEqual(['a_b', 'a_b_2']);
    expect(schema.getType('a_b_2')!.description).toContain('Table ks.a-b.');
    expect(Object.keys(fieldTypes(schema, 'a_b_2'))).toEqual(['id', 'order_id_2', 'order_id', '_and_2']);
    expect(Object.keys(fieldTypes(schema, 'a_b_2_bool_exp'))).toEqual(['_and', '_or', '_not', 'order_id_2', 'order_id', '_and_2']);
  });

  it('never reuses a name another table generates or the schema reserves', () => {
    const { query, types } = namesOf([
      table('ks', 'customer', id),
      table('ks', 'customer_aggregate', id),
      table('ks', 'order_by', id),
      table('ks', 'PageInfo', id),
      table('ks', 'String', id),
      table('ks', 'Query', id),
      table('ks', 'node', id),
    ]);
    expect(query.filter((f) => !f.includes('_by_pk') && !/_aggregate$/.test(f.replace(/_aggregate_2$/, '')) && !f.endsWith('_connection')).sort()).toEqual(
      ['PageInfo_2', 'Query_2', 'String_2', 'customer', 'customer_aggregate_2', 'node_2', 'order_by_2'].sort(),
    );
    expect(types).toContain('order_by');
    expect(types).toContain('order_by_2');
    expect(types).toContain('customer_aggregate');
    expect(types).toContain('customer_aggregate_2_aggregate');
  });

  it('counts a table\'s enum types among its names', () => {
    const { types } = namesOf([table('ks', 't', [column('id', 'INT32'), column('k', 'ENUM', { enumValues: ['x'] })]), table('ks', 't_k_enum', id)]);
    expect(types.filter((t) => t.startsWith('t_k_enum'))).toEqual([
      't_k_enum', 't_k_enum_2', 't_k_enum_2_aggregate', 't_k_enum_2_aggregate_fields', 't_k_enum_2_avg_fields', 't_k_enum_2_bool_exp', 't_k_enum_2_connection',
      't_k_enum_2_edge', 't_k_enum_2_max_fields', 't_k_enum_2_min_fields', 't_k_enum_2_order_by', 't_k_enum_2_select_column', 't_k_enum_2_sum_fields', 't_k_enum_comparison_exp',
    ]);
  });

  it('names enums <T>_<column>_enum with sanitised members that keep their MySQL values', () => {
    const { schema } = namesOf([
      table('ks', 't', [column('id', 'INT32'), column('kind', 'ENUM', { enumValues: ['a b', 'a_b', 'true', '1st', '', 'null', 'ok'] })]),
    ]);
    expect(enumValues(schema, 't_kind_enum')).toEqual({ a_b_2: 'a b', a_b: 'a_b', true_2: 'true', _1st: '1st', _: '', null_2: 'null', ok: 'ok' });
    const member = (schema.getType('t_kind_enum') as GraphQLEnumType).getValue('a_b_2')!;
    expect(member.description).toBe('MySQL value "a b"');
  });
});

describe('sharding notes', () => {
  const schema = buildGraphQLSchema(demoCatalog(), fakeRuntime().runtime);
  const fields = schema.getQueryType()!.getFields();
  const note = 'Sharded by customer_id (vindex hash, type hash): a where with _eq or _in on customer_id routes to the shards owning those values; any other where scatters to every shard.';

  it('says on each sharded type and root field which column routes', () => {
    for (const name of ['customer', 'customer_aggregate', 'customer_connection', 'corder', 'corder_aggregate', 'corder_connection']) {
      expect(fields[name]!.description).toContain(note);
    }
    expect(schema.getType('customer')!.description).toBe(`Table customer.customer.\n\n${note}`);
    expect((schema.getType('customer') as GraphQLObjectType).getFields().customer_id!.description).toBe('Sharding key (vindex hash).');
  });

  it('says whether by_pk reaches one shard', () => {
    expect(fields.customer_by_pk!.description).toContain('Routes to the one shard owning the row: the primary key contains the sharding key customer_id.');
    expect(fields.corder_by_pk!.description).toContain('The primary key does not contain the sharding key customer_id');
  });

  it('names multi-column keys, unsharded keyspaces and reference tables', () => {
    const s = buildGraphQLSchema(
      catalog(
        table('geo', 'place', [column('region', 'INT32'), column('code', 'VARCHAR')], { sharded: true, primaryKey: ['region', 'code'], shardingColumns: ['region', 'code'], primaryVindex: { name: 'rc', type: 'multicol' } }),
        table('geo', 'country', [column('code', 'VARCHAR')], { sharded: true, type: 'reference' }),
      ),
      fakeRuntime().runtime,
    );
    expect(s.getType('place')!.description).toContain('Sharded by (region, code) (vindex rc, type multicol): a where with _eq or _in on each of (region, code) routes');
    expect(s.getQueryType()!.getFields().place_by_pk!.description).toContain('contains the sharding key (region, code)');
    expect(s.getType('country')!.description).toContain('Reference table of keyspace geo: every shard holds a copy');
    expect(schema.getType('product')!.description).toBe('Products that customers can order\n\nTable commerce.product.\n\nKeyspace commerce is unsharded: every query goes to its one shard.');
  });
});

describe('resolvers', () => {
  const weird = table('customer-x', 'order items', [
    column('item id', 'INT64'),
    column('customer_id', 'UINT64'),
    column('state', 'ENUM', { enumValues: ['in stock', 'gone'] }),
    column('price', 'DECIMAL', { nullable: true }),
    column('note', 'VARCHAR', { nullable: true }),
  ], { sharded: true, shardingColumns: ['customer_id'], primaryVindex: { name: 'hash', type: 'hash' } });
  const row = { 'item id': 7n, customer_id: 2n ** 64n - 1n, state: 'in stock', price: '12.50', note: null };

  it('passes where and order_by with column names, and selects only the selected columns', async () => {
    const { result, calls } = await run([weird], `{
      order_items(where: {_or: [{item_id: {_eq: 7}}, {_not: {note: {_like: "x%"}}}], state: {_in: [in_stock]}}, order_by: [{price: desc}, {item_id: asc_nulls_last}], limit: 5, offset: 1) {
        item_id
        ...F
        state
      }
    }
    fragment F on order_items { p: price, customer_id @skip(if: true) }`, [row]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ order_items: [{ item_id: '7', p: '12.50', state: 'in_stock' }] });
    expect(calls).toEqual([{
      fn: 'select',
      table: 'order items',
      args: {
        where: { _or: [{ 'item id': { _eq: 7n } }, { _not: { note: { _like: 'x%' } } }], state: { _in: ['in stock'] } },
        order_by: [{ price: 'desc' }, { 'item id': 'asc_nulls_last' }],
        limit: 5,
        offset: 1,
      },
      columns: ['item id', 'state', 'price'],
      path: 'order_items',
    }]);
  });

  it('passes absent arguments as undefined and explicit nulls as null', async () => {
    const { calls } = await run([weird], '{ a: order_items(where: null) { note } b: order_items { __typename } }');
    expect(calls.map((c) => [c.path, c.args, c.columns])).toEqual([
      ['a', { where: null, order_by: undefined, limit: undefined, offset: undefined }, ['note']],
      ['b', { where: undefined, order_by: undefined, limit: undefined, offset: undefined }, ['item id']],
    ]);
  });

  it('coerces a single order_by object and an _and object into lists (GraphQL list coercion)', async () => {
    const { calls } = await run([weird], '{ order_items(order_by: {note: asc}, where: {_and: {note: {_is_null: false}}}) { note } }');
    expect(calls[0]!.args).toMatchObject({ order_by: [{ note: 'asc' }], where: { _and: [{ note: { _is_null: false } }] } });
  });

  it('looks rows up by primary key with the key columns selected, 2^64-1 and enums included', async () => {
    const t = table('ks', 't', [column('u', 'UINT64'), column('kind', 'ENUM', { enumValues: ['in stock', 'gone'] }), column('v', 'VARCHAR')], { primaryKey: ['u', 'kind'] });
    const source = 'query($u: BigInt!) { t_by_pk(u: $u, kind: in_stock) { v kind } missing: t_by_pk(u: "1", kind: gone) { v } }';
    const { result, calls } = await run([t], source, [{ u: 2n ** 64n - 1n, kind: 'in stock', v: 'x' }], { u: '18446744073709551615' });
    expect(result).toEqual({ data: { t_by_pk: { v: 'x', kind: 'in_stock' }, missing: null } });
    expect(calls).toEqual([
      { fn: 'byPk', table: 't', args: { u: 2n ** 64n - 1n, kind: 'in stock' }, columns: ['u', 'kind', 'v'], path: 't_by_pk' },
      { fn: 'byPk', table: 't', args: { u: 1n, kind: 'gone' }, columns: ['u', 'kind', 'v'], path: 'missing' },
    ]);
  });

  it('serialises BigInt and Decimal results as exact strings', async () => {
    const { result } = await run([weird], '{ order_items { item_id customer_id price } }', [row, { ...row, price: '-0.01' }]);
    expect(result.data).toEqual({ order_items: [
      { item_id: '7', customer_id: '18446744073709551615', price: '12.50' },
      { item_id: '7', customer_id: '18446744073709551615', price: '-0.01' },
    ] });
  });

  it('asks aggregate for the selected functions only, one call per distinct count', async () => {
    const { result, calls } = await run([weird], `{
      order_items_aggregate(where: {item_id: {_gt: 1}}) {
        aggregate {
          count
          n: count
          d: count(columns: [customer_id], distinct: true)
          sum { price }
          s2: sum { item_id }
          max { note }
        }
        again: aggregate { min { item_id } }
      }
    }`, [row, row], undefined, { sum: { price: '25.00', 'item id': '14' }, max: { note: 'z' }, min: { 'item id': 7n } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ order_items_aggregate: {
      aggregate: { count: 2, n: 2, d: 2, sum: { price: '25.00' }, s2: { item_id: '14' }, max: { note: 'z' } },
      again: { min: { item_id: '7' } },
    } });
    expect(calls).toEqual([
      { fn: 'aggregate', table: 'order items', args: { where: { 'item id': { _gt: 1n } }, request: { sum: ['item id', 'price'], min: ['item id'], max: ['note'], count: true } }, path: 'order_items_aggregate' },
      { fn: 'aggregate', table: 'order items', args: { where: { 'item id': { _gt: 1n } }, request: { count: { columns: ['customer_id'], distinct: true } } }, path: 'order_items_aggregate' },
    ]);
  });

  it('makes no aggregate call when nothing is aggregated, and returns null aggregates as null', async () => {
    const none = await run([weird], '{ order_items_aggregate { __typename } }');
    expect(none.calls).toEqual([]);
    expect(none.result.data).toEqual({ order_items_aggregate: { __typename: 'order_items_aggregate' } });
    const empty = await run([weird], '{ order_items_aggregate { aggregate { avg { price } } } }', [], undefined, { avg: { price: null } });
    expect(empty.result.data).toEqual({ order_items_aggregate: { aggregate: { avg: { price: null } } } });
  });

  it('pages through a connection, selecting the node columns plus the primary key', async () => {
    const { result, calls } = await run([weird], `{
      order_items_connection(first: 2, after: "c0", order_by: [{note: desc}], where: {state: {_eq: gone}}) {
        edges { cursor node { note } }
        e2: edges { node { ... on order_items { price } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`, [row]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ order_items_connection: {
      edges: [{ cursor: 'c0', node: { note: null } }],
      e2: [{ node: { price: '12.50' } }],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: 'c0', endCursor: 'c0' },
    } });
    expect(calls).toEqual([{
      fn: 'connection',
      table: 'order items',
      args: { first: 2, after: 'c0', where: { state: { _eq: 'gone' } }, order_by: [{ note: 'desc' }] },
      columns: ['item id', 'price', 'note'],
      path: 'order_items_connection',
    }]);
  });

  it('rejects bad scalar input before calling the runtime, naming the expected form', async () => {
    const cases: [string, Record<string, unknown> | undefined, RegExp][] = [
      ['{ order_items(where: {item_id: {_eq: 1.5}}) { note } }', undefined, /BigInt cannot represent 1.5: expected an integer/],
      ['{ order_items(where: {item_id: {_eq: 18446744073709551616}}) { note } }', undefined, /from -9223372036854775808 to 18446744073709551615/],
      ['query($v: BigInt) { order_items(where: {item_id: {_eq: $v}}) { note } }', { v: 'x' }, /Variable "\$v" got invalid value "x"; BigInt cannot represent "x"/],
      ['query($v: Decimal) { order_items(where: {price: {_eq: $v}}) { note } }', { v: 0.1 + 0.2 }, /may already have lost precision/],
      ['{ order_items(where: {state: {_eq: "gone"}}) { note } }', undefined, /Enum "order_items_state_enum" cannot represent non-enum value: "gone"/],
      ['{ order_items(where: {nope: {_eq: 1}}) { note } }', undefined, /Field "nope" is not defined by type "order_items_bool_exp"/],
    ];
    for (const [source, variables, message] of cases) {
      const { result, calls } = await run([weird], source, [], variables);
      expect(calls).toEqual([]);
      expect(result.errors?.map((e) => e.message).join('\n')).toMatch(message);
    }
  });

  it('uses response paths with aliases', async () => {
    const { calls } = await run([weird], '{ x: order_items { note } y: order_items_by_pk(item_id: 1) { note } }');
    expect(calls.map((c) => c.path)).toEqual(['x', 'y']);
  });

  it('fails a request whose GraphQL context has no request context', async () => {
    const schema = buildGraphQLSchema(catalog(weird), fakeRuntime().runtime);
    const result = await graphql({ schema, source: '{ order_items { note } }', contextValue: {} });
    expect(result.errors?.[0]?.message).toMatch(/\[BUG\].*shardgateRequestContext/);
  });
});
