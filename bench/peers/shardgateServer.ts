// shardgate as a server under test of the suite: `node --import tsx bench/peers/shardgateServer.ts
// <shardgate.json>` serves the config with the shipped defaults (createServer, nothing tuned for
// the benchmark) on a free port of 127.0.0.1, prints `{"url","pid"}` once listening and drains on
// SIGTERM. Errors go to stderr through the server log; no request log.

import { loadConfig } from '../../src/config/loadConfig.js';
import { createServer } from '../../src/server/createServer.js';
import { createServerLog } from '../../src/server/serverLog.js';

const configPath = process.argv[2];
if (configPath === undefined) throw new Error('usage: shardgateServer.ts <shardgate.json>');
const base = createServerLog();
const server = createServer(await loadConfig(configPath), { host: '127.0.0.1', port: 0, log: { ...base, info: () => undefined } });
const { url } = await server.start();
process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
