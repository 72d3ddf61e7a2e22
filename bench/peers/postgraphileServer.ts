// The PostGraphile peer of the suite: PostGraphile 4.14 (its own install in
// bench/peers/postgraphile/, with the graphql 15 it needs) served on node:http over a
// PostgreSQL database, schema `public`, default options but for the query log (off) and the
// default mutations (off: the suite only reads). `node --import tsx
// bench/peers/postgraphileServer.ts <postgres URL>` prints `{"url","pid"}` once listening.

import { createRequire } from 'node:module';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** The part of PostGraphile 4's API used here (its install is not visible to tsc). */
interface PostGraphileModule {
  postgraphile(databaseUrl: string, schema: string, options: Record<string, unknown>): RequestListener & { release?: () => Promise<void> };
}

const databaseUrl = process.argv[2];
if (databaseUrl === undefined) throw new Error('usage: postgraphileServer.ts <postgres URL>');
const require = createRequire(path.join(import.meta.dirname, 'postgraphile', 'package.json'));
const { postgraphile } = require('postgraphile') as PostGraphileModule;
const handler = postgraphile(databaseUrl, 'public', { disableQueryLog: true, disableDefaultMutations: true, retryOnInitFail: false, graphqlRoute: '/graphql' });
const server = createServer(handler);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void Promise.resolve(handler.release?.()).then(() => process.exit(0)));
});
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/graphql`, pid: process.pid })}\n`);
