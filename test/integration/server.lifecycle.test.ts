// The server's life outside the happy path, against the demo keyspaces on the shared MariaDB:
// readiness when a shard's port closes (one shard behind a TCP proxy that the test closes),
// the CLI commands `serve` (bad config → 1, unreachable database → 3, SIGTERM drains a request
// held in flight by the proxy, then exit 0), `schema print` (equals schema/schema.graphql),
// `explain` (JSON shape, nothing executed) and `up` serving the demo it reuses.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { postGraphQL, startDemoServer, upDemo, type Demo, type DemoConfigJson } from '../helpers/demoServer.js';
import { closedPort, testServerAddress } from '../helpers/mariadb.js';
import { runCli } from '../helpers/runCli.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/shardgate.js');

let demo: Demo;
const proxies: TcpProxy[] = [];
const children: ChildProcessByStdio<null, Readable, Readable>[] = [];

/** A customer id on shard 80- of the demo (ids 1..100 exist). */
const IDS_ON_80 = Array.from({ length: 100 }, (_, i) => i + 1).filter((id) => customerShardOf(id) === '80-');
const ID_ON_80 = IDS_ON_80[0]!;
const ID_ON_X80 = Array.from({ length: 100 }, (_, i) => i + 1).find((id) => customerShardOf(id) === '-80')!;

/** Writes a config variant whose customer/80- primary goes through a new proxy; returns both. */
async function proxiedConfig(name: string): Promise<{ configPath: string; proxy: TcpProxy }> {
  const { host, port } = testServerAddress();
  const proxy = await startTcpProxy(host, port);
  proxies.push(proxy);
  const configPath = await demo.writeConfig(name, (json: DemoConfigJson) => {
    const shard = json.keyspaces.customer!.shards['80-']!;
    const url = new URL(shard.primary);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    shard.primary = url.toString();
  });
  return { configPath, proxy };
}

const run = runCli;

/** Spawns the CLI; its output is collected, and `waitFor` resolves with the first match of a pattern. */
function spawnCli(...argv: string[]): { child: ChildProcessByStdio<null, Readable, Readable>; output: () => string; waitFor(pattern: RegExp): Promise<RegExpMatchArray>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, ...argv], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    async waitFor(pattern) {
      for (;;) {
        const match = pattern.exec(text);
        if (match !== null) return match;
        if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}) before printing ${pattern}:\n${text}`);
        await Promise.race([new Promise<void>((wake) => waiters.push(wake)), exited]);
      }
    },
  };
}

beforeAll(async () => {
  demo = await upDemo();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const proxy of proxies) await proxy.close();
  await demo?.destroy();
});

describe('/readyz when a shard goes away', () => {
  it('turns 503 naming the shard whose port closed, and the other shards keep serving', async () => {
    const { configPath, proxy } = await proxiedConfig('readyz.json');
    const srv = await startDemoServer(configPath);
    try {
      expect((await fetch(`${srv.origin}/readyz`)).status).toBe(200);
      await proxy.close();
      const ready = await fetch(`${srv.origin}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { ready: boolean; failing: { shard: string; error: { code: string } }[] };
      expect(body.ready).toBe(false);
      expect(body.failing.map((f) => [f.shard, f.error.code])).toEqual([['customer/80-', 'UNAVAILABLE']]);
      expect((await fetch(`${srv.origin}/healthz`)).status).toBe(200);

      const healthy = await srv.query(`{ customer_by_pk(customer_id: "${ID_ON_X80}") { customer_id } }`);
      expect(healthy.data).toEqual({ customer_by_pk: { customer_id: String(ID_ON_X80) } });
      const down = await srv.query(`{ customer_by_pk(customer_id: "${ID_ON_80}") { customer_id } }`);
      expect(down.errors?.map((e) => [e.extensions.code, e.extensions.shards])).toEqual([['UNAVAILABLE', ['customer/80-']]]);
      expect(down.errors?.[0]?.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      expect(srv.log.some((line) => line.startsWith(`error: incident ${String(down.errors?.[0]?.extensions.incident)}:`))).toBe(true);
    } finally {
      await srv.server.stop();
    }
  });
});

describe('shardgate serve', () => {
  it('exits 1 listing every problem of an invalid config', async () => {
    const bad = path.join(demo.dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ keyspaces: { customer: { vschema: {}, shards: { '0': { primary: 'http://nope' } } } }, pool: { size: 0 }, colour: 'blue' }));
    const result = await run('serve', '--config', bad);
    expect(result.code).toBe(1);
    const lines = result.err.join('\n').split('\n');
    expect(lines[0]).toMatch(/^shardgate: invalid configuration file .*bad\.json: 3 problems$/);
    expect(lines).toHaveLength(4);
    expect(result.err.join('\n')).toMatch(/\$\.colour/);
    expect(result.err.join('\n')).toMatch(/\$\.pool\.size/);
    expect(result.err.join('\n')).toMatch(/primary/);
  });

  it('exits 3 naming the shard when a database cannot be reached', async () => {
    const port = await closedPort();
    const configPath = await demo.writeConfig('unreachable.json', (json) => {
      json.keyspaces.customer!.shards['-80']!.primary = `mysql://root@127.0.0.1:${port}/nowhere`;
    });
    const result = await run('serve', '--config', configPath);
    expect(result.code).toBe(3);
    expect(result.err.at(-1)).toMatch(/^shardgate: .*customer\/-80/);
  });

  it('drains a request in flight on SIGTERM, closes the pools and exits 0', async () => {
    const { configPath, proxy } = await proxiedConfig('drain.json');
    const cli = spawnCli('serve', '--config', configPath, '--port', '0');
    const [, url] = await cli.waitFor(/serving (http:\/\/\S+\/graphql)/);
    const warm = await postGraphQL(url!, `{ customer_by_pk(customer_id: "${ID_ON_80}") { customer_id } }`);
    expect(warm.data).toEqual({ customer_by_pk: { customer_id: String(ID_ON_80) } });

    const held = proxy.hold();
    const inFlight = postGraphQL(url!, `{ customer(where: { customer_id: { _eq: "${ID_ON_80}" } }) { customer_id name } }`);
    await held;
    cli.child.kill('SIGTERM');
    await cli.waitFor(/waiting for 1 request in flight/);
    proxy.release();
    const response = await inFlight;
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ customer: [{ customer_id: String(ID_ON_80) }] });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/info: stopped/);
    await expect(fetch(url!)).rejects.toThrow();
  });
});

describe('shardgate schema print', () => {
  it('prints the SDL checked in as schema/schema.graphql', async () => {
    const result = await run('schema', 'print', '--config', demo.configPath);
    expect(result.code).toBe(0);
    const sdl = `${result.out.join('\n')}\n`;
    const golden = path.join(root, 'schema/schema.graphql');
    const expected = await readFile(golden, 'utf8').catch(() => '');
    if (sdl !== expected) await writeFile(`${golden}.actual`, sdl);
    expect(sdl, `schema/schema.graphql is stale: review schema/schema.graphql.actual and move it over`).toBe(expected);
  });
});

describe('shardgate explain', () => {
  it('prints [{path, keyspace, opcode, shards, sql}] of every statement, with variables (sorted here by path)', async () => {
    const result = await run(
      'explain',
      '--config',
      demo.configPath,
      '--query',
      'query($ids: [BigInt!]) { customer_by_pk(customer_id: "1") { name } corder(where: { customer_id: { _in: $ids } }, limit: 5) { order_id } product_aggregate { aggregate { count } } }',
      '--variables',
      JSON.stringify({ ids: IDS_ON_80.slice(0, 2).map(String) }),
    );
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const plan = (JSON.parse(result.out.join('\n')) as { path: string }[]).sort((a, b) => a.path.localeCompare(b.path));
    expect(plan).toEqual([
      { path: 'corder', keyspace: 'customer', opcode: 'IN', shards: ['80-'], sql: expect.stringMatching(/^select .* from `corder` where `customer_id` in ::/) },
      { path: 'customer_by_pk', keyspace: 'customer', opcode: 'EqualUnique', shards: [customerShardOf(1)], sql: expect.stringMatching(/^select /) },
      { path: 'product_aggregate', keyspace: 'commerce', opcode: 'Unsharded', shards: ['0'], sql: expect.stringMatching(/^select count\(\*\) from `product`/) },
    ]);
  });

  it.each([
    [['--query', '{ customer { shoe_size } }'], /^shardgate: BAD_USER_INPUT SG1101: Cannot query field "shoe_size"/],
    [['--query', '{ customer(limit: 100000) { name } }'], /^shardgate: RESOURCE_EXHAUSTED SG1004: /],
    [['--query', '{ customer { name } }', '--variables', '[1]'], /^shardgate: --variables must be a JSON object/],
    [['--query', '{ customer { name } }', '--variables', '{'], /^shardgate: --variables is not valid JSON/],
  ])('exits 1 for %j', async (args, message) => {
    const result = await run('explain', '--config', demo.configPath, ...args);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toMatch(message);
  });
});

describe('shardgate up', () => {
  it('serves the demo it reuses, reports the server in status, and stops on SIGTERM', async () => {
    const cli = spawnCli('up', '--dir', demo.dir, '--port', '0');
    const [, url] = await cli.waitFor(/GraphQL: (http:\/\/\S+\/graphql)/);
    expect(cli.output()).toMatch(/reusing the existing server/);
    const response = await postGraphQL(url!, '{ customer_aggregate { aggregate { count } } }');
    expect(response.data).toEqual({ customer_aggregate: { aggregate: { count: 100 } } });
    const status = await run('status', '--dir', demo.dir);
    expect(JSON.parse(status.out.join('\n')).server).toEqual({ url, pid: cli.child.pid });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(JSON.parse((await run('status', '--dir', demo.dir)).out.join('\n')).server).toBeNull();
  });
});
