// `shardgate up`: brings the demo cluster up (src/cluster upCluster), prints where everything
// is, then stays in the foreground until Ctrl-C or SIGTERM and stops the tablets cleanly.
// `--detach` leaves them running for `shardgate down`. Serving GraphQL arrives with issue #5.

import path from 'node:path';
import { clusterStatus } from '../cluster/clusterStatus.js';
import { lockClusterDir } from '../cluster/dirLock.js';
import { downCluster } from '../cluster/downCluster.js';
import { tabletFiles } from '../cluster/tabletLayout.js';
import { upCluster, type UpResult } from '../cluster/upCluster.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';

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

/** Lines saying where everything is: tablets, data, config, and what GraphQL serving awaits. */
export function describeUp(result: UpResult, graphqlPort: number): string[] {
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
  lines.push(`GraphQL: not served yet; the GraphQL API arrives with issue #5 (it will listen on http://127.0.0.1:${graphqlPort}/graphql)`);
  return lines;
}

/**
 * Waits until SIGINT or SIGTERM arrives (`signal`), or until no tablet of the cluster runs any
 * more (`stopped`: `shardgate down` ran elsewhere). Reports each tablet that stops on its own.
 */
function waitForStop(dir: string, io: CliIo): Promise<'signal' | 'stopped'> {
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
      if (checking) return;
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

/** Runs `up`; see the file comment. Exit 0 after a clean stop or with --detach. */
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
    const result = await upCluster({
      dir,
      graphqlPort: options.port,
      scale: options.scale,
      basePort: options.basePort,
      ...(options.server === undefined ? {} : { server: options.server }),
      ...(options.databasePrefix === undefined ? {} : { databasePrefix: options.databasePrefix }),
      log: (line) => io.err(line),
    }).finally(() => {
      process.off('SIGINT', onEarlySignal);
      process.off('SIGTERM', onEarlySignal);
    });
    for (const line of describeUp(result, result.state.graphqlPort)) io.out(line);
    if (result.state.mode === 'server') {
      io.err('nothing keeps running: the databases live on your server, and GraphQL serving arrives with issue #5.');
      return EXIT.ok;
    }
    if (options.detach) {
      io.err(`left running in the background; stop it with: shardgate down --dir ${dir}`);
      return EXIT.ok;
    }
    const release = await lockClusterDir(dir);
    try {
      if (!interrupted) io.err(`Press Ctrl-C to stop the cluster (or run shardgate down --dir ${dir}).`);
      const why = interrupted ? 'signal' : await waitForStop(dir, io);
      if (why === 'stopped') {
        io.err('the tablets were stopped (shardgate down?): exiting');
        return EXIT.ok;
      }
      io.err('stopping the tablets…');
      // npm forwards the terminal's Ctrl-C a second time: do not die half-way through the stop.
      const stillStopping = (): void => io.err('still stopping the tablets…');
      process.on('SIGINT', stillStopping);
      process.on('SIGTERM', stillStopping);
      try {
        const down = await downCluster(dir, { log: (line) => io.err(line) });
        io.err(`stopped ${down?.tablets.length ?? 0} tablets; the data stays in ${dir} for the next shardgate up`);
      } finally {
        process.off('SIGINT', stillStopping);
        process.off('SIGTERM', stillStopping);
      }
      return EXIT.ok;
    } finally {
      await release();
    }
  } catch (error) {
    return reportError(error, io);
  }
}
