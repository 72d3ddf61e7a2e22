// Keyed loading for relationships (and any "rows of T whose columns C equal this tuple" read, such
// as federation entity keys): one DataLoader per request, table, key columns and read shape
// (columns, where, order, per-key limit/offset; or an aggregate selection), whose batch is one read
// per shard that owns some keys (keyBatches.ts), per-key paging through the planner's `partition`,
// per-key aggregates through `groupBy`. Owns batching and matching rows to keys; planning and
// execution come in through KeyBatchDeps.

import DataLoader from 'dataloader';
import type { OrderBy, Predicate, QueryRequest } from '../sharding/planner/queryRequest.js';
import { invariant } from '../util/invariant.js';
import type { SqlValue } from '../util/sqlValue.js';
import { aggregateResult, type AggregatePlan } from './aggregateParts.js';
import type { AggregateResult, ApiRow } from './apiRuntime.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import { keyGroups, settleGroups, type KeyBatchDeps } from './keyBatches.js';
import { canonicalKey, isLooseKey, keyPredicate, looseKey } from './keyTuples.js';
import { requestKey } from './planCache.js';
import { findColumn } from './tableColumns.js';
import { apiRowReader } from './values.js';

/**
 * What a keyed row load reads for each key: `columns` (returned, key columns added), `where`
 * (AND-ed to the key), rows in `orderBy` order, and per key the rows `offset + 1` …
 * `offset + limit` of that order (absent: all, none skipped).
 */
export interface KeyedShape {
  readonly columns: readonly string[];
  readonly where: Predicate;
  readonly orderBy: readonly OrderBy[];
  readonly limit?: number;
  readonly offset?: number;
}

/** One keyed load: values of the loader's key columns (typed as those columns), canonical text, field path. */
export interface KeyedLoadKey {
  readonly values: readonly SqlValue[];
  /** Equal for two keys that name the same rows exactly (keyTuples.ts canonicalKey). */
  readonly canonical: string;
  readonly path: string;
}

/**
 * The load key of `values` (SqlValues of `keyColumns`, in order). Contract: no value is NULL (a
 * NULL key matches no row: callers answer it without loading).
 */
export function keyedLoadKey(keyColumns: readonly ApiColumn[], values: readonly SqlValue[], path: string): KeyedLoadKey {
  invariant(values.length === keyColumns.length && values.every((v) => v.type !== 'NULL'), 'a keyed load key has one non-NULL value per key column');
  return { values, canonical: canonicalKey(keyColumns, values), path };
}

/**
 * The identity of a keyed loader: equal exactly when two loads may share one batch and one cache
 * (same table, key columns, columns, where, order, paging, or aggregates), values by type and bytes.
 */
export function keyedLoaderKey(table: ApiTable, keyColumns: readonly string[], read: Pick<QueryRequest, 'select' | 'where' | 'orderBy' | 'limit' | 'offset' | 'aggregates'>): string {
  return `keyed\u0000${JSON.stringify(keyColumns)}\u0000${requestKey({ keyspace: table.keyspace, table: table.table, ...read })}`;
}

function and(...operands: readonly (Predicate | undefined)[]): Predicate {
  const present = operands.filter((p): p is Predicate => p !== undefined && p.kind !== 'true');
  if (present.length === 0) return { kind: 'true' };
  return present.length === 1 ? present[0]! : { kind: 'and', operands: present };
}

/** Distinct paths in load order, joined by `,`: the explain path of a batch. */
function batchPath(keys: readonly KeyedLoadKey[]): string {
  return [...new Set(keys.map((k) => k.path))].join(',');
}

/**
 * The keys of a read of several keys whose rows are not decided by exact matching, and so are
 * read again on their own (SQL decides): none unless a key column is text. A key is when a row
 * of the read equals it loosely (collation-equal, keyTuples.ts looseKey) but not exactly; every
 * key is when a row matches no key, exactly or loosely (a collation rule the approximation misses).
 * `rowKeys`: per row read, its key values first (whole rows will do: only the first cols.length
 * values are read).
 */
function keysToReread(cols: readonly ApiColumn[], tuples: ReadonlyMap<string, readonly SqlValue[]>, rowKeys: readonly (readonly SqlValue[])[]): string[] {
  if (!isLooseKey(cols) || tuples.size < 2 || rowKeys.length === 0) return [];
  const keyLoose = new Map([...tuples].map(([k, values]) => [k, looseKey(cols, values)]));
  const looseKeys = new Set(keyLoose.values());
  const rows = rowKeys.map((r) => ({ canonical: canonicalKey(cols, r), loose: looseKey(cols, r) }));
  if (rows.some((r) => !tuples.has(r.canonical) && !looseKeys.has(r.loose))) return [...tuples.keys()];
  const canonicalsByLoose = new Map<string, Set<string>>();
  for (const r of rows) canonicalsByLoose.set(r.loose, (canonicalsByLoose.get(r.loose) ?? new Set()).add(r.canonical));
  return [...tuples.keys()].filter((k) => [...(canonicalsByLoose.get(keyLoose.get(k)!) ?? [])].some((c) => c !== k));
}

/** One batch read's answer per key (canonical → T); undefined in dry-run. */
type ReadKeys<T> = (tuples: ReadonlyMap<string, readonly SqlValue[]>) => Promise<Map<string, T> | undefined>;

/**
 * Runs `read` over the batch: one read per owning shard (keyGroups), each settled on its own,
 * then each key's answer, `empty` when its read found nothing (or did not run: dry-run), the
 * read's Error when it failed.
 */
async function loadGrouped<T>(deps: KeyBatchDeps, table: ApiTable, keyNames: readonly string[], keys: readonly KeyedLoadKey[], read: ReadKeys<T>, empty: () => T): Promise<(T | Error)[]> {
  const tuples = new Map<string, readonly SqlValue[]>();
  for (const key of keys) if (!tuples.has(key.canonical)) tuples.set(key.canonical, key.values);
  const canonicals = [...tuples.keys()];
  const groups = keyGroups(deps, table, keyNames, [...tuples.values()]);
  const outcomes = await settleGroups(groups, (indexes) => read(new Map(indexes.map((i) => [canonicals[i]!, tuples.get(canonicals[i]!)!]))));
  const found = new Map<string, T | Error>();
  groups.forEach((indexes, g) => {
    const outcome = outcomes[g];
    for (const i of indexes) {
      const canonical = canonicals[i]!;
      found.set(canonical, outcome instanceof Error ? outcome : (outcome?.get(canonical) ?? empty()));
    }
  });
  return keys.map((k) => found.get(k.canonical) ?? empty());
}

/**
 * Reads the rows of several keys at once, then reads again on their own the keys that exact
 * matching cannot decide (keysToReread). `readOne` answers for a single key (every row its own).
 */
async function readWithRereads<T>(
  cols: readonly ApiColumn[],
  tuples: ReadonlyMap<string, readonly SqlValue[]>,
  readMany: (tuples: ReadonlyMap<string, readonly SqlValue[]>) => Promise<{ answers: Map<string, T>; rowKeys: readonly (readonly SqlValue[])[] } | undefined>,
  readOne: (values: readonly SqlValue[]) => Promise<T | undefined>,
): Promise<Map<string, T> | undefined> {
  if (tuples.size === 1) {
    const [canonical, values] = [...tuples][0]!;
    const answer = await readOne(values);
    return answer === undefined ? undefined : new Map([[canonical, answer]]);
  }
  const many = await readMany(tuples);
  if (many === undefined) return undefined;
  const again = keysToReread(cols, tuples, many.rowKeys);
  const reread = await Promise.all(again.map((k) => readOne(tuples.get(k)!)));
  again.forEach((k, i) => {
    const answer = reread[i];
    invariant(answer !== undefined, 'a keyed fallback runs only after an executed batch');
    many.answers.set(k, answer);
  });
  return many.answers;
}

function keyColumnsOf(table: ApiTable, keyNames: readonly string[]): ApiColumn[] {
  return keyNames.map((name) => findColumn(table, name, 'SG1001', 'key column'));
}

/**
 * Creates a keyed row loader: for each key, the rows of `table` whose `keyColumns` equal it and
 * that `shape.where` accepts, in `shape.orderBy` order, paged per key by `shape.limit`/`offset`.
 * Contract (DataLoader): keys loaded in the same tick are one batch (`deps.batch` false: every
 * key its own), at most `deps.maxBatchSize` distinct keys. A batch is one read per shard that
 * owns some keys when the table's vindex columns are among `keyColumns` (co-located: never a
 * scatter), each asking only for its keys and settled on its own (a failing shard fails only its
 * keys, with the engine's error naming the shard); otherwise one read that the planner routes
 * (its failure fails every key). A read of several keys pages with `partition` (window per key);
 * a read of one key with plain `limit`/`offset`. Results in key order: each key's rows (`[]` for
 * none; API rows of `shape.columns` only, the key columns included only when among them) or an
 * Error. Rows are matched to keys by canonical value; with a text key column, keys a
 * collation-equal row makes ambiguous are read again on their own.
 */
export function createKeyedLoader(table: ApiTable, keyColumns: readonly string[], shape: KeyedShape, deps: KeyBatchDeps): DataLoader<KeyedLoadKey, ApiRow[], string> {
  invariant(Number.isSafeInteger(deps.maxBatchSize) && deps.maxBatchSize >= 1, `maxBatchSize must be a positive integer, got ${deps.maxBatchSize}`);
  const cols = keyColumnsOf(table, keyColumns);
  const select = [...keyColumns];
  for (const c of shape.columns) if (!select.includes(c)) select.push(c);
  // Rows hold the key columns first (to match rows to keys); API rows only what the operation selected.
  const readRow = apiRowReader(
    shape.columns.map((name) => findColumn(table, name, 'SG1001', 'selected field')),
    shape.columns.map((name) => select.indexOf(name)),
  );
  const paged = shape.limit !== undefined || (shape.offset ?? 0) > 0;
  const order = shape.orderBy.length > 0 ? { orderBy: shape.orderBy } : {};

  const run = (where: Predicate, extra: Partial<QueryRequest>, path: string) => deps.run(deps.request(table, select, and(where, shape.where), { ...order, ...extra }), path);
  const load = (keys: readonly KeyedLoadKey[]): Promise<(ApiRow[] | Error)[]> => {
    const path = batchPath(keys);
    const readOne = async (values: readonly SqlValue[]): Promise<ApiRow[] | undefined> => {
      const paging = { ...(shape.limit === undefined ? {} : { limit: shape.limit }), ...((shape.offset ?? 0) > 0 ? { offset: shape.offset } : {}) };
      const result = await run(keyPredicate(cols, [values]), paging, path);
      return result?.rows.map(readRow);
    };
    const readMany = async (tuples: ReadonlyMap<string, readonly SqlValue[]>) => {
      const partition = paged ? { partition: { columns: keyColumns, ...(shape.limit === undefined ? {} : { limit: shape.limit }), ...(shape.offset === undefined ? {} : { offset: shape.offset }) } } : {};
      const result = await run(keyPredicate(cols, [...tuples.values()]), partition, path);
      if (result === undefined) return undefined;
      const answers = new Map<string, ApiRow[]>();
      // The key columns come first in each row: a row is its own key tuple (canonicalKey and
      // looseKey read the first cols.length values).
      for (const row of result.rows) {
        const canonical = canonicalKey(cols, row);
        if (!tuples.has(canonical)) continue;
        const list = answers.get(canonical);
        const apiRow = readRow(row);
        if (list === undefined) answers.set(canonical, [apiRow]);
        else list.push(apiRow);
      }
      return { answers, rowKeys: result.rows };
    };
    return loadGrouped(deps, table, keyColumns, keys, (tuples) => readWithRereads(cols, tuples, readMany, readOne), () => []);
  };
  return new DataLoader<KeyedLoadKey, ApiRow[], string>(load, { batch: deps.batch, maxBatchSize: deps.maxBatchSize, cacheKeyFn: (k) => k.canonical });
}

/**
 * Creates a keyed aggregate loader: for each key, the aggregates `plan` describes over the rows
 * of `table` whose `keyColumns` equal it and that `where` accepts. Batching, routing, failures
 * and matching as {@link createKeyedLoader}; a read of several keys groups by the key columns
 * (the planner's `groupBy`), a read of one key is a scalar aggregate. Results in key order: the
 * AggregateResult of each key (count 0 and null values for a key without rows) or an Error.
 */
export function createKeyedAggregateLoader(
  table: ApiTable,
  keyColumns: readonly string[],
  where: Predicate,
  plan: AggregatePlan,
  deps: KeyBatchDeps,
): DataLoader<KeyedLoadKey, AggregateResult, string> {
  invariant(Number.isSafeInteger(deps.maxBatchSize) && deps.maxBatchSize >= 1, `maxBatchSize must be a positive integer, got ${deps.maxBatchSize}`);
  const cols = keyColumnsOf(table, keyColumns);
  const empty = (): AggregateResult => aggregateResult(plan, []);
  type Values = ReadonlyMap<string, SqlValue>;

  const load = (keys: readonly KeyedLoadKey[]): Promise<(AggregateResult | Error)[]> => {
    const path = batchPath(keys);
    // Each read of the plan (read 0, and one for a count over several columns) as its own statement.
    const runRead = (index: number, keyWhere: Predicate, grouped: boolean) => {
      const read = plan.reads[index]!;
      if (read.aggregates.length === 0) return Promise.resolve(undefined);
      return deps.run(deps.request(table, [], and(keyWhere, where, read.where), { aggregates: read.aggregates, ...(grouped ? { groupBy: keyColumns } : {}) }), path);
    };
    const readOne = async (values: readonly SqlValue[]): Promise<AggregateResult | undefined> => {
      const results = await Promise.all(plan.reads.map((_, i) => runRead(i, keyPredicate(cols, [values]), false)));
      if (results.every((r) => r === undefined) && plan.reads.some((r) => r.aggregates.length > 0)) return undefined;
      const rows = results.map((r): Values | undefined => {
        if (r === undefined) return undefined;
        invariant(r.rows.length === 1, `an aggregate read returned ${r.rows.length} rows`);
        return new Map(r.columns.map((c, i) => [c, r.rows[0]![i]!]));
      });
      return aggregateResult(plan, rows);
    };
    const readMany = async (tuples: ReadonlyMap<string, readonly SqlValue[]>) => {
      const keyWhere = keyPredicate(cols, [...tuples.values()]);
      const results = await Promise.all(plan.reads.map((_, i) => runRead(i, keyWhere, true)));
      if (results.every((r) => r === undefined) && plan.reads.some((r) => r.aggregates.length > 0)) return undefined;
      const rowKeys: (readonly SqlValue[])[] = [];
      const perRead = results.map((r) => {
        const byKey = new Map<string, Values>();
        for (const row of r?.rows ?? []) {
          const key = row.slice(0, cols.length);
          rowKeys.push(key);
          byKey.set(canonicalKey(cols, key), new Map(r!.columns.map((c, i) => [c, row[i]!])));
        }
        return byKey;
      });
      const answers = new Map([...tuples.keys()].map((k) => [k, aggregateResult(plan, perRead.map((m) => m.get(k)))]));
      return { answers, rowKeys };
    };
    return loadGrouped(deps, table, keyColumns, keys, (tuples) => readWithRereads(cols, tuples, readMany, readOne), empty);
  };
  return new DataLoader<KeyedLoadKey, AggregateResult, string>(load, { batch: deps.batch, maxBatchSize: deps.maxBatchSize, cacheKeyFn: (k) => k.canonical });
}
