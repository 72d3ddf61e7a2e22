// clusterStatus: the JSON of `shardgate status` (INTERFACES.md §3): each recorded tablet with
// where it listens and whether it runs, plus the GraphQL server (null unless `shardgate up`
// runs; see serverRecord.ts). Reads cluster.json, server.json and the process table; connects
// only in existing-server mode.

import { ServiceError } from '../errors/serviceError.js';
import { withAdminConnection } from './adminConnection.js';
import { readClusterState, type ClusterState, type TabletState } from './clusterState.js';
import { readServerRecord } from './serverRecord.js';
import { adminTargetFor, tabletFiles } from './tabletLayout.js';
import { firstTabletProcess, readPidFile } from './tabletProcess.js';

/**
 * One tablet in `shardgate status`: where it is (as recorded; `socket` is null on an existing
 * server reached over TCP), the PID of its running server (null when it does not run, or on an
 * existing server), and whether it runs.
 */
export type TabletStatus = Pick<TabletState, 'keyspace' | 'shard' | 'type' | 'host' | 'port' | 'socket'> & {
  readonly pid: number | null;
  readonly database: string;
  readonly running: boolean;
};

/** The whole `shardgate status` answer. */
export interface ClusterStatus {
  readonly tablets: readonly TabletStatus[];
  /** The GraphQL server that `up` runs for this directory, while its process runs; else null. */
  readonly server: { readonly url: string; readonly pid: number } | null;
}

async function spawnedTabletPid(tablet: TabletState): Promise<number | null> {
  const files = tabletFiles(tablet);
  return firstTabletProcess([tablet.pid, await readPidFile(files.pidFile)], files.myCnf);
}

async function databaseAnswers(state: ClusterState, tablet: TabletState): Promise<boolean> {
  try {
    const rows = await withAdminConnection(
      adminTargetFor(state, tablet),
      (connection) => connection.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [tablet.database]),
      { connectTimeoutMs: 3_000 },
    );
    return rows.length === 1;
  } catch {
    return false;
  }
}

/**
 * Reports the cluster recorded in `<dir>/cluster.json`, tablets in cluster order.
 * Contract: a spawned tablet runs when its recorded PID (or the PID in its pid file) is alive
 * and is that tablet's server (checked by command line, not by connecting); an existing-server
 * tablet runs when the server answers and its database exists. Throws ServiceError SG804 when
 * the directory has no cluster, SG805 when cluster.json is unreadable.
 */
export async function clusterStatus(dir: string): Promise<ClusterStatus> {
  const state = await readClusterState(dir);
  if (state === null) throw new ServiceError('SG804', `no cluster in ${dir}: start one with shardgate up --dir ${dir}`, { details: { dir } });
  const tablets = await Promise.all(
    state.tablets.map(async (tablet): Promise<TabletStatus> => {
      const pid = state.mode === 'spawned' ? await spawnedTabletPid(tablet) : null;
      const running = state.mode === 'spawned' ? pid !== null : await databaseAnswers(state, tablet);
      return {
        keyspace: tablet.keyspace,
        shard: tablet.shard,
        type: tablet.type,
        host: tablet.host,
        port: tablet.port,
        socket: tablet.socket,
        pid,
        database: tablet.database,
        running,
      };
    }),
  );
  return { tablets, server: await readServerRecord(dir) };
}
