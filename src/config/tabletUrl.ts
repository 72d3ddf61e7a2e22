// Tablet addresses: `mysql://user[:password]@host[:port]/database[?socket=/path]` (or
// `mariadb://`) parsed into their parts, with a display form that never shows the password.
// Owns URL syntax only; connecting is the pools layer's job.

import { ServiceError } from '../errors/serviceError.js';

/** The MySQL port used when a tablet URL names none. */
export const DEFAULT_MYSQL_PORT = 3306;

/** A parsed tablet URL. `url` is for display: normalised, with the password shown as `***`. */
export interface TabletUrl {
  readonly url: string;
  readonly user: string;
  /** Present when the URL has `user:password@`, possibly empty. */
  readonly password?: string;
  /** Host name or IP address; IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** Unix socket path from `?socket=`; when present, clients connect through it. */
  readonly socket?: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const SCHEMES = new Set(['mysql', 'mariadb']);
const HOST = /^[A-Za-z0-9._-]+$/;
const IPV6_HOST = /^\[([0-9A-Fa-f:.]+)\]$/;
const PORT = /^[0-9]{1,5}$/;
const SHAPE = 'mysql://user[:password]@host[:port]/database';

/**
 * Parses a tablet URL into a frozen {@link TabletUrl}.
 * Contract: the scheme is `mysql` or `mariadb` (either case); a user, a host and a one-segment
 * database are required; the port defaults to 3306 and must be 1–65535; user, password and
 * database are percent-decoded; the only query parameter is `socket`; no fragment. Throws
 * ServiceError SG102 otherwise, with a message that shows the URL with its password masked.
 */
export function parseTabletUrl(text: string): TabletUrl {
  const shown = JSON.stringify(redactUrlCredentials(text));
  const fail: (reason: string) => never = (reason) => {
    throw new ServiceError('SG102', `invalid tablet URL ${shown}: ${reason}`, { details: { url: redactUrlCredentials(text) } });
  };
  const scheme = SCHEME.exec(text);
  if (!scheme) throw new ServiceError('SG102', `expected a mysql:// URL, got ${shown}`);
  const schemeName = scheme[1]!.toLowerCase();
  if (!SCHEMES.has(schemeName)) throw new ServiceError('SG102', `expected a mysql:// or mariadb:// URL, got ${shown}`);

  const rest = text.slice(scheme[0].length);
  if (rest.includes('#')) fail('a fragment (#…) is not allowed');
  const [beforeQuery, query] = splitOnce(rest, '?');
  const [authority, path] = splitOnce(beforeQuery, '/');
  const at = authority.lastIndexOf('@');
  if (at < 0) fail(`missing user (expected ${SHAPE})`);
  const [rawUser, rawPassword] = splitOnce(authority.slice(0, at), ':');
  const user = decode(rawUser, 'user', fail);
  if (user === '') fail(`missing user (expected ${SHAPE})`);
  const password = rawPassword === undefined ? undefined : decode(rawPassword, 'password', fail);
  const { host, port } = parseHostPort(authority.slice(at + 1), fail);

  if (path === undefined || path === '') fail(`missing database (expected ${SHAPE})`);
  if (path.includes('/')) fail(`the database must be one path segment, got ${JSON.stringify(path)}`);
  const database = decode(path, 'database', fail);
  const socket = query === undefined ? undefined : parseSocket(query, fail);

  const auth = `${encodeURIComponent(user)}${password === undefined ? '' : ':***'}@`;
  const hostShown = host.includes(':') ? `[${host}]` : host;
  const url = `${schemeName}://${auth}${hostShown}:${port}/${encodeURIComponent(database)}${socket === undefined ? '' : `?socket=${socket}`}`;
  return Object.freeze({
    url,
    user,
    ...(password === undefined ? {} : { password }),
    host,
    port,
    database,
    ...(socket === undefined ? {} : { socket }),
  });
}

/**
 * Masks the password of a URL-like string (`scheme://user:secret@…` → `scheme://user:***@…`,
 * also without the scheme) so it can appear in messages. Contract: never throws; text
 * without `user:…@` is returned unchanged. It masks up to the last `@`, so a password with a
 * raw `/` or `@` is still hidden (along with whatever follows it up to that `@`).
 */
export function redactUrlCredentials(text: string): string {
  const scheme = text.indexOf('://');
  const at = text.lastIndexOf('@');
  const colon = text.indexOf(':', scheme < 0 ? 0 : scheme + 3);
  if (at < 0 || colon < 0 || colon > at) return text;
  return `${text.slice(0, colon)}:***${text.slice(at)}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function decode(text: string, what: string, fail: (reason: string) => never): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`invalid percent-encoding in the ${what}`);
  }
}

function parseHostPort(text: string, fail: (reason: string) => never): { host: string; port: number } {
  const ipv6End = text.startsWith('[') ? text.indexOf(']') + 1 : 0;
  const portColon = text.indexOf(':', ipv6End);
  const hostText = portColon < 0 ? text : text.slice(0, portColon);
  const portText = portColon < 0 ? undefined : text.slice(portColon + 1);
  if (hostText === '') fail(`missing host (expected ${SHAPE})`);
  const ipv6 = IPV6_HOST.exec(hostText);
  if (!ipv6 && !HOST.test(hostText)) fail(`invalid host ${JSON.stringify(hostText)}`);
  const host = ipv6 ? ipv6[1]! : hostText;
  if (portText === undefined) return { host, port: DEFAULT_MYSQL_PORT };
  const port = PORT.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) fail(`invalid port ${JSON.stringify(portText)} (expected 1 to 65535)`);
  return { host, port };
}

function parseSocket(query: string, fail: (reason: string) => never): string | undefined {
  const params = new URLSearchParams(query);
  let socket: string | undefined;
  for (const [key, value] of params) {
    if (key !== 'socket') fail(`unknown parameter ${JSON.stringify(key)} (only socket is supported)`);
    if (socket !== undefined) fail('socket is given twice');
    if (value === '') fail('socket is empty');
    socket = value;
  }
  return socket;
}
