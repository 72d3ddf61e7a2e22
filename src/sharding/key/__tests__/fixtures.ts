// Test helpers shared by the sharding/key tests: building key ranges and shard lists from
// vector notation without going through the code under test, and asserting ServiceErrors.

import { expect } from 'vitest';
import type { ErrorId } from '../../../errors/catalogue.js';
import { ServiceError } from '../../../errors/serviceError.js';
import { bytesToHex, hexToBytes } from '../../../util/hex.js';
import type { ShardRange } from '../destination.js';
import type { KeyRange } from '../keyRange.js';

/** Bytes from hex; fails the test on bad hex. */
export function bytes(hex: string): Uint8Array {
  const out = hexToBytes(hex);
  if (out === undefined) throw new Error(`test fixture: bad hex ${hex}`);
  return out;
}

/** A KeyRange from `<start>-<end>` (null stays null), decoded directly, not by parseKeyRange. */
export function kr(text: null): null;
export function kr(text: string): KeyRange;
export function kr(text: string | null): KeyRange | null;
export function kr(text: string | null): KeyRange | null {
  if (text === null) return null;
  const [start, end, ...rest] = text.split('-');
  if (start === undefined || end === undefined || rest.length > 0) throw new Error(`test fixture: bad range ${text}`);
  return { start: bytes(start), end: bytes(end) };
}

/** The bounds of a range as hex, for readable equality checks. */
export function boundsHex(range: KeyRange | null): { start: string; end: string } | null {
  return range === null ? null : { start: bytesToHex(range.start), end: bytesToHex(range.end) };
}

/** Shards named in shard-name notation, each with the range its name spells. */
export function shardsNamed(names: readonly string[]): ShardRange[] {
  return names.map((name) => ({ name, keyRange: kr(name) }));
}

/** Runs `fn`, expects a ServiceError with `id`, and (when given) a message containing `contains`. */
export function expectServiceError(fn: () => unknown, id: ErrorId, contains?: string): ServiceError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ServiceError);
  const error = caught as ServiceError;
  expect(error.id).toBe(id);
  if (contains !== undefined) expect(error.message).toContain(contains);
  return error;
}
