// The one error a route raises when statements failed on some of its shards: every failing
// keyspace/shard named (sorted), each shard's error in details, the code of the most urgent
// failure. Mirrors vitess go/vt/vterrors/aggregate.go (Aggregate and its code priorities).
// Owns no retry and no partial results: a scatter with a failed shard returns no rows.

import type { ErrorCode, ErrorId } from '../errors/catalogue.js';
import { ServiceError, isServiceError } from '../errors/serviceError.js';
import { invariant } from '../util/invariant.js';

/** A statement that failed: where it ran and what it threw. */
export interface ShardFailure {
  readonly keyspace: string;
  readonly shard: string;
  readonly error: unknown;
}

/** One failing shard as listed in `details.shardErrors`. */
export interface ShardErrorDetail {
  /** `keyspace/shard`. */
  readonly shard: string;
  readonly id: string;
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * Codes from least to most urgent for the user to see (vitess vterrors priorities, for the
 * codes shardgate has): the aggregate takes the last one present.
 */
const PRIORITY: readonly ErrorCode[] = [
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'FAILED_PRECONDITION',
  'RESOURCE_EXHAUSTED',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'UNIMPLEMENTED',
  'INTERNAL',
];

/** The engine's catalogue id for each aggregated code. */
const ID_BY_CODE: Readonly<Record<ErrorCode, ErrorId>> = {
  UNAVAILABLE: 'SG700',
  DEADLINE_EXCEEDED: 'SG701',
  RESOURCE_EXHAUSTED: 'SG702',
  FAILED_PRECONDITION: 'SG703',
  INVALID_ARGUMENT: 'SG704',
  NOT_FOUND: 'SG705',
  UNIMPLEMENTED: 'SG706',
  INTERNAL: 'SG707',
};

function describeFailure(f: ShardFailure): ShardErrorDetail {
  const shard = `${f.keyspace}/${f.shard}`;
  if (isServiceError(f.error)) return { shard, id: f.error.id, code: f.error.code, message: f.error.message };
  // The executor contract allows only ServiceErrors: anything else is a bug somewhere below.
  const message = f.error instanceof Error ? f.error.message : String(f.error);
  return { shard, id: 'INTERNAL', code: 'INTERNAL', message };
}

/**
 * Builds the error for a route of `what` (`keyspace.table`) on which `failures` of `total`
 * statements failed.
 * Contract: `failures` is non-empty; the message names every failing `keyspace/shard`,
 * sorted by that text (key-range order for Vitess shard names), followed by each shard's
 * message; the id is the SG70x of the most urgent code (SG700 UNAVAILABLE, SG701
 * DEADLINE_EXCEEDED, SG702 RESOURCE_EXHAUSTED, SG703 FAILED_PRECONDITION, SG704
 * INVALID_ARGUMENT, SG705 NOT_FOUND, SG706 UNIMPLEMENTED, SG707 INTERNAL; a non-ServiceError
 * counts as INTERNAL); `details` has `table`, `shards` (the sorted names), `failed`,
 * `total` and `shardErrors` ({shard, id, code, message} in the same order); `cause` is the
 * one error, or an AggregateError of all of them in that order.
 */
export function shardFailureError(what: string, failures: readonly ShardFailure[], total: number): ServiceError {
  invariant(failures.length > 0, 'shardFailureError needs at least one failure');
  const sorted = failures
    .map((f) => ({ failure: f, detail: describeFailure(f) }))
    .sort((a, b) => (a.detail.shard < b.detail.shard ? -1 : a.detail.shard > b.detail.shard ? 1 : 0));
  const details = sorted.map((s) => s.detail);
  const code = details.reduce<ErrorCode>((worst, d) => (PRIORITY.indexOf(d.code) > PRIORITY.indexOf(worst) ? d.code : worst), 'UNAVAILABLE');
  const shards = details.map((d) => d.shard);
  const errors = sorted.map((s) => s.failure.error);
  const count = total === 1 ? 'its shard' : `${failures.length} of ${total} shards`;
  const message = `query on ${what} failed on ${count} (${shards.join(', ')}): ${details.map((d) => d.message).join('; ')}`;
  return new ServiceError(ID_BY_CODE[code], message, {
    details: { table: what, shards, failed: failures.length, total, shardErrors: details },
    cause: errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} shard statements failed`),
  });
}
