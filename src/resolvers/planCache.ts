// The plan cache: a bounded LRU of planQuery results keyed by the whole QueryRequest (values
// included) and the planning limits, so a repeated field with the same arguments does no
// planning work (routing, vindex hashing, SQL text). Owns the key and the counters only.

import { planQuery, type PlanningContext } from '../sharding/planner/planQuery.js';
import type { SelectPlan } from '../sharding/plan/plan.js';
import type { Predicate, QueryRequest } from '../sharding/planner/queryRequest.js';
import { bytesToHex } from '../util/hex.js';
import { assertNever } from '../util/invariant.js';
import { LruCache } from '../util/lru.js';
import type { SqlValue } from '../util/sqlValue.js';
import type { PlanCacheStats } from './apiRuntime.js';

function valueKey(v: SqlValue): string {
  return `${v.type}:${bytesToHex(v.raw)}`;
}

function predicateKey(p: Predicate): string {
  switch (p.kind) {
    case 'and':
    case 'or':
      return `${p.kind}(${p.operands.map(predicateKey).join(',')})`;
    case 'not':
      return `not(${predicateKey(p.operand)})`;
    case 'cmp':
      return `cmp(${JSON.stringify(p.column)}${p.op}${valueKey(p.value)})`;
    case 'in':
      return `in(${JSON.stringify(p.column)},${p.negated},${p.values.map(valueKey).join(',')})`;
    case 'isNull':
      return `null(${JSON.stringify(p.column)},${p.negated})`;
    case 'like':
      return `like(${JSON.stringify(p.column)},${p.negated},${valueKey(p.pattern)})`;
    case 'true':
    case 'false':
      return p.kind;
    default:
      return assertNever(p, 'predicate');
  }
}

/**
 * A text that is equal for two requests exactly when planQuery would plan them the same way:
 * every field of the request, values by type and bytes. Exported for tests.
 */
export function requestKey(request: QueryRequest): string {
  return JSON.stringify([
    request.keyspace,
    request.table,
    request.select,
    request.where === undefined ? null : predicateKey(request.where),
    request.orderBy ?? null,
    request.limit ?? null,
    request.offset ?? null,
    request.aggregates ?? null,
    request.destination ?? null,
    request.partition ?? null,
    request.groupBy ?? null,
  ]);
}

/** A bounded plan cache over planQuery with hit/miss counters. */
export class PlanCache {
  readonly #plans: LruCache<string, SelectPlan>;
  readonly #capacity: number;
  #hits = 0;
  #misses = 0;

  /** Contract: `capacity` is a positive integer. */
  constructor(capacity: number) {
    this.#plans = new LruCache(capacity);
    this.#capacity = capacity;
  }

  /**
   * Returns the plan of `request` under `context`, planning it on a miss. Contract: `scope`
   * names the planning context (two contexts with different limits must use different scopes);
   * plans are immutable and shared; a request that fails to plan is not cached (the error is
   * thrown again next time).
   */
  plan(request: QueryRequest, context: PlanningContext, scope: string): SelectPlan {
    const key = `${scope}\u0000${requestKey(request)}`;
    const cached = this.#plans.get(key);
    if (cached !== undefined) {
      this.#hits++;
      return cached;
    }
    this.#misses++;
    const plan = planQuery(request, context);
    this.#plans.set(key, plan);
    return plan;
  }

  /** The counters since creation and the current size. */
  stats(): PlanCacheStats {
    return { hits: this.#hits, misses: this.#misses, size: this.#plans.size, capacity: this.#capacity };
  }
}
