// Unit tests of SharedRead (the callers that joined another caller's in-flight read): one
// outcome for all, per-caller abort and deadline, and cancelling the execution only when every
// caller has left. Sharing by SQL and row limit is tabletPool.ts's (test/integration/pools.limits).

import { afterEach, describe, expect, it, vi } from 'vitest';
import { isServiceError, ServiceError } from '../../errors/serviceError.js';
import { SharedRead, type SharedExecution } from '../consolidator.js';

const SITE = { shard: 'ks/0', tablet: 'ks/0/primary' };

/** An execution that records cancellations and the failures counted per caller. */
function execution() {
  const counted: string[] = [];
  const log = { cancelled: 0, counted };
  const exec: SharedExecution = {
    cancelShared: () => {
      log.cancelled++;
    },
    callerFailed: (error) => {
      counted.push(isServiceError(error) ? error.id : String(error));
      return error;
    },
  };
  return { exec, log };
}

function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (v) => v,
    (e: unknown) => e,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SharedRead', () => {
  it('gives every follower still waiting the same result object, once', async () => {
    const { exec, log } = execution();
    const read = new SharedRead<{ rows: number }>(exec, SITE, false);
    const a = read.join(undefined, undefined);
    const b = read.join(undefined, 5000);
    expect(read.waiting).toBe(2);
    const result = { rows: 1 };
    read.settle(undefined, result);
    read.settle(new Error('too late'), undefined);
    expect(await a).toBe(result);
    expect(await b).toBe(result);
    expect(read.waiting).toBe(0);
    expect(log).toEqual({ cancelled: 0, counted: [] });
  });

  it('gives every follower the same error and counts it once per follower', async () => {
    const { exec, log } = execution();
    const read = new SharedRead<string>(exec, SITE, false);
    const a = outcome(read.join(undefined, undefined));
    const b = outcome(read.join(new AbortController().signal, undefined));
    const boom = new ServiceError('SG605', 'boom');
    read.settle(boom, undefined);
    expect(await a).toBe(boom);
    expect(await b).toBe(boom);
    expect(log.counted).toEqual(['SG605', 'SG605']);
  });

  it('fails only the aborting follower, and cancels the execution when the last caller leaves', async () => {
    const { exec, log } = execution();
    const read = new SharedRead<string>(exec, SITE, true);
    const c1 = new AbortController();
    const c2 = new AbortController();
    const a = outcome(read.join(c1.signal, undefined));
    const b = outcome(read.join(c2.signal, undefined));
    c1.abort();
    expect(isServiceError(await a, 'SG612')).toBe(true);
    expect(log.cancelled).toBe(0);
    expect(read.firstLeft()).toBe(true);
    expect(log.cancelled).toBe(0);
    c2.abort();
    expect(isServiceError(await b, 'SG612')).toBe(true);
    expect((await b as Error).message).toContain('ks/0');
    expect(log.cancelled).toBe(1);
    expect(log.counted).toEqual(['SG612', 'SG612']);
  });

  it('tells the first caller it may leave alone only while someone else waits', () => {
    const { exec } = execution();
    const alone = new SharedRead<string>(exec, SITE, true);
    expect(alone.firstLeft()).toBe(false);
    const withOther = new SharedRead<string>(exec, SITE, true);
    void outcome(withOther.join(new AbortController().signal, undefined));
    expect(withOther.firstLeft()).toBe(true);
  });

  it('never cancels an execution that a caller without a signal waits for', async () => {
    const { exec, log } = execution();
    const heldByFirst = new SharedRead<string>(exec, SITE, false);
    const controller = new AbortController();
    const aborting = outcome(heldByFirst.join(controller.signal, undefined));
    controller.abort();
    expect(isServiceError(await aborting, 'SG612')).toBe(true);
    expect(log.cancelled).toBe(0);

    const heldByFollower = new SharedRead<string>(exec, SITE, true);
    const plain = heldByFollower.join(undefined, undefined);
    expect(heldByFollower.firstLeft()).toBe(true);
    heldByFollower.settle(undefined, 'done');
    expect(await plain).toBe('done');
    expect(log.cancelled).toBe(0);
  });

  it('fails at once a follower whose signal already aborted, without counting it as waiting', async () => {
    const { exec, log } = execution();
    const read = new SharedRead<string>(exec, SITE, true);
    const controller = new AbortController();
    controller.abort();
    expect(isServiceError(await outcome(read.join(controller.signal, undefined)), 'SG612')).toBe(true);
    expect(read.waiting).toBe(0);
    expect(read.firstLeft()).toBe(false);
    expect(log.counted).toEqual(['SG612']);
  });

  it('lets a follower stop waiting at its own deadline while the execution goes on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { exec, log } = execution();
    const read = new SharedRead<string>(exec, SITE, false);
    const short = outcome(read.join(new AbortController().signal, 100));
    const long = read.join(undefined, 1000);
    await vi.advanceTimersByTimeAsync(100);
    const error = await short;
    expect(isServiceError(error, 'SG603')).toBe(true);
    expect((error as Error).message).toContain('ks/0');
    expect(log.cancelled).toBe(0);
    read.settle(undefined, 'late');
    expect(await long).toBe('late');
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.counted).toEqual(['SG603']);
  });
});
