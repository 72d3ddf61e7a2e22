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

/**
 * The recording side of one registered tablet: what a tablet's pool calls on every statement,
 * without looking the tablet up by alias each time.
 */
export interface TabletRecorder {
  /** Counts one statement sent to the tablet and its duration. */
  recordQuery(ms: number): void;
  /** Counts one failed call on the tablet by its error code. */
  recordError(code: ErrorCode): void;
  /** Records how long a caller waited for a connection. */
  recordAcquireWait(ms: number): void;
  /** Counts one execution saved by consolidation. */
  recordConsolidated(): void;
}

class TabletEntry implements TabletRecorder {
  queries = 0;
  consolidated = 0;
  readonly errors = new Map<ErrorCode, number>();
  readonly acquireWait = new Histogram();
  readonly query = new Histogram();

  constructor(
    readonly labels: TabletLabels,
    public stats: () => PoolStats,
  ) {}

  recordQuery(ms: number): void {
    this.queries++;
    this.query.observe(ms);
  }

  recordError(code: ErrorCode): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  recordAcquireWait(ms: number): void {
    this.acquireWait.observe(ms);
  }

  recordConsolidated(): void {
    this.consolidated++;
  }
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

  /**
   * Registers a tablet and how to read its pool gauges, and returns its recorder. A second
   * registration of the same alias replaces the gauges only and returns the same recorder.
   */
  registerTablet(labels: TabletLabels, stats: () => PoolStats): TabletRecorder {
    const existing = this.#tablets.get(labels.alias);
    if (existing !== undefined) {
      existing.stats = stats;
      return existing;
    }
    const entry = new TabletEntry(labels, stats);
    this.#tablets.set(labels.alias, entry);
    return entry;
  }

  /** Counts one statement sent to the tablet and its duration. */
  recordQuery(tablet: string, ms: number): void {
    this.#tablets.get(tablet)?.recordQuery(ms);
  }

  /** Counts one failed call on the tablet by its error code. */
  recordError(tablet: string, code: ErrorCode): void {
    this.#tablets.get(tablet)?.recordError(code);
  }

  /** Records how long a caller waited for a connection. */
  recordAcquireWait(tablet: string, ms: number): void {
    this.#tablets.get(tablet)?.recordAcquireWait(ms);
  }

  /** Counts one execution saved by consolidation. */
  recordConsolidated(tablet: string): void {
    this.#tablets.get(tablet)?.recordConsolidated();
  }

  /** Everything measured so far, per tablet in registration order. */
  snapshot(): ExecutorMetricsSnapshot {
    return {
      tablets: [...this.#tablets.values()].map((e) => ({
        tablet: e.labels.alias,
        keyspace: e.labels.keyspace,
        shard: e.labels.shard,
        type: e.labels.type,
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
