// The `binary_md5` vindex: MD5 of the value's bytes is the 16-byte keyspace id. Unique,
// cost 1, not reversible. Mirrors vitess go/vt/vtgate/vindexes/binarymd5.go.

import { sqlValueToBytes } from '../../util/sqlValue.js';
import { createFunctionalVindex, noParamDefinition } from './functionalVindex.js';
import { md5 } from './md5.js';
import type { SingleColumnVindex } from './vindex.js';

/**
 * Creates a `binary_md5` vindex: NULL hashes as empty bytes (`d41d8cd9...`); Map and Verify
 * throw SG402 only for a malformed hex/bit literal, as Vitess returns that error.
 */
export function createBinaryMd5(name: string, unknownParams: readonly string[] = []): SingleColumnVindex {
  return createFunctionalVindex({
    name,
    type: 'binary_md5',
    cost: 1,
    unknownParams,
    hash: (id) => md5(sqlValueToBytes(id)),
    onMapFailure: 'throw',
  });
}

/** The `binary_md5` type for the registry: no params. */
export const BINARY_MD5 = noParamDefinition('binary_md5', 1, createBinaryMd5);
