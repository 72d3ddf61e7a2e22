// Explains a GraphQL operation without running it (`shardgate explain`): the same parse,
// limits and validation as the server, then execution in the runtime's dry-run mode, which
// plans every field and records `{path, keyspace, opcode, shards, sql}` but sends no SQL.
// Owns nothing the server does not also do; the plan entries are the runtime's.

import { execute, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import type { ExplainEntry } from '../resolvers/apiRuntime.js';
import type { Api } from './createApi.js';
import { limitTokens, noIntrospectionRule, operationLimitsRule } from './operationLimits.js';
import { newIncidentId, silentLog, describeThrown, type ServerLog } from './serverLog.js';
import { markValidationError, toClientError } from './toClientError.js';

/** An operation to explain. */
export interface ExplainRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
}

/** The plan, or the errors (in client form) that stopped the operation from being planned. */
export type ExplainOutcome = { readonly ok: true; readonly plan: ExplainEntry[] } | { readonly ok: false; readonly errors: readonly GraphQLError[] };

/**
 * Plans `request` against `api` without executing SQL. Contract: syntax, limit, validation and
 * variable errors, and errors the runtime raises while planning (bad arguments, rows over
 * limits.maxRows), come back as client errors exactly as the server would send them (internal
 * ones logged to `log` under their incident id); otherwise the plan lists every statement in
 * the order the fields started, lookups before the queries that need them.
 */
export async function explainOperation(api: Api, request: ExplainRequest, log: ServerLog = silentLog): Promise<ExplainOutcome> {
  const fail = (errors: readonly unknown[]): ExplainOutcome => ({
    ok: false,
    errors: errors.map((error) => {
      const client = toClientError(error, newIncidentId);
      if (client.incident !== undefined) log.error(`incident ${client.incident}: ${describeThrown(error)}`);
      return client.error;
    }),
  });
  const { limits, introspection } = api.config;
  let document;
  try {
    document = limitTokens(parse, limits.maxTokens)(request.query);
  } catch (error) {
    return fail([error]);
  }
  const rules = [...specifiedRules, operationLimitsRule(limits.maxDepth, limits.maxAliases), ...(introspection ? [] : [noIntrospectionRule()])];
  const invalid = validate(api.schema, document, rules);
  if (invalid.length > 0) return fail(invalid.map(markValidationError));
  const requestContext = api.runtime.createRequestContext({ dryRun: true, explain: true });
  const result = await execute({
    schema: api.schema,
    document,
    contextValue: api.contextValue(requestContext),
    ...(request.variables === undefined ? {} : { variableValues: request.variables }),
    ...(request.operationName === undefined ? {} : { operationName: request.operationName }),
  });
  if (result.errors !== undefined && result.errors.length > 0) return fail(result.errors);
  return { ok: true, plan: requestContext.plan() };
}
