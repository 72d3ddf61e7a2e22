// cluster.json: what `up` started and where, kept in the cluster directory so that `down`,
// `status` and the next `up` find exactly the same tablets (ports, sockets, PIDs, server ids)
// and the seeding progress. Owns the file format, reading and atomic writing; decides nothing.

import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ServiceError } from '../errors/serviceError.js';
import type { TabletType } from '../topology/topology.js';
import { parseJsonText } from '../util/jsonText.js';
import type { Flavor } from './serverBinaries.js';

/** The file name of the state inside the cluster directory. */
export const CLUSTER_STATE_FILE = 'cluster.json';

/** `spawned`: shardgate runs one mariadbd per tablet. `server`: one database per shard on an existing server. */
export type ClusterMode = 'spawned' | 'server';

/** One tablet as recorded. */
export interface TabletState {
  readonly alias: string;
  readonly keyspace: string;
  readonly shard: string;
  readonly type: TabletType;
  readonly host: string;
  readonly port: number;
  /** Unix socket of a spawned tablet; null on an existing server. */
  readonly socket: string | null;
  readonly database: string;
  /** The tablet's folder (my.cnf, data/, logs) when spawned; null on an existing server. */
  readonly dir: string | null;
  /** MySQL server_id when spawned; null on an existing server. */
  readonly serverId: number | null;
  /** PID of the server process this cluster started, or null when it is not running (or not ours). */
  readonly pid: number | null;
}

/** How far seeding got: `seeding` is written before the first row and `complete` after the last commit. */
export interface SeedState {
  readonly scale: number;
  readonly products: number;
  readonly customers: number;
  readonly orders: number;
  readonly state: 'seeding' | 'complete';
}

/** The whole file. */
export interface ClusterState {
  readonly version: 1;
  readonly mode: ClusterMode;
  /** The flavor whose data directories the tablets hold; null on an existing server. */
  readonly flavor: Flavor | null;
  /** Existing-server mode: the server URL as given (it may hold a password: the file is local, like the generated config). */
  readonly serverUrl: string | null;
  /** Prefix of every database name (empty for the demo). */
  readonly databasePrefix: string;
  /** Where `up` wrote the generated shardgate.json. */
  readonly configPath: string;
  /** The GraphQL port written into the generated config. */
  readonly graphqlPort: number;
  readonly seed: SeedState | null;
  /** In cluster order: keyspaces, shards, primary before replicas. */
  readonly tablets: readonly TabletState[];
}

function invalid(file: string, reason: string): ServiceError {
  return new ServiceError('SG805', `invalid cluster state ${file}: ${reason}; stop what runs with \`shardgate down\` or remove the directory`, {
    details: { path: file },
  });
}

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isPort: Check = (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
const isPidOrNull: Check = (v) => v === null || (Number.isSafeInteger(v) && (v as number) > 0);
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);

const TABLET_FIELDS: Record<keyof TabletState, Check> = {
  alias: isString,
  keyspace: isString,
  shard: isString,
  type: (v) => v === 'primary' || v === 'replica',
  host: isString,
  port: isPort,
  socket: orNull(isString),
  database: isString,
  dir: orNull(isString),
  serverId: orNull((v) => Number.isInteger(v) && (v as number) > 0),
  pid: isPidOrNull,
};

const SEED_FIELDS: Record<keyof SeedState, Check> = {
  scale: (v) => typeof v === 'number' && v > 0,
  products: Number.isInteger,
  customers: Number.isInteger,
  orders: Number.isInteger,
  state: (v) => v === 'seeding' || v === 'complete',
};

function checkFields(file: string, where: string, value: unknown, fields: Record<string, Check>): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(file, `${where} is not an object`);
  for (const [key, check] of Object.entries(fields)) {
    if (!check((value as Record<string, unknown>)[key])) throw invalid(file, `${where}.${key} is missing or has a wrong value`);
  }
}

/**
 * Checks a parsed cluster.json value and returns it typed.
 * Contract: throws ServiceError SG805 naming the first field that is missing or wrong
 * (a spawned cluster needs a flavor, and its tablets a dir, a socket and a server id; a
 * cluster on an existing server needs its server URL).
 */
export function parseClusterState(json: unknown, file: string): ClusterState {
  checkFields(file, '$', json, {
    version: (v) => v === 1,
    mode: (v) => v === 'spawned' || v === 'server',
    flavor: (v) => v === null || v === 'mariadb' || v === 'mysql',
    serverUrl: orNull(isString),
    databasePrefix: isString,
    configPath: isString,
    graphqlPort: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535,
    seed: (v) => v === null || (typeof v === 'object' && !Array.isArray(v)),
    tablets: Array.isArray,
  });
  const state = json as ClusterState;
  if (state.mode === 'server' && state.serverUrl === null) throw invalid(file, '$.serverUrl is null, but the cluster is on an existing server');
  if (state.mode === 'spawned' && state.flavor === null) throw invalid(file, '$.flavor is null, but the cluster runs its own tablets');
  if (state.seed !== null) checkFields(file, '$.seed', state.seed, SEED_FIELDS);
  state.tablets.forEach((tablet, i) => {
    checkFields(file, `$.tablets[${i}]`, tablet, TABLET_FIELDS);
    const missing = (['dir', 'socket', 'serverId'] as const).find((key) => tablet[key] === null);
    if (state.mode === 'spawned' && missing !== undefined) throw invalid(file, `$.tablets[${i}].${missing} is null, but a spawned tablet needs it`);
  });
  return state;
}

/**
 * Reads `<dir>/cluster.json`. Returns null when the file does not exist.
 * Contract: throws ServiceError SG805 when it is not valid JSON or not a cluster state.
 */
export async function readClusterState(dir: string): Promise<ClusterState | null> {
  const file = path.join(dir, CLUSTER_STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw invalid(file, `cannot read it (${(error as Error).message})`);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw invalid(file, parsed.message);
  return parseClusterState(parsed.value, file);
}

/**
 * Writes `<dir>/cluster.json` atomically (a temporary file renamed over it), so that a crash
 * never leaves a half-written state behind.
 */
export async function writeClusterState(dir: string, state: ClusterState): Promise<void> {
  const file = path.join(dir, CLUSTER_STATE_FILE);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}
