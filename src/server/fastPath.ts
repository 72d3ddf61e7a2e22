// The fast path: a plain JSON POST to /graphql (Content-Length, a JSON Accept, no Origin) is
// served on node:http, its operation run through Yoga's envelop pipeline (getEnveloped, Yoga's
// processRequest steps) and the Yoga-level steps of shardgate's plugins called as functions.
// Owns reading, checking and answering those requests; skips Yoga's whatwg Request/Response
// layer. Every other request, and a body Yoga would refuse, is Yoga's (fastPath.test.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, getOperationAST, type ExecutionResult } from 'graphql';
import { createGraphQLError, isAsyncIterable, processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import { invariant } from '../util/invariant.js';
import { createAdmission, type Admission } from './admission.js';
import { MAX_VARIABLES_DEPTH, variablesDepthExceeds } from './operationLimits.js';
import { describeThrown, newIncidentId, type ServerLog } from './serverLog.js';
import { toClientError } from './toClientError.js';

/** The Yoga app and the Yoga-level steps of shardgate's plugins, in the order Yoga runs them. */
export interface FastPathParts {
  readonly yoga: YogaServerInstance<Record<string, never>, Record<string, unknown>>;
  /** The GraphQL endpoint (`/graphql`). */
  readonly endpoint: string;
  /** Largest body taken (useBodyLimit's limit); a larger one goes to Yoga, which refuses it. */
  readonly maxBodyBytes: number;
  /** useMetrics' measurement (Yoga's onRequest and onResultProcess). */
  readonly measure: { start(request: object): void; finish(request: object, result: unknown): void };
  /** useExplain: adds extensions.plan (Yoga's onExecutionResult). */
  readonly withPlan: (request: Request, result: ExecutionResult) => ExecutionResult;
  /** useErrorMasking: client errors (Yoga's onResultProcess). */
  readonly mask: (result: ExecutionResult) => ExecutionResult;
  /** Where an unexpected failure of the fast path itself is logged (with its incident id). */
  readonly log: ServerLog;
  /** How many operations run at once (admission.ts); the default admits every request at once. */
  readonly admission?: Admission;
}

/** Accept headers the fast path answers, with the media type Yoga picks for each (measured against Yoga 5). */
const ACCEPTED: ReadonlyMap<string | undefined, string> = new Map([
  [undefined, 'application/json'],
  ['*/*', 'application/json'],
  ['application/json', 'application/json'],
  ['application/json; charset=utf-8', 'application/json'],
  ['application/json, application/graphql-response+json', 'application/json'],
  ['application/graphql-response+json', 'application/graphql-response+json'],
  ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
  ['application/graphql-response+json; charset=utf-8, application/json; charset=utf-8', 'application/graphql-response+json'],
  ['application/graphql-response+json;charset=utf-8, application/json;charset=utf-8', 'application/graphql-response+json'],
]);

const JSON_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

const CONTENT_LENGTH = /^\d+$/;

/** The request parameters the fast path runs: exactly what Yoga accepts from a JSON body, nothing unusual. */
interface Params {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
  readonly extensions?: Record<string, unknown> | null;
}

const PARAM_KEYS: ReadonlySet<string> = new Set(['query', 'variables', 'operationName', 'extensions']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed body as Params, or undefined when Yoga should judge it (it then answers with its own error). */
function paramsOf(body: unknown): Params | undefined {
  if (!isPlainObject(body)) return undefined;
  for (const key in body) if (!PARAM_KEYS.has(key)) return undefined;
  const { query, variables, operationName, extensions } = body;
  if (typeof query !== 'string' || query === '') return undefined;
  if (variables != null && !isPlainObject(variables)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (extensions != null && !isPlainObject(extensions)) return undefined;
  if (variables != null && variablesDepthExceeds(variables, MAX_VARIABLES_DEPTH)) return undefined;
  return body as unknown as Params;
}

/** The media type Yoga would answer `req` with, or undefined when the fast path must not take it. */
function acceptedMediaType(req: IncomingMessage, endpoint: string, maxBodyBytes: number): string | undefined {
  if (req.method !== 'POST' || req.url !== endpoint) return undefined;
  const { headers } = req;
  if (headers.origin !== undefined || headers['transfer-encoding'] !== undefined) return undefined;
  const contentType = headers['content-type'];
  if (contentType === undefined || !JSON_CONTENT_TYPES.has(contentType)) return undefined;
  const length = headers['content-length'];
  if (length === undefined || !CONTENT_LENGTH.test(length) || Number(length) > maxBodyBytes) return undefined;
  return ACCEPTED.get(headers.accept);
}

/** The Request-like object the GraphQL context carries (the plugins read its headers and signal). */
class NodeRequest {
  readonly method = 'POST';
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly signal: AbortSignal;

  constructor(req: IncomingMessage, url: string, signal: AbortSignal) {
    this.url = url;
    this.signal = signal;
    const raw = req.headers;
    this.headers = {
      get(name) {
        const value = raw[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }
}

/**
 * The errors of a response whose context building or execution threw, as Yoga makes them with
 * its own masking off. Mirrors graphql-yoga 5 src/error.ts handleError (maskedErrors null): an
 * aggregate gives each of its errors, an abort none, an Error its message.
 */
function thrownErrors(error: unknown): GraphQLError[] {
  if (typeof error === 'object' && error !== null && 'errors' in error && Array.isArray(error.errors)) return error.errors.flatMap(thrownErrors);
  if (typeof error === 'object' && error?.constructor?.name === 'DOMException' && ((error as DOMException).name === 'AbortError' || (error as DOMException).name === 'TimeoutError')) return [];
  if (error instanceof GraphQLError) return [error];
  if (error instanceof Error) return [createGraphQLError(error.message, { originalError: error })];
  return [createGraphQLError(String(error), { extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true } })];
}

/** Writes a whatwg Response (Yoga's answer) to the node response. */
async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** The envelop functions of one request (Yoga's getEnveloped). */
type Enveloped = ReturnType<FastPathParts['yoga']['getEnveloped']>;

/**
 * Runs one operation as Yoga does: parse, validate (errors answered as they are), build the
 * context, execute (subscribe for a subscription); a throw anywhere becomes the response's
 * errors. Mirrors graphql-yoga 5 src/process-request.ts processRequest and the catch of
 * src/server.ts handleParams.
 */
async function processParams(enveloped: Enveloped, params: Params): Promise<ExecutionResult | AsyncIterable<ExecutionResult>> {
  try {
    const document = enveloped.parse(params.query);
    const errors = enveloped.validate(enveloped.schema, document);
    if (errors.length > 0) return { errors };
    const contextValue = await enveloped.contextFactory();
    const args = { schema: enveloped.schema, document, contextValue, variableValues: params.variables, operationName: params.operationName };
    const operation = getOperationAST(document, params.operationName);
    return (await (operation?.operation === 'subscription' ? enveloped.subscribe(args) : enveloped.execute(args))) as ExecutionResult | AsyncIterable<ExecutionResult>;
  } catch (error) {
    return { errors: thrownErrors(error) };
  }
}

/** The node:http handler, with how many requests each path served. */
export interface FastPathHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests answered by the fast path, and by Yoga (not taken, or handed over after reading the body). */
  readonly counts: { readonly fast: number; readonly yoga: number };
}

/**
 * Creates the node:http handler: the fast path for the requests it takes, Yoga for the rest.
 * Contract: a response is what Yoga would send (status, headers, body; fastPath.test.ts runs
 * both), /metrics counts it as Yoga would; the client's disconnect aborts the request's signal,
 * as in Yoga; Yoga serves every request the fast path does not take in full. A plugin's envelop
 * hooks (onParse, onValidate, onContextBuilding, onExecute) run here as in Yoga; a Yoga-level
 * hook (onRequest, onParams, onExecutionResult, onResultProcess, onResponse) does not, so a
 * plugin that adds one must give the fast path its step in FastPathParts.
 */
export function createFastPath(parts: FastPathParts): FastPathHandler {
  const { yoga, endpoint, maxBodyBytes, measure, withPlan, mask, log } = parts;
  const admission = parts.admission ?? createAdmission(Infinity, 0);
  const origin = 'http://localhost';
  const counts = { fast: 0, yoga: 0 };

  /** Yoga answers the request, whose body was read already. */
  const toYoga = (req: IncomingMessage, res: ServerResponse, body: Buffer, signal: AbortSignal): Promise<void> => {
    counts.yoga++;
    const headers: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const init: RequestInit = { method: req.method ?? 'POST', headers, body: body as unknown as BodyInit, signal };
    return Promise.resolve(yoga.fetch(`${origin}${req.url ?? '/'}`, init)).then((response) => writeResponse(response, res));
  };

  const run = async (req: IncomingMessage, res: ServerResponse, body: Buffer, mediaType: string, controller: AbortController): Promise<void> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return toYoga(req, res, body, controller.signal);
    }
    const params = paramsOf(parsed);
    if (params === undefined) return toYoga(req, res, body, controller.signal);
    const request = new NodeRequest(req, `${origin}${endpoint}`, controller.signal) as unknown as Request;
    measure.start(request);
    const executed = await processParams(yoga.getEnveloped({ request, params } as never), params);
    invariant(!isAsyncIterable(executed), 'shardgate serves no subscriptions: its schema has no Subscription type');
    const result = mask(withPlan(request, executed));
    measure.finish(request, result);
    counts.fast++;
    if ((result.errors === undefined || result.errors.length === 0) && result.extensions?.http === undefined) {
      // Encoded once: its length and the bytes written (byteLength and end(text) would encode twice).
      const bytes = Buffer.from(JSON.stringify(result), 'utf8');
      res.writeHead(200, { 'content-type': `${mediaType}; charset=utf-8`, 'content-length': bytes.length }).end(bytes);
      return undefined;
    }
    return writeResponse(processRegularResult(result, yoga.fetchAPI, mediaType), res);
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const mediaType = acceptedMediaType(req, endpoint, maxBodyBytes);
    if (mediaType === undefined) {
      counts.yoga++;
      void yoga(req, res);
      return;
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      // A client that left while its operation waited for admission gets nothing run.
      admission.run(() => run(req, res, body, mediaType, controller), () => controller.signal.aborted).catch((error: unknown) => {
        // A bug (GraphQL errors are in the result, not thrown): masked with an incident id, logged.
        const client = toClientError(error, newIncidentId);
        log.error(`incident ${client.incident ?? '?'}: ${describeThrown(error)}`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const text = JSON.stringify({ errors: [client.error] });
        res.writeHead(500, { 'content-type': `${mediaType}; charset=utf-8`, 'content-length': Buffer.byteLength(text) }).end(text);
      });
    });
  };
  return Object.assign(handler, { counts });
}
