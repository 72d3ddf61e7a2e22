// The write path against real MariaDB, below GraphQL: the demo keyspaces (schema/*/schema.sql
// and vschema.json) in throwaway databases, writes planned by planWrite and executed by
// executeWritePlan in transaction sessions over src/pools. Checks each shard's database
// directly: rows on the shard their vindex names, sequence ids unique under 8 concurrent
// writers through two independent executors and caches (two gateways) and after a restart,
// lookup rows in step after inserts, updates, deletes and a crash between the lookup write and
// the row write, bad input failing with its MySQL errno and nothing written, transactions
// keeping the pools' timeouts. Needs the shared test server (test/helpers/mariadb.ts).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../../src/cluster/applySchema.js';
import { executePlan } from '../../src/engine/executePlan.js';
import { executeWritePlan, type WriteResult } from '../../src/engine/executeWritePlan.js';
import { createSequenceCache, type SequenceCache } from '../../src/engine/sequenceCache.js';
import type { TransactionalShardExecutor, TransactionConnection } from '../../src/engine/shardExecutor.js';
import { createTransactionSession, type TransactionMode, type TransactionSession } from '../../src/engine/transactionSession.js';
import type { ServiceError } from '../../src/errors/serviceError.js';
import { rejectionOf } from '../../src/engine/__tests__/fakeTransactionExecutor.js';
import { createShardExecutor, type MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import { shardForKeyspaceId } from '../../src/sharding/key/resolveDestination.js';
import { planQuery } from '../../src/sharding/planner/planQuery.js';
import { planWrite, type WritePlanningContext } from '../../src/sharding/planner/planWrite.js';
import { buildRoutingSchema } from '../../src/sharding/planner/routingSchema.js';
import type { WriteRequest } from '../../src/sharding/planner/writeRequest.js';
import { VSCHEMAS } from '../../src/sharding/planner/__tests__/planningFixtures.js';
import { createVindex } from '../../src/sharding/vindexes/registry.js';
import { findKeyspace, shardRanges, type Topology } from '../../src/topology/topology.js';
import { makeSqlValue, sqlInt64, sqlVarchar, type SqlValue } from '../../src/util/sqlValue.js';
import { adminQuery, buildTestTopology, createTestDatabases, testServerAddress, type TestDatabases } from '../helpers/mariadb.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const POOL = { size: 8, queueLimit: 1000, acquireTimeoutMs: 10_000, idleTimeoutMs: 60_000 };
const LIMITS = { queryTimeoutMs: 20_000, maxRows: 10_000 };

let dbs: TestDatabases;
let topology: Topology;
let gatewayA: MysqlShardExecutor;
let gatewayB: MysqlShardExecutor;
let sequencesA: SequenceCache;
let context: WritePlanningContext;

const hash = createVindex('hash', 'hash', {});
function ksidOf(customerId: number | bigint): Uint8Array {
  const dest = hash.kind === 'singleColumn' ? hash.map([sqlInt64(customerId)])[0] : undefined;
  if (dest?.kind !== 'keyspaceId') throw new Error('hash maps integers');
  return dest.ksid;
}
const shardOf = (customerId: number | bigint): string => shardForKeyspaceId(shardRanges(findKeyspace(topology, 'customer')), ksidOf(customerId));
const DB = (shard: string): string => dbs.names[shard === '-80' ? 'customer_x80' : 'customer_80x']!;

beforeAll(async () => {
  dbs = await createTestDatabases(['commerce', 'customer_x80', 'customer_80x']);
  const { host, port, user, password } = testServerAddress();
  const target = { label: 'test server', host, port, user, password };
  await applySchema(target, dbs.names.commerce!, path.join(REPO, 'schema', 'commerce', 'schema.sql'));
  for (const db of [dbs.names.customer_x80!, dbs.names.customer_80x!]) {
    await applySchema(target, db, path.join(REPO, 'schema', 'customer', 'schema.sql'));
    // The demo's foreign key needs customers; these tests insert orders for customers 1..8 only.
    await adminQuery(`INSERT INTO \`${db}\`.customer (customer_id, email, name) VALUES ${[1, 2, 3, 4, 5, 6, 7, 8].map((id) => `(${id}, 'c${id}@x', 'C${id}')`).join(', ')}`);
  }
  await adminQuery(`UPDATE \`${dbs.names.commerce}\`.customer_seq SET next_id = 1000, cache = 5 WHERE id = 0`);
  topology = buildTestTopology({
    commerce: { '0': { primary: dbs.urls.commerce! } },
    customer: { '-80': { primary: dbs.urls.customer_x80! }, '80-': { primary: dbs.urls.customer_80x! } },
  });
  gatewayA = createShardExecutor(topology, { pool: POOL, limits: LIMITS });
  gatewayB = createShardExecutor(topology, { pool: POOL, limits: LIMITS });
  sequencesA = createSequenceCache({ executor: gatewayA, layout: topology });
  const model = VSCHEMAS.demo().model;
  context = { routing: buildRoutingSchema(model), shards: (ks) => shardRanges(findKeyspace(topology, ks)) };
}, 60_000);

afterAll(async () => {
  await gatewayA?.close();
  await gatewayB?.close();
  await dbs?.drop();
});

interface WriteOptions {
  readonly mode?: TransactionMode;
  readonly executor?: TransactionalShardExecutor;
  readonly sequences?: SequenceCache;
}

/** Plans and executes one request in its own session and commits it (a one-field mutation request). */
async function write(request: WriteRequest, options: WriteOptions = {}): Promise<WriteResult> {
  const session = createTransactionSession({ executor: options.executor ?? gatewayA, mode: options.mode ?? 'single' });
  const result = await executeWritePlan(planWrite(request, context), session, { layout: topology, sequences: options.sequences ?? sequencesA });
  await session.commit();
  return result;
}

const text = (s: string): SqlValue => sqlVarchar(s);
const decimal = (s: string): SqlValue => makeSqlValue('DECIMAL', s);
const eq = (column: string, value: SqlValue) => ({ kind: 'cmp' as const, column, op: '=' as const, value });

function newCustomers(count: number, tag: string): WriteRequest {
  return {
    kind: 'insert',
    keyspace: 'customer',
    table: 'customer',
    columns: ['email', 'name'],
    rows: Array.from({ length: count }, (_, i) => [text(`${tag}${i}@example.com`), text(`${tag} ${i}`)]),
  };
}

function newOrder(customerId: number, orderNumber: string, extra: { orderId?: number; price?: string } = {}): WriteRequest {
  const columns = ['customer_id', 'order_number', 'sku', 'price', ...(extra.orderId === undefined ? [] : ['order_id'])];
  const row = [sqlInt64(customerId), text(orderNumber), text('SKU-1001'), decimal(extra.price ?? '12.50'), ...(extra.orderId === undefined ? [] : [sqlInt64(extra.orderId)])];
  return { kind: 'insert', keyspace: 'customer', table: 'corder', columns, rows: [row] };
}

/** Every (customer_id, shard) found by reading each customer shard's database directly. */
async function customersOnShards(): Promise<{ id: bigint; shard: string }[]> {
  const out: { id: bigint; shard: string }[] = [];
  for (const shard of ['-80', '80-']) {
    const rows = await adminQuery<{ customer_id: string }>(`SELECT CAST(customer_id AS CHAR) AS customer_id FROM \`${DB(shard)}\`.customer`);
    for (const r of rows) out.push({ id: BigInt(r.customer_id), shard });
  }
  return out;
}

/** The order-number lookup table as `number → keyspace id hex`. */
async function lookupRows(): Promise<Map<string, string>> {
  const rows = await adminQuery<{ order_number: string; ksid: string }>(`SELECT order_number, HEX(keyspace_id) AS ksid FROM \`${dbs.names.commerce}\`.corder_order_number_lookup`);
  return new Map(rows.map((r) => [r.order_number, r.ksid.toLowerCase()]));
}

/** Every order as `number → {customer, shard}`, read from each shard directly. */
async function ordersOnShards(): Promise<Map<string, { customer: bigint; shard: string }>> {
  const out = new Map<string, { customer: bigint; shard: string }>();
  for (const shard of ['-80', '80-']) {
    const rows = await adminQuery<{ order_number: string; customer_id: string }>(`SELECT order_number, CAST(customer_id AS CHAR) AS customer_id FROM \`${DB(shard)}\`.corder`);
    for (const r of rows) out.set(r.order_number, { customer: BigInt(r.customer_id), shard });
  }
  return out;
}

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Every order has its lookup row pointing at its own keyspace id, and every lookup row of `prefix` has its order. */
async function expectLookupsConsistent(prefix: string): Promise<void> {
  const lookups = await lookupRows();
  const orders = await ordersOnShards();
  for (const [number, order] of orders) {
    expect(lookups.get(number), `lookup row of ${number}`).toBe(hexOf(ksidOf(order.customer)));
    expect(order.shard).toBe(shardOf(order.customer));
  }
  for (const number of lookups.keys()) if (number.startsWith(prefix)) expect(orders.has(number), `order of lookup row ${number}`).toBe(true);
}

describe('writes routed by vindex (real MariaDB)', () => {
  it('every inserted customer lands on the shard hash(customer_id) names, ids from the sequence', async () => {
    const before = new Set((await customersOnShards()).map((c) => c.id));
    const results = [await write(newCustomers(40, 'route'), { mode: 'multi' }), await write(newCustomers(25, 'route2'), { mode: 'multi' })];
    const ids = results.flatMap((r) => r.generatedIds);
    expect(ids).toHaveLength(65);
    const placed = (await customersOnShards()).filter((c) => !before.has(c.id));
    expect(placed.map((c) => c.id).sort((a, b) => (a < b ? -1 : 1))).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    for (const c of placed) expect(c.shard, `customer ${c.id}`).toBe(shardOf(c.id));
    expect(new Set(placed.map((c) => c.shard)).size).toBe(2);
  });

  it('single mode refuses an insert reaching two shards and writes nothing; multi writes both', async () => {
    const a = 501;
    const b = [502, 503, 504, 505, 506, 507, 508].find((id) => shardOf(id) !== shardOf(a))!;
    const request: WriteRequest = { kind: 'insert', keyspace: 'customer', table: 'customer', columns: ['customer_id', 'email', 'name'], rows: [[sqlInt64(a), text('a'), text('A')], [sqlInt64(b), text('b'), text('B')]] };
    const mine = (c: { id: bigint }): boolean => c.id === BigInt(a) || c.id === BigInt(b);
    const error = await rejectionOf(write(request));
    expect(error.id).toBe('SG710');
    expect((await customersOnShards()).filter(mine)).toEqual([]);
    await write(request, { mode: 'multi' });
    expect((await customersOnShards()).filter(mine).map((c) => c.shard).sort()).toEqual([shardOf(a), shardOf(b)].sort());
  });

  it('sequence ids stay unique under 8 concurrent writers through two gateways sharing the backing table', async () => {
    const sequencesB = createSequenceCache({ executor: gatewayB, layout: topology });
    const writers = Array.from({ length: 8 }, (_, w) => async (): Promise<bigint[]> => {
      const executor = w % 2 === 0 ? gatewayA : gatewayB;
      const sequences = w % 2 === 0 ? sequencesA : sequencesB;
      const ids: bigint[] = [];
      for (let i = 0; i < 15; i++) {
        const result = await write(newCustomers(1 + (i % 3), `w${w}-${i}-`), { executor, sequences, mode: 'multi' });
        ids.push(...result.generatedIds);
      }
      return ids;
    });
    const all = (await Promise.all(writers.map((run) => run()))).flat();
    expect(all).toHaveLength(8 * (5 * (1 + 2 + 3)));
    expect(new Set(all).size).toBe(all.length);
    const onShards = await customersOnShards();
    const found = new Set(onShards.map((c) => c.id));
    for (const id of all) expect(found.has(id)).toBe(true);
    const [seq] = await adminQuery<{ next_id: string }>(`SELECT CAST(next_id AS CHAR) AS next_id FROM \`${dbs.names.commerce}\`.customer_seq WHERE id = 0`);
    const max = all.reduce((m, id) => (id > m ? id : m), 0n);
    expect(BigInt(seq!.next_id) > max).toBe(true);
  });

  it('a restarted gateway (a new cache) never reuses an id served before', async () => {
    const first = await write(newCustomers(3, 'before-restart'), { mode: 'multi' });
    const restarted = createSequenceCache({ executor: gatewayA, layout: topology });
    const second = await write(newCustomers(3, 'after-restart'), { sequences: restarted, mode: 'multi' });
    const maxBefore = first.generatedIds.reduce((m, id) => (id > m ? id : m), 0n);
    for (const id of second.generatedIds) expect(id > maxBefore).toBe(true);
  });
});

describe('consistent lookup vindex corder_order_number (real MariaDB)', () => {
  it('inserts write the lookup row with the owner keyspace id; reads by order number reach the owning shard', async () => {
    for (const [i, customer] of [1, 2, 3, 4, 5, 6, 7, 8].entries()) await write(newOrder(customer, `L-${i}`));
    await expectLookupsConsistent('L-');
    const plan = planQuery({ keyspace: 'customer', table: 'corder', select: ['order_number', 'customer_id'], where: eq('order_number', text('L-3')) }, context);
    const read = await executePlan(plan, gatewayA, { layout: topology });
    expect(read.rows.map((r) => Number(new TextDecoder().decode(r[1]!.raw)))).toEqual([4]);
  });

  it('updating an order number moves its lookup row; deleting orders deletes theirs', async () => {
    await write(newOrder(3, 'U-1', { orderId: 7001 }));
    await write(newOrder(4, 'U-2', { orderId: 7002 }));
    await write({ kind: 'update', keyspace: 'customer', table: 'corder', set: [{ column: 'order_number', value: text('U-1b') }], inc: [], where: { kind: 'and', operands: [eq('customer_id', sqlInt64(3)), eq('order_id', sqlInt64(7001))] } });
    let lookups = await lookupRows();
    expect(lookups.has('U-1')).toBe(false);
    expect(lookups.get('U-1b')).toBe(hexOf(ksidOf(3)));
    const deleted = await write({ kind: 'delete', keyspace: 'customer', table: 'corder', where: { kind: 'and', operands: [eq('customer_id', sqlInt64(4)), eq('order_id', sqlInt64(7002))] }, capture: ['order_id', 'order_number'] });
    expect(deleted.rowsAffected).toBe(1);
    expect(deleted.captured?.rows.map((r) => new TextDecoder().decode(r[1]!.raw))).toEqual(['U-2']);
    lookups = await lookupRows();
    expect(lookups.has('U-2')).toBe(false);
    await expectLookupsConsistent('U-');
  });

  it('an update through the lookup (where order_number = …) writes only the owning shard', async () => {
    await write(newOrder(4, 'V-1', { orderId: 7101 }));
    const result = await write({ kind: 'update', keyspace: 'customer', table: 'corder', set: [{ column: 'status', value: text('paid') }], inc: [], where: eq('order_number', text('V-1')) });
    expect(result).toMatchObject({ rowsAffected: 1, shards: [`customer/${shardOf(4)}`] });
  });

  it('a crash between the lookup write and the row write leaves an orphan that reads tolerate and the next insert takes over', async () => {
    // The crash: the pre transaction (lookup row) commits, the order's shard never does.
    const crashing: TransactionalShardExecutor = {
      execute: (t, sql, b, o) => gatewayA.execute(t, sql, b, o),
      async begin(target, options) {
        const tx = await gatewayA.begin(target, options);
        if (target.keyspace !== 'customer') return tx;
        const crashed: TransactionConnection = { ...tx, execute: (sql, b, o) => tx.execute(sql, b, o), rollback: () => tx.rollback(), commit: async () => { await tx.rollback(); throw new Error('gateway crashed before COMMIT'); } };
        return crashed;
      },
    };
    const session = createTransactionSession({ executor: crashing, mode: 'single' });
    await executeWritePlan(planWrite(newOrder(4, 'CRASH-1', { orderId: 7201 }), context), session, { layout: topology, sequences: sequencesA });
    const error = await rejectionOf(session.commit());
    expect(error.id).toBe('SG711');
    expect(error.details).toMatchObject({ committed: ['commerce/0'], failed: `customer/${shardOf(4)}` });
    expect((await lookupRows()).get('CRASH-1')).toBe(hexOf(ksidOf(4)));
    expect((await ordersOnShards()).has('CRASH-1')).toBe(false);

    // Reads tolerate the orphan: the lookup leads to a shard without the row, so no row.
    const plan = planQuery({ keyspace: 'customer', table: 'corder', select: ['order_id'], where: eq('order_number', text('CRASH-1')) }, context);
    expect((await executePlan(plan, gatewayA, { layout: topology })).rows).toEqual([]);

    // The next insert of the number (another customer, another shard) takes the orphan over.
    expect(shardOf(1)).not.toBe(shardOf(4));
    await write(newOrder(1, 'CRASH-1', { orderId: 7202 }));
    expect((await lookupRows()).get('CRASH-1')).toBe(hexOf(ksidOf(1)));
    expect((await ordersOnShards()).get('CRASH-1')).toEqual({ customer: 1n, shard: shardOf(1) });
    await expectLookupsConsistent('CRASH-');
  });

  it('a number already used by an existing order fails with the duplicate-key errno and writes nothing', async () => {
    await write(newOrder(2, 'DUP-1', { orderId: 7301 }));
    const error = await rejectionOf(write(newOrder(4, 'DUP-1', { orderId: 7302 })));
    expect(error.details.errno).toBe(1062);
    expect((await ordersOnShards()).get('DUP-1')).toEqual({ customer: 2n, shard: shardOf(2) });
    expect((await lookupRows()).get('DUP-1')).toBe(hexOf(ksidOf(2)));
  });
});

describe('bad input and transactions (real MariaDB)', () => {
  async function expectFailure(request: WriteRequest, errno: number): Promise<ServiceError> {
    const error = await rejectionOf(write(request));
    expect(error.details.errno).toBe(errno);
    expect(typeof error.details.sqlState).toBe('string');
    return error;
  }

  it('a duplicate primary key in a batch fails with errno 1062 and no row of the batch is written', async () => {
    const rows = [[sqlInt64(2001), text('x'), text('X')], [sqlInt64(2001), text('y'), text('Y')]];
    const error = await expectFailure({ kind: 'insert', keyspace: 'customer', table: 'customer', columns: ['customer_id', 'email', 'name'], rows }, 1062);
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect((await customersOnShards()).some((c) => c.id === 2001n)).toBe(false);
  });

  it('a foreign key violation (order of an unknown customer) fails with errno 1452; its lookup row is rolled back too', async () => {
    await expectFailure(newOrder(999_999, 'FK-1'), 1452);
    expect((await lookupRows()).has('FK-1')).toBe(false);
  });

  it('values out of range or too long fail with errno 1264 / 1406 and write nothing', async () => {
    await expectFailure(newOrder(1, 'RANGE-1', { price: '123456789012.00' }), 1264);
    await expectFailure({ kind: 'insert', keyspace: 'customer', table: 'customer', columns: ['customer_id', 'email', 'name'], rows: [[sqlInt64(2002), text('x'.repeat(300)), text('X')]] }, 1406);
    expect((await lookupRows()).has('RANGE-1')).toBe(false);
    expect((await customersOnShards()).some((c) => c.id === 2002n)).toBe(false);
  });

  it('reads through the session see the request own writes before commit; others do not', async () => {
    const session: TransactionSession = createTransactionSession({ executor: gatewayA, mode: 'single' });
    await executeWritePlan(planWrite({ kind: 'insert', keyspace: 'customer', table: 'customer', columns: ['customer_id', 'email', 'name'], rows: [[sqlInt64(3001), text('own'), text('Own')]] }, context), session, { layout: topology });
    const read = planQuery({ keyspace: 'customer', table: 'customer', select: ['email'], where: eq('customer_id', sqlInt64(3001)) }, context);
    expect((await executePlan(read, session.reader, { layout: topology })).rows).toHaveLength(1);
    expect((await executePlan(read, gatewayB, { layout: topology })).rows).toHaveLength(0);
    await session.rollback();
    expect((await executePlan(read, gatewayA, { layout: topology })).rows).toHaveLength(0);
  });

  function primaryOf(executor: MysqlShardExecutor, shard: string) {
    return executor.metricsSnapshot().tablets.find((t) => t.keyspace === 'customer' && t.shard === shard && t.type === 'primary')!;
  }

  it('a server-side statement deadline inside a transaction stops the statement only: the transaction stays usable', async () => {
    const tx = await gatewayA.begin({ keyspace: 'customer', shard: '-80' });
    const error = await rejectionOf(tx.execute('select sleep(3)', {}, { timeoutMs: 200 }));
    expect(error).toMatchObject({ id: 'SG603', details: { killedBy: 'server' } });
    expect((await tx.execute('select 1', {})).rows).toHaveLength(1);
    await tx.rollback();
    expect(primaryOf(gatewayA, '-80').pool.inUse).toBe(0);
    expect(primaryOf(gatewayA, '-80').errors.DEADLINE_EXCEEDED ?? 0).toBeGreaterThan(0);
  });

  it('a client-side deadline leaves the transaction state unknown: its connection is destroyed, never pooled mid-transaction', async () => {
    const clientOnly = createShardExecutor(topology, { pool: POOL, limits: LIMITS, serverTimeouts: false });
    try {
      const tx = await clientOnly.begin({ keyspace: 'customer', shard: '-80' });
      await tx.execute('insert into customer (customer_id, email, name) values (4001, :e, :n)', { e: text('lost'), n: text('Lost') });
      const error = await rejectionOf(tx.execute('select sleep(3)', {}, { timeoutMs: 200 }));
      expect(error).toMatchObject({ id: 'SG603', details: { killedBy: 'client' } });
      expect((await rejectionOf(tx.execute('select 1', {}))).id).toBe('SG712');
      await tx.rollback();
      expect(primaryOf(clientOnly, '-80').pool.inUse).toBe(0);
      expect((await customersOnShards()).some((c) => c.id === 4001n)).toBe(false);
    } finally {
      await clientOnly.close();
    }
  });
});
