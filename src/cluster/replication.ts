// GTID replication between a shard's primary and its replicas: point a replica at its primary
// (MariaDB `MASTER_USE_GTID=slave_pos`, MySQL `SOURCE_AUTO_POSITION=1`), start it, and ask a
// tablet its GTID position and replication lag. Mirrors the statements of vitess
// go/mysql/flavor_mariadb.go and flavor_mysql.go; owns no process and no retry policy.

import { ServiceError } from '../errors/serviceError.js';
import { assertNever } from '../util/invariant.js';
import { withAdminConnection, type AdminConnection, type AdminTarget } from './adminConnection.js';
import type { Flavor } from './serverBinaries.js';

/** What a replica says about its replication (MariaDB SHOW SLAVE STATUS, MySQL SHOW REPLICA STATUS). */
export interface ReplicationStatus {
  /** The GTID position this replica has applied (see {@link readGtidPosition}). */
  readonly gtidPosition: string;
  /** The I/O thread is connected to the primary (`Yes`; `Connecting` counts as not running). */
  readonly ioRunning: boolean;
  readonly sqlRunning: boolean;
  /** Lag in seconds as the server reports it; null when it cannot tell (a thread is stopped). */
  readonly secondsBehindMaster: number | null;
  /** The last I/O or SQL thread error, or null when there is none. */
  readonly lastError: string | null;
  readonly primaryHost: string;
  readonly primaryPort: number;
}

/** Where a replica connects to its primary. */
export interface ReplicationSource {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Returns the GTID position a tablet has executed: MariaDB `@@GLOBAL.gtid_current_pos`
 * (`0-101-42`; the primary's binlog position, a replica's applied position), MySQL
 * `@@GLOBAL.gtid_executed`. An empty string means no transaction yet.
 */
export async function readGtidPosition(connection: AdminConnection, flavor: Flavor): Promise<string> {
  const variable = flavor === 'mariadb' ? '@@GLOBAL.gtid_current_pos' : '@@GLOBAL.gtid_executed';
  const rows = await connection.query(`SELECT ${variable} AS position`);
  return text(rows[0]?.position).replace(/\s+/g, '');
}

/**
 * Reads the replication status of a tablet; null when it is not configured as a replica.
 * Contract: MariaDB reads SHOW SLAVE STATUS, MySQL SHOW REPLICA STATUS (8.0.22+).
 */
export async function readReplicationStatus(connection: AdminConnection, flavor: Flavor): Promise<ReplicationStatus | null> {
  const rows = await connection.query(flavor === 'mariadb' ? 'SHOW SLAVE STATUS' : 'SHOW REPLICA STATUS');
  const row = rows[0];
  if (row === undefined) return null;
  const pick = (mariadb: string, mysql: string): unknown => row[flavor === 'mariadb' ? mariadb : mysql];
  const lag = pick('Seconds_Behind_Master', 'Seconds_Behind_Source');
  const lastError = [text(row.Last_IO_Error), text(row.Last_SQL_Error)].filter((e) => e !== '').join('; ');
  return {
    gtidPosition: await readGtidPosition(connection, flavor),
    ioRunning: text(pick('Slave_IO_Running', 'Replica_IO_Running')) === 'Yes',
    sqlRunning: text(pick('Slave_SQL_Running', 'Replica_SQL_Running')) === 'Yes',
    secondsBehindMaster: lag === null || lag === undefined || lag === '' ? null : Number(lag),
    lastError: lastError === '' ? null : lastError,
    primaryHost: text(pick('Master_Host', 'Source_Host')),
    primaryPort: Number(pick('Master_Port', 'Source_Port')),
  };
}

function replicationCommands(flavor: Flavor, source: ReplicationSource): { stop: string; change: string; values: unknown[]; start: string } {
  switch (flavor) {
    case 'mariadb':
      return {
        stop: 'STOP SLAVE',
        change: 'CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_CONNECT_RETRY = 1, MASTER_USE_GTID = slave_pos',
        values: [source.host, source.port, source.user, source.password],
        start: 'START SLAVE',
      };
    case 'mysql':
      return {
        stop: 'STOP REPLICA',
        change:
          'CHANGE REPLICATION SOURCE TO SOURCE_HOST = ?, SOURCE_PORT = ?, SOURCE_USER = ?, SOURCE_PASSWORD = ?, SOURCE_CONNECT_RETRY = 1, SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1',
        values: [source.host, source.port, source.user, source.password],
        start: 'START REPLICA',
      };
    default:
      return assertNever(flavor, 'flavor');
  }
}

/** What {@link ensureReplication} had to do. */
export type ReplicationAction = 'configured' | 'started' | 'running';

/**
 * Makes sure the replica behind `connection` replicates from `source` by GTID: configures it
 * when it is not a replica or points elsewhere (`configured`), starts stopped threads
 * (`started`), or leaves it alone (`running`).
 * Contract: idempotent. Does not wait for the I/O thread to connect (a restarting primary is
 * retried every second). Throws ServiceError SG809 when the server rejects a statement.
 */
export async function ensureReplication(connection: AdminConnection, flavor: Flavor, source: ReplicationSource): Promise<ReplicationAction> {
  const commands = replicationCommands(flavor, source);
  const status = await readReplicationStatus(connection, flavor);
  if (status === null || status.primaryHost !== source.host || status.primaryPort !== source.port) {
    if (status !== null) await connection.query(commands.stop);
    await connection.query(commands.change, commands.values);
    await connection.query(commands.start);
    return 'configured';
  }
  if (status.ioRunning && status.sqlRunning) return 'running';
  await connection.query(commands.start);
  return 'started';
}

/**
 * Waits until the tablet behind `connection` has applied `position` (MariaDB
 * `MASTER_GTID_WAIT`, MySQL `WAIT_FOR_EXECUTED_GTID_SET`).
 * Contract: an empty position is reached at once. Throws ServiceError SG811 after `timeoutMs`.
 */
export async function waitForGtidPosition(connection: AdminConnection, flavor: Flavor, position: string, timeoutMs: number): Promise<void> {
  if (position === '') return;
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const sql = flavor === 'mariadb' ? 'SELECT MASTER_GTID_WAIT(?, ?) AS result' : 'SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS result';
  const rows = await connection.query(sql, [position, seconds]);
  if (Number(rows[0]?.result) !== 0) {
    throw new ServiceError('SG811', `${connection.label} did not reach GTID position ${position} within ${seconds} s`, {
      details: { tablet: connection.label, position },
    });
  }
}

/** Asks a tablet its executed GTID position (see {@link readGtidPosition}); opens and closes one connection. */
export function gtidPosition(tablet: AdminTarget, flavor: Flavor): Promise<string> {
  return withAdminConnection(tablet, (connection) => readGtidPosition(connection, flavor));
}

/** Asks a tablet its replication status and lag (see {@link readReplicationStatus}); opens and closes one connection. */
export function replicationStatus(tablet: AdminTarget, flavor: Flavor): Promise<ReplicationStatus | null> {
  return withAdminConnection(tablet, (connection) => readReplicationStatus(connection, flavor));
}
