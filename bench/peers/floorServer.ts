// The floor of the nested scenario: the least a Node server can do to answer its two operations
// over the unsharded copy of the demo rows. No GraphQL: node:http, mysql2 (pool of 16, its own
// row parsing), one SELECT per level (the customers, their orders with one `IN (…)`, the orders'
// products with one more), plain objects and one JSON.stringify. It answers with the JSON
// shardgate gives (orders in primary-key order, ids and prices as strings), for those two
// operations only: the operation text must be one of bench/nested.bench.ts's (3 levels when it
// selects `product`), `variables.id` the customer id to start after; anything else gets a 400.
// `node --import tsx bench/peers/floorServer.ts <mysql URL with database>` prints `{"url","pid"}`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import mysql, { type Pool, type RowDataPacket } from 'mysql2';
import { PARENTS } from '../lib/nestedQueries.js';
import { serveAsChild } from './serveYoga.js';

/** Connections of the pool: shardgate's default pool size per tablet, as the other peers. */
const POOL_SIZE = 16;

type Row = Record<string, unknown>;

function query(pool: Pool, sql: string, values: readonly unknown[]): Promise<Row[]> {
  return new Promise((resolve, reject) => pool.query<RowDataPacket[]>(sql, [...values], (error, rows) => (error ? reject(error) : resolve(rows))));
}

/** The answer's data for the customers after `after`, with their orders and, for 3 levels, each order's product. */
async function answer(pool: Pool, after: string, withProducts: boolean): Promise<unknown> {
  const customers = await query(pool, 'select customer_id, name from customer where customer_id > ? order by customer_id limit ?', [after, PARENTS]);
  const ids = customers.map((c) => c.customer_id);
  const orders = ids.length === 0 ? [] : await query(pool, `select customer_id, order_id, price${withProducts ? ', sku' : ', status'} from corder where customer_id in (?) order by order_id`, [ids]);
  const skus = withProducts ? [...new Set(orders.map((o) => o.sku))] : [];
  const products = skus.length === 0 ? [] : await query(pool, 'select sku, description from product where sku in (?)', [skus]);
  const bySku = new Map(products.map((p) => [p.sku, { sku: p.sku, description: p.description }]));
  const byCustomer = new Map<unknown, unknown[]>(ids.map((id) => [id, []]));
  for (const o of orders) {
    byCustomer
      .get(o.customer_id)!
      .push(withProducts ? { order_id: o.order_id, price: o.price, product: bySku.get(o.sku) ?? null } : { order_id: o.order_id, price: o.price, status: o.status });
  }
  return { customer: customers.map((c) => ({ customer_id: c.customer_id, name: c.name, corders: byCustomer.get(c.customer_id) })) };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length }).end(bytes);
}

function handle(pool: Pool, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let params: { query?: unknown; variables?: { id?: unknown } };
    try {
      params = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof params;
    } catch {
      reply(res, 400, { errors: [{ message: 'the body is not JSON' }] });
      return;
    }
    const { query: text, variables } = params;
    if (req.method !== 'POST' || typeof text !== 'string' || !text.includes('corders') || typeof variables?.id !== 'string') {
      reply(res, 400, { errors: [{ message: 'the floor server answers only the nested scenario\'s operations, with variables.id' }] });
      return;
    }
    answer(pool, variables.id, text.includes('product')).then(
      (data) => reply(res, 200, { data }),
      (error: unknown) => reply(res, 500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] }),
    );
  });
}

const uri = process.argv[2] ?? '';
if (!uri.startsWith('mysql://')) throw new Error('usage: floorServer.ts <mysql URL with database>');
const pool = mysql.createPool({ uri, connectionLimit: POOL_SIZE, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true });
await serveAsChild((req, res) => handle(pool, req, res), pool);
