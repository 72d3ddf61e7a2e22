// finishTransaction and mutationTransactionHooks with fake request contexts: a mutation's result
// is kept when its transaction committed, nulled when it rolled back, and gets the commit's error
// (as a client error naming the committed shards) when the commit failed; queries and contexts
// without a transaction are left alone; the header becomes the transactionMode option; an
// execution that throws (synchronously or by rejecting) rolls the transaction back first.

import { GraphQLError, parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import type { RequestContext } from '../../resolvers/apiRuntime.js';
import type { TransactionEnd } from '../../resolvers/requestTransaction.js';
import { finishTransaction, mutationTransactionHooks, rollingBackOnThrow, transactionModeOption, useMutationTransactions } from '../mutationTransactionHooks.js';
import { toClientError } from '../toClientError.js';

function context(end: TransactionEnd, calls: boolean[] = []): RequestContext {
  return {
    options: {},
    plan: () => [],
    statementsPerShard: () => ({}),
    endTransaction: async (commit) => {
      calls.push(commit);
      return end;
    },
  };
}

const committed: TransactionEnd = { errors: [], discardData: false, committed: ['customer/-80'] };
const rolledBack: TransactionEnd = { errors: [], discardData: true, committed: [] };

describe('finishTransaction', () => {
  it('commits a result without errors and leaves it as it is', async () => {
    const calls: boolean[] = [];
    expect(await finishTransaction(context(committed, calls), { data: { insert_x: { affected_rows: 1 } } })).toBeUndefined();
    expect(calls).toEqual([true]);
  });

  it('rolls back a result with errors and nulls its data (the writes it shows did not happen)', async () => {
    const calls: boolean[] = [];
    const error = new GraphQLError('duplicate');
    const result = await finishTransaction(context(rolledBack, calls), { data: { a: { affected_rows: 1 }, b: null }, errors: [error] });
    expect(calls).toEqual([false]);
    expect(result).toEqual({ data: null, errors: [error] });
  });

  it('adds a failed commit\'s error after the fields\' own, which clients see with the committed shards', async () => {
    const failure = new ServiceError('SG711', "the mutation's commit failed on customer/80-: committed (their writes stay): customer/-80; rolled back: none", {
      details: { committed: ['customer/-80'], failed: 'customer/80-', rolledBack: [], shards: ['customer/-80', 'customer/80-'] },
    });
    const result = (await finishTransaction(context({ errors: [failure], discardData: true, committed: ['customer/-80'] }), { data: { a: null } })) as ExecutionResult;
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    const client = toClientError(result.errors![0], () => 'incident').error;
    expect(client.message).toBe(failure.message);
    expect(client.extensions).toEqual({ code: 'UNAVAILABLE', id: 'SG711', shards: ['customer/-80', 'customer/80-'], committed: ['customer/-80'] });
  });

  it('does nothing for a context without transactions', async () => {
    expect(await finishTransaction({ options: {}, plan: () => [], statementsPerShard: () => ({}) }, { data: {} })).toBeUndefined();
  });
});

describe('mutationTransactionHooks', () => {
  const args = (source: string, operationName?: string) => ({ document: parse(source), operationName }) as unknown as ExecutionArgs;

  it('hooks mutation operations only', async () => {
    expect(mutationTransactionHooks(context(committed), args('{ a }'))).toBeUndefined();
    expect(mutationTransactionHooks(context(committed), args('query Q { a } mutation M { b }', 'Q'))).toBeUndefined();
    expect(mutationTransactionHooks(undefined, args('mutation { b }'))).toBeUndefined();
    const calls: boolean[] = [];
    const hooks = mutationTransactionHooks(context(rolledBack, calls), args('query Q { a } mutation M { b }', 'M'));
    let set: unknown;
    await hooks!.onExecuteDone!({ args: args('mutation M { b }'), result: { data: { b: 1 }, errors: [new GraphQLError('x')] }, setResult: (r: unknown) => (set = r) } as never);
    expect(calls).toEqual([false]);
    expect(set).toMatchObject({ data: null });
  });

  it('reads X-Shardgate-Transaction into the transactionMode option as given', () => {
    expect(transactionModeOption(new Request('http://x/graphql', { headers: { 'X-Shardgate-Transaction': 'Multi' } }))).toEqual({ transactionMode: 'Multi' });
    expect(transactionModeOption(new Request('http://x/graphql'))).toEqual({});
  });
});

describe('rollingBackOnThrow and useMutationTransactions', () => {
  const mutation = { document: parse('mutation { b }') } as unknown as ExecutionArgs;

  it('passes a result through without ending the transaction', async () => {
    const calls: boolean[] = [];
    expect(rollingBackOnThrow(() => ({ data: { b: 1 } }), context(rolledBack, calls))(mutation)).toEqual({ data: { b: 1 } });
    expect(await rollingBackOnThrow(async () => ({ data: { b: 2 } }), context(rolledBack, calls))(mutation)).toEqual({ data: { b: 2 } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['throws', (error: Error) => () => {
      throw error;
    }],
    ['rejects', (error: Error) => () => Promise.reject(error)],
  ])('an execute function that %s rolls back, then rejects with its error', async (_how, failing) => {
    const calls: boolean[] = [];
    const error = new TypeError('executor bug');
    let settledCalls: boolean[] | undefined;
    const run = rollingBackOnThrow(failing(error), context(rolledBack, calls))(mutation) as Promise<unknown>;
    await expect(run.catch((e: unknown) => {
      settledCalls = [...calls];
      throw e;
    })).rejects.toBe(error);
    expect(settledCalls).toEqual([false]);
  });

  it('wraps the execute function in place for mutations only, and returns the result hooks', () => {
    const request = new Request('http://x/graphql');
    const rc = context(rolledBack);
    const plugin = useMutationTransactions((r) => (r === request ? rc : undefined));
    const payload = (source: string) => {
      const seen: { fn?: unknown } = {};
      const original = () => ({ data: {} });
      const hooks = plugin.onExecute!({ args: { document: parse(source), contextValue: { request } }, executeFn: original, setExecuteFn: (fn: unknown) => (seen.fn = fn) } as never);
      return { hooks, replaced: seen.fn !== undefined && seen.fn !== original };
    };
    expect(payload('{ a }')).toEqual({ hooks: undefined, replaced: false });
    const wrapped = payload('mutation { b }');
    expect(wrapped.replaced).toBe(true);
    expect(wrapped.hooks).toHaveProperty('onExecuteDone');
  });
});
