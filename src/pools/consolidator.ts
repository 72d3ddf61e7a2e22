// Query consolidation (Vitess vttablet consolidator): identical reads that are in flight at
// the same time on the same tablet share one execution. Owns the callers that joined another
// caller's execution (each with its own deadline and signal) and the rule for when a shared
// execution may be cancelled; which reads are identical, the in-flight index and running the
// statement are tabletPool.ts's.

import { ServiceError } from '../errors/serviceError.js';
import type { ErrorSite } from './mysqlErrors.js';

/** What a {@link SharedRead} needs from the execution it shares. */
export interface SharedExecution {
  /** Every caller has left (their signals aborted): stop the execution; its outcome goes to nobody. */
  cancelShared(): void;
  /** Records one caller's failure (metrics) and returns what to reject that caller with. */
  callerFailed(error: unknown): unknown;
}

/** A caller that joined: its promise, and what it listens to while it waits. */
class Follower<T> {
  timer: ReturnType<typeof setTimeout> | undefined;
  waiting = true;

  constructor(
    readonly read: SharedRead<T>,
    readonly signal: AbortSignal | undefined,
    readonly resolve: (value: T) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  /** The signal aborted (a Follower is its own abort listener). */
  handleEvent(): void {
    this.read.leave(this, new ServiceError('SG612', `the statement was cancelled on ${this.read.site.shard} (tablet ${this.read.site.tablet})`, { details: { ...this.read.site } }));
  }

  stopListening(): void {
    this.waiting = false;
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this);
  }
}

function onFollowerDeadline<T>(follower: Follower<T>, timeoutMs: number): void {
  const site = follower.read.site;
  follower.read.leave(
    follower,
    new ServiceError('SG603', `the statement exceeded its deadline of ${timeoutMs} ms on ${site.shard} (tablet ${site.tablet}) while sharing another caller's identical read`, {
      details: { ...site, timeoutMs },
    }),
  );
}

/**
 * The callers that share one in-flight read besides the first (its followers). Mirrors vitess
 * go/vt/vttablet/tabletserver/query_executor.go with its Consolidator: the first caller runs the
 * statement, later callers with the same statement wait for its result instead of running it
 * again. Made when the first follower joins, so a read nobody joins costs nothing here.
 * Contract: every follower still waiting when the execution settles gets the same result
 * object or the same error; a follower whose signal aborts fails alone with SG612; a follower
 * with `timeoutMs` fails alone with SG603 when its own deadline passes (the execution goes on
 * for the others; it runs with the first caller's deadline); the execution is cancelled
 * (`cancelShared`) only when every caller has left, which never happens while a caller
 * without a signal waits or has waited (it cannot leave). Failures are recorded through
 * `callerFailed`, once per caller.
 */
export class SharedRead<T> {
  readonly #followers: Follower<T>[] = [];
  /** Callers that wait and can leave (they have a signal), the first caller included. */
  #leavable: number;
  /** True once a caller that cannot leave (no signal) waits: then nothing cancels the execution. */
  #held: boolean;
  #settled = false;

  /** `firstCanLeave`: whether the first caller has a signal (and has not left yet). */
  constructor(
    readonly execution: SharedExecution,
    readonly site: ErrorSite,
    firstCanLeave: boolean,
  ) {
    this.#leavable = firstCanLeave ? 1 : 0;
    this.#held = !firstCanLeave;
  }

  /** Followers still waiting. */
  get waiting(): number {
    let n = 0;
    for (const f of this.#followers) if (f.waiting) n++;
    return n;
  }

  /**
   * Adds a follower: the returned promise settles with the execution's outcome, or earlier with
   * SG612 when `signal` aborts or SG603 after `timeoutMs` (when finite and positive).
   * Rejections go through `callerFailed`.
   */
  join(signal: AbortSignal | undefined, timeoutMs: number | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const follower = new Follower(this, signal, resolve, reject);
      if (signal?.aborted) {
        follower.waiting = false;
        reject(this.execution.callerFailed(new ServiceError('SG612', `the statement was cancelled on ${this.site.shard} (tablet ${this.site.tablet})`, { details: { ...this.site } })));
        return;
      }
      this.#followers.push(follower);
      if (signal === undefined) this.#held = true;
      else {
        this.#leavable++;
        signal.addEventListener('abort', follower, { once: true });
      }
      if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) follower.timer = setTimeout(onFollowerDeadline, timeoutMs, follower, timeoutMs);
    });
  }

  /**
   * The first caller left (its signal aborted). Returns true when the execution goes on for
   * callers still waiting (the first caller is to be failed alone), false when nobody waits
   * and the execution should be cancelled instead.
   */
  firstLeft(): boolean {
    this.#leavable--;
    return this.#held || this.#leavable > 0;
  }

  /** A follower stops waiting with `error`; cancels the execution when it was the last caller who could. */
  leave(follower: Follower<T>, error: ServiceError): void {
    if (!follower.waiting) return;
    follower.stopListening();
    follower.reject(this.execution.callerFailed(error));
    if (follower.signal !== undefined && --this.#leavable === 0 && !this.#held && !this.#settled) this.execution.cancelShared();
  }

  /** The execution settled: every follower still waiting gets `error`, else `value`. Once. */
  settle(error: unknown, value: T | undefined): void {
    if (this.#settled) return;
    this.#settled = true;
    for (const follower of this.#followers) {
      if (!follower.waiting) continue;
      follower.stopListening();
      if (error === undefined) follower.resolve(value!);
      else follower.reject(this.execution.callerFailed(error));
    }
  }
}
