// Vitest setup file: the tests may talk to 127.0.0.0/8 (and ::1, and Unix sockets) only. Some
// dependencies reach out on their own: @apollo/gateway sends usage telemetry to Apollo and probes
// the cloud metadata addresses (169.254.169.254, 100.100.100.200) to describe its host. The
// environment switches below turn those off where the library offers a switch; the connect
// guard makes any other attempt fail at once with an error that names the address, instead of
// leaving the machine (or waiting for a timeout).

import net from 'node:net';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.METADATA_SERVER_DETECTION = 'none';

const LOOPBACK_NAMES = new Set(['localhost', '::1', '0:0:0:0:0:0:0:1']);

/** Whether `host` (a name or an address; undefined means localhost) stays on this machine. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return true;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (LOOPBACK_NAMES.has(bare.toLowerCase())) return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (bare.toLowerCase().startsWith('::ffff:')) return bare.slice(7).startsWith('127.');
  return false;
}

interface ConnectOptions {
  readonly host?: string;
  readonly path?: string;
}

/** The host a `Socket#connect` call aims at, or null for a Unix socket (its arguments, raw or as net normalised them). */
function connectTarget(args: readonly unknown[]): { host: string | undefined } | null {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'string') return null;
  if (typeof first === 'object' && first !== null) {
    const options = first as ConnectOptions;
    if (typeof options.path === 'string') return null;
    return { host: options.host };
  }
  return { host: typeof args[1] === 'string' ? args[1] : undefined };
}

const originalConnect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  const target = connectTarget(args);
  if (target !== null && !isLoopbackHost(target.host)) {
    throw new Error(`test network guard: a connection to ${String(target.host)} was attempted; tests may only reach 127.0.0.0/8 (test/helpers/loopbackOnly.ts)`);
  }
  return originalConnect.apply(this, args);
} as typeof net.Socket.prototype.connect;
