// The Yoga app of a built API: shardgate's useX plugins in their one valid order, Yoga's own
// features configured (GraphiQL, health check, parse cache) and Yoga's masking off
// (useErrorMasking replaces it), and the node:http handler in front of it (the fast path for
// plain JSON POSTs, fastPath.ts). Owns plugin order; no HTTP listening (createServer.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/config.js';
import type { PlanCacheStats, RequestContext, RequestContextOptions } from '../resolvers/apiRuntime.js';
import type { ExecutorMetricsSnapshot } from '../pools/executorMetrics.js';
import { yogaLogger, type ServerLog } from './serverLog.js';
import { createAdmission } from './admission.js';
import { createFastPath, type FastPathHandler } from './fastPath.js';
import { DEFAULT_MAX_BODY_BYTES, useBodyLimit } from './useBodyLimit.js';
import { useDocumentCache } from './useDocumentCache.js';
import { useErrorMasking } from './useErrorMasking.js';
import { useExplain } from './useExplain.js';
import { useFederatedTracing } from './useFederatedTracing.js';
import { useJit } from './useJit.js';
import { useLimits } from './useLimits.js';
import { useMutationTransactions } from './mutationTransactionHooks.js';
import { useMetrics } from './useMetrics.js';
import { useReadiness, type ShardPing } from './useReadiness.js';
import { useRequestContext } from './useRequestContext.js';

/** The paths the server answers. */
export const ENDPOINTS = { graphql: '/graphql', health: '/healthz', ready: '/readyz', metrics: '/metrics' } as const;

/**
 * How long an admitted operation counts against `limits.maxConcurrentOperations` at most (ms):
 * long enough for the short reads the limit is for (a few ms each; under load, tens), short
 * enough that slow operations delay the rest by no more than this.
 */
const OPERATION_RELEASE_MS = 100;

/** What the Yoga app needs of an API (createApi's Api fits; tests pass a small fake). */
export interface ServedApi {
  /** `federation` true: ftv1 traces on request (useFederatedTracing.ts). */
  readonly config: Pick<Config, 'limits' | 'introspection'> & { readonly federation?: boolean };
  readonly schema: GraphQLSchema;
  readonly runtime: {
    createRequestContext(options?: RequestContextOptions): RequestContext;
    planCacheStats(): PlanCacheStats;
  };
  readonly executor: {
    metricsSnapshot(): ExecutorMetricsSnapshot;
    health(): Promise<readonly ShardPing[]>;
  };
  contextValue(requestContext: RequestContext): Record<string, unknown>;
}

/** Options of the Yoga app that createServer passes through. */
export interface YogaOptions {
  /** Honour `X-Shardgate-Force-Scatter: true` (tests and diagnostics; default false). */
  readonly allowForceScatter?: boolean;
  /** Most operation documents the parse/validate cache keeps; default 1000; 0 turns the cache off. */
  readonly documentCacheSize?: number;
  /** Node process metrics in /metrics; default true. */
  readonly processMetrics?: boolean;
  /** Execute operations with graphql-jit (useJit.ts); default true. False: graphql-js. */
  readonly jit?: boolean;
  /**
   * Use Yoga's own body size limit, which streams every body through a TransformStream, instead
   * of useBodyLimit (same limit and errors, Content-Length checked without streaming); default
   * false. For the HTTP benchmark (bench/http.bench.ts), which measures each lever.
   */
  readonly yogaBodyLimit?: boolean;
  /** Serve plain JSON POSTs on node:http (fastPath.ts); default true. False: Yoga serves every request. */
  readonly fastPath?: boolean;
}

/** The composed app: the Yoga instance and the node:http handler that serves it. */
export interface ComposedApp {
  readonly yoga: YogaServerInstance<Record<string, never>, Record<string, unknown>>;
  /** Serves a node:http request: the fast path (fastPath.ts) when it takes it, Yoga otherwise. */
  readonly handler: FastPathHandler;
}

/** A handler that gives every request to Yoga, counted as FastPathHandler counts. */
function yogaOnly(yoga: ComposedApp['yoga']): FastPathHandler {
  const counts = { fast: 0, yoga: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    counts.yoga++;
    void yoga(req, res);
  };
  return Object.assign(handler, { counts });
}

/**
 * Composes the app. Plugin order matters and is fixed here: useLimits wraps the parser before
 * useDocumentCache counts it (and Yoga's cache, which runs after user plugins, answers
 * repeats); useRequestContext creates the runtime context before execution; useFederatedTracing
 * (federation only) comes after useJit, whose execute function it replaces for a traced operation; useMutationTransactions
 * comes after useJit, so that it wraps the execute function that runs (a mutation's transaction
 * ends, rolled back, also when execution throws); useExplain adds
 * `extensions.plan` to the execution result; useErrorMasking rewrites errors just before the
 * response is written and useMetrics, after it, counts the codes clients saw; /readyz and
 * /metrics answer before any GraphQL processing. GraphiQL is served to browsers unless
 * introspection is off (it would have no schema to show).
 */
export function composeYoga(api: ServedApi, options: YogaOptions & { readonly log: ServerLog; readonly stopping: () => boolean }): YogaServerInstance<Record<string, never>, Record<string, unknown>> {
  return composeApp(api, options).yoga;
}

/**
 * Composes the app as composeYoga does and the node:http handler in front of it: the fast path
 * (fastPath.ts) for plain JSON POSTs unless `fastPath` is false, Yoga for everything else.
 */
export function composeApp(api: ServedApi, options: YogaOptions & { readonly log: ServerLog; readonly stopping: () => boolean }): ComposedApp {
  const documentCacheSize = options.documentCacheSize ?? 1000;
  const documentCache = useDocumentCache({ maxDocuments: Math.max(documentCacheSize, 1) });
  const requestContext = useRequestContext({
    create: (o) => api.runtime.createRequestContext(o),
    attach: (rc) => api.contextValue(rc),
    allowForceScatter: options.allowForceScatter ?? false,
  });
  const explain = useExplain({ forRequest: (request) => requestContext.forRequest(request) });
  const masking = useErrorMasking({ log: options.log });
  const metrics = useMetrics({
    sources: {
      executor: () => api.executor.metricsSnapshot(),
      documentCache: () => documentCache.stats(),
      planCache: () => api.runtime.planCacheStats(),
      processMetrics: options.processMetrics ?? true,
    },
    endpoint: ENDPOINTS.metrics,
  });
  const yoga = createYoga<Record<string, never>, Record<string, unknown>>({
    schema: api.schema,
    graphqlEndpoint: ENDPOINTS.graphql,
    healthCheckEndpoint: ENDPOINTS.health,
    landingPage: false,
    graphiql: api.config.introspection ? { title: 'shardgate' } : false,
    maskedErrors: false,
    logging: yogaLogger(options.log),
    parserAndValidationCache: documentCacheSize === 0 ? false : documentCache.yogaCache,
    ...(options.yogaBodyLimit === true ? {} : { maxRequestBodySize: false as const }),
    plugins: [
      ...(options.yogaBodyLimit === true ? [] : [useBodyLimit()]),
      useLimits({ limits: api.config.limits, introspection: api.config.introspection }),
      documentCache,
      requestContext,
      ...(options.jit === false ? [] : [useJit({ log: options.log })]),
      ...(api.config.federation === true ? [useFederatedTracing()] : []),
      useMutationTransactions((request) => requestContext.forRequest(request)),
      explain,
      masking,
      metrics,
      useReadiness({ health: () => api.executor.health(), stopping: options.stopping, endpoint: ENDPOINTS.ready }),
    ],
  });
  const handler =
    options.fastPath === false
      ? yogaOnly(yoga)
      : createFastPath({
          yoga,
          endpoint: ENDPOINTS.graphql,
          maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
          measure: metrics.measure,
          withPlan: explain.withPlan,
          mask: masking.mask,
          log: options.log,
          admission: createAdmission(api.config.limits.maxConcurrentOperations, OPERATION_RELEASE_MS),
        });
  return { yoga, handler };
}
