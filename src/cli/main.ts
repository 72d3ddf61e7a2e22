// The shardgate command line: parses arguments with commander and hands each command to
// its module. Thin by design: no logic beyond argument shapes, output and exit codes
// (INTERFACES.md §3: 0 success, 1 user error, 2 usage error, 3 cannot reach a database).

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, processIo, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';
import { runVschemaCheck } from './vschemaCheck.js';
import { runKeyspaceId } from './keyspaceId.js';
import { runUp } from './up.js';
import { runDown } from './down.js';
import { runStatus } from './status.js';
import { runServe } from './serve.js';
import { runSchemaPrint } from './schemaPrint.js';
import { runExplain } from './explain.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Parses an integer option in [min, max]; a bad value is a usage error (exit 2). */
function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[0-9]+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(n) && n > 0)) throw new InvalidArgumentError(`expected a positive number, got ${JSON.stringify(value)}`);
  return n;
}

/** The demo data scale when --scale is not given: env SHARDGATE_DEMO_SCALE, else 1. */
function defaultScale(): number {
  const fromEnv = process.env.SHARDGATE_DEMO_SCALE;
  if (fromEnv === undefined || fromEnv === '') return 1;
  const n = Number(fromEnv);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/**
 * Runs the CLI with `argv` (without `node` and the script path) and resolves to the exit code.
 * Contract: never throws and never calls process.exit; all output goes through `io`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = new Command('shardgate')
    .description('GraphQL over sharded MySQL, routed by Vitess vindexes.')
    .version(process.env.npm_package_version ?? '0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    })
    .showHelpAfterError('(run with --help for usage)');

  const vschema = program.command('vschema').description('VSchema tools.');
  vschema
    .command('check')
    .description('Validate VSchema JSON files as one cluster (keyspace VSchemas or a whole SrvVSchema).')
    .argument('<files...>', '[KEYSPACE=]PATH: a file named vschema.json takes its folder name, any other its file name')
    .option('--strict', 'treat unknown JSON fields and unknown vindex params as problems (Vitess ignores them)')
    .action(async (files: string[], options: { strict?: boolean }) => {
      exitCode = await runVschemaCheck(files, io, { strict: options.strict === true });
    });

  program
    .command('keyspace-id')
    .description('Print the keyspace id a vindex gives a value, and optionally the shard that owns it.')
    .requiredOption('--vindex <type>', 'vindex type, e.g. hash, xxhash, binary_md5, multicol')
    .option('--param <k=v>', 'vindex parameter (repeatable)', collect, [])
    .requiredOption('--value <v>', 'the column value (repeat for each column of a multi-column vindex)', collect)
    .addOption(new Option('--sql-type <t>', 'value type: INT64, UINT64, VARCHAR, VARBINARY or NULL (repeatable, one per --value)').argParser(collect).default([]))
    .option('--shards <list>', 'comma-separated shard names, e.g. -80,80-')
    .action(async (options: { vindex: string; param: string[]; value: string[]; sqlType: string[]; shards?: string }) => {
      exitCode = await runKeyspaceId(options, io);
    });

  program
    .command('up')
    .description('Start the demo cluster (commerce unsharded; customer sharded -80, 80-; a primary and a replica per shard), seed it, and serve its GraphQL API until Ctrl-C.')
    .option('--dir <dir>', 'cluster directory: tablets, cluster.json, generated shardgate.json', '.shardgate')
    .option('--port <port>', 'port of the GraphQL server (http://127.0.0.1:<port>/graphql), also written into the generated config', integerIn(0, 65535), 4000)
    .option('--detach', 'leave the cluster running in the background and exit (stop it with shardgate down)', false)
    .option('--server <url>', 'use an existing server instead of spawning tablets: one database per shard, e.g. mysql://root@127.0.0.1:3306')
    .option('--scale <n>', 'demo data scale: 1 = 10,000 customers and 100,000 orders (default: env SHARDGATE_DEMO_SCALE or 1)', positiveNumber)
    .option('--base-port <port>', 'first port tried for new tablets', integerIn(1, 65535), 17100)
    .option('--database-prefix <prefix>', 'prefix of every database name (useful on a shared --server)')
    .action(async (options: { dir: string; port: number; detach: boolean; server?: string; scale?: number; basePort: number; databasePrefix?: string }) => {
      exitCode = await runUp({ ...options, scale: options.scale ?? defaultScale() }, io);
    });

  program
    .command('down')
    .description('Stop what `shardgate up` started (exactly the recorded tablet processes); the data stays.')
    .option('--dir <dir>', 'cluster directory', '.shardgate')
    .action(async (options: { dir: string }) => {
      exitCode = await runDown(options, io);
    });

  program
    .command('status')
    .description('Print the cluster as JSON: tablets (keyspace, shard, type, host, port, socket, pid, database, running) and server.')
    .option('--dir <dir>', 'cluster directory', '.shardgate')
    .action(async (options: { dir: string }) => {
      exitCode = await runStatus(options, io);
    });

  program
    .command('serve')
    .description('Serve the GraphQL API of the cluster in a config file until SIGTERM or Ctrl-C (then drain requests in flight and exit 0).')
    .requiredOption('--config <file>', 'shardgate.json (INTERFACES.md §2)')
    .option('--host <host>', 'address to listen on (default: listen.host of the config, else 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free port (default: listen.port of the config, else 4000)', integerIn(0, 65535))
    .action(async (options: { config: string; host?: string; port?: number }) => {
      exitCode = await runServe(options, io);
    });

  const schema = program.command('schema').description('GraphQL schema tools.');
  schema
    .command('print')
    .description('Print the generated GraphQL SDL of the cluster in a config file (byte-for-byte stable).')
    .requiredOption('--config <file>', 'shardgate.json (INTERFACES.md §2)')
    .action(async (options: { config: string }) => {
      exitCode = await runSchemaPrint(options, io);
    });

  program
    .command('explain')
    .description('Print, as JSON, every SQL statement a GraphQL operation would run ([{path, keyspace, opcode, shards, sql}]) without running it.')
    .requiredOption('--config <file>', 'shardgate.json (INTERFACES.md §2)')
    .requiredOption('--query <graphql>', 'the GraphQL operation')
    .option('--variables <json>', 'variable values as a JSON object')
    .option('--operation-name <name>', 'the operation to explain when the document has several')
    .action(async (options: { config: string; query: string; variables?: string; operationName?: string }) => {
      exitCode = await runExplain(options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usageError;
    }
    return reportError(error, io);
  }
}
