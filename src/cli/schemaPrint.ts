// `shardgate schema print --config F`: connects to the cluster in F, introspects it, and prints
// the generated GraphQL SDL on stdout, byte-for-byte stable for the same databases and
// VSchemas (src/schema printApiSdl: with `federation` on, the Apollo Federation subgraph SDL).
// Opens no HTTP port; closes the pools before exiting.

import { loadConfig } from '../config/loadConfig.js';
import { createApi } from '../server/createApi.js';
import { createServerLog } from '../server/serverLog.js';
import { printApiSdl } from '../schema/printSubgraphSdl.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';

/** Runs `schema print`. Exit 0 with the SDL; 1 for an invalid config or schema; 3 when a database cannot be reached. */
export async function runSchemaPrint(options: { readonly config: string }, io: CliIo): Promise<ExitCode> {
  try {
    const config = await loadConfig(options.config);
    const api = await createApi(config, { log: createServerLog((line) => io.err(line)) });
    try {
      io.out(printApiSdl(api.schema).replace(/\n$/, ''));
    } finally {
      await api.close();
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}
