// What all lookup vindexes share (Vitess lookupInternal + the LookupNonUnique/LookupUnique
// bodies): parsing table/from/to and the flags, the lookup SQL, the Map short-cuts and
// MapResult. Owns no I/O: the engine runs `query()` and hands the rows back to `mapResult`.
// Mirrors vitess go/vt/vtgate/vindexes/lookup_internal.go and lookup.go.

import { ServiceError } from '../../errors/serviceError.js';
import { invariant } from '../../util/invariant.js';
import { describeSqlValue, isIntegral, isNull, sqlValueToBytes, sqlValueToString, type SqlValue } from '../../util/sqlValue.js';
import { FULL_KEY_RANGE } from '../key/keyRange.js';
import type { Destination } from '../key/destination.js';
import { NONE } from './functionalVindex.js';
import type { ParamReader } from './paramReader.js';
import type { LookupParams, LookupQuery, LookupVindex } from './vindex.js';
import type { VindexDefinition } from './vindexDefinition.js';
import { asUnmappable } from './vindexErrors.js';

/** Params every lookup type reads (Vitess lookupInternalParams). */
export const LOOKUP_INTERNAL_PARAMS: readonly string[] = ['batch_lookup', 'from', 'ignore_nulls', 'read_lock', 'table', 'to'];
/** Params of the lookup_* types (Vitess lookupCommonParams): the internal ones plus autocommit flags. */
export const LOOKUP_COMMON_PARAMS: readonly string[] = [...LOOKUP_INTERNAL_PARAMS, 'autocommit', 'multi_shard_autocommit'];

const READ_LOCKS: Readonly<Record<string, string>> = { exclusive: 'for update', shared: 'lock in share mode', none: '' };
const FULL_RANGE: Destination = Object.freeze({ kind: 'keyRange', keyRange: FULL_KEY_RANGE });

/** Which optional params a lookup type reads and how it sets upsert. */
export interface LookupParamRules {
  /** Reads `autocommit` and `multi_shard_autocommit` (lookup_* types; consistent lookups do not). */
  readonly common: boolean;
  /** Reads `no_verify` (lookup, lookup_unique). */
  readonly noVerify: boolean;
  /** Upserts when autocommit (or multi_shard_autocommit) is on: the non-unique lookup_* types. */
  readonly upsertWithAutocommit: boolean;
}

/** The params a lookup query needs (Vitess lookupInternal.Init builds its SQL from them). */
export type LookupQueryParam = 'table' | 'from' | 'to';

/**
 * The params `params` lacks for its lookup query, in the order table, from, to: `table` or
 * `to` empty, or a `from` whose first column is empty (only that one is queried, as in Vitess).
 * Empty when the lookup query can be built. Vitess accepts such a vindex (lookupInternal.Init
 * requires none of them) and fails only when its malformed query runs.
 */
export function missingLookupParams(params: LookupParams): LookupQueryParam[] {
  const missing: LookupQueryParam[] = [];
  if (params.table === '') missing.push('table');
  if ((params.from[0] ?? '') === '') missing.push('from');
  if (params.to === '') missing.push('to');
  return missing;
}

/**
 * Reads the params of lookup vindex `name` as Vitess lookupInternal.Init, parseCommonConfig
 * and boolFromMap do, recording problems in `reader`. As in Vitess, `table`, `from` and `to`
 * may be missing or empty (the vindex is created, and planning a query that needs it fails):
 * each one missing is a warning, as is an empty column name in `from`. `from` is split at
 * commas and each column trimmed (so a missing `from` is one empty column, as in Go).
 */
export function readLookupParams(reader: ParamReader, rules: LookupParamRules, name: string): LookupParams {
  const table = reader.get('table') ?? '';
  const fromText = reader.get('from') ?? '';
  const from = fromText.split(',').map((c) => c.trim());
  const to = reader.get('to') ?? '';
  const ignoreNulls = reader.bool('ignore_nulls');
  const batchLookup = reader.bool('batch_lookup');
  const readLock = reader.get('read_lock') ?? '';
  if (reader.has('read_lock') && !(readLock in READ_LOCKS)) {
    reader.problem(`param read_lock must be exclusive, shared or none, got ${JSON.stringify(readLock)}`);
  }
  const autocommitParam = rules.common && reader.bool('autocommit');
  const multiShardAutocommit = rules.common && reader.bool('multi_shard_autocommit');
  const writeOnly = reader.bool('write_only');
  const noVerify = rules.noVerify && reader.bool('no_verify');
  const params: LookupParams = Object.freeze({
    table,
    from: Object.freeze(from),
    to,
    autocommit: autocommitParam || multiShardAutocommit,
    upsert: rules.upsertWithAutocommit && (autocommitParam || multiShardAutocommit),
    writeOnly,
    ignoreNulls,
    batchLookup,
    readLock,
    multiShardAutocommit,
    noVerify,
  });
  for (const param of missingLookupParams(params)) {
    const what = param === 'from' && fromText.trim() !== '' ? `an empty first column in its from param ${JSON.stringify(fromText)}` : `no ${param} param`;
    reader.warn(param, `lookup vindex ${name} has ${what}: it cannot route queries`);
  }
  if (from.length > 1 && from.some((c) => c === '') && from[0] !== '') {
    reader.warn('from', `lookup vindex ${name} has an empty column name in its from param ${JSON.stringify(fromText)}`);
  }
  return params;
}

/** The lookup statements of `params` (lookupInternal.Init: sel, selTxDml, ver). */
export function buildLookupQuery(params: LookupParams): LookupQuery {
  const { table, to } = params;
  const from0 = params.from[0] ?? '';
  const sql = `select ${from0}, ${to} from ${table} where ${from0} in ::${from0}`;
  const lock = READ_LOCKS[params.readLock] ?? READ_LOCKS.exclusive!;
  return Object.freeze({
    table,
    from: params.from,
    to,
    sql,
    lockingSql: lock === '' ? sql : `${sql} ${lock}`,
    verifySql: `select ${from0} from ${table} where ${from0} = :${from0} and ${to} = :${to}`,
  });
}

/** How a lookup type turns one `to` value into a keyspace id: its bytes, or `hash` of its uint64. */
export type LookupToKeyspaceId = (to: SqlValue) => Uint8Array | undefined;

/**
 * What distinguishes one lookup vindex type. Defaults: not consistent (lookup_* params, commit
 * order NORMAL), planable, MapResult honours write_only, `to` values are keyspace id bytes,
 * ids are bound as they are.
 */
export interface LookupTypeSpec {
  readonly type: string;
  /** Unique types cost 10, the others 20. */
  readonly isUnique: boolean;
  /** Param names the type reads, sorted. */
  readonly knownParams: readonly string[];
  /** consistent_lookup*: commit order PRE; no autocommit or multi_shard_autocommit params. */
  readonly consistent?: boolean;
  /** Reads `no_verify` (lookup, lookup_unique). */
  readonly noVerify?: boolean;
  /** False for lookup_unicodeloosemd5_hash*, which Vitess maps only through Map. */
  readonly planable?: boolean;
  /** False for lookup_unique, whose Vitess MapResult ignores write_only. */
  readonly writeOnlyInMapResult?: boolean;
  /**
   * A `to` value → keyspace id; undefined means "cannot convert": skipped for non-unique types,
   * `none` for unique ones (lookup_hash*). Throws SqlValueError where Vitess MapResult fails.
   */
  readonly toKeyspaceId?: LookupToKeyspaceId;
  /** The value bound for an id (identity except lookup_unicodeloosemd5_hash*); throws SqlValueError or SG402. */
  readonly lookupValue?: (id: SqlValue) => SqlValue;
}

/** The `to` value's bytes as the keyspace id (lookup, consistent_lookup; ToBytes). */
export const toBytesKeyspaceId: LookupToKeyspaceId = (to) => new Uint8Array(sqlValueToBytes(to));

/**
 * Builds a LookupVindex of type `spec` from parsed params. Contract (per Vitess Map / MapResult):
 * - mapWithoutLookup: write_only → full range per id; non-unique with ignore_nulls and a single
 *   NULL id → full range; else undefined.
 * - mapResult: one destination per id; `rowsPerId` must have one entry per id.
 */
export function createLookupVindex(spec: LookupTypeSpec, name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  const { isUnique, lookupValue } = spec;
  const toKeyspaceId = spec.toKeyspaceId ?? toBytesKeyspaceId;
  const label = { name, type: spec.type };
  const query = buildLookupQuery(params);
  const fullRanges = (n: number): Destination[] => new Array<Destination>(n).fill(FULL_RANGE);
  const convert = (to: SqlValue): Uint8Array | undefined => {
    try {
      return toKeyspaceId(to);
    } catch (error) {
      throw asUnmappable(label, to, error);
    }
  };
  const vindex: LookupVindex = {
    kind: 'lookup',
    ...label,
    cost: isUnique ? 10 : 20,
    isUnique,
    needsVCursor: true,
    unknownParams: Object.freeze([...unknownParams]),
    params,
    planable: spec.planable ?? true,
    commitOrder: spec.consistent ? 'PRE' : 'NORMAL',
    allowBatch: params.batchLookup,
    isBackfilling: params.writeOnly,
    query: () => query,
    lookupValues: (ids) =>
      lookupValue === undefined
        ? [...ids]
        : ids.map((id) => {
            try {
              return lookupValue(id);
            } catch (error) {
              throw asUnmappable(label, id, error);
            }
          }),
    mapWithoutLookup(ids) {
      if (params.writeOnly) return fullRanges(ids.length);
      if (!isUnique && params.ignoreNulls && ids.length === 1 && isNull(ids[0]!)) return fullRanges(1);
      return undefined;
    },
    mapResult(ids, rowsPerId) {
      invariant(ids.length === rowsPerId.length, `mapResult got ${ids.length} ids and ${rowsPerId.length} row lists`);
      if (params.writeOnly && (spec.writeOnlyInMapResult ?? true)) return fullRanges(ids.length);
      return rowsPerId.map((rows, i): Destination => {
        if (rows.length === 0) return NONE;
        if (!isUnique) {
          const ksids: Uint8Array[] = [];
          for (const to of rows) {
            const ksid = convert(to);
            if (ksid !== undefined) ksids.push(ksid);
          }
          return { kind: 'keyspaceIds', ksids };
        }
        if (rows.length > 1) {
          throw new ServiceError(
            'SG405',
            `vindex ${JSON.stringify(name)} (${spec.type}): lookup table ${params.table} has ${rows.length} rows for ${describeSqlValue(ids[i]!)}; a unique vindex needs at most one`,
            { details: { vindex: name, type: spec.type, table: params.table, value: describeSqlValue(ids[i]!), rows: rows.length } },
          );
        }
        const ksid = convert(rows[0]!);
        return ksid === undefined ? NONE : { kind: 'keyspaceId', ksid };
      });
    },
  };
  return Object.freeze(vindex);
}

/**
 * Groups the rows of one batched lookup query by id, as Vitess VindexLookup.executeBatch does:
 * a row `[from, to]` belongs to every id whose text equals the text of `from`. Returns, per
 * id in order, its `to` values in row order.
 */
export function groupLookupRows(ids: readonly SqlValue[], rows: readonly (readonly SqlValue[])[]): SqlValue[][] {
  const byText = new Map<string, SqlValue[]>();
  for (const row of rows) {
    invariant(row.length >= 2, 'a lookup row has the from and the to column');
    const text = sqlValueToString(row[0]!);
    const list = byText.get(text);
    if (list) list.push(row[1]!);
    else byText.set(text, [row[1]!]);
  }
  return ids.map((id) => [...(byText.get(sqlValueToString(id)) ?? [])]);
}

/**
 * True when Vitess looks all ids up with one query (the first id is integral, or the vindex
 * allows batching); otherwise it runs one query per id. Contract: `ids` is not empty.
 */
export function isBatchLookup(vindex: LookupVindex, ids: readonly SqlValue[]): boolean {
  invariant(ids.length > 0, 'a lookup needs at least one id');
  return isIntegral(ids[0]!) || vindex.allowBatch;
}

/** The registry definition of a lookup type: reads its params as Vitess does, then builds it. */
export function lookupDefinition(spec: LookupTypeSpec): VindexDefinition {
  const rules: LookupParamRules = {
    common: !spec.consistent,
    noVerify: spec.noVerify ?? false,
    upsertWithAutocommit: !spec.consistent && !spec.isUnique,
  };
  return {
    type: spec.type,
    kind: 'lookup',
    cost: spec.isUnique ? 10 : 20,
    isUnique: spec.isUnique,
    needsVCursor: true,
    knownParams: spec.knownParams,
    create: (name: string, reader: ParamReader) => createLookupVindex(spec, name, readLookupParams(reader, rules, name), reader.unknown(spec.knownParams)),
  };
}
