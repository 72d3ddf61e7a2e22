// downCluster: stops exactly the tablet processes that cluster.json records (each checked by
// its command line before any signal), SIGTERM first and SIGKILL after a timeout, and records
// them as stopped. In existing-server mode there is nothing to stop. Keeps data and ports.

import { assertNever } from '../util/invariant.js';
import { readClusterState, writeClusterState, type ClusterMode } from './clusterState.js';
import { DEFAULT_STOP_TIMEOUT_MS, stopTablet, type StopOutcome } from './stopTablet.js';
import { tabletFiles } from './tabletLayout.js';
import { firstTabletProcess, readPidFile } from './tabletProcess.js';

/** The result of {@link downCluster}: one outcome per recorded tablet, in cluster order (none in server mode). */
export interface DownResult {
  readonly dir: string;
  readonly mode: ClusterMode;
  readonly tablets: readonly { readonly alias: string; readonly outcome: StopOutcome }[];
}

function describe(alias: string, outcome: StopOutcome, timeoutMs: number): string {
  switch (outcome.kind) {
    case 'stopped':
      return `${alias}: stopped (pid ${outcome.pid})`;
    case 'killed':
      return `${alias}: killed (pid ${outcome.pid} did not stop within ${Math.round(timeoutMs / 1000)} s of SIGTERM)`;
    case 'notRunning':
      return `${alias}: not running`;
    case 'notOurs':
      return `${alias}: pid ${outcome.pid} is not this tablet's server any more: left alone`;
    default:
      return assertNever(outcome, 'stop outcome');
  }
}

/**
 * Stops the cluster recorded in `<dir>/cluster.json`; returns null when there is none.
 * Contract: signals only a PID whose command line names the tablet's own my.cnf: the recorded
 * PID, else the one in the tablet's pid file. A recorded PID that now runs another program is
 * never signalled (`notOurs`). Tablets stop in parallel and are reported in cluster order;
 * every recorded PID is cleared afterwards, whatever the outcome. Data directories, ports and
 * seeded data stay, so the next `up` reuses them. Existing-server mode stops nothing. Throws
 * ServiceError SG805 for an unreadable cluster.json, SG814 when a signal is refused.
 */
export async function downCluster(dir: string, options: { readonly timeoutMs?: number; readonly log?: (line: string) => void } = {}): Promise<DownResult | null> {
  const state = await readClusterState(dir);
  if (state === null) return null;
  const log = options.log ?? (() => undefined);
  if (state.mode === 'server') {
    log('existing-server mode: nothing to stop (shardgate started no process; the databases stay on the server)');
    return { dir, mode: state.mode, tablets: [] };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  const tablets = await Promise.all(
    state.tablets.map(async (tablet) => {
      const files = tabletFiles(tablet);
      const ours = await firstTabletProcess([tablet.pid, await readPidFile(files.pidFile)], files.myCnf);
      // With no process of ours, stopTablet still tells a dead recorded PID from a reused one.
      return { alias: tablet.alias, outcome: await stopTablet(tablet.alias, ours ?? tablet.pid, files.myCnf, timeoutMs) };
    }),
  );
  for (const { alias, outcome } of tablets) log(describe(alias, outcome, timeoutMs));
  await writeClusterState(dir, { ...state, tablets: state.tablets.map((t) => ({ ...t, pid: null })) });
  return { dir, mode: state.mode, tablets };
}
