// Query consolidation (Vitess vttablet consolidator): identical reads that are in flight at
// the same time on the same tablet share one execution. Owns the in-flight map and the
// per-caller cancellation; deciding what is a read and what the key holds is the caller's.

import { ServiceError } from '../errors/serviceError.js';
import type { ErrorSite } from './mysqlErrors.js';

interface Entry<T> {
  readonly promise: Promise<T>;
  readonly variant: string;
  /** Absent when the first caller had no signal: then someone always waits and nothing can abort it. */
  readonly controller: AbortController | undefined;
  /** Callers with a signal still waiting for the result; callers without one never leave. */
  waiting: number;
}

/**
 * Shares in-flight executions by key. Mirrors vitess go/vt/vttablet/tabletserver/
 * query_executor.go with its Consolidator: the first caller runs the statement, later callers
 * with the same key wait for that result instead of running it again. Contract: an entry
 * lives only while its execution is in flight (results are never cached after it settles);
 * every waiter gets the same result object or the same error; a waiter whose signal aborts
 * fails alone with SG612, and the shared execution is aborted only when every waiter has.
 */
export class Consolidator<T> {
  readonly #inFlight = new Map<string, Entry<T>>();

  /** Keys currently in flight. */
  get size(): number {
    return this.#inFlight.size;
  }

  /**
   * Runs `execute` for `key` unless an execution with that key and the same `variant` (the
   * statement's row limit) is in flight, in which case `onShared` is called and that
   * execution's result is awaited instead. A call whose key is in flight with another variant
   * runs on its own, unshared. `execute` gets a signal that aborts when every caller waiting
   * for it has aborted (none when the first caller has no signal, since that caller never
   * leaves). The shared execution runs with the first caller's deadline; a later caller with
   * `timeoutMs` stops waiting when its own deadline passes (SG603, the execution goes on for
   * the others) and otherwise gets the shared outcome, a deadline error included.
   */
  run(
    key: string,
    variant: string,
    execute: (signal: AbortSignal | undefined) => Promise<T>,
    options: { signal?: AbortSignal; timeoutMs?: number; site: ErrorSite; onShared: () => void },
  ): Promise<T> {
    const signal = options.signal;
    let entry = this.#inFlight.get(key);
    if (entry !== undefined && entry.variant !== variant) return execute(signal);
    let follower = false;
    if (entry === undefined) {
      const controller = signal === undefined ? undefined : new AbortController();
      const created: Entry<T> = { promise: execute(controller?.signal), variant, controller, waiting: 0 };
      // Also marks a rejection handled: every caller may have left before it settles. A bound
      // method, not a named closure: per statement, tsx's keepNames makes each one costly.
      const forget = this.#forget.bind(this, key, created);
      created.promise.then(forget, forget);
      this.#inFlight.set(key, created);
      entry = created;
    } else {
      follower = true;
      options.onShared();
    }
    const timeoutMs = follower && options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs) ? options.timeoutMs : undefined;
    if (signal === undefined && timeoutMs === undefined) {
      entry.waiting = Infinity;
      return entry.promise;
    }
    if (signal === undefined) entry.waiting = Infinity;
    else entry.waiting++;
    return this.#wait(entry, signal, timeoutMs, options.site);
  }

  /** Drops `entry` once its execution settled, unless a newer entry already took its key. */
  #forget(key: string, entry: Entry<T>): void {
    if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
  }

  /** Waits for a shared execution until the caller's signal aborts or its own deadline passes. */
  #wait(shared: Entry<T>, signal: AbortSignal | undefined, timeoutMs: number | undefined, site: ErrorSite): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const details = { shard: site.shard, tablet: site.tablet };
      const leave = (error: ServiceError): void => {
        clearTimeout(timer);
        if (signal !== undefined) signal.removeEventListener('abort', onAbort);
        reject(error);
        if (signal !== undefined && --shared.waiting === 0) shared.controller?.abort();
      };
      const onAbort = (): void => leave(new ServiceError('SG612', `the statement was cancelled on ${site.shard} (tablet ${site.tablet})`, { details }));
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(
          () => leave(new ServiceError('SG603', `the statement exceeded its deadline of ${timeoutMs} ms on ${site.shard} (tablet ${site.tablet}) while sharing another caller's identical read`, { details: { ...details, timeoutMs } })),
          timeoutMs,
        );
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      shared.promise.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }
}
