// A transaction on one tablet: a pooled connection reserved from BEGIN to COMMIT or ROLLBACK,
// statements bound and limited as the executor limits them (server-side time limit, a
// client-side backstop, the row cap, error wrapping, metrics), and the rule that a connection
// whose transaction state is unknown is destroyed, never pooled again. Owns no choice of
// tablet (createShardExecutor) and no pooling (tabletPool.ts, resourcePool.ts).

import { ServiceError } from '../errors/serviceError.js';
import type { ExecuteOptions, QueryResult, TransactionConnection } from '../engine/shardExecutor.js';
import type { BindVars } from './bindSql.js';
import { bindTemplate, prepareSql } from './bindSql.js';
import type { ExecutorMetrics } from './executorMetrics.js';
import { isConnectionError, isInterruptedError, wrapMysqlError } from './mysqlErrors.js';
import { withStatementTimeout } from './statementTimeout.js';
import { RowLimitExceeded, type TabletConnection } from './tabletConnection.js';
import { CLIENT_TIMEOUT_GRACE_MS, type TabletPool } from './tabletPool.js';

/** What a transaction needs from its executor: the statement defaults and where to record. */
export interface TransactionSettings {
  readonly metrics: ExecutorMetrics;
  /** Default statement deadline in ms and most rows per statement (0 or Infinity: none). */
  readonly queryTimeoutMs: number;
  readonly maxRows: number;
  /** Whether the deadline is also written into the statement for the server (see createShardExecutor). */
  readonly serverTimeouts: boolean;
}

/** Where a transaction is: `open`, `lost` (state unknown: the connection is destroyed), or ended. */
type TransactionState = 'open' | 'lost' | 'committed' | 'rolledBack';

function limitOrNone(value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  return Number.isFinite(n) && n > 0 ? n : Infinity;
}

class TabletTransaction implements TransactionConnection {
  readonly keyspace: string;
  readonly shard: string;
  #state: TransactionState = 'open';
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly pool: TabletPool,
    readonly connection: TabletConnection,
    readonly settings: TransactionSettings,
  ) {
    this.keyspace = pool.tablet.keyspace;
    this.shard = pool.tablet.shard;
  }

  #where(): string {
    return `${this.pool.site.shard} (tablet ${this.pool.site.tablet})`;
  }

  #ended(what: string): ServiceError {
    const state = this.#state === 'lost' ? 'lost (its connection was closed after a failure; MySQL rolled it back)' : this.#state === 'rolledBack' ? 'rolled back' : this.#state;
    return new ServiceError('SG712', `cannot ${what} on ${this.#where()}: the transaction is ${state}`, { details: { ...this.pool.site, state: this.#state } });
  }

  /** Marks the transaction lost and destroys its connection (MySQL rolls back on disconnect), killing it on the server too. */
  #lose(): void {
    if (this.#state !== 'open') return;
    this.#state = 'lost';
    const thread = this.connection.threadId;
    this.pool.unreserve(this.connection, false);
    this.pool.killConnection(thread).catch(() => undefined);
  }

  /** Runs one statement on the connection now; whatever leaves the state unknown loses the transaction. */
  #run(sql: string, timeoutMs: number, maxRows: number, signal: AbortSignal | undefined): Promise<QueryResult> {
    const started = performance.now();
    const alias = this.pool.tablet.alias;
    const hasDeadline = Number.isFinite(timeoutMs) && timeoutMs > 0;
    const text = withStatementTimeout(sql, this.connection.flavor, hasDeadline && this.settings.serverTimeouts ? timeoutMs : undefined);
    return new Promise<QueryResult>((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error: ServiceError | undefined, result?: QueryResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.settings.metrics.recordQuery(alias, performance.now() - started);
        if (error === undefined) {
          resolve(result!);
          return;
        }
        this.settings.metrics.recordError(alias, error.code);
        reject(error);
      };
      const giveUp = (why: 'deadline' | 'aborted'): void => {
        if (settled) return;
        this.#lose();
        finish(
          why === 'deadline'
            ? new ServiceError('SG603', `the statement exceeded its deadline of ${timeoutMs} ms on ${this.#where()}; its transaction was closed and rolled back`, {
                details: { ...this.pool.site, timeoutMs, killedBy: 'client' },
              })
            : new ServiceError('SG612', `the statement was cancelled on ${this.#where()}; its transaction was closed and rolled back`, { details: { ...this.pool.site } }),
        );
      };
      const onAbort = (): void => giveUp('aborted');
      if (signal?.aborted) {
        finish(new ServiceError('SG612', `the statement was cancelled on ${this.#where()} before it started`, { details: { ...this.pool.site } }));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (hasDeadline) timer = setTimeout(() => giveUp('deadline'), timeoutMs + CLIENT_TIMEOUT_GRACE_MS);
      this.connection.query(text, maxRows, {
        queryDone: (error: unknown, result?: QueryResult) => {
          if (settled) return;
          if (error === undefined) {
            finish(undefined, result);
            return;
          }
          if (error instanceof RowLimitExceeded) {
            this.#lose();
            finish(new ServiceError('SG602', `the result on ${this.#where()} has more than ${maxRows} rows (limits.maxRows); its transaction was closed and rolled back`, { details: { ...this.pool.site, maxRows } }));
            return;
          }
          if (isConnectionError(error)) this.#lose();
          const wrapped = wrapMysqlError(error, this.pool.site);
          // A server-side time limit stops only the statement: the transaction stays open and known.
          finish(isInterruptedError(error) ? new ServiceError('SG603', `the statement exceeded its deadline of ${timeoutMs} ms on ${this.#where()}`, { details: { ...wrapped.details, timeoutMs, killedBy: 'server' }, cause: error }) : wrapped);
        },
      });
    });
  }

  /** Queues `work` behind the statements before it (one statement at a time on a connection). */
  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  execute(sql: string, bindVars: BindVars, options: ExecuteOptions = {}): Promise<QueryResult> {
    return this.#enqueue(async () => {
      if (this.#state !== 'open') throw this.#ended('run a statement');
      let bound: string;
      try {
        bound = bindTemplate(prepareSql(sql), bindVars);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        throw new ServiceError(error.id, `${error.message} (statement for ${this.pool.site.shard})`, { details: { ...error.details, shard: this.pool.site.shard }, cause: error });
      }
      const timeoutMs = limitOrNone(options.timeoutMs, this.settings.queryTimeoutMs);
      const maxRows = limitOrNone(options.maxRows, this.settings.maxRows);
      return this.#run(bound, timeoutMs, maxRows, options.signal);
    });
  }

  commit(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#state !== 'open') throw this.#ended('commit');
      try {
        await this.#run('COMMIT', limitOrNone(undefined, this.settings.queryTimeoutMs), Infinity, undefined);
      } catch (error) {
        this.#lose();
        throw error;
      }
      this.#state = 'committed';
      this.pool.unreserve(this.connection, true);
    });
  }

  rollback(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#state !== 'open') return;
      try {
        await this.#run('ROLLBACK', limitOrNone(undefined, this.settings.queryTimeoutMs), Infinity, undefined);
      } catch {
        this.#lose();
        return;
      }
      this.#state = 'rolledBack';
      this.pool.unreserve(this.connection, true);
    });
  }

  /** Runs START TRANSACTION; on any failure the connection is destroyed and the error rethrown. */
  async begin(signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#run('START TRANSACTION', limitOrNone(undefined, this.settings.queryTimeoutMs), Infinity, signal);
    } catch (error) {
      this.#lose();
      throw error;
    }
  }
}

/**
 * Reserves a connection of `pool` (the shard's primary) and starts a transaction on it.
 * Contract: as TransactionalShardExecutor.begin and TransactionConnection (src/engine/
 * shardExecutor.ts) say: statements are bound like ShardExecutor.execute (SG610/SG611 naming
 * the shard), get the default deadline and row limit unless the call gives its own, are
 * counted in `settings.metrics` (queries, durations, errors by code); a client-side deadline,
 * a cancel, a row-limit stop or a lost connection destroys the connection (and KILLs its
 * thread), a server error packet keeps the transaction open. A failed BEGIN leaves nothing
 * reserved. Rejects with the pool's errors (SG600, SG601, SG604, SG612, SG613) when no
 * connection can be had.
 */
export async function beginTransaction(pool: TabletPool, settings: TransactionSettings, signal?: AbortSignal): Promise<TransactionConnection> {
  let connection: TabletConnection;
  try {
    connection = await pool.reserve(signal);
  } catch (error) {
    const wrapped = error instanceof ServiceError ? error : wrapMysqlError(error, pool.site);
    settings.metrics.recordError(pool.tablet.alias, wrapped.code);
    throw wrapped;
  }
  const transaction = new TabletTransaction(pool, connection, settings);
  await transaction.begin(signal);
  return transaction;
}
