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

/**
 * A caller of {@link ResourcePool.acquireFor}: told exactly once, by one of its two methods.
 * An object rather than two callbacks, so that a caller (a statement) waits without
 * allocating closures.
 */
export interface AcquireWaiter<T> {
  /** The resource is the caller's now; `reused` as in {@link Lease}, `waitedMs` spent in the queue and creation. */
  granted(resource: T, reused: boolean, waitedMs: number): void;
  /** No resource: SG600, SG601, SG612, SG613 or the error of `create()`. */
  failed(error: Error): void;
}

/** A caller in the queue. Listens to its signal itself (`handleEvent`), so no closure per wait. */
class QueuedWaiter<T> {
  constructor(
    readonly start: number,
    /** `start + acquireTimeoutMs`: waiters arrive in deadline order, so one timer serves them all. */
    readonly deadline: number,
    readonly waiter: AcquireWaiter<T>,
    readonly signal: AbortSignal | undefined,
    readonly onAbort: (queued: QueuedWaiter<T>) => void,
  ) {}

  handleEvent(): void {
    this.onAbort(this);
  }
}

/** Turns the callbacks of {@link ResourcePool.acquire} into an AcquireWaiter. */
class LeaseWaiter<T> implements AcquireWaiter<T> {
  constructor(
    readonly resolve: (lease: Lease<T>) => void,
    readonly reject: (error: Error) => void,
  ) {}

  granted(resource: T, reused: boolean, waitedMs: number): void {
    this.resolve({ resource, reused, waitedMs });
  }

  failed(error: Error): void {
    this.reject(error);
  }
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
  // Idle resources and when each became idle, as two parallel arrays (no object per release).
  readonly #idle: T[] = [];
  readonly #idleSince: number[] = [];
  readonly #waiters: QueuedWaiter<T>[] = [];
  readonly #onWaiterAbort = (queued: QueuedWaiter<T>): void => {
    this.#removeWaiter(queued);
    queued.waiter.failed(this.#error('SG612', 'the statement was cancelled while waiting for a connection'));
  };
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
   * Hands out an idle resource synchronously (reused, no wait), or undefined when none is idle
   * or the pool is closed: the allocation-free fast path before {@link acquireFor}.
   */
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
    return new Promise<Lease<T>>((resolve, reject) => this.acquireFor(new LeaseWaiter(resolve, reject), signal));
  }

  /**
   * {@link acquire} for a waiter object instead of a promise: exactly one of `waiter.granted`
   * and `waiter.failed` is called once, possibly before this returns (an idle resource, or an
   * immediate SG600, SG612 or SG613). Saves callers that settle their own promise a promise,
   * a microtask and the closures of a callback pair.
   */
  acquireFor(waiter: AcquireWaiter<T>, signal?: AbortSignal): void {
    if (this.#closed) {
      waiter.failed(this.#error('SG613', 'the connection pool is closed'));
      return;
    }
    if (signal?.aborted) {
      waiter.failed(this.#error('SG612', 'the statement was cancelled before it got a connection'));
      return;
    }
    const idle = this.#takeIdle();
    if (idle !== undefined) {
      this.#inUse++;
      waiter.granted(idle, true, 0);
      return;
    }
    const start = performance.now();
    if (this.#total() < this.#settings.size) {
      this.#createFor(start, signal, waiter);
      return;
    }
    if (this.#waiters.length >= this.#settings.queueLimit) {
      waiter.failed(this.#error('SG600', `all ${this.#settings.size} connections are busy and ${this.#waiters.length} callers already wait (queue limit ${this.#settings.queueLimit})`));
      return;
    }
    const queued = new QueuedWaiter(start, start + this.#settings.acquireTimeoutMs, waiter, signal, this.#onWaiterAbort);
    signal?.addEventListener('abort', queued, { once: true });
    this.#waiters.push(queued);
    if (this.#waiterTimer === undefined) this.#armWaiterTimer();
  }

  /**
   * Takes `waiter` out of the queue without telling it (it gave up on its own). Returns false
   * when it is not queued: answered already, or a resource is being created for it, which it
   * then gets as usual (and may release at once).
   */
  withdraw(waiter: AcquireWaiter<T>): boolean {
    const queued = this.#waiters.find((q) => q.waiter === waiter);
    if (queued === undefined) return false;
    this.#removeWaiter(queued);
    return true;
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
      const queued = this.#takeWaiter()!;
      queued.waiter.failed(this.#error('SG601', `no connection became free within ${this.#settings.acquireTimeoutMs} ms (pool size ${this.#settings.size})`));
    }
    this.#armWaiterTimer();
  }

  /** Removes and returns the first waiter, detached from its signal (the timer is left to re-arm itself). */
  #takeWaiter(): QueuedWaiter<T> | undefined {
    const queued = this.#waiters.shift();
    if (queued === undefined) return undefined;
    queued.signal?.removeEventListener('abort', queued);
    if (this.#waiters.length === 0) {
      clearTimeout(this.#waiterTimer);
      this.#waiterTimer = undefined;
    }
    return queued;
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
      for (let queued = this.#takeWaiter(); queued !== undefined; queued = this.#takeWaiter()) {
        queued.waiter.failed(this.#error('SG613', 'the connection pool closed while waiting for a connection'));
      }
      this.#idleSince.length = 0;
      for (const resource of this.#idle.splice(0)) this.#factory.destroy(resource);
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
      const resource = this.#idle.pop()!;
      this.#idleSince.pop();
      if (this.#factory.isUsable(resource)) return resource;
      this.#factory.destroy(resource);
    }
    return undefined;
  }

  #createFor(start: number, signal: AbortSignal | undefined, waiter: AcquireWaiter<T>): void {
    this.#creating++;
    let settled = false;
    const onAbort = (): void => {
      settled = true;
      waiter.failed(this.#error('SG612', 'the statement was cancelled while connecting'));
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
        waiter.granted(resource, false, performance.now() - start);
      },
      (error: unknown) => {
        this.#creating--;
        signal?.removeEventListener('abort', onAbort);
        this.#refill();
        this.#checkDrained();
        if (!settled) {
          settled = true;
          waiter.failed(error instanceof Error ? error : new Error(String(error)));
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
    const queued = this.#takeWaiter();
    if (queued !== undefined) {
      this.#inUse++;
      queued.waiter.granted(resource, true, performance.now() - queued.start);
      return;
    }
    this.#idle.push(resource);
    this.#idleSince.push(performance.now());
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
        const queued = this.#takeWaiter();
        if (queued !== undefined) {
          queued.waiter.failed(error instanceof Error ? error : new Error(String(error)));
        }
        this.#refill();
        this.#checkDrained();
      },
    );
  }

  #removeWaiter(queued: QueuedWaiter<T>): void {
    queued.signal?.removeEventListener('abort', queued);
    const i = this.#waiters.indexOf(queued);
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
    const delay = Math.max(0, this.#idleSince[0]! + timeout - performance.now());
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      const now = performance.now();
      while (this.#idle.length > 0 && now - this.#idleSince[0]! >= timeout) {
        this.#idleSince.shift();
        this.#factory.destroy(this.#idle.shift()!);
      }
      this.#scheduleEviction();
    }, delay + 1);
    this.#idleTimer.unref();
  }
}
