// useExplain: a request with `X-Shardgate-Explain: true` gets `extensions.plan`, the list of SQL
// statements it executed, each `{path, keyspace, opcode, shards, sql}` (INTERFACES.md §4).
// Owns only putting the plan into the response; recording it is the runtime's RequestContext
// (created with `explain` by useRequestContext).

import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ExplainEntry, RequestContext } from '../resolvers/apiRuntime.js';
import { EXPLAIN_HEADER, isHeaderTrue } from './useRequestContext.js';

/** Options of {@link useExplain}. */
export interface ExplainPluginOptions {
  /** The request's RequestContext (useRequestContext's forRequest). */
  readonly forRequest: (request: Request) => RequestContext | undefined;
}

/** The plugin, plus its step for the fast path (fastPath.ts), which runs no Yoga hooks. */
export interface ExplainPlugin extends Plugin {
  /** `result` with `extensions.plan` when `request` asks for it; `result` itself otherwise. */
  withPlan(request: Request, result: ExecutionResult): ExecutionResult;
}

/**
 * Adds `extensions.plan` to the result of each request that asks for it. Contract: the plan is
 * present whenever the header asks, also when the request failed (then it lists what ran before
 * the failure, or nothing when it never executed); other extensions are kept; requests without
 * the header are untouched.
 */
export function useExplain(options: ExplainPluginOptions): ExplainPlugin {
  const withPlan = (request: Request, result: ExecutionResult): ExecutionResult => {
    // The request's context read the header already; only a request that never got one reads it again.
    const requestContext = options.forRequest(request);
    if (!(requestContext === undefined ? isHeaderTrue(request.headers.get(EXPLAIN_HEADER)) : requestContext.options.explain === true)) return result;
    const plan: ExplainEntry[] = requestContext?.plan() ?? [];
    return { ...result, extensions: { ...result.extensions, plan } };
  };
  return {
    withPlan,
    onExecutionResult({ request, result, setResult }) {
      if (result === undefined || Symbol.asyncIterator in result) return;
      const next = withPlan(request, result);
      if (next !== result) setResult(next);
    },
  };
}
