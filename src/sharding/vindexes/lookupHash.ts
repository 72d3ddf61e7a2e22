// The deprecated `lookup_hash` (non-unique, cost 20) and `lookup_hash_unique` (cost 10)
// vindexes: the lookup table stores the uint64 whose `hash` is the keyspace id. Vitess still
// registers them. Mirrors vitess go/vt/vtgate/vindexes/lookup_hash.go.

import { SqlValueError, sqlValueToCastUint64 } from '../../util/sqlValue.js';
import { hashUint64 } from './hash.js';
import { LOOKUP_COMMON_PARAMS, createLookupVindex, lookupDefinition, type LookupToKeyspaceId, type LookupTypeSpec } from './lookupInternal.js';
import type { LookupParams, LookupVindex } from './vindex.js';

const KNOWN = [...LOOKUP_COMMON_PARAMS, 'write_only'].sort();

/** `hash` of the `to` value's uint64 (ToCastUint64); undefined when it is not one, which Vitess treats as "cannot map". */
export const hashedKeyspaceId: LookupToKeyspaceId = (to) => {
  try {
    return hashUint64(sqlValueToCastUint64(to));
  } catch (error) {
    if (error instanceof SqlValueError) return undefined;
    throw error;
  }
};

const LOOKUP_HASH_SPEC: LookupTypeSpec = { type: 'lookup_hash', isUnique: false, knownParams: KNOWN, toKeyspaceId: hashedKeyspaceId };
const LOOKUP_HASH_UNIQUE_SPEC: LookupTypeSpec = { type: 'lookup_hash_unique', isUnique: true, knownParams: KNOWN, toKeyspaceId: hashedKeyspaceId };

/** Creates a `lookup_hash` vindex: MapResult hashes each row's value, skipping those that are not uint64. */
export function createLookupHash(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(LOOKUP_HASH_SPEC, name, params, unknownParams);
}

/** Creates a `lookup_hash_unique` vindex: one hashed keyspaceId, none for no row or a non-uint64, SG405 for several rows. */
export function createLookupHashUnique(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(LOOKUP_HASH_UNIQUE_SPEC, name, params, unknownParams);
}

/** The `lookup_hash` type for the registry. */
export const LOOKUP_HASH = lookupDefinition(LOOKUP_HASH_SPEC);

/** The `lookup_hash_unique` type for the registry. */
export const LOOKUP_HASH_UNIQUE = lookupDefinition(LOOKUP_HASH_UNIQUE_SPEC);
