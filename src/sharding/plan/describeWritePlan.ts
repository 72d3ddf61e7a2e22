// Printing write plans: describeWritePlan gives JSON shaped like Vitess's Insert / Update /
// Delete plan output (golden files, explain), summarizeWritePlan the `[{path, keyspace,
// opcode, shards, sql}]` list of INTERFACES.md §3/§4. Pure; owns no planning.

import { describeSqlValue } from '../../util/sqlValue.js';
import { describeBinds, describeKeyspace, describePlan, operator, summarizePlan, type JsonObject, type JsonValue, type PlanSummary } from './describePlan.js';
import type { DmlPlan, InsertPlan, OwnedLookupWrite, RowRouting, WritePlan } from './writePlan.js';

function describeRouting(routing: RowRouting): string {
  return routing.kind === 'unsharded' ? `shard ${routing.shard}` : `${routing.vindex.name}(${routing.vindex.columns.join(', ')})`;
}

/** `name (type) on table [PRE]: from… → to`, one line per owned lookup vindex. */
function describeLookups(lookups: readonly OwnedLookupWrite[]): JsonValue[] | undefined {
  if (lookups.length === 0) return undefined;
  return lookups.map((l) => {
    const values = l.newValues === undefined ? '' : ` = ${l.newValues.map(describeSqlValue).join(', ')}`;
    return `${l.vindex.name}(${l.vindex.columns.join(', ')})${values} ${l.lookup.type} in ${l.table.keyspace.name}.${l.table.table} by ${describeRouting(l.table.routing)}, commit order ${l.commitOrder}`;
  });
}

function describeInsert(plan: InsertPlan): JsonObject {
  const generate = plan.generate;
  return operator(
    { OperatorType: 'Insert', Variant: plan.opcode === 'InsertSharded' ? 'Sharded' : 'Unsharded', Keyspace: describeKeyspace(plan.keyspace) },
    {
      AutoIncrement: generate === undefined ? undefined : `${generate.sequence.keyspace}.${generate.sequence.table} → ${generate.column} of rows ${generate.rows.join(', ')}`,
      OwnedLookups: describeLookups(plan.lookups),
      Query: plan.sql,
      ShardQueries: plan.targets === undefined ? undefined : Object.fromEntries(plan.targets.map((t) => [t.shard, { Query: t.sql, BindVars: describeBinds(t.bindVars) }])),
      Shards: plan.targets?.map((t) => t.shard),
      TableName: plan.table,
      Vindex: plan.routing.kind === 'vindex' ? plan.routing.vindex.name : undefined,
    },
  );
}

function describeDml(plan: DmlPlan): JsonObject {
  const route = describePlan({
    kind: 'select',
    keyspace: plan.keyspace.name,
    table: plan.table,
    columns: [],
    route: plan.route,
    merge: { orderBy: [], offset: 0, resultColumns: 0 },
  }) as { Instructions: JsonObject };
  const instructions = route.Instructions;
  const isLookup = instructions.OperatorType === 'VindexLookup';
  const { OperatorType: _op, Variant: _variant, Keyspace: _ks, ...rest } = instructions;
  return operator(
    { OperatorType: plan.kind === 'update' ? 'Update' : 'Delete', Variant: plan.route.opcode, Keyspace: describeKeyspace(plan.keyspace) },
    {
      ...(isLookup ? { Lookup: instructions } : rest),
      OwnedLookups: describeLookups(plan.lookups),
      OwnedVindexQuery: plan.capture?.sql,
      KsidVindex: plan.capture?.routing?.kind === 'vindex' ? plan.capture.routing.vindex.name : undefined,
    },
  );
}

/**
 * Describes a write plan as JSON shaped like Vitess's plan output: `{QueryType, Instructions,
 * TablesUsed}` with an `Insert` (Variant `Sharded`/`Unsharded`, `Query` for all rows,
 * `ShardQueries` per shard with their binds when known, `AutoIncrement`) or an `Update` /
 * `Delete` operator (Variant the route opcode, the route's keys as describePlan prints them,
 * `OwnedVindexQuery` for the capture read, `Lookup` holding the VindexLookup of a lookup
 * route). `OwnedLookups` lists the lookup vindexes kept in step. Deterministic key order.
 */
export function describeWritePlan(plan: WritePlan): JsonValue {
  const instructions = plan.kind === 'insert' ? describeInsert(plan) : describeDml(plan);
  return { QueryType: plan.kind.toUpperCase(), Instructions: instructions, TablesUsed: [`${plan.keyspace.name}.${plan.table}`] };
}

/**
 * Lists the statements a write plan sends, each `{path, keyspace, opcode, shards, sql}`, as
 * summarizePlan does for reads. Contract: a DML through a lookup vindex lists the lookup
 * reads first; the capture read (opcode of its route) comes before the statement; an insert
 * whose shards depend on sequence ids lists no shards (the execution log has them). Lookup
 * table writes are not listed: their shards depend on the rows written.
 */
export function summarizeWritePlan(plan: WritePlan, path: string): PlanSummary[] {
  if (plan.kind === 'insert') {
    return [{ path, keyspace: plan.keyspace.name, opcode: plan.opcode, shards: plan.targets?.map((t) => t.shard) ?? [], sql: plan.sql }];
  }
  const route = plan.route;
  const shards = route.kind === 'route' ? route.targets.map((t) => t.shard) : [];
  const lookups = route.kind === 'vindexLookup' ? route.lookups.flatMap((step) => summarizePlan(step.plan, path)) : [];
  const capture = plan.capture === undefined ? [] : [{ path, keyspace: plan.keyspace.name, opcode: route.opcode, shards, sql: plan.capture.sql }];
  return [...lookups, ...capture, { path, keyspace: plan.keyspace.name, opcode: route.opcode, shards, sql: route.sql }];
}
