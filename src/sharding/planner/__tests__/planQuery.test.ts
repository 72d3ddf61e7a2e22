// Planner behaviour that golden files show less directly: vindex tie-breaking, lookup nesting,
// the explain summary, and executing a lookup's second half (routeAfterLookup) on fake rows.

import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../../errors/serviceError.js';
import { SQL_NULL, describeSqlValue, makeSqlValue, sqlInt64, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { buildVSchema } from '../../../vschema/buildVSchema.js';
import { summarizePlan } from '../../plan/describePlan.js';
import { isBindList, type BindVars, type Row } from '../../plan/plan.js';
import { routeAfterLookup } from '../../plan/routeAfterLookup.js';
import { describeVindexType } from '../../vindexes/registry.js';
import { resolveLookupTable } from '../planLookup.js';
import { planQuery } from '../planQuery.js';
import { VSCHEMAS, planningContext, shardRanges } from './planningFixtures.js';

const ctx = planningContext(VSCHEMAS.planbuilder().model, 'four');

function inlineContext(keyspaces: Record<string, unknown>) {
  const { model, problems } = buildVSchema({ keyspaces }, { describeVindexType });
  expect(problems).toEqual([]);
  return planningContext(model, 'two');
}

const showBinds = (binds: BindVars): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(binds).map(([k, v]) => [k, isBindList(v) ? v.map(describeSqlValue) : describeSqlValue(v)]));

describe('vindex choice', () => {
  const twoHashes = inlineContext({
    ks: {
      sharded: true,
      vindexes: { ha: { type: 'hash' }, hb: { type: 'hash' } },
      tables: { t: { column_vindexes: [{ column: 'a', name: 'ha' }, { column: 'b', name: 'hb' }] } },
    },
  });

  it.each([
    ['a = 1 and b = 2', ['a', 'b']],
    ['b = 2 and a = 1', ['b', 'a']],
  ])('ties between equal vindexes go to the later one in the VSchema (%s)', (_name, order) => {
    const values: Record<string, number> = { a: 1, b: 2 };
    const operands = order.map((column) => ({ kind: 'cmp' as const, column, op: '=' as const, value: sqlInt64(values[column]!) }));
    const plan = planQuery({ keyspace: 'ks', table: 't', select: ['a'], where: { kind: 'and', operands } }, twoHashes);
    expect(plan.route.kind === 'route' && plan.route.vindex?.name).toBe('hb');
  });
});

describe('lookup nesting', () => {
  it('refuses lookups that nest without end (SG504)', () => {
    const cyclic = inlineContext({
      ks: {
        sharded: true,
        vindexes: {
          hash: { type: 'hash' },
          lk: { type: 'lookup_unique', params: { table: 'lt', from: 'f', to: 'keyspace_id' } },
        },
        tables: {
          t: { column_vindexes: [{ column: 'id', name: 'hash' }, { column: 'c', name: 'lk' }] },
          lt: { column_vindexes: [{ column: 'x', name: 'hash' }, { column: 'f', name: 'lk' }] },
        },
      },
    });
    const request = { keyspace: 'ks', table: 't', select: ['id'], where: { kind: 'cmp' as const, column: 'c', op: '=' as const, value: sqlInt64(1) } };
    let caught: unknown;
    try {
      planQuery(request, cyclic);
    } catch (error) {
      caught = error;
    }
    expect(isServiceError(caught, 'SG504')).toBe(true);
  });
});

describe('resolveLookupTable', () => {
  it.each([
    ['user.name_user_vdx', 'ordering', { keyspace: 'user', table: 'name_user_vdx' }],
    ['name_user_vdx', 'user', { keyspace: 'user', table: 'name_user_vdx' }],
    ['unsharded', 'user', { keyspace: 'main', table: 'unsharded' }],
    ['ambiguous_ref_with_source', 'user', { keyspace: 'user', table: 'ambiguous_ref_with_source' }],
    ['nowhere', 'ordering', { keyspace: 'ordering', table: 'nowhere' }],
  ])('%s from %s', (name, own, want) => {
    expect(resolveLookupTable(name, ctx.routing, own)).toEqual(want);
  });

  it('refuses a name several other keyspaces have (SG504)', () => {
    expect(() => resolveLookupTable('ambiguous_ref_with_source', ctx.routing, 'ordering')).toThrow(/ambiguous/);
  });
});

describe('summarizePlan', () => {
  it('lists one statement per route, lookups first', () => {
    const lookup = planQuery({ keyspace: 'user', table: 'music', select: ['id'], where: { kind: 'in', column: 'id', values: [sqlInt64(1), sqlInt64(4)], negated: false } }, ctx);
    expect(summarizePlan(lookup, 'music')).toEqual([
      { path: 'music', keyspace: 'user', opcode: 'IN', shards: ['-40', 'c0-'], sql: 'select `name`, `keyspace_id` from `name_user_vdx` where `name` in ::__vals' },
      { path: 'music', keyspace: 'user', opcode: 'IN', shards: [], sql: 'select `id` from `music` where `id` in ::__vals' },
    ]);
    const scatter = planQuery({ keyspace: 'main', table: 'unsharded', select: ['a'] }, ctx);
    expect(summarizePlan(scatter, 'q.unsharded')).toEqual([
      { path: 'q.unsharded', keyspace: 'main', opcode: 'Unsharded', shards: ['0'], sql: 'select `a` from `unsharded`' },
    ]);
  });
});

describe('routeAfterLookup', () => {
  const shards = shardRanges(['-40', '40-80', '80-c0', 'c0-']);
  const ksid = (hex: string): SqlValue => makeSqlValue('VARBINARY', Uint8Array.from(Buffer.from(hex, 'hex')));

  it('binds each shard only the ids its lookup rows point to (IN, batched)', () => {
    const plan = planQuery({ keyspace: 'user', table: 'music', select: ['id'], where: { kind: 'in', column: 'id', values: [1, 2, 3].map(sqlInt64), negated: false } }, ctx);
    const node = plan.route;
    expect(node.kind).toBe('vindexLookup');
    if (node.kind !== 'vindexLookup') return;
    expect(node.lookups).toHaveLength(1);
    const rows: Row[] = [
      [sqlInt64(3), ksid('d0')],
      [sqlInt64(1), ksid('10')],
    ];
    const targets = routeAfterLookup(node, [rows], shards);
    expect(targets.map((t) => [t.shard, showBinds(t.bindVars)])).toEqual([
      ['-40', { __vals: ['INT64(1)'] }],
      ['c0-', { __vals: ['INT64(3)'] }],
    ]);
    expect(targets.every((t) => t.sql === node.sql)).toBe(true);
  });

  it('looks string ids up one by one and sends Equal routes their binds unchanged', () => {
    const plan = planQuery({ keyspace: 'user', table: 'user', select: ['id'], where: { kind: 'cmp', column: 'name', op: '=', value: sqlVarchar('bb') } }, ctx);
    const node = plan.route;
    if (node.kind !== 'vindexLookup') throw new Error('expected a lookup');
    expect(node.lookups.map((s) => s.ids.map(describeSqlValue))).toEqual([['VARCHAR("bb")']]);
    const targets = routeAfterLookup(node, [[[sqlVarchar('BB'), ksid('50')], [sqlVarchar('bb'), ksid('90')]]], shards);
    expect(targets.map((t) => [t.shard, showBinds(t.bindVars)])).toEqual([
      ['40-80', { vtg1: 'VARCHAR("bb")' }],
      ['80-c0', { vtg1: 'VARCHAR("bb")' }],
    ]);
  });

  it('reaches no shard when the lookup finds nothing', () => {
    const plan = planQuery({ keyspace: 'user', table: 'music', select: ['id'], where: { kind: 'cmp', column: 'id', op: '=', value: sqlInt64(9) } }, ctx);
    const node = plan.route;
    if (node.kind !== 'vindexLookup') throw new Error('expected a lookup');
    expect(routeAfterLookup(node, [[]], shards)).toEqual([]);
    expect(() => routeAfterLookup(node, [], shards)).toThrow(/lookup steps/);
    expect(() => routeAfterLookup(node, [[[SQL_NULL]]], shards)).toThrow(/from and the to column/);
  });
});
