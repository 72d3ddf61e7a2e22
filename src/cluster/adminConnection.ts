// One administrative connection to a tablet or server, for cluster set-up only (users,
// replication, schema, seeding, status): not pooled and not the query path (that is src/pools).
// Every mysql2 failure becomes a catalogue error naming the tablet.

import mysql from 'mysql2/promise';
import { ServiceError } from '../errors/serviceError.js';

/** Where an admin connection goes. A socket, when given, is used instead of host and port. */
export interface AdminTarget {
  /** Names the target in messages: a tablet alias or a server URL without its password. */
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly socket?: string | null;
  readonly user: string;
  readonly password?: string;
  readonly database?: string;
}

/** An open admin connection. Rows come back as plain objects, DATETIME as text. */
export interface AdminConnection {
  readonly label: string;
  /**
   * Runs one statement (or several separated by `;` when opened with `multipleStatements`)
   * with `?` placeholders filled from `values`, and returns the rows of a SELECT (else []).
   * Throws ServiceError SG809 with `errno` and `sqlState` in details when MySQL rejects it,
   * SG808 when the connection is lost.
   */
  query(sql: string, values?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Closes the connection; never throws. */
  close(): Promise<void>;
}

interface MysqlError {
  readonly message: string;
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly fatal?: boolean;
}

function errorDetails(error: unknown): Record<string, unknown> {
  const e = error as MysqlError;
  return { code: e.code, errno: e.errno, sqlState: e.sqlState };
}

function wrapQueryError(label: string, sql: string, error: unknown): ServiceError {
  const e = error as MysqlError;
  const statement = sql.length > 200 ? `${sql.slice(0, 200)}…` : sql;
  if (e.fatal || e.errno === undefined) {
    return new ServiceError('SG808', `${label}: connection lost: ${e.message}`, { details: { tablet: label, ...errorDetails(error) }, cause: error });
  }
  return new ServiceError('SG809', `${label}: ${e.message} (errno ${e.errno}, in: ${statement})`, {
    details: { tablet: label, sql: statement, ...errorDetails(error) },
    cause: error,
  });
}

/**
 * Opens an admin connection to `target`.
 * Contract: rejects with ServiceError SG808 (UNAVAILABLE) naming the target when it cannot
 * connect within `connectTimeoutMs` (default 10 s) or login fails.
 */
export async function openAdminConnection(
  target: AdminTarget,
  options: { readonly multipleStatements?: boolean; readonly connectTimeoutMs?: number } = {},
): Promise<AdminConnection> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({
      ...(target.socket ? { socketPath: target.socket } : { host: target.host, port: target.port }),
      user: target.user,
      password: target.password ?? '',
      ...(target.database === undefined ? {} : { database: target.database }),
      multipleStatements: options.multipleStatements ?? false,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      dateStrings: true,
      charset: 'utf8mb4',
    });
  } catch (error) {
    throw new ServiceError('SG808', `cannot connect to ${target.label}: ${(error as MysqlError).message}`, {
      details: { tablet: target.label, ...errorDetails(error) },
      cause: error,
    });
  }
  // A connection dropped while idle emits 'error'; without a listener that would crash the process.
  connection.on('error', () => undefined);
  return {
    label: target.label,
    async query(sql, values = []) {
      try {
        const [rows] = await connection.query(sql, [...values]);
        return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
      } catch (error) {
        throw wrapQueryError(target.label, sql, error);
      }
    },
    async close() {
      try {
        await connection.end();
      } catch {
        connection.destroy();
      }
    },
  };
}

/** Opens a connection to `target`, runs `work` with it and closes it, whatever `work` does. */
export async function withAdminConnection<T>(
  target: AdminTarget,
  work: (connection: AdminConnection) => Promise<T>,
  options: { readonly multipleStatements?: boolean; readonly connectTimeoutMs?: number } = {},
): Promise<T> {
  const connection = await openAdminConnection(target, options);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** Quotes a MySQL identifier with backticks (a backtick inside is doubled). */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
