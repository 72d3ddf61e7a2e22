// The fast path's admission: at most `limit` operations at once, the rest in arrival order,
// a slot given up after `releaseAfterMs`, skipped waiters never run, failures passed on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAdmission } from '../admission.js';

/** An operation the test finishes by hand. */
function operation(log: string[], name: string): { work: () => Promise<void>; finish: () => void; fail: (error: Error) => void } {
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const work = (): Promise<void> => {
    log.push(`start ${name}`);
    return new Promise<void>((resolve, reject) => {
      finish = () => {
        log.push(`end ${name}`);
        resolve();
      };
      fail = reject;
    });
  };
  return { work, finish: () => finish(), fail: (error) => fail(error) };
}

describe('createAdmission', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at most `limit` operations at once and the waiting ones in arrival order', async () => {
    const admission = createAdmission(2, 100, () => Date.now());
    const log: string[] = [];
    const ops = ['a', 'b', 'c', 'd'].map((name) => operation(log, name));
    const done = ops.map((op) => admission.run(op.work));
    expect(log).toEqual(['start a', 'start b']);
    expect(admission.state()).toEqual({ counted: 2, waiting: 2 });
    ops[1]!.finish();
    await done[1];
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    ops[0]!.finish();
    ops[2]!.finish();
    await Promise.all([done[0], done[2]]);
    await vi.advanceTimersByTimeAsync(0);
    expect(log.slice(-1)).toEqual(['start d']);
    ops[3]!.finish();
    await done[3];
    expect(admission.state()).toEqual({ counted: 0, waiting: 0 });
  });

  it('stops counting an operation after releaseAfterMs, so a slow one holds back the rest no longer', async () => {
    const admission = createAdmission(1, 100, () => Date.now());
    const log: string[] = [];
    const slow = operation(log, 'slow');
    const fast = operation(log, 'fast');
    const slowDone = admission.run(slow.work);
    const fastDone = admission.run(fast.work);
    await vi.advanceTimersByTimeAsync(99);
    expect(log).toEqual(['start slow']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['start slow', 'start fast']);
    expect(admission.state()).toEqual({ counted: 1, waiting: 0 });
    fast.finish();
    await fastDone;
    // The slow one no longer counts: finishing it later changes nothing, and a new one starts at once.
    const next = operation(log, 'next');
    void admission.run(next.work);
    expect(log.at(-1)).toBe('start next');
    slow.finish();
    await slowDone;
    expect(admission.state()).toEqual({ counted: 1, waiting: 0 });
    next.finish();
  });

  it('never runs a waiting operation whose skip() says true when its turn comes', async () => {
    const admission = createAdmission(1, 100, () => Date.now());
    const log: string[] = [];
    const first = operation(log, 'first');
    const gone = operation(log, 'gone');
    const firstDone = admission.run(first.work);
    let left = false;
    const goneDone = admission.run(gone.work, () => left);
    left = true;
    first.finish();
    await Promise.all([firstDone, goneDone]);
    expect(log).toEqual(['start first', 'end first']);
    expect(admission.state()).toEqual({ counted: 0, waiting: 0 });
  });

  it('passes on a failure and a throw, and frees the slot for the next', async () => {
    const admission = createAdmission(1, 100, () => Date.now());
    const log: string[] = [];
    const failing = operation(log, 'failing');
    const failed = admission.run(failing.work);
    const thrown = admission.run(() => {
      throw new Error('thrown at once');
    });
    const after = operation(log, 'after');
    const afterDone = admission.run(after.work);
    failing.fail(new Error('boom'));
    await expect(failed).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('thrown at once');
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start failing', 'start after']);
    after.finish();
    await afterDone;
    expect(admission.state()).toEqual({ counted: 0, waiting: 0 });
  });

  it('with a limit of 0 or Infinity runs everything at once', () => {
    for (const limit of [0, Infinity]) {
      const admission = createAdmission(limit, 100);
      const log: string[] = [];
      for (const name of ['a', 'b', 'c']) void admission.run(operation(log, name).work);
      expect(log).toEqual(['start a', 'start b', 'start c']);
    }
  });

  it('leaves no timer armed once nothing waits', async () => {
    const admission = createAdmission(1, 100, () => Date.now());
    const log: string[] = [];
    const a = operation(log, 'a');
    const b = operation(log, 'b');
    const aDone = admission.run(a.work);
    const bDone = admission.run(b.work);
    expect(vi.getTimerCount()).toBe(1);
    a.finish();
    await aDone;
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start a', 'end a', 'start b']);
    expect(vi.getTimerCount()).toBe(0);
    b.finish();
    await bDone;
  });
});
