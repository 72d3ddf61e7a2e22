// The `numeric` vindex: the uint64 value, big-endian, is the keyspace id. Unique, reversible,
// sequential (BETWEEN → key range), cost 0. Mirrors vitess go/vt/vtgate/vindexes/numeric.go.

import { sqlUint64, sqlValueToCastUint64 } from '../../util/sqlValue.js';
import { uint64Key } from '../key/keyspaceId.js';
import { createFunctionalVindex, noParamDefinition } from './functionalVindex.js';
import type { SingleColumnVindex } from './vindex.js';
import { invalidKeyspaceId } from './vindexErrors.js';

/** The big-endian uint64 of an 8-byte keyspace id, or undefined for any other length. */
export function keyspaceIdUint64(ksid: Uint8Array): bigint | undefined {
  return ksid.length === 8 ? new DataView(ksid.buffer, ksid.byteOffset, 8).getBigUint64(0, false) : undefined;
}

/**
 * Creates a `numeric` vindex. Map uses ToCastUint64, so any type whose text is an unsigned
 * integer maps (`" 7 "` too) and a negative, fractional or NULL value gives `none`; Verify
 * throws SG402 for those. ReverseMap returns UINT64 values and throws SG403 unless the
 * keyspace id has 8 bytes.
 */
export function createNumeric(name: string, unknownParams: readonly string[] = []): SingleColumnVindex {
  const label = { name, type: 'numeric' };
  return createFunctionalVindex({
    ...label,
    cost: 0,
    unknownParams,
    hash: (id) => uint64Key(sqlValueToCastUint64(id)),
    onMapFailure: 'none',
    sequential: true,
    reverse: (ksid) => {
      const value = keyspaceIdUint64(ksid);
      if (value === undefined) throw invalidKeyspaceId(label, ksid, `length of keyspace id is not 8: ${ksid.length}`);
      return sqlUint64(value);
    },
  });
}

/** The `numeric` type for the registry: no params. */
export const NUMERIC = noParamDefinition('numeric', 0, createNumeric);
