// Federated tracing (useFederatedTracing) on the composed app over real node:http, with the
// fast path and without it, with graphql-jit and without it: `apollo-federation-include-trace:
// ftv1` gets `extensions.ftv1`, a protobuf Trace that decodes to one node per resolved field
// (types, aliases, list indices, start/end inside the operation's duration, a slow resolver's
// time), errors masked on their nodes, and the same data as the untraced response; no header, an
// other value, or federation off: no ftv1. The served schema's resolvers stay unwrapped.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Trace } from '@apollo/usage-reporting-protobuf';
import type { GraphQLObjectType } from 'graphql';
import { createSchema } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../resolvers/apiRuntime.js';
import { composeApp, type ComposedApp } from '../composeYoga.js';
import { MASKED_MESSAGE, TRACE_HEADER } from '../useFederatedTracing.js';
import { fakeServedApi } from './fakeServedApi.js';

const SLOW_MS = 30;

const schema = createSchema<{ rc: RequestContext }>({
  typeDefs: /* GraphQL */ `
    type Row { id: Int!, name: String, next: Row }
    type Query { rows: [Row!]!, slow: Int, boom: Int }
  `,
  resolvers: {
    Row: { next: (row: { id: number }) => ({ id: row.id + 10, name: null }) },
    Query: {
      rows: () => [{ id: 1, name: 'a' }, { id: 2, name: 'b' }],
      slow: () => new Promise<number>((resolve) => setTimeout(() => resolve(7), SLOW_MS)),
      boom: () => {
        throw new TypeError('secret internals');
      },
    },
  },
});

/** Every resolver of the served schema before any request (the traced copy must leave them as they are). */
const SERVED_RESOLVERS = ['Query', 'Row'].flatMap((type) => Object.values((schema.getType(type) as GraphQLObjectType).getFields()).map((f) => f.resolve));

const LIMITS = { queryTimeoutMs: 1000, maxRows: 100, maxDepth: 6, maxAliases: 4, maxTokens: 200, maxBatchSize: 10, maxConcurrentOperations: 8, allowScatterWrites: false };

interface Served {
  readonly app: ComposedApp;
  readonly server: Server;
  readonly url: string;
}

async function serve(options: { federation: boolean; fastPath: boolean; jit: boolean }): Promise<Served> {
  const api = fakeServedApi(schema, { limits: LIMITS, introspection: true, federation: options.federation });
  const ignore = (): void => undefined;
  const app = composeApp(api, { log: { info: ignore, warn: ignore, error: ignore }, stopping: () => false, processMetrics: false, fastPath: options.fastPath, jit: options.jit });
  const server = createServer(app.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { app, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

interface Answer {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: { message: string; path?: unknown[] }[];
  readonly extensions?: Record<string, unknown>;
}

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify({ query }) });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** The decoded `extensions.ftv1` of an answer. */
function traceOf(answer: Answer): Trace {
  const ftv1 = answer.extensions?.ftv1;
  expect(typeof ftv1).toBe('string');
  return Trace.decode(Buffer.from(ftv1 as string, 'base64'));
}

/** A node's child by response name or list index. */
function child(node: Trace.INode, key: string | number): Trace.INode {
  const found = (node.child ?? []).find((c) => (typeof key === 'number' ? c.index === key && !c.responseName : c.responseName === key));
  expect(found, `child ${String(key)} of ${node.responseName ?? 'the root'}`).toBeDefined();
  return found!;
}

/** Every field node under `node` as `path: parentType.type`, with its times checked against `durationNs`. */
function fieldNodes(node: Trace.INode, durationNs: number, prefix = ''): string[] {
  const out: string[] = [];
  for (const c of node.child ?? []) {
    const key = c.responseName ? c.responseName : String(c.index);
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (c.responseName) {
      expect(Number(c.startTime), path).toBeGreaterThan(0);
      expect(Number(c.endTime), path).toBeGreaterThanOrEqual(Number(c.startTime));
      expect(Number(c.endTime), path).toBeLessThanOrEqual(durationNs);
      out.push(`${path}: ${c.parentType ?? ''}.${c.type ?? ''}${c.originalFieldName ? ` (${c.originalFieldName})` : ''}`);
    }
    out.push(...fieldNodes(c, durationNs, path));
  }
  return out;
}

const QUERY = '{ rows { id label: name next { id } } slow }';
const FTV1 = { [TRACE_HEADER]: 'ftv1' };

describe.each([
  { fastPath: true, jit: true },
  { fastPath: true, jit: false },
  { fastPath: false, jit: true },
])('federation on, fast path $fastPath, graphql-jit $jit', (options) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({ federation: true, ...options });
  });
  afterAll(() => new Promise<void>((resolve) => served.server.close(() => resolve())));

  it('answers a traced operation with a trace of every field and the untraced data', async () => {
    const before = served.app.handler.counts.fast;
    const traced = await post(served.url, QUERY, FTV1);
    expect(served.app.handler.counts.fast - before).toBe(options.fastPath ? 1 : 0);
    const plain = await post(served.url, QUERY);
    expect(traced.data).toEqual(plain.data);
    expect(Object.keys(traced.extensions ?? {})).toEqual(['ftv1']);

    const trace = traceOf(traced);
    const durationNs = Number(trace.durationNs);
    expect(durationNs).toBeGreaterThan(0);
    const start = Number(trace.startTime!.seconds) * 1e9 + Number(trace.startTime!.nanos);
    const end = Number(trace.endTime!.seconds) * 1e9 + Number(trace.endTime!.nanos);
    expect(end).toBeGreaterThanOrEqual(start);
    expect(Math.abs(Date.now() * 1e6 - end)).toBeLessThan(60e9);
    expect(fieldNodes(trace.root!, durationNs).sort()).toEqual(
      [
        'rows: Query.[Row!]!',
        'rows.0.id: Row.Int!',
        'rows.0.label: Row.String (name)',
        'rows.0.next: Row.Row',
        'rows.0.next.id: Row.Int!',
        'rows.1.id: Row.Int!',
        'rows.1.label: Row.String (name)',
        'rows.1.next: Row.Row',
        'rows.1.next.id: Row.Int!',
        'slow: Query.Int',
      ].sort(),
    );
    // The slow resolver's node spans its wait (a timer never fires more than ~1 ms early).
    const slow = child(trace.root!, 'slow');
    expect(Number(slow.endTime) - Number(slow.startTime)).toBeGreaterThanOrEqual((SLOW_MS - 2) * 1e6);
    expect(child(child(trace.root!, 'rows'), 1).index).toBe(1);
  });

  it('puts errors on their field nodes, masked', async () => {
    const traced = await post(served.url, '{ rows { id } boom }', FTV1);
    expect(traced.data).toEqual({ rows: [{ id: 1 }, { id: 2 }], boom: null });
    expect(traced.errors?.map((e) => e.path)).toEqual([['boom']]);
    const boom = child(traceOf(traced).root!, 'boom');
    expect(boom.error).toHaveLength(1);
    expect(boom.error![0]!.message).toBe(MASKED_MESSAGE);
    expect(JSON.parse(boom.error![0]!.json!)).toEqual({ message: MASKED_MESSAGE, locations: [{ line: 1, column: 15 }], path: ['boom'], extensions: { maskedBy: 'shardgate' } });
    expect(boom.error![0]!.location).toEqual([expect.objectContaining({ line: 1, column: 15 })]);
    expect(JSON.stringify(traced.extensions)).not.toContain('secret');
  });

  it('adds no ftv1 without the header or with another value, and leaves the served schema unwrapped', async () => {
    expect((await post(served.url, QUERY)).extensions).toBeUndefined();
    expect((await post(served.url, QUERY, { [TRACE_HEADER]: 'ftv2' })).extensions).toBeUndefined();
    const resolvers = ['Query', 'Row'].flatMap((type) => Object.values((schema.getType(type) as GraphQLObjectType).getFields()).map((f) => f.resolve));
    expect(resolvers.every((r, i) => r === SERVED_RESOLVERS[i])).toBe(true);
    expect(resolvers.filter((r) => r === undefined)).toHaveLength(2);
  });
});

describe('federation off', () => {
  it('ignores the header', async () => {
    const served = await serve({ federation: false, fastPath: true, jit: true });
    try {
      const answer = await post(served.url, QUERY, FTV1);
      expect(answer.data).toMatchObject({ slow: 7 });
      expect(answer.extensions).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => served.server.close(() => resolve()));
    }
  });
});
