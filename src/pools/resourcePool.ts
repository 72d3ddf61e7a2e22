// A small bounded pool of resources (one per tablet holds MySQL connections): at most `size`
// resources, a FIFO queue of at most `queueLimit` waiters with an acquire timeout, idle
// eviction, and destroy-instead-of-release for broken resources. Knows nothing of MySQL:
// creating, checking and closing a resource are callbacks.

import { ServiceError } from '../errors/serviceError.js';
import { invariant } from '../util/invariant.js';
import type { ErrorSite } from './mysqlErrors.js';

/** Pool limits (the `pool` section of the configuration, per tablet). */
export interface PoolSettings {
  /** Most resources open at once (in use, idle or being created); at least 1. */
  readonly size: number;
  /** Most callers that may wait for a resource; more fail at once (0 = none may wait). */
  readonly queueLimit: number;
  /** Longest wait in the queue before failing. */
  readonly acquireTimeoutMs: number;
  /** An idle resource unused this long is closed (0 = never). */
  readonly idleTimeoutMs: number;
}

/** What the pool needs to know about its resources. */
export interface ResourceFactory<T> {
  /** Opens a resource; a rejection is passed to the caller that needed it. */
  create(): Promise<T>;
  /** Closes a resource; must not throw. */
  destroy(resource: T): void;
  /** False when an idle resource is known to be broken: it is destroyed, not handed out. */
  isUsable(resource: T): boolean;
}

/** A resource handed to a caller, with how it was obtained. */
export interface Lease<T> {
  readonly resource: T;
  /** True when the resource was used before (it came from the idle list or another caller). */
  readonly reused: boolean;
  /** Milliseconds spent waiting for it (queue and creation). */
  readonly waitedMs: number;
}

/** A point-in-time view of a pool, for gauges. */
export interface PoolStats {
  readonly size: number;
  readonly inUse: number;
  readonly idle: number;
  readonly creating: number;
  readonly waiting: number;
}

interface Waiter<T> {
  readonly start: number;
  /** `start + acquireTimeoutMs`: waiters arrive in deadline order, so one timer serves them all. */
  readonly deadline: number;
  readonly resolve: (lease: Lease<T>) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface IdleEntry<T> {
  readonly resource: T;
  readonly since: number;
}

/**
 * A bounded resource pool. Contract: at most `size` resources exist at any time (counting
 * those being created); waiters are served first come, first served; a caller that finds no
 * idle resource and no room to create one waits at most `acquireTimeoutMs` (then SG601
 * RESOURCE_EXHAUSTED), and fails at once with SG600 when `queueLimit` callers already wait.
 * An aborted signal fails the wait with SG612, a closed pool with SG613. Every error names
 * the site's shard and tablet. Idle resources are reused most recently used first, so the
 * others can age out after `idleTimeoutMs`.
 */
export class ResourcePool<T> {
  readonly #settings: PoolSettings;
  readonly #factory: ResourceFactory<T>;
  readonly #site: ErrorSite;
  readonly #idle: IdleEntry<T>[] = [];
  readonly #waiters: Waiter<T>[] = [];
  #inUse = 0;
  #creating = 0;
  #closed = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #waiterTimer: ReturnType<typeof setTimeout> | undefined;
  #drained: (() => void) | undefined;

  constructor(settings: PoolSettings, factory: ResourceFactory<T>, site: ErrorSite) {
    invariant(Number.isInteger(settings.size) && settings.size >= 1, `pool size must be a positive integer, got ${settings.size}`);
    this.#settings = settings;
    this.#factory = factory;
    this.#site = site;
  }

  /** Current counts: in use, idle, being created, waiting. */
  stats(): PoolStats {
    return { size: this.#settings.size, inUse: this.#inUse, idle: this.#idle.length, creating: this.#creating, waiting: this.#waiters.length };
  }

  get closed(): boolean {
    return this.#closed;
  }

  #total(): number {
    return this.#inUse + this.#idle.length + this.#creating;
  }

  #error(id: 'SG600' | 'SG601' | 'SG612' | 'SG613', message: string): ServiceError {
    const where = `${this.#site.shard} (tablet ${this.#site.tablet})`;
    return new ServiceError(id, `${message} on ${where}`, {
      details: { shard: this.#site.shard, tablet: this.#site.tablet, poolSize: this.#settings.size },
    });
  }

  /**
   * Hands out an idle resource synchronously, or undefined when none is idle (or the pool is
   * closed): the allocation-free fast path before {@link acquire}.
   */
  tryAcquire(): Lease<T> | undefined {
    const idle = this.takeIdle();
    return idle === undefined ? undefined : { resource: idle, reused: true, waitedMs: 0 };
  }

  /** {@link tryAcquire} without the lease object: the idle resource (reused, no wait) or undefined. */
  takeIdle(): T | undefined {
    if (this.#closed) return undefined;
    const idle = this.#takeIdle();
    if (idle !== undefined) this.#inUse++;
    return idle;
  }

  /**
   * Hands out a resource: an idle one, a new one when there is room, else the next one
   * released (FIFO). Rejects with SG600/SG601/SG612/SG613 as the class contract says, or with
   * the error of `create()` when the resource made for this caller cannot be opened.
   */
  acquire(signal?: AbortSignal): Promise<Lease<T>> {
    return new Promise<Lease<T>>((resolve, reject) => this.acquireWith(signal, resolve, reject));
  }

  /**
   * {@link acquire} with callbacks instead of a promise: exactly one of `grant` and `fail` is
   * called once, possibly before this returns (an idle resource, or an immediate SG600, SG612
   * or SG613). Saves callers that settle their own promise a promise and a microtask.
   */
  acquireWith(signal: AbortSignal | undefined, grant: (lease: Lease<T>) => void, fail: (error: Error) => void): void {
    if (this.#closed) {
      fail(this.#error('SG613', 'the connection pool is closed'));
      return;
    }
    if (signal?.aborted) {
      fail(this.#error('SG612', 'the statement was cancelled before it got a connection'));
      return;
    }
    const idle = this.#takeIdle();
    if (idle !== undefined) {
      this.#inUse++;
      grant({ resource: idle, reused: true, waitedMs: 0 });
      return;
    }
    const start = performance.now();
    if (this.#total() < this.#settings.size) {
      this.#createFor(start, signal, grant, fail);
      return;
    }
    if (this.#waiters.length >= this.#settings.queueLimit) {
      fail(this.#error('SG600', `all ${this.#settings.size} connections are busy and ${this.#waiters.length} callers already wait (queue limit ${this.#settings.queueLimit})`));
      return;
    }
    const waiter: Waiter<T> = { start, deadline: start + this.#settings.acquireTimeoutMs, resolve: grant, reject: fail, signal, onAbort: undefined };
    if (signal !== undefined) {
      waiter.onAbort = () => {
        this.#removeWaiter(waiter);
        fail(this.#error('SG612', 'the statement was cancelled while waiting for a connection'));
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    this.#waiters.push(waiter);
    if (this.#waiterTimer === undefined) this.#armWaiterTimer();
  }

  /** Arms the one acquire-timeout timer for the first waiter (the earliest deadline). */
  #armWaiterTimer(): void {
    const head = this.#waiters[0];
    if (head === undefined) return;
    this.#waiterTimer = setTimeout(() => this.#expireWaiters(), Math.max(0, head.deadline - performance.now()));
  }

  #expireWaiters(): void {
    this.#waiterTimer = undefined;
    const now = performance.now();
    while (this.#waiters.length > 0 && this.#waiters[0]!.deadline <= now) {
      const waiter = this.#takeWaiter()!;
      waiter.reject(this.#error('SG601', `no connection became free within ${this.#settings.acquireTimeoutMs} ms (pool size ${this.#settings.size})`));
    }
    this.#armWaiterTimer();
  }

  /** Removes and returns the first waiter, detached from its signal (the timer is left to re-arm itself). */
  #takeWaiter(): Waiter<T> | undefined {
    const waiter = this.#waiters.shift();
    if (waiter === undefined) return undefined;
    this.#detach(waiter);
    if (this.#waiters.length === 0) {
      clearTimeout(this.#waiterTimer);
      this.#waiterTimer = undefined;
    }
    return waiter;
  }

  #detach(waiter: Waiter<T>): void {
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  /** Returns a healthy resource to the pool (to the first waiter, else to the idle list). */
  release(resource: T): void {
    invariant(this.#inUse > 0, 'release without a matching acquire');
    this.#inUse--;
    this.#handOff(resource);
  }

  /** Closes a resource that must not be reused, freeing its slot (a waiter may get a new one). */
  destroy(resource: T): void {
    invariant(this.#inUse > 0, 'destroy without a matching acquire');
    this.#inUse--;
    this.#factory.destroy(resource);
    this.#refill();
    this.#checkDrained();
  }

  /**
   * Closes the pool: waiters fail with SG613, idle resources are closed, and resources in use
   * are closed when they come back. Resolves once none is in use or being created. Idempotent.
   */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      for (let waiter = this.#takeWaiter(); waiter !== undefined; waiter = this.#takeWaiter()) {
        waiter.reject(this.#error('SG613', 'the connection pool closed while waiting for a connection'));
      }
      for (const entry of this.#idle.splice(0)) this.#factory.destroy(entry.resource);
      clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
    }
    if (this.#inUse === 0 && this.#creating === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.#drained;
      this.#drained = () => {
        previous?.();
        resolve();
      };
    });
  }

  #takeIdle(): T | undefined {
    while (this.#idle.length > 0) {
      const entry = this.#idle.pop()!;
      if (this.#factory.isUsable(entry.resource)) return entry.resource;
      this.#factory.destroy(entry.resource);
    }
    return undefined;
  }

  #createFor(start: number, signal: AbortSignal | undefined, resolve: (lease: Lease<T>) => void, reject: (error: Error) => void): void {
    this.#creating++;
    let settled = false;
    const onAbort = (): void => {
      settled = true;
      reject(this.#error('SG612', 'the statement was cancelled while connecting'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#factory.create().then(
      (resource) => {
        this.#creating--;
        signal?.removeEventListener('abort', onAbort);
        if (settled || this.#closed) {
          this.#handOff(resource);
          this.#checkDrained();
          return;
        }
        settled = true;
        this.#inUse++;
        resolve({ resource, reused: false, waitedMs: performance.now() - start });
      },
      (error: unknown) => {
        this.#creating--;
        signal?.removeEventListener('abort', onAbort);
        this.#refill();
        this.#checkDrained();
        if (!settled) {
          settled = true;
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    );
  }

  /** Gives a free resource to the first waiter, or parks it as idle (or closes it when the pool is closed). */
  #handOff(resource: T): void {
    if (this.#closed) {
      this.#factory.destroy(resource);
      this.#checkDrained();
      return;
    }
    const waiter = this.#takeWaiter();
    if (waiter !== undefined) {
      this.#inUse++;
      waiter.resolve({ resource, reused: true, waitedMs: performance.now() - waiter.start });
      return;
    }
    this.#idle.push({ resource, since: performance.now() });
    this.#scheduleEviction();
  }

  /** After a slot frees up: open a resource for the first waiter, whose wait (and timeout) goes on meanwhile. */
  #refill(): void {
    if (this.#closed || this.#waiters.length === 0 || this.#total() >= this.#settings.size) return;
    this.#creating++;
    this.#factory.create().then(
      (resource) => {
        this.#creating--;
        this.#handOff(resource);
      },
      (error: unknown) => {
        this.#creating--;
        const waiter = this.#takeWaiter();
        if (waiter !== undefined) {
          waiter.reject(error instanceof Error ? error : new Error(String(error)));
        }
        this.#refill();
        this.#checkDrained();
      },
    );
  }

  #removeWaiter(waiter: Waiter<T>): void {
    this.#detach(waiter);
    const i = this.#waiters.indexOf(waiter);
    if (i >= 0) this.#waiters.splice(i, 1);
    if (this.#waiters.length === 0) {
      clearTimeout(this.#waiterTimer);
      this.#waiterTimer = undefined;
    }
  }

  #checkDrained(): void {
    if (this.#closed && this.#inUse === 0 && this.#creating === 0 && this.#drained !== undefined) {
      const done = this.#drained;
      this.#drained = undefined;
      done();
    }
  }

  #scheduleEviction(): void {
    const timeout = this.#settings.idleTimeoutMs;
    if (timeout <= 0 || this.#idleTimer !== undefined || this.#idle.length === 0) return;
    const oldest = this.#idle[0]!;
    const delay = Math.max(0, oldest.since + timeout - performance.now());
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      const now = performance.now();
      while (this.#idle.length > 0 && now - this.#idle[0]!.since >= timeout) this.#factory.destroy(this.#idle.shift()!.resource);
      this.#scheduleEviction();
    }, delay + 1);
    this.#idleTimer.unref();
  }
}
