// The hand-written peers of the nested scenario: a graphql-yoga server over the unsharded copy of
// the demo rows, in one of two modes. `naive`: resolvers run one SELECT per parent row (no
// DataLoader, no batching), the N+1 pattern a GraphQL server gets by default. `dataloader`: the
// usual hand-written fix, one DataLoader per request and relationship whose batch is one
// `IN (…)` SELECT, rows grouped by key in a Map. Both accept the same operation text as shardgate
// for the fields the suite asks for (customer with where customer_id _gt/_eq, order_by
// customer_id, limit; corders; product) and answer with the same JSON shapes.
// `node --import tsx bench/peers/naiveServer.ts <mysql URL with database> [naive|dataloader]`
// prints `{"url","pid"}`.

import DataLoader from 'dataloader';
import { GraphQLScalarType } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import mysql, { type Pool, type RowDataPacket } from 'mysql2';
import { serveAsChild } from './serveYoga.js';

/** Connections of the peer's pool: shardgate's default pool size per tablet. */
const POOL_SIZE = 16;

type Row = Record<string, unknown>;

function query(pool: Pool, sql: string, values: readonly unknown[]): Promise<Row[]> {
  return new Promise((resolve, reject) => pool.query<RowDataPacket[]>(sql, [...values], (error, rows) => (error ? reject(error) : resolve(rows))));
}

/** Text scalars as shardgate serialises them (BigInt and Decimal as JSON strings). */
const text = (name: string): GraphQLScalarType =>
  new GraphQLScalarType({ name, serialize: (value) => String(value), parseValue: (value) => String(value), parseLiteral: (ast) => ('value' in ast ? String(ast.value) : null) });

const typeDefs = /* GraphQL */ `
  scalar BigInt
  scalar Decimal
  scalar DateTime
  enum order_by { asc desc }
  input BigInt_comparison_exp { _eq: BigInt _gt: BigInt }
  input customer_bool_exp { customer_id: BigInt_comparison_exp }
  input customer_order_by { customer_id: order_by }
  type product { sku: String! description: String! price: Decimal! }
  type corder {
    order_id: BigInt!
    customer_id: BigInt!
    sku: String!
    price: Decimal!
    status: String!
    created_at: DateTime!
    product: product
  }
  type customer { customer_id: BigInt! email: String! name: String! created_at: DateTime! corders: [corder!]! }
  type Query {
    customer(where: customer_bool_exp, order_by: [customer_order_by!], limit: Int): [customer!]!
    customer_by_pk(customer_id: BigInt!): customer
  }
`;

interface ListArgs {
  readonly where?: { readonly customer_id?: { readonly _eq?: string; readonly _gt?: string } };
  readonly order_by?: readonly { readonly customer_id?: 'asc' | 'desc' }[];
  readonly limit?: number;
}

function customerList(pool: Pool, args: ListArgs): Promise<Row[]> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const id = args.where?.customer_id;
  if (id?._eq !== undefined) {
    conditions.push('customer_id = ?');
    values.push(id._eq);
  }
  if (id?._gt !== undefined) {
    conditions.push('customer_id > ?');
    values.push(id._gt);
  }
  const order = (args.order_by ?? []).flatMap((o) => (o.customer_id === undefined ? [] : [`customer_id ${o.customer_id === 'desc' ? 'desc' : 'asc'}`]));
  let sql = 'select customer_id, email, name, created_at from customer';
  if (conditions.length > 0) sql += ` where ${conditions.join(' and ')}`;
  if (order.length > 0) sql += ` order by ${order.join(', ')}`;
  if (args.limit !== undefined) {
    sql += ' limit ?';
    values.push(args.limit);
  }
  return query(pool, sql, values);
}

/** The columns of the peers' corder and product SELECTs. */
const ORDER_COLUMNS = 'order_id, customer_id, sku, price, status, created_at';
const PRODUCT_COLUMNS = 'sku, description, price';

/** The per-request loaders of the `dataloader` mode: one IN SELECT per batch, rows matched to keys through a Map. */
interface Loaders {
  readonly orders: DataLoader<string, Row[]>;
  readonly products: DataLoader<string, Row | null>;
}

function createLoaders(pool: Pool): Loaders {
  return {
    orders: new DataLoader<string, Row[]>(async (ids) => {
      const rows = await query(pool, `select ${ORDER_COLUMNS} from corder where customer_id in (?) order by order_id`, [ids]);
      const byCustomer = new Map<string, Row[]>(ids.map((id) => [id, []]));
      for (const row of rows) byCustomer.get(String(row.customer_id))?.push(row);
      return ids.map((id) => byCustomer.get(id)!);
    }),
    products: new DataLoader<string, Row | null>(async (skus) => {
      const rows = await query(pool, `select ${PRODUCT_COLUMNS} from product where sku in (?)`, [skus]);
      const bySku = new Map(rows.map((row) => [String(row.sku), row]));
      return skus.map((sku) => bySku.get(sku) ?? null);
    }),
  };
}

type Mode = 'naive' | 'dataloader';

async function main(): Promise<void> {
  const url = new URL(process.argv[2] ?? '');
  const mode = (process.argv[3] ?? 'naive') as Mode;
  if (mode !== 'naive' && mode !== 'dataloader') throw new Error(`usage: naiveServer.ts <mysql URL> [naive|dataloader], got mode ${JSON.stringify(mode)}`);
  const pool = mysql.createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    connectionLimit: POOL_SIZE,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
  const dateTime = new GraphQLScalarType({ name: 'DateTime', serialize: (value) => String(value).replace(' ', 'T') });
  const schema = createSchema<Partial<Loaders>>({
    typeDefs,
    resolvers: {
      BigInt: text('BigInt'),
      Decimal: text('Decimal'),
      DateTime: dateTime,
      Query: {
        customer: (_root: unknown, args: ListArgs) => customerList(pool, args),
        customer_by_pk: async (_root: unknown, args: { customer_id: string }) =>
          (await query(pool, 'select customer_id, email, name, created_at from customer where customer_id = ?', [args.customer_id]))[0] ?? null,
      },
      customer: {
        corders: (parent: Row, _args: unknown, loaders: Partial<Loaders>) =>
          loaders.orders?.load(String(parent.customer_id)) ?? query(pool, `select ${ORDER_COLUMNS} from corder where customer_id = ?`, [parent.customer_id]),
      },
      corder: {
        product: async (parent: Row, _args: unknown, loaders: Partial<Loaders>) =>
          loaders.products !== undefined ? loaders.products.load(String(parent.sku)) : ((await query(pool, `select ${PRODUCT_COLUMNS} from product where sku = ?`, [parent.sku]))[0] ?? null),
      },
    },
  });
  const yoga = createYoga({ schema, logging: false, context: () => (mode === 'dataloader' ? createLoaders(pool) : {}) });
  await serveAsChild(yoga, pool);
}

await main();
