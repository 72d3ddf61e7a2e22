// The vindex contract: how a column value becomes a Destination. Mirrors the interfaces of
// vitess go/vt/vtgate/vindexes/vindex.go, minus the VCursor: vindexes here never do I/O.
// Lookup vindexes describe the query to run instead (planned here, executed by the engine).

import type { SqlValue } from '../../util/sqlValue.js';
import type { Destination } from '../key/destination.js';

/** What every vindex exposes (Vitess `Vindex`). */
export interface VindexBase {
  /** The vindex's name in its VSchema. */
  readonly name: string;
  /** The registered type, e.g. `hash`, `consistent_lookup_unique`. */
  readonly type: string;
  /** Vitess cost: 0 for identity-like (binary, numeric), 1 for hashes, 10/20 for lookups, 100 for null. The planner prefers the lowest. */
  readonly cost: number;
  /** True when a value maps to at most one keyspace id. */
  readonly isUnique: boolean;
  /** True when mapping needs a query (Vitess `NeedsVCursor`): lookup types. */
  readonly needsVCursor: boolean;
  /** Params given that this type does not know, sorted (Vitess `ParamValidating`; empty for types that do not implement it, e.g. multicol). */
  readonly unknownParams: readonly string[];
}

/**
 * A functional single-column vindex (Vitess `SingleColumn` without the cursor).
 * Contract: `map` returns one Destination per id, in order. A value the vindex cannot map
 * becomes `{kind: 'none'}` exactly where Vitess Map does (hash, numeric, reverse_bits and
 * numeric_static_map of a non-integer or NULL); where Vitess Map returns an error instead
 * (xxhash, binary, binary_md5, cfc, unicode_loose_* of a malformed HEXNUM/HEXVAL/BITNUM
 * literal, cfc of a key shorter than its last offset), `map` throws ServiceError SG402.
 */
export interface SingleColumnVindex extends VindexBase {
  readonly kind: 'singleColumn';
  map(ids: readonly SqlValue[]): Destination[];
  /**
   * True per id when it maps to the ksid at the same index (Vitess `Verify`; `ksids` has one
   * entry per id). Throws ServiceError SG402 where Vitess Verify returns an error (e.g.
   * `hash`, `numeric` of a non-integer).
   */
  verify(ids: readonly SqlValue[], ksids: readonly Uint8Array[]): boolean[];
  /** Present when Vitess implements `Reversible`: ksid → the value. Throws ServiceError SG403 for a malformed ksid. */
  reverseMap?(ksids: readonly Uint8Array[]): SqlValue[];
  /** Present when Vitess implements `Hashing`: one id → ksid. Throws ServiceError SG402 where Map would give `none` or fail. */
  hash?(id: SqlValue): Uint8Array;
  /**
   * Present when Vitess implements `Sequential` (binary, numeric): the key range
   * [hash(start), hash(end)) for a BETWEEN. Throws ServiceError SG402 when either cannot be hashed.
   */
  rangeMap?(start: SqlValue, end: SqlValue): Destination[];
  /** Present when Vitess implements `Prefixable` (cfc): the vindex that routes a LIKE prefix. */
  prefixVindex?(): SingleColumnVindex;
}

/**
 * A functional multi-column vindex (Vitess `MultiColumn`: multicol, region_experimental, region_json).
 * Contract: `map` takes one row of column values per id, in the vindex's column order; a row
 * with fewer columns than the vindex has is a prefix, mapped to a key range when `partialVindex`.
 * A row the vindex cannot map gives `{kind: 'none'}`, as Vitess does; `map` never throws for values.
 */
export interface MultiColumnVindex extends VindexBase {
  readonly kind: 'multiColumn';
  readonly partialVindex: boolean;
  map(rows: readonly (readonly SqlValue[])[]): Destination[];
  /** As Vitess Verify: multicol throws ServiceError SG402 for an unmappable row; the region types answer false. */
  verify(rows: readonly (readonly SqlValue[])[], ksids: readonly Uint8Array[]): boolean[];
}

/**
 * The lookup query of a lookup vindex (Vitess `LookupPlanable.Query` and lookupInternal).
 * Every statement binds the values looked up under the name of the first `from` column.
 */
export interface LookupQuery {
  /** The lookup table, `keyspace.table` or `table` as written in the VSchema params. */
  readonly table: string;
  /** The `from` columns (the values looked up) and the `to` column (the keyspace id or the owner's key). */
  readonly from: readonly string[];
  readonly to: string;
  /** `select <from[0]>, <to> from <table> where <from[0]> in ::<from[0]>` (Vitess `sel`): a list bind. */
  readonly sql: string;
  /** `sql` plus the read lock (`for update` by default) for use inside a DML transaction (Vitess `selTxDml`). */
  readonly lockingSql: string;
  /** `select <from[0]> from <table> where <from[0]> = :<from[0]> and <to> = :<to>` (Vitess `ver`). */
  readonly verifySql: string;
}

/**
 * A lookup vindex (lookup, lookup_unique, consistent_lookup, consistent_lookup_unique,
 * lookup_hash, lookup_hash_unique, lookup_unicodeloosemd5_hash(_unique)): mapping needs
 * the rows of its lookup table, so the planner emits `query()` and the engine runs it.
 * Mapping ids, as Vitess Map does: `mapWithoutLookup(ids)` first; when it returns undefined,
 * run `query().sql` with the `lookupValues(ids)` (one query with all of them when `allowBatch`
 * or the first id is integral, else one query per id), group the `to` values per id (a batch
 * result is matched on the text of its first column), then `mapResult`.
 */
export interface LookupVindex extends VindexBase {
  readonly kind: 'lookup';
  readonly params: LookupParams;
  /** Vitess `LookupPlanable`: true except for lookup_unicodeloosemd5_hash(_unique), which Vitess maps only through Map. */
  readonly planable: boolean;
  /** Vitess `GetCommitOrder`: `PRE` for the consistent lookups, else `NORMAL`. */
  readonly commitOrder: 'NORMAL' | 'PRE';
  /** Vitess `AllowBatch`: `batch_lookup` was set. */
  readonly allowBatch: boolean;
  /** Vitess `IsBackfilling`: `write_only` was set, so the planner must not route with this vindex. */
  readonly isBackfilling: boolean;
  query(): LookupQuery;
  /**
   * The values to bind for `ids`: the ids themselves, except that lookup_unicodeloosemd5_hash
   * binds the first 8 bytes of their unicode_loose_md5 hash as UINT64. Throws ServiceError
   * SG402 for an id that cannot be converted (invalid UTF-8).
   */
  lookupValues(ids: readonly SqlValue[]): SqlValue[];
  /**
   * The destinations Vitess Map returns without querying: `write_only` → the full key range
   * per id; a non-unique vindex with `ignore_nulls` given exactly one NULL id → the full key
   * range. Undefined when the lookup query must run.
   */
  mapWithoutLookup(ids: readonly SqlValue[]): Destination[] | undefined;
  /**
   * Turns the `to` values found for each id (`rowsPerId[i]` for `ids[i]`) into Destinations
   * exactly as Vitess `MapResult` does: no rows → none; non-unique → keyspaceIds; unique with
   * one row → keyspaceId, with more → throws ServiceError SG405. lookup_hash* hash the
   * `to` values (a value that is not an integer is skipped, or none for the unique type).
   */
  mapResult(ids: readonly SqlValue[], rowsPerId: readonly (readonly SqlValue[])[]): Destination[];
}

/** Parsed common lookup params (Vitess lookupInternal + LookupCommon). */
export interface LookupParams {
  readonly table: string;
  readonly from: readonly string[];
  readonly to: string;
  /** `autocommit`, or true when `multi_shard_autocommit` is. */
  readonly autocommit: boolean;
  /** Inserts upsert (non-unique lookup types with autocommit). */
  readonly upsert: boolean;
  readonly writeOnly: boolean;
  readonly ignoreNulls: boolean;
  readonly batchLookup: boolean;
  /** `read_lock` as given (`exclusive`, `shared`, `none`), or `''` when absent (meaning exclusive). */
  readonly readLock: string;
  readonly multiShardAutocommit: boolean;
  readonly noVerify: boolean;
}

/** Any vindex. */
export type Vindex = SingleColumnVindex | MultiColumnVindex | LookupVindex;
