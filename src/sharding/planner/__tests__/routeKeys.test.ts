// routeKeys: a batch of key tuples → the shards that own them through the table's functional
// vindex (demo VSchema: hash on customer_id, 1, 2, 3 on -80 and 4 on 80-; Vitess's planbuilder
// VSchema for lookups and multi-column vindexes), or `planner` when no such vindex decides.
import { describe, expect, it } from 'vitest';
import { sqlInt64, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { routeKeys, type KeyRouting } from '../routeKeys.js';
import { buildRoutingSchema } from '../routingSchema.js';
import { LAYOUTS, VSCHEMAS, createTestVindex, shardRanges } from './planningFixtures.js';

const demo = buildRoutingSchema(VSCHEMAS.demo().model, { createVindex: createTestVindex });
const planbuilder = buildRoutingSchema(VSCHEMAS.planbuilder().model, { createVindex: createTestVindex });
const two = shardRanges(LAYOUTS.two);
const four = shardRanges(LAYOUTS.four);

function groups(routing: KeyRouting): Record<string, readonly number[]> | 'planner' {
  return routing.kind === 'planner' ? 'planner' : Object.fromEntries(routing.shards);
}

const ints = (...values: number[]): SqlValue[][] => values.map((v) => [sqlInt64(v)]);

describe('routeKeys', () => {
  it('groups keys by the shard the primary vindex names, shards in key-range order, indexes ascending', () => {
    expect(groups(routeKeys(demo, 'customer', 'corder', ['customer_id'], ints(4, 1, 2, 4, 3), two))).toEqual({ '-80': [1, 2, 4], '80-': [0, 3] });
    expect(groups(routeKeys(demo, 'customer', 'customer', ['CUSTOMER_ID'], ints(4), two))).toEqual({ '80-': [0] });
  });

  it('reads the vindex column out of a wider key tuple', () => {
    const keys = [
      [sqlVarchar('SKU-1'), sqlInt64(1)],
      [sqlVarchar('SKU-2'), sqlInt64(4)],
    ];
    expect(groups(routeKeys(demo, 'customer', 'corder', ['sku', 'customer_id'], keys, two))).toEqual({ '-80': [0], '80-': [1] });
  });

  it('leaves out a key the vindex maps to no shard (hash of a non-integer)', () => {
    expect(groups(routeKeys(demo, 'customer', 'corder', ['customer_id'], [[sqlVarchar('abc')], [sqlInt64(1)]], two))).toEqual({ '-80': [1] });
  });

  it('hands the batch to the planner without a functional vindex on the key columns', () => {
    expect(groups(routeKeys(demo, 'customer', 'corder', ['sku'], [[sqlVarchar('SKU-1')]], two))).toBe('planner');
    expect(groups(routeKeys(demo, 'commerce', 'product', ['sku'], [[sqlVarchar('SKU-1')]], shardRanges(['0'])))).toBe('planner');
    expect(groups(routeKeys(demo, 'customer', 'nope', ['customer_id'], ints(1), two))).toBe('planner');
    // user.Name has only a lookup vindex: the planner runs the lookup first.
    expect(groups(routeKeys(planbuilder, 'user', 'user', ['Name'], [[sqlVarchar('a')]], four))).toBe('planner');
  });

  it('prefers the functional vindex when a lookup one is among the key columns too', () => {
    const routing = routeKeys(planbuilder, 'user', 'user', ['Name', 'Id'], [[sqlVarchar('a'), sqlInt64(1)]], four);
    expect(routing.kind === 'shards' ? routing.vindex : routing.kind).toBe('user_index');
  });

  it('maps a multi-column vindex with every column among the key columns', () => {
    const keys = [
      [sqlInt64(1), sqlInt64(2)],
      [sqlInt64(3), sqlInt64(4)],
    ];
    const routing = routeKeys(planbuilder, 'user', 'multicol_tbl', ['colb', 'cola'], keys, four);
    expect(routing.kind === 'shards' ? routing.vindex : routing.kind).toBe('multicolIdx');
    expect(Object.values(groups(routing)).flat().sort()).toEqual([0, 1]);
  });
});
