// A node:http server that can stop gracefully: stop accepting connections, let the requests in
// flight finish (answering each with `Connection: close`), close idle keep-alive connections,
// and give up after a deadline. Owns sockets and listening; knows nothing about GraphQL.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '../errors/serviceError.js';

/** What {@link DrainableHttpServer.drain} observed. */
export interface DrainResult {
  /** Requests that were in flight when draining began. */
  readonly inFlightAtStart: number;
  /** False when the deadline passed and the remaining connections were cut. */
  readonly clean: boolean;
}

/** The server and its lifecycle. */
export interface DrainableHttpServer {
  readonly server: Server;
  /** Requests being handled now. */
  inFlight(): number;
  /** True once drain() was called. */
  draining(): boolean;
  /**
   * Listens on host:port (port 0 picks a free one) and resolves to the bound address.
   * Rejects with ServiceError SG1110 when the address cannot be used (in use, not local, no
   * permission), naming it.
   */
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  /**
   * Stops accepting connections, waits until every request in flight has been answered, then
   * closes every connection. After `timeoutMs` it closes the remaining connections anyway.
   * Idempotent: later calls return the first call's promise.
   */
  drain(timeoutMs: number): Promise<DrainResult>;
}

/**
 * Wraps `listener` (Yoga's request handler) in a drainable HTTP server. Contract: once a drain
 * begins, responses not yet started, and requests that still arrive on open keep-alive
 * connections, are answered with `Connection: close`, so every connection ends after its last
 * response.
 */
export function createDrainableHttpServer(listener: (req: IncomingMessage, res: ServerResponse) => void): DrainableHttpServer {
  const active = new Set<ServerResponse>();
  let drainPromise: Promise<DrainResult> | undefined;
  const idleWaiters: (() => void)[] = [];
  // One 'close' listener for every response (`this` is the response; 'close' comes once), not a closure per request.
  function onClose(this: ServerResponse): void {
    active.delete(this);
    if (drainPromise !== undefined) server.closeIdleConnections();
    if (active.size === 0 && idleWaiters.length > 0) for (const wake of idleWaiters.splice(0)) wake();
  }
  const server = createServer((req, res) => {
    active.add(res);
    if (drainPromise !== undefined) res.setHeader('connection', 'close');
    res.on('close', onClose);
    listener(req, res);
  });

  return {
    server,
    inFlight: () => active.size,
    draining: () => drainPromise !== undefined,
    listen(host, port) {
      return new Promise((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException): void => {
          reject(
            new ServiceError('SG1110', `cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use by another program' : (error.code ?? error.message)}`, {
              details: { host, port, errno: error.code },
              cause: error,
            }),
          );
        };
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const address = server.address() as AddressInfo;
          resolve({ host, port: address.port });
        });
      });
    },
    drain(timeoutMs) {
      drainPromise ??= new Promise<DrainResult>((resolve) => {
        const inFlightAtStart = active.size;
        for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        const idle = active.size === 0 ? Promise.resolve() : new Promise<void>((wake) => idleWaiters.push(wake));
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'timeout'>((fire) => {
          timer = setTimeout(() => fire('timeout'), timeoutMs);
        });
        void Promise.race([idle.then(() => 'idle' as const), deadline]).then(async (why) => {
          clearTimeout(timer);
          server.closeAllConnections();
          await closed;
          resolve({ inFlightAtStart, clean: why === 'idle' });
        });
      });
      return drainPromise;
    },
  };
}
