// The runtime's keyed reads: `loadByKey` (rows of a table by a tuple of columns) and the three
// relationship reads (object, array, `R_aggregate`), each turning its arguments into a keyed load
// on the request's DataLoaders (relationLoader.ts; object relationships towards a primary key on
// the by-pk loader). Owns argument handling and the choice of loader; batching is the loaders'.

import type DataLoader from 'dataloader';
import { isServiceError } from '../errors/serviceError.js';
import type { OrderBy } from '../sharding/planner/queryRequest.js';
import type { SqlValue } from '../util/sqlValue.js';
import { aggregateResult, planAggregates } from './aggregateParts.js';
import type { AggregateArgs, AggregateResult, AggregateSelection, ApiRow, ApiRuntime, RequestContext, SelectArgs } from './apiRuntime.js';
import type { ApiColumn, ApiRelationship, ApiTable } from './catalog.js';
import { compileOrderBy } from './compileOrderBy.js';
import { compileWhere } from './compileWhere.js';
import type { KeyBatchDeps } from './keyBatches.js';
import { assertRowLimit, pagingCount } from './pagingArgs.js';
import { pkLoadKey } from './pkLoader.js';
import { requestKey } from './planCache.js';
import { createKeyedAggregateLoader, createKeyedLoader, keyedLoaderKey, keyedLoadKey, type KeyedShape } from './relationLoader.js';
import type { ApiRequestContext, PkLoadKey } from './requestContext.js';
import { findColumn } from './tableColumns.js';
import { toSqlValue } from './values.js';

/** What the keyed reads need from the runtime. */
export interface KeyedReadsDeps {
  /** limits.maxRows: a per-key `limit` above it is SG1004. */
  readonly maxRows: number;
  /** The runtime's own context of a RequestContext (a bug for a foreign one). */
  context(rc: RequestContext): ApiRequestContext;
  /** The batching dependencies of one request. */
  batchDeps(ctx: ApiRequestContext): KeyBatchDeps;
  /** The request's by-pk loader of `table` (the one `T_by_pk` uses). */
  pkLoader(ctx: ApiRequestContext, table: ApiTable): DataLoader<PkLoadKey, ApiRow | null, string>;
}

/** The reads createKeyedReads adds to the runtime. */
export type KeyedReads = Pick<ApiRuntime, 'loadByKey' | 'objectRelationship' | 'arrayRelationship' | 'relationshipAggregate'>;

/** `orderBy` ended by the primary key columns it lacks (ascending), so that every order is total and every mode agrees. */
function withPrimaryKey(table: ApiTable, orderBy: readonly OrderBy[]): OrderBy[] {
  const named = new Set(orderBy.map((o) => o.column.toLowerCase()));
  return [...orderBy, ...table.primaryKey.filter((c) => !named.has(c.toLowerCase())).map((column): OrderBy => ({ column, direction: 'asc' }))];
}

/**
 * The key values of `values` (one per key column) as SqlValues of `columns`, or undefined when
 * one is null (a NULL key matches no row). With `strict` false, a value that does not fit its
 * column also gives undefined (a parent value no child column value can equal); with `strict`
 * true it is the conversion's ServiceError SG1000.
 */
function keyValues(columns: readonly ApiColumn[], values: readonly unknown[], strict: boolean): SqlValue[] | undefined {
  const out: SqlValue[] = [];
  for (const [i, column] of columns.entries()) {
    const value = values[i];
    if (value === null || value === undefined) return undefined;
    try {
      out.push(toSqlValue(column, value));
    } catch (error) {
      if (strict || !isServiceError(error) || error.id !== 'SG1000') throw error;
      return undefined;
    }
  }
  return out;
}

/** True when `columns` are exactly the table's primary key columns, in any order. */
function isPrimaryKey(table: ApiTable, columns: readonly string[]): boolean {
  const pk = new Set(table.primaryKey.map((c) => c.toLowerCase()));
  return pk.size > 0 && columns.length === pk.size && columns.every((c) => pk.has(c.toLowerCase()));
}

/**
 * Creates the keyed reads. Contract of each: see ApiRuntime (`loadByKey`, `objectRelationship`,
 * `arrayRelationship`, `relationshipAggregate`). Loads of one request share a DataLoader when
 * they read the same table by the same key columns with the same shape (canonicalised columns,
 * where, order, paging; or aggregates), so the same key asked twice in one operation, through
 * any path, is read once.
 */
export function createKeyedReads(deps: KeyedReadsDeps): KeyedReads {
  function rows(ctx: ApiRequestContext, table: ApiTable, keyColumns: readonly string[], key: readonly SqlValue[] | undefined, args: SelectArgs, columns: readonly string[], path: string): Promise<ApiRow[]> {
    const where = compileWhere(table, args.where);
    const orderBy = withPrimaryKey(table, compileOrderBy(table, args.order_by));
    const limit = pagingCount('limit', args.limit);
    const offset = pagingCount('offset', args.offset);
    if (limit !== undefined) assertRowLimit(table, 'limit', limit, deps.maxRows);
    const wanted = [...new Set(columns)].sort();
    for (const name of wanted) findColumn(table, name, 'SG1001', 'selected field');
    if (key === undefined) return Promise.resolve([]);
    const shape: KeyedShape = { columns: wanted, where, orderBy, ...(limit === undefined ? {} : { limit }), ...(offset === undefined || offset === 0 ? {} : { offset }) };
    const name = keyedLoaderKey(table, keyColumns, { select: shape.columns, where, orderBy, ...(limit === undefined ? {} : { limit }), ...(shape.offset === undefined ? {} : { offset: shape.offset }) });
    const loader = ctx.keyedLoader(name, () => createKeyedLoader(table, keyColumns, shape, deps.batchDeps(ctx)));
    const keyCols = keyColumns.map((c) => findColumn(table, c, 'SG1001', 'key column'));
    return loader.load(keyedLoadKey(keyCols, key, path));
  }

  function relationshipKey(relationship: ApiRelationship, parent: ApiRow): SqlValue[] | undefined {
    const columns = relationship.toColumns.map((c) => findColumn(relationship.to, c, 'SG1001', 'relationship column'));
    return keyValues(columns, relationship.columns.map((c) => parent[c]), false);
  }

  return {
    loadByKey(rc, table, keyColumns, key, args, columns, path) {
      const ctx = deps.context(rc);
      const cols = keyColumns.map((c) => findColumn(table, c, 'SG1001', 'key column'));
      return rows(ctx, table, cols.map((c) => c.name), keyValues(cols, cols.map((c) => key[c.name]), true), args, columns, path);
    },

    async objectRelationship(rc, relationship, parent, columns, path) {
      const ctx = deps.context(rc);
      const { to } = relationship;
      if (isPrimaryKey(to, relationship.toColumns)) {
        const values = relationship.columns.map((c) => parent[c]);
        if (values.some((v) => v === null || v === undefined)) return null;
        let key: PkLoadKey;
        try {
          key = pkLoadKey(to, Object.fromEntries(relationship.toColumns.map((c, i) => [c, values[i]])), columns, path);
        } catch (error) {
          if (isServiceError(error) && error.id === 'SG1000') return null;
          throw error;
        }
        return deps.pkLoader(ctx, to).load(key);
      }
      const found = await rows(ctx, to, relationship.toColumns, relationshipKey(relationship, parent), { limit: 1 }, columns, path);
      return found[0] ?? null;
    },

    arrayRelationship(rc, relationship, parent, args, columns, path) {
      const ctx = deps.context(rc);
      return rows(ctx, relationship.to, relationship.toColumns, relationshipKey(relationship, parent), args, columns, path);
    },

    relationshipAggregate(rc, relationship, parent, args: AggregateArgs, selection: AggregateSelection, path): Promise<AggregateResult> {
      const ctx = deps.context(rc);
      const { to, toColumns } = relationship;
      const where = compileWhere(to, args.where);
      const plan = planAggregates(to, selection);
      const key = relationshipKey(relationship, parent);
      if (key === undefined) return Promise.resolve(aggregateResult(plan, []));
      const name = `aggregate\u0000${JSON.stringify(toColumns)}\u0000${requestKey({ keyspace: to.keyspace, table: to.table, select: [], where })}\u0000${JSON.stringify(plan.reads)}`;
      const loader = ctx.keyedLoader(name, () => createKeyedAggregateLoader(to, toColumns, where, plan, deps.batchDeps(ctx)));
      const keyCols = toColumns.map((c) => findColumn(to, c, 'SG1001', 'relationship column'));
      return loader.load(keyedLoadKey(keyCols, key, path));
    },
  };
}
