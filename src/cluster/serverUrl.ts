// The `--server` URL of existing-server mode: a MySQL server without a database
// (`mysql://user[:password]@host[:port][?socket=/path]`), since shardgate creates one database
// per shard there. Parses it with config's tablet URL rules and turns it back into tablet URLs.

import { parseTabletUrl, type TabletUrl } from '../config/tabletUrl.js';
import { ServiceError } from '../errors/serviceError.js';

/**
 * Parses a server URL. Contract: the scheme, user, host, port and `socket` follow tablet URL
 * rules (config/tabletUrl.ts); a database path is refused. The returned `database` is empty.
 * Throws ServiceError SG813 for a database path and SG102 for anything else wrong.
 */
export function parseServerUrl(text: string): TabletUrl {
  const query = text.indexOf('?');
  const base = query < 0 ? text : text.slice(0, query);
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*)\/?$/.exec(base);
  if (match === null) {
    throw new ServiceError('SG813', `--server takes a server URL without a database, e.g. mysql://root@127.0.0.1:3306 (shardgate creates one database per shard); got ${JSON.stringify(text.replace(/:[^:@/]*@/, ':***@'))}`);
  }
  const parsed = parseTabletUrl(`${match[1]}/placeholder${query < 0 ? '' : text.slice(query)}`);
  return { ...parsed, database: '', url: parsed.url.replace('/placeholder', '') };
}

/** The tablet URL of `database` on `server`: `mysql://user[:password]@host:port/database[?socket=…]`. */
export function serverDatabaseUrl(server: TabletUrl, database: string): string {
  const auth = `${encodeURIComponent(server.user)}${server.password === undefined ? '' : `:${encodeURIComponent(server.password)}`}@`;
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  const socket = server.socket === undefined ? '' : `?socket=${encodeURIComponent(server.socket)}`;
  return `mysql://${auth}${host}:${server.port}/${encodeURIComponent(database)}${socket}`;
}
