// `shardgate serve --config F [--host H] [--port P]`: serves the GraphQL API of the cluster in
// F (src/server createServer) until SIGTERM or SIGINT, then drains in-flight requests, closes
// the pools and exits 0. An invalid F exits 1 listing every problem; an unreachable database 3.

import { loadConfig } from '../config/loadConfig.js';
import { createServer, type ServerOptions, type ShardgateServer } from '../server/createServer.js';
import { createServerLog } from '../server/serverLog.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';

/** The parsed options of `serve`. */
export interface ServeCommandOptions {
  readonly config: string;
  readonly host?: string;
  readonly port?: number;
}

/**
 * The cursor key from env SHARDGATE_CURSOR_SECRET (its UTF-8 bytes), so that every instance
 * behind one address, and the next start, accept each other's connection cursors; undefined
 * (a random key per process) when unset.
 */
export function cursorSecretFromEnv(env: NodeJS.ProcessEnv = process.env): Uint8Array | undefined {
  const secret = env.SHARDGATE_CURSOR_SECRET;
  return secret === undefined || secret === '' ? undefined : new TextEncoder().encode(secret);
}

/**
 * Resolves on the first SIGTERM or SIGINT after the call. Further signals while the caller
 * shuts down are reported on stderr and otherwise ignored (npm forwards Ctrl-C twice).
 */
export function waitForSignal(io: CliIo): Promise<NodeJS.Signals> & { release(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  let seen = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (seen) {
      io.err(`shardgate: ${signal} again: still stopping…`);
      return;
    }
    seen = true;
    onSignal(signal);
  };
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return Object.assign(promise, {
    release() {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  });
}

/**
 * Starts `server`, then stops it gracefully on SIGTERM or SIGINT (also one that arrives while
 * it starts). Resolves to EXIT.ok after a clean stop; start failures are thrown.
 */
export async function serveUntilSignal(server: ShardgateServer, io: CliIo): Promise<ExitCode> {
  const signal = waitForSignal(io);
  try {
    await server.start();
    await signal;
    io.err('shardgate: stopping: draining requests in flight, then closing the pools…');
    await server.stop();
    return EXIT.ok;
  } finally {
    signal.release();
  }
}

/** Runs `serve`; see the file comment. */
export async function runServe(options: ServeCommandOptions, io: CliIo): Promise<ExitCode> {
  try {
    const config = await loadConfig(options.config);
    const cursorSecret = cursorSecretFromEnv();
    const serverOptions: ServerOptions = {
      log: createServerLog((line) => io.err(line)),
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(cursorSecret === undefined ? {} : { cursorSecret }),
    };
    return await serveUntilSignal(createServer(config, serverOptions), io);
  } catch (error) {
    return reportError(error, io);
  }
}
