// The `unicode_loose_md5` vindex: MD5 of the value's UCA level-1 collation key (case, accents
// and trailing spaces ignored) is the 16-byte keyspace id. Unique, cost 1, not reversible.
// Mirrors vitess go/vt/vtgate/vindexes/unicodeloosemd5.go; the collation is in collation/.

import { createUnicodeLooseVindex } from './collation/unicodeLooseVindex.js';
import { md5 } from './md5.js';
import type { SingleColumnVindex } from './vindex.js';

/**
 * Creates a `unicode_loose_md5` vindex. `Test`, `TEST`, `Tést` and `Test ` map to the same
 * keyspace id (`0b5edbb401fd7524393690491d64f1f5`); NULL and `` map to MD5 of nothing.
 * Invalid UTF-8 makes Map, Verify and Hash throw ServiceError SG402 (Vitess returns an error).
 */
export function createUnicodeLooseMd5(name: string, params: Record<string, string>): SingleColumnVindex {
  return createUnicodeLooseVindex({ type: 'unicode_loose_md5', digest: md5 }, name, params);
}
