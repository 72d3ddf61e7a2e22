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
import { pkLoadKeyOf } from './pkLoader.js';
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

/** A keyed read's arguments checked and compiled: what its loader reads, the loader's name and the key columns. */
interface PreparedRead {
  readonly shape: KeyedShape;
  readonly name: string;
  readonly keyCols: readonly ApiColumn[];
}

/** What a relationship's reads need of it, derived once: its join columns on both ends and how an object relationship reads. */
interface RelationshipEnds {
  /** The columns of `to` that `toColumns` name, in that order. */
  readonly toCols: readonly ApiColumn[];
  /**
   * Object relationships towards the primary key of `to` (read through the by-pk loader): for
   * each primary key column of `to`, in key order, that column and the parent column it equals.
   */
  readonly pk?: readonly { readonly column: ApiColumn; readonly parentColumn: string }[];
}

/** The arguments of every read of an object relationship that is not by primary key: one object, so that its prepared read is kept. */
const ONE_ROW: SelectArgs = Object.freeze({ limit: 1 });

/**
 * Creates the keyed reads. Contract of each: see ApiRuntime (`loadByKey`, `objectRelationship`,
 * `arrayRelationship`, `relationshipAggregate`). Loads of one request share a DataLoader when
 * they read the same table by the same key columns with the same shape (canonicalised columns,
 * where, order, paging; or aggregates), so the same key asked twice in one operation, through
 * any path, is read once. What a relationship read derives from its arguments and columns alone
 * is derived once per (relationship, args object, columns array): src/schema passes the same
 * objects for every parent row of one field of an operation.
 */
export function createKeyedReads(deps: KeyedReadsDeps): KeyedReads {
  function prepare(table: ApiTable, keyColumns: readonly string[], args: SelectArgs, columns: readonly string[]): PreparedRead {
    const where = compileWhere(table, args.where);
    const orderBy = withPrimaryKey(table, compileOrderBy(table, args.order_by));
    const limit = pagingCount('limit', args.limit);
    const offset = pagingCount('offset', args.offset);
    if (limit !== undefined) assertRowLimit(table, 'limit', limit, deps.maxRows);
    const wanted = [...new Set(columns)].sort();
    for (const name of wanted) findColumn(table, name, 'SG1001', 'selected field');
    const shape: KeyedShape = { columns: wanted, where, orderBy, ...(limit === undefined ? {} : { limit }), ...(offset === undefined || offset === 0 ? {} : { offset }) };
    const name = keyedLoaderKey(table, keyColumns, { select: shape.columns, where, orderBy, ...(limit === undefined ? {} : { limit }), ...(shape.offset === undefined ? {} : { offset: shape.offset }) });
    return { shape, name, keyCols: keyColumns.map((c) => findColumn(table, c, 'SG1001', 'key column')) };
  }

  // Relationship reads by (relationship, args, columns) identity; a read that throws is not kept.
  const prepared = new WeakMap<ApiRelationship, WeakMap<SelectArgs, WeakMap<readonly string[], PreparedRead>>>();
  function preparedRead(relationship: ApiRelationship, args: SelectArgs, columns: readonly string[]): PreparedRead {
    let byArgs = prepared.get(relationship);
    if (byArgs === undefined) {
      byArgs = new WeakMap();
      prepared.set(relationship, byArgs);
    }
    let byColumns = byArgs.get(args);
    if (byColumns === undefined) {
      byColumns = new WeakMap();
      byArgs.set(args, byColumns);
    }
    let read = byColumns.get(columns);
    if (read === undefined) {
      read = prepare(relationship.to, relationship.toColumns, args, columns);
      byColumns.set(columns, read);
    }
    return read;
  }

  const endsByRelationship = new WeakMap<ApiRelationship, RelationshipEnds>();
  function endsOf(relationship: ApiRelationship): RelationshipEnds {
    let ends = endsByRelationship.get(relationship);
    if (ends === undefined) {
      const { to, toColumns } = relationship;
      const toCols = toColumns.map((c) => findColumn(to, c, 'SG1001', 'relationship column'));
      const pk =
        relationship.kind === 'object' && isPrimaryKey(to, toColumns)
          ? to.primaryKey.map((name) => {
              const at = toColumns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
              return { column: findColumn(to, name, 'SG1006', 'primary key column'), parentColumn: relationship.columns[at]! };
            })
          : undefined;
      ends = { toCols, ...(pk === undefined ? {} : { pk }) };
      endsByRelationship.set(relationship, ends);
    }
    return ends;
  }

  function load(ctx: ApiRequestContext, table: ApiTable, keyColumns: readonly string[], read: PreparedRead, key: readonly SqlValue[] | undefined, path: string): Promise<ApiRow[]> {
    if (key === undefined) return Promise.resolve([]);
    const loader = ctx.keyedLoader(read.name, () => createKeyedLoader(table, keyColumns, read.shape, deps.batchDeps(ctx)));
    return loader.load(keyedLoadKey(read.keyCols, key, path));
  }

  function relationshipKey(relationship: ApiRelationship, parent: ApiRow): SqlValue[] | undefined {
    return keyValues(endsOf(relationship).toCols, relationship.columns.map((c) => parent[c]), false);
  }

  return {
    loadByKey(rc, table, keyColumns, key, args, columns, path) {
      const ctx = deps.context(rc);
      const cols = keyColumns.map((c) => findColumn(table, c, 'SG1001', 'key column'));
      const names = cols.map((c) => c.name);
      const read = prepare(table, names, args, columns);
      return load(ctx, table, names, read, keyValues(cols, cols.map((c) => key[c.name]), true), path);
    },

    async objectRelationship(rc, relationship, parent, columns, path) {
      const ctx = deps.context(rc);
      const { to } = relationship;
      const { pk } = endsOf(relationship);
      if (pk !== undefined) {
        const values = keyValues(
          pk.map((p) => p.column),
          pk.map((p) => parent[p.parentColumn]),
          false,
        );
        if (values === undefined) return null;
        return deps.pkLoader(ctx, to).load(pkLoadKeyOf(to, values, columns, path));
      }
      const found = await load(ctx, to, relationship.toColumns, preparedRead(relationship, ONE_ROW, columns), relationshipKey(relationship, parent), path);
      return found[0] ?? null;
    },

    arrayRelationship(rc, relationship, parent, args, columns, path) {
      const ctx = deps.context(rc);
      return load(ctx, relationship.to, relationship.toColumns, preparedRead(relationship, args, columns), relationshipKey(relationship, parent), path);
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
      return loader.load(keyedLoadKey(endsOf(relationship).toCols, key, path));
    },
  };
}
