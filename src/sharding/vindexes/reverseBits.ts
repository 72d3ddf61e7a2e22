// The `reverse_bits` vindex: the uint64 with its 64 bits reversed, big-endian, is the keyspace
// id. Unique, reversible, cost 1. Mirrors vitess go/vt/vtgate/vindexes/reverse_bits.go.

import { sqlUint64, sqlValueToCastUint64 } from '../../util/sqlValue.js';
import { uint64Key } from '../key/keyspaceId.js';
import { createFunctionalVindex, noParamDefinition } from './functionalVindex.js';
import { keyspaceIdUint64 } from './numeric.js';
import type { SingleColumnVindex } from './vindex.js';
import { invalidKeyspaceId } from './vindexErrors.js';

function reverse32(x: number): number {
  let v = x >>> 0;
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/** The 64 bits of `value` in reverse order (Go bits.Reverse64); `value` is taken modulo 2^64. */
export function reverseBits64(value: bigint): bigint {
  const hi = Number((value >> 32n) & 0xffffffffn);
  const lo = Number(value & 0xffffffffn);
  return (BigInt(reverse32(lo)) << 32n) | BigInt(reverse32(hi));
}

/**
 * Creates a `reverse_bits` vindex. Map uses ToCastUint64 (a negative, fractional or NULL
 * value gives `none`); Verify throws SG402 for those. ReverseMap returns UINT64 values and
 * throws SG403 unless the keyspace id has 8 bytes.
 */
export function createReverseBits(name: string, unknownParams: readonly string[] = []): SingleColumnVindex {
  const label = { name, type: 'reverse_bits' };
  return createFunctionalVindex({
    ...label,
    cost: 1,
    unknownParams,
    hash: (id) => uint64Key(reverseBits64(sqlValueToCastUint64(id))),
    onMapFailure: 'none',
    reverse: (ksid) => {
      const value = keyspaceIdUint64(ksid);
      if (value === undefined) throw invalidKeyspaceId(label, ksid, `a reverse_bits keyspace id has 8 bytes, got ${ksid.length}`);
      return sqlUint64(reverseBits64(value));
    },
  });
}

/** The `reverse_bits` type for the registry: no params. */
export const REVERSE_BITS = noParamDefinition('reverse_bits', 1, createReverseBits);
