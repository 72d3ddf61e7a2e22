// Scenario 5 of issue #8, connection pooling: 2,000 concurrent clients against shardgate (HTTP,
// by-pk) vs the same 2,000 clients connecting to MariaDB directly, one connection each, running
// the same SELECT, with MariaDB's default max_connections (151) set on the tablets for the
// scenario. Measures errors, latency and the MySQL threads each side costs (Threads_connected
// sampled during the run, Max_used_connections after FLUSH STATUS). Private tablets (src/cluster)
// so that nobody else's connections count. Writes "## Scenario 5" and `connections` in results.json.

import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import type { TabletState } from '../src/cluster/clusterState.js';
import { openAdminConnection, withAdminConnection } from '../src/cluster/adminConnection.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { onEachTablet, startDemoCluster, tabletTarget } from './lib/benchCluster.js';
import { benchOutput } from './lib/benchOutput.js';
import { startChildServer } from './lib/childServer.js';
import type { DirectResult, DirectSpec } from './lib/directClients.js';
import { runLoad, type LoadResult } from './lib/runLoad.js';
import { fmt, ms } from './lib/stats.js';
import { shardgateServerArgs } from './lib/shardgateArgs.js';

const { quick, scale } = benchArgs();
const out = benchOutput();
const log = progress('connections');
const HEADING = '## Scenario 5';
const CLIENTS = quick ? 400 : 2_000;
const RUN_S = quick ? 2 : 10;
/** MariaDB's compiled-in default; the suite's tablets run with 500 (src/cluster/myCnf.ts). */
const DEFAULT_MAX_CONNECTIONS = 151;
const TABLET_MAX_CONNECTIONS = 500;
const WANT_OPEN_FILES = 8_192;
const BY_PK = 'query ($id: BigInt!) { customer_by_pk(customer_id: $id) { customer_id email name created_at } }';

/** The hard open-files limit of this machine's shells: how far `ulimit -n` may raise it. */
function hardOpenFiles(): number {
  const text = execFileSync('/bin/sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
  return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
}

interface Threads {
  /** Highest Threads_connected seen while sampling, summed over the tablets. */
  readonly peakConnected: number;
  /** Max_used_connections after the run, summed over the tablets (FLUSH STATUS before). */
  readonly maxUsed: number;
  readonly maxUsedByTablet: Readonly<Record<string, number>>;
  /** Threads_connected before the run (the suite's own admin connections). */
  readonly before: number;
}

/**
 * Runs `work` while sampling Threads_connected every 100 ms. The sampling connections (one per
 * tablet) are opened before the run: once the direct clients hold every connection MariaDB
 * allows (root's extra SUPER one included), no new connection would get in.
 */
async function withThreadSampling<T>(tablets: readonly TabletState[], work: () => Promise<T>): Promise<{ result: T; threads: Threads }> {
  const connections = await Promise.all(tablets.map((t) => openAdminConnection(tabletTarget(t, false))));
  try {
    for (const c of connections) await c.query('FLUSH STATUS');
    const count = async (name: string): Promise<Map<string, number>> => {
      const values = await Promise.all(connections.map(async (c) => Number((await c.query('SHOW GLOBAL STATUS WHERE Variable_name = ?', [name]))[0]?.Value ?? 0)));
      return new Map(tablets.map((t, i) => [t.alias, values[i]!]));
    };
    const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    const before = sum(await count('Threads_connected'));
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, sum(await count('Threads_connected')));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    let result: T;
    try {
      result = await work();
    } finally {
      sampling = false;
      await sampler;
    }
    const maxUsed = await count('Max_used_connections');
    return { result, threads: { peakConnected: peak, maxUsed: sum(maxUsed), maxUsedByTablet: Object.fromEntries(maxUsed), before } };
  } finally {
    await Promise.all(connections.map((c) => c.close()));
  }
}

async function runDirect(spec: DirectSpec, openFiles: number): Promise<DirectResult> {
  const args = ['--import', 'tsx', path.join(import.meta.dirname, 'lib', 'directClients.ts'), JSON.stringify(spec)];
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${openFiles} && exec "$0" "$@"`, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the direct clients exited with ${code}`);
  return JSON.parse(text) as DirectResult;
}

interface Measured {
  readonly quick: boolean;
  readonly scale: number;
  readonly clients: number;
  readonly runS: number;
  readonly openFiles: { readonly hard: number; readonly set: number; readonly seenByLoadGenerator: number; readonly seenByDirectClients: number };
  readonly poolSize: number;
  readonly customerTablets: number;
  readonly shardgate: { readonly load: LoadResult; readonly threads: Threads };
  readonly direct: { readonly result: DirectResult; readonly threads: Threads };
}

async function measure(): Promise<Measured> {
  const hard = hardOpenFiles();
  const openFiles = Math.min(hard, WANT_OPEN_FILES);
  if (openFiles < CLIENTS + 200) throw new Error(`${CLIENTS} clients need an open-files limit above ${CLIENTS + 200}; the hard limit here is ${hard} (raise it, e.g. in /etc/security/limits.conf)`);
  const cluster = await startDemoCluster({ customerShards: 2, scale, log });
  const customerTablets = cluster.tablets.filter((t) => t.keyspace === 'customer');
  try {
    await onEachTablet(cluster.tablets, `SET GLOBAL max_connections = ${DEFAULT_MAX_CONNECTIONS}`);
    const ids = await Promise.all(
      customerTablets.map((t) => withAdminConnection(tabletTarget(t), async (c) => (await c.query('SELECT customer_id FROM customer ORDER BY customer_id')).map((r) => Number(r.customer_id)))),
    );
    const allIds = ids.flat().sort((a, b) => a - b);
    const bodies = allIds.slice(0, Math.max(CLIENTS, 2_000)).map((id) => JSON.stringify({ query: BY_PK, variables: { id: String(id) } }));

    log(`shardgate: ${CLIENTS} HTTP connections for ${RUN_S} s…`);
    const server = await startChildServer({
      name: 'shardgate',
      command: process.execPath,
      args: shardgateServerArgs(cluster.configPath),
      env: { NODE_ENV: 'production' },
      openFiles,
    });
    let shardgate: Measured['shardgate'];
    try {
      await runLoad({ url: server.url, connections: 32, durationS: 1, bodies, serverPid: server.pid });
      const sampled = await withThreadSampling(cluster.tablets, () => runLoad({ url: server.url, connections: CLIENTS, durationS: RUN_S, bodies, serverPid: server.pid }, { openFiles }));
      shardgate = { load: sampled.result, threads: sampled.threads };
    } finally {
      await server.stop();
    }

    log(`direct: ${CLIENTS} MySQL connections for ${RUN_S} s…`);
    const spec: DirectSpec = {
      clients: CLIENTS,
      durationS: RUN_S,
      tablets: customerTablets.map((t, i) => ({ host: t.host, port: t.port, database: t.database, ids: ids[i]! })),
    };
    const direct = await withThreadSampling(cluster.tablets, () => runDirect(spec, openFiles));
    const poolSize = 16;
    return {
      quick,
      scale,
      clients: CLIENTS,
      runS: RUN_S,
      openFiles: { hard, set: openFiles, seenByLoadGenerator: shardgate.load.openFilesLimit, seenByDirectClients: direct.result.openFilesLimit },
      poolSize,
      customerTablets: customerTablets.length,
      shardgate,
      direct: { result: direct.result, threads: direct.threads },
    };
  } finally {
    await onEachTablet(cluster.tablets, `SET GLOBAL max_connections = ${TABLET_MAX_CONNECTIONS}`).catch(() => undefined);
    await cluster.stop();
  }
}

function render(m: Measured): string {
  const { shardgate: sg, direct } = m;
  const sgFailed = sg.load.failed;
  const sgTotal = sg.load.ok + sg.load.failed;
  const refused = Object.values(direct.result.connectFailures).reduce((a, b) => a + b, 0);
  const failures = (f: Readonly<Record<string, number>>): string => (Object.keys(f).length === 0 ? 'none' : Object.entries(f).map(([k, n]) => `${k} × ${fmt(n)}`).join(', '));
  return [
    `${HEADING}: connection pooling (${fmt(m.clients)} concurrent clients, shardgate vs MariaDB directly)`,
    '',
    'Command:',
    '',
    '```',
    `npm run bench -- connections${m.quick ? ' --quick' : ''}      # node --import tsx bench/connections.bench.ts`,
    '```',
    '',
    `Setup: the demo keyspaces (customer on 2 shards, ${m.customerTablets} customer tablets + commerce) on private MariaDB tablets spawned for the`,
    `suite, scale ${m.scale}; \`SET GLOBAL max_connections = ${DEFAULT_MAX_CONNECTIONS}\` (MariaDB's default) on every tablet for this scenario. Both sides run`,
    `the by-pk SELECT of one customer per request for ${m.runS} s, each client asking for other customers in turn.`,
    `- shardgate: ${fmt(m.clients)} HTTP connections (autocannon, one process) POSTing \`customer_by_pk\`; shardgate with its shipped pool`,
    `  (pool.size ${m.poolSize} per tablet, acquire timeout 2 s).`,
    `- direct: ${fmt(m.clients)} MySQL connections opened at once from one process (mysql2, one per client, as ${fmt(m.clients)} application`,
    '  processes without a shared pool would), each to the tablet holding its customers; each connected client runs the SELECT in a loop.',
    `- Open files: the hard limit here is ${Number.isFinite(m.openFiles.hard) ? fmt(m.openFiles.hard) : 'unlimited'}; the load generator, the direct clients and the shardgate process get`,
    `  \`ulimit -n ${m.openFiles.set}\` (seen by the load generator: ${fmt(m.openFiles.seenByLoadGenerator)}, by the direct clients: ${fmt(m.openFiles.seenByDirectClients)}).`,
    '- MySQL threads: Threads_connected summed over the tablets, sampled every 100 ms during the run through one connection per',
    '  tablet opened before it (included in the counts); Max_used_connections summed over the tablets after `FLUSH STATUS`.',
    '',
    '| side | clients served | failed | requests (queries) per s | p50 / p99 latency | MySQL threads: before / peak sampled / Max_used_connections |',
    '|---|---:|---|---:|---:|---:|',
    `| shardgate (HTTP) | ${fmt(m.clients)} connections; ${fmt(sg.load.ok)} good answers | ${fmt(sgFailed)} of ${fmt(sgTotal)} requests (${failures(sg.load.failures)}) | ${fmt(sg.load.perSecond)} | ${ms(sg.load.p50Ms)} / ${ms(sg.load.p99Ms)} | ${sg.threads.before} / ${sg.threads.peakConnected} / ${sg.threads.maxUsed} |`,
    `| direct MySQL | ${fmt(direct.result.connected)} of ${fmt(m.clients)} connected | ${fmt(refused)} clients refused (${failures(direct.result.connectFailures)}); ${fmt(direct.result.queryFailures)} queries failed | ${fmt(direct.result.perSecond)} | ${ms(direct.result.p50Ms)} / ${ms(direct.result.p99Ms)} | ${direct.threads.before} / ${direct.threads.peakConnected} / ${direct.threads.maxUsed} |`,
    '',
    'Latency: shardgate\'s is per HTTP request (queueing in shardgate\'s pools included); the direct side\'s is per query on an',
    `already open connection (connection set-up not included; the slowest successful connect took ${ms(direct.result.slowestConnectMs)}).`,
    '',
    'Reading:',
    '',
    `- With MariaDB's default limit, ${fmt(refused)} of ${fmt(m.clients)} direct clients were refused (${failures(direct.result.connectFailures)}; ER_CON_COUNT_ERROR is`,
    `  "Too many connections"): each tablet accepts ${DEFAULT_MAX_CONNECTIONS} + 1 (one for SUPER), and ${direct.threads.maxUsed} threads were used. shardgate served all`,
    `  ${fmt(m.clients)} clients through ${sg.threads.maxUsed} MySQL connections in all (pool.size ${m.poolSize} per tablet, plus the suite's own status connections),`,
    `  ${sgFailed === 0 ? 'with no failed request' : `with ${fmt(sgFailed)} failed requests (${failures(sg.load.failures)})`}.`,
    `- The price is queueing: ${fmt(m.clients)} requests in flight share ${m.poolSize} connections per tablet, so shardgate's p99 (${ms(sg.load.p99Ms)}) is the`,
    `  wait for a connection plus HTTP and GraphQL work, against ${ms(direct.result.p99Ms)} for a query on a connection a direct client already holds.`,
    '  The direct figure is the better one only for the clients that got a connection; the others got an error. Raising',
    `  max_connections to ${fmt(m.clients)} would admit them at the cost of a MySQL thread (and its memory) each.`,
    '- Throughput compares a Node HTTP + GraphQL server against bare queries from one process, on the same 2 cores as MariaDB: the',
    '  direct side has no HTTP or GraphQL work to do, so its queries per second are no target for shardgate.',
  ].join('\n');
}

const measured = await measure();
await out.publish(HEADING, 'connections', render(measured), measured);
