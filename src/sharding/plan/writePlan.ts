// The plans of writes: what planWrite decides and executeWritePlan executes. Pure data plus
// the vindex instances that route rows whose values are only known at execution (sequence
// ids, the keyspace ids of lookup rows). Mirrors the fields of vitess go/vt/vtgate/engine
// insert.go/insert_common.go (Insert, Generate) and dml.go/update.go/delete.go (DML).

import type { SqlValue } from '../../util/sqlValue.js';
import type { LookupWriteSql } from '../vindexes/lookupWrite.js';
import type { LookupVindex, MultiColumnVindex, SingleColumnVindex } from '../vindexes/vindex.js';
import type { KeyspaceRef, RouteNode, RouteTarget, VindexLookupNode, VindexRef } from './plan.js';

export type { LookupWriteSql } from '../vindexes/lookupWrite.js';

/** Insert opcodes, spelled as in Vitess plan JSON (engine.InsertOpcode). */
export type InsertOpcode = 'InsertUnsharded' | 'InsertSharded';

/**
 * How the rows of one table find their shard. `unsharded`: the keyspace's one shard.
 * `vindex`: the table's primary vindex (functional) maps `columns` (indexes into the row, in
 * vindex column order) to one keyspace id per row.
 */
export type RowRouting =
  | { readonly kind: 'unsharded'; readonly shard: string }
  | {
      readonly kind: 'vindex';
      readonly vindex: VindexRef;
      readonly mapper: SingleColumnVindex | MultiColumnVindex;
      readonly columns: readonly number[];
    };

/**
 * Values a sequence supplies (Vitess engine.Generate): `rows` lists, ascending, the rows whose
 * `columnIndex` cell is absent or NULL in the request; each gets the next id of `sequence`
 * (an unsharded keyspace's sequence table). Rows with their own value keep it.
 */
export interface GenerateSpec {
  readonly column: string;
  readonly columnIndex: number;
  readonly sequence: { readonly keyspace: string; readonly table: string };
  readonly rows: readonly number[];
}

/** Where a lookup table lives and how its rows (`[...from, to]`, in that order) route. */
export interface LookupTableRef {
  readonly keyspace: KeyspaceRef;
  readonly table: string;
  readonly routing: RowRouting;
}

/**
 * An owned lookup vindex a write keeps in step (Vitess ColumnVindex with Owned).
 * `columns` are the indexes, in the row the write works on (the insert's columns, or the
 * capture's), of the owner columns holding the `from` values; `commitOrder` is the vindex's
 * (`PRE` for the consistent lookups: lookup rows are created on a separate transaction that
 * commits before the owner's, and deleted on one that commits after it). For an update,
 * `newValues` are the values `set` gives the owner columns (one per `from` column); absent
 * when the update leaves this vindex's columns alone (then the entry is not in `lookups`).
 */
export interface OwnedLookupWrite {
  readonly vindex: VindexRef;
  readonly lookup: LookupVindex;
  readonly columns: readonly number[];
  readonly commitOrder: 'NORMAL' | 'PRE';
  readonly table: LookupTableRef;
  readonly sql: LookupWriteSql;
  readonly newValues?: readonly SqlValue[];
}

/** One shard's insert statement and the request rows it carries (indexes, ascending). */
export interface InsertTarget extends RouteTarget {
  readonly rows: readonly number[];
}

/**
 * A planned insert (Vitess engine.Insert). `columns` are the written columns (the sequence's
 * column appended when the request omitted it); `rows` the values, where the cells listed
 * by `generate` hold SQL NULL until the sequence fills them. `sql` is the statement for all
 * rows (bind names `_<column>_<row>`, Vitess InsertVarName); `targets`, present when no
 * sequence value is needed, is one statement per shard holding only that shard's rows (in
 * shard order); otherwise the engine fills the ids and routes with bindInsertRows.
 * `onConflict.updateColumns` are the columns `ON DUPLICATE KEY UPDATE` sets from VALUES()
 * (as the table spells them; empty: the first column set to itself, Hasura's do-nothing).
 * `lookups` are the owned lookup vindexes whose rows the insert creates first.
 */
export interface InsertPlan {
  readonly kind: 'insert';
  readonly opcode: InsertOpcode;
  readonly keyspace: KeyspaceRef;
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  readonly generate?: GenerateSpec;
  readonly routing: RowRouting;
  readonly onConflict?: { readonly updateColumns: readonly string[] };
  readonly sql: string;
  readonly targets?: readonly InsertTarget[];
  readonly lookups: readonly OwnedLookupWrite[];
  /**
   * The request's `returning` columns as the table spells them (absent: none). `sql` and the
   * targets never carry them: whether the server can return the stored rows from the INSERT
   * itself is known at execution (see executeWritePlan).
   */
  readonly returning?: readonly string[];
}

/**
 * The locking read an update or delete runs first on its targets (Vitess OwnedVindexQuery):
 * `select <columns> from t where <the DML's where> for update`, with each target's own bind
 * variables. `routing`, present when owned lookups need it, maps a captured row to its
 * keyspace id (the primary vindex over the captured primary vindex columns: the `to` value
 * of the row's lookup rows); `requested` is how
 * many leading columns the request asked for (WriteRequest capture), the rest being what
 * lookups need.
 */
export interface CaptureSpec {
  readonly columns: readonly string[];
  readonly sql: string;
  readonly routing?: RowRouting;
  readonly requested: number;
}

/**
 * A planned update or delete (Vitess engine.Update / engine.Delete over a DML). `route` is
 * routed exactly as a read of the same where would be (Unsharded, EqualUnique, Equal, IN,
 * MultiEqual, Scatter, None; or a VindexLookupNode whose shards a lookup decides), its
 * `sql` is the UPDATE/DELETE and each target carries its own binds (an IN's `__vals`).
 * `capture`, when present, runs first on the same targets; `lookups` are the owned lookup
 * vindexes to keep in step, whose `columns` index into `capture.columns`.
 */
export interface DmlPlan {
  readonly kind: 'update' | 'delete';
  readonly keyspace: KeyspaceRef;
  readonly table: string;
  readonly route: RouteNode | VindexLookupNode;
  readonly capture?: CaptureSpec;
  readonly lookups: readonly OwnedLookupWrite[];
}

/** Any planned write. */
export type WritePlan = InsertPlan | DmlPlan;
