// useMetrics: the Prometheus endpoint (GET /metrics, prom-client text format) and the request
// measurements behind it: GraphQL requests and their durations by operation type and outcome,
// error codes, document-cache hits and misses, the runtime's plan cache when it has one, the
// shard executor's pool and query metrics, and Node's process metrics. Owns the registry.

import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExecutorMetricsSnapshot } from '../pools/executorMetrics.js';
import type { CacheCounts, DocumentCacheStats } from './useDocumentCache.js';
import { registerExecutorMetrics } from './executorCollectors.js';

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
  const requests = new Counter({
    name: 'shardgate_graphql_requests_total',
    help: 'GraphQL requests by operation type (none: refused before execution) and outcome (ok, error).',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'shardgate_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request’s arrival to its result, by operation type and outcome.',
    labelNames: ['operation', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'shardgate_graphql_errors_total',
    help: 'Errors returned to clients, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });
  const started = new WeakMap<Request, number>();
  const operations = new WeakMap<Request, OperationLabel>();

  return {
    registry,
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
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      operations.set(request, operation?.operation ?? 'none');
    },
    onResultProcess({ request, result }) {
      const start = started.get(request);
      if (start === undefined) return;
      started.delete(request);
      const results = Array.isArray(result) ? result : [result];
      let failed = false;
      for (const r of results) {
        if (typeof r !== 'object' || r === null || !('errors' in r) || r.errors === undefined) continue;
        for (const error of r.errors) {
          failed = true;
          const code = error.extensions?.code;
          errors.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
        }
      }
      const labels = { operation: operations.get(request) ?? 'none', outcome: failed ? 'error' : 'ok' };
      requests.inc(labels);
      durations.observe(labels, (performance.now() - start) / 1000);
    },
  };
}
