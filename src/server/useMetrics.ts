// useMetrics: the Prometheus endpoint (GET /metrics, prom-client text format) and the request
// measurements behind it: GraphQL requests and their durations by operation type and outcome,
// error codes, document-cache hits and misses, the runtime's plan cache when it has one, the
// shard executor's pool and query metrics, and Node's process metrics. Owns the registry.

import { getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExecutorMetricsSnapshot, HistogramSnapshot } from '../pools/executorMetrics.js';
import type { CacheCounts, DocumentCacheStats } from './useDocumentCache.js';
import { SnapshotHistogram, registerExecutorMetrics } from './executorCollectors.js';

/** Where the numbers come from; each is read when /metrics is scraped. */
export interface MetricsSources {
  readonly executor?: () => ExecutorMetricsSnapshot;
  readonly documentCache?: () => DocumentCacheStats;
  /** The runtime's SQL plan cache, when the runtime exposes one. */
  readonly planCache?: () => CacheCounts & { readonly size?: number };
  /** Process metrics (CPU, memory, event loop); default true. */
  readonly processMetrics?: boolean;
}

/** Options of {@link useMetrics}. */
export interface MetricsPluginOptions {
  readonly sources: MetricsSources;
  /** Path of the endpoint; default `/metrics`. */
  readonly endpoint?: string;
}

/** The plugin, plus its registry (for tests and embedding). */
export interface MetricsPlugin extends Plugin {
  readonly registry: Registry;
  /**
   * The plugin's request measurement, for the fast path (fastPath.ts), which runs no Yoga
   * hooks: `start` when a request arrives, `finish` with the result its client gets.
   */
  readonly measure: {
    start(request: object): void;
    finish(request: object, result: unknown): void;
  };
}

/** Operation type of a request: `none` when it never reached execution (parse, validation or HTTP errors). */
type OperationLabel = 'query' | 'mutation' | 'subscription' | 'none';

function registerCacheMetrics(registry: Registry, sources: MetricsSources): void {
  const caches = (): [string, CacheCounts][] => {
    const entries: [string, CacheCounts][] = [];
    const documents = sources.documentCache?.();
    if (documents !== undefined) entries.push(['parse', documents.parse], ['validate', documents.validate]);
    const plans = sources.planCache?.();
    if (plans !== undefined) entries.push(['plan', plans]);
    return entries;
  };
  new Counter({
    name: 'shardgate_cache_hits_total',
    help: 'Lookups answered from a cache: parse and validate (operation documents), plan (SQL plans).',
    labelNames: ['cache'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [cache, counts] of caches()) this.inc({ cache }, counts.hits);
    },
  });
  new Counter({
    name: 'shardgate_cache_misses_total',
    help: 'Lookups that missed a cache and did the work: parse, validate, plan.',
    labelNames: ['cache'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [cache, counts] of caches()) this.inc({ cache }, counts.misses);
    },
  });
  new Gauge({
    name: 'shardgate_cache_entries',
    help: 'Entries held by each bounded cache.',
    labelNames: ['cache'],
    registers: [registry],
    collect() {
      this.reset();
      const documents = sources.documentCache?.();
      if (documents !== undefined) this.set({ cache: 'document' }, documents.documents);
      const size = sources.planCache?.().size;
      if (size !== undefined) this.set({ cache: 'plan' }, size);
    },
  });
}

/** Upper bounds (ms, inclusive) of the request duration buckets; `+Inf` is implied. */
const DURATION_BUCKETS_MS: readonly number[] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** The requests of one (operation, outcome): count, summed duration and per-bucket counts (not cumulative; last is +Inf). */
interface RequestSeries {
  readonly labels: { readonly operation: OperationLabel; readonly outcome: 'ok' | 'error' };
  count: number;
  sumMs: number;
  readonly perBucket: number[];
}

/** A series as a cumulative histogram snapshot (ms). */
function histogramOf(s: RequestSeries): HistogramSnapshot {
  let cumulative = 0;
  const buckets = [...DURATION_BUCKETS_MS, Infinity].map((le, i) => {
    cumulative += s.perBucket[i]!;
    return { le, count: cumulative };
  });
  return { buckets, sum: s.sumMs, count: s.count };
}

/** Counts the errors of one result by code; true when it had any. A plain function, not a per-request closure. */
function countErrors(result: unknown, errors: Counter): boolean {
  if (typeof result !== 'object' || result === null || !('errors' in result) || result.errors === undefined) return false;
  let any = false;
  for (const error of result.errors as readonly GraphQLError[]) {
    any = true;
    const code = error.extensions?.code;
    errors.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
  }
  return any;
}

/**
 * Serves `GET <endpoint>` with every metric and measures each GraphQL request: counter
 * `shardgate_graphql_requests_total{operation,outcome}`, histogram
 * `shardgate_graphql_request_duration_seconds{operation,outcome}` (from the request's arrival
 * to its result), counter `shardgate_graphql_errors_total{code}` (the codes clients saw: put
 * this plugin after useErrorMasking). `outcome` is `ok` or `error` (any error in the result).
 * Contract: requests to other paths (health, GraphiQL) are not measured; a scrape never fails
 * because a source is missing.
 */
export function useMetrics(options: MetricsPluginOptions): MetricsPlugin {
  const endpoint = options.endpoint ?? '/metrics';
  const registry = new Registry();
  if (options.sources.processMetrics !== false) collectDefaultMetrics({ register: registry });
  if (options.sources.executor !== undefined) registerExecutorMetrics(registry, options.sources.executor);
  registerCacheMetrics(registry, options.sources);
  // Requests are counted here, per (operation, outcome), and handed to prom-client at scrape
  // time: prom-client's own inc/observe hash their labels on every call.
  const series: RequestSeries[] = [];
  const seriesByLabels = new Map<OperationLabel, { ok?: RequestSeries; error?: RequestSeries }>();
  const seriesFor = (operation: OperationLabel, outcome: 'ok' | 'error'): RequestSeries => {
    let byOutcome = seriesByLabels.get(operation);
    if (byOutcome === undefined) {
      byOutcome = {};
      seriesByLabels.set(operation, byOutcome);
    }
    let found = byOutcome[outcome];
    if (found === undefined) {
      found = { labels: { operation, outcome }, count: 0, sumMs: 0, perBucket: new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0) };
      byOutcome[outcome] = found;
      series.push(found);
    }
    return found;
  };
  new Counter({
    name: 'shardgate_graphql_requests_total',
    help: 'GraphQL requests by operation type (none: refused before execution) and outcome (ok, error).',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of series) this.inc(s.labels, s.count);
    },
  });
  new SnapshotHistogram(
    registry,
    'shardgate_graphql_request_duration_seconds',
    'Time from a GraphQL request’s arrival to its result, by operation type and outcome.',
    ['operation', 'outcome'],
    () => series.map((s) => ({ labels: s.labels, histogram: histogramOf(s) })),
  );
  const errors = new Counter({
    name: 'shardgate_graphql_errors_total',
    help: 'Errors returned to clients, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });
  const started = new WeakMap<object, number>();
  const operations = new WeakMap<object, OperationLabel>();
  // Per document (and operation name): its operation type, so getOperationAST runs once per document.
  const operationTypes = new WeakMap<DocumentNode, Map<string, OperationLabel>>();

  const finish = (request: object, result: unknown): void => {
    const start = started.get(request);
    if (start === undefined) return;
    started.delete(request);
    let failed = false;
    if (Array.isArray(result)) {
      for (const r of result) failed = countErrors(r, errors) || failed;
    } else {
      failed = countErrors(result, errors);
    }
    const s = seriesFor(operations.get(request) ?? 'none', failed ? 'error' : 'ok');
    const ms = performance.now() - start;
    s.count++;
    s.sumMs += ms;
    let bucket = 0;
    while (bucket < DURATION_BUCKETS_MS.length && ms > DURATION_BUCKETS_MS[bucket]!) bucket++;
    s.perBucket[bucket]!++;
  };

  return {
    registry,
    measure: {
      start: (request) => started.set(request, performance.now()),
      finish,
    },
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === endpoint && request.method === 'GET') {
        return registry.metrics().then((text) => endResponse(new fetchAPI.Response(text, { status: 200, headers: { 'content-type': registry.contentType } })));
      }
      started.set(request, performance.now());
      return undefined;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request === undefined) return;
      let byName = operationTypes.get(args.document);
      if (byName === undefined) {
        byName = new Map();
        operationTypes.set(args.document, byName);
      }
      const name = args.operationName ?? '';
      let operation = byName.get(name);
      if (operation === undefined) {
        operation = getOperationAST(args.document, args.operationName ?? undefined)?.operation ?? 'none';
        byName.set(name, operation);
      }
      operations.set(request, operation);
    },
    onResultProcess({ request, result }) {
      finish(request, result);
    },
  };
}
