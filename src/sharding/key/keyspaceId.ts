// Keyspace ids: the byte strings vindexes map rows to. Owns normalisation (trailing 0x00 bytes
// do not count), comparison, uint64 encoding and hex parsing. Mirrors vitess go/vt/key/key.go
// (Normalize, Compare, Less, Equal, Empty, Uint64Key). Key ranges live in keyRange.ts.

import { ServiceError } from '../../errors/serviceError.js';
import { bytesToHex, hexToBytes } from '../../util/hex.js';

const UINT64_MAX = (1n << 64n) - 1n;

/** Length of `ksid` once trailing 0x00 bytes are dropped (so `8000` and `80` both give 1). */
function normalizedLength(ksid: Uint8Array): number {
  let n = ksid.length;
  while (n > 0 && ksid[n - 1] === 0) n--;
  return n;
}

/**
 * Returns `ksid` without its trailing 0x00 bytes, so `80`, `8000` and `80000000` are one id.
 * Contract: returns a view on the same buffer (no copy), like Go's re-slice; never throws.
 * Mirrors vitess go/vt/key/key.go Normalize.
 */
export function normalizeKeyspaceId(ksid: Uint8Array): Uint8Array {
  const n = normalizedLength(ksid);
  return n === ksid.length ? ksid : ksid.subarray(0, n);
}

/**
 * Compares two keyspace ids bytewise after normalisation: -1 when a < b, 0 when equal, 1 when
 * a > b. An empty id is the smallest. Allocates nothing (hot path of key-range lookups).
 * Mirrors vitess go/vt/key/key.go Compare.
 */
export function compareKeyspaceIds(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  const la = normalizedLength(a);
  const lb = normalizedLength(b);
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** True when `a` sorts before `b` (after normalisation). Mirrors vitess go/vt/key/key.go Less. */
export function keyspaceIdLess(a: Uint8Array, b: Uint8Array): boolean {
  return compareKeyspaceIds(a, b) < 0;
}

/** True when `a` and `b` are the same id once trailing 0x00 bytes are dropped. Mirrors vitess key.Equal. */
export function keyspaceIdEqual(a: Uint8Array, b: Uint8Array): boolean {
  return compareKeyspaceIds(a, b) === 0;
}

/** True when `ksid` has no bytes or only 0x00 bytes. Mirrors vitess go/vt/key/key.go Empty. */
export function isEmptyKeyspaceId(ksid: Uint8Array): boolean {
  return normalizedLength(ksid) === 0;
}

/**
 * Encodes an unsigned 64-bit value as an 8-byte big-endian keyspace id.
 * Contract: always 8 bytes (trailing zeros kept); throws RangeError (a caller bug, not input)
 * when `v` is outside 0..2^64-1. Mirrors vitess go/vt/key/key.go Uint64Key.Bytes.
 */
export function uint64Key(v: bigint): Uint8Array {
  if (v < 0n || v > UINT64_MAX) throw new RangeError(`uint64Key: ${v} is outside 0..2^64-1`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, false);
  return out;
}

/** Returns the lowercase hex of `ksid` exactly as given (no normalisation); "" for empty. */
export function keyspaceIdToHex(ksid: Uint8Array): string {
  return bytesToHex(ksid);
}

/**
 * Describes why `text` is not hex, in the words of Go's encoding/hex (which Vitess surfaces):
 * `encoding/hex: invalid byte: U+0078 'x'` or `encoding/hex: odd length hex string`.
 * Contract: undefined when `text` is valid hex (either case, "" included). Like Go, a bad
 * character is reported before an odd length.
 */
export function hexDecodeError(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isHexDigit = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
    if (!isHexDigit) {
      const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      const shown = c >= 0x20 && c <= 0x7e ? `${code} '${text[i]}'` : code;
      return `encoding/hex: invalid byte: ${shown}`;
    }
  }
  return text.length % 2 === 0 ? undefined : 'encoding/hex: odd length hex string';
}

/**
 * Parses a keyspace id from hex (either case); "" gives the empty id.
 * Contract: the bytes are kept as written (no normalisation); throws ServiceError SG300 naming
 * the text on odd length or a non-hex character.
 */
export function parseKeyspaceIdHex(hex: string): Uint8Array {
  const bytes = hexToBytes(hex);
  if (bytes === undefined) {
    throw new ServiceError('SG300', `invalid keyspace id ${JSON.stringify(hex)}: ${hexDecodeError(hex) ?? 'not hex'}`, {
      details: { text: hex },
    });
  }
  return bytes;
}
