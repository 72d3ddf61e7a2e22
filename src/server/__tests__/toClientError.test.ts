// toClientError: every kind of error a response can hold becomes an INTERFACES.md code plus a
// catalogue id, with internal details withheld behind an incident id.
import { GraphQLError, Source } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import { InvariantError } from '../../util/invariant.js';
import { publicCode, toClientError } from '../toClientError.js';

const incident = (): string => 'abc123';

function located(message: string, originalError?: Error, extensions?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { source: new Source('{ a }'), positions: [2], path: ['a', 0, 'b'], ...(originalError === undefined ? {} : { originalError }), ...(extensions === undefined ? {} : { extensions }) });
}

function shardFailure(id: 'SG700' | 'SG701', shardId: string, shardMessage: string): ServiceError {
  return new ServiceError(id, `query on customer.customer failed on 2 of 2 shards (customer/-80, customer/80-): ${shardMessage}`, {
    details: { shards: ['customer/-80', 'customer/80-'], shardErrors: [{ shard: 'customer/-80', id: shardId, code: 'X', message: shardMessage }] },
  });
}

describe('publicCode', () => {
  it.each([
    ['INVALID_ARGUMENT', 'BAD_USER_INPUT'],
    ['UNIMPLEMENTED', 'BAD_USER_INPUT'],
    ['NOT_FOUND', 'NOT_FOUND'],
    ['RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED'],
    ['DEADLINE_EXCEEDED', 'DEADLINE_EXCEEDED'],
    ['UNAVAILABLE', 'UNAVAILABLE'],
    ['FAILED_PRECONDITION', 'FORBIDDEN'],
    ['INTERNAL', 'INTERNAL_SERVER_ERROR'],
  ] as const)('%s → %s', (code, expected) => {
    expect(publicCode(code)).toBe(expected);
  });
});

describe('toClientError', () => {
  it.each([
    ['a ServiceError thrown by a resolver', located('x', new ServiceError('SG1004', 'limit 20000 is above limits.maxRows (10000)')), { message: 'limit 20000 is above limits.maxRows (10000)', extensions: { code: 'RESOURCE_EXHAUSTED', id: 'SG1004' } }],
    ['a bare ServiceError', new ServiceError('SG1003', 'the cursor is not valid'), { message: 'the cursor is not valid', extensions: { code: 'BAD_USER_INPUT', id: 'SG1003' } }],
    ['FAILED_PRECONDITION', new ServiceError('SG1105', 'introspection is off'), { message: 'introspection is off', extensions: { code: 'FORBIDDEN', id: 'SG1105' } }],
    ['UNIMPLEMENTED', new ServiceError('SG501', 'not supported'), { message: 'not supported', extensions: { code: 'BAD_USER_INPUT', id: 'SG501' } }],
    ['a deadline on one shard', shardFailure('SG701', 'SG603', 'the statement exceeded its deadline of 10 ms'), { extensions: { code: 'DEADLINE_EXCEEDED', id: 'SG701', shards: ['customer/-80', 'customer/80-'] } }],
    ['a parse error', new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }), { message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'BAD_USER_INPUT', id: 'SG1100' } }],
    ['a validation error', new GraphQLError('Cannot query field "zz" on type "Query".', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } }), { extensions: { code: 'BAD_USER_INPUT', id: 'SG1101', http: { status: 400 } } }],
    ['a variable error', new GraphQLError('Variable "$x" got invalid value "s"'), { extensions: { code: 'BAD_USER_INPUT', id: 'SG1106' } }],
    ['a variable error with its scalar error inside', new GraphQLError('Variable "$x" got invalid value "s"; Int cannot represent "s"', { originalError: new GraphQLError('Int cannot represent "s"') }), { extensions: { code: 'BAD_USER_INPUT', id: 'SG1106' } }],
    ['a scalar error under a field', located('BigInt cannot represent "1x"', new GraphQLError('BigInt cannot represent "1x"', { extensions: { code: 'BAD_USER_INPUT' } })), { message: 'BigInt cannot represent "1x"', extensions: { code: 'BAD_USER_INPUT', id: 'SG1111' } }],
  ])('maps %s', (_what, error, expected) => {
    const result = toClientError(error, incident);
    expect(result.incident).toBeUndefined();
    expect(result.error.toJSON()).toMatchObject(expected);
    expect(result.error.originalError ?? undefined).toBeUndefined();
  });

  it('keeps the location and path of the error it replaces', () => {
    const result = toClientError(located('x', new ServiceError('SG1001', 'bad where')), incident);
    expect(result.error.toJSON()).toMatchObject({ locations: [{ line: 1, column: 3 }], path: ['a', 0, 'b'] });
  });

  it('turns Yoga HTTP errors into SG1107 without their original error', () => {
    const error = new GraphQLError('POST body sent invalid JSON.', { extensions: { code: 'BAD_REQUEST', originalError: { message: 'Unexpected token' } }, originalError: new SyntaxError('Unexpected token') });
    const result = toClientError(error, incident);
    expect(result.error.toJSON()).toEqual({ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_USER_INPUT', id: 'SG1107' } });
  });

  it.each([
    ['an unexpected Error in a resolver', located('boom', new TypeError('x is undefined'))],
    ['an invariant failure', located('x', new InvariantError('planner produced no route'))],
    ['a non-null violation', located('Cannot return null for non-nullable field Query.b.')],
    ['a thrown string', 'boom'],
    ['an INTERNAL ServiceError', new ServiceError('SG609', 'unexpected failure on customer/-80 (tablet customer/-80/primary): secret detail')],
  ])('masks %s as INTERNAL_SERVER_ERROR with an incident id', (_what, error) => {
    const result = toClientError(error, incident);
    expect(result.incident).toBe('abc123');
    const json = result.error.toJSON();
    expect(json.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', incident: 'abc123' });
    expect(json.message).toMatch(/\(incident abc123\)$/);
    expect(JSON.stringify(json)).not.toMatch(/secret|undefined|planner|boom/);
  });

  it.each([
    ['an unreachable tablet', new ServiceError('SG604', 'cannot connect to customer/-80 (tablet customer/-80/primary): connect ECONNREFUSED 127.0.0.1:1', { details: { shard: 'customer/-80' } }), 'UNAVAILABLE', 'tablet unreachable or connection lost on customer/-80 (incident abc123)'],
    ['MySQL text inside an engine aggregate', shardFailure('SG700', 'SG605', "MySQL error 1064 (42000): near 'SELECT secret'"), 'UNAVAILABLE', 'query failed on one or more shards: tablet unavailable on customer/-80, customer/80- (incident abc123)'],
  ])('withholds driver text for %s', (_what, error, code, message) => {
    const result = toClientError(error, incident);
    expect(result.incident).toBe('abc123');
    expect(result.error.message).toBe(message);
    expect(result.error.extensions).toMatchObject({ code, id: error.id, incident: 'abc123' });
  });

  it('is idempotent on client errors', () => {
    const first = toClientError(new ServiceError('SG1001', 'bad where'), incident).error;
    expect(toClientError(first, incident).error).toBe(first);
  });
});
