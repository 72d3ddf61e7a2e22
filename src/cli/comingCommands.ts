// Commands of INTERFACES.md §3 that a later issue builds (server, schema, explain: issue #5).
// Until they land, each answers with one honest line naming the issue that brings it,
// and exits 1, rather than pretending to work or failing as an unknown command.

import { EXIT, type CliIo, type ExitCode } from './io.js';

/** A command of the public contract that is not built yet. */
export interface ComingCommand {
  /** The command words, e.g. `serve` or `schema print`. */
  readonly name: string;
  readonly description: string;
  /** The issue that delivers it. */
  readonly issue: number;
}

/** The not-yet-built commands, in INTERFACES.md order. */
export const COMING_COMMANDS: readonly ComingCommand[] = [
  { name: 'serve', description: 'Serve the GraphQL API for a cluster config', issue: 5 },
  { name: 'schema', description: 'Print the generated GraphQL SDL (`schema print`)', issue: 5 },
  { name: 'explain', description: 'Print the routing plan of a GraphQL operation', issue: 5 },
];

/** Prints that `command` is not available yet and returns exit code 1. */
export function runComingCommand(command: ComingCommand, io: CliIo): ExitCode {
  io.err(
    `shardgate ${command.name}: not available yet in this version; it arrives with issue #${command.issue}. ` +
      'Available now: `shardgate up`, `down`, `status`, `vschema check` and `keyspace-id` (see README.md).',
  );
  return EXIT.userError;
}
