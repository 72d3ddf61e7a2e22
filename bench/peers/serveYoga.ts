// The HTTP side every hand-written peer server shares: serve a Yoga handler on a free loopback
// port, print `{url, pid}` as one JSON line for bench/lib/childServer.ts, and on SIGTERM close
// every connection, the server, then the mysql2 pool, and exit.

import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function serveAsChild(handler: (req: IncomingMessage, res: ServerResponse) => unknown, pool: { end(callback: () => void): void }): Promise<void> {
  const server = createHttpServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => pool.end(() => process.exit(0)));
  });
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/graphql`, pid: process.pid })}\n`);
}
