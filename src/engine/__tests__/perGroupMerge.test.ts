// executePlan on plans with per-group paging (MergeSpec.partition) and grouped aggregates
// (MergeSpec.groups), against the logging fake executor: the statements sent, the per-group
// cut after the merge (groups equal by padded weight strings), the one-target path, the
// folding of groups across shards, whole groups, None, maxRows (SG709) and SG505.

import { describe, expect, it } from 'vitest';
import type { AggregateOutput, GroupMerge, OrderKey } from '../../sharding/plan/plan.js';
import { executePlan } from '../executePlan.js';
import { createExecutionLog, describeExecution } from '../executionObserver.js';
import { createFakeExecutor } from './fakeExecutor.js';
import { N, dec, i, routePlan, s, show, w } from './planFixtures.js';

const PAD = new Uint8Array([0x00, 0x20]);
const TWO = ['-80', '80-'];

describe('per-group paging (MergeSpec.partition)', () => {
  // select id, sku, weight_string(sku), price … partition by sku order by price desc; the shard
  // rows are sorted by (sku, row number) as the window query's ORDER BY sorts them.
  const sql =
    'select `id`, `sku`, weight_string(`sku`), `price` from (select `id`, `sku`, `price`, row_number() over (partition by `sku` order by `price` desc) as `__row_number` from `corder`) as `w` where `__row_number` <= :__upper_limit order by `sku` asc, `__row_number` asc';
  const orderBy: OrderKey[] = [
    { column: 1, weightStringColumn: 2, padWeight: PAD, direction: 'asc', nullsFirst: true },
    { column: 3, direction: 'desc', nullsFirst: false },
  ];
  const plan = (offset: number, limit?: number, shards: readonly string[] = TWO) =>
    routePlan({
      opcode: 'Scatter',
      shards,
      sql,
      binds: { __upper_limit: i(offset + (limit ?? 0)) },
      columns: ['id', 'sku'],
      merge: { orderBy, partition: { groupKeys: 1, offset, ...(limit === undefined ? {} : { limit }) } },
    });
  // Group NULL; group 'a' (with 'A ' and 'a': equal under PAD SPACE, weight `\0A` padded); group 'b'.
  const replies = {
    'customer/-80': [
      [i(1), N, N, dec('5')],
      [i(2), s('a'), w('\0A'), dec('9')],
      [i(3), s('A '), w('\0A\0 '), dec('4')],
      [i(4), s('a'), w('\0A'), N],
      [i(5), s('b'), w('\0B'), dec('1')],
    ],
    'customer/80-': [
      [i(6), N, N, dec('7')],
      [i(7), s('A'), w('\0A'), dec('8')],
      [i(8), s('a'), w('\0A'), dec('4')],
    ],
  };

  it('merges each group across shards and keeps rows offset+1 … offset+limit of each, hidden columns cut', async () => {
    const fake = createFakeExecutor(replies);
    const log = createExecutionLog();
    const result = await executePlan(plan(1, 2), fake, { observer: log });
    expect(fake.lines).toEqual([
      `execute customer/-80 ${sql} {__upper_limit: INT64(3)}`,
      `execute customer/80- ${sql} {__upper_limit: INT64(3)}`,
    ]);
    // NULL group: 6 (7), 1 (5) → offset 1 keeps 1. Group a: 2 (9), 7 (8), 3 (4), 8 (4), 4 (NULL last) → 7, 3.
    // Group b: 5 only → nothing after offset 1.
    expect(show(result.rows)).toEqual(['1,NULL', '7,A', '3,A ']);
    expect(result.columns).toEqual(['id', 'sku']);
    expect(log.statements.map((st) => st.shard)).toEqual(['-80', '80-']);
    expect(describeExecution(log, 'corders')).toEqual([{ path: 'corders', keyspace: 'customer', opcode: 'Scatter', shards: TWO, sql }]);
  });

  it('offset without limit keeps the rest of each group; offset 0 and limit 1 keeps each first row', async () => {
    expect(show((await executePlan(plan(3), createFakeExecutor(replies))).rows)).toEqual(['8,a', '4,a']);
    expect(show((await executePlan(plan(0, 1), createFakeExecutor(replies))).rows)).toEqual(['6,NULL', '2,a', '5,b']);
  });

  it('one target (a route that reached one shard) is cut per group as well', async () => {
    const result = await executePlan(plan(0, 1, ['-80']), createFakeExecutor(replies));
    expect(show(result.rows)).toEqual(['1,NULL', '2,a', '5,b']);
  });

  it('a shard whose rows disagree with the merge order is sorted, not interleaved: groups stay whole', async () => {
    const unsorted = { ...replies, 'customer/80-': [replies['customer/80-'][2]!, replies['customer/80-'][0]!, replies['customer/80-'][1]!] };
    expect(show((await executePlan(plan(0, 2), createFakeExecutor(unsorted))).rows)).toEqual(['6,NULL', '1,NULL', '2,a', '7,A', '5,b']);
  });

  it('more kept rows than maxRows: SG709', async () => {
    await expect(executePlan(plan(0, 5), createFakeExecutor(replies), { maxRows: 4 })).rejects.toMatchObject({ id: 'SG709' });
  });
});

describe('grouped aggregates (MergeSpec.groups)', () => {
  // select sku, weight_string(sku), count(*), sum(price), count(price), min(note), weight_string(min(note)) … group by sku, weight_string(sku)
  const sql = 'select `sku`, weight_string(`sku`), count(*), sum(`price`), count(`price`) from `corder` group by `sku`, weight_string(`sku`)';
  const keys: OrderKey[] = [{ column: 0, weightStringColumn: 1, padWeight: PAD, direction: 'asc', nullsFirst: true }];
  const outputs: AggregateOutput[] = [
    { kind: 'sumCountStar', alias: 'count', column: 2 },
    { kind: 'sum', alias: 'sum', column: 3 },
    { kind: 'avg', alias: 'avg', sumColumn: 3, countColumn: 4 },
  ];
  const groupedPlan = (groups: GroupMerge, shards: readonly string[] = TWO, out: readonly AggregateOutput[] = outputs) =>
    routePlan({ opcode: 'Scatter', shards, sql, columns: ['sku', ...out.map((o) => o.alias)], merge: { aggregates: out, groups, resultColumns: 1 + out.length } });

  it('folds the groups of every shard that compare equal (padded weight strings), sorted by group, NULL first', async () => {
    const fake = createFakeExecutor({
      'customer/-80': [
        [s('b'), w('\0B'), i(1), dec('2.00'), i(1)],
        [s('a'), w('\0A'), i(2), dec('3.00'), i(2)],
        [N, N, i(1), N, i(0)],
      ],
      'customer/80-': [
        [s('A '), w('\0A\0 '), i(3), dec('1.50'), i(2)],
        [s('c'), w('\0C'), i(1), N, i(0)],
      ],
    });
    const result = await executePlan(groupedPlan({ keys, whole: false }), fake);
    expect(fake.lines).toEqual([`execute customer/-80 ${sql} {}`, `execute customer/80- ${sql} {}`]);
    expect(result.columns).toEqual(['sku', 'count', 'sum', 'avg']);
    expect(show(result.rows)).toEqual(['NULL,1,NULL,NULL', 'a,5,4.50,1.125000', 'b,1,2.00,2.000000', 'c,1,NULL,NULL']);
    expect(result.fields.map((f) => f.type)).toEqual(['VARCHAR', 'INT64', 'DECIMAL', 'DECIMAL']);
  });

  it('whole groups: each shard row is a finished group, rows kept in shard order', async () => {
    const whole: AggregateOutput[] = [{ kind: 'value', alias: 'count', column: 1, zeroWhenEmpty: true }];
    const fake = createFakeExecutor({ 'customer/-80': [[i(9), i(2)], [i(3), i(1)]], 'customer/80-': [[i(4), i(7)]] });
    const plan = routePlan({ opcode: 'IN', shards: TWO, sql: 'select `customer_id`, count(*) from `corder` where `customer_id` in ::__vals group by `customer_id`', columns: ['customer_id', 'count'], merge: { aggregates: whole, groups: { keys: [{ column: 0, direction: 'asc', nullsFirst: true }], whole: true }, resultColumns: 2 } });
    expect(show((await executePlan(plan, fake)).rows)).toEqual(['9,2', '3,1', '4,7']);
  });

  it('no target (None) or no rows: no groups, field types unknown without a shard', async () => {
    const none = await executePlan(groupedPlan({ keys, whole: false }, []), createFakeExecutor());
    expect(none.rows).toEqual([]);
    expect(none.fields).toEqual([
      { name: 'sku', type: 'NULL' },
      { name: 'count', type: 'INT64' },
      { name: 'sum', type: 'DECIMAL' },
      { name: 'avg', type: 'DECIMAL' },
    ]);
    expect((await executePlan(groupedPlan({ keys, whole: false }), createFakeExecutor())).rows).toEqual([]);
  });

  it('a merged count distinct counts within each group; over maxValues rows in all: SG505', async () => {
    const distinct: AggregateOutput[] = [{ kind: 'countDistinct', alias: 'n', columns: ['status'], keys: [{ column: 2, direction: 'asc', nullsFirst: true }], maxValues: 5 }];
    const rows = {
      'customer/-80': [
        [s('a'), w('\0A'), i(1)],
        [s('a'), w('\0A'), i(2)],
        [s('b'), w('\0B'), N],
      ],
      'customer/80-': [
        [s('a'), w('\0A'), i(2)],
        [s('b'), w('\0B'), i(5)],
      ],
    };
    const result = await executePlan(groupedPlan({ keys, whole: false }, TWO, distinct), createFakeExecutor(rows));
    expect(show(result.rows)).toEqual(['a,2', 'b,1']);
    const tooMany = { ...rows, 'customer/80-': [...rows['customer/80-'], [s('c'), w('\0C'), i(1)]] };
    await expect(executePlan(groupedPlan({ keys, whole: false }, TWO, distinct), createFakeExecutor(tooMany))).rejects.toMatchObject({ id: 'SG505', code: 'RESOURCE_EXHAUSTED' });
  });

  it('more groups than maxRows: SG709', async () => {
    const fake = createFakeExecutor({ 'customer/-80': [[s('a'), w('\0A'), i(1), N, i(0)]], 'customer/80-': [[s('b'), w('\0B'), i(1), N, i(0)]] });
    await expect(executePlan(groupedPlan({ keys, whole: false }), fake, { maxRows: 1 })).rejects.toMatchObject({ id: 'SG709' });
  });
});
