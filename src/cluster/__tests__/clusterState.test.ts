// cluster.json: written atomically, read back unchanged, and refused (SG805) when damaged.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { parseClusterState, readClusterState, writeClusterState, type ClusterState } from '../clusterState.js';

const state: ClusterState = {
  version: 1,
  mode: 'spawned',
  flavor: 'mariadb',
  serverUrl: null,
  databasePrefix: '',
  configPath: '/c/shardgate.json',
  graphqlPort: 4000,
  seed: { scale: 1, products: 200, customers: 10_000, orders: 100_000, state: 'complete' },
  tablets: [
    { alias: 'commerce/0/primary', keyspace: 'commerce', shard: '0', type: 'primary', host: '127.0.0.1', port: 17100, socket: '/c/s.sock', database: 'commerce', dir: '/c/t', serverId: 101, pid: 42 },
  ],
};

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('cluster.json', () => {
  it('round-trips, and a missing file reads as null', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sgt-state-'));
    dirs.push(dir);
    expect(await readClusterState(dir)).toBeNull();
    await writeClusterState(dir, state);
    expect(await readClusterState(dir)).toEqual(state);
  });

  it('refuses invalid JSON with SG805', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sgt-state-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'cluster.json'), '{"version": 1,');
    await expect(readClusterState(dir)).rejects.toSatisfy((e) => isServiceError(e, 'SG805'));
  });

  it.each([
    [{ ...state, version: 2 }, '$.version'],
    [{ ...state, mode: 'docker' }, '$.mode'],
    [{ ...state, seed: { ...state.seed, state: 'half' } }, '$.seed.state'],
    [{ ...state, tablets: [{ ...state.tablets[0], port: 0 }] }, '$.tablets[0].port'],
    [{ ...state, tablets: [{ ...state.tablets[0], pid: -1 }] }, '$.tablets[0].pid'],
    [{ ...state, tablets: [{ ...state.tablets[0], type: 'rdonly' }] }, '$.tablets[0].type'],
    [{ ...state, tablets: [{ ...state.tablets[0], dir: null }] }, '$.tablets[0].dir'],
    [{ ...state, flavor: null }, '$.flavor'],
    [{ ...state, mode: 'server' }, '$.serverUrl'],
    [[], '$'],
  ])('names the bad field: %j → %s', (json, where) => {
    expect(() => parseClusterState(json, 'cluster.json')).toThrow(`${where} `);
  });
});
