// `shardgate up`: brings the demo cluster up (src/cluster upCluster), serves its GraphQL API
// at http://127.0.0.1:<--port>/graphql from the generated shardgate.json (src/server), prints
// where everything is, then stays in the foreground until Ctrl-C or SIGTERM: it drains the
// server and stops the tablets cleanly. `--detach` leaves the tablets running, without GraphQL.

import path from 'node:path';
import { clusterStatus } from '../cluster/clusterStatus.js';
import { lockClusterDir } from '../cluster/dirLock.js';
import { downCluster } from '../cluster/downCluster.js';
import { tabletFiles } from '../cluster/tabletLayout.js';
import { removeServerRecord, writeServerRecord } from '../cluster/serverRecord.js';
import { upCluster, type UpResult } from '../cluster/upCluster.js';
import { loadConfig } from '../config/loadConfig.js';
import { createServer, type ShardgateServer } from '../server/createServer.js';
import { createServerLog } from '../server/serverLog.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';
import { cursorSecretFromEnv } from './serve.js';

/** The parsed options of `up`. */
export interface UpCommandOptions {
  readonly dir: string;
  readonly port: number;
  readonly detach: boolean;
  readonly server?: string;
  readonly scale: number;
  readonly basePort: number;
  readonly databasePrefix?: string;
}

/** How often the foreground `up` checks that its tablets still run. */
const WATCH_INTERVAL_MS = 2_000;

/**
 * Lines saying where everything is: tablets, data, config, and the GraphQL URL (`graphqlUrl`),
 * or, when null (--detach, or interrupted before serving), the command that serves it.
 */
export function describeUp(result: UpResult, graphqlUrl: string | null): string[] {
  const { state } = result;
  const width = Math.max(...state.tablets.map((t) => t.alias.length));
  const lines = [
    state.mode === 'spawned'
      ? `shardgate: cluster up in ${result.dir} (${state.tablets.length} tablets)`
      : `shardgate: cluster up on an existing server, one database per shard (state in ${result.dir})`,
  ];
  for (const tablet of state.tablets) {
    const action = result.actions.get(tablet.alias);
    const where = `${tablet.host}:${tablet.port}`;
    const pid = tablet.pid === null ? '' : `  pid ${tablet.pid}`;
    const socket = tablet.socket === null ? '' : `  socket ${tablet.socket}`;
    lines.push(`  ${tablet.alias.padEnd(width)}  ${where}  database ${tablet.database}${pid}${socket}${action === 'database' ? '' : `  (${action})`}`);
  }
  const primary = state.tablets[0];
  if (state.mode === 'spawned' && primary !== undefined) {
    lines.push(`connect to a tablet: mariadb --defaults-file=${tabletFiles(primary).myCnf} ${primary.database}   (or mysql; each tablet folder has its my.cnf)`);
  }
  if (result.seed !== null) lines.push(`data: ${result.seed.message}`);
  for (const lagging of result.lagging) lines.push(`warning: ${lagging}`);
  lines.push(`config: ${result.configPath}`);
  lines.push(graphqlUrl === null ? `GraphQL: not served by this command; serve it with: shardgate serve --config ${result.configPath}` : `GraphQL: ${graphqlUrl}  (GraphiQL in a browser)`);
  return lines;
}

/**
 * Waits until SIGINT or SIGTERM arrives (`signal`), or, with `watchTablets` (spawned tablets),
 * until no tablet of the cluster runs any more (`stopped`: `shardgate down` ran elsewhere).
 * Reports each tablet that stops on its own.
 */
function waitForStop(dir: string, io: CliIo, watchTablets: boolean): Promise<'signal' | 'stopped'> {
  return new Promise((resolve) => {
    const reported = new Set<string>();
    let checking = false;
    const done = (why: 'signal' | 'stopped'): void => {
      clearInterval(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(why);
    };
    const onSignal = (): void => done('signal');
    const timer = setInterval(() => {
      if (checking || !watchTablets) return;
      checking = true;
      clusterStatus(dir)
        .then((status) => {
          if (status.tablets.every((t) => !t.running)) return done('stopped');
          for (const t of status.tablets) {
            const alias = `${t.keyspace}/${t.shard}/${t.type}`;
            if (!t.running && !reported.has(`${alias}:${t.port}`)) {
              reported.add(`${alias}:${t.port}`);
              io.err(`warning: the ${t.type} of ${t.keyspace}/${t.shard} (port ${t.port}) is not running any more; run shardgate up again to restart it`);
            }
          }
        })
        .catch(() => undefined)
        .finally(() => {
          checking = false;
        });
    }, WATCH_INTERVAL_MS);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Runs `fn` while ignoring (but reporting) further Ctrl-C: npm forwards the terminal's Ctrl-C a second time. */
async function withoutInterruption<T>(io: CliIo, what: string, fn: () => Promise<T>): Promise<T> {
  const still = (): void => io.err(`still ${what}…`);
  process.on('SIGINT', still);
  process.on('SIGTERM', still);
  try {
    return await fn();
  } finally {
    process.off('SIGINT', still);
    process.off('SIGTERM', still);
  }
}

/** Stops the tablets `up` runs in the foreground (spawned mode), reporting progress. */
async function stopTablets(dir: string, io: CliIo): Promise<void> {
  io.err('stopping the tablets…');
  const down = await withoutInterruption(io, 'stopping the tablets', () => downCluster(dir, { log: (line) => io.err(line) }));
  io.err(`stopped ${down?.tablets.length ?? 0} tablets; the data stays in ${dir} for the next shardgate up`);
}

/** Starts the GraphQL server of the generated config and records it for `shardgate status`. */
async function startGraphQL(result: UpResult, io: CliIo): Promise<ShardgateServer> {
  const cursorSecret = cursorSecretFromEnv();
  const server = createServer(await loadConfig(result.configPath), {
    log: createServerLog((line) => io.err(line)),
    ...(cursorSecret === undefined ? {} : { cursorSecret }),
  });
  const address = await server.start();
  await writeServerRecord(result.dir, { url: address.url, pid: process.pid });
  return server;
}

/**
 * Runs `up`; see the file comment. Exit 0 after a clean stop or with --detach. When the
 * GraphQL server cannot start (port in use, …), the tablets this foreground `up` runs are
 * stopped again and the server's error decides the exit code.
 */
export async function runUp(options: UpCommandOptions, io: CliIo): Promise<ExitCode> {
  const dir = path.resolve(options.dir);
  // Ctrl-C while the cluster comes up: finish starting (a half-made tablet is worse), then stop.
  let interrupted = false;
  const onEarlySignal = (): void => {
    if (!interrupted) io.err('stopping as soon as the start-up finishes…');
    interrupted = true;
  };
  if (!options.detach) {
    process.on('SIGINT', onEarlySignal);
    process.on('SIGTERM', onEarlySignal);
  }
  try {
    let server: ShardgateServer | undefined;
    let result: UpResult;
    try {
      result = await upCluster({
        dir,
        graphqlPort: options.port,
        scale: options.scale,
        basePort: options.basePort,
        ...(options.server === undefined ? {} : { server: options.server }),
        ...(options.databasePrefix === undefined ? {} : { databasePrefix: options.databasePrefix }),
        log: (line) => io.err(line),
      });
      if (options.detach) {
        for (const line of describeUp(result, null)) io.out(line);
        io.err(`left running in the background; stop it with: shardgate down --dir ${dir}`);
        return EXIT.ok;
      }
      if (!interrupted) {
        try {
          server = await startGraphQL(result, io);
        } catch (error) {
          if (result.state.mode === 'spawned') await stopTablets(dir, io);
          return reportError(error, io);
        }
      }
    } finally {
      process.off('SIGINT', onEarlySignal);
      process.off('SIGTERM', onEarlySignal);
    }
    for (const line of describeUp(result, server?.address?.url ?? null)) io.out(line);
    const spawned = result.state.mode === 'spawned';
    const release = await lockClusterDir(dir);
    try {
      if (!interrupted) io.err(spawned ? `Press Ctrl-C to stop the server and the cluster (or run shardgate down --dir ${dir}).` : 'Press Ctrl-C to stop the server (the databases stay on your server).');
      const why = interrupted ? 'signal' : await waitForStop(dir, io, spawned);
      if (server !== undefined) {
        io.err('stopping the GraphQL server: draining requests in flight…');
        await withoutInterruption(io, 'stopping the GraphQL server', () => server.stop());
        await removeServerRecord(dir);
      }
      if (why === 'stopped') {
        io.err('the tablets were stopped (shardgate down?): exiting');
        return EXIT.ok;
      }
      if (spawned) await stopTablets(dir, io);
      return EXIT.ok;
    } finally {
      await release();
    }
  } catch (error) {
    return reportError(error, io);
  }
}
