// The per-request transaction: one TransactionConnection per shard and commit order, begun
// lazily on the first statement there, the `single`/`multi` rule, ordered commit with an
// exact report of what committed, and a reader that sees the request's own writes. Mirrors
// vitess go/vt/vtgate/executorcontext/safe_session.go (ShardSessions, PreSessions,
// PostSessions, singleModeErrorOnCrossShard) and tx_conn.go (Commit, commitNormal, Rollback).

import { ServiceError } from '../errors/serviceError.js';
import type { BindVars } from '../sharding/plan/plan.js';
import type { ExecuteOptions, QueryResult, ShardExecutor, ShardTarget, TransactionConnection, TransactionalShardExecutor } from './shardExecutor.js';

/** `single`: the request may write to one shard (Vitess SINGLE); `multi`: to several, committed one by one (Vitess MULTI). */
export type TransactionMode = 'single' | 'multi';

/**
 * Which transaction of a shard a statement joins (Vitess CommitOrder). `normal`: the
 * request's own writes, the only ones `single` counts. `pre`: consistent lookup rows created
 * before the owner rows; committed first. `post`: consistent lookup rows deleted after the
 * owner rows; committed last.
 */
export type CommitOrder = 'pre' | 'normal' | 'post';

/** Where a session statement runs: a keyspace's shard (always its primary). */
export interface SessionTarget {
  readonly keyspace: string;
  readonly shard: string;
}

/** Options of {@link TransactionSession.execute}: the statement limits plus the commit order (default `normal`). */
export interface SessionExecuteOptions extends ExecuteOptions {
  readonly order?: CommitOrder;
}

/** What a successful commit did: every `keyspace/shard` transaction committed, in commit order. */
export interface CommitReport {
  readonly committed: readonly string[];
}

/** Where a session is in its life. */
export type SessionState = 'open' | 'committing' | 'committed' | 'rolledBack' | 'failed';

/**
 * One request's transaction over any number of shards.
 * Contract:
 * - `execute` runs a statement in the transaction of `target` for its commit order, beginning
 *   that transaction on first use; statements on one transaction run one at a time in call
 *   order, those on different shards in parallel.
 * - `admit(keyspace, shards)` checks, before anything is written, that `normal` writes to
 *   these shards are allowed: in `single` mode the shards already written plus these must be
 *   at most one, else ServiceError SG710 listing every shard (nothing is begun). `execute`
 *   with order `normal` on a new shard makes the same check. `pre` and `post` transactions
 *   never count (Vitess: lookup vindex sessions are outside the single-shard rule).
 * - `reader` is a ShardExecutor for reads: a statement on a shard with an open transaction
 *   runs inside it (normal first, then pre, then post), so reads see the request's writes;
 *   elsewhere it runs on the executor as asked. Reads never begin a transaction.
 * - `commit` waits for statements in flight, then commits `pre`, then `normal`, then `post`
 *   transactions, each order in the order its shards were first written, one at a time.
 *   When a COMMIT fails, every transaction not yet committed is rolled back and the commit
 *   rejects with SG711 whose message and details say exactly which shards committed
 *   (`committed`), which one failed (`failed`, with its error) and which were rolled back
 *   (`rolledBack`), all as `keyspace/shard`. With nothing written, commit does nothing.
 * - `rollback` waits for statements in flight and rolls every transaction back; it never
 *   rejects. After commit or rollback, `execute`, `commit` and `admit` reject with SG712;
 *   `rollback` again does nothing.
 * - Autocommit (Vitess AutocommitApproval): a session created with `autocommit: true` (its
 *   request makes exactly one write) lets `autocommit` run that write's one statement outside
 *   any transaction, committed by MySQL on its own, saving BEGIN and COMMIT; only while
 *   `canAutocommit` (nothing begun or autocommitted yet). Afterwards every write, and admit,
 *   rejects with SG712 (a second write would not be atomic with the first); `commit` reports
 *   the autocommitted shard; `rollback` cannot undo it.
 */
export interface TransactionSession {
  readonly mode: TransactionMode;
  readonly state: SessionState;
  readonly reader: ShardExecutor;
  /** The executor the session was created over: statements sent to it directly run outside the transaction (autocommit). */
  readonly executor: TransactionalShardExecutor;
  admit(keyspace: string, shards: readonly string[]): void;
  execute(target: SessionTarget, sql: string, bindVars: BindVars, options?: SessionExecuteOptions): Promise<QueryResult>;
  /** True while the session may autocommit its one write (see the contract); absent means never. */
  readonly canAutocommit?: boolean;
  /** Runs the request's only write statement in autocommit (see the contract); SG712 unless canAutocommit. */
  autocommit?(target: SessionTarget, sql: string, bindVars: BindVars, options?: ExecuteOptions): Promise<QueryResult>;
  /** The `keyspace/shard` names with a transaction of `order`, in first-use order. */
  shards(order?: CommitOrder): readonly string[];
  commit(): Promise<CommitReport>;
  rollback(): Promise<void>;
}

/** Options of {@link createTransactionSession}. */
export interface TransactionSessionOptions {
  readonly executor: TransactionalShardExecutor;
  readonly mode: TransactionMode;
  /** Cancels waits for connections when aborted. */
  readonly signal?: AbortSignal;
  /** The request makes exactly one write: its single statement may run in autocommit (default false). */
  readonly autocommit?: boolean;
}

/** One shard transaction: its connection once begun, and the tail of its statement queue. */
interface ShardTransaction {
  readonly name: string;
  readonly connection: Promise<TransactionConnection>;
  tail: Promise<unknown>;
}

const ORDERS: readonly CommitOrder[] = ['pre', 'normal', 'post'];
/** The transaction a read joins on a shard: the request's own writes first. */
const READ_ORDERS: readonly CommitOrder[] = ['normal', 'pre', 'post'];

function shardName(target: SessionTarget): string {
  return `${target.keyspace}/${target.shard}`;
}

/**
 * The session's reader (see TransactionSession.reader): joins the request's open transaction
 * on a shard, else runs on the executor. A class, not a closure: a session is made per request.
 */
class SessionReader implements ShardExecutor {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  execute(target: ShardTarget, sql: string, bindVars: BindVars, options?: ExecuteOptions): Promise<QueryResult> {
    return this.#session.read(target, sql, bindVars, options);
  }
}

/** See {@link TransactionSession}; one per request, so its state lives in fields, not closures. */
class Session implements TransactionSession {
  readonly mode: TransactionMode;
  readonly executor: TransactionalShardExecutor;
  readonly reader: ShardExecutor;
  readonly #autocommitAllowed: boolean;
  readonly #signal: AbortSignal | undefined;
  /** The transactions of each commit order, created on first use. */
  #pre: Map<string, ShardTransaction> | undefined;
  #normal: Map<string, ShardTransaction> | undefined;
  #post: Map<string, ShardTransaction> | undefined;
  #state: SessionState = 'open';
  /** The `keyspace/shard` of the write that ran in autocommit, if one did. */
  #autocommitted: string | undefined;

  constructor(options: TransactionSessionOptions) {
    this.mode = options.mode;
    this.executor = options.executor;
    this.#autocommitAllowed = options.autocommit === true;
    this.#signal = options.signal;
    this.reader = new SessionReader(this);
  }

  get state(): SessionState {
    return this.#state;
  }

  get canAutocommit(): boolean {
    return this.#autocommitAllowed && this.#state === 'open' && this.#autocommitted === undefined && this.#pre === undefined && this.#normal === undefined && this.#post === undefined;
  }

  #transactions(order: CommitOrder): Map<string, ShardTransaction> | undefined {
    return order === 'normal' ? this.#normal : order === 'pre' ? this.#pre : this.#post;
  }

  #assertOpen(what: string): void {
    if (this.#autocommitted !== undefined && this.#state === 'open') {
      throw new ServiceError('SG712', `cannot ${what}: this request's one write already ran in autocommit on ${this.#autocommitted}; a second write needs a transaction`, {
        details: { state: this.#state, autocommitted: this.#autocommitted },
      });
    }
    if (this.#state === 'open') return;
    throw new ServiceError('SG712', `cannot ${what}: the transaction is already ${this.#state === 'rolledBack' ? 'rolled back' : this.#state}`, { details: { state: this.#state } });
  }

  autocommit(target: SessionTarget, sql: string, bindVars: BindVars, limits?: ExecuteOptions): Promise<QueryResult> {
    if (!this.canAutocommit) {
      const why = this.#autocommitAllowed ? 'already wrote' : 'was not created with autocommit';
      return Promise.reject(new ServiceError('SG712', `cannot autocommit a write on ${shardName(target)}: the session ${why}`, { details: { state: this.#state } }));
    }
    this.#autocommitted = shardName(target);
    return this.executor.execute({ keyspace: target.keyspace, shard: target.shard, tabletType: 'primary' }, sql, bindVars, limits);
  }

  admit(keyspace: string, shards: readonly string[]): void {
    this.#assertOpen('write');
    if (this.mode !== 'single') return;
    const all = new Set(this.#normal?.keys());
    for (const shard of shards) all.add(`${keyspace}/${shard}`);
    if (all.size <= 1) return;
    const names = [...all].sort();
    throw new ServiceError(
      'SG710',
      `transaction mode single allows writes to one shard per request, but this request would write to ${names.length} shards (${names.join(', ')}); nothing was written. Use transaction mode multi to write to several shards`,
      { details: { mode: this.mode, shards: names } },
    );
  }

  #transactionFor(target: SessionTarget, order: CommitOrder): ShardTransaction {
    const name = shardName(target);
    const existing = this.#transactions(order)?.get(name);
    if (existing !== undefined) return existing;
    if (order === 'normal') this.admit(target.keyspace, [target.shard]);
    const connection = this.executor.begin({ keyspace: target.keyspace, shard: target.shard, tabletType: 'primary' }, this.#signal === undefined ? {} : { signal: this.#signal });
    const created: ShardTransaction = { name, connection, tail: connection };
    let map = this.#transactions(order);
    if (map === undefined) {
      map = new Map();
      if (order === 'normal') this.#normal = map;
      else if (order === 'pre') this.#pre = map;
      else this.#post = map;
    }
    map.set(name, created);
    return created;
  }

  execute(target: SessionTarget, sql: string, bindVars: BindVars, options: SessionExecuteOptions = {}): Promise<QueryResult> {
    try {
      this.#assertOpen('write');
      const { order = 'normal', ...limits } = options;
      return enqueue(this.#transactionFor(target, order), sql, bindVars, limits);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The reader's statement: in the open transaction on its shard (normal, then pre, then post), else on the executor. */
  read(target: ShardTarget, sql: string, bindVars: BindVars, options?: ExecuteOptions): Promise<QueryResult> {
    if (this.#state === 'open' && (this.#normal !== undefined || this.#pre !== undefined || this.#post !== undefined)) {
      const name = shardName(target);
      for (const order of READ_ORDERS) {
        const tx = this.#transactions(order)?.get(name);
        if (tx !== undefined) return enqueue(tx, sql, bindVars, options);
      }
    }
    return this.executor.execute(target, sql, bindVars, options);
  }

  shards(order: CommitOrder = 'normal'): readonly string[] {
    const map = this.#transactions(order);
    return map === undefined ? [] : [...map.keys()];
  }

  /** Every transaction in commit order, after its queued statements settled. */
  async #settledTransactions(): Promise<{ name: string; connection: TransactionConnection | undefined }[]> {
    const all = ORDERS.flatMap((o) => [...(this.#transactions(o)?.values() ?? [])]);
    return Promise.all(
      all.map(async (tx) => {
        await tx.tail.catch(() => undefined);
        const connection = await tx.connection.catch(() => undefined);
        return { name: tx.name, connection };
      }),
    );
  }

  async commit(): Promise<CommitReport> {
    if (this.#autocommitted !== undefined && this.#state === 'open') {
      this.#state = 'committed';
      return { committed: [this.#autocommitted] };
    }
    this.#assertOpen('commit');
    this.#state = 'committing';
    const list = await this.#settledTransactions();
    const committed: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const { name, connection } = list[i]!;
      try {
        if (connection === undefined) throw new ServiceError('SG712', `the transaction on ${name} never began`, { details: { shard: name } });
        await connection.commit();
        committed.push(name);
      } catch (error) {
        const rest = list.slice(i + 1);
        await rollbackAll(rest);
        this.#state = 'failed';
        const rolledBack = rest.map((t) => t.name);
        const what = committed.length === 0 ? 'no shard committed' : `committed: ${committed.join(', ')}`;
        const reason = error instanceof Error ? error.message : String(error);
        throw new ServiceError('SG711', `commit failed on ${name} (${reason}); ${what}; rolled back: ${rolledBack.join(', ') || 'none'}`, {
          details: { mode: this.mode, committed, failed: name, rolledBack },
          cause: error,
        });
      }
    }
    this.#state = 'committed';
    return { committed };
  }

  async rollback(): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'rolledBack';
    // Nothing begun (an autocommitted or a read-only request): nothing to wait for.
    if (this.#pre === undefined && this.#normal === undefined && this.#post === undefined) return;
    await rollbackAll(await this.#settledTransactions());
  }
}

/** Runs a statement on a shard transaction after the statements queued before it (settled either way). */
function enqueue(tx: ShardTransaction, sql: string, bindVars: BindVars, options: ExecuteOptions | undefined): Promise<QueryResult> {
  const run = tx.tail.then(
    () => tx.connection.then((c) => c.execute(sql, bindVars, options)),
    () => tx.connection.then((c) => c.execute(sql, bindVars, options)),
  );
  tx.tail = run.catch(() => undefined);
  return run;
}

async function rollbackAll(list: readonly { connection: TransactionConnection | undefined }[]): Promise<void> {
  await Promise.all(list.map((t) => t.connection?.rollback()));
}

/** Creates the transaction session of one request; see {@link TransactionSession}. */
export function createTransactionSession(options: TransactionSessionOptions): TransactionSession {
  return new Session(options);
}
