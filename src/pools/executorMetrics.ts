// The shard executor's counters, gauges and histograms, kept in one place for the metrics
// endpoint to expose later: queries, errors by code and consolidated reads per tablet, pool
// gauges, acquire-wait and query-time histograms. Plain data, no prom-client, no I/O.

import type { ErrorCode } from '../errors/catalogue.js';
import type { PoolStats } from './resourcePool.js';

/** Upper bounds (ms, inclusive) of the latency histogram buckets; a last `+Inf` bucket is implied. */
export const LATENCY_BUCKETS_MS: readonly number[] = Object.freeze([1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]);

/** A histogram as Prometheus expects it: cumulative counts per upper bound, plus sum and count. */
export interface HistogramSnapshot {
  /** One entry per {@link LATENCY_BUCKETS_MS} bound then `Infinity`; counts are cumulative. */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly sum: number;
  readonly count: number;
}

/** Everything measured for one tablet. */
export interface TabletMetricsSnapshot {
  readonly tablet: string;
  readonly keyspace: string;
  readonly shard: string;
  readonly type: 'primary' | 'replica';
  /** Statements sent to MySQL (consolidated ones are not counted again). */
  readonly queries: number;
  /** Failed calls by error code. */
  readonly errors: Readonly<Partial<Record<ErrorCode, number>>>;
  /** Executions saved by consolidation (callers that shared another caller's read). */
  readonly consolidated: number;
  /** Pool gauges at snapshot time. */
  readonly pool: PoolStats;
  readonly acquireWaitMs: HistogramSnapshot;
  readonly queryMs: HistogramSnapshot;
}

/** A snapshot of every tablet, in registration order (the topology's tablet order). */
export interface ExecutorMetricsSnapshot {
  readonly tablets: readonly TabletMetricsSnapshot[];
}

class Histogram {
  readonly #counts = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  #sum = 0;
  #count = 0;

  observe(ms: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[i]!) i++;
    this.#counts[i]!++;
    this.#sum += ms;
    this.#count++;
  }

  snapshot(): HistogramSnapshot {
    let cumulative = 0;
    const buckets = this.#counts.map((n, i) => {
      cumulative += n;
      return { le: LATENCY_BUCKETS_MS[i] ?? Infinity, count: cumulative };
    });
    return { buckets, sum: this.#sum, count: this.#count };
  }
}

interface TabletEntry {
  readonly tablet: string;
  readonly keyspace: string;
  readonly shard: string;
  readonly type: 'primary' | 'replica';
  readonly stats: () => PoolStats;
  queries: number;
  consolidated: number;
  readonly errors: Map<ErrorCode, number>;
  readonly acquireWait: Histogram;
  readonly query: Histogram;
}

/** The identity of a tablet as metrics label it. */
export interface TabletLabels {
  readonly alias: string;
  readonly keyspace: string;
  readonly shard: string;
  readonly type: 'primary' | 'replica';
}

/**
 * The metrics of one shard executor. Contract: a tablet is registered once (with a function
 * that reads its pool gauges); recording for an unregistered tablet is ignored; snapshot()
 * returns fresh plain objects that later recording does not change.
 */
export class ExecutorMetrics {
  readonly #tablets = new Map<string, TabletEntry>();

  /** Registers a tablet and how to read its pool gauges; a second registration replaces the gauges only. */
  registerTablet(labels: TabletLabels, stats: () => PoolStats): void {
    const existing = this.#tablets.get(labels.alias);
    if (existing !== undefined) {
      this.#tablets.set(labels.alias, { ...existing, stats });
      return;
    }
    this.#tablets.set(labels.alias, {
      tablet: labels.alias,
      keyspace: labels.keyspace,
      shard: labels.shard,
      type: labels.type,
      stats,
      queries: 0,
      consolidated: 0,
      errors: new Map(),
      acquireWait: new Histogram(),
      query: new Histogram(),
    });
  }

  /** Counts one statement sent to the tablet and its duration. */
  recordQuery(tablet: string, ms: number): void {
    const entry = this.#tablets.get(tablet);
    if (entry === undefined) return;
    entry.queries++;
    entry.query.observe(ms);
  }

  /** Counts one failed call on the tablet by its error code. */
  recordError(tablet: string, code: ErrorCode): void {
    const entry = this.#tablets.get(tablet);
    if (entry === undefined) return;
    entry.errors.set(code, (entry.errors.get(code) ?? 0) + 1);
  }

  /** Records how long a caller waited for a connection. */
  recordAcquireWait(tablet: string, ms: number): void {
    this.#tablets.get(tablet)?.acquireWait.observe(ms);
  }

  /** Counts one execution saved by consolidation. */
  recordConsolidated(tablet: string): void {
    const entry = this.#tablets.get(tablet);
    if (entry !== undefined) entry.consolidated++;
  }

  /** Everything measured so far, per tablet in registration order. */
  snapshot(): ExecutorMetricsSnapshot {
    return {
      tablets: [...this.#tablets.values()].map((e) => ({
        tablet: e.tablet,
        keyspace: e.keyspace,
        shard: e.shard,
        type: e.type,
        queries: e.queries,
        errors: Object.fromEntries(e.errors),
        consolidated: e.consolidated,
        pool: e.stats(),
        acquireWaitMs: e.acquireWait.snapshot(),
        queryMs: e.query.snapshot(),
      })),
    };
  }
}
