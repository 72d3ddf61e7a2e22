// The server's log: one line per event on stderr (or wherever the caller points it), and the
// adapter that routes Yoga's own logging into it. Owns the line format and the incident ids
// that tie a masked client error to its log line; not metrics, not request logging.

import { randomBytes } from 'node:crypto';
import type { YogaLogger } from 'graphql-yoga';

/** Where the server writes what happened; each call is one line. */
export interface ServerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Creates a log that writes `shardgate: <level>: <message>` lines through `write` (default:
 * stderr). Contract: a message with newlines stays one event (continuation lines are
 * indented); `write` receives lines without a trailing newline.
 */
export function createServerLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): ServerLog {
  const emit = (level: string, message: string): void => write(`shardgate: ${level}: ${message.replace(/\n/g, '\n    ')}`);
  return {
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}

/** A log that drops everything (tools that print their own output, tests). */
export const silentLog: ServerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A new incident id: 12 lowercase hex characters, unique enough to find one log line. */
export function newIncidentId(): string {
  return randomBytes(6).toString('hex');
}

/** Describes a thrown value for the log: its stack when it has one, else its text. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Yoga's logger, routed into `log`: `warn` and `error` pass through, `info` and `debug` are
 * dropped (shardgate logs its own start and stop). Yoga logs masked errors itself only when
 * its masking is on; shardgate turns Yoga's masking off and logs in useErrorMasking.
 */
export function yogaLogger(log: ServerLog): YogaLogger {
  const text = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : describeThrown(a))).join(' ');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => log.warn(text(args)),
    error: (...args: unknown[]) => log.error(text(args)),
  };
}
