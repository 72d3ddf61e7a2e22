// One HTTP server of the HTTP benchmark (bench/http.bench.ts), run in its own child process so
// that the load generator and the other servers never share its event loop:
// `node --import tsx bench/httpServer.ts <spec JSON>`. Kinds: `shardgate` (createServer on the
// demo config, with the lever options of the spec), `yoga` (a hand-written graphql-yoga server
// whose one resolver runs the by-pk SELECT through mysql2 on the row's own shard) and `bare`
// (node:http doing the same SELECT and writing the JSON by hand). Prints one JSON line
// `{"url", "pid"}` on stdout once listening; SIGTERM stops it.

import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLScalarType, Kind } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import mysql, { type Pool, type RowDataPacket } from 'mysql2';
import type { Config } from '../src/config/config.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { createServer, type ServerOptions } from '../src/server/createServer.js';
import { silentLog } from '../src/server/serverLog.js';

/** What the orchestrator asks a child to serve. */
export interface ServerSpec {
  readonly kind: 'shardgate' | 'yoga' | 'bare';
  /** The demo's generated shardgate.json. */
  readonly configPath: string;
  /** shardgate only: the options under test (levers), passed to createServer as they are. */
  readonly options?: Pick<ServerOptions, 'fastPath' | 'jit' | 'yogaBodyLimit' | 'processMetrics' | 'documentCacheSize'>;
}

/** The SELECT of the hand-written servers; shardgate's by-pk reads the same columns of the same row. */
const SELECT_BY_PK = 'select customer_id, email, name, created_at from customer where customer_id = ?';

interface CustomerRow {
  readonly customer_id: string;
  readonly email: string;
  readonly name: string;
  readonly created_at: string;
}

/** mysql2 pools on the customer shards, `pool.size` connections each, and the perfect router. */
interface ShardAccess {
  /** The pool of the shard that holds `id` (undefined: no such customer). */
  poolFor(id: number): Pool | undefined;
  close(): Promise<void>;
}

function query<T>(pool: Pool, sql: string, values: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) => pool.query<RowDataPacket[]>(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
}

/**
 * Opens a pool per shard of keyspace `customer` (as many connections as shardgate's pools) and
 * learns which shard holds each customer id by reading them all: the router is a map lookup,
 * a perfect router at no cost.
 */
async function openShards(config: Config): Promise<ShardAccess> {
  const keyspace = config.keyspaces.get('customer');
  if (keyspace === undefined) throw new Error('the demo config has no keyspace customer');
  const pools = [...keyspace.shards.values()].map((shard) =>
    mysql.createPool({
      host: shard.primary.host,
      port: shard.primary.port,
      user: shard.primary.user,
      ...(shard.primary.password === undefined ? {} : { password: shard.primary.password }),
      database: shard.primary.database,
      connectionLimit: config.pool.size,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    }),
  );
  const owner = new Map<number, Pool>();
  for (const pool of pools) {
    for (const row of await query<{ customer_id: string }>(pool, 'select customer_id from customer', [])) owner.set(Number(row.customer_id), pool);
  }
  return {
    poolFor: (id) => owner.get(id),
    close: () => Promise.all(pools.map((p) => new Promise<void>((resolve) => p.end(() => resolve())))).then(() => undefined),
  };
}

/** The row as shardgate returns it: DATETIME as ISO text without a zone. */
function apiRow(row: CustomerRow): CustomerRow {
  return { customer_id: row.customer_id, email: row.email, name: row.name, created_at: row.created_at.replace(' ', 'T') };
}

async function selectByPk(shards: ShardAccess, id: number): Promise<CustomerRow | null> {
  const pool = shards.poolFor(id);
  if (pool === undefined) return null;
  const rows = await query<CustomerRow>(pool, SELECT_BY_PK, [id]);
  return rows.length === 0 ? null : apiRow(rows[0]!);
}

/** A BigInt scalar like shardgate's: JSON strings out, strings or integers in. */
const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    throw new TypeError(`not a BigInt: ${String(value)}`);
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return Number(ast.value);
    throw new TypeError('not a BigInt literal');
  },
});

/** Stock graphql-yoga (default options) with the one hand-written resolver. */
function yogaHandler(shards: ShardAccess): (req: IncomingMessage, res: ServerResponse) => void {
  const schema = createSchema<Record<string, unknown>>({
    typeDefs: /* GraphQL */ `
      scalar BigInt
      scalar DateTime
      type customer {
        customer_id: BigInt!
        email: String!
        name: String!
        created_at: DateTime!
      }
      type Query {
        customer_by_pk(customer_id: BigInt!): customer
      }
    `,
    resolvers: {
      BigInt: BigIntScalar,
      DateTime: new GraphQLScalarType({ name: 'DateTime', serialize: (value) => value }),
      Query: { customer_by_pk: (_root: unknown, args: { customer_id: number }) => selectByPk(shards, args.customer_id) },
    },
  });
  const yoga = createYoga<Record<string, unknown>>({ schema, logging: false });
  return (req, res) => void yoga(req, res);
}

/** node:http only: read the GraphQL POST body, take `variables.id`, SELECT, write the JSON. */
function bareHandler(shards: ShardAccess): (req: IncomingMessage, res: ServerResponse) => void {
  const fail = (res: ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errors: [{ message }] }));
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let id: number;
      try {
        id = Number((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { id: number | string } }).variables.id);
      } catch {
        fail(res, 400, 'expected {"variables": {"id": …}}');
        return;
      }
      selectByPk(shards, id).then(
        (row) => {
          const body = JSON.stringify({ data: { customer_by_pk: row } });
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
        },
        (error: unknown) => fail(res, 500, String(error)),
      );
    });
  };
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/graphql`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as ServerSpec;
  const config = await loadConfig(spec.configPath);
  let url: string;
  let stop: () => Promise<void>;
  if (spec.kind === 'shardgate') {
    const server = createServer(config, { host: '127.0.0.1', port: 0, log: silentLog, ...spec.options });
    url = (await server.start()).url;
    stop = () => server.stop();
  } else {
    const shards = await openShards(config);
    const http = await listen(spec.kind === 'yoga' ? yogaHandler(shards) : bareHandler(shards));
    url = http.url;
    stop = async () => {
      await http.close();
      await shards.close();
    };
  }
  process.once('SIGTERM', () => {
    void stop().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
}

await main();
