// The fast path (fastPath.ts) against Yoga alone, over real node:http: the same composed app
// served both ways answers every request of a table with the same status, headers (Date aside)
// and body (incident ids aside), counts the same requests in /metrics, logs the same incidents,
// aborts a request's signal when its client goes away, and the fast path takes exactly the
// plain JSON POSTs (everything else, and a body that is not JSON or has parameters Yoga refuses, is Yoga's).
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import type { RequestContext } from '../../resolvers/apiRuntime.js';
import { BigIntScalar } from '../../schema/bigIntScalar.js';
import { composeApp, type ComposedApp, type ServedApi } from '../composeYoga.js';

/** Called by the `slow` resolver when it starts and when its request's signal aborts (the abort test sets them). */
const slowHooks: { started?: () => void; aborted?: () => void } = {};

const schema = createSchema<{ rc: RequestContext }>({
  typeDefs: /* GraphQL */ `
    scalar BigInt
    type Row { id: BigInt!, n: Int, next: Row }
    type Query { row(id: BigInt!): Row, limited(limit: Int): Int, boom: Int, rows: [Row!]!, echo(s: String): String, slow: Int }
  `,
  resolvers: {
    BigInt: BigIntScalar,
    Row: { next: (row: { id: bigint }) => ({ id: row.id + 1n, n: 0 }) },
    Query: {
      row: (_root, args: { id: bigint }) => (args.id === 0n ? null : { id: args.id, n: Number(args.id % 7n) }),
      limited: (_root, args: { limit?: number }) => {
        if ((args.limit ?? 0) > 10) throw new ServiceError('SG1004', `limit ${args.limit} is above limits.maxRows (10)`);
        return args.limit ?? 0;
      },
      boom: () => {
        throw new TypeError('secret internals');
      },
      rows: () => [{ id: 1n, n: 1 }, { id: 2n, n: null }],
      echo: (_root, args: { s?: string }) => args.s ?? null,
      // Answers null once the request's signal aborts (the client went away).
      slow: (_root, _args, ctx) =>
        new Promise<null>((resolve) => {
          ctx.rc.options.signal?.addEventListener('abort', () => {
            slowHooks.aborted?.();
            resolve(null);
          });
          slowHooks.started?.();
        }),
    },
  },
});

const LIMITS = { queryTimeoutMs: 1000, maxRows: 100, maxDepth: 6, maxAliases: 4, maxTokens: 200, maxBatchSize: 10, maxConcurrentOperations: 8, allowScatterWrites: false };

interface Served {
  readonly app: ComposedApp;
  readonly server: Server;
  readonly port: number;
  readonly log: string[];
}

/** The app over `schema`; a request with `X-Shardgate-Force-Scatter: true` makes building its context throw. */
async function serve(fastPath: boolean, introspection = true): Promise<Served> {
  const log: string[] = [];
  const api: ServedApi = {
    config: { limits: LIMITS, introspection },
    schema,
    runtime: {
      createRequestContext: (o = {}) => {
        if (o.forceScatter === true) throw new TypeError('the request context cannot be built');
        return {
          options: o,
          plan: () => (o.explain ? [{ path: 'row', keyspace: 'customer', opcode: 'EqualUnique', shards: ['-80'], sql: 'select 1' }] : []),
          statementsPerShard: () => ({}),
        };
      },
      planCacheStats: () => ({ hits: 0, misses: 0, size: 0, capacity: 1 }),
    },
    executor: { metricsSnapshot: () => ({ tablets: [] }), health: async () => [] },
    contextValue: (rc) => ({ rc }),
  };
  const app = composeApp(api, {
    log: { info: (m) => log.push(`info: ${m}`), warn: (m) => log.push(`warn: ${m}`), error: (m) => log.push(`error: ${m}`) },
    stopping: () => false,
    processMetrics: false,
    allowForceScatter: true,
    fastPath,
  });
  const server = createServer(app.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { app, server, port: (server.address() as AddressInfo).port, log };
}

interface Sent {
  readonly status: number;
  /** Every response header but Date, as sent. */
  readonly headers: readonly string[];
  readonly body: string;
}

/**
 * Sends one request and reads the whole answer. `declaredLength` announces a Content-Length
 * other than the body's (the body is then sent without ending the request, and the connection
 * is dropped once the answer is in); `chunked` sends the body in pieces without one.
 */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string, options: { chunked?: boolean; declaredLength?: number } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const length = options.declaredLength ?? (body !== undefined && options.chunked !== true ? Buffer.byteLength(body) : undefined);
    const all = { ...headers, ...(length === undefined ? {} : { 'content-length': String(length) }) };
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (options.declaredLength !== undefined) req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.entries(res.headers).filter(([name]) => name !== 'date').map(([name, value]) => `${name}: ${String(value)}`),
          body: Buffer.concat(chunks).toString('utf8').replace(/[0-9a-f]{12}/g, '<incident>'),
        });
      });
    });
    req.on('error', reject);
    if (body !== undefined) {
      if (options.chunked === true) for (let at = 0; at < body.length; at += 10) req.write(body.slice(at, at + 10));
      else req.write(body);
    }
    if (options.declaredLength === undefined) req.end();
  });
}

const JSON_POST = { 'content-type': 'application/json', accept: 'application/json' };
const json = (value: unknown): string => JSON.stringify(value);
let deep = '{"_": 1}';
for (let i = 0; i < 1100; i++) deep = `{"a": ${deep}}`;

/** [what, method, path, headers, body, taken by the fast path, how the body is sent]. */
type Case = readonly [string, string, string, Record<string, string>, string | undefined, boolean, { chunked?: boolean; declaredLength?: number }?];
const CASES: readonly Case[] = [
  ['a query with a BigInt variable', 'POST', '/graphql', JSON_POST, json({ query: 'query ($id: BigInt!) { row(id: $id) { id n } }', variables: { id: '40' } }), true],
  ['a null row, an operation name', 'POST', '/graphql', JSON_POST, json({ query: 'query Q($id: BigInt!) { row(id: $id) { id } }', variables: { id: 0 }, operationName: 'Q' }), true],
  ['a list, no Accept header', 'POST', '/graphql', { 'content-type': 'application/json' }, json({ query: '{ rows { id n } }' }), true],
  ['Accept */*', 'POST', '/graphql', { 'content-type': 'application/json', accept: '*/*' }, json({ query: '{ rows { id } }' }), true],
  ['Accept graphql-response+json', 'POST', '/graphql', { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, json({ query: '{ rows { id } }' }), true],
  ['Accept both, graphql-response+json first', 'POST', '/graphql', { 'content-type': 'application/json; charset=utf-8', accept: 'application/graphql-response+json, application/json' }, json({ query: '{ limited(limit: 50) }' }), true],
  ['explain', 'POST', '/graphql', { ...JSON_POST, 'x-shardgate-explain': 'true' }, json({ query: 'query ($id: BigInt!) { row(id: $id) { id } }', variables: { id: '3' } }), true],
  ['a resolver ServiceError', 'POST', '/graphql', JSON_POST, json({ query: '{ a: limited(limit: 3) b: limited(limit: 50) }' }), true],
  ['a masked internal error', 'POST', '/graphql', JSON_POST, json({ query: '{ boom rows { id } }' }), true],
  ['explain with an error', 'POST', '/graphql', { ...JSON_POST, 'x-shardgate-explain': '1' }, json({ query: '{ limited(limit: 50) }' }), true],
  ['a syntax error', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id }' }), true],
  ['a validation error', 'POST', '/graphql', JSON_POST, json({ query: '{ nope }' }), true],
  ['too many tokens', 'POST', '/graphql', JSON_POST, json({ query: `{ ${'rows { id } '.repeat(60)}}` }), true],
  ['a bad BigInt variable', 'POST', '/graphql', JSON_POST, json({ query: 'query ($id: BigInt!) { row(id: $id) { id } }', variables: { id: 'x' } }), true],
  ['a missing variable', 'POST', '/graphql', JSON_POST, json({ query: 'query ($id: BigInt!) { row(id: $id) { id } }' }), true],
  ['an unknown operation name', 'POST', '/graphql', JSON_POST, json({ query: 'query A { rows { id } }', operationName: 'B' }), true],
  ['two anonymous operations', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } } { boom }' }), true],
  ['variables nested too deep', 'POST', '/graphql', JSON_POST, `{"query": "query ($x: Int) { limited(limit: $x) }", "variables": ${deep}}`, false],
  ['a body that is not JSON', 'POST', '/graphql', JSON_POST, '{"query": ', false],
  ['no query', 'POST', '/graphql', JSON_POST, json({ variables: {} }), false],
  ['a batch', 'POST', '/graphql', JSON_POST, json([{ query: '{ rows { id } }' }]), false],
  ['an unknown parameter', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } }', extra: 1 }), false],
  ['variables that are not an object', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } }', variables: [1] }), false],
  ['an Origin header (CORS)', 'POST', '/graphql', { ...JSON_POST, origin: 'http://app.example' }, json({ query: '{ rows { id } }' }), false],
  ['a chunked body', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } }' }), false, { chunked: true }],
  ['a body above the size limit (413 from Content-Length)', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } }' }), false, { declaredLength: 30_000_000 }],
  ['a large body in many packets', 'POST', '/graphql', JSON_POST, json({ query: 'query ($s: String) { echo(s: $s) }', variables: { s: 'é'.repeat(200_000) } }), true],
  ['a nested row', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id next { id next { n } } } }' }), true],
  ['too deep', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { next { next { next { next { next { next { id } } } } } } } }' }), true],
  ['too many aliases', 'POST', '/graphql', JSON_POST, json({ query: '{ a: rows { id } b: rows { id } c: rows { id } d: rows { id } e: rows { id } }' }), true],
  ['introspection (allowed here)', 'POST', '/graphql', JSON_POST, json({ query: '{ __type(name: "Row") { name fields { name } } }' }), true],
  ['explain with a validation error', 'POST', '/graphql', { ...JSON_POST, 'x-shardgate-explain': 'true' }, json({ query: '{ nope }' }), true],
  ['a context that fails to build (masked, logged)', 'POST', '/graphql', { ...JSON_POST, 'x-shardgate-force-scatter': 'true' }, json({ query: '{ rows { id } }' }), true],
  ['a context that fails to build, explained', 'POST', '/graphql', { ...JSON_POST, 'x-shardgate-force-scatter': 'true', 'x-shardgate-explain': 'true' }, json({ query: '{ rows { id } }' }), true],
  ['a header that is not a yes', 'POST', '/graphql', { ...JSON_POST, 'x-shardgate-force-scatter': 'no', 'x-shardgate-explain': 'maybe' }, json({ query: '{ rows { id } }' }), true],
  ['null variables, operation name and extensions', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } }', variables: null, operationName: null, extensions: null }), true],
  ['a subscription (the schema has none: an execution error)', 'POST', '/graphql', JSON_POST, json({ query: 'subscription { rows }' }), true],
  ['a mutation (the schema has none: an execution error)', 'POST', '/graphql', JSON_POST, json({ query: 'mutation { rows }' }), true],
  ['Accept that Yoga negotiates itself', 'POST', '/graphql', { 'content-type': 'application/json', accept: 'application/json, text/plain' }, json({ query: '{ rows { id } }' }), false],
  ['an upper-case media type', 'POST', '/graphql', { 'content-type': 'Application/JSON', accept: 'application/json' }, json({ query: '{ rows { id } }' }), false],
  ['OPTIONS', 'OPTIONS', '/graphql', {}, undefined, false],
  ['GET /healthz', 'GET', '/healthz', {}, undefined, false],
  ['GET /readyz', 'GET', '/readyz', {}, undefined, false],
  ['another media type', 'POST', '/graphql', { 'content-type': 'application/graphql', accept: 'application/json' }, '{ rows { id } }', false],
  ['Accept text/html', 'POST', '/graphql', { 'content-type': 'application/json', accept: 'text/html' }, json({ query: '{ rows { id } }' }), false],
  ['a GET', 'GET', '/graphql?query=%7B%20rows%20%7B%20id%20%7D%20%7D', { accept: 'application/json' }, undefined, false],
  ['a query string on a POST', 'POST', '/graphql?x=1', JSON_POST, json({ query: '{ rows { id } }' }), false],
  ['another path', 'POST', '/other', JSON_POST, json({ query: '{ rows { id } }' }), false],
];

/** Requests to a server whose config turns introspection off. */
const INTROSPECTION_OFF_CASES: readonly Case[] = [
  ['__schema', 'POST', '/graphql', JSON_POST, json({ query: '{ __schema { queryType { name } } }' }), true],
  ['__type', 'POST', '/graphql', JSON_POST, json({ query: '{ __type(name: "Row") { name } }' }), true],
  ['__typename (always allowed)', 'POST', '/graphql', JSON_POST, json({ query: '{ __typename rows { __typename id } }' }), true],
  ['a plain query', 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } }' }), true],
];

/** Sends `c` to both servers (Yoga alone first) and expects the same answer, and the fast path to take it or not. */
async function expectSameAnswer(fast: Served, yogaOnly: Served, [, method, path, headers, body, taken, how]: Case): Promise<void> {
  const before = { ...fast.app.handler.counts };
  const expected = await send(yogaOnly.port, method, path, headers, body, how);
  const received = await send(fast.port, method, path, headers, body, how);
  expect(received).toEqual(expected);
  expect(fast.app.handler.counts.fast - before.fast).toBe(taken ? 1 : 0);
}

/** The request, error and document-cache counters of /metrics. */
async function requestMetrics(s: Served): Promise<string[]> {
  return (await send(s.port, 'GET', '/metrics', {})).body.split('\n').filter((l) => /^shardgate_(graphql_(requests|errors)_total|cache_(hits|misses)_total|cache_entries)|_duration_seconds_count/.test(l));
}

/** The server's log lines, first line of each, incident ids aside. */
function incidents(s: Served): string[] {
  return s.log.map((l) => l.replace(/[0-9a-f]{12}/g, '<incident>').split('\n')[0]!);
}

function close(s: Served): Promise<void> {
  return new Promise<void>((resolve) => s.server.close(() => resolve()));
}

describe('the fast path answers as Yoga does', () => {
  let fast: Served;
  let yogaOnly: Served;
  beforeAll(async () => {
    fast = await serve(true);
    yogaOnly = await serve(false);
  });
  afterAll(async () => {
    await close(fast);
    await close(yogaOnly);
  });

  it.each(CASES.map((c) => ({ name: c[0], c })))('$name', async ({ c }) => {
    await expectSameAnswer(fast, yogaOnly, c);
  });

  it('counts the same requests in /metrics and logs the same incidents', async () => {
    const counted = await requestMetrics(fast);
    expect(counted.some((l) => /outcome="error"/.test(l))).toBe(true);
    expect(counted.some((l) => /^shardgate_cache_misses_total\{cache="validate"\} [1-9]/.test(l))).toBe(true);
    expect(counted).toEqual(await requestMetrics(yogaOnly));
    expect(incidents(fast).length).toBeGreaterThan(0);
    expect(incidents(fast)).toEqual(incidents(yogaOnly));
  });
});

describe('with introspection turned off', () => {
  let fast: Served;
  let yogaOnly: Served;
  beforeAll(async () => {
    fast = await serve(true, false);
    yogaOnly = await serve(false, false);
  });
  afterAll(async () => {
    await close(fast);
    await close(yogaOnly);
  });

  it.each(INTROSPECTION_OFF_CASES.map((c) => ({ name: c[0], c })))('$name', async ({ c }) => {
    await expectSameAnswer(fast, yogaOnly, c);
  });
});

describe('a client that leaves in the middle of its body', () => {
  it.each([
    { name: 'fast path', fastPath: true },
    { name: 'Yoga alone', fastPath: false },
  ])('$name: nothing runs, and the server keeps serving', async ({ fastPath }) => {
    const served = await serve(fastPath);
    try {
      const arrived = new Promise<void>((resolve) => served.server.once('request', () => resolve()));
      const req = httpRequest({ host: '127.0.0.1', port: served.port, method: 'POST', path: '/graphql', headers: { ...JSON_POST, 'content-length': '1000' } });
      const gone = new Promise<void>((resolve) => req.on('close', () => resolve()));
      req.on('error', () => undefined);
      req.write('{"query": "{ rows');
      await arrived;
      req.destroy();
      await gone;
      const after = await send(served.port, 'POST', '/graphql', JSON_POST, json({ query: '{ rows { id } }' }));
      expect(after.status).toBe(200);
      expect(served.log).toEqual([]);
    } finally {
      await close(served);
    }
  });
});

describe("a client that goes away aborts its request's signal", () => {
  it.each([
    { name: 'fast path', fastPath: true },
    { name: 'Yoga alone', fastPath: false },
  ])('$name', async ({ fastPath }) => {
    const served = await serve(fastPath);
    try {
      const started = new Promise<void>((resolve) => (slowHooks.started = resolve));
      const aborted = new Promise<void>((resolve) => (slowHooks.aborted = resolve));
      const body = json({ query: '{ slow }' });
      const req = httpRequest({ host: '127.0.0.1', port: served.port, method: 'POST', path: '/graphql', headers: { ...JSON_POST, 'content-length': String(Buffer.byteLength(body)) } });
      req.on('error', () => undefined);
      req.end(body);
      await started;
      req.destroy();
      await aborted;
      // Which path had the request (the fast path counts its own once the aborted request ends).
      expect(served.app.handler.counts.yoga).toBe(fastPath ? 0 : 1);
    } finally {
      delete slowHooks.started;
      delete slowHooks.aborted;
      await close(served);
    }
  });
});

describe('admission (limits.maxConcurrentOperations: 8)', () => {
  it('starts a 9th operation only once a slot frees: here 100 ms after the first of 8 slow ones started, when it stops counting', async () => {
    const served = await serve(true);
    const starts: number[] = [];
    slowHooks.started = () => starts.push(performance.now());
    const clients: ReturnType<typeof httpRequest>[] = [];
    try {
      const body = json({ query: '{ slow }' });
      const post = (): void => {
        const req = httpRequest({ host: '127.0.0.1', port: served.port, method: 'POST', path: '/graphql', headers: { ...JSON_POST, 'content-length': String(Buffer.byteLength(body)) } });
        req.on('error', () => undefined);
        req.end(body);
        clients.push(req);
      };
      for (let i = 0; i < 9; i++) post();
      while (starts.length < 9) await new Promise((resolve) => setTimeout(resolve, 10));
      const first = Math.min(...starts);
      const ninth = Math.max(...starts);
      // A lower bound only (a slow machine makes it later, never earlier): the 9th waited until the
      // oldest of the 8 had run 100 ms and stopped counting.
      expect(ninth - first).toBeGreaterThanOrEqual(99);
    } finally {
      for (const c of clients) c.destroy();
      delete slowHooks.started;
      await close(served);
    }
  });
});
