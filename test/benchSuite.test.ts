// The benchmark suite works (issue #8): `npm run bench -- --quick` on a small subset (scenario 4
// on private tablets and the hashing bench, side by side as quick runs do), into a temporary
// folder, checked for the files and figures it must write. No timing is asserted:
// only that the runner, the private tablets, the servers under test and the load generator work
// together, and that the statement counts read from MariaDB's Com_select are the ones routing
// promises (1 SELECT per by-pk request on any shard count, one per shard for a scatter).
// Needs MariaDB's server binaries (mariadbd) like the cluster tests; no peer installs.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downCluster } from '../src/cluster/downCluster.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('npm run bench -- --quick', () => {
  let out: string | undefined;
  afterAll(async () => {
    if (out === undefined) return;
    // The scenario stops its tablets itself; this only matters when it was cut short.
    const clusters = path.join(out, 'clusters');
    for (const name of await readdir(clusters).catch(() => [])) await downCluster(path.join(clusters, name));
    await rm(out, { recursive: true, force: true });
  });

  it('runs scenario 4 and the hashing bench and writes RESULTS.md and results.json with the suite header', { timeout: 180_000 }, async () => {
    out = await mkdtemp(path.join(tmpdir(), 'sg-bench-quick-'));
    // Its own tablets (stopped by the scenario at its end), so that a developer's bench data is never touched.
    const env = { ...process.env, SHARDGATE_BENCH_CLUSTERS: path.join(out, 'clusters') };
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'run.ts'), '--quick', '--out', out, 'shards', 'hashing'], { cwd: ROOT, encoding: 'utf8', env });
    expect(result.status, result.stderr.slice(-3000)).toBe(0);

    const markdown = await readFile(path.join(out, 'RESULTS.md'), 'utf8');
    expect(markdown.startsWith('# Benchmark results\n')).toBe(true);
    expect(markdown).toMatch(/^## Suite: machine, versions, concurrency$/m);
    expect(markdown).toMatch(/^## Scenario 4: /m);
    expect(markdown).toContain('npm run bench -- shards --quick');
    expect(markdown).toMatch(/\| scenario 4: .* \| bench\/shards\.bench\.ts \| 32 connections \| this run: passed, \d+ s \|/);
    // A section no run has written yet says so (one written by an earlier run would name that run).
    expect(markdown).toMatch(/\| bench\/pool\.bench\.ts \| .* \| not run yet \|/);
    expect(markdown).toMatch(/^## Hashing$/m);
    expect(markdown).toContain('npm run bench -- hashing --quick');
    expect(markdown).toMatch(/^Reading \(generated from this run's numbers/m);

    const json = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as {
      suite: { quick: boolean; node: string; outcomes: { file: string; status: string }[] };
      scenarios: {
        shards: { figures: Record<string, { ok: number; failed: number }>; statements: Record<string, { perRequest: number }> };
        hashing: { quick: boolean; keys: number; rows: { key: string; runs: number[]; median: number }[] };
      };
    };
    expect(json.suite.quick).toBe(true);
    expect(json.suite.node).toBe(process.version);
    expect(json.suite.outcomes).toEqual([expect.objectContaining({ file: 'hashing.bench.ts', status: 'passed' }), expect.objectContaining({ file: 'shards.bench.ts', status: 'passed' })]);
    // Both scenarios published into the same files while running side by side: neither write was lost.
    expect(json.scenarios.hashing.quick).toBe(true);
    expect(json.scenarios.hashing.keys).toBe(50_000);
    expect(json.scenarios.hashing.rows.map((r) => r.key)).toEqual(['keyOnly', 'md5', 'hashRaw', 'hashMapUint64', 'hashMapInt64', 'hashMapBatch', 'xxhashRaw', 'xxhashMapUint64', 'xxhashMapBatch']);
    for (const row of json.scenarios.hashing.rows) {
      expect(row.runs).toHaveLength(3);
      expect(row.median).toBeGreaterThan(0);
    }
    for (const shards of [1, 2, 4, 8]) {
      const byPk = json.scenarios.shards.figures[`${shards}:byPk`]!;
      const scatter = json.scenarios.shards.figures[`${shards}:scatter`]!;
      expect(byPk.failed).toBe(0);
      expect(scatter.failed).toBe(0);
      // Counted from the private server's Com_select over requests sent one at a time: exact.
      expect(json.scenarios.shards.statements[`${shards}:byPk`]!.perRequest).toBe(1);
      expect(json.scenarios.shards.statements[`${shards}:scatter`]!.perRequest).toBe(shards);
    }
  });
});
