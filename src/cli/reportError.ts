// Turns an error escaping a command into stderr lines and an exit code. Expected failures
// (ServiceError) print their message; anything else is a bug and prints a one-line
// summary, with the stack only when SHARDGATE_DEBUG is set. Never a raw stack trace by default.

import { isServiceError } from '../errors/serviceError.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';

/** Prints `error` to stderr and returns the exit code (1 for user errors, 3 for UNAVAILABLE). */
export function reportError(error: unknown, io: CliIo): ExitCode {
  if (isServiceError(error)) {
    io.err(`shardgate: ${error.message}`);
    return error.code === 'UNAVAILABLE' ? EXIT.unreachable : EXIT.userError;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`shardgate: internal error: ${message}`);
  if (process.env.SHARDGATE_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
  return EXIT.userError;
}
