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
