// Resolving a functional vindex option to shards at plan time: values → destinations
// (vindex.map) → shard names, with each shard of an IN getting only its own values. Mirrors
// vitess go/vt/vtgate/engine/routing.go equal, equalMultiCol, in, inMultiCol, multiEqual.
// Lookup vindexes are not resolved here (planLookup.ts).

import { invariant } from '../../util/invariant.js';
import type { SqlValue } from '../../util/sqlValue.js';
import type { ShardRange } from '../key/destination.js';
import { groupByShard } from '../plan/groupByShard.js';
import { isBindList, type BindValue, type Opcode } from '../plan/plan.js';
import { uniqueValues } from './normalizePredicate.js';
import type { Predicate } from './queryRequest.js';
import type { RouteValue, VindexOption } from './selectVindex.js';

/** The shards an option reaches, each with the bind variables only it gets. */
export interface ResolvedOption {
  readonly shards: ReadonlyMap<string, Readonly<Record<string, BindValue>>>;
  /** The IN atoms whose list each shard binds itself: atom → bind name (`__vals`, `__vals<i>`). */
  readonly listBinds: ReadonlyMap<Predicate, string>;
}

/** Vitess's engine.ListVarName: the per-shard list bind of an IN route. */
export const LIST_VAR_NAME = '__vals';

function definedValues(option: VindexOption): RouteValue[] {
  return option.values.map((v, i) => {
    invariant(v !== undefined, `vindex option ${option.columnVindex.name} has no value for column ${i}`);
    return v;
  });
}

/**
 * The rows a multi-column vindex maps: the columns of a tuple IN (from an OR, MultiEqual)
 * zipped row by row, then every combination with the other columns' values (Vitess
 * generateRowColValues + buildRowColValues, earlier columns varying slowest).
 */
function vindexRows(values: readonly RouteValue[], predicates: readonly (Predicate | undefined)[]): SqlValue[][] {
  const zipped = values.map((v, i) => isBindList(v) && predicates[i]?.kind === 'or');
  const tuple = values.find((v, i) => zipped[i]);
  let rows: (SqlValue | undefined)[][] =
    tuple !== undefined && isBindList(tuple)
      ? tuple.map((_, r) => values.map((v, i) => (zipped[i] && isBindList(v) ? v[r] : undefined)))
      : [values.map(() => undefined)];
  values.forEach((v, i) => {
    if (zipped[i]) return;
    const list = isBindList(v) ? v : [v];
    rows = rows.flatMap((row) => list.map((x) => row.map((old, j) => (j === i ? x : old))));
  });
  return rows as SqlValue[][];
}

function sameBindsEverywhere(groups: Map<string, number[]>): Map<string, Readonly<Record<string, BindValue>>> {
  return new Map([...groups.keys()].map((shard) => [shard, {}]));
}

/**
 * Resolves a ready option of a functional (single- or multi-column) vindex to shards.
 * Contract per opcode: EqualUnique/Equal/SubShard map the one value (row); IN maps every
 * value (every combination of the IN columns' values, for a multi-column vindex) and binds
 * each shard's own distinct values to `__vals` (`__vals<i>` per IN column i of a
 * multi-column vindex), in request order; MultiEqual maps every value (row) and sends the
 * query unchanged. Shards come in `shards` order; `none` destinations are dropped, so an
 * empty result means no shard can hold a matching row.
 */
export function resolveOption(opcode: Opcode, option: VindexOption, shards: readonly ShardRange[]): ResolvedOption {
  const values = definedValues(option);
  const vindex = option.vindex;
  invariant(vindex.kind !== 'lookup', 'lookup vindexes resolve after their lookup query');
  if (vindex.kind === 'singleColumn') {
    const value = values[0]!;
    const ids = isBindList(value) ? value : [value];
    const groups = groupByShard(vindex.map(ids), shards);
    if (opcode !== 'IN') return { shards: sameBindsEverywhere(groups), listBinds: new Map() };
    const perShard = new Map([...groups].map(([shard, idx]) => [shard, { [LIST_VAR_NAME]: idx.map((i) => ids[i]!) }]));
    return { shards: perShard, listBinds: new Map([[option.predicates[0]!, LIST_VAR_NAME]]) };
  }
  const rows = vindexRows(values, option.predicates);
  const groups = groupByShard(vindex.map(rows), shards);
  if (opcode !== 'IN') return { shards: sameBindsEverywhere(groups), listBinds: new Map() };
  const inColumns = values.flatMap((v, i) => (isBindList(v) ? [i] : []));
  const perShard = new Map(
    [...groups].map(([shard, idx]) => [
      shard,
      Object.fromEntries(inColumns.map((i) => [`${LIST_VAR_NAME}${i}`, uniqueValues(idx.map((r) => rows[r]![i]!))])),
    ]),
  );
  const listBinds = new Map(inColumns.map((i) => [option.predicates[i]!, `${LIST_VAR_NAME}${i}`]));
  return { shards: perShard, listBinds };
}
