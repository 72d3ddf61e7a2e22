// The data half of the composition root: a validated Config becomes a servable GraphQL API.
// VSchema check → topology → shard executor (pools) → introspection of every keyspace (schema
// drift refused) → API catalog → resolver runtime → GraphQL schema. Shared by `serve` (through
// createServer), `schema print` and `explain`. Owns the order and the cleanup on failure; HTTP
// is createServer.ts.

import { randomBytes } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/config.js';
import { createSequenceCache } from '../engine/sequenceCache.js';
import { assertNoDrift, introspectKeyspace } from '../introspect/introspectKeyspace.js';
import { createShardExecutor, type MysqlShardExecutor } from '../pools/createShardExecutor.js';
import { buildApiCatalog } from '../resolvers/buildApiCatalog.js';
import { buildRelationships } from '../resolvers/buildRelationships.js';
import type { ApiCatalog } from '../resolvers/catalog.js';
import { createApiRuntime, type ApiRuntime, type RequestContext } from '../resolvers/apiRuntime.js';
import { buildGraphQLSchema, requestContextValue } from '../schema/buildGraphQLSchema.js';
import { describeVindexType } from '../sharding/vindexes/registry.js';
import { buildTopology } from '../topology/buildTopology.js';
import type { Topology } from '../topology/topology.js';
import { assertValidVSchema } from '../vschema/buildVSchema.js';
import type { VSchemaModel } from '../vschema/model.js';
import { silentLog, type ServerLog } from './serverLog.js';

/** Options of {@link createApi}. */
export interface ApiOptions {
  /**
   * HMAC key of connection cursors. Default: 32 random bytes per process, so cursors stay valid
   * only while this process serves; give the same key to every instance behind one address
   * (`shardgate serve` reads env SHARDGATE_CURSOR_SECRET).
   */
  readonly cursorSecret?: Uint8Array;
  /** Receives VSchema warnings and progress; default silent. */
  readonly log?: ServerLog;
}

/** A servable API: the GraphQL schema, the runtime behind it, and the pools it holds open. */
export interface Api {
  readonly config: Config;
  readonly vschema: VSchemaModel;
  readonly topology: Topology;
  readonly executor: MysqlShardExecutor;
  readonly catalog: ApiCatalog;
  readonly runtime: ApiRuntime;
  readonly schema: GraphQLSchema;
  /** The GraphQL context value for one request (the shape src/schema's resolvers read). */
  contextValue(requestContext: RequestContext): Record<string, unknown>;
  /** Closes the pools (waiting for statements in flight). Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds the API for `config`. Contract: rejects with ValidationError SG200 for an invalid
 * VSchema (every problem listed), with the executor's ServiceError (SG604 UNAVAILABLE, naming the
 * shard) when a shard cannot be reached, with SG850 when the shards of a keyspace disagree on
 * their schema, with SG851/SG852 for schemas it cannot serve, and with ValidationError SG1020
 * for configured relationships naming unknown tables or columns; on any rejection the pools it
 * opened are closed. A sharded keyspace is introspected for the tables its VSchema lists only.
 */
export async function createApi(config: Config, options: ApiOptions = {}): Promise<Api> {
  const log = options.log ?? silentLog;
  const input = { keyspaces: Object.fromEntries([...config.keyspaces.values()].map((ks) => [ks.name, ks.vschema])) };
  const { model: vschema, warnings } = assertValidVSchema(input, { describeVindexType });
  for (const warning of warnings) log.warn(`VSchema ${warning.path}: ${warning.message}`);
  const topology = buildTopology(config);
  const executor = createShardExecutor(topology, { pool: config.pool, limits: config.limits });
  try {
    // Every keyspace at once; the first failure in keyspace order is reported (deterministic).
    const settled = await Promise.allSettled(
      [...topology.keyspaces.values()].map((keyspace) => {
        const tables = keyspace.sharded ? [...(vschema.keyspaces.get(keyspace.name)?.tables.keys() ?? [])] : undefined;
        return introspectKeyspace(executor, keyspace.name, keyspace.shards.map((s) => s.name), {
          timeoutMs: config.limits.queryTimeoutMs,
          ...(tables === undefined ? {} : { tables }),
        });
      }),
    );
    const schemas = settled.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    assertNoDrift(schemas.flatMap((s) => s.drift));
    const catalog = buildRelationships({
      catalog: buildApiCatalog({ vschema, schemas: schemas.map((s) => s.schema) }),
      configured: config.relationships,
      databases: new Map([...config.keyspaces.values()].flatMap((ks) => ks.shards.map((shard): [string, string] => [shard.primary.database, ks.name]))),
    });
    const runtime = createApiRuntime({
      catalog,
      vschema,
      layout: topology,
      executor,
      limits: config.limits,
      cursorSecret: options.cursorSecret ?? randomBytes(32),
      mutations: { executor, sequences: createSequenceCache({ executor, layout: topology }), mode: config.transactionMode },
    });
    const schema = buildGraphQLSchema(catalog, runtime, { federation: config.federation });
    return {
      config,
      vschema,
      topology,
      executor,
      catalog,
      runtime,
      schema,
      contextValue: requestContextValue,
      close: () => executor.close(),
    };
  } catch (error) {
    await executor.close();
    throw error;
  }
}
