// Integration-test access to the shared MariaDB server (default mysql://root@127.0.0.1:3306):
// the server URL, throwaway databases with a unique `sgt_<random>_` prefix, and an admin query
// helper. Owns no pooling and no SqlValues (tests of those go through src/pools). When the
// server is unreachable every helper throws an Error saying how to start it: never a skip.

import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { parseConfig } from '../../src/config/parseConfig.js';
import { buildTopology } from '../../src/topology/buildTopology.js';
import type { Topology } from '../../src/topology/topology.js';

/** The URL of the shared test server: env SHARDGATE_TEST_MYSQL_URL, default `mysql://root@127.0.0.1:3306`. */
export function testServerUrl(): string {
  return process.env.SHARDGATE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
}

/** Host, port, user and password of {@link testServerUrl} (its path, if any, is ignored). */
export function testServerAddress(): { host: string; port: number; user: string; password: string } {
  const url = new URL(testServerUrl());
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** A tablet URL for `database` on the test server (`mysql://user[:password]@host:port/database`). */
export function testDatabaseUrl(database: string): string {
  const { host, port, user, password } = testServerAddress();
  const auth = password === '' ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  const hostShown = host.includes(':') ? `[${host}]` : host;
  return `mysql://${auth}@${hostShown}:${port}/${encodeURIComponent(database)}`;
}

const HOW_TO_START =
  'start MariaDB on 127.0.0.1:3306 with a passwordless root (e.g. `apt-get install -y mariadb-server && service mariadb start`), ' +
  'or point SHARDGATE_TEST_MYSQL_URL at a server where the user may create and drop databases';

/**
 * Opens one admin connection to the test server (no default database).
 * Throws an Error naming the URL and how to start the server when it cannot connect.
 */
export async function connectAdmin(): Promise<mysql.Connection> {
  const { host, port, user, password } = testServerAddress();
  try {
    return await mysql.createConnection({ host, port, user, password, multipleStatements: false, charset: 'utf8mb4' });
  } catch (error) {
    throw new Error(`cannot reach the test MySQL server at ${testServerUrl()}: ${(error as Error).message}; ${HOW_TO_START}`, { cause: error });
  }
}

/**
 * Runs one statement on a fresh admin connection and returns its rows as plain objects
 * (values as mysql2 decodes them by default). For setup, checks and cleanup in tests only.
 */
export async function adminQuery<T = Record<string, unknown>>(sql: string, values: readonly unknown[] = []): Promise<T[]> {
  const connection = await connectAdmin();
  try {
    const [rows] = await connection.query(sql, [...values]);
    return Array.isArray(rows) ? (rows as T[]) : [];
  } finally {
    await connection.end();
  }
}

/** Throwaway databases on the test server, see {@link createTestDatabases}. */
export interface TestDatabases {
  /** The real database names (`sgt_<random>_<name>`), by the name asked for. */
  readonly names: Readonly<Record<string, string>>;
  /** Tablet URLs (`mysql://…/sgt_<random>_<name>`), by the name asked for. */
  readonly urls: Readonly<Record<string, string>>;
  /** Drops every database created; idempotent, never throws for a database already gone. */
  drop(): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Creates one empty database per name, each called `sgt_<random>_<name>` (the random part is
 * shared by the call, so one `DROP` pattern finds them all), with utf8mb4.
 * Contract: names are letters, digits and underscores, distinct; call `drop()` in afterAll.
 * Throws when the server is unreachable (with how to start it) or a name is invalid.
 */
export async function createTestDatabases(names: readonly string[]): Promise<TestDatabases> {
  const prefix = `sgt_${randomBytes(4).toString('hex')}_`;
  const real: Record<string, string> = {};
  const urls: Record<string, string> = {};
  for (const name of names) {
    if (!SAFE_NAME.test(name) || name in real) throw new Error(`invalid or repeated test database name ${JSON.stringify(name)}`);
    real[name] = `${prefix}${name}`;
    urls[name] = testDatabaseUrl(`${prefix}${name}`);
  }
  const connection = await connectAdmin();
  try {
    for (const database of Object.values(real)) {
      await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
    }
  } finally {
    await connection.end();
  }
  let dropped = false;
  return {
    names: Object.freeze(real),
    urls: Object.freeze(urls),
    async drop() {
      if (dropped) return;
      dropped = true;
      const admin = await connectAdmin();
      try {
        for (const database of Object.values(real)) await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * Runs `statements` one by one in `database` on one admin connection (schema and seed data
 * for a test). Values are mysql2 `?` placeholders; the rows of the last statement are returned.
 */
export async function runInDatabase(database: string, statements: readonly (string | [string, readonly unknown[]])[]): Promise<unknown> {
  const connection = await connectAdmin();
  try {
    await connection.query(`USE \`${database}\``);
    let last: unknown;
    for (const statement of statements) {
      const [sql, values] = typeof statement === 'string' ? [statement, []] : statement;
      [last] = await connection.query(sql, [...values]);
    }
    return last;
  } finally {
    await connection.end();
  }
}

/** The tablets of one shard for {@link buildTestTopology}: a primary URL and replica URLs. */
export interface TestShard {
  readonly primary: string;
  readonly replicas?: readonly string[];
}

/**
 * Builds a Topology from tablet URLs: `{ keyspace: { shardName: { primary, replicas } } }`.
 * A keyspace with one shard named `0` is unsharded (inline VSchema `{}`), any other is
 * sharded (`{"sharded": true}`); goes through parseConfig and buildTopology like a real config.
 */
export function buildTestTopology(keyspaces: Readonly<Record<string, Readonly<Record<string, TestShard>>>>): Topology {
  const json = {
    keyspaces: Object.fromEntries(
      Object.entries(keyspaces).map(([name, shards]) => {
        const names = Object.keys(shards);
        const sharded = !(names.length === 1 && names[0] === '0');
        return [name, { vschema: sharded ? { sharded: true } : {}, shards }];
      }),
    ),
  };
  return buildTopology(parseConfig(json, { baseDir: process.cwd() }));
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then closed), for unreachable-tablet tests. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
