// A TCP proxy for tests that need a database to hang or vanish on cue: it forwards
// 127.0.0.1:<port> to a target, can hold the bytes clients send (so that a statement is
// "in flight" for as long as a test wants, without timing), and can close like a dead host.

import { createConnection, createServer, type Socket } from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** The local port clients connect to. */
  readonly port: number;
  /**
   * Holds every byte clients send from now on (nothing reaches the target) and resolves once
   * the first held byte arrived: then a client is waiting on the target.
   */
  hold(): Promise<void>;
  /** Forwards the held bytes and stops holding. */
  release(): void;
  /** Stops listening and cuts every connection: the port is closed, as for a host that died. */
  close(): Promise<void>;
}

/** Starts a proxy on a free 127.0.0.1 port forwarding to host:port. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let held: { chunks: [Socket, Buffer][]; arrived: () => void } | undefined;
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    sockets.add(client).add(upstream);
    const forget = (): void => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      if (held === undefined) {
        upstream.write(chunk);
        return;
      }
      held.chunks.push([upstream, chunk]);
      held.arrived();
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', forget).on('error', forget);
    upstream.on('close', forget).on('error', forget);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    hold() {
      return new Promise<void>((arrived) => {
        held = { chunks: [], arrived };
      });
    },
    release() {
      const pending = held;
      held = undefined;
      for (const [upstream, chunk] of pending?.chunks ?? []) upstream.write(chunk);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
    },
  };
}
