// Runs the CLI in-process (src/cli/main.ts) with captured stdout and stderr lines, for tests of
// commands, exit codes and messages without spawning a process.

import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** Runs `shardgate <argv>` and returns the exit code and the lines written to stdout and stderr. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(argv, io);
  return { code, out, err };
}
