// Which lookup reads carry orphan clean-up (planLookup.ts lookupOrphanCleanup): only owned
// consistent lookups with one from column, with the lookup table's routing and the SQL of the
// clean-up; and planner errors that list shards name them `keyspace/shard` (SG503, SG513), as
// the engine's and the transaction session's errors do (SG700–SG711).

import { describe, expect, it } from 'vitest';
import { isServiceError, type ServiceError } from '../../../errors/serviceError.js';
import { sqlVarchar } from '../../../util/sqlValue.js';
import { buildVSchema } from '../../../vschema/buildVSchema.js';
import type { VindexLookupNode } from '../../plan/plan.js';
import { describeVindexType } from '../../vindexes/registry.js';
import { planQuery } from '../planQuery.js';
import { planWrite } from '../planWrite.js';
import { VSCHEMAS, planningContext, shardRanges } from './planningFixtures.js';

function lookupRoute(ctx: ReturnType<typeof planningContext>, keyspace: string, table: string, column: string): VindexLookupNode {
  const plan = planQuery({ keyspace, table, select: ['id'], where: { kind: 'cmp', op: '=', column, value: sqlVarchar('x') } }, ctx);
  expect(plan.route.kind).toBe('vindexLookup');
  return plan.route as VindexLookupNode;
}

function thrown(work: () => unknown): ServiceError {
  try {
    work();
  } catch (error) {
    if (isServiceError(error)) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('lookupOrphanCleanup', () => {
  it('a read of the demo corder by order number removes orphans of its owned consistent_lookup_unique vindex', () => {
    const ctx = planningContext(VSCHEMAS.demo().model, 'two');
    const plan = planQuery({ keyspace: 'customer', table: 'corder', select: ['order_id'], where: { kind: 'cmp', op: '=', column: 'order_number', value: sqlVarchar('A-1') } }, ctx);
    const route = plan.route as VindexLookupNode;
    expect(route.orphans).toEqual({
      table: { keyspace: { name: 'commerce', sharded: false }, table: 'corder_order_number_lookup', routing: { kind: 'unsharded', shard: '0' } },
      from: 'order_number',
      to: 'keyspace_id',
      sql: {
        readOwner: 'select `order_number` from `corder` where `order_number` = :order_number limit 1',
        lockLookup: 'select `keyspace_id` from `corder_order_number_lookup` where `order_number` = :order_number and `keyspace_id` = :keyspace_id for update nowait',
        lockOwner: 'select `order_number` from `corder` where `order_number` = :order_number for update nowait',
        delete: 'delete from `corder_order_number_lookup` where `order_number` = :order_number and `keyspace_id` = :keyspace_id',
      },
    });
  });

  const keyspaces = (type: string, owner: string | undefined, from: string, columns: string[]) => ({
    lk: { sharded: false, tables: { t_idx: {} } },
    ks: {
      sharded: true,
      vindexes: { hash: { type: 'hash' }, idx: { type, params: { table: 'lk.t_idx', from, to: 'ksid' }, ...(owner === undefined ? {} : { owner }) } },
      tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }, { columns, name: 'idx' }] } },
    },
  });

  it.each([
    ['owned consistent_lookup', keyspaces('consistent_lookup', 't', 'a', ['a']), true],
    ['consistent_lookup_unique owned by no table', keyspaces('consistent_lookup_unique', undefined, 'a', ['a']), false],
    ['owned lookup_unique (not consistent: its rows are written with the owner)', keyspaces('lookup_unique', 't', 'a', ['a']), false],
    ['owned consistent_lookup_unique over two columns (the lookup read returns only the first)', keyspaces('consistent_lookup_unique', 't', 'a,b', ['a', 'b']), false],
  ])('%s: clean-up %s', (_name, vschema, expected) => {
    const { model, problems } = buildVSchema({ keyspaces: vschema }, { describeVindexType });
    expect(problems).toEqual([]);
    expect(lookupRoute(planningContext(model, 'two'), 'ks', 't', 'a').orphans !== undefined).toBe(expected);
  });
});

describe('planner errors name shards keyspace/shard', () => {
  it('SG513 (scatter write refused) lists every shard of the keyspace as keyspace/shard', () => {
    const ctx = planningContext(VSCHEMAS.demo().model, 'two');
    const error = thrown(() => planWrite({ kind: 'update', keyspace: 'customer', table: 'customer', set: [{ column: 'name', value: sqlVarchar('x') }], inc: [] }, ctx));
    expect(error.id).toBe('SG513');
    expect(error.details.shards).toEqual(['customer/-80', 'customer/80-']);
    expect(error.message).toContain('(customer/-80, customer/80-)');
  });

  it('SG503 (an unsharded keyspace with several shards) lists them as keyspace/shard', () => {
    const base = planningContext(VSCHEMAS.demo().model, 'two');
    const ctx = { ...base, shards: () => shardRanges(['-80', '80-']) };
    for (const plan of [
      () => planQuery({ keyspace: 'commerce', table: 'product', select: ['sku'] }, ctx),
      () => planWrite({ kind: 'delete', keyspace: 'commerce', table: 'product' }, ctx),
    ]) {
      const error = thrown(plan);
      expect(error.id).toBe('SG503');
      expect(error.details.shards).toEqual(['commerce/-80', 'commerce/80-']);
      expect(error.message).toContain('(commerce/-80, commerce/80-)');
    }
  });
});
