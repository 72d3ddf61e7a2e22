// The one mapping from whatever a request produced (ServiceErrors, graphql-js parse and
// validation errors, Yoga's HTTP errors, bugs) to the GraphQLError a client sees: an
// INTERFACES.md code and a stable catalogue id in `extensions`, and nothing internal.
// Owns the code mapping and the masking policy; logging the masked error is the caller's.

import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { ERRORS, type ErrorCode, type ErrorId } from '../errors/catalogue.js';
import { ServiceError } from '../errors/serviceError.js';
import { assertNever } from '../util/invariant.js';

/** The error codes clients see in `extensions.code` (INTERFACES.md §5). */
export type PublicErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'RESOURCE_EXHAUSTED' | 'DEADLINE_EXCEEDED' | 'UNAVAILABLE' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR';

const PUBLIC_CODES: ReadonlySet<string> = new Set<PublicErrorCode>(['BAD_USER_INPUT', 'NOT_FOUND', 'RESOURCE_EXHAUSTED', 'DEADLINE_EXCEEDED', 'UNAVAILABLE', 'FORBIDDEN', 'INTERNAL_SERVER_ERROR']);

/**
 * The public code of a catalogue code. Decisions (documented in src/server/README.md):
 * UNIMPLEMENTED is BAD_USER_INPUT (the query shape must change), FAILED_PRECONDITION is
 * FORBIDDEN (refused in the current configuration or state; the same request will not succeed).
 */
export function publicCode(code: ErrorCode): PublicErrorCode {
  switch (code) {
    case 'INVALID_ARGUMENT':
    case 'UNIMPLEMENTED':
      return 'BAD_USER_INPUT';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'RESOURCE_EXHAUSTED':
      return 'RESOURCE_EXHAUSTED';
    case 'DEADLINE_EXCEEDED':
      return 'DEADLINE_EXCEEDED';
    case 'UNAVAILABLE':
      return 'UNAVAILABLE';
    case 'FAILED_PRECONDITION':
      return 'FORBIDDEN';
    case 'INTERNAL':
      return 'INTERNAL_SERVER_ERROR';
    default:
      return assertNever(code, 'error code');
  }
}

/**
 * Ids whose message carries text from the MySQL driver or server (which may quote SQL, data or
 * addresses): clients get the catalogue summary and the shards instead, the log the full text.
 */
const DRIVER_TEXT_IDS: ReadonlySet<string> = new Set<ErrorId>(['SG604', 'SG605', 'SG606', 'SG607', 'SG608', 'SG609']);

/** What {@link toClientError} made of an error. */
export interface ClientError {
  /** The error to put in the response. */
  readonly error: GraphQLError;
  /** Set when details were withheld: the id under which the full error must be logged. */
  readonly incident?: string;
}

/** The first ServiceError in `error`'s originalError/cause chain, if any. */
function findServiceError(error: unknown): ServiceError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof ServiceError) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}

function shardsOf(error: ServiceError): string[] {
  const { shards, shard } = error.details;
  if (Array.isArray(shards) && shards.every((s) => typeof s === 'string')) return shards as string[];
  return typeof shard === 'string' ? [shard] : [];
}

/** Whether the client may read the ServiceError's own message (see DRIVER_TEXT_IDS). */
function messageIsPublic(error: ServiceError): boolean {
  if (error.code === 'INTERNAL' || DRIVER_TEXT_IDS.has(error.id)) return false;
  const perShard = error.details.shardErrors;
  if (!Array.isArray(perShard)) return true;
  return perShard.every((e: { id?: unknown; code?: unknown }) => e.code !== 'INTERNAL' && !DRIVER_TEXT_IDS.has(String(e.id)));
}

/**
 * The extensions of an error, `{}` when it has none: graphql-jit's errors (useJit.ts) are
 * GraphQLErrors without `extensions` unless their original error had some.
 */
function extensionsOf(error: GraphQLError): Readonly<Record<string, unknown>> {
  return (error.extensions as GraphQLError['extensions'] | undefined) ?? {};
}

/** Position fields of `source` and its `extensions.http` (Yoga's status hints), kept on the client error. */
function carried(source: GraphQLError | undefined): { options: GraphQLErrorOptions; http: unknown } {
  if (source === undefined) return { options: {}, http: undefined };
  return {
    options: { nodes: source.nodes, source: source.source, positions: source.positions, path: source.path },
    http: extensionsOf(source).http,
  };
}

function build(source: GraphQLError | undefined, message: string, extensions: Record<string, unknown>): GraphQLError {
  const { options, http } = carried(source);
  const error = new GraphQLError(message, { ...options, extensions: http === undefined ? extensions : { ...extensions, http } });
  // graphql-jit's errors carry `locations` only (no source, positions or nodes): keep them.
  if (error.locations === undefined && source?.locations !== undefined && source.locations.length > 0) {
    (error as { locations?: GraphQLError['locations'] }).locations = source.locations;
  }
  return error;
}

/**
 * What a refused or partly committed mutation adds to a public error: the MySQL error number
 * (`errno`, src/resolvers/mutationError.ts) and the shards whose writes committed (`committed`,
 * a failed multi-shard commit).
 */
function mutationFacts(error: ServiceError): Record<string, unknown> {
  const { errno, committed } = error.details;
  return { ...(typeof errno === 'number' ? { errno } : {}), ...(Array.isArray(committed) ? { committed } : {}) };
}

function fromServiceError(error: ServiceError, source: GraphQLError | undefined, newIncident: () => string): ClientError {
  const code = publicCode(error.code);
  const shards = shardsOf(error);
  const base = { code, id: error.id, ...(shards.length === 0 ? {} : { shards }) };
  if (messageIsPublic(error)) return { error: build(source, error.message, { ...base, ...mutationFacts(error) }) };
  const incident = newIncident();
  const where = shards.length === 0 ? '' : ` on ${shards.join(', ')}`;
  return { error: build(source, `${ERRORS[error.id].summary}${where} (incident ${incident})`, { ...base, incident }), incident };
}

function internal(source: GraphQLError | undefined, newIncident: () => string): ClientError {
  const incident = newIncident();
  return { error: build(source, `internal server error (incident ${incident})`, { code: 'INTERNAL_SERVER_ERROR', id: 'SG1108', incident }), incident };
}

/**
 * The first GraphQLError in the chain that carries a client code itself (src/schema's scalars
 * throw BAD_USER_INPUT errors without a catalogue id); internal codes do not count.
 */
function findCodedGraphQLError(error: GraphQLError): (GraphQLError & { extensions: { code: PublicErrorCode } }) | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof GraphQLError; depth++) {
    const code = extensionsOf(current).code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') return current as GraphQLError & { extensions: { code: PublicErrorCode } };
    current = current.originalError;
  }
  return undefined;
}

/**
 * Marks a validation error as one (Yoga's `GRAPHQL_VALIDATION_FAILED`, so that
 * {@link toClientError} gives SG1101): graphql-js copies the extensions of a scalar's own error
 * (src/schema's scalars say BAD_USER_INPUT) onto the validation error, which would hide that it
 * came from validation. Errors of shardgate's own rules (a ServiceError inside) stay as they are.
 */
export function markValidationError(error: Error): Error {
  if (!(error instanceof GraphQLError) || error.originalError instanceof ServiceError) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...extensionsOf(error), code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}

/** Catalogue id for graphql-js and Yoga errors that carry Yoga's own `extensions.code`. */
const YOGA_CODES: Readonly<Record<string, ErrorId>> = {
  GRAPHQL_PARSE_FAILED: 'SG1100',
  GRAPHQL_VALIDATION_FAILED: 'SG1101',
  BAD_REQUEST: 'SG1107',
};

/** True when `error` is already a client error: a public code, a catalogue id, no original error. */
function isClientError(error: GraphQLError): boolean {
  const { code, id } = extensionsOf(error);
  return error.originalError == null && typeof code === 'string' && PUBLIC_CODES.has(code) && typeof id === 'string' && Object.hasOwn(ERRORS, id);
}

/**
 * Turns one error of a response into what the client sees. Contract, in order:
 * - an error already in client form is returned as it is (idempotent);
 * - a ServiceError anywhere in the originalError chain gives its public code, its id, `shards`
 *   when it names shards, `errno`/`committed` of a refused or partly committed mutation, and
 *   its message; internal errors and driver/server text (SG604–SG609,
 *   also inside an engine aggregate) get the catalogue summary and an incident id instead;
 * - graphql-js parse and validation errors are SG1100 and SG1101, Yoga's HTTP request errors
 *   SG1107 (their message, never their original error), an execution error without a field
 *   path whose original error, if any, is a GraphQLError (bad variables, unknown operation
 *   name) SG1106: all BAD_USER_INPUT with graphql-js's message;
 * - a field error caused by a GraphQLError that carries a client code (a scalar's
 *   BAD_USER_INPUT) keeps that code and message, with id SG1111;
 * - anything else is INTERNAL_SERVER_ERROR SG1108 with an incident id and no detail.
 * Locations, path and Yoga's `extensions.http` status are kept.
 */
export function toClientError(error: unknown, newIncident: () => string): ClientError {
  const source = error instanceof GraphQLError ? error : undefined;
  if (source !== undefined && isClientError(source)) return { error: source };
  const service = findServiceError(error);
  if (service !== undefined) return fromServiceError(service, source, newIncident);
  if (source === undefined) return internal(undefined, newIncident);
  const yogaCode = extensionsOf(source).code;
  const known = typeof yogaCode === 'string' ? YOGA_CODES[yogaCode] : undefined;
  if (known !== undefined) return { error: build(source, source.message, { code: 'BAD_USER_INPUT', id: known }) };
  if (source.path === undefined && (source.originalError == null || source.originalError instanceof GraphQLError)) return { error: build(source, source.message, { code: 'BAD_USER_INPUT', id: 'SG1106' }) };
  const coded = findCodedGraphQLError(source);
  if (coded !== undefined) return { error: build(source, coded.message, { code: extensionsOf(coded).code, id: 'SG1111' }) };
  return internal(source, newIncident);
}

/**
 * Wraps a ServiceError as a GraphQLError (at `options`' nodes or source positions), for
 * validation rules and the parser: {@link toClientError} later finds it as the original error.
 */
export function serviceGraphQLError(error: ServiceError, options: Omit<GraphQLErrorOptions, 'originalError'> = {}): GraphQLError {
  return new GraphQLError(error.message, { ...options, originalError: error });
}
