// The `xxhash` vindex: XXH64 (seed 0) of the value's bytes, written LITTLE-endian, is the
// keyspace id (Vitess uses binary.LittleEndian.PutUint64). Unique, cost 1, not reversible.
// Mirrors vitess go/vt/vtgate/vindexes/xxhash.go. XXH64 comes from xxhash-wasm, loaded once
// at import (top-level await); cfc and unicode_loose_xxhash reuse the helpers below.

import xxhashWasm from 'xxhash-wasm';
import { sqlValueToBytes } from '../../util/sqlValue.js';
import { createFunctionalVindex, noParamDefinition } from './functionalVindex.js';
import type { SingleColumnVindex } from './vindex.js';

const { h64Raw } = await xxhashWasm();

/** XXH64 with seed 0 of `bytes`, as an unsigned 64-bit bigint (cespare/xxhash Sum64). */
export function xxhash64(bytes: Uint8Array): bigint {
  return h64Raw(bytes);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const SCRATCH64 = new BigUint64Array(1);
const SCRATCH8 = new Uint8Array(SCRATCH64.buffer);

/**
 * The 8-byte keyspace id of `bytes` (Vitess vXXHash): XXH64 written little-endian.
 * Contract: returns a new array; `xxhashKeyspaceId(empty)` is `99e9d85137db46ef`.
 */
export function xxhashKeyspaceId(bytes: Uint8Array): Uint8Array {
  const sum = h64Raw(bytes);
  if (LITTLE_ENDIAN_HOST) {
    SCRATCH64[0] = sum;
    return SCRATCH8.slice();
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, sum, true);
  return out;
}

/**
 * Creates an `xxhash` vindex: any value's bytes (ToBytes: HEXNUM/HEXVAL/BITNUM decoded) are
 * hashed, so NULL hashes as empty bytes. Map and Verify throw SG402 only for a malformed
 * hex/bit literal, as Vitess returns that error.
 */
export function createXxhash(name: string, unknownParams: readonly string[] = []): SingleColumnVindex {
  return createFunctionalVindex({
    name,
    type: 'xxhash',
    cost: 1,
    unknownParams,
    hash: (id) => xxhashKeyspaceId(sqlValueToBytes(id)),
    onMapFailure: 'throw',
  });
}

/** The `xxhash` type for the registry: no params. */
export const XXHASH = noParamDefinition('xxhash', 1, createXxhash);
