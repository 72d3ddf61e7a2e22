// By-primary-key loading for `T_by_pk`: one DataLoader per request and table whose batch is one
// read (an IN over the key, or an OR of ANDs for a composite key) that the planner splits per
// shard, and whose rows go back to their keys. Owns key validation, batching and matching
// rows to keys; planning and execution come in through PkLoaderDeps.

import DataLoader from 'dataloader';
import type { ExecutionResult } from '../engine/executePlan.js';
import { ServiceError } from '../errors/serviceError.js';
import type { Predicate, QueryRequest } from '../sharding/planner/queryRequest.js';
import { bytesToHex } from '../util/hex.js';
import { invariant } from '../util/invariant.js';
import { sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import type { ApiRow } from './apiRuntime.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import type { PkLoadKey } from './requestContext.js';
import { findColumn } from './tableColumns.js';
import { describeJsValue, toApiRow, toSqlValue, valueKind } from './values.js';

/** What a pk loader needs from the runtime. */
export interface PkLoaderDeps {
  /** Most keys per statement (DataLoader maxBatchSize), at least 1. */
  readonly maxBatchSize: number;
  /** Builds the read of `table` (adds forceScatter's destination). */
  request(table: ApiTable, select: readonly string[], where: Predicate): QueryRequest;
  /** Plans and runs one read at `path`; undefined in dry-run (planned and recorded only). */
  run(request: QueryRequest, path: string): Promise<ExecutionResult | undefined>;
}

/** Strips a decimal text to a canonical form: no `+`, no leading or trailing zeros, `0` for zero. */
function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-');
  const [intPart = '', fracPart = ''] = text.replace(/^[+-]/, '').split('.');
  const int = intPart.replace(/^0+/, '') || '0';
  const frac = fracPart.replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return negative && body !== '0' ? `-${body}` : body;
}

/** A date-time text with a space before the time and without trailing zeros in its fraction. */
function canonicalDateTime(text: string): string {
  const t = text.replace('T', ' ');
  const dot = t.indexOf('.');
  if (dot < 0) return t;
  const frac = t.slice(dot + 1).replace(/0+$/, '');
  return frac === '' ? t.slice(0, dot) : `${t.slice(0, dot)}.${frac}`;
}

/**
 * The text two values of `column` share exactly when they are the same key: numbers by value
 * (`007` = `7`, `1.50` = `1.5`), date-times without a zero fraction, binary values by bytes,
 * text by its characters (collation equality is wider: see {@link isLooseKey}).
 */
function canonicalValue(column: ApiColumn, v: SqlValue): string {
  if (v.type === 'NULL') return 'null';
  const text = (): string => sqlValueToString(v);
  switch (valueKind(column)) {
    case 'Int':
    case 'BigInt':
    case 'Boolean':
      return BigInt(text()).toString();
    case 'Decimal':
      return canonicalDecimal(text());
    case 'Float':
      return String(Number(text()));
    case 'DateTime':
      return canonicalDateTime(text());
    case 'Bytes':
      return bytesToHex(v.raw);
    default:
      return text();
  }
}

/** The canonical key of one pk tuple (see canonicalValue), columns in pk order. */
function canonicalKey(columns: readonly ApiColumn[], values: readonly SqlValue[]): string {
  return JSON.stringify(columns.map((c, i) => canonicalValue(c, values[i]!)));
}

/**
 * True when a pk has a column whose SQL equality is wider than canonical text: text columns
 * compare by collation (`'abc' = 'ABC '` in utf8mb4_general_ci), and TIME by value.
 */
function isLooseKey(columns: readonly ApiColumn[]): boolean {
  return columns.some((c) => valueKind(c) === 'String');
}

/**
 * A coarse key that collation-equal texts usually share: compatibility-decomposed, marks
 * removed, lowercased, `ß` as `ss`, trailing spaces dropped. Only used to decide which keys are
 * worth reading again, never to match.
 */
function looseKey(columns: readonly ApiColumn[], values: readonly SqlValue[]): string {
  return JSON.stringify(
    columns.map((c, i) => {
      const v = values[i]!;
      if (valueKind(c) !== 'String' || v.type === 'NULL') return canonicalValue(c, v);
      return sqlValueToString(v).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').replace(/ +$/, '');
    }),
  );
}

/**
 * The keys of a batch that matched no row exactly but may still have one by SQL equality, and
 * so are read again on their own. None when the pk has no text column or the batch found no
 * rows. Otherwise a key is read again when a row shares its loose key; and every unmatched key
 * is when a row that no key claimed exactly shares no loose key with them (the approximation
 * missed a collation rule, so nothing is assumed).
 */
function keysToReread(cols: readonly ApiColumn[], tuples: ReadonlyMap<string, readonly SqlValue[]>, rows: readonly (readonly SqlValue[])[]): string[] {
  const unmatched = [...tuples.keys()].filter((k) => !rows.some((r) => canonicalKey(cols, r.slice(0, cols.length)) === k));
  if (!isLooseKey(cols) || unmatched.length === 0 || rows.length === 0) return [];
  const rowLoose = new Set(rows.map((r) => looseKey(cols, r)));
  const keyLoose = new Map(unmatched.map((k) => [k, looseKey(cols, tuples.get(k)!)]));
  const wanted = new Set(keyLoose.values());
  const missed = rows.some((r) => !tuples.has(canonicalKey(cols, r.slice(0, cols.length))) && !wanted.has(looseKey(cols, r)));
  return unmatched.filter((k) => missed || rowLoose.has(keyLoose.get(k)!));
}

function pkColumns(table: ApiTable): ApiColumn[] {
  return table.primaryKey.map((name) => findColumn(table, name, 'SG1006', 'primary key column'));
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
  const values = cols.map((c) => toSqlValue(c, pk[c.name]));
  for (const name of columns) findColumn(table, name, 'SG1001', 'selected field');
  return { values, canonical: canonicalKey(cols, values), columns, path };
}

/** The DataLoader cache key: the row and the columns wanted (two fields may want other columns of one row). */
function cacheKey(key: PkLoadKey): string {
  return `${key.canonical}|${key.columns.join(',')}`;
}

function keyPredicate(cols: readonly ApiColumn[], tuples: readonly (readonly SqlValue[])[]): Predicate {
  if (cols.length === 1) return { kind: 'in', column: cols[0]!.name, values: tuples.map((t) => t[0]!), negated: false };
  const ands: Predicate[] = tuples.map((t) => ({ kind: 'and', operands: cols.map((c, i): Predicate => ({ kind: 'cmp', column: c.name, op: '=', value: t[i]! })) }));
  return ands.length === 1 ? ands[0]! : { kind: 'or', operands: ands };
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

async function loadBatch(table: ApiTable, deps: PkLoaderDeps, keys: readonly PkLoadKey[]): Promise<(ApiRow | null)[]> {
  const cols = pkColumns(table);
  const tuples = new Map<string, readonly SqlValue[]>();
  for (const key of keys) if (!tuples.has(key.canonical)) tuples.set(key.canonical, key.values);
  const select = selectList(table, keys);
  const selected = select.map((name) => findColumn(table, name, 'SG1001', 'selected field'));
  const path = batchPath(keys);
  const result = await deps.run(deps.request(table, select, keyPredicate(cols, [...tuples.values()])), path);
  if (result === undefined) return keys.map(() => null);
  const rows = new Map<string, ApiRow>();
  for (const row of result.rows) rows.set(canonicalKey(cols, row.slice(0, cols.length)), toApiRow(selected, row));
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
  const fallen = new Map<string, ApiRow | null>();
  for (const [canonical, pending] of fallbacks) fallen.set(canonical, await pending);
  return keys.map((k) => rows.get(k.canonical) ?? fallen.get(k.canonical) ?? null);
}

/**
 * Creates the by-pk loader of one table for one request.
 * Contract (DataLoader): keys loaded in the same tick are one batch; a batch is split into
 * statements of at most `deps.maxBatchSize` distinct keys; each batch is one read whose
 * predicate is `pk IN (…)` (composite keys: an OR of ANDs), which the planner routes per shard
 * (one statement per shard per batch, only the owning shards when the pk is the sharding key).
 * Results come back in key order, null for a key with no row. Keys are matched to rows by
 * canonical value; a key of a text primary key that matches no row exactly while the batch found
 * rows it may equal by collation (`'abc'` finds `'ABC'`) is read again on its own, so its
 * answer is what `=` gives (keysToReread; a key with no such row costs nothing extra).
 * A failed read rejects every key of its batch with the read's error.
 */
export function createPkLoader(table: ApiTable, deps: PkLoaderDeps): DataLoader<PkLoadKey, ApiRow | null, string> {
  invariant(Number.isSafeInteger(deps.maxBatchSize) && deps.maxBatchSize >= 1, `maxBatchSize must be a positive integer, got ${deps.maxBatchSize}`);
  return new DataLoader<PkLoadKey, ApiRow | null, string>((keys) => loadBatch(table, deps, keys), {
    maxBatchSize: deps.maxBatchSize,
    cacheKeyFn: cacheKey,
  });
}
