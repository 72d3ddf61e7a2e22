// The `binary` vindex: the value's bytes are the keyspace id. Unique, reversible, sequential
// (BETWEEN → key range), cost 0. Mirrors vitess go/vt/vtgate/vindexes/binary.go.

import { sqlValueToBytes, sqlVarbinary } from '../../util/sqlValue.js';
import { createFunctionalVindex, noParamDefinition } from './functionalVindex.js';
import type { SingleColumnVindex } from './vindex.js';
import { invalidKeyspaceId } from './vindexErrors.js';

/**
 * Creates a `binary` vindex. Map gives the value's bytes (ToBytes: HEXNUM/HEXVAL/BITNUM
 * decoded; NULL → the empty keyspace id, which lies in the first shard) and throws SG402 for
 * a malformed hex/bit literal. ReverseMap returns VARBINARY values; an empty keyspace id
 * (Vitess: a nil one) throws SG403.
 */
export function createBinary(name: string, unknownParams: readonly string[] = []): SingleColumnVindex {
  const label = { name, type: 'binary' };
  return createFunctionalVindex({
    ...label,
    cost: 0,
    unknownParams,
    hash: (id) => new Uint8Array(sqlValueToBytes(id)),
    onMapFailure: 'throw',
    sequential: true,
    reverse: (ksid) => {
      if (ksid.length === 0) throw invalidKeyspaceId(label, ksid, 'the keyspace id is empty');
      return sqlVarbinary(new Uint8Array(ksid));
    },
  });
}

/** The `binary` type for the registry: no params. */
export const BINARY = noParamDefinition('binary', 0, createBinary);
