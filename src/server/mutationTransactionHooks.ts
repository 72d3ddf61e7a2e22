// Ends a mutation request's transaction once its operation has run (GraphQL runs mutation root
// fields one after another, so all of them have): commit when the result has no errors, roll
// back otherwise (also when execution throws), and make the response say what happened. The
// transaction itself is the runtime's (src/resolvers/requestTransaction.ts);
// useMutationTransactions installs these hooks (composeYoga places it after useJit).

import { GraphQLError, getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, isPromise, type Plugin } from 'graphql-yoga';
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

/** An envelop execute function (what onExecute's setExecuteFn takes). */
type ExecuteFn = (args: ExecutionArgs) => unknown;

/**
 * `execute` with the request's transaction rolled back when it throws or rejects (the error is
 * then rethrown, as a rejection, once the rollback is done): onExecuteDone runs only after a
 * result, so without this a thrown execution would leave the transaction open, its
 * connections reserved and its row locks held.
 */
export function rollingBackOnThrow(execute: ExecuteFn, requestContext: RequestContext): ExecuteFn {
  const rollBack = async (error: unknown): Promise<never> => {
    await requestContext.endTransaction?.(false);
    throw error;
  };
  return (args) => {
    let result: unknown;
    try {
      result = execute(args);
    } catch (error) {
      return rollBack(error);
    }
    return isPromise(result) ? result.then(undefined, rollBack) : result;
  };
}

/**
 * The plugin that ends the transaction of each mutation request (useRequestContext's context,
 * found by `forRequest`): {@link mutationTransactionHooks} after the result, and
 * {@link rollingBackOnThrow} around the execute function. Contract: it must come after every
 * plugin that replaces the execute function (useJit), so that it wraps the one that runs.
 */
export function useMutationTransactions(forRequest: (request: Request) => RequestContext | undefined): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      const requestContext = request === undefined ? undefined : forRequest(request);
      const hooks = mutationTransactionHooks(requestContext, args);
      if (hooks === undefined || requestContext === undefined) return undefined;
      setExecuteFn(rollingBackOnThrow(executeFn as ExecuteFn, requestContext) as typeof executeFn);
      return hooks;
    },
  };
}
