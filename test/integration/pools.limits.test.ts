// Integration tests of src/pools limits and failure handling against the shared MariaDB: pool
// size under concurrency, queue limit, acquire timeout, statement deadlines (server-side and
// client-side kill), row limit, connections killed from outside, unreachable tablets,
// consolidation and replica fallback. Outcomes only, never durations.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError, type ServiceError } from '../../src/errors/serviceError.js';
import { createShardExecutor, type MysqlShardExecutor, type ShardExecutorOptions } from '../../src/pools/createShardExecutor.js';
import { sqlInt64, sqlValueToString, sqlVarchar } from '../../src/util/sqlValue.js';
import { adminQuery, buildTestTopology, closedPort, createTestDatabases, runInDatabase, testDatabaseUrl, type TestDatabases } from '../helpers/mariadb.js';

const TARGET = { keyspace: 'ks', shard: '0' } as const;
let dbs: TestDatabases;
const open: MysqlShardExecutor[] = [];

beforeAll(async () => {
  dbs = await createTestDatabases(['limits', 'replica']);
  await runInDatabase(dbs.names.limits!, ['CREATE TABLE who (name VARCHAR(20))', "INSERT INTO who VALUES ('primary')"]);
  await runInDatabase(dbs.names.replica!, ['CREATE TABLE who (name VARCHAR(20))', "INSERT INTO who VALUES ('replica')"]);
});

afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
  await dbs?.drop();
});

function executorFor(pool: Partial<ShardExecutorOptions['pool']>, extra: Partial<ShardExecutorOptions> = {}, replicas: string[] = []): MysqlShardExecutor {
  const executor = createShardExecutor(buildTestTopology({ ks: { '0': { primary: dbs.urls.limits!, replicas } } }), {
    pool: { size: 4, queueLimit: 100, acquireTimeoutMs: 5000, idleTimeoutMs: 60_000, ...pool },
    limits: { queryTimeoutMs: 10_000, maxRows: 10_000 },
    ...extra,
  });
  open.push(executor);
  return executor;
}

/** Connections to our test database right now, from the server's processlist. */
async function connectionsTo(database: string): Promise<{ id: number; info: string | null }[]> {
  const rows = await adminQuery<{ ID: number; INFO: string | null }>('SELECT ID, INFO FROM information_schema.PROCESSLIST WHERE DB = ?', [database]);
  return rows.map((r) => ({ id: Number(r.ID), info: r.INFO }));
}

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isServiceError(outcome)).toBe(true);
  return outcome as ServiceError;
}

describe('pool size and queue', () => {
  it('50 concurrent calls never open more than pool.size connections', async () => {
    const executor = executorFor({ size: 3 });
    let maxSeen = 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        maxSeen = Math.max(maxSeen, (await connectionsTo(dbs.names.limits!)).length);
      }
    })();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => executor.execute(TARGET, 'select sleep(0.01), :i', { i: sqlInt64(i) })));
    running = false;
    await sampler;
    expect(results.map((r) => sqlValueToString(r.rows[0]![1]!))).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(maxSeen).toBeGreaterThan(0);
    expect(maxSeen).toBeLessThanOrEqual(3);
    const pool = executor.metricsSnapshot().tablets[0]!.pool;
    expect(pool.inUse + pool.idle + pool.creating).toBeLessThanOrEqual(3);
    expect(executor.metricsSnapshot().tablets[0]!.queries).toBe(50);
  });

  it('a full queue fails at once with SG600 RESOURCE_EXHAUSTED naming the shard', async () => {
    const executor = executorFor({ size: 1, queueLimit: 2 });
    const calls = [0, 1, 2].map((i) => executor.execute(TARGET, 'select sleep(0.2), :i', { i: sqlInt64(i) }));
    const error = await failure(executor.execute(TARGET, 'select :i', { i: sqlInt64(3) }));
    expect(error.id).toBe('SG600');
    expect(error.code).toBe('RESOURCE_EXHAUSTED');
    expect(error.message).toContain('ks/0');
    expect(error.details.shard).toBe('ks/0');
    await Promise.all(calls);
  });

  it('a wait longer than acquireTimeoutMs fails with SG601 RESOURCE_EXHAUSTED', async () => {
    const executor = executorFor({ size: 1, acquireTimeoutMs: 100 });
    const slow = executor.execute(TARGET, 'select sleep(1)', {});
    const error = await failure(executor.execute(TARGET, 'select 1', {}));
    expect(error.id).toBe('SG601');
    expect(error.code).toBe('RESOURCE_EXHAUSTED');
    expect(error.message).toContain('ks/0');
    await slow;
  });

  it('an aborted signal fails the wait with SG612', async () => {
    const executor = executorFor({ size: 1 });
    const slow = executor.execute(TARGET, 'select sleep(0.3)', {});
    const controller = new AbortController();
    const waiting = executor.execute(TARGET, 'select 2', {}, { signal: controller.signal });
    controller.abort();
    expect((await failure(waiting)).id).toBe('SG612');
    await slow;
  });
});

describe('statement deadline', () => {
  it.each([
    ['enforced by the server', true],
    ['enforced by the client-side kill', false],
  ])('SELECT SLEEP(5) with timeoutMs 300 is DEADLINE_EXCEEDED (%s) and gone from the processlist', async (_, serverTimeouts) => {
    const executor = executorFor({ size: 2 }, { serverTimeouts });
    const error = await failure(executor.execute(TARGET, 'select sleep(5) as slow', {}, { timeoutMs: 300 }));
    expect(error.id).toBe('SG603');
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(error.message).toContain('ks/0');
    expect(error.details).toMatchObject({ shard: 'ks/0', tablet: 'ks/0/primary', killedBy: serverTimeouts ? 'server' : 'client' });
    // The client-side path settles its connection in the background: wait until the kill landed.
    let still = (await connectionsTo(dbs.names.limits!)).filter((c) => c.info?.includes('sleep(5)'));
    for (let i = 0; i < 100 && still.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      still = (await connectionsTo(dbs.names.limits!)).filter((c) => c.info?.includes('sleep(5)'));
    }
    expect(still).toEqual([]);
    const next = await executor.execute(TARGET, 'select 7', {});
    expect(sqlValueToString(next.rows[0]![0]!)).toBe('7');
  });

  it('an abort during the statement kills it and fails with SG612', async () => {
    const executor = executorFor({ size: 1 });
    const controller = new AbortController();
    const call = executor.execute(TARGET, 'select sleep(5) as aborted', {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect((await failure(call)).id).toBe('SG612');
    const next = await executor.execute(TARGET, 'select 8', {});
    expect(sqlValueToString(next.rows[0]![0]!)).toBe('8');
  });
});

describe('session time limit (MariaDB)', () => {
  /** An executor with one connection (so every call reuses it) and a default deadline of 400 ms. */
  function oneConnection(): MysqlShardExecutor {
    const executor = createShardExecutor(buildTestTopology({ ks: { '0': { primary: dbs.urls.limits! } } }), {
      pool: { size: 1, queueLimit: 10, acquireTimeoutMs: 5000, idleTimeoutMs: 60_000 },
      limits: { queryTimeoutMs: 400, maxRows: 1000 },
    });
    open.push(executor);
    return executor;
  }

  /** The text the server is running for our `marker` statement, once it shows up in the processlist. */
  async function runningText(marker: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const found = (await connectionsTo(dbs.names.limits!)).find((c) => c.info?.includes(marker) === true && !c.info.includes('PROCESSLIST'));
      if (found !== undefined) return found.info!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`statement ${marker} never showed up in the processlist`);
  }

  it('a reused connection keeps the default deadline in its session; another deadline is carried by its statement alone', async () => {
    const executor = oneConnection();
    const connection = async (): Promise<string> => sqlValueToString((await executor.execute(TARGET, 'select connection_id()', {})).rows[0]![0]!);
    const id = await connection();

    // The default deadline (400 ms) comes from the session: the statement is sent as written and the server stops it.
    const byDefault = failure(executor.execute(TARGET, 'select sleep(3) as by_default', {}));
    expect(await runningText('by_default')).toMatch(/^select sleep/);
    expect((await byDefault).details).toMatchObject({ killedBy: 'server', timeoutMs: 400 });

    // A shorter deadline on the same connection: carried by the statement, enforced by the server.
    const shorter = failure(executor.execute(TARGET, 'select sleep(3) as shorter', {}, { timeoutMs: 150 }));
    expect(await runningText('shorter')).toMatch(/^SET STATEMENT max_statement_time=0.15 FOR select sleep/);
    expect((await shorter).details).toMatchObject({ killedBy: 'server', timeoutMs: 150 });

    // A longer deadline and no deadline at all outlive the session's 400 ms.
    const longer = await executor.execute(TARGET, 'select sleep(0.6) as longer', {}, { timeoutMs: 5000 });
    expect(sqlValueToString(longer.rows[0]![0]!)).toBe('0');
    const unlimited = executor.execute(TARGET, 'select sleep(0.6) as unlimited', {}, { timeoutMs: 0 });
    expect(await runningText('unlimited')).toMatch(/^SET STATEMENT max_statement_time=DEFAULT FOR select sleep/);
    expect(sqlValueToString((await unlimited).rows[0]![0]!)).toBe('0');

    // After all that, the session still has the default: a reused connection is not left with another statement's limit.
    const again = await failure(executor.execute(TARGET, 'select sleep(3) as again', {}));
    expect(again.details).toMatchObject({ killedBy: 'server', timeoutMs: 400 });
    expect(await connection()).toBe(id);
  });

  it('after a statement that may change the session limit, every statement carries its own', async () => {
    const executor = oneConnection();
    await executor.execute(TARGET, 'set session max_statement_time = 0', {});
    const slow = failure(executor.execute(TARGET, 'select sleep(3) as after_set', {}));
    expect(await runningText('after_set')).toMatch(/^SET STATEMENT max_statement_time=0.4 FOR select sleep/);
    expect((await slow).details).toMatchObject({ killedBy: 'server', timeoutMs: 400 });
  });
});

describe('row limit', () => {
  it('a result over maxRows fails with SG602 RESOURCE_EXHAUSTED, and the pool recovers', async () => {
    const executor = executorFor({ size: 1 });
    const error = await failure(executor.execute(TARGET, 'select seq from seq_1_to_100000', {}, { maxRows: 10 }));
    expect(error.id).toBe('SG602');
    expect(error.code).toBe('RESOURCE_EXHAUSTED');
    expect(error.message).toContain('ks/0');
    expect(error.details.maxRows).toBe(10);
    const exact = await executor.execute(TARGET, 'select seq from seq_1_to_10', {}, { maxRows: 10 });
    expect(exact.rows).toHaveLength(10);
  });

  it('the executor default limits.maxRows applies when the call gives none', async () => {
    const executor = createShardExecutor(buildTestTopology({ ks: { '0': { primary: dbs.urls.limits! } } }), {
      pool: { size: 1, queueLimit: 10, acquireTimeoutMs: 5000, idleTimeoutMs: 60_000 },
      limits: { queryTimeoutMs: 10_000, maxRows: 5 },
    });
    open.push(executor);
    expect((await failure(executor.execute(TARGET, 'select seq from seq_1_to_6', {}))).id).toBe('SG602');
  });
});

describe('broken and unreachable connections', () => {
  it('a connection killed from outside is destroyed and the next call succeeds', async () => {
    const executor = executorFor({ size: 1 });
    const first = sqlValueToString((await executor.execute(TARGET, 'select connection_id()', {})).rows[0]![0]!);
    await adminQuery(`KILL CONNECTION ${Number(first)}`);
    const second = sqlValueToString((await executor.execute(TARGET, 'select connection_id()', {})).rows[0]![0]!);
    expect(second).not.toBe(first);
  });

  it('an unreachable tablet is SG604 UNAVAILABLE naming the shard', async () => {
    const port = await closedPort();
    const executor = createShardExecutor(buildTestTopology({ down: { '0': { primary: `mysql://root@127.0.0.1:${port}/nothing` } } }), {
      pool: { size: 2, queueLimit: 10, acquireTimeoutMs: 2000, idleTimeoutMs: 60_000 },
      limits: { queryTimeoutMs: 1000, maxRows: 100 },
    });
    open.push(executor);
    const error = await failure(executor.execute({ keyspace: 'down', shard: '0' }, 'select 1', {}));
    expect(error.id).toBe('SG604');
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('down/0');
    expect(error.details).toMatchObject({ shard: 'down/0', tablet: 'down/0/primary' });
    const health = await executor.health();
    expect(health).toMatchObject([{ keyspace: 'down', shard: '0', ok: false, error: { id: 'SG604' } }]);
    expect(executor.metricsSnapshot().tablets[0]!.errors).toEqual({ UNAVAILABLE: 1 });
  });

  it('an unknown database on a reachable server is SG604 (the tablet cannot serve)', async () => {
    const executor = createShardExecutor(buildTestTopology({ nodb: { '0': { primary: testDatabaseUrl(`${dbs.names.limits!}_missing`) } } }), {
      pool: { size: 1, queueLimit: 10, acquireTimeoutMs: 2000, idleTimeoutMs: 60_000 },
      limits: { queryTimeoutMs: 1000, maxRows: 100 },
    });
    open.push(executor);
    const error = await failure(executor.execute({ keyspace: 'nodb', shard: '0' }, 'select 1', {}));
    expect(error.id).toBe('SG604');
    expect(error.details.errno).toBe(1049);
  });

  it('health() reports a reachable primary', async () => {
    const executor = executorFor({ size: 1 });
    expect(await executor.health()).toEqual([{ keyspace: 'ks', shard: '0', tablet: 'ks/0/primary', ok: true }]);
  });

  it('an unknown shard is SG305 and an unknown keyspace SG201', async () => {
    const executor = executorFor({ size: 1 });
    expect((await failure(executor.execute({ keyspace: 'ks', shard: '-80' }, 'select 1', {}))).id).toBe('SG305');
    expect((await failure(executor.execute({ keyspace: 'nope', shard: '0' }, 'select 1', {}))).id).toBe('SG201');
  });

  it('a closed executor fails with SG613 and close() is idempotent', async () => {
    const executor = executorFor({ size: 1 });
    await executor.execute(TARGET, 'select 1', {});
    await executor.close();
    await executor.close();
    expect((await failure(executor.execute(TARGET, 'select 1', {}))).id).toBe('SG613');
  });
});

describe('consolidation', () => {
  it('20 identical concurrent reads run once; the counter says 19 were saved', async () => {
    const executor = executorFor({ size: 4 });
    const results = await Promise.all(Array.from({ length: 20 }, () => executor.execute(TARGET, 'select sleep(0.05), :x', { x: sqlInt64(42) })));
    expect(new Set(results).size).toBe(1);
    const tablet = executor.metricsSnapshot().tablets[0]!;
    expect(tablet.consolidated).toBe(19);
    expect(tablet.queries).toBe(1);
  });

  it('a read in flight with another row limit is not shared', async () => {
    const executor = executorFor({ size: 4 });
    await Promise.all([
      executor.execute(TARGET, 'select sleep(0.05), :x', { x: sqlInt64(1) }, { maxRows: 10 }),
      executor.execute(TARGET, 'select sleep(0.05), :x', { x: sqlInt64(1) }, { maxRows: 20 }),
    ]);
    const tablet = executor.metricsSnapshot().tablets[0]!;
    expect(tablet.consolidated).toBe(0);
    expect(tablet.queries).toBe(2);
  });

  it('a caller that aborts leaves alone; the others still get the shared result', async () => {
    const executor = executorFor({ size: 4 });
    const first = new AbortController();
    const calls = [
      executor.execute(TARGET, 'select sleep(0.3), :x', { x: sqlInt64(7) }, { signal: first.signal }),
      executor.execute(TARGET, 'select sleep(0.3), :x', { x: sqlInt64(7) }, { signal: new AbortController().signal }),
      executor.execute(TARGET, 'select sleep(0.3), :x', { x: sqlInt64(7) }),
    ];
    first.abort();
    expect((await failure(calls[0]!)).id).toBe('SG612');
    const [a, b] = await Promise.all(calls.slice(1));
    expect(a).toBe(b);
    expect(sqlValueToString(a!.rows[0]![1]!)).toBe('7');
    const tablet = executor.metricsSnapshot().tablets[0]!;
    expect(tablet).toMatchObject({ queries: 1, consolidated: 2, errors: { DEADLINE_EXCEEDED: 1 } });
  });

  it('when every caller of a shared read aborts, its statement is killed', async () => {
    const executor = executorFor({ size: 4 });
    const controllers = [new AbortController(), new AbortController()];
    const calls = controllers.map((c) => executor.execute(TARGET, 'select sleep(5) as shared_abort', {}, { signal: c.signal }));
    await new Promise((r) => setTimeout(r, 100));
    for (const c of controllers) c.abort();
    for (const call of calls) expect((await failure(call)).id).toBe('SG612');
    let still = (await connectionsTo(dbs.names.limits!)).filter((c) => c.info?.includes('shared_abort'));
    for (let i = 0; i < 100 && still.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      still = (await connectionsTo(dbs.names.limits!)).filter((c) => c.info?.includes('shared_abort'));
    }
    expect(still).toEqual([]);
    expect(executor.metricsSnapshot().tablets[0]).toMatchObject({ queries: 1, consolidated: 1 });
  });

  it('writes are never consolidated', async () => {
    const executor = executorFor({ size: 4 });
    await Promise.all(Array.from({ length: 5 }, () => executor.execute(TARGET, 'update who set name = name where name = :n', { n: sqlVarchar('nobody') })));
    const tablet = executor.metricsSnapshot().tablets[0]!;
    expect(tablet.consolidated).toBe(0);
    expect(tablet.queries).toBe(5);
  });
});

describe('replica reads', () => {
  it('a replica read goes to a healthy replica', async () => {
    const executor = executorFor({ size: 1 }, {}, [dbs.urls.replica!]);
    const read = await executor.execute({ ...TARGET, tabletType: 'replica' }, 'select name from who', {});
    expect(sqlValueToString(read.rows[0]![0]!)).toBe('replica');
    const primary = await executor.execute(TARGET, 'select name from who', {});
    expect(sqlValueToString(primary.rows[0]![0]!)).toBe('primary');
  });

  it('falls back to the primary when the replica is unreachable, then skips it while unhealthy', async () => {
    const port = await closedPort();
    const executor = executorFor({ size: 1 }, {}, [`mysql://root@127.0.0.1:${port}/nothing`]);
    for (let i = 0; i < 3; i++) {
      const read = await executor.execute({ ...TARGET, tabletType: 'replica' }, 'select name from who', {});
      expect(sqlValueToString(read.rows[0]![0]!)).toBe('primary');
    }
    const replica = executor.metricsSnapshot().tablets.find((t) => t.type === 'replica')!;
    expect(replica.errors).toEqual({ UNAVAILABLE: 1 });
  });
});
