// useRequestContext: one runtime RequestContext per GraphQL request (src/resolvers), put into
// the GraphQL context for src/schema's resolvers, with its options read from the request:
// `X-Shardgate-Explain: true` records the statements for extensions.plan, the test-only
// `X-Shardgate-Force-Scatter: true` (honoured only when the server allows it) routes every
// query to all shards, `X-Shardgate-Transaction: single|multi` picks the transaction mode of a
// mutation, and the request's abort signal cancels statements in flight. Ending a mutation's
// transaction is useMutationTransactions' (mutationTransactionHooks.ts).

import type { Plugin } from 'graphql-yoga';
import type { RequestContext, RequestContextOptions } from '../resolvers/apiRuntime.js';
import { transactionModeOption } from './mutationTransactionHooks.js';

/** The request header that asks for `extensions.plan` (INTERFACES.md §4). */
export const EXPLAIN_HEADER = 'x-shardgate-explain';

/** The request header that forces scatter routing; ignored unless the server enables it. */
export const FORCE_SCATTER_HEADER = 'x-shardgate-force-scatter';

/** True when `value` is a header value meaning yes: `true` or `1`, any case, spaces trimmed. */
export function isHeaderTrue(value: string | null): boolean {
  if (value === null) return false;
  const v = value.trim().toLowerCase();
  return v === 'true' || v === '1';
}

/** The runtime options one request asks for through its headers. */
export function requestOptions(request: Request, allowForceScatter: boolean): RequestContextOptions {
  return {
    explain: isHeaderTrue(request.headers.get(EXPLAIN_HEADER)),
    forceScatter: allowForceScatter && isHeaderTrue(request.headers.get(FORCE_SCATTER_HEADER)),
    signal: request.signal,
    ...transactionModeOption(request),
  };
}

/** Options of {@link useRequestContext}. */
export interface RequestContextPluginOptions {
  /** Creates the per-request context (the runtime's createRequestContext). */
  readonly create: (options: RequestContextOptions) => RequestContext;
  /** Adds the request context to the GraphQL context, in the shape src/schema's resolvers read. */
  readonly attach: (requestContext: RequestContext) => Record<string, unknown>;
  /** Whether `X-Shardgate-Force-Scatter` is honoured (tests and diagnostics only); default false. */
  readonly allowForceScatter?: boolean;
}

/** The plugin, plus a way for other plugins to find a request's context. */
export interface RequestContextPlugin extends Plugin {
  /** The RequestContext created for `request`, if its GraphQL context was built. */
  forRequest(request: Request): RequestContext | undefined;
}

/**
 * Creates a RequestContext while Yoga builds each request's GraphQL context. Contract: exactly
 * one per request that reaches execution (none for parse or validation failures); never shared.
 */
export function useRequestContext(options: RequestContextPluginOptions): RequestContextPlugin {
  const byRequest = new WeakMap<Request, RequestContext>();
  const allowForceScatter = options.allowForceScatter ?? false;
  return {
    forRequest: (request) => byRequest.get(request),
    onContextBuilding({ context, extendContext }) {
      const request = (context as { request?: Request }).request;
      if (request === undefined) return;
      const requestContext = options.create(requestOptions(request, allowForceScatter));
      byRequest.set(request, requestContext);
      extendContext(options.attach(requestContext));
    },
  };
}
