// `shardgate status`: prints the cluster of a directory as JSON on stdout, in the shape of
// INTERFACES.md §3 (src/cluster clusterStatus). `server` stays null until issue #5 serves GraphQL.

import path from 'node:path';
import { clusterStatus } from '../cluster/clusterStatus.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';

/** Runs `status` for `dir`. Exit 0 with the JSON (tablets that do not run say `"running": false`); 1 when there is no cluster. */
export async function runStatus(options: { readonly dir: string }, io: CliIo): Promise<ExitCode> {
  try {
    io.out(JSON.stringify(await clusterStatus(path.resolve(options.dir)), null, 2));
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}
