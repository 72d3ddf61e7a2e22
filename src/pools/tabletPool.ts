// One tablet's connection pool and statement runner: acquires a connection, adds the server-side
// time limit, runs the statement with a client-side backstop (KILL QUERY on a separate admin
// connection), enforces the row cap, destroys broken connections and wraps every failure.
// Owns per-tablet health (for replica choice); choosing tablets and binding SQL is the executor's.

import { ServiceError } from '../errors/serviceError.js';
import type { QueryResult } from '../engine/shardExecutor.js';
import type { Tablet } from '../topology/topology.js';
import type { ExecutorMetrics } from './executorMetrics.js';
import { DeadlineQueue, type DeadlineEntry } from './deadlineQueue.js';
import { isConnectionError, isInterruptedError, wrapMysqlError, type ErrorSite } from './mysqlErrors.js';
import { ResourcePool, type PoolSettings, type PoolStats } from './resourcePool.js';
import { withStatementTimeout } from './statementTimeout.js';
import { RowLimitExceeded, TabletConnection, type QuerySink } from './tabletConnection.js';

/** Per-statement limits for {@link TabletPool.execute}. */
export interface StatementLimits {
  /** Deadline in ms (0 or Infinity: none). */
  readonly timeoutMs: number;
  /** Most rows allowed (Infinity: none). */
  readonly maxRows: number;
  readonly signal?: AbortSignal;
  /** True for a read: a read that fails on a stale reused connection is retried once on another. */
  readonly isRead: boolean;
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

/** What a StatementRun calls back into its TabletPool (closures made once per pool, not per statement). */
interface RunOwner {
  answer(run: StatementRun, error: unknown, result: QueryResult | undefined): void;
  abandon(run: StatementRun, why: 'deadline' | 'aborted', running: Promise<Outcome>): void;
  recordQuery(ms: number): void;
  /** The pool's statement deadlines (one timer for all its statements). */
  readonly deadlines: DeadlineQueue<StatementRun>;
}

/**
 * One statement in flight on one connection: whichever comes first of its outcome, its
 * deadline and its signal answers the caller; an outcome that arrives after the caller was
 * answered goes to the kill-and-settle logic instead.
 */
class StatementRun implements QuerySink, DeadlineEntry {
  readonly started = performance.now();
  deadline = 0;
  prevDue: DeadlineEntry | undefined = undefined;
  nextDue: DeadlineEntry | undefined = undefined;
  queued = false;
  onAbort: (() => void) | undefined;
  /** True once the caller has its answer (outcome, deadline or abort). */
  answered = false;
  #late: ((outcome: Outcome) => void) | undefined;

  constructor(
    readonly owner: RunOwner,
    readonly connection: TabletConnection,
    readonly sql: string,
    readonly limits: StatementLimits,
    readonly mayRetry: boolean,
    readonly resolve: (result: QueryResult | Promise<QueryResult>) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  #stopWatching(): void {
    this.answered = true;
    this.owner.deadlines.remove(this);
    if (this.onAbort !== undefined) this.limits.signal?.removeEventListener('abort', this.onAbort);
    this.owner.recordQuery(performance.now() - this.started);
  }

  queryDone(error: unknown, result?: QueryResult): void {
    if (this.#late !== undefined) {
      this.#late(error === undefined ? { kind: 'done', result: result! } : { kind: 'failed', error });
      return;
    }
    this.#stopWatching();
    this.owner.answer(this, error, result);
  }

  giveUp(why: 'deadline' | 'aborted'): void {
    if (this.answered) return;
    this.#stopWatching();
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
 * {@link ping} is a ServiceError naming the shard (`keyspace/shard`) and the tablet alias;
 * a connection is returned to the pool only after a clean result or a server error packet,
 * and is destroyed after a socket failure, a row-limit stop or a client-side kill that did not
 * end in a clean interrupted error.
 */
export class TabletPool {
  readonly tablet: Tablet;
  readonly site: ErrorSite;
  readonly #pool: ResourcePool<TabletConnection>;
  readonly #metrics: ExecutorMetrics | undefined;
  readonly #connectTimeoutMs: number;
  readonly #serverTimeouts: boolean;
  #admin: Promise<TabletConnection> | undefined;
  readonly #runOwner: RunOwner;
  #failures = 0;
  #unhealthyUntil = 0;

  /** `serverTimeouts` false leaves the statement text alone and relies on the client-side kill only. */
  constructor(tablet: Tablet, settings: PoolSettings, metrics?: ExecutorMetrics, serverTimeouts = true) {
    this.tablet = tablet;
    this.#serverTimeouts = serverTimeouts;
    this.#runOwner = {
      answer: (run, error, result) => this.#answer(run, error, result),
      abandon: (run, why, running) => this.#abandon(run, why, running),
      recordQuery: (ms) => this.#metrics?.recordQuery(tablet.alias, ms),
      deadlines: new DeadlineQueue<StatementRun>(onStatementDeadline),
    };
    this.site = { shard: `${tablet.keyspace}/${tablet.shard}`, tablet: tablet.alias };
    this.#metrics = metrics;
    this.#connectTimeoutMs = Math.max(1, settings.acquireTimeoutMs);
    this.#pool = new ResourcePool<TabletConnection>(
      settings,
      {
        create: () => this.#open(),
        destroy: (connection) => connection.destroy(),
        isUsable: (connection) => !connection.broken,
      },
      this.site,
    );
    metrics?.registerTablet({ alias: tablet.alias, keyspace: tablet.keyspace, shard: tablet.shard, type: tablet.type }, () => this.stats());
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

  async #open(): Promise<TabletConnection> {
    try {
      return await TabletConnection.open(this.tablet, this.#connectTimeoutMs);
    } catch (error) {
      throw wrapMysqlError(error, this.site, true);
    }
  }

  /**
   * Runs one bound statement on this tablet and returns its result. Failures: pool errors
   * (SG600, SG601, SG612, SG613), SG604 when the tablet cannot be reached or the connection
   * breaks, SG603 when the deadline passes (server limit or client kill), SG612 when the
   * signal aborts, SG602 when the result has more than `maxRows` rows, and the server's own
   * errors mapped by wrapMysqlError.
   */
  execute(sql: string, limits: StatementLimits): Promise<QueryResult> {
    return this.#attempt(sql, limits, limits.isRead);
  }

  // A reused connection can have died while idle (killed, timed out, server restarted) without
  // the socket telling us yet. A read changes nothing, so it is run again once on another
  // connection (`mayRetry`); a write is not (it may have been applied).
  #attempt(sql: string, limits: StatementLimits, mayRetry: boolean): Promise<QueryResult> {
    const idle = this.#pool.takeIdle();
    if (idle !== undefined) {
      this.#metrics?.recordAcquireWait(this.tablet.alias, 0);
      return new Promise<QueryResult>((resolve, reject) => this.#start(idle, sql, limits, mayRetry, resolve, reject));
    }
    // The caller's promise is settled straight from the statement's outcome: no acquire
    // promise, no promise returned from a `.then` callback (adopting one costs two microtasks).
    return new Promise<QueryResult>((resolve, reject) => {
      this.#pool.acquireWith(
        limits.signal,
        (lease) => {
          // May run inside another caller's release: a throw must reach this caller only.
          try {
            this.#metrics?.recordAcquireWait(this.tablet.alias, lease.waitedMs);
            this.#start(lease.resource, sql, limits, mayRetry && lease.reused, resolve, reject);
          } catch (error) {
            reject(error);
          }
        },
        reject,
      );
    });
  }

  #start(
    connection: TabletConnection,
    sql: string,
    limits: StatementLimits,
    mayRetry: boolean,
    resolve: (result: QueryResult | Promise<QueryResult>) => void,
    reject: (error: unknown) => void,
  ): void {
    const hasDeadline = Number.isFinite(limits.timeoutMs) && limits.timeoutMs > 0;
    const text = withStatementTimeout(sql, connection.flavor, hasDeadline && this.#serverTimeouts ? limits.timeoutMs : undefined);
    const run = new StatementRun(this.#runOwner, connection, sql, limits, mayRetry, resolve, reject);
    connection.query(text, limits.maxRows, run);
    if (run.answered) return;
    if (hasDeadline) this.#runOwner.deadlines.add(run, limits.timeoutMs + CLIENT_TIMEOUT_GRACE_MS);
    const signal = limits.signal;
    if (signal !== undefined) {
      run.onAbort = () => run.giveUp('aborted');
      if (signal.aborted) run.onAbort();
      else signal.addEventListener('abort', run.onAbort, { once: true });
    }
  }

  /** The statement finished before the caller gave up: settle the connection and answer. */
  #answer(run: StatementRun, error: unknown, result: QueryResult | undefined): void {
    try {
      run.resolve(this.#finish(run.connection, error, result, run.limits.timeoutMs, run.limits.maxRows));
    } catch (failure) {
      if (run.mayRetry && failure instanceof ServiceError && failure.id === 'SG604') run.resolve(this.#attempt(run.sql, run.limits, false));
      else run.reject(failure);
    }
  }

  /** The deadline passed or the signal aborted first: answer now, kill the statement, settle the connection later. */
  #abandon(run: StatementRun, why: 'deadline' | 'aborted', running: Promise<Outcome>): void {
    this.#killAndSettle(run.connection, running);
    if (why === 'aborted') run.reject(new ServiceError('SG612', `the statement was cancelled on ${this.#where()}; it was killed`, { details: { ...this.site } }));
    else run.reject(this.#deadline(run.limits.timeoutMs, 'client'));
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
    if (this.#admin === current) this.#admin = this.#open();
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

  /** Closes the pool (waits for statements in flight) and the admin connection. Idempotent. */
  async close(): Promise<void> {
    await this.#pool.close();
    const admin = this.#admin;
    this.#admin = undefined;
    if (admin !== undefined) (await admin.catch(() => undefined))?.close();
  }
}
