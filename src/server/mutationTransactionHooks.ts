// Ends a mutation request's transaction once its operation has run (GraphQL runs mutation root
// fields one after another, so all of them have): commit when the result has no errors, roll
// back otherwise, and make the response say what happened. The transaction itself is the
// runtime's (src/resolvers/requestTransaction.ts); useRequestContext installs these hooks.

import { GraphQLError, getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { RequestContext } from '../resolvers/apiRuntime.js';

/** What an envelop onExecute hook may return (its onExecuteDone). */
type ExecuteHooks = Exclude<Awaited<ReturnType<NonNullable<Plugin['onExecute']>>>, void>;

/** The request header that chooses the transaction mode of a mutation request: `single` or `multi`. */
export const TRANSACTION_HEADER = 'x-shardgate-transaction';

/** The request's `transactionMode` option from {@link TRANSACTION_HEADER}, `{}` without the header. */
export function transactionModeOption(request: Request): { transactionMode?: string } {
  const value = request.headers.get(TRANSACTION_HEADER);
  return value === null ? {} : { transactionMode: value };
}

/**
 * The result a client gets after the transaction ended: unchanged when it committed; when it
 * was rolled back or its commit failed, `data: null` (what the fields returned did not
 * happen) and, after the fields' own errors, the commit's error (which names the shards that
 * committed).
 */
export async function finishTransaction(requestContext: RequestContext, result: ExecutionResult): Promise<ExecutionResult | undefined> {
  if (requestContext.endTransaction === undefined) return undefined;
  const end = await requestContext.endTransaction(result.errors === undefined || result.errors.length === 0);
  if (!end.discardData && end.errors.length === 0) return undefined;
  const errors = [...(result.errors ?? []), ...end.errors.map((error) => new GraphQLError(error.message, { originalError: error }))];
  return { ...result, data: null, errors };
}

/**
 * The execute hooks of a request: for a mutation operation an `onExecuteDone` that runs
 * {@link finishTransaction} and puts its result in place; nothing for queries or without a
 * request context (a streamed result, which mutations never give, only rolls back).
 */
export function mutationTransactionHooks(requestContext: RequestContext | undefined, args: ExecutionArgs): ExecuteHooks | undefined {
  if (requestContext?.endTransaction === undefined) return undefined;
  if (getOperationAST(args.document, args.operationName ?? undefined)?.operation !== 'mutation') return undefined;
  return {
    async onExecuteDone({ result, setResult }) {
      if (isAsyncIterable(result)) {
        await requestContext.endTransaction?.(false);
        return;
      }
      const finished = await finishTransaction(requestContext, result);
      if (finished !== undefined) setResult(finished);
    },
  };
}
