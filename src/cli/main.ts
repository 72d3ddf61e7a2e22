// The shardgate command line: parses arguments with commander and hands each command to
// its module. Thin by design: no logic beyond argument shapes, output and exit codes
// (INTERFACES.md §3: 0 success, 1 user error, 2 usage error, 3 cannot reach a database).

import { Command, CommanderError, Option } from 'commander';
import { EXIT, processIo, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';
import { runVschemaCheck } from './vschemaCheck.js';
import { runKeyspaceId } from './keyspaceId.js';
import { COMING_COMMANDS, runComingCommand } from './comingCommands.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
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
    .action(async (files: string[]) => {
      exitCode = await runVschemaCheck(files, io);
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

  for (const coming of COMING_COMMANDS) {
    const command = program.command(coming.name).description(`${coming.description} (arrives with issue #${coming.issue})`).allowUnknownOption().allowExcessArguments();
    command.action(() => {
      exitCode = runComingCommand(coming, io);
    });
  }

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
