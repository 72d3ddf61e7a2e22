// Unit tests of ResourcePool with fake resources: size bound, FIFO hand-off, queue limit,
// acquire timeout, abort, destroy and refill, broken idle resources, idle eviction, close.
// Timers are faked, so nothing depends on real time.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { ResourcePool, type PoolSettings } from '../resourcePool.js';

const SITE = { shard: 'ks/0', tablet: 'ks/0/primary' };

interface Fake {
  readonly id: number;
  broken: boolean;
  destroyed: boolean;
}

function setup(settings: Partial<PoolSettings> = {}, failCreate: () => boolean = () => false) {
  let next = 0;
  const created: Fake[] = [];
  const pool = new ResourcePool<Fake>(
    { size: 2, queueLimit: 10, acquireTimeoutMs: 1000, idleTimeoutMs: 0, ...settings },
    {
      create: () => {
        if (failCreate()) return Promise.reject(new Error('cannot connect'));
        const fake = { id: next++, broken: false, destroyed: false };
        created.push(fake);
        return Promise.resolve(fake);
      },
      destroy: (fake) => {
        fake.destroyed = true;
      },
      isUsable: (fake) => !fake.broken,
    },
    SITE,
  );
  return { pool, created };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ResourcePool', () => {
  it('creates up to size, then hands released resources to waiters first come, first served', async () => {
    const { pool, created } = setup();
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect(created).toHaveLength(2);
    expect([a.reused, b.reused]).toEqual([false, false]);
    const order: number[] = [];
    const w1 = pool.acquire().then((l) => {
      order.push(1);
      return l;
    });
    const w2 = pool.acquire().then((l) => {
      order.push(2);
      return l;
    });
    expect(pool.stats()).toMatchObject({ inUse: 2, waiting: 2, idle: 0 });
    pool.release(b.resource);
    pool.release(a.resource);
    const [l1, l2] = await Promise.all([w1, w2]);
    expect(order).toEqual([1, 2]);
    expect(l1.resource).toBe(b.resource);
    expect(l2.resource).toBe(a.resource);
    expect(l1.reused).toBe(true);
    expect(created).toHaveLength(2);
  });

  it('reuses the most recently released idle resource', async () => {
    const { pool } = setup();
    const a = await pool.acquire();
    const b = await pool.acquire();
    pool.release(a.resource);
    pool.release(b.resource);
    expect((await pool.acquire()).resource).toBe(b.resource);
  });

  it('fails at once with SG600 when queueLimit callers already wait', async () => {
    const { pool } = setup({ size: 1, queueLimit: 1 });
    await pool.acquire();
    const waiting = pool.acquire();
    const error = await rejection(pool.acquire());
    expect(isServiceError(error, 'SG600')).toBe(true);
    expect((error as Error).message).toContain('ks/0');
    expect(pool.stats().waiting).toBe(1);
    void waiting.catch(() => undefined);
  });

  it('queueLimit 0 lets nobody wait', async () => {
    const { pool } = setup({ size: 1, queueLimit: 0 });
    await pool.acquire();
    expect(isServiceError(await rejection(pool.acquire()), 'SG600')).toBe(true);
  });

  it('fails a waiter with SG601 after acquireTimeoutMs and forgets it', async () => {
    const { pool } = setup({ size: 1, acquireTimeoutMs: 500 });
    const held = await pool.acquire();
    const waiting = rejection(pool.acquire());
    await vi.advanceTimersByTimeAsync(499);
    expect(pool.stats().waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await waiting;
    expect(isServiceError(error, 'SG601')).toBe(true);
    expect((error as { code: string }).code).toBe('RESOURCE_EXHAUSTED');
    expect(pool.stats().waiting).toBe(0);
    pool.release(held.resource);
    expect(pool.stats()).toMatchObject({ idle: 1, inUse: 0 });
  });

  it('fails a waiter with SG612 when its signal aborts, and at once when already aborted', async () => {
    const { pool } = setup({ size: 1 });
    await pool.acquire();
    const controller = new AbortController();
    const waiting = rejection(pool.acquire(controller.signal));
    controller.abort();
    expect(isServiceError(await waiting, 'SG612')).toBe(true);
    expect(pool.stats().waiting).toBe(0);
    expect(isServiceError(await rejection(pool.acquire(controller.signal)), 'SG612')).toBe(true);
  });

  it('destroy frees the slot and opens a new resource for the first waiter', async () => {
    const { pool, created } = setup({ size: 1 });
    const a = await pool.acquire();
    const waiting = pool.acquire();
    pool.destroy(a.resource);
    const lease = await waiting;
    expect(a.resource.destroyed).toBe(true);
    expect(lease.resource).toBe(created[1]);
    expect(pool.stats()).toMatchObject({ inUse: 1, idle: 0, creating: 0 });
  });

  it('passes a create failure to the caller that needed the resource', async () => {
    let fail = true;
    const { pool } = setup({ size: 1 }, () => fail);
    const error = await rejection(pool.acquire());
    expect((error as Error).message).toBe('cannot connect');
    expect(pool.stats()).toMatchObject({ inUse: 0, creating: 0 });
    fail = false;
    expect((await pool.acquire()).reused).toBe(false);
  });

  it('never hands out a broken idle resource', async () => {
    const { pool } = setup({ size: 1 });
    const a = await pool.acquire();
    pool.release(a.resource);
    a.resource.broken = true;
    const b = await pool.acquire();
    expect(b.resource).not.toBe(a.resource);
    expect(a.resource.destroyed).toBe(true);
  });

  it('closes resources idle for idleTimeoutMs', async () => {
    const { pool } = setup({ size: 2, idleTimeoutMs: 1000 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    pool.release(a.resource);
    await vi.advanceTimersByTimeAsync(600);
    pool.release(b.resource);
    await vi.advanceTimersByTimeAsync(500);
    expect(a.resource.destroyed).toBe(true);
    expect(b.resource.destroyed).toBe(false);
    expect(pool.stats().idle).toBe(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(b.resource.destroyed).toBe(true);
    expect(pool.stats().idle).toBe(0);
  });

  it('close fails waiters with SG613, closes idle resources, and waits for those in use', async () => {
    const { pool } = setup({ size: 2 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    const waiting = rejection(pool.acquire());
    let closed = false;
    const closing = pool.close().then(() => {
      closed = true;
    });
    expect(isServiceError(await waiting, 'SG613')).toBe(true);
    pool.release(b.resource);
    expect(b.resource.destroyed).toBe(true);
    await Promise.resolve();
    expect(closed).toBe(false);
    pool.release(a.resource);
    await closing;
    expect(a.resource.destroyed).toBe(true);
    await pool.close();
    expect(isServiceError(await rejection(pool.acquire()), 'SG613')).toBe(true);
  });

  it('close destroys idle resources at once', async () => {
    const { pool } = setup({ size: 2 });
    const a = await pool.acquire();
    pool.release(a.resource);
    await pool.close();
    expect(a.resource.destroyed).toBe(true);
    expect(pool.stats()).toMatchObject({ idle: 0, inUse: 0 });
  });

  it('acquireFor calls back at once for an idle resource, a full queue and a closed pool, and later for a waiter', async () => {
    const { pool } = setup({ size: 1, queueLimit: 1 });
    const first = await pool.acquire();
    pool.release(first.resource);
    const calls: string[] = [];
    const record = (name: string) => ({
      granted: (resource: Fake, reused: boolean) => calls.push(`${name} got ${resource.id} reused=${reused}`),
      failed: (error: Error) => calls.push(`${name} failed ${isServiceError(error) ? error.id : error.message}`),
    });
    pool.acquireFor(record('idle'));
    expect(calls).toEqual(['idle got 0 reused=true']);
    pool.acquireFor(record('waiter'));
    pool.acquireFor(record('overflow'));
    expect(calls).toEqual(['idle got 0 reused=true', 'overflow failed SG600']);
    pool.release(first.resource);
    expect(calls).toEqual(['idle got 0 reused=true', 'overflow failed SG600', 'waiter got 0 reused=true']);
    pool.release(first.resource);
    const closing = pool.close();
    pool.acquireFor(record('late'));
    expect(calls.at(-1)).toBe('late failed SG613');
    await closing;
  });

  it('rejects a size below 1 as a bug', () => {
    expect(() => setup({ size: 0 })).toThrow(/pool size/);
  });
});
