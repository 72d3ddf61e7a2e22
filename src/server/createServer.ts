// The composition root: a validated Config becomes a running GraphQL server. createApi builds
// the API (pools, introspection, runtime, schema), composeYoga the Yoga app from shardgate's
// useX plugins; this file serves it over node:http and stops it gracefully. Nothing here
// inspects requests itself.

import type { Config } from '../config/config.js';
import { composeApp, ENDPOINTS, type YogaOptions } from './composeYoga.js';
import { createApi, type Api } from './createApi.js';
import { createDrainableHttpServer, type DrainableHttpServer } from './drainableHttpServer.js';
import { createServerLog, type ServerLog } from './serverLog.js';

/** Options of {@link createServer}; everything else comes from the Config. */
export interface ServerOptions extends YogaOptions {
  /** Overrides `listen.host`. */
  readonly host?: string;
  /** Overrides `listen.port` (0 picks a free port). */
  readonly port?: number;
  /** Where the server logs; default stderr. */
  readonly log?: ServerLog;
  /** See ApiOptions.cursorSecret. */
  readonly cursorSecret?: Uint8Array;
  /** How long stop() waits for requests in flight before cutting them; default 30000 ms. */
  readonly drainTimeoutMs?: number;
}

/** Where a started server listens. */
export interface ServerAddress {
  /** `http://host:port/graphql`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
}

/** A GraphQL server for one Config. */
export interface ShardgateServer {
  /**
   * Connects, introspects, builds the schema and listens. Contract: rejects with the errors of
   * createApi (SG200, SG604, SG850, …) or SG1110 when the address cannot be used, having
   * closed whatever it opened; call once.
   */
  start(): Promise<ServerAddress>;
  /**
   * Stops gracefully: readiness turns 503, no new connections are accepted, requests in flight
   * finish (up to drainTimeoutMs), then the pools close. Idempotent; safe before start.
   */
  stop(): Promise<void>;
  /** The address once started. */
  readonly address: ServerAddress | undefined;
  /** The API once started (schema, runtime, executor), for tools and tests. */
  readonly api: Api | undefined;
}

function formatUrl(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}${ENDPOINTS.graphql}`;
}

/**
 * Creates the server for `config` (listen address from `listen`, overridable). Nothing is
 * opened until start(). GraphQL at /graphql (GraphiQL for browsers unless introspection is off),
 * /healthz, /readyz, /metrics; see src/server/README.md.
 */
export function createServer(config: Config, options: ServerOptions = {}): ShardgateServer {
  const log = options.log ?? createServerLog();
  let api: Api | undefined;
  let http: DrainableHttpServer | undefined;
  let address: ServerAddress | undefined;
  let stopping = false;
  let stopped: Promise<void> | undefined;

  async function start(): Promise<ServerAddress> {
    api = await createApi(config, { log, ...(options.cursorSecret === undefined ? {} : { cursorSecret: options.cursorSecret }) });
    const app = composeApp(api, { ...options, log, stopping: () => stopping });
    http = createDrainableHttpServer(app.handler);
    try {
      const bound = await http.listen(options.host ?? config.listen.host, options.port ?? config.listen.port);
      address = { ...bound, url: formatUrl(bound.host, bound.port) };
    } catch (error) {
      await api.close();
      throw error;
    }
    log.info(`serving ${address.url} (${api.catalog.tables.length} tables in ${config.keyspaces.size} keyspaces)`);
    return address;
  }

  async function stopOnce(): Promise<void> {
    stopping = true;
    if (http !== undefined) {
      const inFlight = http.inFlight();
      if (inFlight > 0) log.info(`stopping: waiting for ${inFlight} request${inFlight === 1 ? '' : 's'} in flight`);
      const result = await http.drain(options.drainTimeoutMs ?? 30_000);
      if (!result.clean) log.warn('stopping: requests still running after the drain timeout were cut off');
    }
    await api?.close();
    if (address !== undefined) log.info('stopped');
  }

  return {
    start,
    stop: () => (stopped ??= stopOnce()),
    get address() {
      return address;
    },
    get api() {
      return api;
    },
  };
}
