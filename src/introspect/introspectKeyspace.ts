// Introspects a keyspace: reads information_schema on every shard through the ShardExecutor,
// takes the first shard's schema as the keyspace's, and reports every shard that differs
// (schema drift). assertNoDrift turns drift into the start-up error. Owns the orchestration
// and the drift policy; SQL is readCatalog.ts, normalising buildSchemaInfo.ts.

import type { ShardExecutor, TabletType } from '../engine/shardExecutor.js';
import { ServiceError } from '../errors/serviceError.js';
import { buildSchemaInfo } from './buildSchemaInfo.js';
import { describeSchemaDrift, diffSchemaInfo, type SchemaDrift } from './diffSchemaInfo.js';
import { readCatalog } from './readCatalog.js';
import type { KeyspaceSchemaInfo } from './schemaInfo.js';

/** What {@link introspectKeyspace} reads, from which tablets, and within which limits. */
export interface IntrospectOptions {
  /**
   * Only these tables (exact names), e.g. the tables a sharded keyspace's VSchema lists; every
   * table and view when absent.
   */
  readonly tables?: readonly string[];
  /** Tablet to read on each shard; default `primary`. */
  readonly tabletType?: TabletType;
  /** Deadline per information_schema statement. */
  readonly timeoutMs?: number;
  /**
   * Largest information_schema result allowed per statement (one row per column, per index
   * part, …); default {@link DEFAULT_INTROSPECT_MAX_ROWS}, not the executor's query row limit.
   */
  readonly maxRows?: number;
  /** Cancels the reads. */
  readonly signal?: AbortSignal;
}

/** Default row limit of one information_schema read: far above any real schema, still a bound. */
export const DEFAULT_INTROSPECT_MAX_ROWS = 1_000_000;

/** The keyspace's schema (from its first shard) and how the other shards differ from it. */
export interface IntrospectionResult {
  readonly schema: KeyspaceSchemaInfo;
  /** Empty when every shard agrees; see {@link diffSchemaInfo} for the order. */
  readonly drift: readonly SchemaDrift[];
}

/**
 * Reads `keyspace`'s schema from information_schema on each of `shards` (every shard at once)
 * and compares each shard after the first with the first. Contract: `shards` are in the
 * keyspace's order and the first one is the reference; the schema returned is the reference
 * shard's; drift lists shards in the order given. Throws ServiceError SG304 when `shards` is
 * empty; when reads fail, the failure of the first failing shard in `shards` order (the
 * executor's ServiceError naming keyspace/shard); SG851/SG852 from building a shard's model.
 * Drift is returned, not thrown: call {@link assertNoDrift} to refuse it.
 */
export async function introspectKeyspace(
  executor: ShardExecutor,
  keyspace: string,
  shards: readonly string[],
  options: IntrospectOptions = {},
): Promise<IntrospectionResult> {
  const [referenceShard] = shards;
  if (referenceShard === undefined) {
    throw new ServiceError('SG304', `keyspace ${keyspace} has no shards to introspect`, { details: { keyspace } });
  }
  const execute = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    maxRows: options.maxRows ?? DEFAULT_INTROSPECT_MAX_ROWS,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const read = async (shard: string): Promise<KeyspaceSchemaInfo> => {
    const target = { keyspace, shard, ...(options.tabletType === undefined ? {} : { tabletType: options.tabletType }) };
    const catalog = await readCatalog(executor, target, { ...(options.tables === undefined ? {} : { tables: options.tables }), execute });
    return buildSchemaInfo(keyspace, shard, catalog);
  };

  const settled = await Promise.allSettled(shards.map(read));
  const schemas: KeyspaceSchemaInfo[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    schemas.push(result.value);
  }
  const [schema, ...others] = schemas as [KeyspaceSchemaInfo, ...KeyspaceSchemaInfo[]];
  const drift = others.flatMap((other, i) => diffSchemaInfo(schema, referenceShard, other, shards[i + 1]!));
  return Object.freeze({ schema, drift: Object.freeze(drift.map((d) => Object.freeze(d))) });
}

/**
 * Throws ServiceError SG850 listing every difference (one line each, see
 * {@link describeSchemaDrift}) when `drift` is not empty; `details.drift` holds the list.
 * Does nothing for an empty list.
 */
export function assertNoDrift(drift: readonly SchemaDrift[]): void {
  if (drift.length === 0) return;
  const keyspaces = [...new Set(drift.map((d) => d.keyspace))].join(', ');
  const count = `${drift.length} difference${drift.length === 1 ? '' : 's'}`;
  throw new ServiceError('SG850', `schema drift between the shards of ${keyspaces}: ${count}\n${drift.map(describeSchemaDrift).join('\n')}`, {
    details: { drift },
  });
}
