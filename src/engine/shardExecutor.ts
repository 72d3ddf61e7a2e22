// The one I/O interface the engine needs: run one SQL statement on one shard's tablet.
// src/pools implements it over mysql2; engine tests use a logging fake. Owns the contract
// only: no SQL rewriting, no routing, no pooling here.

import type { BindVars, Row } from '../sharding/plan/plan.js';
import type { SqlType } from '../util/sqlValue.js';

/** Which tablet of a shard a statement may run on. */
export type TabletType = 'primary' | 'replica';

/** Where one statement runs: a keyspace's shard and the tablet type wanted. */
export interface ShardTarget {
  readonly keyspace: string;
  readonly shard: string;
  /**
   * `primary` (default) always reads the primary. `replica` reads a healthy replica and
   * falls back to the primary when none is healthy (the executor decides health).
   */
  readonly tabletType?: TabletType;
}

/** A result column: its name and its SqlValue type (Vitess Field). */
export interface ResultField {
  readonly name: string;
  readonly type: SqlType;
}

/** The rows of one statement (Vitess sqltypes.Result for a read). */
export interface QueryResult {
  readonly fields: readonly ResultField[];
  readonly rows: readonly Row[];
  /** For writes: rows changed and the last insert id (0 for reads). */
  readonly rowsAffected: number;
  readonly insertId: bigint;
}

/** Per-statement limits; the executor enforces both on the server and on the client. */
export interface ExecuteOptions {
  /** Statement deadline in ms; on expiry the statement is killed: ServiceError DEADLINE_EXCEEDED naming the shard. */
  readonly timeoutMs?: number;
  /** Largest result allowed; one row more fails with ServiceError RESOURCE_EXHAUSTED naming the shard. */
  readonly maxRows?: number;
  /** Cancels the statement (and its wait for a connection) when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * Runs SQL on shards (Vitess engine.VCursor's ExecuteMultiShard, one shard at a time).
 * Contract: `sql` uses Vitess bind syntax, `:name` for a scalar and `::name` for a list,
 * never inlined values; the executor binds `bindVars` safely (a list becomes `(v1, …, vn)`).
 * Every failure is a ServiceError whose message and `details.shard` name the
 * `keyspace/shard` (and tablet) it happened on; nothing else is thrown.
 */
export interface ShardExecutor {
  execute(target: ShardTarget, sql: string, bindVars: BindVars, options?: ExecuteOptions): Promise<QueryResult>;
}

/** Options of {@link TransactionalShardExecutor.begin}. */
export interface BeginOptions {
  /** Cancels the wait for a connection (and the BEGIN) when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * One shard primary's connection reserved for one transaction (Vitess: a tablet transaction
 * id). Contract: statements run one at a time (callers wait for each; the transaction session
 * queues them), inside the transaction, with
 * the executor's statement deadline, row limit, error wrapping and metrics (same failures as
 * ShardExecutor.execute, each naming `keyspace/shard`). A server error (duplicate key, bad
 * value) leaves the transaction open: the caller decides to roll back. After a deadline, a
 * cancel or a lost connection the transaction's state is unknown: the connection is
 * destroyed (never returned to the pool mid-transaction), which makes MySQL roll it back,
 * and every later call but `rollback` rejects. `commit` and `rollback` end it and give the
 * connection back; `commit` rejects with the COMMIT's error (the connection is then
 * destroyed: whether it committed is unknown only if the connection was lost); `rollback`
 * never rejects (a failed ROLLBACK destroys the connection). Calls after the end reject with
 * SG712.
 */
export interface TransactionConnection {
  readonly keyspace: string;
  readonly shard: string;
  execute(sql: string, bindVars: BindVars, options?: ExecuteOptions): Promise<QueryResult>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** The server behind a shard's primary, as its handshake announced it. */
export interface ServerInfo {
  readonly flavor: 'mariadb' | 'mysql';
  /** The version string without MariaDB's `5.5.5-` prefix, e.g. `10.11.19-MariaDB-…` or `8.0.36`. */
  readonly version: string;
}

/** A ShardExecutor that can also reserve a primary connection for a transaction (src/pools implements it). */
export interface TransactionalShardExecutor extends ShardExecutor {
  /**
   * The server of the target shard's primary (`tabletType` is ignored): known once a
   * connection to it opened, else one is opened (rejects like `execute`'s wait for a
   * connection). Optional: an executor that cannot tell (a test fake) leaves it out, and the
   * write path then sends only statements every server runs.
   */
  server?(target: ShardTarget): Promise<ServerInfo>;
  /**
   * Reserves a connection on the target shard's primary (`tabletType` is ignored) and starts a
   * transaction on it. Rejects like `execute` (pool full, tablet unreachable, closed: SG6xx
   * naming the shard); nothing stays reserved after a rejection.
   */
  begin(target: ShardTarget, options?: BeginOptions): Promise<TransactionConnection>;
}
