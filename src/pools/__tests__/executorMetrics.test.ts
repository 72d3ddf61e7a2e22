// Unit tests of ExecutorMetrics: counters per tablet, errors by code, gauges read at snapshot
// time, cumulative histogram buckets.

import { describe, expect, it } from 'vitest';
import { ExecutorMetrics, LATENCY_BUCKETS_MS } from '../executorMetrics.js';

const LABELS = { alias: 'ks/0/primary', keyspace: 'ks', shard: '0', type: 'primary' } as const;

describe('ExecutorMetrics', () => {
  it('counts queries, errors by code and consolidated reads per tablet', () => {
    const metrics = new ExecutorMetrics();
    let inUse = 0;
    metrics.registerTablet(LABELS, () => ({ size: 8, inUse, idle: 1, creating: 0, waiting: 2 }));
    metrics.recordQuery('ks/0/primary', 3);
    metrics.recordQuery('ks/0/primary', 3000);
    metrics.recordError('ks/0/primary', 'UNAVAILABLE');
    metrics.recordError('ks/0/primary', 'UNAVAILABLE');
    metrics.recordError('ks/0/primary', 'DEADLINE_EXCEEDED');
    metrics.recordConsolidated('ks/0/primary');
    metrics.recordAcquireWait('ks/0/primary', 0);
    metrics.recordQuery('unknown/0/primary', 1);
    inUse = 5;
    const [tablet] = metrics.snapshot().tablets;
    expect(tablet).toMatchObject({
      tablet: 'ks/0/primary', keyspace: 'ks', shard: '0', type: 'primary', queries: 2, consolidated: 1,
      errors: { UNAVAILABLE: 2, DEADLINE_EXCEEDED: 1 },
      pool: { size: 8, inUse: 5, idle: 1, creating: 0, waiting: 2 },
    });
    expect(metrics.snapshot().tablets).toHaveLength(1);
  });

  it('keeps cumulative histogram buckets ending in +Inf', () => {
    const metrics = new ExecutorMetrics();
    metrics.registerTablet(LABELS, () => ({ size: 1, inUse: 0, idle: 0, creating: 0, waiting: 0 }));
    for (const ms of [0.5, 1, 1.5, 10, 20_000]) metrics.recordQuery('ks/0/primary', ms);
    const histogram = metrics.snapshot().tablets[0]!.queryMs;
    expect(histogram.count).toBe(5);
    expect(histogram.sum).toBe(20_013);
    expect(histogram.buckets).toHaveLength(LATENCY_BUCKETS_MS.length + 1);
    expect(histogram.buckets[0]).toEqual({ le: 1, count: 2 });
    expect(histogram.buckets[1]).toEqual({ le: 2, count: 3 });
    expect(histogram.buckets.find((b) => b.le === 10)).toEqual({ le: 10, count: 4 });
    expect(histogram.buckets.at(-2)).toEqual({ le: 10000, count: 4 });
    expect(histogram.buckets.at(-1)).toEqual({ le: Infinity, count: 5 });
  });

  it('returns snapshots that later recording does not change', () => {
    const metrics = new ExecutorMetrics();
    metrics.registerTablet(LABELS, () => ({ size: 1, inUse: 0, idle: 0, creating: 0, waiting: 0 }));
    const before = metrics.snapshot();
    metrics.recordQuery('ks/0/primary', 1);
    metrics.recordError('ks/0/primary', 'INTERNAL');
    expect(before.tablets[0]!.queries).toBe(0);
    expect(before.tablets[0]!.errors).toEqual({});
    expect(before.tablets[0]!.queryMs.count).toBe(0);
  });

  it('hands out one recorder per tablet that records like the alias methods, and keeps it on re-registration', () => {
    const metrics = new ExecutorMetrics();
    const recorder = metrics.registerTablet(LABELS, () => ({ size: 1, inUse: 0, idle: 0, creating: 0, waiting: 0 }));
    recorder.recordQuery(2);
    recorder.recordError('UNAVAILABLE');
    recorder.recordAcquireWait(0);
    recorder.recordConsolidated();
    const again = metrics.registerTablet(LABELS, () => ({ size: 9, inUse: 0, idle: 0, creating: 0, waiting: 0 }));
    expect(again).toBe(recorder);
    metrics.recordQuery('ks/0/primary', 4);
    expect(metrics.snapshot().tablets).toMatchObject([
      { queries: 2, consolidated: 1, errors: { UNAVAILABLE: 1 }, pool: { size: 9 }, acquireWaitMs: { count: 1 }, queryMs: { count: 2, sum: 6 } },
    ]);
  });
});
