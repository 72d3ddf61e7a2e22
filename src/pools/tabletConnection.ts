// One MySQL connection to one tablet over mysql2's text protocol: opens it on a socket we
// own (so it can be destroyed at once), learns the server flavor from the handshake, runs one
// statement at a time streaming rows into SqlValues with a row cap, writes each statement's
// server-side time limit (keeping MariaDB's session limit as state), and tracks whether the
// link is still usable. Owns no pooling, client-side timeouts or error wrapping (tabletPool.ts).

import { EventEmitter } from 'node:events';
import net from 'node:net';
import mysql from 'mysql2';
import type { Tablet } from '../topology/topology.js';
import type { QueryResult, ResultField } from '../engine/shardExecutor.js';
import { SQL_NULL, type SqlType, type SqlValue } from '../util/sqlValue.js';
import { columnSqlType, wireValue, wireValueAt, type WireColumn } from './resultValues.js';
import { withStatementTimeout, type ServerFlavor } from './statementTimeout.js';

export type { ServerFlavor } from './statementTimeout.js';

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

/** A statement text that sets its own statement variables (`SET STATEMENT … FOR`): sent as it is. */
const SETS_OWN_LIMIT = /^\s*set\s+statement\s/i;

/**
 * Statements after which the session's max_statement_time is no longer known: a SET that
 * names it, or a procedure or prepared statement, which could run such a SET.
 */
const STARTS_WITH_SET = /^(?:\s+|\/\*(?:[^*]|\*(?!\/))*\*\/|#[^\n]*\n|--\s[^\n]*\n|\()*set\b/i;
const STARTS_WITH_CALL = /^(?:\s+|\/\*(?:[^*]|\*(?!\/))*\*\/|#[^\n]*\n|--\s[^\n]*\n|\()*(?:call|execute)\b/i;
const NAMES_LIMIT = /max_statement_time/i;

function mayChangeSessionLimit(sql: string): boolean {
  return (NAMES_LIMIT.test(sql) && STARTS_WITH_SET.test(sql) && !SETS_OWN_LIMIT.test(sql)) || STARTS_WITH_CALL.test(sql);
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

const NO_FIELDS: readonly ResultField[] = Object.freeze([]);
const NO_TYPES: readonly SqlType[] = Object.freeze([]);

/**
 * The typed fields of the last result set a connection returned. A connection tends to run
 * the same statements again, so when the column metadata is the same (names, wire types, flags,
 * collations) the fields and types are reused instead of rebuilt: results are read-only, and
 * consolidation already shares one result object among callers.
 */
class FieldCache {
  columns: readonly WireColumn[] = [];
  fields: readonly ResultField[] = NO_FIELDS;
  types: readonly SqlType[] = NO_TYPES;

  /** Sets `state.fields` and `state.types` for `columns`, from the cache when they match. */
  fill(state: QueryState, columns: readonly WireColumn[]): void {
    if (!sameColumns(this.columns, columns)) {
      const types = columns.map(columnSqlType);
      this.fields = columns.map((c, i) => ({ name: c.name, type: types[i]! }));
      this.types = types;
    }
    this.columns = columns;
    state.fields = this.fields;
    state.types = this.types;
  }
}

function sameColumns(a: readonly WireColumn[], b: readonly WireColumn[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.columnType !== y.columnType || x.flags !== y.flags || x.characterSet !== y.characterSet || x.extendedFormat !== y.extendedFormat) return false;
  }
  return true;
}

/**
 * One statement's progress. The mysql2 command's events go to {@link emitQueryEvent}, a shared
 * module function that finds this state on the command, so a statement allocates no closures
 * and registers no listeners (this is the path of every query).
 */
class QueryState {
  settled = false;
  fields: readonly ResultField[] = NO_FIELDS;
  types: readonly SqlType[] = NO_TYPES;
  readonly rows: Row[] = [];
  rowsAffected = 0;
  insertId = 0n;

  constructor(
    readonly connection: TabletConnection,
    readonly fieldCache: FieldCache,
    readonly maxRows: number,
    readonly sink: QuerySink,
  ) {}

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.connection.settled(this);
    this.sink.queryDone(error);
  }

  succeed(): void {
    if (this.settled) return;
    this.settled = true;
    this.connection.settled(this);
    this.sink.queryDone(undefined, { fields: this.fields, rows: this.rows, rowsAffected: this.rowsAffected, insertId: this.insertId });
  }
}

type QueryCommand = EventEmitter & { [STATE]: QueryState; row?: RowState };

function onFields(state: QueryState, columns: readonly WireColumn[] | undefined): void {
  if (columns !== undefined) state.fieldCache.fill(state, columns);
}

function onResult(state: QueryState, row: readonly (Uint8Array | null)[] | OkPacket): void {
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

/** The part of a mysql2 Packet that reading a text-protocol row needs. */
interface RowPacket {
  readonly buffer: Buffer;
  offset: number;
  isEOF(): boolean;
  /** The next length-encoded integer; null for the NULL marker (0xfb). */
  readLengthCodedNumber(): number | null;
}

type RowState = (this: QueryCommand, packet: RowPacket, connection: unknown) => unknown;

/** mysql2's own row state (Query.prototype.row), taken from the first command: it handles the end of the rows. */
let mysqlRowState: RowState | undefined;

/**
 * Installed as the `row` state of each mysql2 Query command (its state machine moves from the
 * column definitions to `this.row`): reads each text-protocol row packet straight into
 * SqlValues, one Uint8Array view per cell over the packet's bytes, instead of mysql2's row
 * array of Buffers (one Buffer object per cell) that onResult would then wrap again. The packet
 * that ends the rows goes to mysql2's own state. Should mysql2 stop reaching this state, its
 * 'result' events still arrive and onResult reads them: slower, never different.
 */
function readRowState(this: QueryCommand, packet: RowPacket, connection: unknown): unknown {
  if (packet.isEOF()) return mysqlRowState!.call(this, packet, connection);
  const state = this[STATE];
  if (state.settled) return readRowState;
  if (state.rows.length >= state.maxRows) {
    state.connection.destroy();
    state.fail(new RowLimitExceeded(state.maxRows));
    return readRowState;
  }
  const types = state.types;
  const n = types.length;
  const bytes = packet.buffer;
  const values: SqlValue[] = new Array<SqlValue>(n);
  for (let i = 0; i < n; i++) {
    const length = packet.readLengthCodedNumber();
    if (length === null) {
      values[i] = SQL_NULL;
    } else {
      values[i] = wireValueAt(types[i]!, bytes, packet.offset, length);
      packet.offset += length;
    }
  }
  state.rows.push(values);
  return readRowState;
}

const emitEvent = EventEmitter.prototype.emit;

/**
 * Installed as the `emit` of each mysql2 Query command (mysql2 reports a statement only by
 * `this.emit('fields' | 'result' | 'error' | 'end', …)`): handles the event for the command's
 * QueryState, then hands it to any listeners others registered (mysql2's own tracing).
 */
function emitQueryEvent(this: QueryCommand, event: string | symbol, a?: unknown, b?: unknown): boolean {
  const state = this[STATE];
  if (event === 'result') onResult(state, a as readonly (Uint8Array | null)[] | OkPacket);
  else if (event === 'fields') onFields(state, a as readonly WireColumn[] | undefined);
  else if (event === 'end') state.succeed();
  else if (event === 'error') state.fail(a);
  if (this.listenerCount(event) === 0) return event === 'result' || event === 'fields' || event === 'end' || event === 'error';
  return emitEvent.call(this, event, a, b);
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
  readonly #fieldCache = new FieldCache();
  /**
   * MariaDB only: the session's max_statement_time in whole ms as this connection set it, 0
   * for the server's default (never changed), NaN when a statement may have changed it (then
   * no limit equals it, and every statement carries its own).
   */
  #sessionLimitMs = 0;

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
   * multiple statements off, and every value left as raw bytes. On MariaDB, a positive
   * `sessionLimitMs` (whole ms) then becomes the session's `max_statement_time`, so that
   * statements with exactly that limit need not carry it (see {@link queryWithin}). Rejects
   * with the driver's error when the server cannot be reached, refuses the login, does not
   * answer within `connectTimeoutMs`, or refuses the session limit (the socket is closed).
   */
  static async open(tablet: Tablet, connectTimeoutMs: number, sessionLimitMs = 0): Promise<TabletConnection> {
    const connection = await TabletConnection.#connect(tablet, connectTimeoutMs);
    if (connection.flavor !== 'mariadb' || !(sessionLimitMs > 0) || !Number.isFinite(sessionLimitMs)) return connection;
    const limitMs = Math.ceil(sessionLimitMs);
    try {
      await connection.queryAsync(`SET SESSION max_statement_time=${limitMs / 1000}`, Infinity);
    } catch (error) {
      connection.destroy();
      throw error;
    }
    connection.#sessionLimitMs = limitMs;
    return connection;
  }

  static #connect(tablet: Tablet, connectTimeoutMs: number): Promise<TabletConnection> {
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

  /**
   * `state`'s statement has its outcome: the connection lets go of it. An idle connection that
   * still held its last statement kept that result's rows, and whatever its sink reaches, alive
   * until its next statement: under load long enough to be copied and promoted by the
   * young-generation collector, only to die in the old generation.
   */
  settled(state: QueryState): void {
    if (this.#active === state) this.#active = undefined;
  }

  #lost(error: unknown): void {
    this.#broken = true;
    const active = this.#active;
    this.#active = undefined;
    active?.fail(error);
  }

  /**
   * Runs `sql` with a server-side time limit of `limitMs` (rounded up to whole ms; 0 or not
   * finite: none, the server's default applies), otherwise as {@link query}. On MariaDB the
   * limit is `max_statement_time`: nothing is added to the text when the session already has
   * exactly that limit, else `SET STATEMENT max_statement_time=… FOR` (`=DEFAULT` for none)
   * sets it for this statement only. After a statement that may have changed the session's
   * limit (a SET naming max_statement_time, a CALL or EXECUTE, which could run one) the
   * session's limit is unknown, and every later statement on the connection carries its own. On MySQL a SELECT gets the `MAX_EXECUTION_TIME` hint
   * (other statements rely on the caller's client-side kill), as withStatementTimeout writes.
   */
  queryWithin(sql: string, limitMs: number, maxRows: number, sink: QuerySink): void {
    const ms = limitMs > 0 && Number.isFinite(limitMs) ? Math.ceil(limitMs) : 0;
    let text = sql;
    if (this.flavor === 'mysql') text = withStatementTimeout(sql, 'mysql', ms);
    else if (ms !== this.#sessionLimitMs) text = `SET STATEMENT max_statement_time=${ms === 0 ? 'DEFAULT' : ms / 1000} FOR ${sql}`;
    this.#send(sql, text, maxRows, sink);
  }

  /**
   * Runs one statement as written and tells `sink` once: fields typed from the column
   * metadata, rows of SqlValues over the raw bytes, affected rows and insert id for writes.
   * The server's default time limit applies unless the text sets its own (`SET STATEMENT …
   * FOR`), whatever limit the session has (see {@link queryWithin}). Stops reading at row
   * `maxRows + 1`: the connection is destroyed and the sink gets a {@link RowLimitExceeded}.
   * The sink gets the driver's error for server errors (the connection stays usable) and for
   * socket failures (it becomes broken).
   */
  query(sql: string, maxRows: number, sink: QuerySink): void {
    const text = this.#sessionLimitMs === 0 || SETS_OWN_LIMIT.test(sql) ? sql : `SET STATEMENT max_statement_time=DEFAULT FOR ${sql}`;
    this.#send(sql, text, maxRows, sink);
  }

  #send(sql: string, text: string, maxRows: number, sink: QuerySink): void {
    const state = new QueryState(this, this.#fieldCache, maxRows, sink);
    if (this.broken) {
      state.fail(Object.assign(new Error('Connection lost: the connection is closed'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }));
      return;
    }
    if (mayChangeSessionLimit(sql)) this.#sessionLimitMs = NaN;
    this.#active = state;
    const command = this.#connection.query(text) as unknown as QueryCommand;
    command[STATE] = state;
    command.emit = emitQueryEvent;
    mysqlRowState ??= (Object.getPrototypeOf(command) as { row?: RowState }).row;
    if (mysqlRowState !== undefined) command.row = readRowState;
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
