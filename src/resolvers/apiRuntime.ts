// The resolver API (Contract 2 of issue #5): what src/schema's field resolvers call. Turns
// Hasura-shaped arguments into planner QueryRequests, plans them, executes them through the
// engine (or only plans them in dry-run mode) and returns rows as plain JS values. GraphQL-free:
// no graphql import; src/schema owns names, scalars and the GraphQL types.

import { setMaxListeners } from 'node:events';
import { executePlan, type ExecutionResult } from '../engine/executePlan.js';
import type { ShardExecutor } from '../engine/shardExecutor.js';
import { ServiceError } from '../errors/serviceError.js';
import { summarizePlan, type PlanSummary } from '../sharding/plan/describePlan.js';
import { planQuery, type PlanningContext } from '../sharding/planner/planQuery.js';
import type { Predicate, QueryRequest } from '../sharding/planner/queryRequest.js';
import { routeKeys } from '../sharding/planner/routeKeys.js';
import { buildRoutingSchema } from '../sharding/planner/routingSchema.js';
import { findKeyspace, shardRanges, type TopologyLayout } from '../topology/topology.js';
import { invariant } from '../util/invariant.js';
import type { SqlValue } from '../util/sqlValue.js';
import type { VSchemaModel } from '../vschema/model.js';
import { aggregateResult, planAggregates } from './aggregateParts.js';
import type { ApiCatalog, ApiColumn, ApiRelationship, ApiTable } from './catalog.js';
import { compileOrderBy } from './compileOrderBy.js';
import { compileWhere } from './compileWhere.js';
import { decodeCursor, encodeCursor, type CursorScope } from './cursor.js';
import { connectionSortKeys, describeSortKeys, keysetAfter, keysetValue, sortKeysOrderBy } from './keyset.js';
import { assertRowLimit as rowLimit, pagingCount as count } from './pagingArgs.js';
import { createKeyedReads } from './keyedReads.js';
import type { KeyBatchDeps } from './keyBatches.js';
import { PlanCache } from './planCache.js';
import { createPkLoader, pkLoadKey } from './pkLoader.js';
import { ApiRequestContext } from './requestContext.js';
import { createMutationRuntime, type MutationOptions } from './mutationRuntime.js';
import type { MutationRuntime } from './mutationTypes.js';
import type { TransactionEnd } from './requestTransaction.js';
import { findColumn } from './tableColumns.js';
import { apiRowReader } from './values.js';

/**
 * A row as resolvers return it: column name → JS value in the forms of values.ts
 * (`fromSqlValue`): bigint, Decimal string, DateTime/Date strings, parsed JSON, Uint8Array,
 * boolean, number, enum member string, string, or null.
 */
export type ApiRow = Readonly<Record<string, unknown>>;

/**
 * A Hasura `T_bool_exp` value as GraphQL passes it: `_and` / `_or` (arrays), `_not` (one
 * bool_exp), and per column a comparison object with `_eq`, `_neq`, `_gt`, `_gte`, `_lt`,
 * `_lte`, `_in`, `_nin`, `_is_null`, `_like`, `_nlike`. Keys are column names as in ApiColumn.
 */
export type BoolExp = Readonly<Record<string, unknown>>;

/** A Hasura `order_by` enum value. */
export type OrderByDirection = 'asc' | 'asc_nulls_first' | 'asc_nulls_last' | 'desc' | 'desc_nulls_first' | 'desc_nulls_last';

/**
 * A Hasura `order_by` argument: a list of `{column: direction}` objects. Contract: terms apply
 * in list order, and within one object in key order; a column named twice keeps its first
 * term (later ones cannot change the order).
 */
export type OrderByArg = readonly Readonly<Record<string, OrderByDirection | null | undefined>>[];

/** Arguments of `T(where, order_by, limit, offset)`; null means absent (GraphQL explicit null). */
export interface SelectArgs {
  readonly where?: BoolExp | null;
  readonly order_by?: OrderByArg | Readonly<Record<string, OrderByDirection | null | undefined>> | null;
  readonly limit?: number | null;
  readonly offset?: number | null;
}

/** Arguments of `T_aggregate(where)`. */
export interface AggregateArgs {
  readonly where?: BoolExp | null;
}

/**
 * The aggregates selected under `T_aggregate { aggregate { … } }`.
 * `count: true` is `count(*)`; `{columns: [c]}` counts non-NULL `c`; `{columns: [a, b]}` counts
 * rows where every column is non-NULL; `distinct: true` counts distinct values (of several
 * columns: distinct tuples without a NULL, MySQL `COUNT(DISTINCT a, b)`; of no column: rows,
 * SG1009 on a table without a primary key). `sum`/`avg` take numeric columns only;
 * `min`/`max` any column but JSON and GEOMETRY.
 */
export interface AggregateSelection {
  readonly count?: boolean | { readonly columns?: readonly string[] | null; readonly distinct?: boolean | null };
  readonly sum?: readonly string[];
  readonly avg?: readonly string[];
  readonly min?: readonly string[];
  readonly max?: readonly string[];
}

/**
 * What `aggregate` returns; only the selected parts are present.
 * Forms: `count` a number; `sum` a Decimal string for integer and DECIMAL columns (exact, never
 * overflows) and a number for FLOAT/DOUBLE; `avg` a number; `min`/`max` the column's own JS
 * form (values.ts). Every value is null when no row matched (except count, 0).
 */
export interface AggregateResult {
  readonly count?: number;
  readonly sum?: Readonly<Record<string, unknown>>;
  readonly avg?: Readonly<Record<string, unknown>>;
  readonly min?: Readonly<Record<string, unknown>>;
  readonly max?: Readonly<Record<string, unknown>>;
}

/** Arguments of `T_connection(first, after, where, order_by)`; null means absent. */
export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly where?: BoolExp | null;
  readonly order_by?: SelectArgs['order_by'];
}

/** A Relay edge: the row and the opaque cursor that continues after it. */
export interface Edge {
  readonly cursor: string;
  readonly node: ApiRow;
}

/** Relay PageInfo; only forward pagination exists, so `hasPreviousPage` is always false. */
export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: false;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

/** A Relay connection page. */
export interface Connection {
  readonly edges: readonly Edge[];
  readonly pageInfo: PageInfo;
}

/** One explain entry: `{path, keyspace, opcode, shards, sql}` (INTERFACES.md §3 `explain`, §4 `extensions.plan`). */
export type ExplainEntry = PlanSummary;

/**
 * The limits the runtime applies; src/config's LimitsConfig fits as it is.
 * `maxRows`: most rows one field may return (a `limit`/`first` above it, or an offset + limit
 * on a scatter beyond it, is RESOURCE_EXHAUSTED; it bounds each statement, so the parents of one
 * relationship batch share it); `maxBatchSize`: most keys one by-pk or relationship statement
 * carries; `queryTimeoutMs`: the time budget of one field's execution (0 = none).
 */
export interface ApiLimits {
  readonly maxRows: number;
  readonly maxBatchSize: number;
  readonly queryTimeoutMs: number;
  /** Whether an update or delete may scatter to every shard of a sharded keyspace; default false. */
  readonly allowScatterWrites?: boolean;
}

/** Plan cache counters since the runtime was created (for /metrics). */
export interface PlanCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Plans cached now. */
  readonly size: number;
  /** Most plans kept. */
  readonly capacity: number;
}

/** What createApiRuntime needs; built once at server start. */
export interface ApiRuntimeOptions {
  readonly catalog: ApiCatalog;
  readonly vschema: VSchemaModel;
  readonly layout: TopologyLayout;
  readonly executor: ShardExecutor;
  readonly limits: ApiLimits;
  /** HMAC-SHA256 key of connection cursors; cursors made with another key are rejected. */
  readonly cursorSecret: Uint8Array;
  /** Transactions, sequences and the default transaction mode; absent: a read-only runtime (no `mutations`). */
  readonly mutations?: MutationOptions;
}

/** Per-request options. */
export interface RequestContextOptions {
  /** Record explain entries of what ran (`ctx.plan()`); default false. */
  readonly explain?: boolean;
  /** Route every query to all shards of its keyspace (QueryRequest destination key range `-`). */
  readonly forceScatter?: boolean;
  /** `replica` lets reads go to replicas; default `primary`. */
  readonly tabletType?: 'primary' | 'replica';
  /** Aborting cancels the request's statements in flight. */
  readonly signal?: AbortSignal;
  /**
   * Plan only, execute nothing: `ctx.plan()` lists what would run (summarizePlan entries) and
   * every call returns an empty result (`[]`, null, count 0 and null aggregates, an empty
   * connection). For `shardgate explain`. Implies `explain`.
   */
  readonly dryRun?: boolean;
  /**
   * Default true. False turns DataLoader batching off: every by-pk and relationship load is its
   * own statement (one per parent), with the same data; for tests that compare the two.
   */
  readonly batching?: boolean;
  /**
   * The transaction mode of the request's mutations as asked (header X-Shardgate-Transaction):
   * `single` or `multi` (any case); absent: the runtime's default. Another value fails the
   * first mutation field (SG1059).
   */
  readonly transactionMode?: string;
}

/**
 * The state of one GraphQL request: its options, its DataLoaders (by-pk batches, one per
 * table; keyed relationship batches, one per table, key columns and read shape) and its
 * execution log. Contract: create one per request, never share across requests.
 */
export interface RequestContext {
  readonly options: Readonly<RequestContextOptions>;
  /**
   * The explain entries of every statement this request ran (or, in dry-run, would run), in
   * the order the routes started; each `{path, keyspace, opcode, shards, sql}`. Empty unless
   * `explain` or `dryRun` was set.
   */
  plan(): ExplainEntry[];
  /** Statements run per `keyspace/shard`, keys sorted (the N+1 guard); empty in dry-run. */
  statementsPerShard(): Record<string, number>;
  /**
   * Ends the transaction the request's mutation fields opened (none: nothing to do): commits
   * when `commit` is true and no mutation failed, else rolls back. The server calls it once the
   * operation has run, with `commit` false when the response has errors. Never rejects; see
   * TransactionEnd for what the response must then say.
   */
  endTransaction?(commit: boolean): Promise<TransactionEnd>;
}

/**
 * The resolver functions src/schema calls. Every method validates its arguments against the
 * table's catalog entry; failures are ServiceErrors (SG1000–SG1009, planner SG5xx, engine
 * SG7xx). `columns` are the columns to return (column names of the table; unknown names are
 * SG1001). `path` is the GraphQL response path of the field (`customer`, `a.b`), used in
 * explain entries.
 */
export interface ApiRuntime {
  readonly catalog: ApiCatalog;
  /** The mutation fields' functions (mutationTypes.ts); absent for a runtime created without `mutations` options. */
  readonly mutations?: MutationRuntime;
  /**
   * Counters of the plan cache (an LRU of plans keyed by the whole QueryRequest, values
   * included, so a repeated operation with the same arguments does no planning work).
   */
  planCacheStats(): PlanCacheStats;
  /** Creates the per-request context. */
  createRequestContext(options?: RequestContextOptions): RequestContext;
  /**
   * `T(where, order_by, limit, offset)`: the rows, ordered as asked (ties and no order_by: the
   * engine's merge order, deterministic for the same data). `limit` above `limits.maxRows` is
   * SG1004; without a limit, at most `maxRows` rows are read and more fail with SG709/SG602;
   * offset + limit beyond maxRows on a scatter is SG502.
   */
  select(ctx: RequestContext, table: ApiTable, args: SelectArgs, columns: readonly string[], path: string): Promise<ApiRow[]>;
  /**
   * `T_by_pk(pk…)`: the row with that primary key, or null. Batched per request and table by
   * DataLoader: keys loaded in the same tick become one statement per shard (an IN, or an OR
   * of ANDs for composite keys), split into statements of at most `limits.maxBatchSize` keys;
   * each caller gets its own row or null. Missing or extra pk arguments are SG1006; a table
   * without a primary key is SG1007.
   */
  byPk(ctx: RequestContext, table: ApiTable, pk: Readonly<Record<string, unknown>>, columns: readonly string[], path: string): Promise<ApiRow | null>;
  /** `T_aggregate(where) { aggregate { … } }`: one query (avg recombined from per-shard sum and count). */
  aggregate(ctx: RequestContext, table: ApiTable, args: AggregateArgs, request: AggregateSelection, path: string): Promise<AggregateResult>;
  /**
   * `T_connection(first, after, where, order_by)`: a forward page by keyset. Sort keys are the
   * order_by terms plus the primary key columns (asc) as a tiebreak; `after` continues strictly
   * after its row in that order (null-safe, as MySQL orders NULLs); each shard is asked for
   * `first + 1` rows, never with OFFSET. `first` absent means `limits.maxRows`; above it is
   * SG1004; negative SG1005. A forged, truncated or foreign cursor (other table, other
   * order_by) is SG1003. A table without a primary key is SG1007.
   */
  connection(ctx: RequestContext, table: ApiTable, args: ConnectionArgs, columns: readonly string[], path: string): Promise<Connection>;
  /**
   * The rows of `table` whose `keyColumns` equal `key` (column name → value, in the forms
   * by_pk takes), filtered, ordered and paged as `args` (`limit`/`offset` per key; ties and no
   * order_by in primary-key order). Batched per request by (table, key columns, read shape):
   * one statement per shard that owns some keys of a batch when the table's vindex columns are
   * among the key columns, else one routed by the planner; the same key and shape asked twice
   * is read once (relationLoader.ts). A null key value matches no row (`[]`). Errors: SG1001 for
   * an unknown key or selected column, SG1000 for a value that does not fit, SG1004/SG1005 for
   * paging; a failed read rejects with the engine's error (naming the shard).
   */
  loadByKey(
    ctx: RequestContext,
    table: ApiTable,
    keyColumns: readonly string[],
    key: Readonly<Record<string, unknown>>,
    args: SelectArgs,
    columns: readonly string[],
    path: string,
  ): Promise<ApiRow[]>;
  /**
   * An object relationship of `parent` (a row of `relationship.from` holding its `columns`): the
   * row of `relationship.to` whose `toColumns` equal them, or null (also when one is null).
   * Towards a primary key it loads through the by-pk loader (`T_by_pk`'s, so both share batches
   * and cache); otherwise the first matching row in primary-key order.
   */
  objectRelationship(ctx: RequestContext, relationship: ApiRelationship, parent: ApiRow, columns: readonly string[], path: string): Promise<ApiRow | null>;
  /** An array relationship of `parent`: loadByKey of `relationship.to` by `toColumns` with the parent's `columns` values; `[]` when one is null. */
  arrayRelationship(ctx: RequestContext, relationship: ApiRelationship, parent: ApiRow, args: SelectArgs, columns: readonly string[], path: string): Promise<ApiRow[]>;
  /**
   * `R_aggregate(where) { aggregate { … } }` of an array relationship of `parent`: the aggregates
   * over the parent's rows, batched like arrayRelationship (one grouped statement per shard per
   * batch); count 0 and null values for a parent without rows.
   */
  relationshipAggregate(ctx: RequestContext, relationship: ApiRelationship, parent: ApiRow, args: AggregateArgs, selection: AggregateSelection, path: string): Promise<AggregateResult>;
}

/** Plans kept by a runtime's plan cache. */
const PLAN_CACHE_CAPACITY = 1000;

function and(a: Predicate, b: Predicate): Predicate {
  if (a.kind === 'true') return b;
  if (b.kind === 'true') return a;
  return { kind: 'and', operands: [a, b] };
}

function context(ctx: RequestContext): ApiRequestContext {
  invariant(ctx instanceof ApiRequestContext, 'the RequestContext must come from this runtime\'s createRequestContext');
  return ctx;
}

/** The columns a read selects: their names (the QueryRequest's select) and catalog entries. */
interface Selection {
  readonly names: readonly string[];
  readonly columns: readonly ApiColumn[];
}

/**
 * The columns to read: the ones asked for, then `extra`, each once; the first key column when
 * none is asked for (a selection of `__typename` only). Unknown names are SG1001.
 */
function selection(table: ApiTable, asked: readonly string[], extra: readonly string[] = []): Selection {
  const names: string[] = [];
  for (const name of [...asked, ...extra]) if (!names.includes(name)) names.push(name);
  if (names.length === 0) names.push(table.primaryKey[0] ?? table.columns[0]!.name);
  return { names, columns: names.map((name) => findColumn(table, name, 'SG1001', 'selected field')) };
}

function rowsOf(select: Selection, result: ExecutionResult | undefined): ApiRow[] {
  return result === undefined ? [] : result.rows.map(apiRowReader(select.columns));
}

/**
 * Creates the runtime that resolves every field of the generated API.
 * Contract: `catalog` and `vschema` describe the same keyspaces as `layout`; the runtime keeps
 * no per-request state (that lives in RequestContext) and may serve requests concurrently.
 * Every read runs with the request's tabletType and signal, `limits.queryTimeoutMs` as its time
 * budget and `limits.maxRows` as its row limit (`first + 1` for a connection page, maxRows + 1
 * for an aggregate read, whose count distinct bounds its distinct values itself). Throws
 * what buildRoutingSchema throws for a vindex it cannot create.
 */
export function createApiRuntime(options: ApiRuntimeOptions): ApiRuntime {
  const { catalog, layout, executor, limits, cursorSecret } = options;
  const lookupOrphans = options.mutations?.executor;
  invariant(cursorSecret.length > 0, 'createApiRuntime needs a non-empty cursorSecret');
  invariant(Number.isSafeInteger(limits.maxRows) && limits.maxRows >= 1, `limits.maxRows must be a positive integer, got ${limits.maxRows}`);
  const routing = buildRoutingSchema(options.vschema);
  const columns = new Map(catalog.tables.map((t) => [`${t.keyspace}.${t.table}`, t.planningColumns]));
  const base = {
    routing,
    shards: (keyspace: string) => shardRanges(findKeyspace(layout, keyspace)),
    columns: (keyspace: string, table: string) => columns.get(`${keyspace}.${table}`),
  };
  const rowsContext: PlanningContext = { ...base, limits: { maxRows: limits.maxRows } };
  // A connection page reads first + 1 rows to learn whether a next page exists.
  const pageContext: PlanningContext = { ...base, limits: { maxRows: limits.maxRows + 1 } };
  const plans = new PlanCache(PLAN_CACHE_CAPACITY);
  const maxBatchSize = Math.max(1, Math.min(limits.maxBatchSize, limits.maxRows));

  function request(ctx: ApiRequestContext, table: ApiTable, select: readonly string[], where: Predicate, extra: Partial<QueryRequest> = {}): QueryRequest {
    const scatter = ctx.options.forceScatter === true && table.sharded && table.type === 'table';
    return {
      keyspace: table.keyspace,
      table: table.table,
      select,
      ...(where.kind === 'true' ? {} : { where }),
      ...extra,
      ...(scatter ? { destination: { kind: 'keyRange', keyRange: '-' } } : {}),
    };
  }

  // A connection page reads first + 1 rows; an aggregate's count distinct across shards asks
  // each shard for up to maxRows + 1 distinct values, so that the merge's own check (SG505,
  // naming the count distinct) reports one too many rather than the shard's row limit.
  // A batch of keyed reads (`cached` false) is planned without the cache: its key values are
  // part of the request, so another batch almost never asks the same again, and keying on them
  // costs more than it saves and evicts the plans of root fields.
  async function run(ctx: ApiRequestContext, req: QueryRequest, path: string, page = false, cached = true): Promise<ExecutionResult | undefined> {
    const planning = page ? pageContext : rowsContext;
    const plan = cached ? plans.plan(req, planning, page ? 'page' : 'rows') : planQuery(req, planning);
    if (ctx.options.dryRun === true) {
      ctx.record(summarizePlan(plan, path));
      return undefined;
    }
    return executePlan(plan, executor, {
      tabletType: ctx.options.tabletType ?? 'primary',
      timeoutMs: limits.queryTimeoutMs,
      maxRows: page || req.aggregates !== undefined ? limits.maxRows + 1 : limits.maxRows,
      ...(ctx.options.signal === undefined ? {} : { signal: ctx.options.signal }),
      observer: ctx.observer(path),
      layout,
      // A runtime that may write also removes the orphan consistent-lookup rows its reads meet.
      ...(lookupOrphans === undefined ? {} : { lookupOrphans }),
    });
  }

  function batchDeps(ctx: ApiRequestContext): KeyBatchDeps {
    return {
      maxBatchSize,
      batch: ctx.options.batching !== false,
      routeKeys: (t, cols, tuples) => (ctx.options.forceScatter === true ? { kind: 'planner' } : routeKeys(routing, t.keyspace, t.table, cols, tuples, base.shards(t.keyspace))),
      request: (t, select, where, extra) => request(ctx, t, select, where, extra),
      run: (req, p) => run(ctx, req, p, false, false),
    };
  }

  function pkLoader(ctx: ApiRequestContext, table: ApiTable): ReturnType<typeof createPkLoader> {
    return ctx.loader(table, () => createPkLoader(table, batchDeps(ctx)));
  }

  return {
    catalog,
    planCacheStats: () => plans.stats(),
    ...createKeyedReads({ maxRows: limits.maxRows, context, batchDeps, pkLoader }),
    createRequestContext: (opts = {}) => {
      // Every statement in flight listens to the request's signal until it ends: a scatter over
      // more than 10 shards is no leak, and Node would warn (MaxListenersExceededWarning) at 11.
      if (opts.signal !== undefined) setMaxListeners(0, opts.signal);
      return new ApiRequestContext(opts);
    },
    ...(options.mutations === undefined
      ? {}
      : {
          mutations: createMutationRuntime({
            options: options.mutations,
            context,
            writeContext: { ...rowsContext, limits: { maxRows: limits.maxRows, allowScatterWrites: limits.allowScatterWrites ?? false } },
            planRead: (req) => plans.plan(req, rowsContext, 'rows'),
            layout,
            limits,
          }),
        }),

    async select(rc, table, args, cols, path) {
      const ctx = context(rc);
      const where = compileWhere(table, args.where);
      const orderBy = compileOrderBy(table, args.order_by);
      const limit = count('limit', args.limit);
      const offset = count('offset', args.offset);
      if (limit !== undefined) rowLimit(table, 'limit', limit, limits.maxRows);
      const select = selection(table, cols);
      const req = request(ctx, table, select.names, where, {
        ...(orderBy.length > 0 ? { orderBy } : {}),
        ...(limit === undefined ? {} : { limit }),
        ...(offset === undefined || offset === 0 ? {} : { offset }),
      });
      return rowsOf(select, await run(ctx, req, path));
    },

    async byPk(rc, table, pk, cols, path) {
      const ctx = context(rc);
      return pkLoader(ctx, table).load(pkLoadKey(table, pk, cols, path));
    },

    async aggregate(rc, table, args, selected, path) {
      const ctx = context(rc);
      const where = compileWhere(table, args.where);
      const planned = planAggregates(table, selected);
      const results = await Promise.all(
        planned.reads.map(async (read) => {
          if (read.aggregates.length === 0) return undefined;
          const req = request(ctx, table, [], read.where === undefined ? where : and(where, read.where), { aggregates: read.aggregates });
          const result = await run(ctx, req, path);
          if (result === undefined) return undefined;
          invariant(result.rows.length === 1, `an aggregate read returned ${result.rows.length} rows`);
          return new Map<string, SqlValue>(result.columns.map((c, i) => [c, result.rows[0]![i]!]));
        }),
      );
      return aggregateResult(planned, results);
    },

    async connection(rc, table, args, cols, path) {
      const ctx = context(rc);
      const qualified = `${table.keyspace}.${table.table}`;
      if (table.primaryKey.length === 0) {
        throw new ServiceError('SG1007', `${qualified} has no primary key: keyset pagination needs one`, { details: { keyspace: table.keyspace, table: table.table } });
      }
      const first = count('first', args.first) ?? limits.maxRows;
      rowLimit(table, 'first', first, limits.maxRows);
      const keys = connectionSortKeys(table, compileOrderBy(table, args.order_by));
      const scope: CursorScope = { table: qualified, order: describeSortKeys(keys) };
      let where = compileWhere(table, args.where);
      if (args.after !== null && args.after !== undefined) {
        where = and(where, keysetAfter(keys, decodeCursor(cursorSecret, scope, args.after, keys.length)));
      }
      const select = selection(table, cols, keys.map((k) => k.column));
      const keyIndexes = keys.map((k) => select.names.indexOf(k.column));
      const req = request(ctx, table, select.names, where, { orderBy: sortKeysOrderBy(keys), limit: first + 1 });
      const rows = (await run(ctx, req, path, true))?.rows ?? [];
      const readRow = apiRowReader(select.columns);
      const edges: Edge[] = rows.slice(0, first).map((row) => ({
        cursor: encodeCursor(cursorSecret, scope, keyIndexes.map((at) => keysetValue(select.columns[at]!, row[at]!))),
        node: readRow(row),
      }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > first,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  };
}
