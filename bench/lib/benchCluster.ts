// The tablets of the suite: private MariaDB servers spawned with src/cluster, so that nobody
// else's clients move their status counters or take their connections. Kept between runs under
// bench/.data/clusters/ (env SHARDGATE_BENCH_CLUSTERS moves them): a later run reuses the seeded
// data and only starts the servers. The demo keyspaces with `customer` split into N shards
// (seeded through the sharding core: every row on the shard its vindex names), and a one-tablet
// "flat" copy of the same rows, unsharded, for the peers; or the demo keyspaces as databases of
// a server someone else runs (existing-server mode, a fresh prefix, dropped after). Owns set-up
// and status reads only.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { quoteIdentifier, withAdminConnection, type AdminTarget } from '../../src/cluster/adminConnection.js';
import { demoClusterSpec, type ClusterSpec } from '../../src/cluster/clusterSpec.js';
import type { TabletState } from '../../src/cluster/clusterState.js';
import { generateDemoData } from '../../src/cluster/demoData.js';
import { downCluster } from '../../src/cluster/downCluster.js';
import { upCluster } from '../../src/cluster/upCluster.js';
import { generateShardRanges } from '../../src/sharding/key/shardName.js';

const BENCH_DIR = path.resolve(import.meta.dirname, '..');

/** Where cluster directories live: env SHARDGATE_BENCH_CLUSTERS (a test's own folder), else bench/.data/clusters. */
function clustersDir(): string {
  return path.resolve(process.env.SHARDGATE_BENCH_CLUSTERS ?? path.join(BENCH_DIR, '.data', 'clusters'));
}
/**
 * First port tried for each kind of bench cluster, away from the demo's 17100 (ports in use are
 * skipped, and a cluster keeps the ports it recorded): bench clusters run at the same time, and
 * two created at the same moment would both find the same ports free, so each starts from a
 * place of its own. A copy of the demo tablets (startDemoCluster's `copy`) needs one here.
 */
const FLAT_BASE_PORT = 18100;
const DEMO_BASE_PORT = 18120;
const DEMO_COPY_BASE_PORTS: Readonly<Record<string, number>> = { http: 18140 };

/** A running bench cluster. */
export interface BenchCluster {
  readonly dir: string;
  /** The generated shardgate.json. */
  readonly configPath: string;
  /** Primaries only (bench clusters have no replicas), in cluster order. */
  readonly tablets: readonly TabletState[];
  /** Stops the tablet servers; the data stays for the next run. */
  stop(): Promise<void>;
}

/** An admin target for `tablet` (its socket, as root), optionally in its database. */
export function tabletTarget(tablet: TabletState, inDatabase = true): AdminTarget {
  return { label: tablet.alias, host: tablet.host, port: tablet.port, socket: tablet.socket, user: 'root', ...(inDatabase ? { database: tablet.database } : {}) };
}

async function up(name: string, spec: ClusterSpec, scale: number, seed: boolean, basePort: number, log: (line: string) => void): Promise<BenchCluster> {
  const dir = path.join(clustersDir(), name);
  const result = await upCluster({ dir, spec, scale, seed, basePort, log: (line) => log(`${name}: ${line}`) });
  return {
    dir,
    configPath: result.configPath,
    tablets: result.state.tablets,
    async stop() {
      await downCluster(dir, { log: (line) => log(`${name}: ${line}`) });
    },
  };
}

/** The demo keyspaces with `customer` split into `customerShards` even shards (Vitess names: 1 → `-`, 2 → `-80`,`80-`, …), no replicas. */
export function demoSpec(customerShards: number): ClusterSpec {
  const demo = demoClusterSpec({ replicas: 0 });
  return { ...demo, keyspaces: demo.keyspaces.map((k) => (k.sharded ? { ...k, shards: generateShardRanges(customerShards).map((name) => ({ name, replicas: 0 })) } : k)) };
}

/**
 * Brings up (or reuses) the demo keyspaces with `customer` split into `customerShards` even
 * shards (Vitess names: 1 → `-`, 2 → `-80`,`80-`, …), no replicas, seeded at `scale`. `copy`
 * names a second set of tablets with the same layout and data (its own directory, servers and
 * status counters), for a scenario that runs beside the others in a quick run.
 */
export function startDemoCluster(options: { readonly customerShards: number; readonly scale: number; readonly log: (line: string) => void; readonly copy?: string }): Promise<BenchCluster> {
  const name = `demo-${options.customerShards}shards-s${options.scale}${options.copy === undefined ? '' : `-${options.copy}`}`;
  const basePort = options.copy === undefined ? DEMO_BASE_PORT : DEMO_COPY_BASE_PORTS[options.copy];
  if (basePort === undefined) throw new Error(`no base port for a copy of the demo tablets named ${JSON.stringify(options.copy)}: add one to DEMO_COPY_BASE_PORTS`);
  return up(name, demoSpec(options.customerShards), options.scale, true, basePort, options.log);
}

/** The demo keyspaces as databases of an existing server (see {@link startDemoOnServer}). */
export interface ServerDemo {
  /** The generated shardgate.json (in a temporary directory). */
  readonly configPath: string;
  /** The `sgb_<random>_` prefix of every database of this demo. */
  readonly prefix: string;
  /** One per shard (databases on the server, no replicas), in cluster order. */
  readonly tablets: readonly TabletState[];
  /** The server itself, no database; its credentials are the URL's. */
  readonly server: AdminTarget;
  /** Drops every database whose name starts with `prefix` (the demo's and any the caller added) and the directory. Never throws for one already gone. */
  drop(): Promise<void>;
}

/**
 * Creates and seeds the demo keyspaces at `scale` on the server at `server` (a URL without a
 * database, e.g. `mysql://root@127.0.0.1:3306`) in upCluster's existing-server mode: nothing is
 * spawned, every database is named `sgb_<random>_<name>`. Call `drop()` when done.
 */
export async function startDemoOnServer(options: { readonly server: string; readonly scale: number; readonly log: (line: string) => void }): Promise<ServerDemo> {
  const url = new URL(options.server);
  const server: AdminTarget = {
    label: `${url.protocol}//${url.host}`,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  const prefix = `sgb_${randomBytes(4).toString('hex')}_`;
  const dir = await mkdtemp(path.join(tmpdir(), 'sg-bench-demo-'));
  const drop = async (): Promise<void> => {
    await withAdminConnection(server, async (connection) => {
      const rows = await connection.query('SELECT schema_name AS name FROM information_schema.schemata');
      for (const name of rows.map((r) => String(r.name)).filter((n) => n.startsWith(prefix))) await connection.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
    });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    options.log(`demo at scale ${options.scale} on ${server.label} under ${prefix}`);
    const up = await upCluster({ dir, server: options.server, databasePrefix: prefix, scale: options.scale, log: options.log });
    return { configPath: up.configPath, prefix, tablets: up.state.tablets, server, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

const FLAT_DIR = path.join(BENCH_DIR, 'data', 'flat');
const INSERT_BATCH = 2_000;

/**
 * Brings up (or reuses) one tablet holding the demo rows of `scale` unsharded in database
 * `flat` (bench/data/flat/schema.sql: the demo tables with foreign keys). The rows are the
 * ones the demo seeder writes (generateDemoData); they are reloaded when the counts differ.
 */
export async function startFlatCluster(options: { readonly scale: number; readonly log: (line: string) => void }): Promise<BenchCluster & { readonly tablet: TabletState }> {
  const spec: ClusterSpec = {
    keyspaces: [{ name: 'flat', sharded: false, vschemaPath: path.join(FLAT_DIR, 'vschema.json'), schemaPath: path.join(FLAT_DIR, 'schema.sql'), shards: [{ name: '0', replicas: 0 }] }],
    relationships: [],
  };
  const cluster = await up(`flat-s${options.scale}`, spec, options.scale, false, FLAT_BASE_PORT, options.log);
  const tablet = cluster.tablets[0]!;
  const data = generateDemoData(options.scale);
  await withAdminConnection(tabletTarget(tablet), async (connection) => {
    const count = async (table: string): Promise<number> => Number((await connection.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
    const counts = [await count('product'), await count('customer'), await count('corder')];
    const want = [data.products.length, data.customers.length, data.orders.length];
    if (counts.join() === want.join()) return;
    options.log(`flat-s${options.scale}: loading ${want.join(' / ')} products / customers / orders (had ${counts.join(' / ')})`);
    for (const table of ['corder', 'customer', 'product']) await connection.query(`DELETE FROM ${table}`);
    const insert = async (table: string, columns: string, rows: readonly (readonly unknown[])[]): Promise<void> => {
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        const batch = rows.slice(i, i + INSERT_BATCH);
        await connection.query(`INSERT INTO ${table} (${columns}) VALUES ${batch.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`, batch.flat());
      }
    };
    await insert('product', 'sku, description, price', data.products);
    await insert('customer', 'customer_id, email, name, created_at', data.customers);
    await insert('corder', 'order_id, customer_id, sku, price, status, created_at', data.orders);
  });
  return { ...cluster, tablet };
}

/**
 * Reads global status counters of each tablet's server, keyed by tablet alias then counter
 * name (`Com_select`, `Threads_connected`, `Max_used_connections`, …).
 */
export async function readStatus(tablets: readonly TabletState[], names: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  await Promise.all(
    tablets.map(async (tablet) => {
      const rows = await withAdminConnection(tabletTarget(tablet, false), (c) => c.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${names.map(() => '?').join(', ')})`, names));
      out.set(tablet.alias, new Map(rows.map((r) => [String(r.Variable_name), Number(r.Value)])));
    }),
  );
  return out;
}

/** Runs one statement on each tablet's server (no database), e.g. `SET GLOBAL …` or `FLUSH STATUS`. */
export async function onEachTablet(tablets: readonly TabletState[], sql: string): Promise<void> {
  await Promise.all(tablets.map((tablet) => withAdminConnection(tabletTarget(tablet, false), (c) => c.query(sql))));
}

/** `Com_select` per tablet alias: SELECT statements the server has run since it started. */
export async function readComSelect(tablets: readonly TabletState[]): Promise<Map<string, number>> {
  const status = await readStatus(tablets, ['Com_select']);
  return new Map([...status].map(([alias, counters]) => [alias, counters.get('Com_select') ?? Number.NaN]));
}
