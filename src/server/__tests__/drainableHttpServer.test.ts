// The drainable HTTP server: a drain waits for the request in flight (answered with
// `Connection: close`), refuses new connections, and a taken port is SG1110.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { createDrainableHttpServer } from '../drainableHttpServer.js';

function get(port: number): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createDrainableHttpServer', () => {
  it('drains: the request in flight finishes, then nothing is accepted', async () => {
    let answer!: () => void;
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const server = createDrainableHttpServer((_req, res) => {
      answer = () => res.end('done');
      arrived();
    });
    const { port } = await server.listen('127.0.0.1', 0);
    const inFlight = get(port);
    await arrival;
    expect(server.inFlight()).toBe(1);
    const drained = server.drain(10_000);
    expect(server.draining()).toBe(true);
    answer();
    expect(await inFlight).toEqual({ status: 200, connection: 'close', body: 'done' });
    expect(await drained).toEqual({ inFlightAtStart: 1, clean: true });
    expect(server.drain(10_000)).toBe(drained);
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses a port that is taken with SG1110', async () => {
    const first = createDrainableHttpServer((_req, res) => res.end());
    const { port } = await first.listen('127.0.0.1', 0);
    const second = createDrainableHttpServer((_req, res) => res.end());
    const error = await second.listen('127.0.0.1', port).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG1110')).toBe(true);
    expect((error as Error).message).toBe(`cannot listen on 127.0.0.1:${port}: the port is in use by another program`);
    await first.drain(1000);
  });
});
