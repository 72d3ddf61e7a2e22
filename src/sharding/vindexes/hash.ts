// The `hash` vindex: a uint64 encrypted with null-key DES, big-endian, is the keyspace id.
// Unique, reversible (DES decrypt), cost 1. Mirrors vitess go/vt/vtgate/vindexes/hash.go.
// The cipher itself is in des.ts; value parsing in util/sqlValue.ts.

import { isSigned, sqlUint64, sqlValueToCastUint64Halves, sqlValueToStrictInt64Halves, type SqlValue } from '../../util/sqlValue.js';
import { NULL_KEY_DES } from './des.js';
import { createFunctionalVindex, noParamDefinition } from './functionalVindex.js';
import { keyspaceIdUint64 } from './numeric.js';
import type { SingleColumnVindex } from './vindex.js';
import { invalidKeyspaceId } from './vindexErrors.js';

const MASK32 = 0xffffffffn;
const UNHASH_SCRATCH = new Uint8Array(8);
const HALVES = new Uint32Array(2);

/**
 * The keyspace id of a uint64 (Vitess vhash): DES-encrypt its 8 big-endian bytes with the
 * null key. Contract: `value` is taken modulo 2^64 (so -1n gives the id of 2^64-1); returns
 * a new 8-byte array.
 */
export function hashUint64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  NULL_KEY_DES.encrypt(Number((value >> 32n) & MASK32), Number(value & MASK32), out);
  return out;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/**
 * The uint64 whose keyspace id is `ksid` (Vitess vunhash): DES-decrypt.
 * Contract: returns undefined unless `ksid` has exactly 8 bytes.
 */
export function unhashUint64(ksid: Uint8Array): bigint | undefined {
  if (ksid.length !== 8) return undefined;
  NULL_KEY_DES.decrypt(readUint32(ksid, 0), readUint32(ksid, 4), UNHASH_SCRATCH);
  return keyspaceIdUint64(UNHASH_SCRATCH);
}

/** DES of the halves just parsed into HALVES (no bigint on the hot path). */
function hashHalves(): Uint8Array {
  const out = new Uint8Array(8);
  NULL_KEY_DES.encrypt(HALVES[0]!, HALVES[1]!, out);
  return out;
}

/**
 * The keyspace id of a value (Vitess Hash.Hash): signed types parse with Go strconv.ParseInt
 * and keep their two's complement (-1 → the id of 2^64-1); every other type goes through
 * ToCastUint64 (so `"12"` as VARCHAR works; `1.5`, `-1` as text and NULL do not).
 * Throws SqlValueError where Vitess returns an error.
 */
export function hashValue(id: SqlValue): Uint8Array {
  if (isSigned(id)) sqlValueToStrictInt64Halves(id, HALVES);
  else sqlValueToCastUint64Halves(id, HALVES);
  return hashHalves();
}

/** Verify's keyspace id (Vitess Hash.Verify): ToCastUint64 for every type, signed ones included. */
function verifyValue(id: SqlValue): Uint8Array {
  sqlValueToCastUint64Halves(id, HALVES);
  return hashHalves();
}

/**
 * Creates a `hash` vindex. Map gives `none` for a value that is not an integer (NULL, text,
 * float, out of range); Verify uses ToCastUint64 only, so it throws SG402 for a negative
 * signed value, as Vitess does. ReverseMap returns UINT64 values and throws SG403 for a
 * keyspace id that is not 8 bytes.
 */
export function createHash(name: string, unknownParams: readonly string[] = []): SingleColumnVindex {
  const label = { name, type: 'hash' };
  return createFunctionalVindex({
    ...label,
    cost: 1,
    unknownParams,
    hash: hashValue,
    verifyHash: verifyValue,
    onMapFailure: 'none',
    reverse: (ksid) => {
      const value = unhashUint64(ksid);
      if (value === undefined) throw invalidKeyspaceId(label, ksid, `a hash keyspace id has 8 bytes, got ${ksid.length}`);
      return sqlUint64(value);
    },
  });
}

/** The `hash` type for the registry: no params. */
export const HASH = noParamDefinition('hash', 1, createHash);
