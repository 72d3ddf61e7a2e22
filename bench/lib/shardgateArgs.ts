// The command line (after `node`) that starts shardgate as a server under test: the Node options
// shardgate ships with (src/cli/nodeOptions.ts, what bin/shardgate.js runs with), any extra Node
// flags, tsx, and bench/peers/shardgateServer.ts serving a config. One place, so that no
// scenario measures shardgate without the options it ships with.

import path from 'node:path';
import { SERVER_NODE_OPTIONS } from '../../src/cli/nodeOptions.js';

/**
 * `node` arguments serving `configPath` with bench/peers/shardgateServer.ts of `checkout` (this
 * checkout by default); `nodeFlags` come after the shipped options (a later value of the same
 * option wins).
 */
export function shardgateServerArgs(configPath: string, nodeFlags: readonly string[] = [], checkout = path.resolve(import.meta.dirname, '..', '..')): string[] {
  return [...SERVER_NODE_OPTIONS, ...nodeFlags, '--import', 'tsx', path.join(checkout, 'bench', 'peers', 'shardgateServer.ts'), configPath];
}
