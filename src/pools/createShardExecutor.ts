// The ShardExecutor over real MySQL: one TabletPool per tablet of the topology, bind variables
// encoded into the SQL, reads optionally sent to a healthy replica (falling back to the
// primary), identical concurrent reads consolidated, metrics recorded. Owns tablet choice and
// replica health; the per-tablet pool, timeouts and error wrapping are tabletPool.ts.

import { ServiceError } from '../errors/serviceError.js';
import type { BeginOptions, ExecuteOptions, QueryResult, ShardTarget, TransactionConnection, TransactionalShardExecutor } from '../engine/shardExecutor.js';
import { findKeyspace, type Topology } from '../topology/topology.js';
import { bindTemplate, prepareSql, type BindVars } from './bindSql.js';
import { ExecutorMetrics, type ExecutorMetricsSnapshot } from './executorMetrics.js';
import type { PoolSettings } from './resourcePool.js';
import { TabletPool } from './tabletPool.js';
import { beginTransaction } from './transactionConnection.js';

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

/** The shard executor over MySQL (with transactions: transactionConnection.ts) plus its lifecycle, health and metrics. */
export interface MysqlShardExecutor extends TransactionalShardExecutor {
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
  // Keyed by keyspace, then shard: no key string built per call.
  const shards = new Map<string, Map<string, ShardPools>>();
  const all: TabletPool[] = [];
  const poolOptions = {
    serverTimeouts: options.serverTimeouts ?? true,
    consolidation: options.consolidation ?? true,
    sessionTimeoutMs: limitOrNone(undefined, options.limits.queryTimeoutMs),
  };
  for (const keyspace of topology.keyspaces.values()) {
    const byShard = new Map<string, ShardPools>();
    shards.set(keyspace.name, byShard);
    for (const shard of keyspace.shards) {
      const primary = new TabletPool(shard.primary, options.pool, metrics, poolOptions);
      const replicas = shard.replicas.map((tablet) => new TabletPool(tablet, options.pool, metrics, poolOptions));
      all.push(primary, ...replicas);
      byShard.set(shard.name, { keyspace: keyspace.name, shard: shard.name, primary, replicas, next: 0 });
    }
  }
  const defaultTimeoutMs = limitOrNone(undefined, options.limits.queryTimeoutMs);
  const defaultMaxRows = limitOrNone(undefined, options.limits.maxRows);
  let closed: Promise<void> | undefined;

  function shardOf(target: ShardTarget): ShardPools {
    const pools = shards.get(target.keyspace)?.get(target.shard);
    if (pools !== undefined) return pools;
    const keyspace = findKeyspace(topology, target.keyspace);
    throw new ServiceError('SG305', `shard ${JSON.stringify(target.shard)} not found in keyspace ${keyspace.name} (shards: ${keyspace.shards.map((s) => s.name).join(', ')})`, {
      details: { keyspace: keyspace.name, shard: `${keyspace.name}/${target.shard}` },
    });
  }

  /** The tablets to try in order: healthy replicas round robin (for replica reads), then the primary. */
  function candidates(pools: ShardPools): TabletPool[] {
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

  /** Tries `tablets` in order; moves on only when a replica cannot be reached (each failure is counted by its pool). */
  async function executeWithFallback(tablets: readonly TabletPool[], bound: string, timeoutMs: number, maxRows: number, signal: AbortSignal | undefined): Promise<QueryResult> {
    for (let i = 0; ; i++) {
      const pool = tablets[i]!;
      try {
        const result = await pool.execute(bound, true, timeoutMs, maxRows, signal);
        if (pool.tablet.type === 'replica') pool.markHealthy();
        return result;
      } catch (error) {
        if (pool.tablet.type !== 'replica' || !(error instanceof ServiceError) || error.id !== 'SG604' || i + 1 >= tablets.length) throw error;
        pool.markUnhealthy();
      }
    }
  }

  /** A binding failure, naming the shard the statement was for. */
  function bindFailure(pools: ShardPools, error: unknown): unknown {
    if (!(error instanceof ServiceError)) return error;
    const shardName = `${pools.keyspace}/${pools.shard}`;
    return new ServiceError(error.id, `${error.message} (statement for ${shardName})`, { details: { ...error.details, shard: shardName }, cause: error });
  }

  // Not async: the tablet pool's promise is returned as it is (no promise and microtask more
  // per call), and the pool counts the failures of statements itself. A call that fails before
  // it reaches a tablet (closed, unknown shard, binding) rejects without counting.
  function execute(target: ShardTarget, sql: string, bindVars: BindVars, callOptions?: ExecuteOptions): Promise<QueryResult> {
    if (closed !== undefined) {
      return Promise.reject(new ServiceError('SG613', `the shard executor is closed; cannot run on ${target.keyspace}/${target.shard}`, { details: { shard: `${target.keyspace}/${target.shard}` } }));
    }
    let pools: ShardPools;
    try {
      pools = shardOf(target);
    } catch (error) {
      return Promise.reject(error);
    }
    const template = prepareSql(sql);
    const read = template.isRead;
    let bound: string;
    try {
      bound = bindTemplate(template, bindVars);
    } catch (error) {
      return Promise.reject(bindFailure(pools, error));
    }
    const timeoutMs = callOptions?.timeoutMs === undefined ? defaultTimeoutMs : limitOrNone(callOptions.timeoutMs, 0);
    const maxRows = callOptions?.maxRows === undefined ? defaultMaxRows : limitOrNone(callOptions.maxRows, 0);
    const signal = callOptions?.signal;
    if (read && target.tabletType === 'replica' && pools.replicas.length > 0) return executeWithFallback(candidates(pools), bound, timeoutMs, maxRows, signal);
    return pools.primary.execute(bound, read, timeoutMs, maxRows, signal);
  }

  async function health(): Promise<ShardHealth[]> {
    return Promise.all(
      [...shards.values()].flatMap((byShard) => [...byShard.values()]).map(async (pools): Promise<ShardHealth> => {
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

  async function begin(target: ShardTarget, beginOptions: BeginOptions = {}): Promise<TransactionConnection> {
    if (closed !== undefined) {
      throw new ServiceError('SG613', `the shard executor is closed; cannot begin a transaction on ${target.keyspace}/${target.shard}`, { details: { shard: `${target.keyspace}/${target.shard}` } });
    }
    const settings = { metrics, queryTimeoutMs: options.limits.queryTimeoutMs, maxRows: options.limits.maxRows, serverTimeouts: options.serverTimeouts ?? true };
    return beginTransaction(shardOf(target).primary, settings, beginOptions.signal);
  }

  return {
    execute,
    begin,
    async server(target) {
      if (closed !== undefined) throw new ServiceError('SG613', `the shard executor is closed; cannot reach ${target.keyspace}/${target.shard}`, { details: { shard: `${target.keyspace}/${target.shard}` } });
      return shardOf(target).primary.server();
    },
    health,
    metrics,
    metricsSnapshot: () => metrics.snapshot(),
    close() {
      closed ??= Promise.all(all.map((pool) => pool.close())).then(() => undefined);
      return closed;
    },
  };
}
