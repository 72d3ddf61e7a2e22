// By-primary-key loading for `T_by_pk` and object relationships towards a primary key: one
// DataLoader per request and table whose batch is one read per shard that owns some of its keys
// (an IN over the key, or an OR of ANDs for a composite key), each settled on its own, and whose
// rows go back to their keys. Owns key validation, batching and matching rows to keys; planning
// and execution come in through PkLoaderDeps, the shard grouping from keyBatches.ts.

import DataLoader from 'dataloader';
import { ServiceError } from '../errors/serviceError.js';
import { invariant } from '../util/invariant.js';
import type { SqlValue } from '../util/sqlValue.js';
import type { ApiRow } from './apiRuntime.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import { keyGroups, settleGroups, type KeyBatchDeps } from './keyBatches.js';
import { canonicalKey, isLooseKey, keyPredicate, looseKey } from './keyTuples.js';
import type { PkLoadKey } from './requestContext.js';
import { findColumn } from './tableColumns.js';
import { apiRowReader, describeJsValue, toApiRow, toSqlValue } from './values.js';

/** What a pk loader needs from the runtime. */
export type PkLoaderDeps = KeyBatchDeps;

/**
 * The keys of a batch that matched no row exactly but may still have one by SQL equality, and
 * so are read again on their own. None when the pk has no text column or the batch found no
 * rows. Otherwise a key is read again when a row shares its loose key; and every unmatched key
 * is when a row that no key claimed exactly shares no loose key with them (the approximation
 * missed a collation rule, so nothing is assumed).
 */
function keysToReread(cols: readonly ApiColumn[], tuples: ReadonlyMap<string, readonly SqlValue[]>, rows: readonly (readonly SqlValue[])[]): string[] {
  if (!isLooseKey(cols) || rows.length === 0) return [];
  const found = new Set(rows.map((r) => canonicalKey(cols, r.slice(0, cols.length))));
  const unmatched = [...tuples.keys()].filter((k) => !found.has(k));
  if (unmatched.length === 0) return [];
  const rowLoose = new Set(rows.map((r) => looseKey(cols, r)));
  const keyLoose = new Map(unmatched.map((k) => [k, looseKey(cols, tuples.get(k)!)]));
  const wanted = new Set(keyLoose.values());
  const missed = rows.some((r) => !tuples.has(canonicalKey(cols, r.slice(0, cols.length))) && !wanted.has(looseKey(cols, r)));
  return unmatched.filter((k) => missed || rowLoose.has(keyLoose.get(k)!));
}

const pkColumnsByTable = new WeakMap<ApiTable, readonly ApiColumn[]>();

function pkColumns(table: ApiTable): readonly ApiColumn[] {
  let cols = pkColumnsByTable.get(table);
  if (cols === undefined) {
    cols = table.primaryKey.map((name) => findColumn(table, name, 'SG1006', 'primary key column'));
    pkColumnsByTable.set(table, cols);
  }
  return cols;
}

// Selected column lists already checked against a table, and their cache-key text, by list identity.
const checkedColumns = new WeakMap<readonly string[], { readonly table: ApiTable; readonly text: string }>();

/** `columns` checked against `table` (SG1001 for an unknown one) once per list, and its text for cache keys. */
function columnsText(table: ApiTable, columns: readonly string[]): string {
  const checked = checkedColumns.get(columns);
  if (checked?.table === table) return checked.text;
  for (const name of columns) findColumn(table, name, 'SG1001', 'selected field');
  const text = JSON.stringify(columns);
  checkedColumns.set(columns, { table, text });
  return text;
}

/**
 * Validates by-pk arguments and builds the load key.
 * Contract: `pk` must name every primary key column exactly once and nothing else, each with a
 * non-null value that fits its column (values.ts). Errors: ServiceError SG1007 when the table
 * has no primary key; SG1006 naming the missing, extra or null columns; SG1001 for an unknown
 * selected column; SG1000 for a value of the wrong type.
 */
export function pkLoadKey(table: ApiTable, pk: Readonly<Record<string, unknown>>, columns: readonly string[], path: string): PkLoadKey {
  const qualified = `${table.keyspace}.${table.table}`;
  if (table.primaryKey.length === 0) {
    throw new ServiceError('SG1007', `${qualified} has no primary key: it cannot be read by primary key`, { details: { keyspace: table.keyspace, table: table.table } });
  }
  const cols = pkColumns(table);
  const missing = cols.filter((c) => pk[c.name] === null || pk[c.name] === undefined).map((c) => c.name);
  const extra = Object.keys(pk).filter((k) => pk[k] !== undefined && !table.primaryKey.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
      ...(extra.length > 0 ? [`not primary key columns: ${extra.join(', ')}`] : []),
    ];
    throw new ServiceError('SG1006', `primary key of ${qualified} is (${table.primaryKey.join(', ')}): ${parts.join('; ')} in ${describeJsValue(pk)}`, {
      details: { keyspace: table.keyspace, table: table.table, missing, extra },
    });
  }
  return pkLoadKeyOf(
    table,
    cols.map((c) => toSqlValue(c, pk[c.name])),
    columns,
    path,
  );
}

/**
 * The load key of `values`, SqlValues of the table's primary key columns in key order, none NULL
 * (what {@link pkLoadKey} builds from checked arguments; object relationships towards a primary
 * key convert the parent's values themselves). Errors: SG1001 for an unknown selected column.
 */
export function pkLoadKeyOf(table: ApiTable, values: readonly SqlValue[], columns: readonly string[], path: string): PkLoadKey {
  const cols = pkColumns(table);
  invariant(values.length === cols.length && values.every((v) => v.type !== 'NULL'), 'a by-pk load key has one non-NULL value per primary key column');
  return { values, canonical: canonicalKey(cols, values), columns, columnsText: columnsText(table, columns), path };
}

/** The DataLoader cache key: the row and the columns wanted (two fields may want other columns of one row). */
function cacheKey(key: PkLoadKey): string {
  return `${key.columnsText}\u0000${key.canonical}`;
}

/** pk columns first, then every other wanted column in first-seen order. */
function selectList(table: ApiTable, keys: readonly PkLoadKey[]): string[] {
  const out = [...table.primaryKey];
  const seen = new Set(out);
  for (const key of keys) {
    for (const c of key.columns) {
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
    }
  }
  return out;
}

/** Distinct paths in load order, joined by `,`: the explain path of a batch. */
function batchPath(keys: readonly PkLoadKey[]): string {
  return [...new Set(keys.map((k) => k.path))].join(',');
}

/** The rows of one read of a batch's keys (`tuples`: canonical → values), by canonical key; undefined in dry-run. */
async function readKeys(
  table: ApiTable,
  deps: PkLoaderDeps,
  cols: readonly ApiColumn[],
  select: readonly string[],
  tuples: ReadonlyMap<string, readonly SqlValue[]>,
  path: string,
): Promise<Map<string, ApiRow | null> | undefined> {
  const selected = select.map((name) => findColumn(table, name, 'SG1001', 'selected field'));
  const result = await deps.run(deps.request(table, select, keyPredicate(cols, [...tuples.values()])), path);
  if (result === undefined) return undefined;
  const rows = new Map<string, ApiRow | null>();
  const readRow = apiRowReader(selected);
  // The key columns come first in each row: canonicalKey reads the first cols.length values.
  for (const row of result.rows) rows.set(canonicalKey(cols, row), readRow(row));
  const fallbacks = new Map<string, Promise<ApiRow | null>>();
  for (const canonical of keysToReread(cols, tuples, result.rows)) {
    fallbacks.set(
      canonical,
      deps.run(deps.request(table, select, keyPredicate(cols, [tuples.get(canonical)!])), path).then((r) => {
        invariant(r !== undefined, 'a by-pk fallback runs only after an executed batch');
        invariant(r.rows.length <= 1, `${table.keyspace}.${table.table}: ${r.rows.length} rows for one primary key`);
        return r.rows.length === 0 ? null : toApiRow(selected, r.rows[0]!);
      }),
    );
  }
  for (const [canonical, pending] of fallbacks) rows.set(canonical, await pending);
  return rows;
}

async function loadBatch(table: ApiTable, deps: PkLoaderDeps, keys: readonly PkLoadKey[]): Promise<(ApiRow | null | Error)[]> {
  const cols = pkColumns(table);
  const tuples = new Map<string, readonly SqlValue[]>();
  for (const key of keys) if (!tuples.has(key.canonical)) tuples.set(key.canonical, key.values);
  const canonicals = [...tuples.keys()];
  const select = selectList(table, keys);
  const path = batchPath(keys);
  const groups = keyGroups(deps, table, table.primaryKey, [...tuples.values()]);
  const outcomes = await settleGroups(groups, (indexes) => readKeys(table, deps, cols, select, new Map(indexes.map((i) => [canonicals[i]!, tuples.get(canonicals[i]!)!])), path));
  const found = new Map<string, ApiRow | null | Error>();
  groups.forEach((indexes, g) => {
    const outcome = outcomes[g];
    for (const i of indexes) found.set(canonicals[i]!, outcome instanceof Error ? outcome : (outcome?.get(canonicals[i]!) ?? null));
  });
  return keys.map((k) => found.get(k.canonical) ?? null);
}

/**
 * Creates the by-pk loader of one table for one request.
 * Contract (DataLoader): keys loaded in the same tick are one batch (`deps.batch` false: every
 * key its own); a batch holds at most `deps.maxBatchSize` distinct keys; its predicate is
 * `pk IN (…)` (composite keys: an OR of ANDs). When the table's vindex decides (keyBatches.ts
 * keyGroups), each shard that owns some keys gets one read with only its keys, settled on its
 * own: a failing shard fails only its keys, with the engine's error naming the shard; otherwise
 * the batch is one read that the planner routes, and its failure fails every key of the batch.
 * Results come back in key order, null for a key with no row. Keys are matched to rows by
 * canonical value; a key of a text primary key that matches no row exactly while the batch found
 * rows it may equal by collation (`'abc'` finds `'ABC'`) is read again on its own, so its
 * answer is what `=` gives (keysToReread; a key with no such row costs nothing extra).
 */
export function createPkLoader(table: ApiTable, deps: PkLoaderDeps): DataLoader<PkLoadKey, ApiRow | null, string> {
  invariant(Number.isSafeInteger(deps.maxBatchSize) && deps.maxBatchSize >= 1, `maxBatchSize must be a positive integer, got ${deps.maxBatchSize}`);
  return new DataLoader<PkLoadKey, ApiRow | null, string>((keys) => loadBatch(table, deps, keys), {
    batch: deps.batch,
    maxBatchSize: deps.maxBatchSize,
    cacheKeyFn: cacheKey,
  });
}
