// Guards for conditions that can only fail through a bug in shardgate itself.
// Bad input is never checked with these: it gets a ServiceError with a catalogue id.

/**
 * Throws an INTERNAL error prefixed `[BUG]` when `condition` is falsy.
 * Contract: never used for user input; the message is logged, never shown to clients.
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new InvariantError(message);
  }
}

/** The error thrown by {@link invariant} and {@link assertNever}; always a bug. */
export class InvariantError extends Error {
  readonly code = 'INTERNAL' as const;
  constructor(message: string) {
    super(`[BUG] ${message}`);
    this.name = 'InvariantError';
  }
}

/** Marks the end of an exhaustive `switch` over a discriminated union. */
export function assertNever(value: never, what = 'value'): never {
  throw new InvariantError(`unexpected ${what}: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
}
