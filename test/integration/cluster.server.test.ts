// The demo cluster on an existing server (issue #4: "works against an existing server", one
// database per shard, nothing spawned): on the shared MariaDB at 127.0.0.1:3306
// (SHARDGATE_TEST_MYSQL_URL), with a unique `sgt_<random>_` database prefix dropped afterwards.
// Also the seeder's idempotence: reuse, an interrupted seed redone, changed data left alone.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAdminConnection } from '../../src/cluster/adminConnection.js';
import { clusterStatus } from '../../src/cluster/clusterStatus.js';
import type { ClusterState } from '../../src/cluster/clusterState.js';
import { downCluster } from '../../src/cluster/downCluster.js';
import { adminTargetFor } from '../../src/cluster/tabletLayout.js';
import { upCluster, type UpResult } from '../../src/cluster/upCluster.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { isServiceError } from '../../src/errors/serviceError.js';
import { readPlacement } from '../helpers/demoCluster.js';
import { adminQuery, testServerAddress, testServerUrl } from '../helpers/mariadb.js';

/** 100 customers and 1,000 orders. */
const SCALE = 0.01;
const prefix = `sgt_${randomBytes(4).toString('hex')}_`;
const databases = ['commerce', 'customer_x80', 'customer_80x'].map((name) => `${prefix}${name}`);

let dir: string;
let first: UpResult;
/** Customer/order counts per shard right after the first seed. */
let seeded: string[];

async function state(): Promise<ClusterState> {
  return JSON.parse(await readFile(path.join(dir, 'cluster.json'), 'utf8')) as ClusterState;
}

/** Customer and order counts per customer shard, each row checked against its vindex's shard. */
async function placements(s: ClusterState): Promise<string[]> {
  const shards = s.tablets.filter((t) => t.keyspace === 'customer');
  return Promise.all(
    shards.map(async (t) => {
      const p = await readPlacement(adminTargetFor(s, t), t.database, t.shard);
      expect(p.misplaced).toEqual([]);
      return `${t.shard}: ${p.customers}/${p.orders}`;
    }),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sgt-cluster-server-'));
  first = await upCluster({ dir, server: testServerUrl(), databasePrefix: prefix, scale: SCALE });
}, 120_000);

afterAll(async () => {
  for (const database of databases) await adminQuery(`DROP DATABASE IF EXISTS \`${database}\``);
  await rm(dir, { recursive: true, force: true });
});

describe('shardgate up --server (existing server, one database per shard)', () => {
  it('creates one database per shard, seeds them by vindex, and writes a valid config', async () => {
    const { host, port } = testServerAddress();
    expect(first.state.tablets.map((t) => [t.alias, t.database, t.host, t.port, t.pid, t.dir])).toEqual([
      ['commerce/0/primary', `${prefix}commerce`, host, port, null, null],
      ['customer/-80/primary', `${prefix}customer_x80`, host, port, null, null],
      ['customer/80-/primary', `${prefix}customer_80x`, host, port, null, null],
    ]);
    expect([...first.actions.values()]).toEqual(['database', 'database', 'database']);
    expect(first.seed).toMatchObject({ kind: 'seeded', seed: { customers: 100, orders: 1_000, state: 'complete' } });
    seeded = await placements(first.state);
    expect(seeded.reduce((n, line) => n + Number(/: ([0-9]+)\//.exec(line)![1]), 0)).toBe(100);

    const config = await loadConfig(first.configPath);
    expect([...config.keyspaces.values()].map((k) => [k.name, k.shards.map((s) => [s.name, s.primary.database, s.replicas.length])])).toEqual([
      ['commerce', [['0', `${prefix}commerce`, 0]]],
      ['customer', [['-80', `${prefix}customer_x80`, 0], ['80-', `${prefix}customer_80x`, 0]]],
    ]);
  });

  it('reports status with running databases and no processes', async () => {
    const status = await clusterStatus(dir);
    expect(status.server).toBeNull();
    expect(status.tablets.map((t) => [t.shard, t.type, t.database, t.pid, t.socket, t.running])).toEqual([
      ['0', 'primary', `${prefix}commerce`, null, null, true],
      ['-80', 'primary', `${prefix}customer_x80`, null, null, true],
      ['80-', 'primary', `${prefix}customer_80x`, null, null, true],
    ]);
  });

  it('stops nothing on down, and says so', async () => {
    const lines: string[] = [];
    expect(await downCluster(dir, { log: (line) => lines.push(line) })).toEqual({ dir, mode: 'server', tablets: [] });
    expect(lines[0]).toMatch(/^existing-server mode: nothing to stop/);
    expect((await clusterStatus(dir)).tablets.every((t) => t.running)).toBe(true);
  });

  it('reuses the recorded server and the data on a second up (no --server needed)', async () => {
    const lines: string[] = [];
    const again = await upCluster({ dir, scale: SCALE, log: (line) => lines.push(line) });
    expect(lines[0]).toBe(`reusing the existing server recorded in ${dir}`);
    expect(again.seed?.kind).toBe('reused');
    expect(again.state.tablets).toEqual(first.state.tablets);
  });

  it('redoes an interrupted seed without duplicating a row', async () => {
    const s = await state();
    await writeFile(path.join(dir, 'cluster.json'), JSON.stringify({ ...s, seed: { ...s.seed, state: 'seeding' } }));
    const shard = s.tablets.find((t) => t.shard === '-80')!;
    await withAdminConnection({ ...adminTargetFor(s, shard), database: shard.database }, async (c) => {
      await c.query('DELETE FROM corder WHERE customer_id IN (SELECT customer_id FROM (SELECT customer_id FROM customer ORDER BY customer_id LIMIT 5) AS some)');
      await c.query('DELETE FROM customer ORDER BY customer_id LIMIT 5');
    });
    const before = await placements(first.state);
    const again = await upCluster({ dir, scale: SCALE });
    expect(again.seed).toMatchObject({ kind: 'reseeded', seed: { state: 'complete' } });
    expect(before).not.toEqual(seeded);
    expect(await placements(again.state)).toEqual(seeded);
    expect((await state()).seed?.state).toBe('complete');
  });

  it('leaves data changed after a complete seed alone and says where it differs', async () => {
    const s = await state();
    const shard = s.tablets.find((t) => t.shard === '80-')!;
    await withAdminConnection({ ...adminTargetFor(s, shard), database: shard.database }, (c) => c.query('DELETE FROM corder ORDER BY order_id LIMIT 1'));
    const before = await placements(s);
    const again = await upCluster({ dir, scale: SCALE });
    expect(again.seed?.kind).toBe('changed');
    expect(again.seed?.message).toMatch(/customer\/80- corder has [0-9]+ of [0-9]+ rows; left as it is/);
    expect(await placements(s)).toEqual(before);
  });

  it('refuses another server, another prefix, or spawning in this directory', async () => {
    for (const options of [{ server: 'mysql://root@127.0.0.2:3306' }, { databasePrefix: 'other_' }]) {
      const error = await upCluster({ dir, scale: SCALE, ...options }).catch((e: unknown) => e);
      expect(isServiceError(error, 'SG806')).toBe(true);
    }
  });

  it('refuses a --server URL that names a database (exit 1), and an unreachable server (exit 3)', async () => {
    const err: string[] = [];
    const io: CliIo = { out: () => undefined, err: (line) => err.push(line) };
    const otherDir = path.join(dir, 'other');
    expect(await main(['up', '--dir', otherDir, '--server', 'mysql://root@127.0.0.1:3306/commerce'], io)).toBe(1);
    expect(err.at(-1)).toMatch(/--server takes a server URL without a database/);
    expect(await main(['up', '--dir', otherDir, '--server', 'mysql://root@127.0.0.1:1'], io)).toBe(3);
    expect(err.at(-1)).toMatch(/cannot connect to mysql:\/\/root@127\.0\.0\.1:1/);
  });

  it.each([
    [['up', '--scale', '0'], 2, /--scale.*expected a positive number/],
    [['up', '--port', '70000'], 2, /--port.*expected an integer from 0 to 65535/],
    [['status', '--dir', '<empty>'], 1, /^shardgate: no cluster in .*: start one with shardgate up/],
    [['down', '--dir', '<empty>'], 0, /^no cluster in .*: nothing to stop$/],
  ])('CLI %j exits %d', async (argv, code, message) => {
    const err: string[] = [];
    const io: CliIo = { out: () => undefined, err: (line) => err.push(line) };
    const empty = await mkdtemp(path.join(tmpdir(), 'sgt-empty-'));
    try {
      expect(await main(argv.map((a) => (a === '<empty>' ? empty : a)), io)).toBe(code);
      expect(err.join('\n')).toMatch(message);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
