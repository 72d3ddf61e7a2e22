// The ShardExecutor over real MySQL: one TabletPool per tablet of the topology, bind variables
// encoded into the SQL, reads optionally sent to a healthy replica (falling back to the
// primary), identical concurrent reads consolidated, metrics recorded. Owns tablet choice and
// replica health; the per-tablet pool, timeouts and error wrapping are tabletPool.ts.

import { ServiceError } from '../errors/serviceError.js';
import type { ExecuteOptions, QueryResult, ShardExecutor, ShardTarget } from '../engine/shardExecutor.js';
import { findKeyspace, type Topology } from '../topology/topology.js';
import { bindTemplate, prepareSql, type BindVars } from './bindSql.js';
import { Consolidator } from './consolidator.js';
import { ExecutorMetrics, type ExecutorMetricsSnapshot } from './executorMetrics.js';
import type { PoolSettings } from './resourcePool.js';
import { TabletPool } from './tabletPool.js';

/** Statement limits applied when a call does not give its own (the `limits` configuration section). */
export interface ExecutorLimits {
  /** Default statement deadline in ms (0 = none). */
  readonly queryTimeoutMs: number;
  /** Default most rows one statement may return (0 = none). */
  readonly maxRows: number;
}

/** Options of {@link createShardExecutor}; `pool` and `limits` are shaped like the config sections. */
export interface ShardExecutorOptions {
  readonly pool: PoolSettings;
  readonly limits: ExecutorLimits;
  /** Whether identical concurrent reads share one execution (default true). */
  readonly consolidation?: boolean;
  /**
   * Whether the deadline is also written into the statement for the server to enforce
   * (default true). False relies on the client-side KILL QUERY only, for servers or proxies
   * that reject `SET STATEMENT … FOR` or optimizer hints.
   */
  readonly serverTimeouts?: boolean;
}

/** Whether one shard's primary answered a ping. */
export interface ShardHealth {
  readonly keyspace: string;
  readonly shard: string;
  readonly tablet: string;
  readonly ok: boolean;
  /** Present when `ok` is false: the error's catalogue id, code and message. */
  readonly error?: { readonly id: string; readonly code: string; readonly message: string };
}

/** The shard executor over MySQL plus its lifecycle, health and metrics. */
export interface MysqlShardExecutor extends ShardExecutor {
  /** Closes every pool (waiting for statements in flight); later calls fail with SG613. Idempotent. */
  close(): Promise<void>;
  /**
   * Pings every shard's primary on its admin connection, all at once (shards in topology
   * order); each answer within the acquire timeout or fails; never rejects.
   */
  health(): Promise<ShardHealth[]>;
  /** The metrics this executor records into. */
  readonly metrics: ExecutorMetrics;
  /** Shortcut for `metrics.snapshot()`. */
  metricsSnapshot(): ExecutorMetricsSnapshot;
}

interface ShardPools {
  readonly keyspace: string;
  readonly shard: string;
  readonly primary: TabletPool;
  readonly replicas: readonly TabletPool[];
  next: number;
}

function limitOrNone(value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  return Number.isFinite(n) && n > 0 ? n : Infinity;
}

/**
 * Creates the executor for `topology`: a pool per tablet (primary and replicas), connected
 * lazily. `execute` binds `bindVars` into `sql` (see bindTemplate), runs it on the target shard's
 * primary, or for `tabletType: 'replica'` on the next healthy replica in round-robin order:
 * a replica that cannot be reached is marked unhealthy (retried after a backoff of 1 s
 * doubling to 30 s) and the call moves on to the next replica, then to the primary. Reads
 * (SELECT) with the same final SQL and row limit on the same tablet share one execution while
 * it is in flight (each waiter keeps its own deadline). Every rejection is a ServiceError
 * naming `keyspace/shard` in its message and `details.shard`: an unknown keyspace is SG201 and an unknown shard SG305; see TabletPool for
 * the rest. `metrics` defaults to a new ExecutorMetrics.
 */
export function createShardExecutor(topology: Topology, options: ShardExecutorOptions, metrics: ExecutorMetrics = new ExecutorMetrics()): MysqlShardExecutor {
  const shards = new Map<string, ShardPools>();
  const all: TabletPool[] = [];
  for (const keyspace of topology.keyspaces.values()) {
    for (const shard of keyspace.shards) {
      const primary = new TabletPool(shard.primary, options.pool, metrics, options.serverTimeouts);
      const replicas = shard.replicas.map((tablet) => new TabletPool(tablet, options.pool, metrics, options.serverTimeouts));
      all.push(primary, ...replicas);
      shards.set(`${keyspace.name}/${shard.name}`, { keyspace: keyspace.name, shard: shard.name, primary, replicas, next: 0 });
    }
  }
  const consolidation = options.consolidation ?? true;
  const consolidators = new Map<TabletPool, { readonly consolidator: Consolidator<QueryResult>; readonly onShared: () => void }>(
    all.map((pool) => [pool, { consolidator: new Consolidator<QueryResult>(), onShared: () => metrics.recordConsolidated(pool.tablet.alias) }]),
  );
  const defaultMaxRows = limitOrNone(undefined, options.limits.maxRows);
  const defaultVariant = String(defaultMaxRows);
  let closed: Promise<void> | undefined;

  function shardOf(target: ShardTarget): ShardPools {
    const pools = shards.get(`${target.keyspace}/${target.shard}`);
    if (pools !== undefined) return pools;
    const keyspace = findKeyspace(topology, target.keyspace);
    throw new ServiceError('SG305', `shard ${JSON.stringify(target.shard)} not found in keyspace ${keyspace.name} (shards: ${keyspace.shards.map((s) => s.name).join(', ')})`, {
      details: { keyspace: keyspace.name, shard: `${keyspace.name}/${target.shard}` },
    });
  }

  /** The tablets to try in order: healthy replicas round robin (for replica reads), then the primary. */
  function candidates(pools: ShardPools, tabletType: ShardTarget['tabletType']): TabletPool[] {
    if (tabletType !== 'replica' || pools.replicas.length === 0) return [pools.primary];
    const now = performance.now();
    const n = pools.replicas.length;
    const start = pools.next++ % n;
    const order: TabletPool[] = [];
    for (let i = 0; i < n; i++) {
      const replica = pools.replicas[(start + i) % n]!;
      if (replica.isHealthy(now)) order.push(replica);
    }
    order.push(pools.primary);
    return order;
  }

  function runOn(pool: TabletPool, sql: string, read: boolean, timeoutMs: number, maxRows: number, signal: AbortSignal | undefined): Promise<QueryResult> {
    if (!read || !consolidation) return pool.execute(sql, { timeoutMs, maxRows, signal, isRead: read });
    const { consolidator, onShared } = consolidators.get(pool)!;
    const variant = maxRows === defaultMaxRows ? defaultVariant : String(maxRows);
    return consolidator.run(sql, variant, (shared) => pool.execute(sql, { timeoutMs, maxRows, isRead: true, signal: shared }), {
      signal,
      timeoutMs,
      site: pool.site,
      onShared,
    });
  }

  function failed(pool: TabletPool, error: unknown): ServiceError {
    const wrapped = error instanceof ServiceError ? error : new ServiceError('SG609', `unexpected failure on ${pool.site.shard} (tablet ${pool.site.tablet}): ${String(error)}`, { details: { ...pool.site }, cause: error });
    metrics.recordError(pool.tablet.alias, wrapped.code);
    return wrapped;
  }

  /** Tries `tablets` in order; moves on only when a replica cannot be reached. */
  async function executeWithFallback(tablets: readonly TabletPool[], bound: string, timeoutMs: number, maxRows: number, signal: AbortSignal | undefined): Promise<QueryResult> {
    for (let i = 0; ; i++) {
      const pool = tablets[i]!;
      try {
        const result = await runOn(pool, bound, true, timeoutMs, maxRows, signal);
        if (pool.tablet.type === 'replica') pool.markHealthy();
        return result;
      } catch (error) {
        const wrapped = failed(pool, error);
        if (pool.tablet.type !== 'replica' || wrapped.id !== 'SG604' || i + 1 >= tablets.length) throw wrapped;
        pool.markUnhealthy();
      }
    }
  }

  // One async function: a synchronous failure (closed, unknown shard, binding) becomes a
  // rejection without `failed` (no error metric), a failure of the statement is wrapped and
  // counted in the catch, with no `.then` wrapper (a promise and a microtask) per call.
  async function execute(target: ShardTarget, sql: string, bindVars: BindVars, callOptions: ExecuteOptions = {}): Promise<QueryResult> {
    if (closed !== undefined) {
      throw new ServiceError('SG613', `the shard executor is closed; cannot run on ${target.keyspace}/${target.shard}`, { details: { shard: `${target.keyspace}/${target.shard}` } });
    }
    const pools = shardOf(target);
    const template = prepareSql(sql);
    let bound: string;
    try {
      bound = bindTemplate(template, bindVars);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      const shardName = `${pools.keyspace}/${pools.shard}`;
      throw new ServiceError(error.id, `${error.message} (statement for ${shardName})`, { details: { ...error.details, shard: shardName }, cause: error });
    }
    const read = template.isRead;
    const timeoutMs = limitOrNone(callOptions.timeoutMs, options.limits.queryTimeoutMs);
    const maxRows = limitOrNone(callOptions.maxRows, options.limits.maxRows);
    if (read && target.tabletType === 'replica' && pools.replicas.length > 0) {
      return await executeWithFallback(candidates(pools, 'replica'), bound, timeoutMs, maxRows, callOptions.signal);
    }
    const primary = pools.primary;
    try {
      return await runOn(primary, bound, read, timeoutMs, maxRows, callOptions.signal);
    } catch (error) {
      throw failed(primary, error);
    }
  }

  async function health(): Promise<ShardHealth[]> {
    return Promise.all(
      [...shards.values()].map(async (pools): Promise<ShardHealth> => {
        const base = { keyspace: pools.keyspace, shard: pools.shard, tablet: pools.primary.tablet.alias };
        try {
          await pools.primary.ping();
          return { ...base, ok: true };
        } catch (error) {
          const e = error instanceof ServiceError ? error : new ServiceError('SG609', String(error));
          return { ...base, ok: false, error: { id: e.id, code: e.code, message: e.message } };
        }
      }),
    );
  }

  return {
    execute,
    health,
    metrics,
    metricsSnapshot: () => metrics.snapshot(),
    close() {
      closed ??= Promise.all(all.map((pool) => pool.close())).then(() => undefined);
      return closed;
    },
  };
}
