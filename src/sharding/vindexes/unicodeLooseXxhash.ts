// The `unicode_loose_xxhash` vindex: XXH64 (seed 0) of the value's UCA level-1 collation key,
// written little-endian (Vitess XXHashBigEndian.Sum appends the low byte first despite its
// name), is the 8-byte keyspace id. Unique, cost 1, not reversible. Mirrors vitess
// go/vt/vtgate/vindexes/unicodeloosexxhash.go and unicode.go; the collation is in collation/.

import { createUnicodeLooseVindex } from './collation/unicodeLooseVindex.js';
import type { SingleColumnVindex } from './vindex.js';
import { xxhashKeyspaceId } from './xxhash.js';

/**
 * Creates a `unicode_loose_xxhash` vindex. `Test`, `TEst`, `Tést` and `Test ` map to the same
 * keyspace id (`42d21361087a4c07`); NULL and `` map to `99e9d85137db46ef` (XXH64 of nothing).
 * Invalid UTF-8 makes Map, Verify and Hash throw ServiceError SG402 (Vitess returns an error).
 */
export function createUnicodeLooseXxhash(name: string, params: Record<string, string>): SingleColumnVindex {
  return createUnicodeLooseVindex({ type: 'unicode_loose_xxhash', digest: xxhashKeyspaceId }, name, params);
}
