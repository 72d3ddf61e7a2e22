// useReadiness: GET /readyz answers 200 only while every shard's primary answers a ping, else
// 503 with JSON naming the failing shards (INTERFACES.md §4); also 503 once the server is
// shutting down. Owns the response shape; the pings are the executor's health(). Not Yoga's
// useReadinessCheck: that one tests every request's URL against a URLPattern (polyfilled),
// about 15 µs of every GraphQL request; a path comparison does.

import type { Plugin } from 'graphql-yoga';

/** One shard's ping result, as src/pools MysqlShardExecutor.health() reports it. */
export interface ShardPing {
  readonly keyspace: string;
  readonly shard: string;
  readonly tablet: string;
  readonly ok: boolean;
  readonly error?: { readonly id: string; readonly code: string; readonly message: string };
}

/** Options of {@link useReadiness}. */
export interface ReadinessOptions {
  /** Pings every shard's primary, each within a bounded time (the executor's acquire timeout); must not reject. */
  readonly health: () => Promise<readonly ShardPing[]>;
  /** True once shutdown began: readiness is then 503 whatever the shards say. */
  readonly stopping: () => boolean;
  /** Default `/readyz`. */
  readonly endpoint?: string;
}

/** The JSON body of /readyz. */
export interface ReadinessBody {
  readonly ready: boolean;
  /** Present while shutting down. */
  readonly stopping?: true;
  /** Every shard, `keyspace/shard`, in topology order. */
  readonly shards: readonly { readonly shard: string; readonly tablet: string; readonly ok: boolean }[];
  /** The shards whose primary did not answer, with the error id, code and message. */
  readonly failing: readonly { readonly shard: string; readonly tablet: string; readonly error: { readonly id: string; readonly code: string; readonly message: string } }[];
}

/** Builds the /readyz body from the pings. */
export function readinessBody(pings: readonly ShardPing[], stopping: boolean): ReadinessBody {
  const failing = pings
    .filter((p) => !p.ok)
    .map((p) => ({ shard: `${p.keyspace}/${p.shard}`, tablet: p.tablet, error: p.error ?? { id: 'SG604', code: 'UNAVAILABLE', message: 'no answer' } }));
  return {
    ready: !stopping && failing.length === 0,
    ...(stopping ? { stopping: true as const } : {}),
    shards: pings.map((p) => ({ shard: `${p.keyspace}/${p.shard}`, tablet: p.tablet, ok: p.ok })),
    failing,
  };
}

/**
 * Serves the readiness endpoint (any method, as Yoga's readiness check does). Contract: 200
 * with `{"ready": true, …}` when every shard's primary answered its ping; 503 with `failing`
 * naming each shard that did not, or with `"stopping": true` during shutdown (no pings then);
 * always `application/json`. Other paths pass untouched.
 */
export function useReadiness(options: ReadinessOptions): Plugin {
  const endpoint = options.endpoint ?? '/readyz';
  const answer = async (fetchAPI: { Response: typeof Response }): Promise<Response> => {
    const stopping = options.stopping();
    const pings = stopping ? [] : await options.health();
    const body = readinessBody(pings, stopping);
    return new fetchAPI.Response(JSON.stringify(body), { status: body.ready ? 200 : 503, headers: { 'content-type': 'application/json; charset=utf-8' } });
  };
  return {
    onRequest({ url, fetchAPI, endResponse }) {
      if (url.pathname !== endpoint) return undefined;
      return answer(fetchAPI).then(endResponse, (error: unknown) =>
        endResponse(new fetchAPI.Response(error instanceof Error ? error.message : null, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } })),
      );
    },
  };
}
