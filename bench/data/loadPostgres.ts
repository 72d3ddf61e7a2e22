// The demo rows in PostgreSQL, for the PostGraphile peer: database `shardgate_bench_s<scale>`
// on the local server (127.0.0.1:5432, trust auth, as user postgres unless
// SHARDGATE_BENCH_PG_URL names another server), tables as in schema/<keyspace>/schema.sql with
// PostgreSQL types and the same foreign keys, rows from generateDemoData (the rows the sharded
// demo holds). Kept between runs: reloaded only when the row counts differ.

import pg from 'pg';
import { generateDemoData } from '../../src/cluster/demoData.js';

const DDL = `
CREATE TABLE IF NOT EXISTS product (
  sku VARCHAR(128) PRIMARY KEY,
  description VARCHAR(255) NOT NULL,
  price NUMERIC(10,2) NOT NULL
);
CREATE TABLE IF NOT EXISTS customer (
  customer_id BIGINT PRIMARY KEY,
  email VARCHAR(128) NOT NULL,
  name VARCHAR(128) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS customer_email ON customer (email);
CREATE TABLE IF NOT EXISTS corder (
  order_id BIGINT PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customer (customer_id),
  sku VARCHAR(128) NOT NULL REFERENCES product (sku),
  price NUMERIC(10,2) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
  created_at TIMESTAMP NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS corder_customer_created ON corder (customer_id, created_at);
CREATE INDEX IF NOT EXISTS corder_sku ON corder (sku);
`;

const BATCH = 2_000;

/** The admin URL of the PostgreSQL server (database `postgres`). */
export function postgresServerUrl(): string {
  return process.env.SHARDGATE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * Makes sure the bench database for `scale` exists and holds exactly the demo rows; returns
 * its URL. Throws (with the server's message) when PostgreSQL cannot be reached.
 */
export async function loadPostgres(scale: number, log: (line: string) => void): Promise<string> {
  const database = `shardgate_bench_s${String(scale).replace('.', '_')}`;
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresServerUrl());
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(DDL);
    const data = generateDemoData(scale);
    const count = async (table: string): Promise<number> => Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n);
    const counts = [await count('product'), await count('customer'), await count('corder')];
    const want = [data.products.length, data.customers.length, data.orders.length];
    if (counts.join() !== want.join()) {
      log(`postgres ${database}: loading ${want.join(' / ')} products / customers / orders (had ${counts.join(' / ')})`);
      await client.query('BEGIN');
      await client.query('TRUNCATE corder, customer, product');
      const insert = async (table: string, columns: string, rows: readonly (readonly unknown[])[]): Promise<void> => {
        const width = rows[0]?.length ?? 0;
        for (let i = 0; i < rows.length; i += BATCH) {
          const batch = rows.slice(i, i + BATCH);
          const tuples = batch.map((_, r) => `(${Array.from({ length: width }, (__, c) => `$${r * width + c + 1}`).join(', ')})`);
          await client.query(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`, batch.flat());
        }
      };
      await insert('product', 'sku, description, price', data.products);
      await insert('customer', 'customer_id, email, name, created_at', data.customers);
      await insert('corder', 'order_id, customer_id, sku, price, status, created_at', data.orders);
      await client.query('COMMIT');
      await client.query('ANALYZE');
    }
  } finally {
    await client.end();
  }
  return url.toString();
}
