// executePlan against a logging fake executor: the statements each plan shape runs (golden
// `execute` lines), the merge (NULL placement, directions, ties, weight strings, offset and
// limit after the merge), aggregates, lookups, None, partial failures, abort and maxRows.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { isServiceError, ServiceError } from '../../errors/serviceError.js';
import type { AggregateOutput, OrderKey, Row } from '../../sharding/plan/plan.js';
import { InvariantError } from '../../util/invariant.js';
import { executePlan } from '../executePlan.js';
import { createExecutionLog, describeExecution } from '../executionObserver.js';
import { createFakeExecutor, shardError } from './fakeExecutor.js';
import { LAYOUT, N, aggregatePlan, dec, i, lookupPlan, routePlan, s, show, w } from './planFixtures.js';

const FOUR = ['-40', '40-80', '80-c0', 'c0-'];

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isServiceError(error)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error;
}

describe('routes', () => {
  it('runs a single-shard route once, with its binds', async () => {
    const fake = createFakeExecutor({ 'customer/40-80': [[i(7), s('ann')]] });
    const plan = routePlan({
      opcode: 'EqualUnique',
      shards: ['40-80'],
      sql: 'select `id`, `name` from `user` where `id` = :vtg1',
      binds: { vtg1: i(7) },
      columns: ['id', 'name'],
    });
    const result = await executePlan(plan, fake);
    expect(fake.lines).toEqual(['execute customer/40-80 select `id`, `name` from `user` where `id` = :vtg1 {vtg1: INT64(7)}']);
    expect(show(result.rows)).toEqual(['7,ann']);
    expect(result.columns).toEqual(['id', 'name']);
    expect(result.fields).toEqual([
      { name: 'id', type: 'INT64' },
      { name: 'name', type: 'VARCHAR' },
    ]);
  });

  it('splits IN values: each shard gets only its own __vals, all shards at once', async () => {
    const fake = createFakeExecutor({ 'customer/-40': [[i(1)], [i(5)]], 'customer/c0-': [[i(3)]] });
    const plan = routePlan({
      opcode: 'IN',
      shards: [
        ['-40', { __vals: [i(1), i(5)] }],
        ['c0-', { __vals: [i(3)] }],
      ],
      sql: 'select `id` from `user` where `id` in ::__vals',
    });
    const result = await executePlan(plan, fake);
    expect(fake.lines).toEqual([
      'execute customer/-40 select `id` from `user` where `id` in ::__vals {__vals: [INT64(1), INT64(5)]}',
      'execute customer/c0- select `id` from `user` where `id` in ::__vals {__vals: [INT64(3)]}',
    ]);
    expect(fake.maxInFlight).toBe(2);
    expect(show(result.rows)).toEqual(['1', '5', '3']);
  });

  it('scatters to every shard in parallel and passes tablet type, maxRows, signal and the time left', async () => {
    const fake = createFakeExecutor();
    const controller = new AbortController();
    await executePlan(routePlan({ opcode: 'Scatter', shards: FOUR }), fake, {
      tabletType: 'replica',
      maxRows: 100,
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    expect(fake.lines).toEqual(FOUR.map((sh) => `execute customer/${sh}@replica select \`id\` from \`user\` {}`));
    expect(fake.maxInFlight).toBe(4);
    for (const opts of fake.options) {
      expect(opts.maxRows).toBe(100);
      expect(opts.signal).toBe(controller.signal);
      expect(opts.timeoutMs).toBeGreaterThan(0);
      expect(opts.timeoutMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('applies an offset without limit after the route (single shard cannot express it in SQL)', async () => {
    const fake = createFakeExecutor({ 'customer/-40': [[i(1)], [i(2)], [i(3)]] });
    const result = await executePlan(routePlan({ opcode: 'EqualUnique', shards: ['-40'], merge: { offset: 2 } }), fake);
    expect(show(result.rows)).toEqual(['3']);
  });

  it('None: no I/O and no rows; fields named, type unknown', async () => {
    const fake = createFakeExecutor();
    const log = createExecutionLog();
    const result = await executePlan(routePlan({ opcode: 'None', shards: [], columns: ['id', 'name'] }), fake, { observer: log });
    expect(fake.lines).toEqual([]);
    expect(result.rows).toEqual([]);
    expect(result.fields).toEqual([
      { name: 'id', type: 'NULL' },
      { name: 'name', type: 'NULL' },
    ]);
    expect(describeExecution(log, 'user')).toEqual([{ path: 'user', keyspace: 'customer', opcode: 'None', shards: [], sql: 'select `id` from `user`' }]);
  });
});

describe('merge-sort', () => {
  const asc: OrderKey = { column: 0, direction: 'asc', nullsFirst: true };
  // Each shard's rows are sorted the way MySQL sorts them for the key (the planner adds
  // `col is null` terms for non-default placements).
  const streams = (key: OrderKey): Record<string, Row[]> => {
    const a = [i(1), i(4), N];
    const b = [i(2), N, i(3)];
    const sorted = (vals: typeof a): Row[] => {
      const nonNull = vals.filter((v) => v.type !== 'NULL').sort((x, y) => Number(show([[x]])[0]) - Number(show([[y]])[0]));
      if (key.direction === 'desc') nonNull.reverse();
      const nulls = vals.filter((v) => v.type === 'NULL');
      return (key.nullsFirst ? [...nulls, ...nonNull] : [...nonNull, ...nulls]).map((v) => [v]);
    };
    return { 'customer/-40': sorted(a), 'customer/40-80': [], 'customer/80-c0': sorted(b) };
  };

  it.each<[string, OrderKey, string[]]>([
    ['asc, NULLs first (MySQL default)', asc, ['NULL', 'NULL', '1', '2', '3', '4']],
    ['asc, NULLs last', { ...asc, nullsFirst: false }, ['1', '2', '3', '4', 'NULL', 'NULL']],
    ['desc, NULLs last (MySQL default)', { ...asc, direction: 'desc', nullsFirst: false }, ['4', '3', '2', '1', 'NULL', 'NULL']],
    ['desc, NULLs first', { ...asc, direction: 'desc', nullsFirst: true }, ['NULL', 'NULL', '4', '3', '2', '1']],
  ])('%s', async (_name, key, want) => {
    const fake = createFakeExecutor(streams(key));
    const result = await executePlan(routePlan({ opcode: 'Scatter', shards: FOUR.slice(0, 3), merge: { orderBy: [key] } }), fake);
    expect(show(result.rows)).toEqual(want);
  });

  it('keeps ties in shard order, each shard in its own order; a second key breaks them', async () => {
    const replies = {
      'customer/-40': [
        [i(1), s('a1')],
        [i(2), s('a2')],
        [i(2), s('a3')],
      ],
      'customer/40-80': [
        [i(1), s('b1')],
        [i(2), s('b2')],
      ],
    };
    const byFirst = await executePlan(
      routePlan({ opcode: 'Scatter', shards: ['-40', '40-80'], columns: ['k', 'v'], merge: { orderBy: [{ column: 0, direction: 'asc', nullsFirst: true }] } }),
      createFakeExecutor(replies),
    );
    expect(show(byFirst.rows)).toEqual(['1,a1', '1,b1', '2,a2', '2,a3', '2,b2']);
  });

  it('orders text by its hidden weight string and cuts the hidden columns', async () => {
    // Case-insensitive weights: `a` and `A` tie, `é` sorts with `e` (utf8mb4_general_ci).
    const fake = createFakeExecutor({
      'customer/-40': [
        [s('A'), w('A')],
        [s('b'), w('B')],
      ],
      'customer/40-80': [
        [s('a'), w('A')],
        [s('é'), w('E')],
        [s('Z'), w('Z')],
      ],
    });
    const plan = routePlan({
      opcode: 'Scatter',
      shards: ['-40', '40-80'],
      sql: 'select `name`, weight_string(`name`) from `user` order by `name` asc',
      columns: ['name'],
      merge: { orderBy: [{ column: 0, weightStringColumn: 1, direction: 'asc', nullsFirst: true }], resultColumns: 1 },
    });
    const result = await executePlan(plan, fake);
    expect(show(result.rows)).toEqual(['A', 'a', 'b', 'é', 'Z']);
    expect(result.rows.every((r) => r.length === 1)).toBe(true);
    expect(result.fields).toEqual([{ name: 'name', type: 'VARCHAR' }]);
  });

  it('orders by a hidden (not selected) column and cuts it', async () => {
    const fake = createFakeExecutor({ 'customer/-40': [[s('x'), i(3)]], 'customer/40-80': [[s('y'), i(1)], [s('z'), i(2)]] });
    const plan = routePlan({
      opcode: 'Scatter',
      shards: ['-40', '40-80'],
      columns: ['name'],
      merge: { orderBy: [{ column: 1, direction: 'asc', nullsFirst: true }], resultColumns: 1 },
    });
    expect(show((await executePlan(plan, fake)).rows)).toEqual(['y', 'z', 'x']);
  });

  it.each<[string, number, number | undefined, string[]]>([
    ['offset 1 limit 2', 1, 2, ['2', '3']],
    ['offset 0 limit 0', 0, 0, []],
    ['offset past the end', 10, 2, []],
    ['limit larger than the rows', 4, 10, ['5', '6']],
    ['offset, no limit', 3, undefined, ['4', '5', '6']],
  ])('applies offset and limit after the merge: %s', async (_name, offset, limit, want) => {
    // Each shard returned at most offset + limit rows (`limit :__upper_limit`).
    const fake = createFakeExecutor({ 'customer/-40': [[i(1)], [i(4)], [i(6)]], 'customer/40-80': [[i(2)], [i(3)], [i(5)]] });
    const plan = routePlan({
      opcode: 'Scatter',
      shards: ['-40', '40-80'],
      merge: { orderBy: [{ column: 0, direction: 'asc', nullsFirst: true }], offset, ...(limit === undefined ? {} : { limit }) },
    });
    expect(show((await executePlan(plan, fake)).rows)).toEqual(want);
  });

  it('sorts instead of interleaving when a shard disagrees with compareRows', async () => {
    const fake = createFakeExecutor({ 'customer/-40': [[i(3)], [i(1)]], 'customer/40-80': [[i(2)]] });
    const plan = routePlan({ opcode: 'Scatter', shards: ['-40', '40-80'], merge: { orderBy: [{ column: 0, direction: 'asc', nullsFirst: true }] } });
    expect(show((await executePlan(plan, fake)).rows)).toEqual(['1', '2', '3']);
  });

  it("keeps one shard's order as MySQL returned it, even where compareRows disagrees", async () => {
    // PAD SPACE: MySQL ties `a` and `a ` and orders them by the next key; their weight
    // strings differ, so a re-sort would put `a` first.
    const fake = createFakeExecutor({
      'customer/40-80': [
        [s('a '), w('\x00\x41\x00\x20'), i(1)],
        [s('a'), w('\x00\x41'), i(2)],
      ],
    });
    const plan = routePlan({
      opcode: 'Scatter',
      shards: FOUR,
      columns: ['name'],
      merge: {
        orderBy: [
          { column: 0, weightStringColumn: 1, direction: 'asc', nullsFirst: true },
          { column: 2, direction: 'asc', nullsFirst: true },
        ],
        resultColumns: 1,
      },
    });
    expect(show((await executePlan(plan, fake)).rows)).toEqual(['a ', 'a']);
  });

  it('concatenates in shard order without order keys', async () => {
    const fake = createFakeExecutor({ 'customer/-40': [[i(9)]], 'customer/80-c0': [[i(1)]], 'customer/c0-': [[i(5)]] });
    expect(show((await executePlan(routePlan({ opcode: 'Scatter', shards: FOUR }), fake)).rows)).toEqual(['9', '1', '5']);
  });

  it('fails with an invariant when a shard row is too short for the merge', async () => {
    const fake = createFakeExecutor({ 'customer/-40': [[i(1)]] });
    const plan = routePlan({ opcode: 'Scatter', shards: ['-40'], merge: { orderBy: [{ column: 1, direction: 'asc', nullsFirst: true }] } });
    await expect(executePlan(plan, fake)).rejects.toBeInstanceOf(InvariantError);
  });
});

describe('aggregates', () => {
  const split: AggregateOutput[] = [
    { kind: 'sumCountStar', alias: 'n', column: 0 },
    { kind: 'sum', alias: 'total', column: 1 },
    { kind: 'min', alias: 'lo', column: 2 },
    { kind: 'max', alias: 'hi', column: 3, weightStringColumn: 4 },
    { kind: 'avg', alias: 'mean', sumColumn: 1, countColumn: 5 },
  ];
  const sql = 'select count(*), sum(`v`), min(`v`), max(`name`), weight_string(max(`name`)), count(`v`) from `user`';

  it('recombines per-shard partials: count, sum, min, max (by weight string), avg', async () => {
    const fake = createFakeExecutor({
      'customer/-40': [[i(2), dec('3'), i(1), s('b'), w('B'), i(2)]],
      'customer/40-80': [[i(0), N, N, N, N, i(0)]],
      'customer/80-c0': [[i(3), dec('10'), i(-4), s('C'), w('C'), i(2)]],
      'customer/c0-': [[i(1), N, N, s('a'), w('A'), i(0)]],
    });
    const result = await executePlan(aggregatePlan('Scatter', FOUR, sql, split), fake);
    expect(fake.lines).toHaveLength(4);
    expect(show(result.rows)).toEqual(['6,13,-4,C,3.2500']);
    expect(result.columns).toEqual(['n', 'total', 'lo', 'hi', 'mean']);
    expect(result.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['n:INT64', 'total:DECIMAL', 'lo:INT64', 'hi:VARCHAR', 'mean:DECIMAL']);
  });

  it('all shards empty: one row, count 0 and NULLs', async () => {
    const empty = [[i(0), N, N, N, N, i(0)]];
    const fake = createFakeExecutor({ 'customer/-40': empty, 'customer/40-80': empty });
    const result = await executePlan(aggregatePlan('Scatter', ['-40', '40-80'], sql, split), fake);
    expect(show(result.rows)).toEqual(['0,NULL,NULL,NULL,NULL']);
  });

  it('zero targets (None): one row without I/O, count 0 and NULLs', async () => {
    const fake = createFakeExecutor();
    const result = await executePlan(aggregatePlan('None', [], sql, split), fake);
    expect(fake.lines).toEqual([]);
    expect(show(result.rows)).toEqual(['0,NULL,NULL,NULL,NULL']);
    expect(result.fields.map((f) => f.type)).toEqual(['INT64', 'DECIMAL', 'NULL', 'NULL', 'DECIMAL']);
  });

  it('single shard: takes the values the shard computed', async () => {
    const outputs: AggregateOutput[] = [
      { kind: 'value', alias: 'n', column: 0, zeroWhenEmpty: true },
      { kind: 'value', alias: 'total', column: 1, zeroWhenEmpty: false },
    ];
    const fake = createFakeExecutor({ 'customer/-40': [[i(4), dec('2.50')]] });
    const result = await executePlan(aggregatePlan('EqualUnique', ['-40'], 'select count(*), sum(`v`) from `user` where `id` = :vtg1', outputs), fake);
    expect(show(result.rows)).toEqual(['4,2.50']);
    const none = await executePlan(aggregatePlan('None', [], 'select count(*), sum(`v`) from `user`', outputs), fake);
    expect(show(none.rows)).toEqual(['0,NULL']);
  });
});

describe('lookups', () => {
  // ksid 10 → -40, 50 → 40-80, c8 → c0-.
  const lookupRows = {
    'lookups/0': [
      [s('ann'), s('10')],
      [s('bob'), s('c8')],
      [s('cy'), s('50')],
      [s('cy'), s('c9')],
    ],
    'customer/-40': [[i(1), s('ann')]],
    'customer/c0-': [
      [i(2), s('bob')],
      [i(4), s('cy')],
    ],
    'customer/40-80': [[i(3), s('cy')]],
  };

  it('runs the lookup, then only the shards it found, each with its own ids', async () => {
    const fake = createFakeExecutor(lookupRows);
    const log = createExecutionLog();
    const plan = lookupPlan('IN', [s('ann'), s('bob'), s('cy'), s('dee')]);
    const result = await executePlan(plan, fake, { layout: LAYOUT, observer: log });
    expect(fake.lines).toEqual([
      'execute lookups/0 select `name`, `ksid` from `name_idx` where `name` in ::name {name: [VARCHAR("ann"), VARCHAR("bob"), VARCHAR("cy"), VARCHAR("dee")]}',
      'execute customer/-40 select `id`, `name` from `user` where `name` in ::__vals {__vals: [VARCHAR("ann")]}',
      'execute customer/40-80 select `id`, `name` from `user` where `name` in ::__vals {__vals: [VARCHAR("cy")]}',
      'execute customer/c0- select `id`, `name` from `user` where `name` in ::__vals {__vals: [VARCHAR("bob"), VARCHAR("cy")]}',
    ]);
    expect(show(result.rows)).toEqual(['1,ann', '3,cy', '2,bob', '4,cy']);
    expect(describeExecution(log, 'user')).toEqual([
      { path: 'user', keyspace: 'lookups', opcode: 'Unsharded', shards: ['0'], sql: 'select `name`, `ksid` from `name_idx` where `name` in ::name' },
      { path: 'user', keyspace: 'customer', opcode: 'IN', shards: ['-40', '40-80', 'c0-'], sql: 'select `id`, `name` from `user` where `name` in ::__vals' },
    ]);
    expect(log.statementsPerShard()).toEqual({ 'customer/-40': 1, 'customer/40-80': 1, 'customer/c0-': 1, 'lookups/0': 1 });
    expect(log.statements.map((e) => e.rows)).toEqual([4, 1, 1, 2]);
  });

  it('a lookup that finds nothing queries no shard', async () => {
    const fake = createFakeExecutor();
    const result = await executePlan(lookupPlan('Equal', [s('zed')]), fake, { layout: LAYOUT });
    expect(fake.lines).toEqual(['execute lookups/0 select `name`, `ksid` from `name_idx` where `name` in ::name {name: [VARCHAR("zed")]}']);
    expect(result.rows).toEqual([]);
  });

  it('a failing lookup fails the plan before any route statement', async () => {
    const fake = createFakeExecutor({ 'lookups/0': shardError('UNAVAILABLE', 'lookups/0', 'connection refused') });
    const error = await rejection(executePlan(lookupPlan('Equal', [s('ann')]), fake, { layout: LAYOUT }));
    expect(error.id).toBe('SG700');
    expect(error.message).toContain('lookups/0');
    expect(fake.lines).toHaveLength(1);
  });

  it('needs the layout', async () => {
    await expect(executePlan(lookupPlan('Equal', [s('ann')]), createFakeExecutor())).rejects.toBeInstanceOf(InvariantError);
  });
});

describe('failures', () => {
  it('one failing shard fails the scatter, naming it; no partial rows', async () => {
    const fake = createFakeExecutor({
      'customer/-40': [[i(1)]],
      'customer/80-c0': shardError('UNAVAILABLE', 'customer/80-c0', 'connect ECONNREFUSED'),
    });
    const log = createExecutionLog();
    const error = await rejection(executePlan(routePlan({ opcode: 'Scatter', shards: FOUR }), fake, { observer: log }));
    expect(error.id).toBe('SG700');
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('query on customer.user failed on 1 of 4 shards (customer/80-c0): customer/80-c0: connect ECONNREFUSED');
    expect(error.details.shardErrors).toEqual([
      { shard: 'customer/80-c0', id: 'SG604', code: 'UNAVAILABLE', message: 'customer/80-c0: connect ECONNREFUSED' },
    ]);
    expect(error.cause).toBeInstanceOf(ServiceError);
    expect(fake.lines).toHaveLength(4);
    expect(log.statements.map((e) => [e.shard, e.error === undefined])).toEqual([
      ['-40', true],
      ['40-80', true],
      ['80-c0', false],
      ['c0-', true],
    ]);
  });

  it('two failing shards: both named in order, the more urgent code wins', async () => {
    const fake = createFakeExecutor({
      'customer/40-80': shardError('UNAVAILABLE', 'customer/40-80', 'down'),
      'customer/-40': shardError('DEADLINE_EXCEEDED', 'customer/-40', 'timed out'),
    });
    const error = await rejection(executePlan(routePlan({ opcode: 'Scatter', shards: FOUR }), fake));
    expect(error.id).toBe('SG701');
    expect(error.message).toBe('query on customer.user failed on 2 of 4 shards (customer/-40, customer/40-80): customer/-40: timed out; customer/40-80: down');
    expect(error.details.shards).toEqual(['customer/-40', 'customer/40-80']);
    expect(error.cause).toBeInstanceOf(AggregateError);
  });

  it('a non-ServiceError or a synchronous throw counts as INTERNAL (SG707)', async () => {
    const fake = createFakeExecutor((target) => {
      if (target.shard === '-40') throw new TypeError('boom');
      return new RangeError('bad');
    });
    const error = await rejection(executePlan(routePlan({ opcode: 'Scatter', shards: ['-40', '40-80'] }), fake));
    expect(error.id).toBe('SG707');
    expect(error.details.shardErrors).toEqual([
      { shard: 'customer/-40', id: 'INTERNAL', code: 'INTERNAL', message: 'boom' },
      { shard: 'customer/40-80', id: 'INTERNAL', code: 'INTERNAL', message: 'bad' },
    ]);
  });

  it('abort cancels the statements in flight and fails naming every shard', async () => {
    const fake = createFakeExecutor(() => 'hang');
    const controller = new AbortController();
    const pending = executePlan(routePlan({ opcode: 'Scatter', shards: FOUR }), fake, { signal: controller.signal });
    expect(fake.lines).toHaveLength(4);
    controller.abort();
    const error = await rejection(pending);
    expect(error.id).toBe('SG701');
    expect(error.details.shards).toEqual(FOUR.map((sh) => `customer/${sh}`));
  });

  it('an already aborted signal starts nothing (SG708)', async () => {
    const fake = createFakeExecutor();
    const error = await rejection(executePlan(routePlan({ opcode: 'Scatter', shards: FOUR }), fake, { signal: AbortSignal.abort() }));
    expect(error.id).toBe('SG708');
    expect(fake.lines).toEqual([]);
  });

  describe('timeoutMs is one budget for lookups and route', () => {
    afterEach(() => void vi.useRealTimers());

    it('the route after a lookup gets what is left; none left: SG708 before it starts', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const replies = (target: { keyspace: string }): Row[] => {
        // The lookup "takes" 10 s of the 5 s budget.
        if (target.keyspace === 'lookups') vi.setSystemTime(Date.now() + 10_000);
        return target.keyspace === 'lookups' ? [[s('ann'), s('10')]] : [];
      };
      const fake = createFakeExecutor(replies);
      const log = createExecutionLog();
      const error = await rejection(executePlan(lookupPlan('Equal', [s('ann')]), fake, { layout: LAYOUT, timeoutMs: 5_000, observer: log }));
      expect(error.id).toBe('SG708');
      expect(error.code).toBe('DEADLINE_EXCEEDED');
      expect(fake.lines).toHaveLength(1);
      expect(fake.options[0]!.timeoutMs).toBe(5_000);
      expect(log.routes.map((r) => r.keyspace)).toEqual(['lookups']);
    });

    it.each([0, -1, Infinity])('timeoutMs %d means no budget', async (timeoutMs) => {
      const fake = createFakeExecutor();
      await executePlan(routePlan({ opcode: 'Scatter', shards: ['-40'] }), fake, { timeoutMs });
      expect(fake.options[0]!.timeoutMs).toBeUndefined();
    });
  });

  it('maxRows applies to the merged result (SG709 naming the table)', async () => {
    const replies = { 'customer/-40': [[i(1)], [i(2)]], 'customer/40-80': [[i(3)], [i(4)]] };
    const plan = routePlan({ opcode: 'Scatter', shards: ['-40', '40-80'] });
    const error = await rejection(executePlan(plan, createFakeExecutor(replies), { maxRows: 3 }));
    expect(error.id).toBe('SG709');
    expect(error.code).toBe('RESOURCE_EXHAUSTED');
    expect(error.message).toContain('customer.user');
    expect(show((await executePlan(plan, createFakeExecutor(replies), { maxRows: 4 })).rows)).toEqual(['1', '2', '3', '4']);
    const limited = routePlan({ opcode: 'Scatter', shards: ['-40', '40-80'], merge: { limit: 3 } });
    expect((await executePlan(limited, createFakeExecutor(replies), { maxRows: 3 })).rows).toHaveLength(3);
  });
});

describe('one target (the path without allSettled and merge)', () => {
  const one = (merge = {}) => routePlan({ opcode: 'EqualUnique', shards: ['40-80'], binds: { vtg1: i(7) }, merge });

  it('reports the route, then the statement with its rows', async () => {
    const fake = createFakeExecutor({ 'customer/40-80': [[i(7)], [i(8)]] });
    const log = createExecutionLog();
    const result = await executePlan(one(), fake, { observer: log, tabletType: 'replica' });
    expect(show(result.rows)).toEqual(['7', '8']);
    expect(log.routes).toEqual([{ keyspace: 'customer', table: 'user', opcode: 'EqualUnique', shards: ['40-80'], sql: 'select `id` from `user`', tabletType: 'replica' }]);
    expect(log.statements).toEqual([
      { keyspace: 'customer', shard: '40-80', table: 'user', opcode: 'EqualUnique', tabletType: 'replica', sql: 'select `id` from `user`', bindVars: { vtg1: i(7) }, rows: 2 },
    ]);
  });

  it('a failing shard: the same error a scatter raises for one failing target of one', async () => {
    const cause = shardError('UNAVAILABLE', 'customer/40-80', 'down');
    const fake = createFakeExecutor({ 'customer/40-80': cause });
    const log = createExecutionLog();
    const error = await rejection(executePlan(one(), fake, { observer: log }));
    expect(error.id).toBe('SG700');
    expect(error.message).toBe('query on customer.user failed on its shard (customer/40-80): customer/40-80: down');
    expect(error.details).toEqual({
      table: 'customer.user',
      shards: ['customer/40-80'],
      failed: 1,
      total: 1,
      shardErrors: [{ shard: 'customer/40-80', id: 'SG604', code: 'UNAVAILABLE', message: 'customer/40-80: down' }],
    });
    expect(error.cause).toBe(cause);
    expect(log.statements.map((e) => [e.shard, e.rows, e.error])).toEqual([['40-80', 0, cause]]);
  });

  it('a synchronous throw of the executor counts as INTERNAL (SG707)', async () => {
    const fake = createFakeExecutor(() => {
      throw new TypeError('boom');
    });
    const error = await rejection(executePlan(one(), fake));
    expect(error.id).toBe('SG707');
    expect(error.details.shardErrors).toEqual([{ shard: 'customer/40-80', id: 'INTERNAL', code: 'INTERNAL', message: 'boom' }]);
  });

  it('passes maxRows, the signal and the time left; an aborted signal starts and reports nothing (SG708)', async () => {
    const fake = createFakeExecutor();
    const controller = new AbortController();
    await executePlan(one(), fake, { maxRows: 10, timeoutMs: 60_000, signal: controller.signal });
    expect(fake.options[0]!.maxRows).toBe(10);
    expect(fake.options[0]!.signal).toBe(controller.signal);
    expect(fake.options[0]!.timeoutMs).toBeGreaterThan(0);
    expect(fake.options[0]!.timeoutMs).toBeLessThanOrEqual(60_000);
    const log = createExecutionLog();
    const error = await rejection(executePlan(one(), fake, { signal: AbortSignal.abort(), observer: log }));
    expect(error.id).toBe('SG708');
    expect(fake.lines).toHaveLength(1);
    expect(log.routes).toEqual([]);
  });

  it('maxRows, offset and limit apply to the one result', async () => {
    const replies = { 'customer/40-80': [[i(1)], [i(2)], [i(3)]] };
    expect((await rejection(executePlan(one(), createFakeExecutor(replies), { maxRows: 2 }))).id).toBe('SG709');
    expect(show((await executePlan(one({ offset: 1, limit: 1 }), createFakeExecutor(replies), { maxRows: 1 })).rows)).toEqual(['2']);
  });
});
