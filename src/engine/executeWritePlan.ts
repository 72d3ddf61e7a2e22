// executeWritePlan: a WritePlan in, the write done inside the request's transaction session.
// Sequence ids first (their own transaction), then routing, the single-shard check, the
// locking read of the affected rows, owned lookup rows (consistent lookups on their pre/post
// transactions), and the statement itself. Mirrors vitess go/vt/vtgate/engine insert.go,
// insert_common.go, dml.go, update.go, delete.go and vindexes/consistent_lookup.go.

import { ServiceError, isServiceError } from '../errors/serviceError.js';
import type { ShardRange } from '../sharding/key/destination.js';
import { shardForKeyspaceId } from '../sharding/key/resolveDestination.js';
import type { Row, RouteTarget } from '../sharding/plan/plan.js';
import { routeAfterLookup } from '../sharding/plan/routeAfterLookup.js';
import { bindInsertRows, buildInsertTargets, buildLookupInsertTargets, buildLookupRows, lookupRowBinds, returningClause, routeRows, type RoutedRows } from '../sharding/plan/routeWrite.js';
import type { DmlPlan, InsertPlan, InsertTarget, OwnedLookupWrite, WritePlan } from '../sharding/plan/writePlan.js';
import { findKeyspace, shardRanges, type TopologyLayout } from '../topology/topology.js';
import { invariant } from '../util/invariant.js';
import { isNull, sqlValueToBytes, sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import { executePlan } from './executePlan.js';
import type { ExecutionObserver } from './executionObserver.js';
import { executeTargets, reportRoute, reportStatement, routeOptions, singleTargetFailure, statementLimits, type RouteIdentity, type StatementContext } from './executeTargets.js';
import type { SequenceCache } from './sequenceCache.js';
import type { QueryResult, ServerInfo, ShardExecutor, TransactionalShardExecutor } from './shardExecutor.js';
import type { CommitOrder, TransactionSession } from './transactionSession.js';

/** How to execute a write plan. */
export interface WriteExecutionOptions {
  /** The shards of each keyspace (the written one, lookup tables' keyspaces, sequences'). */
  readonly layout: TopologyLayout;
  /** Where sequence ids come from; required when the plan has `generate`. One per process, shared by requests. */
  readonly sequences?: SequenceCache;
  /** Time for the whole write in ms; each statement gets what is left (absent or 0: the executor's default per statement). */
  readonly timeoutMs?: number;
  /** Most rows a read of the write (capture, lookups) may return per shard. */
  readonly maxRows?: number;
  /** Aborting cancels statements in flight and starts no more. */
  readonly signal?: AbortSignal;
  /** Told about every route and statement (explain, statement counts per shard). */
  readonly observer?: ExecutionObserver;
}

/** Rows with their column names, and the `keyspace/shard` each row is on (same order). */
export interface WrittenRows {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly shards: readonly string[];
}

/**
 * What a write did. `rowsAffected`: the sum over shards of MySQL's affected rows (an upsert
 * counts 1 per inserted row, 2 per updated row, 0 per unchanged one, as MySQL does).
 * `shards`: the `keyspace/shard`s the statement ran on, in shard order. Inserts: `inserted`
 * are the request's rows in request order as written (the plan's columns, sequence ids
 * filled in; rows an upsert dropped because their lookup value belongs to another row are
 * left out, as Vitess's INSERT IGNORE path drops them) and `generatedIds` the sequence ids
 * in row order (empty without a sequence). Updates and deletes: `captured` are the rows the
 * capture read found before the write (the requested capture columns only), in shard
 * order, absent when the request captured nothing.
 */
export interface WriteResult {
  readonly rowsAffected: number;
  readonly shards: readonly string[];
  readonly inserted?: WrittenRows;
  /**
   * Inserts whose plan has `returning`, when the INSERT itself returned the stored rows
   * (MariaDB 10.5+ `INSERT … RETURNING`, no `onConflict`): per row of `inserted`, same order
   * and shards, the `returning` columns as the server stored them (defaults, generated
   * columns, conversions applied). Absent otherwise: the caller reads the rows back.
   */
  readonly returned?: WrittenRows;
  /**
   * Inserts: per row of `inserted`, its index among the request's rows (they differ where an
   * upsert dropped a row), so that callers pair written rows with what they asked for.
   */
  readonly insertedRequestRows?: readonly number[];
  readonly generatedIds: readonly bigint[];
  readonly captured?: WrittenRows;
}

/** The table whose rows own the lookup rows: its keyspace, its shards, its name. */
interface OwnerTable {
  readonly keyspace: string;
  readonly table: string;
  readonly shards: readonly ShardRange[];
}

/** MySQL's duplicate-key error (ER_DUP_ENTRY). */
const ER_DUP_ENTRY = 1062;

/** What every step of one write shares. */
interface WriteContext {
  readonly session: TransactionSession;
  readonly options: WriteExecutionOptions;
  readonly deadline: number | undefined;
}

function shardsOf(ctx: WriteContext, keyspace: string): readonly ShardRange[] {
  return shardRanges(findKeyspace(ctx.options.layout, keyspace));
}

/** The session as a ShardExecutor whose statements join the transactions of `order`. */
function sessionExecutor(session: TransactionSession, order: CommitOrder): ShardExecutor {
  return { execute: (target, sql, bindVars, options) => session.execute(target, sql, bindVars, { ...options, order }) };
}

function statementContext(ctx: WriteContext, executor: ShardExecutor): StatementContext {
  const { maxRows, signal, observer } = ctx.options;
  return { executor, tabletType: 'primary', deadline: ctx.deadline, maxRows, signal, observer, limits: statementLimits(maxRows, signal) };
}

/** Runs every target of one route in the transactions of `order` (executeTargets: parallel, all settled, one error). */
function runTargets(ctx: WriteContext, order: CommitOrder, route: RouteIdentity, table: string, targets: readonly RouteTarget[]): Promise<QueryResult[]> {
  return executeTargets(route, table, targets, statementContext(ctx, sessionExecutor(ctx.session, order)));
}

/**
 * Runs the write's own statement on its targets: in autocommit when the session allows it
 * and it is the write's only statement (one target, nothing else written: Vitess's
 * autocommit of a single-shard DML outside a transaction), else in the normal transactions.
 */
function runStatement(ctx: WriteContext, route: RouteIdentity, table: string, targets: readonly RouteTarget[], alone: boolean): Promise<QueryResult[]> {
  const session = ctx.session;
  if (alone && targets.length === 1 && session.canAutocommit === true && session.autocommit !== undefined) return runAutocommitted(ctx, route, table, targets[0]!);
  return runTargets(ctx, 'normal', route, table, targets);
}

/**
 * The write's one statement in autocommit (session.autocommit), reported and failing exactly
 * as executeTargets does for one target, without its all-settled machinery.
 */
async function runAutocommitted(ctx: WriteContext, route: RouteIdentity, table: string, target: RouteTarget): Promise<QueryResult[]> {
  const session = ctx.session;
  const statement = statementContext(ctx, session.executor);
  const keyspace = route.keyspace.name;
  const options = routeOptions(statement, keyspace, table);
  reportRoute(statement, route, table, [target]);
  try {
    const result = await session.autocommit!({ keyspace, shard: target.shard }, target.sql, target.bindVars, options);
    reportStatement(statement, route, table, target, result.rows.length);
    return [result];
  } catch (error) {
    throw singleTargetFailure(statement, route, table, target, error);
  }
}

/** Runs one statement on one shard in the transaction of `order`, with the write's limits (SG708 when out of time). */
function runOne(ctx: WriteContext, order: CommitOrder, route: RouteIdentity, table: string, target: RouteTarget): Promise<QueryResult> {
  return runTargets(ctx, order, route, table, [target]).then((results) => results[0]!);
}

/** Every error in a failure's cause chain (AggregateErrors opened). */
function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (e: unknown, depth: number): void => {
    if (depth > 8 || e === undefined || e === null) return;
    out.push(e);
    if (e instanceof AggregateError) for (const inner of e.errors) visit(inner, depth + 1);
    if (e instanceof Error) visit(e.cause, depth + 1);
  };
  visit(error, 0);
  return out;
}

/** The MySQL error numbers (and SQLSTATEs) found in a failure's causes, in order, without repeats. */
function mysqlErrors(error: unknown): { errno: number; sqlState: string | undefined }[] {
  const seen = new Set<number>();
  const out: { errno: number; sqlState: string | undefined }[] = [];
  for (const e of causes(error)) {
    if (!isServiceError(e) || typeof e.details.errno !== 'number' || seen.has(e.details.errno)) continue;
    seen.add(e.details.errno);
    out.push({ errno: e.details.errno, sqlState: typeof e.details.sqlState === 'string' ? e.details.sqlState : undefined });
  }
  return out;
}

function isDuplicateKey(error: unknown): boolean {
  return mysqlErrors(error).some((e) => e.errno === ER_DUP_ENTRY);
}

/**
 * The error a failed write rejects with: a ServiceError as it is, with the MySQL `errno` and
 * `sqlState` of its causes lifted into `details` (the first one; `errnos` lists all when
 * several shards failed differently).
 */
function writeFailure(error: unknown): unknown {
  if (!isServiceError(error)) return error;
  const found = mysqlErrors(error);
  if (found.length === 0 || typeof error.details.errno === 'number') return error;
  const first = found[0]!;
  return new ServiceError(error.id, error.message, {
    details: {
      ...error.details,
      errno: first.errno,
      ...(first.sqlState === undefined ? {} : { sqlState: first.sqlState }),
      ...(found.length > 1 ? { errnos: found.map((e) => e.errno) } : {}),
    },
    cause: error,
  });
}

/** The route identity of statements on a lookup table: inserts by its keyspace's insert opcode, the rest by its route. */
function lookupIdentity(write: OwnedLookupWrite, sql: string, insert: boolean): RouteIdentity {
  const sharded = write.table.keyspace.sharded;
  const opcode = insert ? (sharded ? 'InsertSharded' : 'InsertUnsharded') : sharded ? 'EqualUnique' : 'Unsharded';
  return { keyspace: write.table.keyspace, opcode, sql };
}

/** The shard of the lookup table that holds lookup row `row` (`[...from, to]`). */
function lookupShard(ctx: WriteContext, write: OwnedLookupWrite, row: Row): string {
  const what = `${write.table.keyspace.name}.${write.table.table}`;
  const routed = routeRows(write.table.routing, [row], shardsOf(ctx, write.table.keyspace.name), what);
  return [...routed.byShard.keys()][0]!;
}

/** The order lookup rows are created in: consistent lookups before the owner (`pre`), the others with it. */
function createOrder(write: OwnedLookupWrite): CommitOrder {
  return write.commitOrder === 'PRE' ? 'pre' : 'normal';
}

/** The order lookup rows are deleted in: consistent lookups after the owner (`post`), the others with it. */
function deleteOrder(write: OwnedLookupWrite): CommitOrder {
  return write.commitOrder === 'PRE' ? 'post' : 'normal';
}

function sameValues(a: readonly SqlValue[], b: readonly SqlValue[]): boolean {
  return a.length === b.length && a.every((v, i) => (isNull(v) ? isNull(b[i]!) : !isNull(b[i]!) && sqlValueToString(v) === sqlValueToString(b[i]!)));
}

/**
 * A duplicate lookup row met while creating `row` for an owner row with keyspace id `ksid`
 * (Vitess clCommon.handleDup): lock the lookup row (pre); none → insert it; one → check its
 * owner with a shared lock on the owner's shard: an owner there → the original duplicate
 * error; no owner (an orphan, e.g. left by a crash between the lookup write and the row
 * write) → point the lookup row at `ksid`, unless it already does.
 */
async function handleDuplicate(ctx: WriteContext, write: OwnedLookupWrite, owner: OwnerTable, row: Row, dupError: unknown): Promise<void> {
  const binds = lookupRowBinds(write, row);
  const shard = lookupShard(ctx, write, row);
  const lockTarget = { shard, sql: write.sql.lockLookup, bindVars: binds };
  const locked = await runOne(ctx, 'pre', lookupIdentity(write, write.sql.lockLookup, false), write.table.table, lockTarget);
  if (locked.rows.length === 0) {
    const insert = buildLookupInsertTargets(write, [row], shardsOf(ctx, write.table.keyspace.name), false);
    await runTargets(ctx, 'pre', lookupIdentity(write, insert[0]!.sql, true), write.table.table, insert);
    return;
  }
  invariant(locked.rows.length === 1, `lookup table ${write.table.table} of vindex ${write.vindex.name} has one row per value (its from columns are its unique key)`);
  const existing = new Uint8Array(sqlValueToBytes(locked.rows[0]![0]!));
  const ownerShard = shardForKeyspaceId(owner.shards, existing);
  // The shared lock waits for a transaction still creating the owner row. It runs through
  // the session's reader: inside this request's transaction on that shard when there is one,
  // otherwise as its own autocommit statement, so the check neither counts against single
  // mode nor holds gap locks until this request commits.
  const ownerExecutor = ctx.session.reader;
  const ownerRoute: RouteIdentity = { keyspace: { name: owner.keyspace }, opcode: 'EqualUnique', sql: write.sql.lockOwner };
  const [ownerRows] = await executeTargets(ownerRoute, owner.table, [{ shard: ownerShard, sql: write.sql.lockOwner, bindVars: binds }], statementContext(ctx, ownerExecutor));
  if (ownerRows!.rows.length > 0) throw dupError;
  const ksid = new Uint8Array(sqlValueToBytes(row[row.length - 1]!));
  if (sameBytes(existing, ksid)) return;
  await runOne(ctx, 'pre', lookupIdentity(write, write.sql.updateLookup, false), write.table.table, { shard, sql: write.sql.updateLookup, bindVars: binds });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Creates the lookup rows of `write` for the owner rows (Vitess Lookup.Create). `ignore`
 * (an upsert, Vitess's Ignore path) writes `insert ignore` and then verifies every row; it
 * returns the owner rows whose lookup value maps elsewhere, which the insert must drop.
 */
async function createLookupRows(
  ctx: WriteContext,
  write: OwnedLookupWrite,
  owner: OwnerTable,
  ownerRows: readonly Row[],
  ksids: readonly (Uint8Array | undefined)[],
  ignore: boolean,
): Promise<Set<number>> {
  const dropped = new Set<number>();
  const { rows, owners } = buildLookupRows(write, ownerRows, ksids, 'new');
  if (rows.length === 0) return dropped;
  const order = createOrder(write);
  const targets = buildLookupInsertTargets(write, rows, shardsOf(ctx, write.table.keyspace.name), ignore);
  try {
    await runTargets(ctx, order, lookupIdentity(write, targets[0]!.sql, true), write.table.table, targets);
  } catch (error) {
    if (write.commitOrder !== 'PRE' || ignore || !isDuplicateKey(error)) throw error;
    const seen = new Set<string>();
    for (const row of rows) {
      // Two rows of this request with the same lookup value are a real duplicate (Vitess: exact duplicate → original error).
      const key = row.slice(0, -1).map((v) => (isNull(v) ? '\u0000NULL' : sqlValueToString(v))).join('\u0001');
      if (seen.has(key)) throw error;
      seen.add(key);
      await handleDuplicate(ctx, write, owner, row, error);
    }
  }
  if (!ignore) return dropped;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.slice(0, -1).some(isNull)) continue;
    const target = { shard: lookupShard(ctx, write, row), sql: write.sql.verify, bindVars: lookupRowBinds(write, row) };
    const found = await runOne(ctx, order, lookupIdentity(write, write.sql.verify, false), write.table.table, target);
    if (found.rows.length === 0) dropped.add(owners[i]!);
  }
  return dropped;
}

/**
 * Deletes the lookup rows of `write` that the owner rows point at (Vitess Lookup.Delete:
 * one statement per row), on the `post` transaction for consistent lookups.
 */
async function deleteLookupRows(ctx: WriteContext, write: OwnedLookupWrite, ownerRows: readonly Row[], ksids: readonly (Uint8Array | undefined)[]): Promise<void> {
  const { rows } = buildLookupRows(write, ownerRows, ksids, 'old');
  const order = deleteOrder(write);
  for (const row of rows) {
    if (row.slice(0, -1).some(isNull)) continue;
    const target = { shard: lookupShard(ctx, write, row), sql: write.sql.delete, bindVars: lookupRowBinds(write, row) };
    await runOne(ctx, order, lookupIdentity(write, write.sql.delete, false), write.table.table, target);
  }
}

function sumAffected(results: readonly QueryResult[]): number {
  return results.reduce((n, r) => n + r.rowsAffected, 0);
}

/** True when `server` runs `INSERT … RETURNING` (MariaDB from 10.5; MySQL has none). */
export function insertReturningSupported(server: ServerInfo): boolean {
  if (server.flavor !== 'mariadb') return false;
  const version = /^(\d+)\.(\d+)/.exec(server.version);
  if (version === null) return false;
  const major = Number(version[1]);
  return major > 10 || (major === 10 && Number(version[2]) >= 5);
}

/** Per executor, per `keyspace/shard`: whether its primary runs `INSERT … RETURNING` (asked once). */
const returningSupport = new WeakMap<TransactionalShardExecutor, Map<string, boolean>>();

/**
 * Whether every shard of `targets` runs `INSERT … RETURNING`: false for an executor that
 * cannot tell its servers (no `server`); asked once per shard and executor, then known.
 */
async function targetsReturnRows(ctx: WriteContext, keyspace: string, targets: readonly RouteTarget[]): Promise<boolean> {
  const executor = ctx.session.executor;
  if (executor.server === undefined) return false;
  let known = returningSupport.get(executor);
  if (known === undefined) {
    known = new Map();
    returningSupport.set(executor, known);
  }
  for (const { shard } of targets) {
    const name = `${keyspace}/${shard}`;
    let supported = known.get(name);
    if (supported === undefined) {
      supported = insertReturningSupported(await executor.server({ keyspace, shard, tabletType: 'primary' }));
      known.set(name, supported);
    }
    if (!supported) return false;
  }
  return true;
}

/**
 * The RETURNING columns the insert's statements carry: the plan's `returning` when it has
 * some, no `onConflict` (an upsert's RETURNING shows each row as that row's step left it, not
 * as the statement left it: the caller reads upserted rows back) and every target's server
 * has `INSERT … RETURNING`; else undefined.
 */
function insertReturning(plan: InsertPlan, ctx: WriteContext, targets: readonly InsertTarget[]): readonly string[] | undefined | Promise<readonly string[] | undefined> {
  const returning = plan.returning;
  if (returning === undefined || returning.length === 0 || plan.onConflict !== undefined || targets.length === 0) return undefined;
  const known = returningSupport.get(ctx.session.executor);
  // The steady state answers without a promise: every shard of the targets already known.
  if (known !== undefined && targets.every((t) => known.get(`${plan.keyspace.name}/${t.shard}`) === true)) return returning;
  return targetsReturnRows(ctx, plan.keyspace.name, targets).then((yes) => (yes ? returning : undefined));
}

async function executeInsert(plan: InsertPlan, ctx: WriteContext): Promise<WriteResult> {
  const keyspace = plan.keyspace.name;
  const what = `${keyspace}.${plan.table}`;
  const shards = shardsOf(ctx, keyspace);
  let rows: readonly Row[] = plan.rows;
  let targets: readonly InsertTarget[] | undefined = plan.targets;
  let ksids: readonly (Uint8Array | undefined)[] | undefined;
  let generatedIds: bigint[] = [];
  if (targets === undefined) {
    const generate = plan.generate;
    invariant(generate !== undefined, `insert into ${what} without targets has a sequence`);
    const sequences = ctx.options.sequences;
    invariant(sequences !== undefined, `insert into ${what} takes ids from ${generate.sequence.keyspace}.${generate.sequence.table}: executeWritePlan needs options.sequences`);
    const limits = routeOptions(statementContext(ctx, ctx.session.reader), generate.sequence.keyspace, generate.sequence.table);
    generatedIds = sequences.take?.(generate.sequence, generate.rows.length) ?? (await sequences.next(generate.sequence, generate.rows.length, limits));
    const bound = bindInsertRows(plan, generatedIds, shards);
    ({ rows, targets, ksids } = bound);
  }
  ctx.session.admit(keyspace, targets.map((t) => t.shard));

  if (plan.lookups.length > 0) {
    ksids ??= routeRows(plan.routing, rows, shards, what).ksids;
    const owner = { keyspace, table: plan.table, shards };
    const dropped = new Set<number>();
    for (const write of plan.lookups) {
      for (const row of await createLookupRows(ctx, write, owner, rows, ksids, plan.onConflict !== undefined)) dropped.add(row);
    }
    if (dropped.size > 0) {
      const routed = routeRows(plan.routing, rows, shards, what);
      const kept: RoutedRows = {
        ksids: routed.ksids,
        byShard: new Map([...routed.byShard].map(([shard, list]) => [shard, list.filter((r) => !dropped.has(r))] as const).filter(([, list]) => list.length > 0)),
      };
      targets = buildInsertTargets(plan, rows, kept);
    }
  }

  const asked = insertReturning(plan, ctx, targets);
  const returning = asked instanceof Promise ? await asked : asked;
  const clause = returning === undefined ? '' : returningClause(returning);
  const route: RouteIdentity = { keyspace: plan.keyspace, opcode: plan.opcode, sql: plan.sql + clause };
  const sent = returning === undefined ? targets : targets.map((t) => ({ ...t, sql: t.sql + clause }));
  const results = await runStatement(ctx, route, plan.table, sent, plan.lookups.length === 0);
  // Per request row: the `keyspace/shard` it went to (undefined: dropped) and the row RETURNING gave.
  const shardOfRow: (string | undefined)[] = new Array<string | undefined>(rows.length).fill(undefined);
  const returnedOfRow: Row[] = [];
  const targetShards: string[] = [];
  targets.forEach((t, i) => {
    const shard = `${keyspace}/${t.shard}`;
    targetShards.push(shard);
    for (const r of t.rows) shardOfRow[r] = shard;
    if (returning === undefined) return;
    const got = results[i]!.rows;
    invariant(got.length === t.rows.length, `insert into ${what} … returning on ${shard} returned ${got.length} rows for ${t.rows.length}`);
    t.rows.forEach((r, j) => (returnedOfRow[r] = got[j]!));
  });
  const writtenRows: Row[] = [];
  const writtenShards: string[] = [];
  const returnedRows: Row[] = [];
  const requestRows: number[] = [];
  rows.forEach((row, i) => {
    const shard = shardOfRow[i];
    if (shard === undefined) return;
    writtenRows.push(row);
    writtenShards.push(shard);
    requestRows.push(i);
    if (returning !== undefined) returnedRows.push(returnedOfRow[i]!);
  });
  return {
    // An INSERT … RETURNING answers with rows, not an affected count: each row returned is one inserted.
    rowsAffected: returning === undefined ? sumAffected(results) : returnedRows.length,
    shards: targetShards,
    inserted: { columns: plan.columns, rows: writtenRows, shards: writtenShards },
    insertedRequestRows: requestRows,
    ...(returning === undefined ? {} : { returned: { columns: returning, rows: returnedRows, shards: writtenShards } }),
    generatedIds,
  };
}

/** The targets of a DML: its route's, or those its lookup reads lead to (read through the session). */
async function dmlTargets(plan: DmlPlan, ctx: WriteContext): Promise<readonly RouteTarget[]> {
  const route = plan.route;
  if (route.kind === 'route') return route.targets;
  const { timeoutMs, maxRows, signal, observer } = ctx.options;
  const left = ctx.deadline === undefined ? undefined : Math.max(1, ctx.deadline - Date.now());
  const reads = await Promise.all(
    route.lookups.map((step) =>
      executePlan(step.plan, ctx.session.reader, {
        layout: ctx.options.layout,
        ...(timeoutMs === undefined || left === undefined ? {} : { timeoutMs: left }),
        ...(maxRows === undefined ? {} : { maxRows }),
        ...(signal === undefined ? {} : { signal }),
        ...(observer === undefined ? {} : { observer }),
      }),
    ),
  );
  return routeAfterLookup(route, reads.map((r) => r.rows), shardsOf(ctx, plan.keyspace.name));
}

async function executeDml(plan: DmlPlan, ctx: WriteContext): Promise<WriteResult> {
  const keyspace = plan.keyspace.name;
  const targets = await dmlTargets(plan, ctx);
  ctx.session.admit(keyspace, targets.map((t) => t.shard));
  const route: RouteIdentity = { keyspace: plan.keyspace, opcode: plan.route.opcode, sql: plan.route.sql };

  let captured: WrittenRows | undefined;
  const capture = plan.capture;
  if (capture !== undefined) {
    const reads = targets.map((t) => ({ shard: t.shard, sql: capture.sql, bindVars: t.bindVars }));
    const results = reads.length === 0 ? [] : await runTargets(ctx, 'normal', { ...route, sql: capture.sql }, plan.table, reads);
    const rows: Row[] = [];
    const rowShards: string[] = [];
    results.forEach((r, i) => {
      for (const row of r.rows) {
        rows.push(row);
        rowShards.push(`${keyspace}/${targets[i]!.shard}`);
      }
    });
    if (plan.lookups.length > 0 && rows.length > 0) {
      invariant(capture.routing !== undefined, 'a capture for lookups routes its rows');
      const shards = shardsOf(ctx, keyspace);
      const ksids = routeRows(capture.routing, rows, shards, `${keyspace}.${plan.table}`).ksids;
      for (const write of plan.lookups) {
        const newValues = write.newValues;
        // An update that leaves a row's lookup value as it was keeps its lookup row (Vitess clCommon.Update).
        const moving = newValues === undefined ? rows.map((_, i) => i) : rows.flatMap((row, i) => (sameValues(write.columns.map((c) => row[c]!), newValues) ? [] : [i]));
        const movingRows = moving.map((i) => rows[i]!);
        const movingKsids = moving.map((i) => ksids[i]);
        await deleteLookupRows(ctx, write, movingRows, movingKsids);
        if (newValues !== undefined) await createLookupRows(ctx, write, { keyspace, table: plan.table, shards }, movingRows, movingKsids, false);
      }
    }
    if (capture.requested > 0) captured = { columns: capture.columns.slice(0, capture.requested), rows: rows.map((r) => r.slice(0, capture.requested)), shards: rowShards };
  }

  const results = await runStatement(ctx, route, plan.table, targets, capture === undefined && plan.lookups.length === 0);
  return {
    rowsAffected: sumAffected(results),
    shards: targets.map((t) => `${keyspace}/${t.shard}`),
    generatedIds: [],
    ...(captured === undefined ? {} : { captured }),
  };
}

/**
 * Executes a write plan inside `session`.
 * Contract, in order (nothing is written before the check that can reject it):
 * 1. Inserts with `generate`: the ids are reserved (`options.sequences`, one round trip for
 *    all rows, in the sequence's own transaction) and the rows routed (bindInsertRows).
 *    Updates and deletes through a lookup vindex: the lookup read runs (through
 *    `session.reader`, so it sees this request's earlier writes) and decides the shards.
 * 2. `session.admit` with the shards the statement will write: in single mode a second
 *    shard fails here (SG710) with nothing written.
 * 3. Updates and deletes with `capture`: the locking read on every target shard, in the
 *    transaction.
 * 4. Owned lookup rows: created before the owner's rows (insert, update's new values) and
 *    deleted before the owner's statement (delete, update's old values; an update that
 *    keeps a row's value keeps its lookup row). Consistent lookups write on `pre` (creates)
 *    and `post` (deletes) transactions of the lookup keyspace; a duplicate lookup row whose
 *    owner row is missing (an orphan, e.g. left by a crash) is taken over, as Vitess
 *    clCommon.handleDup does; a duplicate whose owner exists fails with the MySQL duplicate
 *    error. Other lookup types write on the `normal` transaction (in single mode a lookup
 *    table on another shard is then a second shard: SG710, as in Vitess). An upsert creates
 *    lookup rows with `insert ignore`, verifies them, and drops the owner rows whose value
 *    belongs to another row (Vitess InsertCommon.processOwned).
 * 5. The statement on every target shard, in parallel; when it is the write's only statement
 *    on one shard and the session allows autocommit (`session.canAutocommit`: the request
 *    makes one write), in autocommit outside any transaction (Vitess AutocommitApproval).
 * Failures: every failure rolls the whole session back (Vitess rollbackOnError) and rejects:
 * statement failures as one ServiceError naming the failing shards (SG700–SG707, see
 * shardFailureError) whose `details` also carry the MySQL `errno` and `sqlState` of the
 * (first) failing statement, e.g. errno 1062 for a duplicate key; SG710 in single mode;
 * SG713 from the sequence; SG515/SG301 for a generated value no shard takes; SG708 when
 * cancelled or out of time before a step. A session that is not open rejects with SG712.
 */
export async function executeWritePlan(plan: WritePlan, session: TransactionSession, options: WriteExecutionOptions): Promise<WriteResult> {
  const budget = options.timeoutMs;
  const ctx: WriteContext = { session, options, deadline: budget !== undefined && budget > 0 && Number.isFinite(budget) ? Date.now() + budget : undefined };
  try {
    return plan.kind === 'insert' ? await executeInsert(plan, ctx) : await executeDml(plan, ctx);
  } catch (error) {
    await session.rollback();
    throw writeFailure(error);
  }
}
