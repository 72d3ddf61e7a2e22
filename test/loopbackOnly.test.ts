import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './helpers/loopbackOnly.js';

describe('test network guard', () => {
  it('tells loopback hosts from others', () => {
    for (const host of [undefined, 'localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['169.254.169.254', '100.100.100.200', '10.0.0.1', 'metadata.google.internal', 'rover.apollo.dev', '::ffff:8.8.8.8', '2001:db8::1']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('refuses a connection outside 127.0.0.0/8 before any packet leaves, naming the address', () => {
    expect(() => net.connect({ host: '169.254.169.254', port: 80 })).toThrow(/169\.254\.169\.254.*127\.0\.0\.0\/8/);
    expect(() => net.connect(80, '10.0.0.1')).toThrow(/10\.0\.0\.1/);
  });

  it('lets loopback connections through', async () => {
    const server = net.createServer((socket) => socket.end('hi'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let data = '';
      socket.on('data', (chunk) => (data += String(chunk)));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    server.close();
    expect(text).toBe('hi');
  });

  it('switches off the telemetry and cloud probes of @apollo/gateway', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('1');
    expect(process.env.METADATA_SERVER_DETECTION).toBe('none');
  });
});
