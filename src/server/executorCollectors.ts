// Exposes the shard executor's own measurements (src/pools ExecutorMetrics snapshots: queries,
// errors, consolidated reads, pool gauges, query and acquire-wait histograms per tablet) as
// prom-client metrics read at scrape time. Owns the metric names and labels; the executor
// keeps the numbers (pools may not import prom-client).

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ExecutorMetricsSnapshot, HistogramSnapshot, TabletMetricsSnapshot } from '../pools/executorMetrics.js';

const TABLET_LABELS = ['keyspace', 'shard', 'tablet', 'type'] as const;

type TabletLabel = (typeof TABLET_LABELS)[number];

function tabletLabels(t: TabletMetricsSnapshot): Record<TabletLabel, string> {
  return { keyspace: t.keyspace, shard: t.shard, tablet: t.tablet, type: t.type };
}

/** One histogram series: its labels and its snapshot (cumulative buckets in ms). */
/** One labelled series of a {@link SnapshotHistogram}. */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly histogram: HistogramSnapshot;
}

/**
 * A prom-client histogram whose values are a snapshot taken at scrape time instead of
 * observations: the executor (and useMetrics) already count per bucket, which costs far less
 * per observation than prom-client's label hashing. Buckets are converted from ms to seconds
 * (Prometheus base unit). Only `get`/`getForPromString` differ from prom-client's; the metric
 * header (name, help, type) comes from an unregistered, never-observed twin.
 */
export class SnapshotHistogram extends Histogram<string> {
  readonly #read: () => readonly HistogramSeries[];
  readonly #twin: Histogram<string>;

  constructor(registry: Registry, name: string, help: string, labelNames: readonly string[], read: () => readonly HistogramSeries[]) {
    super({ name, help, labelNames: [...labelNames], registers: [registry] });
    this.#twin = new Histogram({ name, help, labelNames: [...labelNames], registers: [] });
    this.#read = read;
  }

  override async get(): Promise<Awaited<ReturnType<Histogram<string>['get']>>> {
    const header = await this.#twin.get();
    const values = this.#read().flatMap(({ labels, histogram }) => [
      ...histogram.buckets.map((b) => ({
        metricName: `${header.name}_bucket`,
        labels: { ...labels, le: Number.isFinite(b.le) ? b.le / 1000 : '+Inf' },
        value: b.count,
      })),
      { metricName: `${header.name}_sum`, labels: { ...labels }, value: histogram.sum / 1000 },
      { metricName: `${header.name}_count`, labels: { ...labels }, value: histogram.count },
    ]);
    return { ...header, values };
  }

  /** prom-client's registry prefers this method when rendering text; same values as get(). */
  getForPromString(): ReturnType<SnapshotHistogram['get']> {
    return this.get();
  }
}

/**
 * Registers the executor metrics in `registry`, each reading `snapshot()` when scraped:
 * `shardgate_tablet_queries_total`, `shardgate_tablet_errors_total{code}`,
 * `shardgate_tablet_consolidated_total`, `shardgate_pool_connections{state}` (in_use, idle,
 * creating), `shardgate_pool_max_connections`, `shardgate_pool_waiting`,
 * `shardgate_tablet_query_duration_seconds` and `shardgate_pool_acquire_wait_seconds`
 * (histograms); every series labelled keyspace, shard, tablet, type. Contract: one snapshot
 * per metric per scrape; tablets in the executor's order.
 */
export function registerExecutorMetrics(registry: Registry, snapshot: () => ExecutorMetricsSnapshot): void {
  const tablets = (): readonly TabletMetricsSnapshot[] => snapshot().tablets;

  new Counter({
    name: 'shardgate_tablet_queries_total',
    help: 'Statements sent to MySQL, per tablet (consolidated reads are counted once).',
    labelNames: TABLET_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of tablets()) this.inc(tabletLabels(t), t.queries);
    },
  });
  new Counter({
    name: 'shardgate_tablet_errors_total',
    help: 'Failed statements per tablet, by error code.',
    labelNames: [...TABLET_LABELS, 'code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const t of tablets()) {
        for (const [code, n] of Object.entries(t.errors)) this.inc({ ...tabletLabels(t), code }, n ?? 0);
      }
    },
  });
  new Counter({
    name: 'shardgate_tablet_consolidated_total',
    help: 'Reads answered by sharing an identical read already in flight on the tablet.',
    labelNames: TABLET_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of tablets()) this.inc(tabletLabels(t), t.consolidated);
    },
  });
  new Gauge({
    name: 'shardgate_pool_connections',
    help: 'Connections of each tablet pool by state (in_use, idle, creating).',
    labelNames: [...TABLET_LABELS, 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const t of tablets()) {
        this.set({ ...tabletLabels(t), state: 'in_use' }, t.pool.inUse);
        this.set({ ...tabletLabels(t), state: 'idle' }, t.pool.idle);
        this.set({ ...tabletLabels(t), state: 'creating' }, t.pool.creating);
      }
    },
  });
  new Gauge({
    name: 'shardgate_pool_max_connections',
    help: 'Configured size of each tablet pool (pool.size).',
    labelNames: TABLET_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of tablets()) this.set(tabletLabels(t), t.pool.size);
    },
  });
  new Gauge({
    name: 'shardgate_pool_waiting',
    help: 'Callers waiting for a connection of each tablet pool.',
    labelNames: TABLET_LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const t of tablets()) this.set(tabletLabels(t), t.pool.waiting);
    },
  });
  new SnapshotHistogram(registry, 'shardgate_tablet_query_duration_seconds', 'Statement time per tablet, from send to last row.', TABLET_LABELS, () =>
    tablets().map((t) => ({ labels: tabletLabels(t), histogram: t.queryMs })),
  );
  new SnapshotHistogram(registry, 'shardgate_pool_acquire_wait_seconds', 'Time callers waited for a pooled connection, per tablet.', TABLET_LABELS, () =>
    tablets().map((t) => ({ labels: tabletLabels(t), histogram: t.acquireWaitMs })),
  );
}
