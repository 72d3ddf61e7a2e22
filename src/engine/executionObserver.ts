// Watching an execution: the observer executePlan reports to (each route once its shards
// are known, each statement once it settled), and a recording observer that turns the
// events into the explain list and per-shard statement counts (the N+1 guard). Owns no
// logging sink, no metrics and no timing.

import type { PlanSummary } from '../sharding/plan/describePlan.js';
import type { BindVars, Opcode } from '../sharding/plan/plan.js';
import type { InsertOpcode } from '../sharding/plan/writePlan.js';
import type { TabletType } from './shardExecutor.js';

/** A route about to run: the statement template and the shards it goes to. */
export interface RouteEvent {
  readonly keyspace: string;
  readonly table: string;
  /** The route's opcode; a lookup-routed query reports its VindexLookup opcode, an insert InsertSharded/InsertUnsharded. */
  readonly opcode: Opcode | InsertOpcode;
  /** Target shards in key-range order; empty when nothing is queried (`None`, a lookup that found nothing). */
  readonly shards: readonly string[];
  readonly sql: string;
  readonly tabletType: TabletType;
}

/** One statement on one shard, after it settled. */
export interface StatementEvent {
  readonly keyspace: string;
  readonly shard: string;
  readonly table: string;
  readonly opcode: Opcode | InsertOpcode;
  readonly tabletType: TabletType;
  readonly sql: string;
  readonly bindVars: BindVars;
  /** Rows returned (0 when it failed). */
  readonly rows: number;
  /** What the executor threw, when it failed. */
  readonly error?: unknown;
}

/**
 * Receives execution events. Contract: `onRoute` is called once per route (lookup routes
 * first), before its statements start; `onStatement` once per statement, after every
 * statement of that route settled, in target (key-range) order, failed ones included.
 * Observers must not throw; what they throw propagates out of executePlan.
 */
export interface ExecutionObserver {
  onRoute?(event: RouteEvent): void;
  onStatement?(event: StatementEvent): void;
}

/** An observer that keeps every event; see {@link createExecutionLog}. */
export interface ExecutionLog extends ExecutionObserver {
  readonly routes: readonly RouteEvent[];
  readonly statements: readonly StatementEvent[];
  /** Statements per `keyspace/shard`, keys sorted. */
  statementsPerShard(): Record<string, number>;
}

/**
 * Creates an observer that records every route and statement, in the order reported.
 * Contract: one log per request (it only grows); pass it as `observer` to executePlan.
 */
export function createExecutionLog(): ExecutionLog {
  const routes: RouteEvent[] = [];
  const statements: StatementEvent[] = [];
  return {
    routes,
    statements,
    // Methods, not arrow properties: tsx (esbuild keepNames) names every arrow property
    // with an Object.defineProperty call each time a log is created.
    onRoute(event) {
      routes.push(event);
    },
    onStatement(event) {
      statements.push(event);
    },
    statementsPerShard() {
      const counts = new Map<string, number>();
      for (const s of statements) counts.set(`${s.keyspace}/${s.shard}`, (counts.get(`${s.keyspace}/${s.shard}`) ?? 0) + 1);
      return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
  };
}

/**
 * Lists the statements an execution actually ran, shaped like summarizePlan's explain
 * entries (`{path, keyspace, opcode, shards, sql}`), one per route in the order the routes
 * ran. Unlike summarizePlan, a lookup-routed query lists the shards its lookup chose.
 */
export function describeExecution(log: Pick<ExecutionLog, 'routes'>, path: string): PlanSummary[] {
  return log.routes.map((r) => ({ path, keyspace: r.keyspace, opcode: r.opcode, shards: [...r.shards], sql: r.sql }));
}
