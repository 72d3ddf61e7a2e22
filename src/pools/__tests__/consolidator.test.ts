// Unit tests of Consolidator: sharing while in flight, no caching after, per-caller abort,
// and aborting the shared execution only when every waiter has left.

import { describe, expect, it, vi } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { Consolidator } from '../consolidator.js';

const SITE = { shard: 'ks/0', tablet: 'ks/0/primary' };

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A consolidator and an execution that stays pending until `d` settles, recording the signal it got. */
function pendingExecution() {
  const consolidator = new Consolidator<string>();
  const d = deferred<string>();
  let signal: AbortSignal | undefined;
  const execute = (given: AbortSignal | undefined) => {
    signal = given;
    return d.promise;
  };
  return { consolidator, d, execute, executionSignal: () => signal };
}

describe('Consolidator', () => {
  it('shares one execution among identical concurrent calls, then forgets it', async () => {
    const consolidator = new Consolidator<string>();
    let runs = 0;
    let shared = 0;
    const d = deferred<string>();
    const execute = () => {
      runs++;
      return d.promise;
    };
    const options = { site: SITE, onShared: () => shared++ };
    const calls = [consolidator.run('k', 'v', execute, options), consolidator.run('k', 'v', execute, options), consolidator.run('other', 'v', () => Promise.resolve('o'), options)];
    d.resolve('r');
    expect(await Promise.all(calls)).toEqual(['r', 'r', 'o']);
    expect(runs).toBe(1);
    expect(shared).toBe(1);
    expect(consolidator.size).toBe(0);
    await consolidator.run('k', 'v', () => Promise.resolve('again'), options);
    expect(shared).toBe(1);
  });

  it('does not share between calls with different variants (limits)', async () => {
    const consolidator = new Consolidator<string>();
    let runs = 0;
    const d = deferred<string>();
    const execute = () => {
      runs++;
      return d.promise;
    };
    const options = { site: SITE, onShared: () => undefined };
    const calls = [consolidator.run('k', '100/10', execute, options), consolidator.run('k', '100/20', execute, options)];
    d.resolve('r');
    await Promise.all(calls);
    expect(runs).toBe(2);
  });

  it('gives every waiter the same error', async () => {
    const consolidator = new Consolidator<string>();
    const d = deferred<string>();
    const options = { site: SITE, onShared: () => undefined };
    const a = consolidator.run('k', 'v', () => d.promise, options).catch((e: unknown) => e);
    const b = consolidator.run('k', 'v', () => d.promise, options).catch((e: unknown) => e);
    const boom = new Error('boom');
    d.reject(boom);
    expect(await a).toBe(boom);
    expect(await b).toBe(boom);
  });

  it('gives the execution no signal when the first caller has none', async () => {
    const consolidator = new Consolidator<string>();
    let executionSignal: AbortSignal | undefined = new AbortController().signal;
    await consolidator.run('k', 'v', (signal) => {
      executionSignal = signal;
      return Promise.resolve('x');
    }, { site: SITE, onShared: () => undefined });
    expect(executionSignal).toBeUndefined();
  });

  it('fails only the aborting waiter, and aborts the execution when the last waiter leaves', async () => {
    const { consolidator, d, execute, executionSignal } = pendingExecution();
    const c1 = new AbortController();
    const c2 = new AbortController();
    const options = (signal: AbortSignal) => ({ site: SITE, signal, onShared: () => undefined });
    const a = consolidator.run('k', 'v', execute, options(c1.signal)).catch((e: unknown) => e);
    const b = consolidator.run('k', 'v', execute, options(c2.signal)).catch((e: unknown) => e);
    c1.abort();
    expect(isServiceError(await a, 'SG612')).toBe(true);
    expect(executionSignal()!.aborted).toBe(false);
    c2.abort();
    expect(isServiceError(await b, 'SG612')).toBe(true);
    expect(executionSignal()!.aborted).toBe(true);
    d.reject(new Error('cancelled'));
  });

  it('never aborts an execution that a caller without a signal waits for', async () => {
    const { consolidator, d, execute, executionSignal } = pendingExecution();
    const controller = new AbortController();
    const aborting = consolidator.run('k', 'v', execute, { site: SITE, signal: controller.signal, onShared: () => undefined }).catch((e: unknown) => e);
    const plain = consolidator.run('k', 'v', execute, { site: SITE, onShared: () => undefined });
    controller.abort();
    expect(isServiceError(await aborting, 'SG612')).toBe(true);
    expect(executionSignal()!.aborted).toBe(false);
    d.resolve('done');
    expect(await plain).toBe('done');
  });

  it('lets a later caller stop waiting at its own deadline while the execution goes on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { consolidator, d, execute, executionSignal } = pendingExecution();
      const leader = consolidator.run('k', 'v', execute, { site: SITE, timeoutMs: 1000, onShared: () => undefined });
      const follower = consolidator.run('k', 'v', execute, { site: SITE, timeoutMs: 100, onShared: () => undefined }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(100);
      const error = await follower;
      expect(isServiceError(error, 'SG603')).toBe(true);
      expect((error as Error).message).toContain('ks/0');
      expect(executionSignal()).toBeUndefined();
      d.resolve('late');
      expect(await leader).toBe('late');
    } finally {
      vi.useRealTimers();
    }
  });
});
