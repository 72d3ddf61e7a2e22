// Runs a GraphQL operation on a started server's API in-process, with request options the HTTP
// layer does not expose (batching off, forced scatter), and returns the data, the errors, the
// explain entries and the statements per shard the request ran. For e2e tests that compare
// modes; the HTTP path is covered by postGraphQL.

import { execute, parse, type GraphQLFormattedError } from 'graphql';
import type { ExplainEntry, RequestContextOptions } from '../../src/resolvers/apiRuntime.js';
import type { ShardgateServer } from '../../src/server/createServer.js';

/** What one in-process execution produced. */
export interface DirectResult {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly GraphQLFormattedError[] | undefined;
  /** Explain entries, in the order the routes started. */
  readonly plan: readonly ExplainEntry[];
  /** Statements run per `keyspace/shard`, keys sorted. */
  readonly statements: Readonly<Record<string, number>>;
}

/**
 * Executes `query` against `server`'s schema with a fresh RequestContext of `options` (explain
 * always on). Throws when the server has not started.
 */
export async function executeDirect(server: ShardgateServer, query: string, options: RequestContextOptions = {}, variables?: Record<string, unknown>): Promise<DirectResult> {
  const api = server.api;
  if (api === undefined) throw new Error('executeDirect: the server has not started');
  const context = api.runtime.createRequestContext({ ...options, explain: true });
  const result = await execute({ schema: api.schema, document: parse(query), contextValue: api.contextValue(context), ...(variables === undefined ? {} : { variableValues: variables }) });
  return {
    data: result.data as Record<string, unknown> | null | undefined,
    errors: result.errors?.map((e) => e.toJSON()),
    plan: context.plan(),
    statements: context.statementsPerShard(),
  };
}
