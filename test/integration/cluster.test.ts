// The local cluster with real mariadbd tablets (issue #4): the demo layout (commerce 0,
// customer -80 and 80-, a primary and a replica each) in a temporary directory on free ports,
// at a small data scale. Covers GTID replication and lag, row placement by vindex, reuse on a
// second `up`, crash detection and restart, PID-exact `down`, `status` JSON, foreign ports and
// Ctrl-C. The tests run in order and share one cluster; everything started is stopped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAdminConnection } from '../../src/cluster/adminConnection.js';
import { clusterStatus } from '../../src/cluster/clusterStatus.js';
import type { ClusterState, TabletState } from '../../src/cluster/clusterState.js';
import { downCluster } from '../../src/cluster/downCluster.js';
import { gtidPosition, replicationStatus, type ReplicationStatus } from '../../src/cluster/replication.js';
import { adminTargetFor, tabletFiles } from '../../src/cluster/tabletLayout.js';
import { findTabletProcesses, isProcessAlive } from '../../src/cluster/tabletProcess.js';
import { upCluster, type UpResult } from '../../src/cluster/upCluster.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { isServiceError } from '../../src/errors/serviceError.js';
import { readPlacement, scalars } from '../helpers/demoCluster.js';

const root = path.resolve(import.meta.dirname, '../..');
/** 300 customers and 3,000 orders. */
const SCALE = 0.03;
const basePort = 20_000 + Math.floor(Math.random() * 20_000);

let dir: string;
let first: UpResult;
const foreign: ChildProcess[] = [];

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  return { code: await main(argv, io), out, err };
}

async function state(): Promise<ClusterState> {
  return JSON.parse(await readFile(path.join(dir, 'cluster.json'), 'utf8')) as ClusterState;
}

function tablet(s: ClusterState, alias: string): TabletState {
  return s.tablets.find((t) => t.alias === alias)!;
}

/** Polls `check` until it returns a value that is not undefined (every 100 ms, up to 30 s). */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Last resort if the run dies: SIGKILL the recorded tablets of this test's directory (synchronous, for 'exit'). */
function killRecordedTablets(): void {
  try {
    const recorded = JSON.parse(readFileSync(path.join(dir, 'cluster.json'), 'utf8')) as ClusterState;
    for (const t of recorded.tablets) {
      if (t.pid !== null && readFileSync(`/proc/${t.pid}/cmdline`, 'utf8').includes(dir)) process.kill(t.pid, 'SIGKILL');
    }
  } catch {
    // Nothing recorded or already gone.
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sgt-cluster-'));
  process.on('exit', killRecordedTablets);
  first = await upCluster({ dir, scale: SCALE, basePort });
}, 120_000);

afterAll(async () => {
  for (const child of foreign) child.kill('SIGKILL');
  try {
    await downCluster(dir, { timeoutMs: 20_000 });
  } finally {
    killRecordedTablets();
    process.off('exit', killRecordedTablets);
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

describe('shardgate up (spawned tablets)', () => {
  it('creates six tablets, each with its own port, socket, server id and datadir, and seeds the demo data', () => {
    const tablets = first.state.tablets;
    expect(tablets.map((t) => `${t.alias} ${t.database}`)).toEqual([
      'commerce/0/primary commerce',
      'commerce/0/replica-0 commerce',
      'customer/-80/primary customer_x80',
      'customer/-80/replica-0 customer_x80',
      'customer/80-/primary customer_80x',
      'customer/80-/replica-0 customer_80x',
    ]);
    expect([...first.actions.values()]).toEqual(Array(6).fill('created'));
    for (const key of ['port', 'socket', 'serverId', 'dir', 'pid'] as const) expect(new Set(tablets.map((t) => t[key])).size).toBe(6);
    expect(tablets.every((t) => t.port >= basePort)).toBe(true);
    expect(first.seed).toMatchObject({ kind: 'seeded', seed: { scale: SCALE, products: 200, customers: 300, orders: 3_000, state: 'complete' } });
    expect(first.lagging).toEqual([]);
    expect(first.configPath).toBe(path.join(dir, 'shardgate.json'));
  });

  it('prints status as JSON in the shape of INTERFACES.md §3', async () => {
    const result = await run('status', '--dir', dir);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.out.join('\n')) as { tablets: Record<string, unknown>[]; server: unknown };
    expect(Object.keys(status)).toEqual(['tablets', 'server']);
    expect(status.server).toBeNull();
    expect(status.tablets.map((t) => Object.keys(t).sort())).toEqual(Array(6).fill(['database', 'host', 'keyspace', 'pid', 'port', 'running', 'shard', 'socket', 'type']));
    expect(status.tablets).toEqual(
      first.state.tablets.map((t) => ({ keyspace: t.keyspace, shard: t.shard, type: t.type, host: '127.0.0.1', port: t.port, socket: t.socket, pid: t.pid, database: t.database, running: true })),
    );
  });

  it('puts every seeded row on the shard its vindex names, on primaries and replicas alike', async () => {
    const s = first.state;
    const customerTablets = s.tablets.filter((t) => t.keyspace === 'customer');
    const placements = await Promise.all(customerTablets.map((t) => readPlacement(adminTargetFor(s, t), t.database, t.shard)));
    for (const placement of placements) expect(placement.misplaced).toEqual([]);
    const primaries = placements.filter((_, i) => customerTablets[i]!.type === 'primary');
    expect(primaries.reduce((n, p) => n + p.customers, 0)).toBe(300);
    expect(primaries.reduce((n, p) => n + p.orders, 0)).toBe(3_000);
    expect(primaries.every((p) => p.customers > 0)).toBe(true);
    // Each replica holds exactly what its primary holds.
    expect(placements.map((p) => `${p.customers}/${p.orders}`)).toEqual(primaries.flatMap((p) => [`${p.customers}/${p.orders}`, `${p.customers}/${p.orders}`]));
    for (const alias of ['commerce/0/primary', 'commerce/0/replica-0']) {
      const t = tablet(s, alias);
      const counts = await scalars(adminTargetFor(s, t), t.database, ['SELECT COUNT(*) FROM product', 'SELECT next_id FROM customer_seq', 'SELECT next_id FROM order_seq']);
      expect(counts.map(Number)).toEqual([200, 301, 3_001]);
    }
  });

  it('replicates writes to the replica by GTID, reports the positions and the lag', async () => {
    const s = first.state;
    const primary = adminTargetFor(s, tablet(s, 'commerce/0/primary'));
    const replica = adminTargetFor(s, tablet(s, 'commerce/0/replica-0'));
    const flavor = s.flavor!;
    const before = await gtidPosition(primary, flavor);
    expect(await gtidPosition(replica, flavor)).toBe(before);
    if (flavor === 'mariadb') expect(before).toMatch(/^0-101-[0-9]+$/);
    expect(await replicationStatus(primary, flavor)).toBeNull();

    await withAdminConnection({ ...primary, database: 'commerce' }, (c) => c.query("INSERT INTO product (sku, description, price) VALUES ('SKU-TEST', 'Replication probe', 1.50)"));
    const after = await gtidPosition(primary, flavor);
    expect(after).not.toBe(before);
    const status = await eventually<ReplicationStatus>('the replica to apply the insert', async () => {
      const current = await replicationStatus(replica, flavor);
      return current?.gtidPosition === after ? current : undefined;
    });
    expect(status).toMatchObject({ ioRunning: true, sqlRunning: true, lastError: null, primaryHost: '127.0.0.1', primaryPort: tablet(s, 'commerce/0/primary').port });
    expect(typeof status.secondsBehindMaster).toBe('number');
    expect(await scalars(replica, 'commerce', ["SELECT description FROM product WHERE sku = 'SKU-TEST'"])).toEqual(['Replication probe']);

    await withAdminConnection({ ...primary, database: 'commerce' }, (c) => c.query("DELETE FROM product WHERE sku = 'SKU-TEST'"));
    const cleaned = await gtidPosition(primary, flavor);
    await eventually('the replica to apply the delete', async () => ((await gtidPosition(replica, flavor)) === cleaned ? true : undefined));
  });

  it('reuses running tablets and the data on a second up (through the CLI)', async () => {
    const result = await run('up', '--dir', dir, '--detach', '--scale', String(SCALE));
    expect(result.err.filter((l) => l.startsWith('shardgate:'))).toEqual([]);
    expect(result.code).toBe(0);
    for (const t of first.state.tablets) expect(result.out.some((l) => l.includes(t.alias) && l.includes(`pid ${t.pid}`) && l.endsWith('(reused)'))).toBe(true);
    expect(result.out).toContain('data: reusing the demo data (200 products, 300 customers, 3000 orders)');
    expect((await state()).tablets).toEqual(first.state.tablets);
  });

  it('detects a killed tablet at the next up and restarts it, never duplicated', async () => {
    const victim = tablet(await state(), 'customer/-80/primary');
    process.kill(victim.pid!, 'SIGKILL');
    await eventually('the killed tablet to disappear', async () => ((await isProcessAlive(victim.pid!)) ? undefined : true));
    expect((await clusterStatus(dir)).tablets.filter((t) => !t.running).map((t) => `${t.keyspace}/${t.shard}/${t.type}`)).toEqual(['customer/-80/primary']);

    const lines: string[] = [];
    const again = await upCluster({ dir, scale: SCALE, log: (line) => lines.push(line) });
    expect([...again.actions]).toEqual(first.state.tablets.map((t) => [t.alias, t.alias === victim.alias ? 'restarted' : 'reused']));
    expect(lines).toContain(`customer/-80/primary: pid ${victim.pid} is gone (crashed or killed): restarting it`);
    const restarted = tablet(again.state, victim.alias);
    expect(restarted.pid).not.toBe(victim.pid);
    expect(restarted.port).toBe(victim.port);
    expect(await findTabletProcesses(tabletFiles(restarted).myCnf)).toEqual([restarted.pid]);
    expect(again.seed?.kind).toBe('reused');
    const replicaTarget = adminTargetFor(again.state, tablet(again.state, 'customer/-80/replica-0'));
    // The replica's I/O thread reconnects to the restarted primary on its own (retry every second).
    await eventually('the replica to reconnect', async () => ((await replicationStatus(replicaTarget, again.state.flavor!))?.ioRunning ? true : undefined));
    expect(await replicationStatus(replicaTarget, again.state.flavor!)).toMatchObject({ ioRunning: true, sqlRunning: true });
  });

  it('stops with down, and reports a port taken by another program before starting anything', async () => {
    const down = await run('down', '--dir', dir);
    expect(down.code).toBe(0);
    expect(down.err.at(-1)).toBe(`stopped 6 of 6 tablets; the data stays in ${dir} for the next shardgate up`);
    expect((await clusterStatus(dir)).tablets.map((t) => [t.running, t.pid])).toEqual(Array(6).fill([false, null]));

    const squatter: Server = createServer();
    const port = tablet(await state(), 'customer/80-/replica-0').port;
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const error = await upCluster({ dir, scale: SCALE }).catch((e: unknown) => e);
      expect(isServiceError(error, 'SG802')).toBe(true);
      expect((error as Error).message).toContain(`customer/80-/replica-0: port ${port} is in use by another program`);
      expect((await clusterStatus(dir)).tablets.every((t) => !t.running)).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('down signals exactly the recorded tablet processes: a foreign process under a recorded PID is left alone', async () => {
    const up = await upCluster({ dir, scale: SCALE });
    expect(new Set(up.actions.values())).toEqual(new Set(['started']));
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    foreign.push(sleeper);
    const s = await state();
    const realPid = tablet(s, 'commerce/0/primary').pid;
    await writeFile(path.join(dir, 'cluster.json'), JSON.stringify({ ...s, tablets: s.tablets.map((t) => (t.alias === 'commerce/0/primary' ? { ...t, pid: sleeper.pid } : t)) }));

    const down = await downCluster(dir);
    // The tablet itself is found through its pid file; the recorded foreign PID gets no signal.
    expect(down?.tablets.find((t) => t.alias === 'commerce/0/primary')?.outcome).toEqual({ kind: 'stopped', pid: realPid });
    expect(await isProcessAlive(sleeper.pid!)).toBe(true);
    for (const t of s.tablets) expect(await findTabletProcesses(tabletFiles(t).myCnf)).toEqual([]);
  });

  it('runs in the foreground (serving GraphQL) until Ctrl-C, then stops the tablets cleanly', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/shardgate.js'), 'up', '--dir', dir, '--scale', String(SCALE), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    foreign.push(child);
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('Press Ctrl-C')) resolve();
      });
      child.once('exit', () => reject(new Error(`up exited before it was ready:\n${stderr}`)));
    });
    expect((await clusterStatus(dir)).tablets.every((t) => t.running)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped 6 tablets');
    expect((await clusterStatus(dir)).tablets.every((t) => !t.running)).toBe(true);
  });
});
