// Wraps every mysql2 error (server error packets, socket and protocol failures) into a
// catalogue ServiceError naming the shard and tablet, keeping errno/sqlState in details.
// Owns the errno → catalogue id mapping; deciding when a connection is broken is
// tabletConnection.ts, timeouts and row limits are raised by tabletPool.ts.

import type { ErrorId } from '../errors/catalogue.js';
import { ServiceError } from '../errors/serviceError.js';

/** Where a statement ran: `keyspace/shard` and the tablet alias, for messages and details. */
export interface ErrorSite {
  readonly shard: string;
  readonly tablet: string;
}

/** The fields mysql2 puts on its errors (all optional: socket errors have only `code`). */
interface DriverError {
  readonly message?: string;
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly sqlMessage?: string;
  readonly fatal?: boolean;
}

/** Server errors that mean the statement was interrupted: KILL QUERY, max_statement_time, MAX_EXECUTION_TIME. */
const INTERRUPTED = new Set([1317, 1969, 3024]);
/** Lock wait timeout: the statement ran out of time waiting for a row lock (Vitess: DEADLINE_EXCEEDED). */
const LOCK_WAIT_TIMEOUT = 1205;

// errno groups after vitess go/mysql/sqlerror/sql_error.go VtRpcErrorCode, folded onto the codes
// shardgate has (ALREADY_EXISTS, ABORTED and PERMISSION_DENIED become FAILED_PRECONDITION).
const RESOURCE = new Set([1021, 1037, 1038, 1040, 1041, 1114, 1135, 1153, 1203, 1206, 1226, 1129]);
const NOT_FOUND = new Set([1049, 1054, 1146, 1109, 1305, 1094, 1176, 1091, 1141, 1147, 1449, 1032, 1122]);
const PRECONDITION = new Set([
  1022, 1062, 1169, 1451, 1452, 1216, 1217, 1364, 1213, 1290, 1792, 1142, 1143, 1044, 1227, 1046, 1050, 1095,
  1100, 1099, 1173, 1223, 1241, 1242, 1288, 1264,
]);
/** The 2xxx client errors and socket codes that mean the tablet cannot be reached or the link broke. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT',
  'EACCES', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR',
]);

function asDriverError(error: unknown): DriverError {
  return typeof error === 'object' && error !== null ? (error as DriverError) : { message: String(error) };
}

/** True when `error` is a server error for an interrupted statement (killed or over its time limit). */
export function isInterruptedError(error: unknown): boolean {
  const e = asDriverError(error);
  return e.errno !== undefined && INTERRUPTED.has(e.errno);
}

/**
 * True when `error` means the connection itself may be unusable (socket failure, protocol
 * error, lost connection, anything that is not a server error packet): such a connection is
 * destroyed, never returned to the pool. A server error packet leaves the connection usable
 * unless mysql2 marked it fatal.
 */
export function isConnectionError(error: unknown): boolean {
  const e = asDriverError(error);
  return e.fatal === true || e.errno === undefined || e.sqlState === undefined;
}

function serverErrorId(errno: number): ErrorId {
  if (INTERRUPTED.has(errno) || errno === LOCK_WAIT_TIMEOUT) return 'SG603';
  if (RESOURCE.has(errno)) return 'SG608';
  if (NOT_FOUND.has(errno)) return 'SG606';
  if (PRECONDITION.has(errno)) return 'SG607';
  if (errno >= 1000 && errno < 2000) return 'SG605';
  if (errno >= 3000 && errno < 5000) return 'SG605';
  return 'SG609';
}

/**
 * Wraps a mysql2 error into a ServiceError whose message and details name the shard and the
 * tablet. Connect and socket failures (refused, reset, lost, access denied, unknown database)
 * are SG604 UNAVAILABLE; a server error packet maps by errno (interrupted or lock wait timeout → SG603, out of
 * resources → SG608, unknown object → SG606, constraint/duplicate/lock/permission → SG607,
 * other statement errors → SG605, anything else SG609) and keeps `errno`, `sqlState` and
 * `mysqlCode` in details. `connecting` marks failures while opening a connection, which are
 * always SG604 except "too many connections" (SG608). The original error is the `cause`.
 */
export function wrapMysqlError(error: unknown, site: ErrorSite, connecting = false): ServiceError {
  if (error instanceof ServiceError) return error;
  const e = asDriverError(error);
  const where = `${site.shard} (tablet ${site.tablet})`;
  const details: Record<string, unknown> = { shard: site.shard, tablet: site.tablet };
  if (e.code !== undefined) details.mysqlCode = e.code;
  const isServer = e.errno !== undefined && e.sqlState !== undefined;
  if (isServer) {
    details.errno = e.errno;
    details.sqlState = e.sqlState;
  }
  const text = e.sqlMessage ?? e.message ?? 'unknown error';
  if (isServer && e.errno === 1040) {
    return new ServiceError('SG608', `MySQL on ${where} has too many connections: ${text}`, { details, cause: error });
  }
  if (connecting || !isServer || (e.code !== undefined && UNREACHABLE_CODES.has(e.code))) {
    const action = connecting ? 'cannot connect to' : 'lost the connection to';
    return new ServiceError('SG604', `${action} ${where}: ${text}`, { details, cause: error });
  }
  const id = serverErrorId(e.errno!);
  return new ServiceError(id, `MySQL error ${e.errno} (${e.sqlState}) on ${where}: ${text}`, { details, cause: error });
}
