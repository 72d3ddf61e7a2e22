// Where the per-request RequestContext lives in the GraphQL context value: the server puts it
// there with requestContextValue, the generated resolvers read it with requestContextOf. The one
// agreement between src/server and src/schema about the context's shape.

import type { RequestContext } from '../resolvers/apiRuntime.js';
import { invariant } from '../util/invariant.js';

/** The GraphQL context key of the RequestContext. */
export const REQUEST_CONTEXT_KEY = 'shardgateRequestContext';

/**
 * The fields to merge into a request's GraphQL context so that the generated resolvers find
 * `requestContext`: `{ shardgateRequestContext: requestContext }`.
 */
export function requestContextValue(requestContext: RequestContext): Record<string, unknown> {
  return { [REQUEST_CONTEXT_KEY]: requestContext };
}

/**
 * Returns the RequestContext of a GraphQL context value. A context without one is a wiring bug
 * (the server builds every context with requestContextValue) and fails an invariant.
 */
export function requestContextOf(context: unknown): RequestContext {
  const value = typeof context === 'object' && context !== null ? (context as Record<string, unknown>)[REQUEST_CONTEXT_KEY] : undefined;
  invariant(
    typeof value === 'object' && value !== null && typeof (value as Partial<RequestContext>).plan === 'function',
    `the GraphQL context has no ${REQUEST_CONTEXT_KEY} (build it with requestContextValue)`,
  );
  return value as RequestContext;
}
