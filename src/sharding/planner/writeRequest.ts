// The planner's input for writes: an insert of rows, an update of the rows a predicate
// selects, or a delete. Owns the types only; planning is planWrite.ts and executing is
// src/engine/executeWritePlan.ts. Shaped for Hasura's insert_T (objects, on_conflict),
// update_T (_set, _inc) and delete_T, one table per request.

import type { SqlValue } from '../../util/sqlValue.js';
import type { Predicate } from './queryRequest.js';

export type { Predicate } from './queryRequest.js';

/**
 * Upsert: on a duplicate primary or unique key, update these columns from the row that was
 * to be inserted (`INSERT … ON DUPLICATE KEY UPDATE col = VALUES(col), …`, Hasura
 * `on_conflict.update_columns`). An empty list keeps the existing row as it is (Hasura's
 * "do nothing"): the statement becomes `INSERT … ON DUPLICATE KEY UPDATE <first column> =
 * <first column>` (a self-assignment), so the duplicate counts 0 affected rows instead of
 * failing. Columns
 * are matched case-insensitively against the table's columns. A primary vindex column,
 * or the column of an owned lookup vindex, cannot be updated here (SG514, as Vitess refuses
 * changing vindex columns through ON DUPLICATE KEY UPDATE).
 */
export interface OnConflict {
  readonly updateColumns: readonly string[];
}

/**
 * An insert of `rows` into `keyspace`.`table`.
 * Contract: `columns` names each row's values in order (at least one column, no column twice,
 * case-insensitively); every row has exactly `columns.length` values; at least one row. A
 * table with a VSchema `auto_increment` may omit its column (or give NULL in a row): the
 * sequence supplies those values. On a sharded table every row must carry the columns of
 * the primary vindex unless the sequence supplies them (SG511 names the missing column).
 * Columns the request does not name take their MySQL defaults.
 */
export interface InsertRequest {
  readonly kind: 'insert';
  readonly keyspace: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  readonly onConflict?: OnConflict;
  /**
   * Columns of the stored rows the caller wants back (GraphQL `returning`), in that order,
   * matched case-insensitively: the engine may return them from the INSERT itself (MariaDB
   * `INSERT … RETURNING`, WriteResult.returned). Absent: nothing is returned.
   */
  readonly returning?: readonly string[];
}

/** `column = value` of an update (Hasura `_set`). */
export interface SetClause {
  readonly column: string;
  readonly value: SqlValue;
}

/** `column = column + value` of an update (Hasura `_inc`); `value` is a number. */
export interface IncClause {
  readonly column: string;
  readonly value: SqlValue;
}

/**
 * An update of the rows of `keyspace`.`table` that `where` selects.
 * Contract: at least one of `set` and `inc`, no column in both or twice. `where` absent means
 * every row (it then needs `allowScatterWrites` on a sharded table). A primary vindex column
 * cannot change (SG512, as Vitess); an owned lookup vindex column may be `set` (its lookup
 * rows are moved) but not `inc`'d (SG514). `capture`: see {@link CaptureColumns}.
 */
export interface UpdateRequest {
  readonly kind: 'update';
  readonly keyspace: string;
  readonly table: string;
  readonly set: readonly SetClause[];
  readonly inc: readonly IncClause[];
  readonly where?: Predicate;
  readonly capture?: CaptureColumns;
}

/**
 * A delete of the rows of `keyspace`.`table` that `where` selects (absent: every row, which
 * needs `allowScatterWrites` on a sharded table). `capture`: see {@link CaptureColumns}.
 */
export interface DeleteRequest {
  readonly kind: 'delete';
  readonly keyspace: string;
  readonly table: string;
  readonly where?: Predicate;
  readonly capture?: CaptureColumns;
}

/**
 * Columns of the affected rows to read before the update or delete, in the same transaction
 * and with the same routing, with `select <columns> from t where <where> for update` (Vitess
 * runs the same locking read for owned vindexes: engine/dml.go OwnedVindexQuery). The
 * engine returns them as `WriteResult.captured`, so `returning` can read an updated row
 * again by its primary key, or give a deleted row's values. Empty or absent: nothing read
 * unless owned lookup vindexes need it.
 */
export type CaptureColumns = readonly string[];

/** Any write of one table. */
export type WriteRequest = InsertRequest | UpdateRequest | DeleteRequest;
