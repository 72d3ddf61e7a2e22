// One tablet's connection pool and statement runner: acquires a connection, runs the statement
// with its server-side time limit (the connection writes it) and a client-side backstop (KILL
// QUERY on a separate admin connection), enforces the row cap, shares identical in-flight reads
// (consolidation), destroys broken connections, and wraps and counts every failure. Owns
// per-tablet health (for replica choice); choosing tablets and binding SQL is the executor's.

import { ServiceError } from '../errors/serviceError.js';
import type { QueryResult, ServerInfo } from '../engine/shardExecutor.js';
import type { Tablet } from '../topology/topology.js';
import { SharedRead, type SharedExecution } from './consolidator.js';
import type { ExecutorMetrics, TabletRecorder } from './executorMetrics.js';
import { DeadlineQueue, type DeadlineEntry } from './deadlineQueue.js';
import { isConnectionError, isInterruptedError, wrapMysqlError, type ErrorSite } from './mysqlErrors.js';
import { ResourcePool, type AcquireWaiter, type PoolSettings, type PoolStats } from './resourcePool.js';
import { RowLimitExceeded, TabletConnection, type QuerySink } from './tabletConnection.js';

/** How a TabletPool runs statements (from the executor's options). */
export interface TabletPoolOptions {
  /** Whether deadlines are also enforced by the server (see createShardExecutor); default true. */
  readonly serverTimeouts?: boolean;
  /**
   * Whether identical reads in flight at the same time share one execution (default true).
   */
  readonly consolidation?: boolean;
  /**
   * The statement deadline most statements have (the executor's default), in ms: on MariaDB
   * every pooled connection gets it as its session `max_statement_time`, so statements with
   * exactly this deadline are sent without a `SET STATEMENT … FOR` prefix. 0 or absent: none.
   */
  readonly sessionTimeoutMs?: number;
}

/**
 * How much later than the server-side limit the client-side kill fires. The server normally
 * stops the statement itself (one error packet, connection kept); the client only steps in
 * when the server does not answer (stuck shard, lost packets) or does not support the limit
 * (a MySQL write).
 */
export const CLIENT_TIMEOUT_GRACE_MS = 100;

/** How long, after a kill, the connection may take to report the interrupted statement before it is destroyed. */
const KILL_SETTLE_MS = 2000;

/** Backoff of an unhealthy tablet before it is tried again: doubles per failure from 1 s up to 30 s. */
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30_000;

type Outcome = { kind: 'done'; result: QueryResult } | { kind: 'failed'; error: unknown };

/** What a StatementRun calls back into its TabletPool (made once per pool, not per statement). */
interface RunOwner {
  /** A connection for the run: start its statement (or hand the connection back when the run is over). */
  start(run: StatementRun, connection: TabletConnection, reused: boolean, waitedMs: number): void;
  /** The statement's outcome arrived before anyone gave up: settle the connection and the callers. */
  answer(run: StatementRun, error: unknown, result: QueryResult | undefined): void;
  /** The deadline passed or everyone waiting left: kill the statement, answer the callers now. */
  abandon(run: StatementRun, why: 'deadline' | 'aborted', running: Promise<Outcome>): void;
  /** The run ends with `error` (no connection, cancelled while waiting): answer the callers. */
  fail(run: StatementRun, error: unknown): void;
  /** The first caller's signal aborted. */
  aborted(run: StatementRun): void;
  /** Wraps a caller's failure as a ServiceError (SG609 when it is not one) and counts it. */
  callerFailed(error: unknown): ServiceError;
  readonly recorder: TabletRecorder | undefined;
  /** The pool's statement deadlines (one timer for all its statements). */
  readonly deadlines: DeadlineQueue<StatementRun>;
}

/** Where a run is: waiting for a connection, running its statement, or over (answered, abandoned or cancelled). */
const WAITING = 0;
const RUNNING = 1;
const OVER = 2;

// The resolving functions of the promise being made (Promise.withResolvers is Node 22+): a
// module function as the executor instead of a closure per statement.
let newResolve: ((result: QueryResult) => void) | undefined;
let newReject: ((error: unknown) => void) | undefined;
function captureResolvers(resolve: (result: QueryResult) => void, reject: (error: unknown) => void): void {
  newResolve = resolve;
  newReject = reject;
}

/**
 * One caller's statement on this tablet, from the wait for a connection to its answer: the
 * waiter of the pool, the sink of the connection, the entry of the deadline queue, its own
 * abort listener and, for a read others joined, the execution they share. One object per
 * statement: no closures. A statement retried on another connection (a stale reused one) is
 * the same run attempted again.
 */
class StatementRun implements AcquireWaiter<TabletConnection>, QuerySink, DeadlineEntry, SharedExecution {
  phase = WAITING;
  /** True once the first caller has its answer (or left while others wait). */
  callerDone = false;
  /** Whether a failure on a reused connection may be retried on another (reads, first attempt). */
  mayRetry: boolean;
  /** The in-flight read index key while this run is there (its SQL), for others to join. */
  shareKey: string | undefined = undefined;
  /** The callers that joined this read (made when the first one joins). */
  shared: SharedRead<QueryResult> | undefined = undefined;
  connection: TabletConnection | undefined = undefined;
  started = 0;
  deadline = 0;
  prevDue: DeadlineEntry | undefined = undefined;
  nextDue: DeadlineEntry | undefined = undefined;
  queued = false;
  #late: ((outcome: Outcome) => void) | undefined = undefined;

  constructor(
    readonly owner: RunOwner,
    readonly sql: string,
    readonly isRead: boolean,
    /** Deadline in ms (Infinity: none). */
    readonly timeoutMs: number,
    readonly maxRows: number,
    readonly signal: AbortSignal | undefined,
    readonly resolve: (result: QueryResult) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.mayRetry = isRead;
  }

  granted(connection: TabletConnection, reused: boolean, waitedMs: number): void {
    this.owner.start(this, connection, reused, waitedMs);
  }

  failed(error: Error): void {
    if (this.phase === WAITING) this.owner.fail(this, error);
  }

  /** The first caller's signal aborted (the run is its own abort listener). */
  handleEvent(): void {
    if (!this.callerDone) this.owner.aborted(this);
  }

  /** Every caller that shared this read has left: stop it. */
  cancelShared(): void {
    this.owner.aborted(this);
  }

  callerFailed(error: unknown): unknown {
    return this.owner.callerFailed(error);
  }

  /** Stops the deadline and records the statement's duration; the statement's outcome is known or given up on. */
  stopWatching(): void {
    this.phase = OVER;
    this.owner.deadlines.remove(this);
    this.owner.recorder?.recordQuery(performance.now() - this.started);
  }

  queryDone(error: unknown, result?: QueryResult): void {
    if (this.#late !== undefined) {
      this.#late(error === undefined ? { kind: 'done', result: result! } : { kind: 'failed', error });
      this.#late = undefined;
      return;
    }
    if (this.phase !== RUNNING) return;
    this.stopWatching();
    this.owner.answer(this, error, result);
  }

  /** Stops waiting for the running statement; its late outcome goes to the kill-and-settle logic. */
  giveUp(why: 'deadline' | 'aborted'): void {
    if (this.phase !== RUNNING) return;
    this.stopWatching();
    const running = new Promise<Outcome>((settle) => {
      this.#late = settle;
    });
    this.owner.abandon(this, why, running);
  }
}

function onStatementDeadline(run: StatementRun): void {
  run.giveUp('deadline');
}

/**
 * A tablet's pool and statement runner. Contract: every rejection of {@link execute} and
 * {@link ping} is a ServiceError naming the shard (`keyspace/shard`) and the tablet alias,
 * and every rejection of execute is counted in the metrics by its code (once per caller);
 * a connection is returned to the pool only after a clean result or a server error packet,
 * and is destroyed after a socket failure, a row-limit stop or a client-side kill that did not
 * end in a clean interrupted error.
 */
export class TabletPool {
  readonly tablet: Tablet;
  readonly site: ErrorSite;
  readonly #pool: ResourcePool<TabletConnection>;
  readonly #recorder: TabletRecorder | undefined;
  readonly #connectTimeoutMs: number;
  readonly #serverTimeouts: boolean;
  readonly #consolidation: boolean;
  readonly #sessionTimeoutMs: number;
  /** Reads in flight that others may join, by their SQL (Vitess consolidator). */
  readonly #reads = new Map<string, StatementRun>();
  #admin: Promise<TabletConnection> | undefined;
  readonly #runOwner: RunOwner;
  #failures = 0;
  #unhealthyUntil = 0;
  /** The server, from the handshake of the first connection opened. */
  #server: ServerInfo | undefined;

  constructor(tablet: Tablet, settings: PoolSettings, metrics?: ExecutorMetrics, options: TabletPoolOptions = {}) {
    this.tablet = tablet;
    this.#serverTimeouts = options.serverTimeouts ?? true;
    this.#consolidation = options.consolidation ?? true;
    const session = options.sessionTimeoutMs ?? 0;
    this.#sessionTimeoutMs = this.#serverTimeouts && session > 0 && Number.isFinite(session) ? Math.ceil(session) : 0;
    this.site = { shard: `${tablet.keyspace}/${tablet.shard}`, tablet: tablet.alias };
    this.#connectTimeoutMs = Math.max(1, settings.acquireTimeoutMs);
    this.#pool = new ResourcePool<TabletConnection>(
      settings,
      {
        create: () => this.#open(this.#sessionTimeoutMs),
        destroy: (connection) => connection.destroy(),
        isUsable: (connection) => !connection.broken,
      },
      this.site,
    );
    this.#recorder = metrics?.registerTablet({ alias: tablet.alias, keyspace: tablet.keyspace, shard: tablet.shard, type: tablet.type }, () => this.stats());
    this.#runOwner = {
      start: (run, connection, reused, waitedMs) => this.#start(run, connection, reused, waitedMs),
      answer: (run, error, result) => this.#answer(run, error, result),
      abandon: (run, why, running) => this.#abandon(run, why, running),
      fail: (run, error) => this.#fail(run, error),
      aborted: (run) => this.#aborted(run),
      callerFailed: (error) => this.#callerFailed(error),
      recorder: this.#recorder,
      deadlines: new DeadlineQueue<StatementRun>(onStatementDeadline),
    };
  }

  /** Pool gauges (in use, idle, creating, waiting). */
  stats(): PoolStats {
    return this.#pool.stats();
  }

  /** True unless the tablet failed recently and its backoff has not run out (see {@link markUnhealthy}). */
  isHealthy(now = performance.now()): boolean {
    return now >= this.#unhealthyUntil;
  }

  /** Records a failure to reach the tablet: it is skipped for 1 s, doubling per failure up to 30 s. */
  markUnhealthy(now = performance.now()): void {
    this.#failures++;
    this.#unhealthyUntil = now + Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (this.#failures - 1));
  }

  /** Records a success: the backoff starts over. */
  markHealthy(): void {
    this.#failures = 0;
    this.#unhealthyUntil = 0;
  }

  /** Opens a connection; pooled ones get the session time limit, the admin connection none. */
  async #open(sessionLimitMs: number): Promise<TabletConnection> {
    try {
      const connection = await TabletConnection.open(this.tablet, this.#connectTimeoutMs, sessionLimitMs);
      this.#server ??= { flavor: connection.flavor, version: connection.serverVersion };
      return connection;
    } catch (error) {
      throw wrapMysqlError(error, this.site, true);
    }
  }

  /**
   * Runs one bound statement on this tablet and returns its result. `timeoutMs` is its
   * deadline (Infinity: none), `maxRows` the most rows allowed (Infinity: none), `signal`
   * cancels it. A read (`isRead`) that fails on a stale reused connection is retried once on
   * another; with consolidation on, a read whose SQL and `maxRows` equal those of a read in
   * flight shares its execution (see SharedRead: the shared execution keeps the first caller's
   * deadline; each later caller keeps its own deadline and signal), and the saved execution is
   * counted. Failures: pool errors (SG600, SG601, SG612, SG613), SG604 when the tablet cannot
   * be reached or the connection breaks, SG603 when the deadline passes (server limit or
   * client kill), SG612 when the signal aborts, SG602 when the result has more than `maxRows`
   * rows, the server's own errors mapped by wrapMysqlError, SG609 for anything unexpected.
   */
  execute(sql: string, isRead: boolean, timeoutMs: number, maxRows: number, signal: AbortSignal | undefined): Promise<QueryResult> {
    let shareKey: string | undefined;
    if (isRead && this.#consolidation) {
      const leader = this.#reads.get(sql);
      if (leader === undefined) shareKey = sql;
      else if (leader.maxRows === maxRows) return this.#join(leader, signal, timeoutMs);
      // In flight with another row limit: this one runs on its own, unshared.
    }
    if (signal?.aborted) {
      return Promise.reject(this.#callerFailed(new ServiceError('SG612', `the statement was cancelled on ${this.#where()} before it got a connection`, { details: { ...this.site } })));
    }
    const promise = new Promise<QueryResult>(captureResolvers);
    const run = new StatementRun(this.#runOwner, sql, isRead, timeoutMs, maxRows, signal, newResolve!, newReject!);
    if (shareKey !== undefined) {
      run.shareKey = shareKey;
      this.#reads.set(shareKey, run);
    }
    signal?.addEventListener('abort', run, { once: true });
    this.#acquire(run);
    return promise;
  }

  /** Another caller joins the read `leader` runs. */
  #join(leader: StatementRun, signal: AbortSignal | undefined, timeoutMs: number): Promise<QueryResult> {
    this.#recorder?.recordConsolidated();
    leader.shared ??= new SharedRead<QueryResult>(leader, this.site, leader.signal !== undefined);
    return leader.shared.join(signal, timeoutMs);
  }

  /** Gets `run` a connection: an idle one at once, else through the pool's queue (the run is the waiter). */
  #acquire(run: StatementRun): void {
    const idle = this.#pool.takeIdle();
    if (idle !== undefined) this.#start(run, idle, true, 0);
    else this.#pool.acquireFor(run);
  }

  // Runs inside another statement's release when the run waited: a throw must reach this run only.
  #start(run: StatementRun, connection: TabletConnection, reused: boolean, waitedMs: number): void {
    if (run.phase !== WAITING) {
      // Cancelled while its connection was being made: the connection goes back unused.
      this.#pool.release(connection);
      return;
    }
    this.#recorder?.recordAcquireWait(waitedMs);
    run.phase = RUNNING;
    run.connection = connection;
    run.mayRetry &&= reused;
    const started = performance.now();
    run.started = started;
    const timeoutMs = run.timeoutMs;
    const hasDeadline = timeoutMs > 0 && Number.isFinite(timeoutMs);
    try {
      connection.queryWithin(run.sql, hasDeadline && this.#serverTimeouts ? timeoutMs : 0, run.maxRows, run);
    } catch (error) {
      if (run.phase !== RUNNING) return;
      run.stopWatching();
      this.#pool.destroy(connection);
      this.#fail(run, error);
      return;
    }
    // The statement may have settled already (a broken connection fails at once), or moved on to another connection (a retry).
    if (hasDeadline && run.phase === RUNNING && run.connection === connection) this.#runOwner.deadlines.addAt(run, started + timeoutMs + CLIENT_TIMEOUT_GRACE_MS);
  }

  /** Takes a finished run out of the in-flight reads and stops listening to its caller's signal. */
  #close(run: StatementRun): void {
    if (run.shareKey !== undefined) {
      if (this.#reads.get(run.shareKey) === run) this.#reads.delete(run.shareKey);
      run.shareKey = undefined;
    }
    run.signal?.removeEventListener('abort', run);
  }

  /** The run succeeded: every caller still waiting gets `result`. */
  #succeed(run: StatementRun, result: QueryResult): void {
    this.#close(run);
    if (!run.callerDone) {
      run.callerDone = true;
      run.resolve(result);
    }
    run.shared?.settle(undefined, result);
  }

  /** The run failed: every caller still waiting gets the same ServiceError, each counted. */
  #fail(run: StatementRun, error: unknown): void {
    run.phase = OVER;
    this.#close(run);
    const wrapped = error instanceof ServiceError ? error : this.#unexpected(error);
    if (!run.callerDone) {
      run.callerDone = true;
      run.reject(this.#callerFailed(wrapped));
    }
    run.shared?.settle(wrapped, undefined);
  }

  #unexpected(error: unknown): ServiceError {
    return new ServiceError('SG609', `unexpected failure on ${this.site.shard} (tablet ${this.site.tablet}): ${String(error)}`, { details: { ...this.site }, cause: error });
  }

  #callerFailed(error: unknown): ServiceError {
    const wrapped = error instanceof ServiceError ? error : this.#unexpected(error);
    this.#recorder?.recordError(wrapped.code);
    return wrapped;
  }

  /**
   * The first caller's signal aborted. When others share the read and still wait, only that
   * caller leaves (SG612); otherwise the run is cancelled: taken out of the pool's queue, or
   * its statement killed.
   */
  #aborted(run: StatementRun): void {
    if (!run.callerDone && run.shared?.firstLeft() === true) {
      run.callerDone = true;
      run.signal?.removeEventListener('abort', run);
      run.reject(this.#callerFailed(new ServiceError('SG612', `the statement was cancelled on ${this.#where()}`, { details: { ...this.site } })));
      return;
    }
    if (run.phase === RUNNING) {
      run.giveUp('aborted');
    } else if (run.phase === WAITING) {
      this.#pool.withdraw(run);
      this.#fail(run, new ServiceError('SG612', `the statement was cancelled while waiting for a connection on ${this.#where()}`, { details: { ...this.site } }));
    }
  }

  /** The statement finished before anyone gave up: settle the connection and answer. */
  #answer(run: StatementRun, error: unknown, result: QueryResult | undefined): void {
    let value: QueryResult;
    try {
      value = this.#finish(run.connection!, error, result, run.timeoutMs, run.maxRows);
    } catch (failure) {
      if (run.mayRetry && failure instanceof ServiceError && failure.id === 'SG604') {
        run.mayRetry = false;
        run.phase = WAITING;
        this.#acquire(run);
      } else {
        this.#fail(run, failure);
      }
      return;
    }
    this.#succeed(run, value);
  }

  /** The deadline passed or every caller left first: answer now, kill the statement, settle the connection later. */
  #abandon(run: StatementRun, why: 'deadline' | 'aborted', running: Promise<Outcome>): void {
    this.#killAndSettle(run.connection!, running);
    if (why === 'aborted') this.#fail(run, new ServiceError('SG612', `the statement was cancelled on ${this.#where()}; it was killed`, { details: { ...this.site } }));
    else this.#fail(run, this.#deadline(run.timeoutMs, 'client'));
  }

  /** Returns the connection to the pool or destroys it, and turns the outcome into a result or a ServiceError. */
  #finish(connection: TabletConnection, error: unknown, result: QueryResult | undefined, timeoutMs: number, maxRows: number): QueryResult {
    if (error === undefined) {
      this.#pool.release(connection);
      return result!;
    }
    if (error instanceof RowLimitExceeded) {
      this.#pool.destroy(connection);
      this.#kill(connection.threadId).catch(() => undefined);
      throw new ServiceError('SG602', `the result on ${this.#where()} has more than ${maxRows} rows (limits.maxRows)`, {
        details: { ...this.site, maxRows },
      });
    }
    if (isConnectionError(error)) {
      this.#pool.destroy(connection);
      throw wrapMysqlError(error, this.site);
    }
    this.#pool.release(connection);
    if (isInterruptedError(error)) throw this.#deadline(timeoutMs, 'server', error);
    throw wrapMysqlError(error, this.site);
  }

  #where(): string {
    return `${this.site.shard} (tablet ${this.site.tablet})`;
  }

  #deadline(timeoutMs: number, by: 'server' | 'client', cause?: unknown): ServiceError {
    const wrapped = cause === undefined ? undefined : wrapMysqlError(cause, this.site);
    return new ServiceError('SG603', `the statement exceeded its deadline of ${timeoutMs} ms on ${this.#where()} and was killed`, {
      details: { ...(wrapped?.details ?? this.site), timeoutMs, killedBy: by },
      cause,
    });
  }

  /**
   * After the caller gave up on a statement: KILL QUERY it, then wait for the connection to
   * report the interruption. Only a clean interrupted-statement error, after the kill was
   * acknowledged, returns the connection to the pool (the kill flag is then spent); anything
   * else, or no answer within KILL_SETTLE_MS, destroys it.
   */
  #killAndSettle(connection: TabletConnection, running: Promise<Outcome>): void {
    const killed = this.#kill(connection.threadId).then(
      () => true,
      () => false,
    );
    let guard: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      guard = setTimeout(() => resolve('late'), KILL_SETTLE_MS);
    });
    void Promise.race([Promise.all([killed, running]), late]).then((settled) => {
      clearTimeout(guard);
      if (settled === 'late') {
        this.#pool.destroy(connection);
        return;
      }
      const [acknowledged, outcome] = settled;
      const clean = acknowledged && outcome.kind === 'failed' && isInterruptedError(outcome.error) && !connection.broken;
      if (clean) this.#pool.release(connection);
      else this.#pool.destroy(connection);
    });
  }

  /** Runs `KILL QUERY <thread>` on this tablet's admin connection (opened on first use, reopened when broken). */
  async #kill(threadId: number): Promise<void> {
    const admin = await this.#adminConnection();
    await admin.queryAsync(`KILL QUERY ${Math.trunc(threadId)}`, Infinity);
  }

  /** This tablet's admin connection (kills and health pings), opened on first use and reopened when broken. */
  async #adminConnection(): Promise<TabletConnection> {
    const current = this.#admin;
    const existing = current === undefined ? undefined : await current.catch(() => undefined);
    if (existing !== undefined && !existing.broken) return existing;
    if (this.#admin === current) this.#admin = this.#open(0);
    return this.#admin!;
  }

  /**
   * Checks that the tablet answers a COM_PING on the admin connection (outside the pool, so a
   * busy pool does not fail the check). Rejects with SG604 when it cannot connect or gets no
   * answer within the acquire timeout, SG613 when the pool is closed.
   */
  async ping(): Promise<void> {
    if (this.#pool.closed) throw new ServiceError('SG613', `the connection pool of ${this.#where()} is closed`, { details: { ...this.site } });
    const admin = await this.#adminConnection();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silent = new Promise<'silent'>((resolve) => {
      timer = setTimeout(() => resolve('silent'), this.#connectTimeoutMs);
    });
    try {
      const answer = await Promise.race([admin.ping().then(() => 'answered' as const), silent]);
      if (answer === 'silent') {
        admin.destroy();
        throw new ServiceError('SG604', `${this.#where()} did not answer a ping within ${this.#connectTimeoutMs} ms`, { details: { ...this.site } });
      }
    } catch (error) {
      throw wrapMysqlError(error, this.site);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Takes a connection out of the pool for a caller that keeps it across statements (a
   * transaction, transactionConnection.ts): it counts as in use until {@link unreserve}.
   * Rejects like execute's wait for a connection (SG600, SG601, SG604, SG612, SG613).
   */
  async reserve(signal?: AbortSignal): Promise<TabletConnection> {
    const lease = await this.#pool.acquire(signal);
    this.#recorder?.recordAcquireWait(lease.waitedMs);
    return lease.resource;
  }

  /** The tablet's server (flavor and version from the handshake); opens a pooled connection when none has opened yet. */
  async server(signal?: AbortSignal): Promise<ServerInfo> {
    if (this.#server === undefined) this.unreserve(await this.reserve(signal), true);
    return this.#server!;
  }

  /** Ends a {@link reserve}: the connection goes back to the pool when `reusable` and not broken, else it is destroyed. */
  unreserve(connection: TabletConnection, reusable: boolean): void {
    if (reusable && !connection.broken) this.#pool.release(connection);
    else this.#pool.destroy(connection);
  }

  /** Runs `KILL <thread>` (the whole connection, rolling back its transaction) on this tablet's admin connection. */
  async killConnection(threadId: number): Promise<void> {
    const admin = await this.#adminConnection();
    await admin.queryAsync(`KILL ${Math.trunc(threadId)}`, Infinity);
  }

  /** Closes the pool (waits for statements in flight) and the admin connection. Idempotent. */
  async close(): Promise<void> {
    await this.#pool.close();
    const admin = this.#admin;
    this.#admin = undefined;
    if (admin !== undefined) (await admin.catch(() => undefined))?.close();
  }
}
