// planWrite: a WriteRequest in, a pure WritePlan out. Inserts: columns checked, sequence
// cells marked, rows routed by the primary vindex and grouped per shard, owned lookup vindexes
// listed. Updates and deletes: routed like a read of their where, scatter only when allowed,
// primary vindex changes refused, owned lookups listed with the locking read they need.
// Mirrors vitess go/vt/vtgate/planbuilder/insert.go, update.go, delete.go and
// operators/(insert|update|delete).go. Executes nothing (src/engine/executeWritePlan.ts does).

import { ServiceError } from '../../errors/serviceError.js';
import { assertNever, invariant } from '../../util/invariant.js';
import { SQL_NULL, describeSqlValue, isNull, isNumber, type SqlValue } from '../../util/sqlValue.js';
import type { ShardRange } from '../key/destination.js';
import { resolveDestination } from '../key/resolveDestination.js';
import { qualifiedShardName } from '../key/shardName.js';
import { isBindList, type BindValue, type KeyspaceRef, type Opcode, type RouteNode, type VindexLookupNode, type VindexRef } from '../plan/plan.js';
import { buildInsertStatement, buildInsertTargets, routeRows } from '../plan/routeWrite.js';
import type { CaptureSpec, DmlPlan, GenerateSpec, InsertPlan, OwnedLookupWrite, RowRouting, WritePlan } from '../plan/writePlan.js';
import { buildLookupWriteSql } from '../vindexes/lookupWrite.js';
import type { LookupVindex } from '../vindexes/vindex.js';
import { BindVarAllocator, quoteIdentifier, renderPredicate } from './buildSql.js';
import { columnKey, normalizePredicate } from './normalizePredicate.js';
import { assertLookupQueryable, lookupTableRef, planLookupSteps, resolveLookupTable } from './planLookup.js';
import { planLookupQuery, unshardedShardCount, type PlanningContext } from './planQuery.js';
import type { Predicate, QueryRequest } from './queryRequest.js';
import { LIST_VAR_NAME, resolveOption } from './resolveOption.js';
import type { RoutingColumnVindex, RoutingKeyspace, RoutingTable } from './routingSchema.js';
import { selectVindex } from './selectVindex.js';
import { requestColumns } from './validateRequest.js';
import type { DeleteRequest, InsertRequest, UpdateRequest, WriteRequest } from './writeRequest.js';

export type { WritePlan, InsertPlan, DmlPlan } from '../plan/writePlan.js';
export type { WriteRequest } from './writeRequest.js';

/**
 * What write planning reads: what read planning reads (routing, shards, columns), plus
 * `limits.allowScatterWrites` (Config.limits.allowScatterWrites; absent means false).
 */
export interface WritePlanningContext extends PlanningContext {
  readonly limits?: { readonly maxRows?: number; readonly allowScatterWrites?: boolean };
}

/** The lookup vindex types whose tables writes maintain (the ones Vitess's own examples own). */
const WRITABLE_LOOKUPS = new Set(['lookup', 'lookup_unique', 'consistent_lookup', 'consistent_lookup_unique']);

function invalid(message: string, details: Record<string, unknown>): ServiceError {
  return new ServiceError('SG510', message, { details });
}

function unsupported(message: string, details: Record<string, unknown>): ServiceError {
  return new ServiceError('SG514', message, { details });
}

/** The table written, its routing view and how to spell its columns. */
interface WriteTable {
  readonly ks: RoutingKeyspace;
  readonly table: RoutingTable | undefined;
  readonly qualified: string;
  readonly keyspace: KeyspaceRef;
  readonly name: string;
  /** The table's spelling of a column (case-insensitive match), or undefined when unknown; every name when no column list is known. */
  readonly column: (name: string) => string | undefined;
  readonly shards: readonly ShardRange[];
}

function findWriteTable(request: WriteRequest, ctx: WritePlanningContext): WriteTable {
  const ks = ctx.routing.keyspaces.get(request.keyspace);
  if (ks === undefined) {
    const known = [...ctx.routing.keyspaces.keys()].join(', ') || 'none';
    throw new ServiceError('SG201', `keyspace ${JSON.stringify(request.keyspace)} not found (keyspaces: ${known})`, { details: { keyspace: request.keyspace } });
  }
  const table = ks.tables.get(request.table);
  const qualified = `${request.keyspace}.${request.table}`;
  if (table === undefined && ks.schema.sharded) {
    throw new ServiceError('SG202', `table ${JSON.stringify(request.table)} not found in sharded keyspace ${request.keyspace}`, {
      details: { keyspace: request.keyspace, table: request.table },
    });
  }
  const type = table?.schema.type;
  if (type === 'sequence' || type === 'reference') {
    throw unsupported(`${qualified} is a ${type} table: shardgate writes only to ordinary tables`, { table: qualified, type });
  }
  if (table?.schema.pinned !== undefined) throw unsupported(`${qualified} is a pinned table: writes to pinned tables are not supported`, { table: qualified });
  const introspected = ctx.columns?.(request.keyspace, request.table)?.map((c) => c.name);
  const listed = introspected ?? (table?.schema.columnListAuthoritative ? table.schema.columns.map((c) => c.name) : undefined);
  const spelled = listed === undefined ? undefined : new Map(listed.map((c) => [columnKey(c), c]));
  const shards = ctx.shards(request.keyspace);
  if (!ks.schema.sharded && shards.length !== 1) {
    throw unshardedShardCount(request.keyspace, shards);
  }
  return {
    ks,
    table,
    qualified,
    keyspace: { name: request.keyspace, sharded: ks.schema.sharded },
    name: request.table,
    column: (name) => (spelled === undefined ? name : spelled.get(columnKey(name))),
    shards,
  };
}

/** Throws SG203 naming every column of `names` the table does not have; returns the table's spellings. */
function resolveColumns(t: WriteTable, names: readonly string[]): string[] {
  const unknown = [...new Set(names.filter((n) => t.column(n) === undefined))];
  if (unknown.length > 0) {
    const shown = unknown.map((c) => JSON.stringify(c)).join(', ');
    throw new ServiceError('SG203', `column${unknown.length > 1 ? 's' : ''} ${shown} not found in table ${t.qualified}`, { details: { table: t.qualified, columns: unknown } });
  }
  return names.map((n) => t.column(n)!);
}

function assertDistinct(names: readonly string[], what: string, table: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw invalid(`${what} of ${table} names an empty column`, { table });
    if (seen.has(columnKey(name))) throw invalid(`${what} of ${table} names column ${JSON.stringify(name)} twice`, { table, column: name });
    seen.add(columnKey(name));
  }
}

function vindexRef(cv: RoutingColumnVindex): VindexRef {
  return { name: cv.name, type: cv.type, columns: cv.columns };
}

/** The primary vindex of a sharded table, which must be functional (Vitess maps inserts with it). */
function primaryVindex(t: WriteTable): RoutingColumnVindex {
  const cv = t.table?.columnVindexes[0];
  invariant(cv !== undefined, `sharded table ${t.qualified} has a primary vindex`);
  if (cv.vindex.kind === 'lookup') {
    throw unsupported(`the primary vindex ${cv.name} of ${t.qualified} is a lookup vindex (${cv.type}): writes need a functional primary vindex`, {
      table: t.qualified,
      vindex: cv.name,
    });
  }
  return cv;
}

/** Routing of rows whose columns are `columns`: the keyspace's shard, or the primary vindex over its columns' positions. */
function rowRouting(t: WriteTable, columns: readonly string[]): RowRouting {
  if (!t.keyspace.sharded) return { kind: 'unsharded', shard: t.shards[0]!.name };
  const cv = primaryVindex(t);
  const mapper = cv.vindex;
  invariant(mapper.kind !== 'lookup', 'primaryVindex refuses lookup vindexes');
  const positions = cv.columns.map((c) => columns.findIndex((x) => columnKey(x) === columnKey(c)));
  invariant(positions.every((p) => p >= 0), `rows of ${t.qualified} carry the primary vindex columns`);
  return { kind: 'vindex', vindex: vindexRef(cv), mapper, columns: positions };
}

/** An owned lookup vindex of the written table. */
interface OwnedLookup {
  readonly cv: RoutingColumnVindex;
  readonly vindex: LookupVindex;
}

/** The owned lookup vindexes of a sharded table (index > 0 of its column vindexes), not yet checked for writing. */
function ownedLookups(t: WriteTable): OwnedLookup[] {
  if (!t.keyspace.sharded || t.table === undefined) return [];
  const specs = t.table.schema.columnVindexes;
  const out: OwnedLookup[] = [];
  for (const cv of t.table.columnVindexes) {
    const spec = specs.find((s) => s.name === cv.name);
    if (cv.partial || spec === undefined || !spec.owned || specs[0] === spec) continue;
    const vindex = cv.vindex;
    invariant(vindex.kind === 'lookup', `owned vindex ${cv.name} is a lookup vindex (VSchema validation)`);
    out.push({ cv, vindex });
  }
  return out;
}

/** Throws unless a write can keep `owned` in step: a supported type (SG514) whose from columns match the owner's (SG504). */
function assertWritable(t: WriteTable, owned: OwnedLookup): void {
  const { cv, vindex } = owned;
  if (!WRITABLE_LOOKUPS.has(vindex.type)) {
    throw unsupported(`${t.qualified} owns lookup vindex ${cv.name} of type ${vindex.type}: writes maintain only ${[...WRITABLE_LOOKUPS].join(', ')}`, {
      table: t.qualified,
      vindex: cv.name,
      type: vindex.type,
    });
  }
  if (vindex.params.from.length !== cv.columns.length) {
    throw new ServiceError('SG504', `lookup vindex ${cv.name} maps ${vindex.params.from.length} from columns but ${t.qualified} gives it ${cv.columns.length}`, {
      details: { vindex: cv.name, table: t.qualified },
    });
  }
}

/** The plan entry of an owned lookup the write keeps in step (checked with assertWritable first). */
function lookupWrite(t: WriteTable, ctx: WritePlanningContext, owned: OwnedLookup, columns: readonly number[], newValues?: readonly SqlValue[]): OwnedLookupWrite {
  assertWritable(t, owned);
  const { cv, vindex } = owned;
  return {
    vindex: vindexRef(cv),
    lookup: vindex,
    columns,
    commitOrder: vindex.commitOrder,
    table: lookupTableRef(vindex, { qualified: t.qualified, keyspace: t.keyspace.name }, ctx),
    sql: buildLookupWriteSql(vindex.params, { table: t.name, columns: cv.columns }),
    ...(newValues === undefined ? {} : { newValues }),
  };
}

/** The positions of `names` in `columns` (case-insensitive), -1 for a missing one. */
function positionsOf(columns: readonly string[], names: readonly string[]): number[] {
  return names.map((n) => columns.findIndex((c) => columnKey(c) === columnKey(n)));
}

/**
 * What planning an insert derives from its table and the request's shape (columns, on
 * conflict, returning) alone, never from its values: cached by {@link WritePlanCache}.
 */
interface InsertShapePlan {
  readonly t: WriteTable;
  /** The written columns as the table spells them: the request's, then the sequence's column when the request omits it. */
  readonly columns: readonly string[];
  /** True when the sequence's column was appended to the request's columns (every row gets a NULL there). */
  readonly appended: boolean;
  /** Where the sequence's column is in `columns`, and its sequence (absent: no auto_increment). */
  readonly auto?: { readonly columnIndex: number; readonly sequence: GenerateSpec['sequence'] };
  /** The primary vindex columns that must hold a value in every row (their positions), the sequence's column excluded. */
  readonly vindexColumns: readonly { readonly at: number; readonly column: string; readonly k: number; readonly vindex: string }[];
  readonly routing: RowRouting;
  readonly lookups: readonly OwnedLookupWrite[];
  readonly onConflict?: InsertPlan['onConflict'];
  readonly returning?: readonly string[];
}

function planInsertShape(t: WriteTable, request: InsertRequest, ctx: WritePlanningContext): InsertShapePlan {
  if (request.columns.length === 0) throw invalid(`insert into ${t.qualified} names no column`, { table: t.qualified });
  assertDistinct(request.columns, 'insert', t.qualified);
  const columns = resolveColumns(t, request.columns);

  let auto: InsertShapePlan['auto'];
  let appended = false;
  const autoIncrement = t.table?.schema.autoIncrement;
  if (autoIncrement !== undefined) {
    let columnIndex = positionsOf(columns, [autoIncrement.column])[0]!;
    if (columnIndex < 0) {
      columnIndex = columns.length;
      columns.push(t.column(autoIncrement.column) ?? autoIncrement.column);
      appended = true;
    }
    auto = { columnIndex, sequence: { keyspace: autoIncrement.sequence.keyspace, table: autoIncrement.sequence.table } };
  }

  const vindexColumns: InsertShapePlan['vindexColumns'][number][] = [];
  if (t.keyspace.sharded) {
    const cv = primaryVindex(t);
    for (const [k, column] of cv.columns.entries()) {
      const at = positionsOf(columns, [column])[0]!;
      if (at < 0) {
        throw new ServiceError('SG511', `insert into ${t.qualified} must give column ${column}: its primary vindex ${cv.name} routes each row by it, and no sequence supplies it`, {
          details: { table: t.qualified, column, vindex: cv.name },
        });
      }
      // The sequence's column: its NULLs are filled at execution (a request without sequence cells is checked below, per row).
      vindexColumns.push({ at, column, k, vindex: cv.name });
    }
  }
  const routing = rowRouting(t, columns);

  const lookups: OwnedLookupWrite[] = [];
  for (const owned of ownedLookups(t)) {
    const positions = positionsOf(columns, owned.cv.columns);
    const missing = owned.cv.columns.find((_, i) => positions[i]! < 0);
    if (missing !== undefined) {
      if (owned.vindex.params.ignoreNulls) continue;
      throw new ServiceError('SG511', `insert into ${t.qualified} must give column ${missing}: the owned lookup vindex ${owned.cv.name} records every row's value in its lookup table`, {
        details: { table: t.qualified, column: missing, vindex: owned.cv.name },
      });
    }
    lookups.push(lookupWrite(t, ctx, owned, positions));
  }

  let onConflict: InsertPlan['onConflict'];
  if (request.onConflict !== undefined) {
    assertDistinct(request.onConflict.updateColumns, 'on_conflict', t.qualified);
    const update = resolveColumns(t, request.onConflict.updateColumns);
    const vindexes = t.keyspace.sharded ? [primaryVindex(t), ...ownedLookups(t).map((o) => o.cv)] : [];
    for (const cv of vindexes) {
      const changed = update.find((c) => cv.columns.some((v) => columnKey(v) === columnKey(c)));
      if (changed !== undefined) {
        throw unsupported(`on_conflict of ${t.qualified} cannot update column ${changed}: it is a column of vindex ${cv.name} (Vitess refuses changing vindex columns this way)`, {
          table: t.qualified,
          column: changed,
          vindex: cv.name,
        });
      }
    }
    onConflict = { updateColumns: update };
  }

  let returning: string[] | undefined;
  if (request.returning !== undefined) {
    assertDistinct(request.returning, 'returning', t.qualified);
    returning = resolveColumns(t, request.returning);
  }
  return {
    t,
    columns,
    appended,
    ...(auto === undefined ? {} : { auto }),
    vindexColumns,
    routing,
    lookups,
    ...(onConflict === undefined ? {} : { onConflict }),
    ...(returning === undefined ? {} : { returning }),
  };
}

function planInsert(request: InsertRequest, ctx: WritePlanningContext, cache: WritePlanCache | undefined): InsertPlan {
  const t = cache === undefined ? findWriteTable(request, ctx) : cache.table(request, ctx);
  if (request.rows.length === 0) throw invalid(`insert into ${t.qualified} has no rows`, { table: t.qualified });
  const shape = cache === undefined ? planInsertShape(t, request, ctx) : cache.insertShape(t, request, ctx);
  const width = request.columns.length;
  const rows: SqlValue[][] = request.rows.map((row, i) => {
    if (row.length !== width) throw invalid(`row ${i} of the insert into ${t.qualified} has ${row.length} values for ${width} columns`, { table: t.qualified, row: i });
    return shape.appended ? [...row, SQL_NULL] : [...row];
  });
  const { columns, auto } = shape;

  let generate: GenerateSpec | undefined;
  if (auto !== undefined) {
    const generated = rows.flatMap((row, i) => (isNull(row[auto.columnIndex]!) ? [i] : []));
    if (generated.length > 0) generate = { column: columns[auto.columnIndex]!, columnIndex: auto.columnIndex, sequence: auto.sequence, rows: generated };
  }
  for (const { at, column, k, vindex } of shape.vindexColumns) {
    if (generate !== undefined && at === generate.columnIndex) continue;
    const missing = rows.findIndex((row) => isNull(row[at]!));
    if (missing >= 0) {
      throw new ServiceError('SG511', `row ${missing} of the insert into ${t.qualified} has no value for column ${column}: its primary vindex ${vindex} routes the row by it`, {
        details: { table: t.qualified, column, vindex, row: missing, vindexColumn: k },
      });
    }
  }

  const { routing, lookups, onConflict, returning } = shape;
  const statementShape = { table: t.name, columns, ...(onConflict === undefined ? {} : { onConflict }) };
  const plan: InsertPlan = {
    kind: 'insert',
    opcode: t.keyspace.sharded ? 'InsertSharded' : 'InsertUnsharded',
    keyspace: t.keyspace,
    table: t.name,
    columns,
    rows,
    ...(generate === undefined ? {} : { generate }),
    routing,
    ...(onConflict === undefined ? {} : { onConflict }),
    sql: buildInsertStatement(statementShape, rows, rows.map((_, i) => i)).sql,
    lookups,
    ...(returning === undefined ? {} : { returning }),
  };
  if (generate !== undefined) return plan;
  return { ...plan, targets: buildInsertTargets(statementShape, rows, routeRows(routing, rows, t.shards, t.qualified), plan.sql) };
}

/** Most shapes a {@link WritePlanCache} keeps; past that it starts over (a client sending ever new column sets cannot grow it). */
const MAX_CACHED_SHAPES = 512;

/** Separates the parts of a shape key: no identifier holds U+0000. */
const SEP = '\u0000';

/**
 * What write planning derives from a request's shape, cached for one planning context: the
 * written table (findWriteTable) by keyspace and table, and an insert's columns, sequence,
 * routing, owned lookups, on conflict and returning by its column lists. Values never enter
 * the cache, so a cached plan is the plan planWrite makes without it. Contract: use one cache
 * with one context only (the context's routing and columns must not change while it lives;
 * a new schema means a new context and a new cache); failures are not cached.
 */
export class WritePlanCache {
  readonly #context: WritePlanningContext;
  readonly #tables = new Map<string, WriteTable>();
  readonly #inserts = new Map<string, InsertShapePlan>();

  constructor(context: WritePlanningContext) {
    this.#context = context;
  }

  /** How many insert shapes are cached. */
  get size(): number {
    return this.#inserts.size;
  }

  /** @internal planInsert's cached findWriteTable. */
  table(request: WriteRequest, ctx: WritePlanningContext): WriteTable {
    invariant(ctx === this.#context, 'a WritePlanCache serves the planning context it was created for');
    const key = request.keyspace + SEP + request.table;
    let t = this.#tables.get(key);
    if (t === undefined) {
      t = findWriteTable(request, ctx);
      this.#tables.set(key, t);
    }
    return t;
  }

  /** @internal planInsert's cached planInsertShape. */
  insertShape(t: WriteTable, request: InsertRequest, ctx: WritePlanningContext): InsertShapePlan {
    const conflict = request.onConflict === undefined ? '-' : `+${request.onConflict.updateColumns.join(SEP)}`;
    const returning = request.returning === undefined ? '-' : `+${request.returning.join(SEP)}`;
    const key = [request.keyspace, request.table, request.columns.join(SEP), conflict, returning].join(`${SEP}${SEP}`);
    let shape = this.#inserts.get(key);
    if (shape === undefined) {
      shape = planInsertShape(t, request, ctx);
      if (this.#inserts.size >= MAX_CACHED_SHAPES) this.#inserts.clear();
      this.#inserts.set(key, shape);
    }
    return shape;
  }
}

/** The DML route decided before SQL is built (planQuery's choice, for writes). */
type DmlRoute =
  | { readonly kind: 'static'; readonly opcode: Opcode; readonly shards: ReadonlyMap<string, Readonly<Record<string, BindValue>>>; readonly listBinds: ReadonlyMap<Predicate, string>; readonly vindex?: VindexRef; readonly values?: readonly BindValue[] }
  | { readonly kind: 'lookup'; readonly opcode: 'EqualUnique' | 'Equal' | 'IN' | 'MultiEqual'; readonly vindex: LookupVindex; readonly ref: VindexRef; readonly ids: readonly SqlValue[]; readonly listBinds: ReadonlyMap<Predicate, string> };

const NO_LIST_BINDS: ReadonlyMap<Predicate, string> = new Map();

function chooseDmlRoute(t: WriteTable, where: Predicate, ctx: WritePlanningContext, what: 'update' | 'delete'): DmlRoute {
  const staticRoute = (opcode: Opcode, names: readonly string[]): DmlRoute => ({ kind: 'static', opcode, shards: new Map(names.map((s) => [s, {}])), listBinds: NO_LIST_BINDS });
  if (where.kind === 'false') return staticRoute('None', []);
  if (!t.keyspace.sharded) return staticRoute('Unsharded', [t.shards[0]!.name]);
  invariant(t.table !== undefined, 'a sharded keyspace writes only tables of its VSchema');
  const conjuncts = where.kind === 'and' ? where.operands : where.kind === 'true' ? [] : [where];
  const { opcode, option } = selectVindex(t.table.columnVindexes, conjuncts);
  if (option === undefined) {
    if (ctx.limits?.allowScatterWrites !== true) {
      const filter = where.kind === 'true' ? 'no where' : 'a where that names no vindex column with = or IN';
      const shards = t.shards.map((s) => qualifiedShardName(t.keyspace.name, s.name));
      throw new ServiceError(
        'SG513',
        `${what} of ${t.qualified} with ${filter} would run on every shard of keyspace ${t.keyspace.name} (${shards.join(', ')}); scatter writes are off because one mistaken request could change every shard. Filter on ${primaryVindex(t).columns.join(', ')} (the primary vindex) to reach only the owning shards, or set limits.allowScatterWrites to true in the configuration`,
        { details: { table: t.qualified, keyspace: t.keyspace.name, shards } },
      );
    }
    return staticRoute('Scatter', resolveDestination({ kind: 'allShards' }, t.shards));
  }
  if (option.vindex.kind === 'lookup') {
    invariant(opcode === 'EqualUnique' || opcode === 'Equal' || opcode === 'IN' || opcode === 'MultiEqual', `lookup route ${opcode}`);
    const value = option.values[0]!;
    const listBinds = opcode === 'IN' ? new Map([[option.predicates[0]!, LIST_VAR_NAME]]) : NO_LIST_BINDS;
    return { kind: 'lookup', opcode, vindex: option.vindex, ref: vindexRef(option.columnVindex), ids: isBindList(value) ? value : [value], listBinds };
  }
  const resolved = resolveOption(opcode, option, t.shards);
  if (resolved.shards.size === 0) return staticRoute('None', []);
  return { kind: 'static', opcode, shards: resolved.shards, listBinds: resolved.listBinds, vindex: vindexRef(option.columnVindex), values: option.values.map((v) => v!) };
}

/** The columns an update changes, as [column, new value or undefined for inc]. */
function changedColumns(request: UpdateRequest): { column: string; value: SqlValue | undefined }[] {
  return [...request.set.map((s) => ({ column: s.column, value: s.value as SqlValue | undefined })), ...request.inc.map((i) => ({ column: i.column, value: undefined }))];
}

/** The owned lookups an update or delete keeps in step, before capture positions are known. */
function dmlLookups(request: UpdateRequest | DeleteRequest, t: WriteTable): { owned: OwnedLookup; newValues?: SqlValue[] }[] {
  if (!t.keyspace.sharded) return [];
  const owned = ownedLookups(t);
  if (request.kind === 'delete') return owned.map((o) => ({ owned: o }));
  const changes = changedColumns(request);
  const primary = primaryVindex(t);
  const hit = (cv: RoutingColumnVindex) => changes.filter((c) => cv.columns.some((v) => columnKey(v) === columnKey(c.column)));
  const primaryHit = hit(primary);
  if (primaryHit.length > 0) {
    throw new ServiceError('SG512', `update of ${t.qualified} cannot change column ${primaryHit[0]!.column}: it is a column of the primary vindex ${primary.name}, which decides the row's shard (Vitess: you cannot UPDATE primary vindex columns); delete the row and insert it again instead`, {
      details: { table: t.qualified, column: primaryHit[0]!.column, vindex: primary.name },
    });
  }
  const out: { owned: OwnedLookup; newValues?: SqlValue[] }[] = [];
  for (const cv of t.table!.columnVindexes) {
    if (cv === primary || cv.partial) continue;
    const changed = hit(cv);
    if (changed.length === 0) continue;
    const o = owned.find((x) => x.cv === cv);
    if (o === undefined) {
      throw unsupported(`update of ${t.qualified} cannot change column ${changed[0]!.column}: vindex ${cv.name} is not an owned lookup vindex of the table, so its mapping cannot follow (Vitess: you can only UPDATE owned vindexes)`, {
        table: t.qualified,
        column: changed[0]!.column,
        vindex: cv.name,
      });
    }
    const inc = changed.find((c) => c.value === undefined);
    if (inc !== undefined) throw unsupported(`update of ${t.qualified} cannot _inc column ${inc.column} of the owned lookup vindex ${cv.name}: use _set`, { table: t.qualified, column: inc.column, vindex: cv.name });
    const newValues = cv.columns.map((v) => changed.find((c) => columnKey(c.column) === columnKey(v))?.value);
    const unset = cv.columns.find((_, i) => newValues[i] === undefined);
    if (unset !== undefined) {
      throw unsupported(`update of ${t.qualified} changes vindex ${cv.name} but not its column ${unset}: set all of ${cv.columns.join(', ')}`, { table: t.qualified, column: unset, vindex: cv.name });
    }
    out.push({ owned: o, newValues: newValues as SqlValue[] });
  }
  return out;
}

function planDml(request: UpdateRequest | DeleteRequest, ctx: WritePlanningContext): DmlPlan {
  const t = findWriteTable(request, ctx);
  const capture = request.capture ?? [];
  assertDistinct(capture, 'capture', t.qualified);
  if (request.kind === 'update') {
    if (request.set.length + request.inc.length === 0) throw invalid(`update of ${t.qualified} sets no column`, { table: t.qualified });
    assertDistinct(changedColumns(request).map((c) => c.column), 'update', t.qualified);
    const notNumber = request.inc.find((i) => !isNumber(i.value));
    if (notNumber !== undefined) throw invalid(`_inc of ${t.qualified} column ${notNumber.column} needs a number, got ${describeSqlValue(notNumber.value)}`, { table: t.qualified, column: notNumber.column });
  }
  const read: QueryRequest = {
    keyspace: request.keyspace,
    table: request.table,
    select: [...capture, ...(request.kind === 'update' ? changedColumns(request).map((c) => c.column) : [])],
    ...(request.where === undefined ? {} : { where: request.where }),
  };
  const mentioned = requestColumns(read);
  if (mentioned.some((c) => c === '')) throw invalid(`a where of ${t.qualified} names an empty column`, { table: t.qualified });
  resolveColumns(t, mentioned);

  const lookupsWanted = dmlLookups(request, t);
  const where = normalizePredicate(request.where);
  const route = chooseDmlRoute(t, where, ctx, request.kind);

  const binds = new BindVarAllocator();
  let sql: string;
  const whereOf = (): string => (where.kind === 'true' ? '' : ` where ${renderPredicate(where, binds, route.listBinds)}`);
  if (request.kind === 'update') {
    const sets = [
      ...request.set.map((s) => `${quoteIdentifier(t.column(s.column)!)} = :${binds.scalar(s.value)}`),
      ...request.inc.map((i) => {
        const column = quoteIdentifier(t.column(i.column)!);
        return `${column} = ${column} + :${binds.scalar(i.value)}`;
      }),
    ];
    sql = `update ${quoteIdentifier(t.name)} set ${sets.join(', ')}`;
  } else {
    sql = `delete from ${quoteIdentifier(t.name)}`;
  }
  const whereSql = whereOf();
  sql += whereSql;

  let captureSpec: CaptureSpec | undefined;
  const lookups: OwnedLookupWrite[] = [];
  if (capture.length > 0 || lookupsWanted.length > 0) {
    const columns = resolveColumns(t, capture);
    const add = (name: string): number => {
      const at = columns.findIndex((c) => columnKey(c) === columnKey(name));
      if (at >= 0) return at;
      columns.push(t.column(name) ?? name);
      return columns.length - 1;
    };
    for (const { owned, newValues } of lookupsWanted) {
      const positions = owned.cv.columns.map(add);
      lookups.push(lookupWrite(t, ctx, owned, positions, newValues));
    }
    if (lookupsWanted.length > 0) for (const c of primaryVindex(t).columns) add(c);
    captureSpec = {
      columns,
      sql: `select ${columns.map(quoteIdentifier).join(', ')} from ${quoteIdentifier(t.name)}${whereSql} for update`,
      ...(lookupsWanted.length > 0 ? { routing: rowRouting(t, columns) } : {}),
      requested: capture.length,
    };
  }

  const bindVars = binds.vars;
  let node: RouteNode | VindexLookupNode;
  if (route.kind === 'lookup') {
    const vindex = route.vindex;
    assertLookupQueryable(vindex, t.qualified);
    const lookupTable = resolveLookupTable(vindex.query().table, ctx.routing, t.keyspace.name);
    node = {
      kind: 'vindexLookup',
      opcode: route.opcode,
      keyspace: t.keyspace,
      table: t.name,
      vindex: route.ref,
      ids: route.ids,
      lookups: planLookupSteps(vindex, route.ids, lookupTable, (r) => planLookupQuery(r, vindex.name, t.qualified, ctx, 1)),
      mapper: vindex,
      sql,
      bindVars,
    };
  } else {
    node = {
      kind: 'route',
      opcode: route.opcode,
      keyspace: t.keyspace,
      table: t.name,
      ...(route.vindex === undefined ? {} : { vindex: route.vindex }),
      ...(route.values === undefined ? {} : { values: route.values }),
      sql,
      bindVars,
      targets: [...route.shards].map(([shard, extra]) => ({ shard, sql, bindVars: { ...bindVars, ...extra } })),
    };
  }
  return { kind: request.kind, keyspace: t.keyspace, table: t.name, route: node, ...(captureSpec === undefined ? {} : { capture: captureSpec }), lookups };
}

/**
 * Plans one write of one table. Pure and deterministic: targets in key-range shard order,
 * bind variables only (inserts `:_<column>_<row>`; updates and deletes `:vtg<n>` in SQL order,
 * set values first, then the where as reads render it).
 * Inserts (Vitess InsertUnsharded / InsertSharded):
 * - unsharded keyspace → `InsertUnsharded` on its one shard; sharded table → `InsertSharded`:
 *   each row's keyspace id from the primary vindex (a functional vindex; SG514 for a lookup
 *   primary vindex) and one statement per shard with only its rows;
 * - the table's `auto_increment` column: rows that omit it or give NULL get sequence ids at
 *   execution (`generate`; `targets` are then left to bindInsertRows); a row of a sharded
 *   table without a primary vindex column value and no sequence for it → SG511 naming the
 *   column and the row; a value the vindex maps to no shard → SG515;
 * - owned lookup vindexes of the table are listed in `lookups` (SG511 when the insert omits
 *   an owned lookup column, unless the vindex has `ignore_nulls`);
 * - `onConflict` → `on duplicate key update c = values(c)`; updating a vindex column → SG514;
 * - `returning` → `plan.returning` in the table's spelling (SG203 for an unknown column, SG510
 *   for one named twice); the SQL never carries it (the engine decides).
 * Updates and deletes: routed as a read with the same where (Unsharded, EqualUnique, Equal,
 * IN, MultiEqual, None, or through a lookup vindex); `Scatter` only with
 * `limits.allowScatterWrites`, else SG513 saying why and how to enable it; `set`/`inc` of a
 * primary vindex column → SG512; changing a column of a vindex that is not an owned lookup,
 * `inc` of an owned lookup column, or setting only some columns of one → SG514; owned
 * lookups whose columns change (update) or all owned lookups (delete) need the `capture`
 * read, which carries the request's capture columns first, then the lookups' and the
 * primary vindex's columns.
 * Errors: SG201/SG202/SG203 unknown keyspace/table/column; SG510 malformed request (no rows,
 * uneven rows, a column twice, nothing to set, an `inc` that is not a number); SG514 writes
 * to reference, sequence or pinned tables, or owned lookup types other than lookup,
 * lookup_unique, consistent_lookup(_unique); SG503 an unsharded keyspace without exactly one
 * shard; SG504 a lookup table that cannot be planned; what vindexes throw (SG402).
 * `cache` (a WritePlanCache made for `context`) keeps what inserts derive from their shape
 * between calls; the plan is the same with or without it.
 */
export function planWrite(request: WriteRequest, context: WritePlanningContext, cache?: WritePlanCache): WritePlan {
  switch (request.kind) {
    case 'insert':
      return planInsert(request, context, cache);
    case 'update':
    case 'delete':
      return planDml(request, context);
    default:
      return assertNever(request, 'write request');
  }
}
