// Picks TCP ports for new tablets: consecutive from a base, skipping any port that something
// already listens on (or that is reserved), and checks whether a recorded port is still free.
// Checks by binding 127.0.0.1, where tablets listen. Owns no state: the caller records the choice.

import { createServer } from 'node:net';

/** The first port tried for tablets when no base is given. */
export const DEFAULT_BASE_PORT = 17100;

/**
 * True when nothing listens on `port` at `host` (default 127.0.0.1): a listener can bind it.
 * Contract: never throws; any bind error (in use, no permission) answers false.
 */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Returns `count` free ports, ascending from `basePort`, skipping ports in use and those in
 * `reserved`. Contract: the ports were free when checked (another program may take one before
 * the tablet binds it; the tablet then fails to start and says so). Throws a RangeError when
 * the search passes 65535.
 */
export async function allocatePorts(count: number, basePort = DEFAULT_BASE_PORT, reserved: ReadonlySet<number> = new Set()): Promise<number[]> {
  const ports: number[] = [];
  for (let port = basePort; ports.length < count; port++) {
    if (port > 65535) throw new RangeError(`no ${count} free ports from ${basePort} up to 65535`);
    if (!reserved.has(port) && (await isPortFree(port))) ports.push(port);
  }
  return ports;
}
