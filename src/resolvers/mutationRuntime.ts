// The mutation runtime (issue #7): `insert_T`, `insert_T_one`, `update_T`, `update_T_by_pk`,
// `delete_T`, `delete_T_by_pk`. Arguments compile into WriteRequests (compileWrite.ts), planWrite
// plans them, executeWritePlan runs them inside the request's transaction (requestTransaction.ts:
// one per GraphQL request, ended by the server after the operation), and `returning` is read back
// from the written shards through the same transaction. Owns this flow and the transaction mode;
// SQL, routing, sequences and lookup vindexes are the planner's and the engine's.

import { executePlan } from '../engine/executePlan.js';
import { executeWritePlan, type WriteResult, type WrittenRows } from '../engine/executeWritePlan.js';
import type { SequenceCache } from '../engine/sequenceCache.js';
import type { TransactionalShardExecutor } from '../engine/shardExecutor.js';
import { createTransactionSession, type TransactionMode } from '../engine/transactionSession.js';
import { ServiceError } from '../errors/serviceError.js';
import { summarizeWritePlan } from '../sharding/plan/describeWritePlan.js';
import type { Row, SelectPlan } from '../sharding/plan/plan.js';
import { planWrite, WritePlanCache, type WritePlanningContext } from '../sharding/planner/planWrite.js';
import type { Predicate, QueryRequest } from '../sharding/planner/queryRequest.js';
import type { InsertRequest, WriteRequest } from '../sharding/planner/writeRequest.js';
import type { TopologyLayout } from '../topology/topology.js';
import { makeSqlValue, sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import type { ApiRow, RequestContext } from './apiRuntime.js';
import type { ApiColumn, ApiTable } from './catalog.js';
import { compileChanges, compileInsert, pkPredicate, tableKeys, type CompiledChanges, type TableKey } from './compileWrite.js';
import { compileWhere } from './compileWhere.js';
import { canonicalKey, keyPredicate, looseKey } from './keyTuples.js';
import { mutationError } from './mutationError.js';
import type { InsertArgs, MutationResult, MutationRuntime } from './mutationTypes.js';
import type { ApiRequestContext } from './requestContext.js';
import { RequestTransaction } from './requestTransaction.js';
import { findColumn } from './tableColumns.js';
import { apiRowReader, toApiRow, valueKind } from './values.js';

/** The transaction modes a request can ask for (X-Shardgate-Transaction). */
export const TRANSACTION_MODES: readonly TransactionMode[] = ['single', 'multi'];

/** What the mutation runtime needs for writes; src/server builds it from the pools and Config. */
export interface MutationOptions {
  readonly executor: TransactionalShardExecutor;
  /** The sequence cache of the process (one per executor, shared by every request). */
  readonly sequences: SequenceCache;
  /** The mode of a request that does not ask for one (Config.transactionMode). */
  readonly mode: TransactionMode;
  /**
   * Whether inserts reuse what planning derives from their shape (WritePlanCache; default
   * true). False plans every write from scratch: the benchmark measures what the cache buys.
   */
  readonly writePlanCache?: boolean;
}

/** What createMutationRuntime takes from the API runtime. */
export interface MutationRuntimeDeps {
  readonly options: MutationOptions;
  /** The runtime's own request context (apiRuntime.ts context()). */
  readonly context: (ctx: RequestContext) => ApiRequestContext;
  /** Planning context of writes: routing, shards, columns, `limits.allowScatterWrites`. */
  readonly writeContext: WritePlanningContext;
  /** Plans a read (through the runtime's plan cache). */
  readonly planRead: (request: QueryRequest) => SelectPlan;
  readonly layout: TopologyLayout;
  readonly limits: { readonly maxRows: number; readonly queryTimeoutMs: number };
}

/**
 * The transaction mode of a request: its `transactionMode` option (the header's value, trimmed,
 * any case) or `fallback`. Anything but `single`/`multi` is ServiceError SG1059.
 */
export function requestTransactionMode(asked: string | undefined, fallback: TransactionMode): TransactionMode {
  if (asked === undefined) return fallback;
  const mode = asked.trim().toLowerCase();
  if (mode === 'single' || mode === 'multi') return mode;
  throw new ServiceError('SG1059', `X-Shardgate-Transaction must be single or multi, got ${JSON.stringify(asked)}`, { details: { value: asked } });
}

function qualified(table: ApiTable): string {
  return `${table.keyspace}.${table.table}`;
}

function cannotReturn(table: ApiTable, why: string): ServiceError {
  return new ServiceError('SG1060', `returning of ${qualified(table)}: ${why}`, { details: { keyspace: table.keyspace, table: table.table } });
}

/** `shard` of a `keyspace/shard` name. */
function shardOf(name: string): string {
  return name.slice(name.indexOf('/') + 1);
}

/** The values of `columns` in each written row (column names matched case-insensitively, as the planner spells them). */
function keyTuples(written: WrittenRows, columns: readonly string[]): SqlValue[][] {
  const at = columns.map((c) => written.columns.findIndex((w) => w.toLowerCase() === c.toLowerCase()));
  return written.rows.map((row) => at.map((i) => (i < 0 ? makeSqlValue('NULL', '') : row[i]!)));
}

/**
 * The primary key of each captured row after the update: `_set` gives the new value, `_inc`
 * adds to an integer key column, other columns keep theirs. An `_inc` of a non-integer key
 * column cannot be followed (SG1060).
 */
function keysAfterUpdate(table: ApiTable, keys: readonly (readonly SqlValue[])[], changes: CompiledChanges): SqlValue[][] {
  return keys.map((old) =>
    table.primaryKey.map((name, i) => {
      const set = changes.set.find((s) => s.column === name);
      if (set !== undefined) return set.value;
      const inc = changes.inc.find((s) => s.column === name);
      if (inc === undefined) return old[i]!;
      const column = findColumn(table, name, 'SG1060', 'primary key column');
      const kind = valueKind(column);
      if (kind !== 'Int' && kind !== 'BigInt') throw cannotReturn(table, `_inc changes the primary key column ${name} (${column.columnType}), whose new value cannot be followed`);
      const sum = BigInt(sqlValueToString(old[i]!)) + BigInt(sqlValueToString(inc.value));
      return makeSqlValue(sum > 2n ** 63n - 1n ? 'UINT64' : 'INT64', sum.toString());
    }),
  );
}

/** The key `returning` of an insert reads the rows back by: the upsert's key, else the primary key, else a UNIQUE key the insert gives every column of. */
function insertReadKey(table: ApiTable, conflictKey: TableKey | undefined, columns: readonly string[]): TableKey {
  if (conflictKey !== undefined) return conflictKey;
  const given = (key: TableKey) => key.columns.every((c) => columns.includes(c) || c === table.sequenceColumn);
  const key = tableKeys(table).find(given);
  if (key === undefined) throw cannotReturn(table, 'the table has no primary key, and the insert does not give every column of a UNIQUE key, so the inserted rows cannot be found again');
  return key;
}

/** The columns every insert group gives (each group's columns are in the table's ordinal order). */
function givenByAll(groups: readonly { readonly request: { readonly columns: readonly string[] } }[]): readonly string[] {
  const [first, ...rest] = groups;
  if (first === undefined) return [];
  return rest.reduce<readonly string[]>((common, g) => common.filter((c) => g.request.columns.includes(c)), first.request.columns);
}

/** The columns `returning` reads (the key first, then the fields asked for) and their ApiColumns, for toApiRow. */
function selection(table: ApiTable, keyColumns: readonly string[], columns: readonly string[]): { select: string[]; selected: ApiColumn[] } {
  const select = [...keyColumns, ...columns.filter((c) => !keyColumns.includes(c))];
  return { select, selected: select.map((c) => findColumn(table, c, 'SG1001', 'selected field')) };
}

/**
 * Creates the mutation functions of the API runtime; see MutationRuntime for the contract.
 * Flow of every call: a request in dry-run mode only plans (explain lists the writes, nothing
 * runs, results are empty); otherwise the request's transaction is created on its first
 * mutation (mode from requestTransactionMode), the write planned and executed in it, and any
 * failure (bad input included) maps through mutationError, rolls the transaction back and
 * rejects.
 */
export function createMutationRuntime(deps: MutationRuntimeDeps): MutationRuntime {
  const { options, layout, limits } = deps;
  const planCache = options.writePlanCache === false ? undefined : new WritePlanCache(deps.writeContext);

  function transaction(ctx: ApiRequestContext, path: string, alone: boolean): RequestTransaction {
    const tx = ctx.transaction(() => {
      let mode = options.mode;
      let refusal: ServiceError | undefined;
      try {
        mode = requestTransactionMode(ctx.options.transactionMode, options.mode);
      } catch (error) {
        refusal = error as ServiceError;
      }
      const created = new RequestTransaction(
        createTransactionSession({ executor: options.executor, mode, autocommit: alone, ...(ctx.options.signal === undefined ? {} : { signal: ctx.options.signal }) }),
        alone,
      );
      if (refusal !== undefined) created.refuse(refusal);
      return created;
    });
    tx.assertUsable(path);
    return tx;
  }

  /**
   * Runs one mutation field: in the request's transaction (undefined in dry-run), failures mapped
   * and rolled back. A field that is the operation's only one (`alone`) lets its transaction
   * autocommit its one write; should the field fail after that write, its error says the write
   * stays.
   */
  async function mutate<T>(
    rc: RequestContext,
    table: ApiTable,
    action: string,
    path: string,
    alone: boolean | undefined,
    body: (ctx: ApiRequestContext, tx: RequestTransaction | undefined) => Promise<T>,
  ): Promise<T> {
    const ctx = deps.context(rc);
    if (ctx.options.dryRun === true) return body(ctx, undefined);
    const tx = transaction(ctx, path, alone === true);
    try {
      return await body(ctx, tx);
    } catch (error) {
      throw await tx.fail(mutationError(table, action, error));
    }
  }

  /** Plans and runs one write; undefined in dry-run (the plan is recorded for explain). */
  async function write(ctx: ApiRequestContext, tx: RequestTransaction | undefined, request: WriteRequest, path: string): Promise<WriteResult | undefined> {
    const plan = planWrite(request, deps.writeContext, planCache);
    if (tx === undefined) {
      ctx.record(summarizeWritePlan(plan, path));
      return undefined;
    }
    const result = await executeWritePlan(plan, tx.session, {
      layout,
      sequences: options.sequences,
      timeoutMs: limits.queryTimeoutMs,
      maxRows: limits.maxRows,
      ...(ctx.options.signal === undefined ? {} : { signal: ctx.options.signal }),
      observer: ctx.observer(path),
    });
    tx.wrote();
    return result;
  }

  /**
   * Reads the rows of `table` whose `keyColumns` equal each of `tuples`, inside the
   * transaction, from `shards` (`keyspace/shard`; undefined: wherever the planner routes the
   * keys). Returns, per tuple, its row (`columns`) or null; matched by canonical key, then by
   * collation-loose key (a text key MySQL found under its collation).
   */
  async function readBack(
    ctx: ApiRequestContext,
    tx: RequestTransaction,
    table: ApiTable,
    keyColumns: readonly string[],
    tuples: readonly (readonly SqlValue[])[],
    shards: readonly string[] | undefined,
    columns: readonly string[],
    path: string,
  ): Promise<(ApiRow | null)[]> {
    if (tuples.length === 0) return [];
    const keyCols = keyColumns.map((c) => findColumn(table, c, 'SG1060', 'key column'));
    const { select, selected } = selection(table, keyColumns, columns);
    const distinct = [...new Set(shards ?? [])].map(shardOf);
    const request: QueryRequest = {
      keyspace: table.keyspace,
      table: table.table,
      select,
      where: keyPredicate(keyCols, tuples),
      ...(table.sharded && shards !== undefined ? { destination: { kind: 'shards', shards: distinct } } : {}),
    };
    const result = await executePlan(deps.planRead(request), tx.session.reader, {
      tabletType: 'primary',
      timeoutMs: limits.queryTimeoutMs,
      maxRows: limits.maxRows,
      ...(ctx.options.signal === undefined ? {} : { signal: ctx.options.signal }),
      observer: ctx.observer(path),
      layout,
    });
    const exact = new Map<string, Row>();
    const loose = new Map<string, Row>();
    for (const row of result.rows) {
      const key = row.slice(0, keyCols.length);
      exact.set(canonicalKey(keyCols, key), row);
      loose.set(looseKey(keyCols, key), row);
    }
    return tuples.map((tuple) => {
      const row = exact.get(canonicalKey(keyCols, tuple)) ?? loose.get(looseKey(keyCols, tuple));
      return row === undefined ? null : toApiRow(selected, row);
    });
  }

  /** An insert: affected_rows, and per object its row read back (null without `returning`, or for an object on_conflict kept out). */
  async function insertRows(rc: RequestContext, table: ApiTable, args: InsertArgs, returning: readonly string[] | null, path: string, alone: boolean | undefined): Promise<{ affected: number; rows: (ApiRow | null)[] }> {
    return mutate(rc, table, 'insert into', path, alone, async (ctx, tx) => {
      const compiled = compileInsert(table, args);
      const count = compiled.values.length;
      if (returning !== null && count > limits.maxRows) {
        throw new ServiceError('SG1004', `insert of ${count} rows into ${qualified(table)} with returning exceeds the row limit (limits.maxRows = ${limits.maxRows})`, {
          details: { keyspace: table.keyspace, table: table.table, rows: count, maxRows: limits.maxRows },
        });
      }
      const conflictKey = compiled.conflictKey;
      // Found before anything is written: the key every object gives, by which `returning` reads the rows again.
      const readKey = returning === null || compiled.groups.length === 0 ? undefined : insertReadKey(table, conflictKey, givenByAll(compiled.groups));
      const updates = compiled.groups[0]?.request.onConflict?.updateColumns ?? [];
      const keepExisting = conflictKey !== undefined && updates.length === 0;
      // Hasura's "do nothing": objects whose key exists already (or repeats an earlier object's) are left out.
      const skipped = new Set<number>();
      // Only "do nothing" looks for existing rows (and only outside dry-run).
      if (keepExisting && tx !== undefined) {
        const keyCols = conflictKey.columns.map((c) => findColumn(table, c, 'SG1052', 'key column'));
        const candidates = compiled.values.flatMap((v, i) => (keyCols.every((c) => v.has(c.name)) ? [{ i, tuple: keyCols.map((c) => v.get(c.name)!) }] : []));
        const existing = await readBack(ctx, tx, table, conflictKey.columns, candidates.map((c) => c.tuple), undefined, [], path);
        const seen = new Set<string>();
        candidates.forEach(({ i, tuple }, at) => {
          const key = canonicalKey(keyCols, tuple);
          if (existing[at] !== null || seen.has(key)) skipped.add(i);
          seen.add(key);
        });
      }
      // A plain insert asks the engine for the stored rows (INSERT … RETURNING where the server has it); an upsert reads them back after.
      const wanted = returning === null || readKey === undefined ? undefined : selection(table, readKey.columns, returning);
      const written = new Map<number, { tuple: readonly SqlValue[]; shard: string }>();
      // Per object, its row as returned or read back (null: none).
      const byObject: (ApiRow | null)[] = new Array<ApiRow | null>(count).fill(null);
      let affected = 0;
      let dropped = 0;
      for (const group of compiled.groups) {
        const keep = group.objects.flatMap((object, row) => (skipped.has(object) ? [] : [{ object, row }]));
        if (keep.length === 0) continue;
        const request: InsertRequest = {
          ...group.request,
          rows: keep.map((k) => group.request.rows[k.row]!),
          ...(wanted === undefined || conflictKey !== undefined ? {} : { returning: wanted.select }),
        };
        const result = await write(ctx, tx, request, path);
        if (result === undefined) continue;
        affected += result.rowsAffected;
        // Rows an upsert dropped (their lookup value belongs to another row) are not in `inserted`; the rest name their request row.
        const requestRows = result.insertedRequestRows;
        if (requestRows !== undefined) dropped += keep.length - requestRows.length;
        const objectOf = (at: number): number => keep[requestRows === undefined ? at : requestRows[at]!]!.object;
        if (readKey === undefined) continue;
        const returned = result.returned;
        if (returned !== undefined && wanted !== undefined) {
          const readRow = apiRowReader(wanted.selected);
          returned.rows.forEach((row, at) => (byObject[objectOf(at)] = readRow(row)));
          continue;
        }
        const inserted = result.inserted;
        if (inserted === undefined) throw cannotReturn(table, 'the engine did not report the inserted rows');
        const tuples = keyTuples(inserted, readKey.columns);
        tuples.forEach((tuple, at) => written.set(objectOf(at), { tuple, shard: inserted.shards[at]! }));
      }
      // An upsert that updates counts every object it wrote (inserted or updated), as Hasura (Postgres) does; MySQL would count 2 per update.
      if (conflictKey !== undefined && !keepExisting) affected = count - dropped;
      if (returning === null || tx === undefined || readKey === undefined || written.size === 0) return { affected, rows: byObject };
      const objects = [...written.keys()].sort((a, b) => a - b);
      const rows = await readBack(ctx, tx, table, readKey.columns, objects.map((o) => written.get(o)!.tuple), objects.map((o) => written.get(o)!.shard), returning, path);
      objects.forEach((o, at) => (byObject[o] = rows[at]!));
      return { affected, rows: byObject };
    });
  }

  /** An update of the rows `where` selects; with `returning`, their primary keys are captured first and the rows read again after. */
  async function updateRows(
    rc: RequestContext,
    table: ApiTable,
    where: (ctx: ApiRequestContext) => Predicate,
    set: Parameters<typeof compileChanges>[1],
    inc: Parameters<typeof compileChanges>[2],
    returning: readonly string[] | null,
    path: string,
    alone: boolean | undefined,
  ): Promise<{ affected: number; rows: ApiRow[] }> {
    return mutate(rc, table, 'update of', path, alone, async (ctx, tx) => {
      const predicate = where(ctx);
      const changes = compileChanges(table, set, inc);
      if (returning !== null && table.primaryKey.length === 0) throw cannotReturn(table, 'the table has no primary key, so the updated rows cannot be found again');
      const result = await write(ctx, tx, {
        kind: 'update',
        keyspace: table.keyspace,
        table: table.table,
        set: changes.set,
        inc: changes.inc,
        ...(predicate.kind === 'true' ? {} : { where: predicate }),
        ...(returning === null ? {} : { capture: table.primaryKey }),
      }, path);
      if (result === undefined || tx === undefined) return { affected: 0, rows: [] };
      if (returning === null || result.captured === undefined || result.captured.rows.length === 0) return { affected: result.rowsAffected, rows: [] };
      const keys = keysAfterUpdate(table, keyTuples(result.captured, table.primaryKey), changes);
      const rows = await readBack(ctx, tx, table, table.primaryKey, keys, result.captured.shards, returning, path);
      return { affected: result.rowsAffected, rows: rows.filter((r): r is ApiRow => r !== null) };
    });
  }

  /** A delete of the rows `where` selects; with `returning`, the rows are captured before they go. */
  async function deleteRows(
    rc: RequestContext,
    table: ApiTable,
    where: (ctx: ApiRequestContext) => Predicate,
    returning: readonly string[] | null,
    path: string,
    alone: boolean | undefined,
  ): Promise<{ affected: number; rows: ApiRow[] }> {
    return mutate(rc, table, 'delete from', path, alone, async (ctx, tx) => {
      const predicate = where(ctx);
      const capture = returning === null ? undefined : returning.length > 0 ? returning : [table.primaryKey[0] ?? table.columns[0]!.name];
      const columns: ApiColumn[] = (capture ?? []).map((c) => findColumn(table, c, 'SG1001', 'selected field'));
      const result = await write(ctx, tx, {
        kind: 'delete',
        keyspace: table.keyspace,
        table: table.table,
        ...(predicate.kind === 'true' ? {} : { where: predicate }),
        ...(capture === undefined ? {} : { capture }),
      }, path);
      if (result === undefined) return { affected: 0, rows: [] };
      return { affected: result.rowsAffected, rows: (result.captured?.rows ?? []).map(apiRowReader(columns)) };
    });
  }

  const result = (r: { affected: number; rows: readonly (ApiRow | null)[] }): MutationResult => ({
    affected_rows: r.affected,
    returning: r.rows.filter((row): row is ApiRow => row !== null),
  });

  return {
    async insert(rc, table, args, returning, path, alone) {
      return result(await insertRows(rc, table, args, returning, path, alone));
    },
    async insertOne(rc, table, args, columns, path, alone) {
      return (await insertRows(rc, table, args, columns, path, alone)).rows[0] ?? null;
    },
    async update(rc, table, args, returning, path, alone) {
      return result(await updateRows(rc, table, () => compileWhere(table, args.where), args._set, args._inc, returning, path, alone));
    },
    async updateByPk(rc, table, args, columns, path, alone) {
      const r = await updateRows(rc, table, () => pkPredicate(table, args.pk_columns, path), args._set, args._inc, columns, path, alone);
      return r.rows[0] ?? null;
    },
    async delete(rc, table, where, returning, path, alone) {
      return result(await deleteRows(rc, table, () => compileWhere(table, where), returning, path, alone));
    },
    async deleteByPk(rc, table, pk, columns, path, alone) {
      return (await deleteRows(rc, table, () => pkPredicate(table, pk, path), columns, path, alone)).rows[0] ?? null;
    },
  };
}
