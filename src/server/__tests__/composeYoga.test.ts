// The composed Yoga app without a database: a toy schema and a fake runtime/executor behind
// composeYoga, driven through yoga.fetch. Checks each plugin's contract as a client sees it:
// codes and ids, masking with incidents in the log, limits, caches, explain, force-scatter
// gating, /metrics, /readyz, /healthz, GraphiQL.
import { createSchema } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import type { RequestContext, RequestContextOptions } from '../../resolvers/apiRuntime.js';
import { LATENCY_BUCKETS_MS, type ExecutorMetricsSnapshot } from '../../pools/executorMetrics.js';
import { composeYoga, type ServedApi } from '../composeYoga.js';
import type { ShardPing } from '../useReadiness.js';

const LIMITS = { queryTimeoutMs: 1000, maxRows: 100, maxDepth: 4, maxAliases: 2, maxTokens: 40, maxBatchSize: 10, maxConcurrentOperations: 8, allowScatterWrites: false };

const schema = createSchema<{ rc: RequestContext }>({
  typeDefs: 'type Query { ok: Int, limited: Int, boom: Int, node: Node, options: String } type Node { child: Node, id: Int }',
  resolvers: {
    Query: {
      ok: () => 1,
      limited: () => {
        throw new ServiceError('SG1004', 'limit 500 is above limits.maxRows (100)');
      },
      boom: () => {
        throw new TypeError('secret internals');
      },
      node: () => ({ id: 1 }),
      options: (_root, _args, context) => JSON.stringify({ explain: context.rc.options.explain, forceScatter: context.rc.options.forceScatter }),
    },
    Node: { child: () => ({ id: 2 }) },
  },
});

function snapshot(): ExecutorMetricsSnapshot {
  const histogram = { buckets: [...LATENCY_BUCKETS_MS, Infinity].map((le) => ({ le, count: le >= 5 ? 3 : 0 })), sum: 12, count: 3 };
  return {
    tablets: [
      {
        tablet: 'customer/-80/primary',
        keyspace: 'customer',
        shard: '-80',
        type: 'primary',
        queries: 7,
        errors: { UNAVAILABLE: 2 },
        consolidated: 1,
        pool: { size: 16, inUse: 1, idle: 2, creating: 0, waiting: 0 },
        acquireWaitMs: histogram,
        queryMs: histogram,
      },
    ],
  };
}

interface Harness {
  fetch: (body: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: Record<string, unknown> }>;
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  readonly log: string[];
  readonly created: RequestContextOptions[];
  pings: ShardPing[];
  stopping: boolean;
}

function harness(options: { introspection?: boolean; allowForceScatter?: boolean } = {}): Harness {
  const log: string[] = [];
  const created: RequestContextOptions[] = [];
  const h: Harness = {
    log,
    created,
    pings: [{ keyspace: 'customer', shard: '-80', tablet: 'customer/-80/primary', ok: true }],
    stopping: false,
    fetch: async () => ({ status: 0, json: {} }),
    get: async () => new Response(),
  };
  const api: ServedApi = {
    config: { limits: LIMITS, introspection: options.introspection ?? true },
    schema,
    runtime: {
      createRequestContext(o = {}) {
        created.push(o);
        return { options: o, plan: () => (o.explain ? [{ path: 'ok', keyspace: 'customer', opcode: 'Scatter', shards: ['-80', '80-'], sql: 'select 1' }] : []), statementsPerShard: () => ({}) };
      },
      planCacheStats: () => ({ hits: 5, misses: 2, size: 2, capacity: 100 }),
    },
    executor: { metricsSnapshot: snapshot, health: async () => h.pings },
    contextValue: (rc) => ({ rc }),
  };
  const yoga = composeYoga(api, {
    log: { info: (m) => log.push(`info: ${m}`), warn: (m) => log.push(`warn: ${m}`), error: (m) => log.push(`error: ${m}`) },
    stopping: () => h.stopping,
    processMetrics: false,
    ...(options.allowForceScatter === undefined ? {} : { allowForceScatter: options.allowForceScatter }),
  });
  h.fetch = async (body, headers = {}) => {
    const response = await yoga.fetch('http://shardgate.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  h.get = (path, headers = {}) => Promise.resolve(yoga.fetch(`http://shardgate.test${path}`, { headers }));
  return h;
}

function errorsOf(json: Record<string, unknown>): { message: string; extensions: Record<string, unknown> }[] {
  return json.errors as { message: string; extensions: Record<string, unknown> }[];
}

describe('errors as clients see them', () => {
  it.each([
    ['a resolver ServiceError', { query: '{ limited }' }, 'RESOURCE_EXHAUSTED', 'SG1004'],
    ['a syntax error', { query: '{ ok' }, 'BAD_USER_INPUT', 'SG1100'],
    ['an unknown field', { query: '{ nope }' }, 'BAD_USER_INPUT', 'SG1101'],
    ['a wrong variable type', { query: 'query($x: Boolean!) { ok @skip(if: $x) }', variables: { x: 'str' } }, 'BAD_USER_INPUT', 'SG1106'],
    ['an unknown operation name', { query: 'query A { ok }', operationName: 'B' }, 'BAD_USER_INPUT', 'SG1106'],
    ['too many tokens', { query: `{ ${'ok '.repeat(40)}}` }, 'BAD_USER_INPUT', 'SG1102'],
    ['a deep query', { query: '{ node { child { child { child { child { id } } } } } }' }, 'BAD_USER_INPUT', 'SG1103'],
    ['too many aliases', { query: '{ a: ok b: ok c: ok }' }, 'BAD_USER_INPUT', 'SG1104'],
    ['a body that is not JSON', '{"query": ', 'BAD_USER_INPUT', 'SG1107'],
    ['a request without a query', { variables: {} }, 'BAD_USER_INPUT', 'SG1107'],
  ])('%s gets %s %s', async (_what, body, code, id) => {
    const h = harness();
    const { json } = await h.fetch(body);
    expect(errorsOf(json).map((e) => [e.extensions.code, e.extensions.id])).toContainEqual([code, id]);
    expect(h.log).toEqual([]);
    expect((await h.fetch({ query: '{ ok }' })).json).toEqual({ data: { ok: 1 } });
  });

  it('masks an unexpected error and logs it under the incident id', async () => {
    const h = harness();
    const { json } = await h.fetch({ query: '{ ok boom }' });
    expect(json.data).toEqual({ ok: 1, boom: null });
    const [error] = errorsOf(json);
    expect(error!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', id: 'SG1108' });
    expect(JSON.stringify(json)).not.toMatch(/secret internals/);
    const incident = error!.extensions.incident as string;
    expect(h.log).toHaveLength(1);
    expect(h.log[0]).toMatch(new RegExp(`^error: incident ${incident}: [\\s\\S]*secret internals`));
  });

  it('refuses introspection with FORBIDDEN SG1105 when the config disables it, and serves no GraphiQL', async () => {
    const h = harness({ introspection: false });
    const { json } = await h.fetch({ query: '{ __schema { queryType { name } } }' });
    expect(errorsOf(json).map((e) => [e.extensions.code, e.extensions.id])).toEqual([['FORBIDDEN', 'SG1105']]);
    expect((await h.fetch({ query: '{ __typename }' })).json).toEqual({ data: { __typename: 'Query' } });
    const page = await h.get('/graphql', { accept: 'text/html' });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });

  it('serves GraphiQL to browsers when introspection is on', async () => {
    const page = await harness().get('/graphql', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>shardgate<\/title>/);
  });
});

describe('explain and request options', () => {
  it('adds extensions.plan only when X-Shardgate-Explain is true', async () => {
    const h = harness();
    expect((await h.fetch({ query: '{ ok }' })).json).toEqual({ data: { ok: 1 } });
    const explained = await h.fetch({ query: '{ ok }' }, { 'X-Shardgate-Explain': 'true' });
    expect(explained.json).toEqual({
      data: { ok: 1 },
      extensions: { plan: [{ path: 'ok', keyspace: 'customer', opcode: 'Scatter', shards: ['-80', '80-'], sql: 'select 1' }] },
    });
    const refused = await h.fetch({ query: '{ nope }' }, { 'x-shardgate-explain': '1' });
    expect(refused.json.extensions).toEqual({ plan: [] });
  });

  it.each([
    [undefined, { explain: false, forceScatter: false }],
    [false, { explain: false, forceScatter: false }],
    [true, { explain: false, forceScatter: true }],
  ])('honours X-Shardgate-Force-Scatter only when allowed (allowForceScatter %s)', async (allowForceScatter, expected) => {
    const h = harness(allowForceScatter === undefined ? {} : { allowForceScatter });
    const { json } = await h.fetch({ query: '{ options }' }, { 'X-Shardgate-Force-Scatter': 'true' });
    expect(JSON.parse((json.data as { options: string }).options)).toEqual(expected);
    expect(h.created).toHaveLength(1);
    expect(h.created[0]!.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('/metrics', () => {
  it('exposes requests, errors, caches and the executor metrics', async () => {
    const h = harness();
    await h.fetch({ query: '{ ok }' });
    await h.fetch({ query: '{ ok }' });
    await h.fetch({ query: '{ limited }' });
    await h.fetch({ query: '{ nope }' });
    const response = await h.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const labels = 'keyspace="customer",shard="-80",tablet="customer/-80/primary",type="primary"';
    for (const line of [
      'shardgate_graphql_requests_total{operation="query",outcome="ok"} 2',
      'shardgate_graphql_requests_total{operation="query",outcome="error"} 1',
      'shardgate_graphql_requests_total{operation="none",outcome="error"} 1',
      'shardgate_graphql_errors_total{code="RESOURCE_EXHAUSTED"} 1',
      'shardgate_graphql_errors_total{code="BAD_USER_INPUT"} 1',
      'shardgate_cache_hits_total{cache="parse"} 1',
      'shardgate_cache_misses_total{cache="parse"} 3',
      'shardgate_cache_hits_total{cache="validate"} 1',
      'shardgate_cache_hits_total{cache="plan"} 5',
      'shardgate_cache_misses_total{cache="plan"} 2',
      `shardgate_tablet_queries_total{${labels}} 7`,
      `shardgate_tablet_errors_total{${labels},code="UNAVAILABLE"} 2`,
      `shardgate_tablet_consolidated_total{${labels}} 1`,
      `shardgate_pool_connections{${labels},state="idle"} 2`,
      `shardgate_pool_max_connections{${labels}} 16`,
      `shardgate_tablet_query_duration_seconds_bucket{${labels},le="0.002"} 0`,
      `shardgate_tablet_query_duration_seconds_bucket{${labels},le="0.005"} 3`,
      `shardgate_tablet_query_duration_seconds_bucket{${labels},le="+Inf"} 3`,
      `shardgate_tablet_query_duration_seconds_sum{${labels}} 0.012`,
      `shardgate_pool_acquire_wait_seconds_count{${labels}} 3`,
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    expect(text).toMatch(/^# TYPE shardgate_tablet_query_duration_seconds histogram$/m);
    expect(text).toMatch(/^shardgate_graphql_request_duration_seconds_count\{operation="query",outcome="ok"\} 2$/m);
  });
});

describe('/healthz and /readyz', () => {
  it('answers /healthz with 200', async () => {
    expect((await harness().get('/healthz')).status).toBe(200);
  });

  it('is ready while every primary answers, else 503 naming the failing shards', async () => {
    const h = harness();
    const ready = await h.get('/readyz');
    expect([ready.status, await ready.json()]).toEqual([200, { ready: true, shards: [{ shard: 'customer/-80', tablet: 'customer/-80/primary', ok: true }], failing: [] }]);
    const error = { id: 'SG604', code: 'UNAVAILABLE', message: 'cannot connect' };
    h.pings = [...h.pings, { keyspace: 'customer', shard: '80-', tablet: 'customer/80-/primary', ok: false, error }];
    const failing = await h.get('/readyz');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ ready: false, failing: [{ shard: 'customer/80-', tablet: 'customer/80-/primary', error }] });
    h.stopping = true;
    h.pings = [];
    const stopping = await h.get('/readyz');
    expect([stopping.status, await stopping.json()]).toEqual([503, { ready: false, stopping: true, shards: [], failing: [] }]);
  });
});
