// `shardgate down`: stops what `up` started in a cluster directory (src/cluster downCluster)
// and says what happened to each tablet. Idempotent: nothing to stop is not an error.

import path from 'node:path';
import { downCluster } from '../cluster/downCluster.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';

/** Runs `down` for `dir`; progress on stderr. Exit 0 when everything recorded is stopped (or nothing was). */
export async function runDown(options: { readonly dir: string }, io: CliIo): Promise<ExitCode> {
  const dir = path.resolve(options.dir);
  try {
    const result = await downCluster(dir, { log: (line) => io.err(line) });
    if (result === null) {
      io.err(`no cluster in ${dir}: nothing to stop`);
    } else if (result.mode === 'spawned') {
      const stopped = result.tablets.filter((t) => t.outcome.kind === 'stopped' || t.outcome.kind === 'killed').length;
      io.err(`stopped ${stopped} of ${result.tablets.length} tablets; the data stays in ${dir} for the next shardgate up`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}
