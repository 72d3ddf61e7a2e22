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
  /** Vitess cost: 0 for identity-like (binary, numeric), 1 for hashes, 10/20/30 for lookups. The planner prefers the lowest. */
  readonly cost: number;
  /** True when a value maps to at most one keyspace id. */
  readonly isUnique: boolean;
  /** True when mapping needs a query (Vitess `NeedsVCursor`): lookup types. */
  readonly needsVCursor: boolean;
  /** Params given that this type does not know, sorted (Vitess `ParamValidating`). */
  readonly unknownParams: readonly string[];
}

/**
 * A functional single-column vindex (Vitess `SingleColumn` without the cursor).
 * Contract: `map` returns one Destination per id, in order, and never throws for a bad
 * value: a value the vindex cannot map becomes `{kind: 'none'}` exactly where Vitess does.
 */
export interface SingleColumnVindex extends VindexBase {
  readonly kind: 'singleColumn';
  map(ids: readonly SqlValue[]): Destination[];
  /** True per id when it maps to the ksid at the same index (Vitess `Verify`). */
  verify(ids: readonly SqlValue[], ksids: readonly Uint8Array[]): boolean[];
  /** Present when Vitess implements `Reversible`: ksid → the value. Throws ServiceError SG403 for a malformed ksid. */
  reverseMap?(ksids: readonly Uint8Array[]): SqlValue[];
  /** Present when Vitess implements `Hashing`: one id → ksid. Throws ServiceError SG402 where Map would give `none`. */
  hash?(id: SqlValue): Uint8Array;
  /** Present when Vitess implements `Prefixable` (cfc): the vindex that routes a LIKE prefix. */
  prefixVindex?(): SingleColumnVindex;
}

/**
 * A functional multi-column vindex (Vitess `MultiColumn`: multicol, region_experimental, region_json).
 * Contract: `map` takes one row of column values per id, in the vindex's column order; a row
 * with fewer columns than the vindex has is a prefix, mapped to a key range when `partialVindex`.
 */
export interface MultiColumnVindex extends VindexBase {
  readonly kind: 'multiColumn';
  readonly partialVindex: boolean;
  map(rows: readonly (readonly SqlValue[])[]): Destination[];
  verify(rows: readonly (readonly SqlValue[])[], ksids: readonly Uint8Array[]): boolean[];
}

/** The lookup query of a lookup vindex (Vitess `LookupPlanable.Query`). */
export interface LookupQuery {
  /** The lookup table, `keyspace.table` or `table` as written in the VSchema params. */
  readonly table: string;
  /** The `from` columns (the values looked up) and the `to` column (the keyspace id or the owner's key). */
  readonly from: readonly string[];
  readonly to: string;
  /** SQL with a list bind variable `::from` (Vitess style), selecting `from`, `to`. */
  readonly sql: string;
}

/**
 * A lookup vindex (lookup, lookup_unique, consistent_lookup, consistent_lookup_unique,
 * lookup_hash, lookup_hash_unique, lookup_unicodeloosemd5_hash(_unique)): mapping needs
 * the rows of its lookup table, so the planner emits `query()` and the engine runs it.
 * Contract: `mapResult(ids, rowsPerId)` turns the lookup rows for each id (same order) into
 * Destinations exactly as Vitess `MapResult` does (no rows → none; unique with >1 row → error).
 */
export interface LookupVindex extends VindexBase {
  readonly kind: 'lookup';
  readonly params: LookupParams;
  query(): LookupQuery;
  mapResult(ids: readonly SqlValue[], rowsPerId: readonly (readonly SqlValue[])[]): Destination[];
}

/** Parsed common lookup params (Vitess lookupInternal + LookupCommon). */
export interface LookupParams {
  readonly table: string;
  readonly from: readonly string[];
  readonly to: string;
  readonly autocommit: boolean;
  readonly writeOnly: boolean;
  readonly ignoreNulls: boolean;
  readonly batchLookup: boolean;
  readonly readLock: string;
  readonly multiShardAutocommit: boolean;
  readonly noVerify: boolean;
}

/** Any vindex. */
export type Vindex = SingleColumnVindex | MultiColumnVindex | LookupVindex;
