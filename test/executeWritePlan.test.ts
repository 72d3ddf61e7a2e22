// The write path across layers, without MySQL: demo write requests planned by planWrite and
// executed by executeWritePlan in a transaction session over the logging fake executor. The
// log shows every statement, its transaction and its commit order: sequence reservation
// first, the single-shard check before any write, consistent lookup rows on pre (create)
// and post (delete) transactions, the orphan takeover of Vitess handleDup, and rollback with
// the MySQL errno on failure. (The engine may not import the planner, so this lives here.)

import { describe, expect, it } from 'vitest';
import { executeWritePlan, insertReturningSupported, type WriteResult } from '../src/engine/executeWritePlan.js';
import { createSequenceCache } from '../src/engine/sequenceCache.js';
import type { ServerInfo } from '../src/engine/shardExecutor.js';
import { createTransactionSession, type TransactionMode } from '../src/engine/transactionSession.js';
import { createFakeTransactionExecutor, mysqlError, type TxReplies, rejectionOf } from '../src/engine/__tests__/fakeTransactionExecutor.js';
import { planWrite } from '../src/sharding/planner/planWrite.js';
import type { WriteRequest } from '../src/sharding/planner/writeRequest.js';
import { VSCHEMAS, planningContext } from '../src/sharding/planner/__tests__/planningFixtures.js';
import { createVindex } from '../src/sharding/vindexes/registry.js';
import { buildKeyspaceLayout, buildTopologyLayout } from '../src/topology/buildLayout.js';
import { describeSqlValue, makeSqlValue, sqlInt64, sqlValueToInt64, sqlVarbinary, sqlVarchar, type SqlValue } from '../src/util/sqlValue.js';

const model = VSCHEMAS.demo().model;
const context = planningContext(model, 'two');
const layout = buildTopologyLayout([buildKeyspaceLayout('commerce', false, ['0']), buildKeyspaceLayout('customer', true, ['-80', '80-'])]);
const hash = createVindex('hash', 'hash', {});

/** The keyspace id hash gives a customer id (1, 2, 3 live on -80; 4 on 80-). */
function ksid(customerId: number): Uint8Array {
  const dest = hash.kind === 'singleColumn' ? hash.map([sqlInt64(customerId)])[0]! : undefined;
  if (dest?.kind !== 'keyspaceId') throw new Error('hash maps integers to keyspace ids');
  return dest.ksid;
}

const price = makeSqlValue('DECIMAL', '10.00');

function setup(mode: TransactionMode, replies?: TxReplies, sequenceNext = 1n, autocommit = false, server?: ServerInfo) {
  let nextId = sequenceNext;
  const executor = createFakeTransactionExecutor({
    ...(server === undefined ? {} : { server }),
    replies: (target, sql, binds, tx) => {
      if (sql.startsWith('select next_id, cache')) return { rows: [[sqlInt64(nextId), sqlInt64(100)]] };
      if (sql.startsWith('update `customer_seq`') || sql.startsWith('update `order_seq`')) {
        nextId = sqlValueToInt64(binds.next_id as SqlValue);
        return { rowsAffected: 1 };
      }
      return replies?.(target, sql, binds, tx) ?? (sql.startsWith('insert') || sql.startsWith('update') || sql.startsWith('delete') ? { rowsAffected: 1 } : undefined);
    },
  });
  const session = createTransactionSession({ executor, mode, autocommit });
  const sequences = createSequenceCache({ executor, layout });
  const run = (request: WriteRequest): Promise<WriteResult> => executeWritePlan(planWrite(request, context), session, { layout, sequences });
  return { executor, session, run };
}

const customers = (ids: (number | null)[]): WriteRequest => ({
  kind: 'insert',
  keyspace: 'customer',
  table: 'customer',
  columns: ['customer_id', 'email', 'name'],
  rows: ids.map((id) => [id === null ? makeSqlValue('NULL', '') : sqlInt64(id), sqlVarchar(`c${id}@x`), sqlVarchar(`C${id}`)]),
});

const order = (orderId: number, customerId: number, orderNumber: string): WriteRequest => ({
  kind: 'insert',
  keyspace: 'customer',
  table: 'corder',
  columns: ['order_id', 'customer_id', 'order_number', 'sku', 'price'],
  rows: [[sqlInt64(orderId), sqlInt64(customerId), sqlVarchar(orderNumber), sqlVarchar('SKU-1001'), price]],
});

describe('executeWritePlan (demo VSchema, fake executor)', () => {
  it('multi: an insert writes each shard only its rows, in one transaction per shard', async () => {
    const { executor, session, run } = setup('multi');
    const result = await run(customers([1, 4, 2]));
    // Shards run in parallel: each shard's lines are in order, the interleaving is not fixed.
    expect([...executor.lines].sort()).toEqual([
      'begin customer/-80#1',
      'execute customer/-80#1 insert into `customer`(`customer_id`, `email`, `name`) values (:_customer_id_0, :_email_0, :_name_0), (:_customer_id_2, :_email_2, :_name_2) {_customer_id_0: INT64(1), _customer_id_2: INT64(2), _email_0: VARCHAR("c1@x"), _email_2: VARCHAR("c2@x"), _name_0: VARCHAR("C1"), _name_2: VARCHAR("C2")}',
      'begin customer/80-#2',
      'execute customer/80-#2 insert into `customer`(`customer_id`, `email`, `name`) values (:_customer_id_1, :_email_1, :_name_1) {_customer_id_1: INT64(4), _email_1: VARCHAR("c4@x"), _name_1: VARCHAR("C4")}',
    ].sort());
    expect(result.rowsAffected).toBe(2);
    expect(result.shards).toEqual(['customer/-80', 'customer/80-']);
    expect(result.inserted?.shards).toEqual(['customer/-80', 'customer/80-', 'customer/-80']);
    expect((await session.commit()).committed).toEqual(['customer/-80', 'customer/80-']);
  });

  it('single: an insert whose rows need two shards is refused before anything is written', async () => {
    const { executor, session, run } = setup('single');
    const error = await rejectionOf(run(customers([1, 4])));
    expect(error.id).toBe('SG710');
    expect(error.details.shards).toEqual(['customer/-80', 'customer/80-']);
    expect(executor.lines).toEqual([]);
    expect(session.state).toBe('rolledBack');
  });

  it('sequence ids are reserved first in their own transaction, then the rows are routed by them', async () => {
    const { executor, run } = setup('multi', undefined, 1n);
    const result = await run({ kind: 'insert', keyspace: 'customer', table: 'customer', columns: ['email', 'name'], rows: [[sqlVarchar('a'), sqlVarchar('A')], [sqlVarchar('d'), sqlVarchar('D')], [sqlVarchar('x'), sqlVarchar('X')], [sqlVarchar('y'), sqlVarchar('Y')]] });
    expect(result.generatedIds).toEqual([1n, 2n, 3n, 4n]);
    expect(executor.lines.slice(0, 4)).toEqual([
      'begin commerce/0#1',
      'execute commerce/0#1 select next_id, cache from `customer_seq` where id = 0 for update {}',
      'execute commerce/0#1 update `customer_seq` set next_id = :next_id where id = 0 {next_id: INT64(101)}',
      'commit commerce/0#1',
    ]);
    expect(result.inserted?.shards).toEqual(['customer/-80', 'customer/-80', 'customer/-80', 'customer/80-']);
    expect(executor.lines.filter((l) => l.startsWith('execute customer/80-'))).toEqual([
      'execute customer/80-#3 insert into `customer`(`email`, `name`, `customer_id`) values (:_email_3, :_name_3, :_customer_id_3) {_customer_id_3: INT64(4), _email_3: VARCHAR("y"), _name_3: VARCHAR("Y")}',
    ]);
  });

  it('consistent lookup: the lookup row is written first on a pre transaction of commerce, the order after; pre commits first', async () => {
    const { executor, session, run } = setup('single');
    await run(order(7, 4, 'ORD-7'));
    expect(executor.lines).toEqual([
      'begin commerce/0#1',
      `execute commerce/0#1 insert into \`corder_order_number_lookup\`(\`order_number\`, \`keyspace_id\`) values (:order_number_0, :keyspace_id_0) {keyspace_id_0: ${describeSqlValue(sqlVarbinary(ksid(4)))}, order_number_0: VARCHAR("ORD-7")}`,
      'begin customer/80-#2',
      'execute customer/80-#2 insert into `corder`(`order_id`, `customer_id`, `order_number`, `sku`, `price`) values (:_order_id_0, :_customer_id_0, :_order_number_0, :_sku_0, :_price_0) {_customer_id_0: INT64(4), _order_id_0: INT64(7), _order_number_0: VARCHAR("ORD-7"), _price_0: DECIMAL(10.00), _sku_0: VARCHAR("SKU-1001")}',
    ]);
    expect((await session.commit()).committed).toEqual(['commerce/0', 'customer/80-']);
  });

  it('consistent lookup duplicate whose owner row is missing (an orphan): locked, owner checked outside the transaction, taken over', async () => {
    const { executor, session, run } = setup('single', (_target, sql) => {
      if (sql.startsWith('insert into `corder_order_number_lookup`')) return mysqlError('commerce/0', 1062, "Duplicate entry 'ORD-7' for key 'PRIMARY'");
      if (sql.startsWith('select `keyspace_id`')) return { rows: [[sqlVarbinary(ksid(4))]] };
      if (sql.includes('lock in share mode')) return { rows: [] };
      return undefined;
    });
    await run(order(7, 1, 'ORD-7'));
    expect(executor.lines.map((l) => l.replace(/ \{.*\}$/, ''))).toEqual([
      'begin commerce/0#1',
      'execute commerce/0#1 insert into `corder_order_number_lookup`(`order_number`, `keyspace_id`) values (:order_number_0, :keyspace_id_0)',
      'execute commerce/0#1 select `keyspace_id` from `corder_order_number_lookup` where `order_number` = :order_number for update',
      'execute customer/80- select `order_number` from `corder` where `order_number` = :order_number lock in share mode',
      'execute commerce/0#1 update `corder_order_number_lookup` set `keyspace_id` = :keyspace_id where `order_number` = :order_number',
      'begin customer/-80#2',
      'execute customer/-80#2 insert into `corder`(`order_id`, `customer_id`, `order_number`, `sku`, `price`) values (:_order_id_0, :_customer_id_0, :_order_number_0, :_sku_0, :_price_0)',
    ]);
    expect(executor.lines[4]).toContain(`keyspace_id: ${describeSqlValue(sqlVarbinary(ksid(1)))}`);
    expect(session.state).toBe('open');
  });

  it('consistent lookup duplicate whose owner row exists: the duplicate error with errno 1062, everything rolled back', async () => {
    const { executor, session, run } = setup('single', (_target, sql) => {
      if (sql.startsWith('insert into `corder_order_number_lookup`')) return mysqlError('commerce/0', 1062, "Duplicate entry 'ORD-7' for key 'PRIMARY'");
      if (sql.startsWith('select `keyspace_id`')) return { rows: [[sqlVarbinary(ksid(4))]] };
      if (sql.includes('lock in share mode')) return { rows: [[sqlVarchar('ORD-7')]] };
      return undefined;
    });
    const error = await rejectionOf(run(order(8, 1, 'ORD-7')));
    expect(error.details.errno).toBe(1062);
    expect(error.details.sqlState).toBe('23000');
    expect(executor.lines.some((l) => l.includes('insert into `corder`('))).toBe(false);
    expect(executor.lines.at(-1)).toBe('rollback commerce/0#1');
    expect(session.state).toBe('rolledBack');
  });

  it('a failing statement rejects with its MySQL errno and rolls the request back', async () => {
    const { executor, run } = setup('multi', (_target, sql) => (sql.startsWith('insert into `customer`') ? mysqlError('customer/-80', 1062, "Duplicate entry '1'") : undefined));
    const error = await rejectionOf(run(customers([1])));
    expect(error.id).toBe('SG703');
    expect(error.details).toMatchObject({ errno: 1062, shards: ['customer/-80'] });
    expect(executor.lines.at(-1)).toBe('rollback customer/-80#1');
  });

  it('delete of orders: capture (locking read), lookup rows deleted on a post transaction, then the delete', async () => {
    const { executor, session, run } = setup('single', (_target, sql) => (sql.startsWith('select `order_number`, `customer_id`') ? { rows: [[sqlVarchar('ORD-1'), sqlInt64(1)], [sqlVarchar('ORD-2'), sqlInt64(1)]] } : undefined));
    const result = await run({ kind: 'delete', keyspace: 'customer', table: 'corder', where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(1) } });
    expect(executor.lines.map((l) => l.replace(/ \{.*\}$/, ''))).toEqual([
      'begin customer/-80#1',
      'execute customer/-80#1 select `order_number`, `customer_id` from `corder` where `customer_id` = :vtg1 for update',
      'begin commerce/0#2',
      'execute commerce/0#2 delete from `corder_order_number_lookup` where `order_number` = :order_number and `keyspace_id` = :keyspace_id',
      'execute commerce/0#2 delete from `corder_order_number_lookup` where `order_number` = :order_number and `keyspace_id` = :keyspace_id',
      'execute customer/-80#1 delete from `corder` where `customer_id` = :vtg1',
    ]);
    expect(result.rowsAffected).toBe(1);
    expect(result.captured).toBeUndefined();
    expect((await session.commit()).committed).toEqual(['customer/-80', 'commerce/0']);
  });

  it('update of order_number: old lookup row deleted (post), new one created (pre), then the update', async () => {
    const { executor, run } = setup('single', (_target, sql) => (sql.startsWith('select `order_number`, `customer_id`') ? { rows: [[sqlVarchar('ORD-1'), sqlInt64(4)]] } : undefined));
    await run({ kind: 'update', keyspace: 'customer', table: 'corder', set: [{ column: 'order_number', value: sqlVarchar('ORD-9') }], inc: [], where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(4) } });
    const shown = executor.lines.map((l) => l.replace(/ \{.*\}$/, ''));
    expect(shown).toEqual([
      'begin customer/80-#1',
      'execute customer/80-#1 select `order_number`, `customer_id` from `corder` where `customer_id` = :vtg2 for update',
      'begin commerce/0#2',
      'execute commerce/0#2 delete from `corder_order_number_lookup` where `order_number` = :order_number and `keyspace_id` = :keyspace_id',
      'begin commerce/0#3',
      'execute commerce/0#3 insert into `corder_order_number_lookup`(`order_number`, `keyspace_id`) values (:order_number_0, :keyspace_id_0)',
      'execute customer/80-#1 update `corder` set `order_number` = :vtg1 where `customer_id` = :vtg2',
    ]);
    expect(executor.lines[3]).toContain('order_number: VARCHAR("ORD-1")');
    expect(executor.lines[5]).toContain('order_number_0: VARCHAR("ORD-9")');
  });

  it('an update that sets the value a row already has keeps its lookup row', async () => {
    const { executor, run } = setup('single', (_target, sql) => (sql.startsWith('select `order_number`') ? { rows: [[sqlVarchar('ORD-9'), sqlInt64(4)]] } : undefined));
    await run({ kind: 'update', keyspace: 'customer', table: 'corder', set: [{ column: 'order_number', value: sqlVarchar('ORD-9') }], inc: [], where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(4) } });
    expect(executor.lines.some((l) => l.includes('corder_order_number_lookup'))).toBe(false);
  });

  it('update by order number: the lookup read decides the shard, then only that shard is written', async () => {
    const { executor, run } = setup('single', (_target, sql) => (sql.startsWith('select `order_number`, `keyspace_id`') ? { rows: [[sqlVarchar('ORD-7'), sqlVarbinary(ksid(4))]] } : undefined));
    const result = await run({ kind: 'update', keyspace: 'customer', table: 'corder', set: [{ column: 'status', value: sqlVarchar('paid') }], inc: [], where: { kind: 'cmp', column: 'order_number', op: '=', value: sqlVarchar('ORD-7') } });
    expect(executor.lines.map((l) => l.replace(/ \{.*\}$/, ''))).toEqual([
      'execute commerce/0 select `order_number`, `keyspace_id` from `corder_order_number_lookup` where `order_number` = :vtg1',
      'begin customer/80-#1',
      'execute customer/80-#1 update `corder` set `status` = :vtg1 where `order_number` = :vtg2',
    ]);
    expect(result.shards).toEqual(['customer/80-']);
  });

  it('capture: the requested columns of the deleted rows come back in shard order', async () => {
    const { run } = setup('multi', (target, sql) => (sql.startsWith('select `customer_id`, `email`') ? { rows: [[sqlInt64(target.shard === '-80' ? 1 : 4), sqlVarchar('e')]] } : undefined));
    const result = await run({ kind: 'delete', keyspace: 'customer', table: 'customer', where: { kind: 'in', column: 'customer_id', values: [sqlInt64(4), sqlInt64(1)], negated: false }, capture: ['customer_id', 'email'] });
    expect(result.captured?.columns).toEqual(['customer_id', 'email']);
    expect(result.captured?.shards).toEqual(['customer/-80', 'customer/80-']);
  });

  it('upsert: lookup rows go in with insert ignore and are verified; a row whose number belongs to another order is dropped', async () => {
    const { executor, run } = setup('single', (_target, sql) => (sql.startsWith('select `order_number` from `corder_order_number_lookup`') ? { rows: [] } : undefined));
    const request = { ...order(7, 4, 'ORD-7'), onConflict: { updateColumns: ['price'] } } as WriteRequest;
    const result = await run(request);
    const shown = executor.lines.map((l) => l.replace(/ \{.*\}$/, ''));
    expect(shown[1]).toBe('execute commerce/0#1 insert ignore into `corder_order_number_lookup`(`order_number`, `keyspace_id`) values (:order_number_0, :keyspace_id_0)');
    expect(shown[2]).toBe('execute commerce/0#1 select `order_number` from `corder_order_number_lookup` where `order_number` = :order_number and `keyspace_id` = :keyspace_id');
    expect(result.inserted?.rows).toEqual([]);
    expect(result.rowsAffected).toBe(0);
  });

  it('autocommit session: a one-shard insert runs without BEGIN/COMMIT (sequence still in its own transaction)', async () => {
    const { executor, session, run } = setup('single', undefined, 1n, true);
    await run({ kind: 'insert', keyspace: 'customer', table: 'customer', columns: ['email', 'name'], rows: [[sqlVarchar('a'), sqlVarchar('A')]] });
    expect(executor.lines.map((l) => l.replace(/ \{.*\}$/, ''))).toEqual([
      'begin commerce/0#1',
      'execute commerce/0#1 select next_id, cache from `customer_seq` where id = 0 for update',
      'execute commerce/0#1 update `customer_seq` set next_id = :next_id where id = 0',
      'commit commerce/0#1',
      'execute customer/-80 insert into `customer`(`email`, `name`, `customer_id`) values (:_email_0, :_name_0, :_customer_id_0)',
    ]);
    expect((await session.commit()).committed).toEqual(['customer/-80']);
  });

  it('autocommit session: writes of several statements (lookups, a capture, several shards) still use transactions', async () => {
    const lookups = setup('single', undefined, 1n, true);
    await lookups.run(order(7, 4, 'ORD-7'));
    expect(lookups.executor.lines[0]).toBe('begin commerce/0#1');
    const capture = setup('single', undefined, 1n, true);
    await capture.run({ kind: 'delete', keyspace: 'customer', table: 'customer', where: { kind: 'cmp', column: 'customer_id', op: '=', value: sqlInt64(1) }, capture: ['email'] });
    expect(capture.executor.lines[0]).toBe('begin customer/-80#1');
    const two = setup('multi', undefined, 1n, true);
    await two.run(customers([1, 4]));
    expect(two.executor.lines.filter((l) => l.startsWith('begin'))).toHaveLength(2);
  });

  describe('returning (INSERT … RETURNING where the server has it)', () => {
    const MARIADB: ServerInfo = { flavor: 'mariadb', version: '10.11.19-MariaDB-0+deb12u1' };
    /** Each insert answers with one row per VALUES tuple: `[id, "stored <id>"]`, as RETURNING `customer_id`, `email` would. */
    const returningReplies: TxReplies = (_target, sql, binds) => {
      if (!sql.startsWith('insert into `customer`')) return undefined;
      if (!sql.endsWith(' returning `customer_id`, `email`')) return { rowsAffected: Object.keys(binds).length / 3 };
      const ids = Object.keys(binds).filter((k) => k.startsWith('_customer_id_')).sort((a, b) => Number(a.slice(13)) - Number(b.slice(13)));
      return { rows: ids.map((k) => [binds[k] as SqlValue, sqlVarchar(`stored ${describeSqlValue(binds[k] as SqlValue)}`)]) };
    };
    const withReturning = (request: WriteRequest): WriteRequest => ({ ...request, returning: ['customer_id', 'email'] }) as WriteRequest;

    it('MariaDB 10.5+: each shard\'s INSERT carries RETURNING and the stored rows come back in request order', async () => {
      const { executor, run } = setup('multi', returningReplies, 1n, false, MARIADB);
      const result = await run(withReturning(customers([1, 4, 2])));
      expect(executor.lines.filter((l) => l.includes('insert into')).every((l) => / returning `customer_id`, `email` \{/.test(l))).toBe(true);
      expect(result.returned?.columns).toEqual(['customer_id', 'email']);
      expect(result.returned?.rows.map((r) => sqlValueToInt64(r[0]!))).toEqual([1n, 4n, 2n]);
      expect(result.returned?.rows.map((r) => describeSqlValue(r[1]!))).toEqual(['VARCHAR("stored INT64(1)")', 'VARCHAR("stored INT64(4)")', 'VARCHAR("stored INT64(2)")']);
      expect(result.returned?.shards).toEqual(['customer/-80', 'customer/80-', 'customer/-80']);
      expect(result.rowsAffected).toBe(3);
    });

    it('MySQL, MariaDB before 10.5, an executor that cannot tell, or an upsert: no RETURNING, nothing returned (the caller reads back)', async () => {
      expect(insertReturningSupported({ flavor: 'mysql', version: '8.0.36' })).toBe(false);
      expect(insertReturningSupported({ flavor: 'mariadb', version: '10.4.34-MariaDB' })).toBe(false);
      expect(insertReturningSupported({ flavor: 'mariadb', version: '10.5.0-MariaDB' })).toBe(true);
      expect(insertReturningSupported({ flavor: 'mariadb', version: '11.4.2-MariaDB' })).toBe(true);
      const cases = [
        { server: { flavor: 'mysql', version: '8.0.36' } as ServerInfo, request: withReturning(customers([1])) },
        { server: undefined, request: withReturning(customers([1])) },
        { server: MARIADB, request: { ...withReturning(customers([1])), onConflict: { updateColumns: ['name'] } } as WriteRequest },
      ];
      for (const { server, request } of cases) {
        const { executor, run } = setup('single', returningReplies, 1n, false, server);
        const result = await run(request);
        expect(executor.lines.some((l) => l.includes(' returning '))).toBe(false);
        expect(result.returned).toBeUndefined();
        expect(result.rowsAffected).toBe(1);
      }
    });

    it('an autocommitted sequence insert returns its row from the one statement', async () => {
      const { executor, run } = setup('single', returningReplies, 1n, true, MARIADB);
      const result = await run({ kind: 'insert', keyspace: 'customer', table: 'customer', columns: ['email', 'name'], rows: [[sqlVarchar('a'), sqlVarchar('A')]], returning: ['customer_id', 'email'] });
      expect(executor.lines.at(-1)).toMatch(/^execute customer\/-80 insert into `customer`\(`email`, `name`, `customer_id`\) values \(:_email_0, :_name_0, :_customer_id_0\) returning `customer_id`, `email` /);
      expect(result.returned?.rows.map((r) => sqlValueToInt64(r[0]!))).toEqual([1n]);
    });
  });
});
