// Hand-made API catalogs for the schema tests, a recording fake of the runtime that answers
// from fixed rows and logs every call (arguments as the runtime receives them), and readers of
// a built schema's fields and enums.

import { isEnumType, isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import type { AggregateResult, ApiRow, Connection, RequestContext } from '../../resolvers/apiRuntime.js';
import type { ApiCatalog, ApiColumn, ApiTable } from '../../resolvers/catalog.js';
import type { SqlType } from '../../util/sqlValue.js';
import { requestContextValue } from '../requestContextValue.js';
import type { SchemaRuntime } from '../rootFields.js';

/** A column with defaults for everything but its name and type. */
export function column(name: string, type: SqlType, more: Partial<ApiColumn> = {}): ApiColumn {
  return {
    name,
    type,
    columnType: type.toLowerCase(),
    nullable: false,
    comment: '',
    isBoolean: false,
    autoIncrement: false,
    hasDefault: false,
    unsigned: type.startsWith('U'),
    generated: false,
    ...more,
  };
}

/** A table of keyspace `keyspace` (unsharded unless `more` says otherwise). */
export function table(keyspace: string, name: string, columns: readonly ApiColumn[], more: Partial<ApiTable> = {}): ApiTable {
  return {
    keyspace,
    table: name,
    sharded: false,
    type: 'table',
    view: false,
    comment: '',
    columns,
    primaryKey: columns.length > 0 ? [columns[0]!.name] : [],
    planningColumns: columns.map((c) => ({ name: c.name, type: c.type })),
    foreignKeys: [],
    ...more,
  };
}

/** A catalog of the given tables, in the given order. */
export function catalog(...tables: ApiTable[]): ApiCatalog {
  return { tables };
}

/** The demo-like catalog: unsharded commerce.product, sharded customer.customer and customer.corder. */
export function demoCatalog(): ApiCatalog {
  return catalog(
    table('commerce', 'product', [
      column('sku', 'VARCHAR', { columnType: 'varchar(128)', comment: 'Stock keeping unit' }),
      column('price', 'DECIMAL', { columnType: 'decimal(10,2)', precision: 10, scale: 2 }),
    ], { comment: 'Products that customers can order' }),
    table('customer', 'corder', [
      column('order_id', 'INT64'),
      column('customer_id', 'INT64'),
      column('status', 'ENUM', { columnType: "enum('pending','paid')", enumValues: ['pending', 'paid'] }),
      column('created_at', 'DATETIME', { nullable: true }),
    ], { sharded: true, shardingColumns: ['customer_id'], primaryVindex: { name: 'hash', type: 'hash' } }),
    table('customer', 'customer', [
      column('customer_id', 'INT64'),
      column('email', 'VARCHAR', { columnType: 'varchar(128)' }),
    ], { sharded: true, shardingColumns: ['customer_id'], primaryVindex: { name: 'hash', type: 'hash' } }),
  );
}

/** One recorded runtime call: the arguments exactly as the runtime receives them. */
export interface RuntimeCall {
  readonly fn: 'select' | 'byPk' | 'aggregate' | 'connection' | 'loadByKey' | 'objectRelationship' | 'arrayRelationship' | 'relationshipAggregate';
  readonly table: string;
  readonly args: unknown;
  readonly columns?: readonly string[];
  readonly path: string;
}

/** A request context that records nothing. */
export function fakeRequestContext(): RequestContext {
  return { options: {}, plan: () => [], statementsPerShard: () => ({}) };
}

/**
 * A fake runtime: `select` and `connection` return `rows`, `byPk` the first row whose primary key
 * matches, `loadByKey` every row whose key columns match, the relationship reads the rows whose
 * `toColumns` equal the parent's `columns` (count: how many), `aggregate` `aggregateResult` plus count = the number of rows. Every call is logged
 * in `calls`, and each checks that it got the request context of {@link contextValue}.
 */
export function fakeRuntime(rows: readonly ApiRow[] = [], aggregateResult: Omit<AggregateResult, 'count'> = {}): { runtime: SchemaRuntime; calls: RuntimeCall[]; contextValue: Record<string, unknown> } {
  const calls: RuntimeCall[] = [];
  const requestContext = fakeRequestContext();
  const check = (ctx: RequestContext): void => {
    if (ctx !== requestContext) throw new Error('runtime called with another request context');
  };
  const runtime: SchemaRuntime = {
    select: async (ctx, t, args, columns, path) => {
      check(ctx);
      calls.push({ fn: 'select', table: t.table, args, columns, path });
      return [...rows];
    },
    byPk: async (ctx, t, pk, columns, path) => {
      check(ctx);
      calls.push({ fn: 'byPk', table: t.table, args: pk, columns, path });
      return rows.find((r) => t.primaryKey.every((c) => r[c] === pk[c])) ?? null;
    },
    loadByKey: async (ctx, t, keyColumns, key, args, columns, path) => {
      check(ctx);
      calls.push({ fn: 'loadByKey', table: t.table, args: { keyColumns, key, ...args }, columns, path });
      return rows.filter((r) => keyColumns.every((c) => r[c] === key[c]));
    },
    objectRelationship: async (ctx, r, parent, columns, path) => {
      check(ctx);
      calls.push({ fn: 'objectRelationship', table: r.to.table, args: { relationship: r.name, parent }, columns, path });
      return rows.find((row) => r.toColumns.every((c, i) => row[c] === parent[r.columns[i]!])) ?? null;
    },
    arrayRelationship: async (ctx, r, parent, args, columns, path) => {
      check(ctx);
      calls.push({ fn: 'arrayRelationship', table: r.to.table, args: { relationship: r.name, parent, ...args }, columns, path });
      return rows.filter((row) => r.toColumns.every((c, i) => row[c] === parent[r.columns[i]!]));
    },
    relationshipAggregate: async (ctx, r, parent, args, request, path) => {
      check(ctx);
      calls.push({ fn: 'relationshipAggregate', table: r.to.table, args: { relationship: r.name, parent, ...args, request }, path });
      return { ...(request.count === undefined ? {} : { count: rows.filter((row) => r.toColumns.every((c, i) => row[c] === parent[r.columns[i]!])).length }), ...aggregateResult };
    },
    aggregate: async (ctx, t, args, request, path) => {
      check(ctx);
      calls.push({ fn: 'aggregate', table: t.table, args: { ...args, request }, path });
      return { ...(request.count === undefined ? {} : { count: rows.length }), ...aggregateResult };
    },
    connection: async (ctx, t, args, columns, path): Promise<Connection> => {
      check(ctx);
      calls.push({ fn: 'connection', table: t.table, args, columns, path });
      const edges = rows.map((node, i) => ({ cursor: `c${i}`, node }));
      return { edges, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  };
  return { runtime, calls, contextValue: requestContextValue(requestContext) };
}

/** The fields of an object or input type with their type as SDL text, in field order. */
export function fieldTypes(schema: GraphQLSchema, typeName: string): Record<string, string> {
  const type = schema.getType(typeName);
  if (!isObjectType(type) && !isInputObjectType(type)) throw new Error(`${typeName} is not an object or input type`);
  return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, f.type.toString()]));
}

/** The members of an enum type with their values. */
export function enumValues(schema: GraphQLSchema, typeName: string): Record<string, unknown> {
  const type = schema.getType(typeName);
  if (!isEnumType(type)) throw new Error(`${typeName} is not an enum`);
  return Object.fromEntries(type.getValues().map((v) => [v.name, v.value]));
}
