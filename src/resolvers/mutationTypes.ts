// The mutation half of the resolver API (issue #7, INTERFACES.md §5): the arguments src/schema's
// mutation fields pass (keys are column names, values as the scalars parsed them) and what they
// get back. Types only; the implementation is mutationRuntime.ts, argument compilation
// compileWrite.ts.

import type { ApiRow, BoolExp, RequestContext } from './apiRuntime.js';
import type { ApiTable } from './catalog.js';

/** One row of `T_insert_input`, `T_set_input`, `T_inc_input` or `T_pk_columns_input`: column name → JS value. */
export type ColumnValues = Readonly<Record<string, unknown>>;

/**
 * `T_on_conflict`: `constraint` is the name of a PRIMARY (`PRIMARY`) or UNIQUE key of the table
 * as the database spells it; `update_columns` the columns to take from the object when a row
 * with the same key exists (empty: keep the existing row, Hasura's "do nothing").
 */
export interface OnConflictArg {
  readonly constraint: string;
  readonly update_columns?: readonly string[] | null;
}

/** Arguments of `insert_T(objects, on_conflict)`; `insert_T_one(object, on_conflict)` passes one object. */
export interface InsertArgs {
  readonly objects: readonly ColumnValues[];
  readonly on_conflict?: OnConflictArg | null;
}

/** Arguments of `update_T(where, _set, _inc)`. */
export interface UpdateArgs {
  readonly where: BoolExp;
  readonly _set?: ColumnValues | null;
  readonly _inc?: ColumnValues | null;
}

/** Arguments of `update_T_by_pk(pk_columns, _set, _inc)`. */
export interface UpdateByPkArgs {
  readonly pk_columns: ColumnValues;
  readonly _set?: ColumnValues | null;
  readonly _inc?: ColumnValues | null;
}

/** What the plural mutation fields return (`T_mutation_response`). */
export interface MutationResult {
  readonly affected_rows: number;
  /** The affected rows with the columns asked for; empty when `returning` was not asked for. */
  readonly returning: readonly ApiRow[];
}

/**
 * The mutation functions src/schema calls, one per mutation field. Every call belongs to the
 * request's transaction (one per GraphQL request, opened by the first write and ended by
 * RequestContext.endTransaction, which the server calls after the operation): writes and the
 * reads of `returning` run on the same connections, so `returning` sees the request's own
 * writes. `returning`/`columns` are column names to read back after the write (null: do not
 * read anything back); `path` is the field's response path for explain; `alone` is true when
 * the field is the operation's only root field, so its write, when it is one statement on one
 * shard, may run in autocommit without BEGIN/COMMIT (Vitess AutocommitApproval; its `returning`
 * is then read after the write committed). Errors are
 * ServiceErrors (SG105x, planner SG5xx, engine SG7xx); a failed call rolls the transaction back
 * and every later call of the request fails with SG1058 without writing.
 */
export interface MutationRuntime {
  /** `insert_T`: inserts every object (one statement per shard), `returning` read back by primary key. */
  insert(ctx: RequestContext, table: ApiTable, args: InsertArgs, returning: readonly string[] | null, path: string, alone?: boolean): Promise<MutationResult>;
  /** `insert_T_one`: the inserted (or upserted) row, or null when on_conflict kept an existing row. */
  insertOne(ctx: RequestContext, table: ApiTable, args: InsertArgs, columns: readonly string[], path: string, alone?: boolean): Promise<ApiRow | null>;
  /** `update_T`: updates the rows `where` selects; `returning` the rows after the update. */
  update(ctx: RequestContext, table: ApiTable, args: UpdateArgs, returning: readonly string[] | null, path: string, alone?: boolean): Promise<MutationResult>;
  /** `update_T_by_pk`: the row after the update, or null when no row has that key. */
  updateByPk(ctx: RequestContext, table: ApiTable, args: UpdateByPkArgs, columns: readonly string[], path: string, alone?: boolean): Promise<ApiRow | null>;
  /** `delete_T`: deletes the rows `where` selects; `returning` the rows as they were. */
  delete(ctx: RequestContext, table: ApiTable, where: BoolExp, returning: readonly string[] | null, path: string, alone?: boolean): Promise<MutationResult>;
  /** `delete_T_by_pk`: the deleted row as it was, or null when no row has that key. */
  deleteByPk(ctx: RequestContext, table: ApiTable, pk: ColumnValues, columns: readonly string[], path: string, alone?: boolean): Promise<ApiRow | null>;
}
