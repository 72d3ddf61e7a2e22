// The demo cluster served over real HTTP, for the server integration and e2e tests: `up` in
// existing-server mode on the shared MariaDB (SHARDGATE_TEST_MYSQL_URL) with a unique
// `sgt_<random>_` database prefix at scale 0.01 (100 customers, 1,000 orders), config variants
// (e.g. one shard behind a proxy), a started createServer on a free port, and a GraphQL client.

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { upCluster } from '../../src/cluster/upCluster.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createServer, type ServerOptions, type ShardgateServer } from '../../src/server/createServer.js';
import { adminQuery, testServerUrl } from './mariadb.js';

/** Demo data scale of the tests: 100 customers, 1,000 orders, 200 products. */
export const DEMO_TEST_SCALE = 0.01;

/** A seeded demo cluster on the test server. */
export interface Demo {
  readonly dir: string;
  readonly prefix: string;
  /** The generated shardgate.json. */
  readonly configPath: string;
  /** Database name per `keyspace/shard`: `customer/-80` → `sgt_…_customer_x80`. */
  readonly databases: Readonly<Record<string, string>>;
  /**
   * Writes a copy of the generated config with `mutate` applied to its JSON and returns the
   * path (in the demo directory, so the VSchema paths stay valid).
   */
  writeConfig(name: string, mutate: (json: DemoConfigJson) => void): Promise<string>;
  /** Drops the databases and removes the directory. */
  destroy(): Promise<void>;
}

/** The parts of the generated config JSON the tests change. */
export interface DemoConfigJson {
  listen?: { host?: string; port?: number };
  keyspaces: Record<string, { vschema: unknown; shards: Record<string, { primary: string }> }>;
  limits?: Record<string, unknown>;
  introspection?: boolean;
  [key: string]: unknown;
}

/** Brings the demo up on the test server under a fresh prefix (seeding takes a few seconds). */
export async function upDemo(): Promise<Demo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgt-server-'));
  const prefix = `sgt_${randomBytes(4).toString('hex')}_`;
  const databases = { 'commerce/0': `${prefix}commerce`, 'customer/-80': `${prefix}customer_x80`, 'customer/80-': `${prefix}customer_80x` };
  const up = await upCluster({ dir, server: testServerUrl(), databasePrefix: prefix, scale: DEMO_TEST_SCALE });
  return {
    dir,
    prefix,
    configPath: up.configPath,
    databases,
    async writeConfig(name, mutate) {
      const json = JSON.parse(await readFile(up.configPath, 'utf8')) as DemoConfigJson;
      mutate(json);
      const file = path.join(dir, name);
      await writeFile(file, JSON.stringify(json, null, 2));
      return file;
    },
    async destroy() {
      for (const database of Object.values(databases)) await adminQuery(`DROP DATABASE IF EXISTS \`${database}\``);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A GraphQL response as the tests read it. */
export interface GraphQLResponse {
  readonly status: number;
  readonly data?: Record<string, unknown> | null;
  readonly errors?: { message: string; path?: unknown[]; extensions: Record<string, unknown> }[];
  readonly extensions?: { plan?: ExplainEntry[] } & Record<string, unknown>;
}

/** One entry of extensions.plan. */
export interface ExplainEntry {
  readonly path: string;
  readonly keyspace: string;
  readonly opcode: string;
  readonly shards: readonly string[];
  readonly sql: string;
}

/** Posts a GraphQL operation to `url` (JSON in, JSON out). */
export async function postGraphQL(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string>; body?: string } = {},
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
    body: options.body ?? JSON.stringify({ query, ...(options.variables === undefined ? {} : { variables: options.variables }) }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** A demo server started on a free port, and its log lines. */
export interface DemoServer {
  readonly server: ShardgateServer;
  readonly config: Config;
  readonly url: string;
  /** `http://host:port` without the /graphql path. */
  readonly origin: string;
  readonly log: string[];
  /** Posts to /graphql. */
  query(query: string, options?: Parameters<typeof postGraphQL>[2]): Promise<GraphQLResponse>;
  /** Posts with `X-Shardgate-Explain: true` (and force scatter when asked). */
  explain(query: string, options?: { variables?: Record<string, unknown>; forceScatter?: boolean }): Promise<GraphQLResponse>;
}

/** Starts createServer for the config at `configPath` on 127.0.0.1 and a free port, force scatter allowed. */
export async function startDemoServer(configPath: string, options: ServerOptions = {}): Promise<DemoServer> {
  const log: string[] = [];
  const config = await loadConfig(configPath);
  const server = createServer(config, {
    host: '127.0.0.1',
    port: 0,
    allowForceScatter: true,
    processMetrics: false,
    log: { info: (m) => log.push(`info: ${m}`), warn: (m) => log.push(`warn: ${m}`), error: (m) => log.push(`error: ${m}`) },
    ...options,
  });
  const { url } = await server.start();
  return {
    server,
    config,
    url,
    origin: url.replace(/\/graphql$/, ''),
    log,
    query: (query, o) => postGraphQL(url, query, o),
    explain: (query, o = {}) =>
      postGraphQL(url, query, {
        ...(o.variables === undefined ? {} : { variables: o.variables }),
        headers: { 'x-shardgate-explain': 'true', ...(o.forceScatter === true ? { 'x-shardgate-force-scatter': 'true' } : {}) },
      }),
  };
}
