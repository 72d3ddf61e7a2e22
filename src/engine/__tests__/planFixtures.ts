// Hand-built plans for engine tests (the engine may not import the planner): routes over
// the shards of a `customer` keyspace, a lookup route with a fake lookup vindex, and short
// value and row helpers.

import type { Destination } from '../../sharding/key/destination.js';
import type {
  AggregateOutput,
  BindVars,
  KeyspaceRef,
  LookupResultMapper,
  LookupStep,
  MergeSpec,
  Opcode,
  Row,
  SelectPlan,
  VindexLookupNode,
} from '../../sharding/plan/plan.js';
import { buildKeyspaceLayout, buildTopologyLayout } from '../../topology/buildLayout.js';
import { hexToBytes } from '../../util/hex.js';
import { SQL_NULL, makeSqlValue, sqlInt64, sqlValueToString, sqlVarbinary, sqlVarchar, type SqlValue } from '../../util/sqlValue.js';

export const CUSTOMER: KeyspaceRef = { name: 'customer', sharded: true };
export const LOOKUPS: KeyspaceRef = { name: 'lookups', sharded: false };

/** `customer` on four shards and an unsharded `lookups` keyspace. */
export const LAYOUT = buildTopologyLayout([
  buildKeyspaceLayout('customer', true, ['-40', '40-80', '80-c0', 'c0-']),
  buildKeyspaceLayout('lookups', false, ['0']),
]);

export const i = (n: number | bigint): SqlValue => sqlInt64(n);
export const s = (text: string): SqlValue => sqlVarchar(text);
export const N = SQL_NULL;
/** A weight string as MariaDB returns it: VARBINARY bytes. */
export const w = (text: string): SqlValue => sqlVarbinary(text);
export const dec = (text: string): SqlValue => makeSqlValue('DECIMAL', text);

/** Rows as `a,b` text (NULL as `NULL`) for readable asserts. */
export function show(rows: readonly Row[]): string[] {
  return rows.map((r) => r.map((v) => (v.type === 'NULL' ? 'NULL' : sqlValueToString(v))).join(','));
}

const NO_MERGE: MergeSpec = { orderBy: [], offset: 0, resultColumns: 1 };

/** A route plan on `customer.user` (or `keyspace` given) with one target per shard listed. */
export function routePlan(options: {
  opcode: Opcode;
  shards: readonly (string | readonly [string, BindVars])[];
  columns?: readonly string[];
  sql?: string;
  binds?: BindVars;
  merge?: Partial<MergeSpec>;
  keyspace?: KeyspaceRef;
  table?: string;
}): SelectPlan {
  const columns = options.columns ?? ['id'];
  const sql = options.sql ?? 'select `id` from `user`';
  const binds = options.binds ?? {};
  const keyspace = options.keyspace ?? CUSTOMER;
  const table = options.table ?? 'user';
  const targets = options.shards.map((t) =>
    typeof t === 'string' ? { shard: t, sql, bindVars: binds } : { shard: t[0], sql, bindVars: { ...binds, ...t[1] } },
  );
  return {
    kind: 'select',
    keyspace: keyspace.name,
    table,
    columns,
    route: { kind: 'route', opcode: options.opcode, keyspace, table, sql, bindVars: binds, targets },
    merge: { ...NO_MERGE, resultColumns: columns.length, ...options.merge },
  };
}

/** An aggregate plan: outputs over the shard rows. */
export function aggregatePlan(opcode: Opcode, shards: readonly string[], sql: string, aggregates: readonly AggregateOutput[]): SelectPlan {
  return routePlan({
    opcode,
    shards,
    sql,
    columns: aggregates.map((a) => a.alias),
    merge: { aggregates, resultColumns: aggregates.length },
  });
}

/** The keyspace id a lookup row's `to` value spells in hex. */
function ksid(v: SqlValue): Uint8Array {
  const bytes = hexToBytes(sqlValueToString(v));
  if (bytes === undefined) throw new Error(`not hex: ${sqlValueToString(v)}`);
  return bytes;
}

/** A lookup vindex stand-in: each `to` value is a keyspace id in hex; no row maps to `none`. */
export const hexKsidMapper: LookupResultMapper = {
  mapResult(ids, rowsPerId): Destination[] {
    return ids.map((_id, k) => {
      const rows = rowsPerId[k] ?? [];
      if (rows.length === 0) return { kind: 'none' };
      if (rows.length === 1) return { kind: 'keyspaceId', ksid: ksid(rows[0]!) };
      return { kind: 'keyspaceIds', ksids: rows.map(ksid) };
    });
  },
};

/** The lookup step plan: `select name, ksid from name_idx where name in ::name` on `lookups/0`. */
export function lookupStep(ids: readonly SqlValue[]): LookupStep {
  const sql = 'select `name`, `ksid` from `name_idx` where `name` in ::name';
  return {
    ids,
    values: ids,
    plan: routePlan({
      opcode: 'Unsharded',
      keyspace: LOOKUPS,
      table: 'name_idx',
      shards: ['0'],
      sql,
      binds: { name: ids },
      columns: ['name', 'ksid'],
    }),
  };
}

/** A plan on `customer.user` routed by the lookup `name_idx`: one batched step for all ids. */
export function lookupPlan(opcode: 'IN' | 'Equal', ids: readonly SqlValue[], merge: Partial<MergeSpec> = {}, columns = ['id', 'name']): SelectPlan {
  const sql =
    opcode === 'IN' ? 'select `id`, `name` from `user` where `name` in ::__vals' : 'select `id`, `name` from `user` where `name` = :vtg1';
  const binds: BindVars = opcode === 'IN' ? {} : { vtg1: ids[0]! };
  const route: VindexLookupNode = {
    kind: 'vindexLookup',
    opcode,
    keyspace: CUSTOMER,
    table: 'user',
    vindex: { name: 'name_idx', type: 'lookup', columns: ['name'] },
    ids,
    lookups: [lookupStep(ids)],
    mapper: hexKsidMapper,
    sql,
    bindVars: binds,
  };
  return { kind: 'select', keyspace: 'customer', table: 'user', columns, route, merge: { ...NO_MERGE, resultColumns: columns.length, ...merge } };
}
