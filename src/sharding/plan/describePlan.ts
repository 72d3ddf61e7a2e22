// Printing plans: describePlan gives JSON shaped like Vitess plan output (golden files, the
// explain header), summarizePlan the `[{path, keyspace, opcode, shards, sql}]` list of
// INTERFACES.md §3/§4. Pure; owns no planning and knows nothing of GraphQL.

import { bytesToHex } from '../../util/hex.js';
import { assertNever } from '../../util/invariant.js';
import { describeSqlValue } from '../../util/sqlValue.js';
import { isBindList, type AggregateOutput, type BindValue, type BindVars, type KeyspaceRef, type MergeSpec, type OrderKey, type Plan, type RouteNode, type SelectPlan, type VindexLookupNode } from './plan.js';

/** A JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object being built. */
export type JsonObject = { [key: string]: JsonValue };

/** A bind value as plan JSON prints it: `INT64(1)`, a list as an array. */
export function describeValue(v: BindValue): JsonValue {
  return isBindList(v) ? v.map(describeSqlValue) : describeSqlValue(v);
}

/** Bind variables as plan JSON prints them, by name. */
export function describeBinds(binds: BindVars): JsonObject {
  return Object.fromEntries(Object.entries(binds).map(([k, v]) => [k, describeValue(v)]));
}

/** Vitess's `Keyspace {Name, Sharded}`. */
export function describeKeyspace(ks: KeyspaceRef): JsonObject {
  return { Name: ks.name, Sharded: ks.sharded };
}

/** An operator: Vitess's fixed keys first, the others sorted by name (as Go marshals the `Other` map), undefined ones left out, Inputs last. */
export function operator(fixed: JsonObject, other: Record<string, JsonValue | undefined>, inputs?: JsonValue[]): JsonObject {
  const out: JsonObject = { ...fixed };
  for (const key of Object.keys(other).sort()) if (other[key] !== undefined) out[key] = other[key]!;
  if (inputs !== undefined) out.Inputs = inputs;
  return out;
}

/** `column|weightStringColumn`, plus ` PAD <hex>` when the weight strings are padded. */
function weightedColumn(column: number, weightStringColumn: number, padWeight: Uint8Array | undefined): string {
  return `${column}|${weightStringColumn}${padWeight === undefined ? '' : ` PAD ${bytesToHex(padWeight)}`}`;
}

/** A key's columns as Vitess prints them: `0`, or `(0|2)` with its merge key. */
function keyColumns(k: OrderKey): string {
  return k.weightStringColumn === undefined ? `${k.column}` : `(${weightedColumn(k.column, k.weightStringColumn, k.padWeight)})`;
}

function describeOrderBy(merge: MergeSpec): string | undefined {
  if (merge.orderBy.length === 0) return undefined;
  return merge.orderBy
    .map((k) => {
      const col = keyColumns(k);
      const nulls = k.nullsFirst === (k.direction === 'asc') ? '' : k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
      return `${col} ${k.direction.toUpperCase()}${nulls}`;
    })
    .join(', ');
}

/** Vitess ResultColumns: shown when hidden ORDER BY columns are cut off after merging. */
function hiddenColumns(merge: MergeSpec): number | undefined {
  const hidden = merge.orderBy.some((k) => k.column >= merge.resultColumns || k.weightStringColumn !== undefined);
  return hidden ? merge.resultColumns : undefined;
}

function sameBind(a: BindValue | undefined, b: BindValue): boolean {
  return a !== undefined && JSON.stringify(describeValue(a)) === JSON.stringify(describeValue(b));
}

/** Per-shard binds that differ from the route's shared ones, by shard. */
function shardBinds(route: RouteNode): JsonObject | undefined {
  const out: JsonObject = {};
  for (const t of route.targets) {
    const own = Object.fromEntries(Object.entries(t.bindVars).filter(([k, v]) => !sameBind(route.bindVars[k], v)));
    if (Object.keys(own).length > 0) out[t.shard] = describeBinds(own);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function nonEmptyBinds(binds: BindVars): JsonObject | undefined {
  return Object.keys(binds).length > 0 ? describeBinds(binds) : undefined;
}

function describeRoute(route: RouteNode, merge: MergeSpec): JsonObject {
  const queries = new Set(route.targets.map((t) => t.sql).filter((sql) => sql !== route.sql));
  return operator(
    { OperatorType: 'Route', Variant: route.opcode, Keyspace: describeKeyspace(route.keyspace) },
    {
      TargetDestination: route.destination,
      BindVars: nonEmptyBinds(route.bindVars),
      OrderBy: describeOrderBy(merge),
      Query: route.sql,
      ResultColumns: hiddenColumns(merge),
      Shards: route.targets.map((t) => t.shard),
      ShardBindVars: shardBinds(route),
      ShardQueries: queries.size > 0 ? Object.fromEntries(route.targets.map((t) => [t.shard, t.sql])) : undefined,
      Values: route.values?.map(describeValue),
      Vindex: route.vindex?.name,
    },
  );
}

function describeLookup(node: VindexLookupNode, merge: MergeSpec): JsonObject {
  const values = node.opcode === 'IN' || node.opcode === 'MultiEqual' ? [describeValue(node.ids)] : node.ids.map(describeValue);
  const sendTo = operator(
    { OperatorType: 'Route', Variant: 'ByDestination', Keyspace: describeKeyspace(node.keyspace) },
    { BindVars: nonEmptyBinds(node.bindVars), OrderBy: describeOrderBy(merge), Query: node.sql, ResultColumns: hiddenColumns(merge) },
  );
  return operator(
    { OperatorType: 'VindexLookup', Variant: node.opcode, Keyspace: describeKeyspace(node.keyspace) },
    { Values: values, Vindex: node.vindex.name },
    [...node.lookups.map((step) => describeInstructions(step.plan)), sendTo],
  );
}

/**
 * Vitess aggregate opcode text, e.g. `sum_count_star(0) AS n`, `max(1|2) AS hi`, `avg(3/4) AS mean`,
 * `count_distinct(0|1) AS n` (several columns: `count_distinct(0|2, 1)`); a padded weight
 * string shows its pad weight: `min(0|1 PAD 0020) AS lo`.
 */
function describeAggregate(a: AggregateOutput): string | undefined {
  switch (a.kind) {
    case 'sumCountStar':
      return `sum_count_star(${a.column}) AS ${a.alias}`;
    case 'sumCount':
      return `sum_count(${a.column}) AS ${a.alias}`;
    case 'sumCountDistinct':
      return `sum_count_distinct(${a.column}) AS ${a.alias}`;
    case 'countDistinct':
      return `count_distinct(${a.keys.map((k) => (k.weightStringColumn === undefined ? `${k.column}` : weightedColumn(k.column, k.weightStringColumn, k.padWeight))).join(', ')}) AS ${a.alias}`;
    case 'sum':
      return `sum(${a.column}) AS ${a.alias}`;
    case 'min':
    case 'max':
      return `${a.kind}(${a.weightStringColumn === undefined ? a.column : weightedColumn(a.column, a.weightStringColumn, a.padWeight)}) AS ${a.alias}`;
    case 'avg':
      return `avg(${a.sumColumn}/${a.countColumn}) AS ${a.alias}`;
    case 'value':
      return undefined;
    default:
      return assertNever(a, 'aggregate output');
  }
}

function describeInstructions(plan: SelectPlan): JsonObject {
  const route = plan.route;
  let top = route.kind === 'route' ? describeRoute(route, plan.merge) : describeLookup(route, plan.merge);
  const merge = plan.merge;
  const split = (merge.aggregates ?? []).map(describeAggregate).filter((s): s is string => s !== undefined);
  const groups = merge.groups;
  if (groups !== undefined && !groups.whole) {
    top = operator({ OperatorType: 'Aggregate', Variant: 'Ordered' }, { Aggregates: split.join(', '), GroupBy: groups.keys.map(keyColumns).join(', ') }, [top]);
  } else if (split.length > 0) {
    top = operator({ OperatorType: 'Aggregate', Variant: 'Scalar' }, { Aggregates: split.join(', ') }, [top]);
  }
  const window = merge.partition;
  if (window !== undefined) {
    const groupBy = merge.orderBy.slice(0, window.groupKeys).map(keyColumns).join(', ');
    top = operator({ OperatorType: 'Limit', Variant: 'PerGroup' }, { Count: window.limit, GroupBy: groupBy, Offset: window.offset > 0 ? window.offset : undefined }, [top]);
  }
  if (plan.merge.limit !== undefined || plan.merge.offset > 0) {
    top = operator(
      { OperatorType: 'Limit' },
      { Count: plan.merge.limit, Offset: plan.merge.offset > 0 ? plan.merge.offset : undefined },
      [top],
    );
  }
  return top;
}

/**
 * Describes a plan as JSON shaped like Vitess's plan output: `{QueryType, Instructions,
 * TablesUsed}` with Route / VindexLookup / Aggregate / Limit operators. Grouped aggregates
 * merged by the engine print as Vitess's `Aggregate` `Ordered` with `GroupBy` (`(0|1)`: the
 * group value and its merge key); ones the shards finish (whole groups) print no operator,
 * as Vitess pushes them into the route. Per-group paging prints as shardgate's own `Limit`
 * `PerGroup` (`Count`, `Offset`, `GroupBy` the group keys), Vitess having no such operator.
 * Contract: deterministic key order (Vitess's fixed keys, then the rest sorted, `Inputs`
 * last); values print as `INT64(1)` (lists as arrays). A Route adds to Vitess's keys
 * `Shards` (target shards in order), `BindVars` (shared binds), `ShardBindVars` (binds
 * only some shards get, such as `__vals`) and `ShardQueries` when shards get different
 * SQL. A VindexLookup's inputs are its lookup plans, then its ByDestination route.
 * OrderBy keys print as Vitess does (`(0|2) ASC` for a value and its merge key: a weight
 * string, or an ENUM/SET member number), and a
 * PAD SPACE pad weight (shardgate's own) as `(0|2 PAD 0020) ASC`.
 */
export function describePlan(plan: Plan): JsonValue {
  return { QueryType: 'SELECT', Instructions: describeInstructions(plan), TablesUsed: [`${plan.keyspace}.${plan.table}`] };
}

/** One statement of an explain list (INTERFACES.md §3 `explain`, §4 `extensions.plan`). */
export interface PlanSummary {
  readonly path: string;
  readonly keyspace: string;
  readonly opcode: string;
  readonly shards: readonly string[];
  readonly sql: string;
}

/**
 * Lists every SQL statement a plan sends, each `{path, keyspace, opcode, shards, sql}`.
 * Contract: lookup queries come before the query that needs them; `sql` is the route's
 * SQL template (bind variables unexpanded); `shards` are the target shards in order, and
 * are empty for a route whose shards a lookup decides at execution (the engine's own
 * record of what ran lists them).
 */
export function summarizePlan(plan: Plan, path: string): PlanSummary[] {
  const route = plan.route;
  switch (route.kind) {
    case 'route':
      return [{ path, keyspace: route.keyspace.name, opcode: route.opcode, shards: route.targets.map((t) => t.shard), sql: route.sql }];
    case 'vindexLookup':
      return [
        ...route.lookups.flatMap((step) => summarizePlan(step.plan, path)),
        { path, keyspace: route.keyspace.name, opcode: route.opcode, shards: [], sql: route.sql },
      ];
    default:
      return assertNever(route, 'plan route');
  }
}
