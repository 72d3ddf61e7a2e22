// One MySQL connection to one tablet over mysql2's text protocol: opens it on a socket we
// own (so it can be destroyed at once), learns the server flavor from the handshake, runs one
// statement at a time streaming rows into SqlValues with a row cap, and tracks whether the
// link is still usable. Owns no pooling, timeouts or error wrapping (tabletPool.ts does).

import net from 'node:net';
import mysql from 'mysql2';
import type { Tablet } from '../topology/topology.js';
import type { QueryResult, ResultField } from '../engine/shardExecutor.js';
import type { SqlType, SqlValue } from '../util/sqlValue.js';
import { columnSqlType, wireValue, type WireColumn } from './resultValues.js';

/** The server family, which decides how a statement timeout is written. */
export type ServerFlavor = 'mariadb' | 'mysql';

type Row = QueryResult['rows'][number];

/** Thrown by {@link TabletConnection.query} when a result has more rows than allowed; the connection is then destroyed. */
export class RowLimitExceeded extends Error {
  constructor(readonly maxRows: number) {
    super(`result has more than ${maxRows} rows`);
    this.name = 'RowLimitExceeded';
  }
}

interface Handshake {
  readonly serverVersion: string;
  readonly connectionId: number;
}

interface OkPacket {
  readonly affectedRows: number | string;
  readonly insertId: number | string;
}

const TWO_64 = 1n << 64n;

/** mysql2 reads the OK packet's insert id as signed; it is unsigned on the wire. */
function insertIdOf(value: number | string | undefined): bigint {
  if (value === undefined) return 0n;
  const id = BigInt(value);
  return id < 0n ? id + TWO_64 : id;
}

function keepSql(sql: string): string {
  return sql;
}

function openSocket(address: Tablet['address']): net.Socket {
  const socket = address.socket !== undefined ? net.connect(address.socket) : net.connect(address.port, address.host);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 30_000);
  return socket;
}

/** Receives the outcome of {@link TabletConnection.query}: exactly one call. */
export interface QuerySink {
  queryDone(error: unknown, result?: QueryResult): void;
}

const STATE = Symbol('shardgate.queryState');

/**
 * One statement's progress. The mysql2 command's listeners are shared module functions that
 * find this state on the command, so a statement allocates no closures (this is the path of
 * every query).
 */
class QueryState {
  settled = false;
  fields: ResultField[] = [];
  types: SqlType[] = [];
  readonly rows: Row[] = [];
  rowsAffected = 0;
  insertId = 0n;

  constructor(
    readonly connection: TabletConnection,
    readonly maxRows: number,
    readonly sink: QuerySink,
  ) {}

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.sink.queryDone(error);
  }

  succeed(): void {
    if (this.settled) return;
    this.settled = true;
    this.sink.queryDone(undefined, { fields: this.fields, rows: this.rows, rowsAffected: this.rowsAffected, insertId: this.insertId });
  }
}

function stateOf(command: object): QueryState {
  return (command as Record<typeof STATE, QueryState>)[STATE];
}

function onFields(this: object, columns: readonly WireColumn[] | undefined): void {
  if (columns === undefined) return;
  const state = stateOf(this);
  const types = columns.map(columnSqlType);
  state.types = types;
  state.fields = columns.map((c, i) => ({ name: c.name, type: types[i]! }));
}

function onResult(this: object, row: readonly (Uint8Array | null)[] | OkPacket): void {
  const state = stateOf(this);
  if (state.settled) return;
  if (!Array.isArray(row)) {
    const ok = row as OkPacket;
    state.rowsAffected = Number(ok.affectedRows);
    state.insertId = insertIdOf(ok.insertId);
    return;
  }
  if (state.rows.length >= state.maxRows) {
    state.connection.destroy();
    state.fail(new RowLimitExceeded(state.maxRows));
    return;
  }
  const types = state.types;
  const values: SqlValue[] = new Array<SqlValue>(row.length);
  for (let i = 0; i < row.length; i++) values[i] = wireValue(types[i]!, row[i] ?? null);
  state.rows.push(values);
}

function onError(this: object, error: unknown): void {
  stateOf(this).fail(error);
}

function onEnd(this: object): void {
  stateOf(this).succeed();
}

class PromiseSink implements QuerySink {
  constructor(
    readonly resolve: (result: QueryResult) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  queryDone(error: unknown, result?: QueryResult): void {
    if (error === undefined) this.resolve(result!);
    else this.reject(error);
  }
}

/**
 * An open connection to a tablet. Contract: one statement at a time (the pool guarantees it);
 * `broken` turns true for good once the socket or protocol fails or the server closes the
 * connection, and such a connection must be destroyed, not reused.
 */
export class TabletConnection {
  readonly #connection: mysql.Connection;
  readonly #socket: net.Socket;
  readonly threadId: number;
  readonly flavor: ServerFlavor;
  /** The server version without MariaDB's `5.5.5-` replication prefix, e.g. `10.11.19-MariaDB-…`. */
  readonly serverVersion: string;
  #broken = false;
  #active: QueryState | undefined;

  private constructor(connection: mysql.Connection, socket: net.Socket, handshake: Handshake) {
    this.#connection = connection;
    this.#socket = socket;
    this.threadId = handshake.connectionId;
    this.serverVersion = handshake.serverVersion.replace(/^5\.5\.5-/, '');
    this.flavor = /mariadb/i.test(handshake.serverVersion) ? 'mariadb' : 'mysql';
    connection.on('error', (error: unknown) => this.#lost(error));
    connection.on('end', () => this.#lost(Object.assign(new Error('Connection lost: the server closed the connection'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })));
  }

  /**
   * Connects to `tablet` (TCP, or its Unix socket when the URL names one) with utf8mb4,
   * multiple statements off, and every value left as raw bytes. Rejects with the driver's
   * error when the server cannot be reached, refuses the login, or does not answer within
   * `connectTimeoutMs`.
   */
  static open(tablet: Tablet, connectTimeoutMs: number): Promise<TabletConnection> {
    const address = tablet.address;
    const socket = openSocket(address);
    return new Promise((resolve, reject) => {
      const connection = mysql.createConnection({
        stream: socket,
        user: address.user,
        password: address.password ?? '',
        database: address.database,
        charset: 'utf8mb4',
        supportBigNumbers: true,
        bigNumberStrings: true,
        multipleStatements: false,
        rowsAsArray: true,
        typeCast: false,
        connectTimeout: connectTimeoutMs,
        // SQL arrives fully bound (bindSql.ts): mysql2 must not scan it for `?` placeholders.
        queryFormat: keepSql,
      });
      const onError = (error: unknown): void => {
        connection.removeListener('connect', onConnect);
        socket.destroy();
        reject(error);
      };
      const onConnect = (handshake: Handshake): void => {
        connection.removeListener('error', onError);
        resolve(new TabletConnection(connection, socket, handshake));
      };
      connection.once('error', onError);
      connection.once('connect', onConnect);
    });
  }

  /** True once the connection can no longer be used (see the class contract). */
  get broken(): boolean {
    return this.#broken || this.#socket.destroyed;
  }

  #lost(error: unknown): void {
    this.#broken = true;
    const active = this.#active;
    this.#active = undefined;
    active?.fail(error);
  }

  /**
   * Runs one statement and tells `sink` once: fields typed from the column metadata, rows of
   * SqlValues over the raw bytes, affected rows and insert id for writes. Stops reading at row
   * `maxRows + 1`: the connection is destroyed and the sink gets a {@link RowLimitExceeded}.
   * The sink gets the driver's error for server errors (the connection stays usable) and for
   * socket failures (it becomes broken).
   */
  query(sql: string, maxRows: number, sink: QuerySink): void {
    const state = new QueryState(this, maxRows, sink);
    if (this.broken) {
      state.fail(Object.assign(new Error('Connection lost: the connection is closed'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }));
      return;
    }
    this.#active = state;
    const command = this.#connection.query(sql);
    (command as unknown as Record<typeof STATE, QueryState>)[STATE] = state;
    command.on('fields', onFields);
    command.on('result', onResult);
    command.on('error', onError);
    command.on('end', onEnd);
  }

  /** {@link query} as a promise, for callers off the hot path (the admin connection). */
  queryAsync(sql: string, maxRows: number): Promise<QueryResult> {
    return new Promise((resolve, reject) => this.query(sql, maxRows, new PromiseSink(resolve, reject)));
  }

  /** Sends COM_PING; rejects with the driver's error when the server does not answer. */
  ping(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.broken) {
        reject(Object.assign(new Error('Connection lost: the connection is closed'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }));
        return;
      }
      this.#connection.ping((error) => (error ? reject(error) : resolve()));
    });
  }

  /** Closes the socket at once (no COM_QUIT); safe to call more than once. */
  destroy(): void {
    this.#broken = true;
    this.#socket.destroy();
  }

  /** Sends COM_QUIT and closes the socket after it; for connections that are idle. */
  close(): void {
    if (this.broken) return;
    this.#broken = true;
    this.#connection.end(() => this.#socket.destroy());
  }
}
