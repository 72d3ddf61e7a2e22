// Key ranges: half-open intervals [start, end) of keyspace ids, as Vitess shard names spell
// them (`-80`, `80-c0`). Mirrors vitess go/vt/key/key.go. Pure functions, no I/O. Shard-name
// rules (`0`, allowed characters) are in shardName.ts; shard lookup in resolveDestination.ts.
// `null` stands for Go's nil *KeyRange: the complete range everywhere except keyRangeAdd.

import { ServiceError } from '../../errors/serviceError.js';
import { bytesToHex, compareBytes, hexToBytes } from '../../util/hex.js';
import { compareKeyspaceIds, hexDecodeError, isEmptyKeyspaceId } from './keyspaceId.js';

/**
 * A half-open interval [start, end) of keyspace ids. An empty `start` is the minimum, an
 * empty `end` the maximum; `{start: empty, end: empty}` is the complete range.
 */
export interface KeyRange {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

/** The complete key range `-` (empty start and end). Frozen; shares one empty buffer. */
export const FULL_KEY_RANGE: KeyRange = Object.freeze({ start: new Uint8Array(0), end: new Uint8Array(0) });

/**
 * What a valid key-range shard name looks like: `0`, or two even-length hex parts (either
 * case, each may be empty) around one `-`. Mirrors vitess go/vt/key/key.go KeyRangePattern.
 */
export const KEY_RANGE_PATTERN = /^(0|([0-9a-fA-F]{2})*-([0-9a-fA-F]{2})*)$/;

/** True when `text` matches {@link KEY_RANGE_PATTERN}. Mirrors vitess key.IsValidKeyRange. */
export function isValidKeyRange(text: string): boolean {
  return KEY_RANGE_PATTERN.test(text);
}

/**
 * Parses shard-name notation `<start>-<end>` (hex, either case; `-` is the complete range,
 * `80-` ends at the maximum, `-80` starts at the minimum) into a KeyRange.
 * Contract: bounds keep their bytes as written (`8000-` keeps two bytes). Throws ServiceError
 * SG300 naming the text when there is not exactly one `-`, a part is not even-length hex, or
 * a non-empty end is not bytewise greater than the start (compared raw, not normalised, as
 * vitess go/vt/topo/shard.go ValidateShardName does, so `40-4000` is accepted). `0` is a shard
 * name, not a key range: use validateShardName for names. `what` names the text in messages.
 */
export function parseKeyRange(text: string, what = 'key range'): KeyRange {
  const fail = (reason: string): never => {
    throw new ServiceError('SG300', `invalid ${what} ${JSON.stringify(text)}: ${reason}`, { details: { text } });
  };
  const dash = text.indexOf('-');
  if (dash < 0) return fail(`missing '-' (expected <start>-<end> in hex, e.g. 40-80)`);
  if (text.indexOf('-', dash + 1) >= 0) return fail(`can only contain one '-'`);
  const start = decodePart(text.slice(0, dash), fail);
  const end = decodePart(text.slice(dash + 1), fail);
  if (end.length > 0 && compareBytes(start, end) >= 0) {
    fail(`out of order keys: ${bytesToHex(start)} is not strictly smaller than ${bytesToHex(end)}`);
  }
  return { start, end };
}

function decodePart(hex: string, fail: (reason: string) => never): Uint8Array {
  return hexToBytes(hex) ?? fail(hexDecodeError(hex) ?? 'not hex');
}

/**
 * Formats a key range in shard-name notation with lowercase hex, bounds as stored (`8000-`
 * stays `8000-`); the complete range (null, or both bounds empty after normalisation) is `-`.
 * Mirrors vitess go/vt/key/key.go KeyRangeString.
 */
export function keyRangeString(kr: KeyRange | null): string {
  if (kr === null || isCompleteKeyRange(kr)) return '-';
  return `${bytesToHex(kr.start)}-${bytesToHex(kr.end)}`;
}

/**
 * True when `kr` covers every keyspace id: null, or both bounds empty after normalisation.
 * Mirrors vitess go/vt/key/key.go KeyRangeIsComplete.
 */
export function isCompleteKeyRange(kr: KeyRange | null): boolean {
  return kr === null || (isEmptyKeyspaceId(kr.start) && isEmptyKeyspaceId(kr.end));
}

/** True when `kr` does not cover every keyspace id (null is complete, so not partial). Mirrors vitess key.KeyRangeIsPartial. */
export function keyRangeIsPartial(kr: KeyRange | null): boolean {
  return !isCompleteKeyRange(kr);
}

/**
 * True when `ksid` lies in `kr` (start inclusive, end exclusive, both normalised); null
 * contains everything. Hot path: allocates nothing.
 * Mirrors vitess go/vt/key/key.go KeyRangeContains.
 */
export function keyRangeContains(kr: KeyRange | null, ksid: Uint8Array): boolean {
  if (kr === null) return true;
  // An empty start is the minimum, and every id compares >= the empty id, so only the end
  // needs its own emptiness test.
  return compareKeyspaceIds(ksid, kr.start) >= 0 && (isEmptyKeyspaceId(kr.end) || compareKeyspaceIds(ksid, kr.end) < 0);
}

/**
 * Compares the starts of two ranges, an empty start (or null range) being the minimum:
 * -1, 0 or 1. Mirrors vitess go/vt/key/key.go KeyRangeStartCompare.
 */
export function keyRangeStartCompare(a: KeyRange | null, b: KeyRange | null): -1 | 0 | 1 {
  const aMin = a === null || isEmptyKeyspaceId(a.start);
  const bMin = b === null || isEmptyKeyspaceId(b.start);
  if (aMin || bMin) return aMin === bMin ? 0 : aMin ? -1 : 1;
  return compareKeyspaceIds(a.start, b.start);
}

/**
 * Compares the ends of two ranges, an empty end (or null range) being the maximum:
 * -1, 0 or 1. Mirrors vitess go/vt/key/key.go KeyRangeEndCompare.
 */
export function keyRangeEndCompare(a: KeyRange | null, b: KeyRange | null): -1 | 0 | 1 {
  const aMax = a === null || isEmptyKeyspaceId(a.end);
  const bMax = b === null || isEmptyKeyspaceId(b.end);
  if (aMax || bMax) return aMax === bMax ? 0 : aMax ? 1 : -1;
  return compareKeyspaceIds(a.end, b.end);
}

/** True when both ranges start at the same id (normalised; null starts at the minimum). Mirrors vitess key.KeyRangeStartEqual. */
export function keyRangeStartEqual(a: KeyRange | null, b: KeyRange | null): boolean {
  return keyRangeStartCompare(a, b) === 0;
}

/** True when both ranges end at the same id (normalised; null ends at the maximum). Mirrors vitess key.KeyRangeEndEqual. */
export function keyRangeEndEqual(a: KeyRange | null, b: KeyRange | null): boolean {
  return keyRangeEndCompare(a, b) === 0;
}

/**
 * Orders ranges by start, then by end: -1, 0 or 1 (the order shards are listed in).
 * Mirrors vitess go/vt/key/key.go KeyRangeCompare.
 */
export function keyRangeCompare(a: KeyRange | null, b: KeyRange | null): -1 | 0 | 1 {
  const byStart = keyRangeStartCompare(a, b);
  return byStart !== 0 ? byStart : keyRangeEndCompare(a, b);
}

/**
 * True when both ranges hold the same ids: `-80` equals `-8000`, and null equals `-`.
 * Mirrors vitess go/vt/key/key.go KeyRangeEqual.
 */
export function keyRangeEqual(a: KeyRange | null, b: KeyRange | null): boolean {
  return keyRangeCompare(a, b) === 0;
}

/**
 * True when `a` ends exactly where `b` starts; never true if either is complete (or null).
 * Order matters: (`-40`, `40-80`) is contiguous, (`40-80`, `-40`) is not.
 * Mirrors vitess go/vt/key/key.go KeyRangeContiguous.
 */
export function keyRangeContiguous(a: KeyRange | null, b: KeyRange | null): boolean {
  if (a === null || b === null || isCompleteKeyRange(a) || isCompleteKeyRange(b)) return false;
  return compareKeyspaceIds(a.end, b.start) === 0;
}

/**
 * True when some keyspace id lies in both ranges; a complete (or null) range meets everything.
 * Mirrors vitess go/vt/key/key.go KeyRangeIntersect.
 */
export function keyRangeIntersect(a: KeyRange | null, b: KeyRange | null): boolean {
  if (a === null || b === null || isCompleteKeyRange(a) || isCompleteKeyRange(b)) return true;
  return (
    (isEmptyKeyspaceId(a.end) || compareKeyspaceIds(b.start, a.end) < 0) &&
    (isEmptyKeyspaceId(b.end) || compareKeyspaceIds(a.start, b.end) < 0)
  );
}

/**
 * True when every id of `b` lies in `a`; a complete (or null) `a` contains everything, and a
 * complete `b` is contained only by a complete `a`.
 * Mirrors vitess go/vt/key/key.go KeyRangeContainsKeyRange.
 */
export function keyRangeContainsKeyRange(a: KeyRange | null, b: KeyRange | null): boolean {
  if (a === null || isCompleteKeyRange(a)) return true;
  if (b === null || isCompleteKeyRange(b)) return false;
  return keyRangeStartCompare(b, a) >= 0 && keyRangeEndCompare(b, a) <= 0;
}

/**
 * Joins two adjacent ranges, given in either order, into one: `-40` + `40-80` is `-80`.
 * Contract: `ok` is false and `keyRange` null when either is null or they do not touch (a
 * range ending at the maximum touches nothing after it). The result shares the inputs' bound
 * buffers. Mirrors vitess go/vt/key/key.go KeyRangeAdd.
 */
export function keyRangeAdd(a: KeyRange | null, b: KeyRange | null): { keyRange: KeyRange | null; ok: boolean } {
  if (a === null || b === null) return { keyRange: null, ok: false };
  if (!isEmptyKeyspaceId(a.end) && compareKeyspaceIds(a.end, b.start) === 0) {
    return { keyRange: { start: a.start, end: b.end }, ok: true };
  }
  if (!isEmptyKeyspaceId(b.end) && compareKeyspaceIds(b.end, a.start) === 0) {
    return { keyRange: { start: b.start, end: a.end }, ok: true };
  }
  return { keyRange: null, ok: false };
}
