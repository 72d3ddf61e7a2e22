// Where a tablet lives: its folder under `<dir>/tablets/<keyspace>/<shard>/<type>-<n>/`
// (my.cnf, data/, mysqld.sock, mysqld.pid, error.log) and how to connect to it as root.
// Pure path and address arithmetic; creates nothing.

import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { invariant } from '../util/invariant.js';
import type { AdminTarget } from './adminConnection.js';
import type { TabletSpec } from './clusterSpec.js';
import type { ClusterState, TabletState } from './clusterState.js';
import { parseServerUrl } from './serverUrl.js';
import type { TabletFiles } from './startTablet.js';

/** Longest socket path used in place; longer ones move to the temp folder (sun_path holds 104–108 bytes). */
const MAX_SOCKET_PATH = 100;

/** The folder of a spawned tablet: `<clusterDir>/tablets/<keyspace>/<shard>/<type>-<n>`. */
export function tabletDirFor(clusterDir: string, tablet: TabletSpec): string {
  return path.join(clusterDir, 'tablets', tablet.keyspace, tablet.shard, `${tablet.type}-${tablet.index}`);
}

/**
 * The Unix socket of a tablet: `<tabletDir>/mysqld.sock`, or, when that path is too long for a
 * socket address, `<tmpdir>/shardgate-<hash of tabletDir>.sock` (stable for the same folder).
 */
export function socketPathFor(tabletDir: string): string {
  const inPlace = path.join(tabletDir, 'mysqld.sock');
  if (Buffer.byteLength(inPlace) <= MAX_SOCKET_PATH) return inPlace;
  return path.join(tmpdir(), `shardgate-${createHash('sha256').update(tabletDir).digest('hex').slice(0, 16)}.sock`);
}

/** The files of a spawned tablet. Contract: `tablet.dir` is set (parseClusterState checks it for spawned clusters). */
export function tabletFiles(tablet: TabletState): TabletFiles & { readonly dataDir: string } {
  const dir = tablet.dir;
  invariant(dir !== null, `tabletFiles of ${tablet.alias}, which has no folder (existing-server mode)`);
  return {
    alias: tablet.alias,
    myCnf: path.join(dir, 'my.cnf'),
    socket: tablet.socket ?? socketPathFor(dir),
    pidFile: path.join(dir, 'mysqld.pid'),
    errorLog: path.join(dir, 'error.log'),
    outputLog: path.join(dir, 'mysqld.out'),
    dataDir: path.join(dir, 'data'),
  };
}

/**
 * How to reach a recorded tablet as an administrator, without selecting its database: a
 * spawned tablet as root over its socket; on an existing server, with the server URL's
 * credentials. The label names the tablet alias (and the database on an existing server).
 */
export function adminTargetFor(state: ClusterState, tablet: TabletState): AdminTarget {
  if (state.serverUrl === null) {
    return { label: tablet.alias, host: tablet.host, port: tablet.port, socket: tablet.socket, user: 'root' };
  }
  const server = parseServerUrl(state.serverUrl);
  return {
    label: `${tablet.alias} (database ${tablet.database} on ${server.url})`,
    host: server.host,
    port: server.port,
    socket: server.socket ?? null,
    user: server.user,
    ...(server.password === undefined ? {} : { password: server.password }),
  };
}
