// Unit tests of DeadlineQueue: expiry order, removal before expiry, re-arming when an earlier
// deadline is added, no timer left while empty, callbacks that add entries. Timers are faked.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineQueue, type DeadlineEntry } from '../deadlineQueue.js';

interface Item extends DeadlineEntry {
  readonly name: string;
}

function item(name: string): Item {
  return { name, deadline: 0, prevDue: undefined, nextDue: undefined, queued: false };
}

function setup(onExpired?: (entry: Item, queue: DeadlineQueue<Item>) => void) {
  const expired: string[] = [];
  const queue: DeadlineQueue<Item> = new DeadlineQueue<Item>((entry) => {
    expired.push(entry.name);
    onExpired?.(entry, queue);
  });
  return { queue, expired };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('DeadlineQueue', () => {
  it.each([
    { name: 'same delay: order added', delays: [100, 100, 100], order: ['a', 'b', 'c'] },
    { name: 'later added first', delays: [300, 100, 200], order: ['b', 'c', 'a'] },
    { name: 'zero delay', delays: [0, 50], order: ['a', 'b'] },
    { name: 'one entry', delays: [10], order: ['a'] },
  ])('expires in deadline order ($name)', ({ delays, order }) => {
    const { queue, expired } = setup();
    delays.forEach((delay, i) => queue.add(item(String.fromCharCode(97 + i)), delay));
    vi.advanceTimersByTime(Math.max(...delays) + 1);
    expect(expired).toEqual(order);
    expect(queue.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('expires nothing before its deadline and nothing removed', () => {
    const { queue, expired } = setup();
    const a = item('a');
    const b = item('b');
    queue.add(a, 100);
    queue.add(b, 200);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    queue.remove(a);
    queue.remove(a);
    vi.advanceTimersByTime(150);
    expect(expired).toEqual(['b']);
    expect(a.queued || b.queued).toBe(false);
  });

  it('leaves no timer armed once the queue is empty', () => {
    const { queue } = setup();
    const a = item('a');
    queue.add(a, 10_000);
    expect(vi.getTimerCount()).toBe(1);
    queue.remove(a);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms for an earlier deadline added later, and moves an entry added twice', () => {
    const { queue, expired } = setup();
    const a = item('a');
    queue.add(a, 1000);
    queue.add(item('b'), 10);
    vi.advanceTimersByTime(11);
    expect(expired).toEqual(['b']);
    queue.add(a, 5);
    expect(queue.size).toBe(1);
    vi.advanceTimersByTime(6);
    expect(expired).toEqual(['b', 'a']);
    vi.advanceTimersByTime(2000);
    expect(expired).toEqual(['b', 'a']);
  });

  it('serves entries that an expiry callback adds, earliest first', () => {
    const { queue, expired } = setup((entry, q) => {
      if (entry.name === 'a') q.add(item('late'), 500);
    });
    queue.add(item('a'), 10);
    queue.add(item('b'), 100);
    vi.advanceTimersByTime(11);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(90);
    expect(expired).toEqual(['a', 'b']);
    vi.advanceTimersByTime(500);
    expect(expired).toEqual(['a', 'b', 'late']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
