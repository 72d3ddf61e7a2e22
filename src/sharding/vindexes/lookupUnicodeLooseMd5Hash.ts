// The deprecated `lookup_unicodeloosemd5_hash` (non-unique, cost 20) and its `_unique` (cost 10)
// variant: like lookup_hash, but the looked-up value is stored as the first 8 bytes (uint64)
// of its unicode_loose_md5 hash. Not LookupPlanable in Vitess (mapped through Map only).
// Mirrors vitess go/vt/vtgate/vindexes/lookup_unicodeloosemd5_hash.go; the normalisation
// itself is unicodeLooseMd5.ts's.

import { sqlUint64, type SqlValue } from '../../util/sqlValue.js';
import { hashedKeyspaceId } from './lookupHash.js';
import { LOOKUP_COMMON_PARAMS, createLookupVindex, lookupDefinition, type LookupTypeSpec } from './lookupInternal.js';
import { keyspaceIdUint64 } from './numeric.js';
import { createUnicodeLooseMd5 } from './unicodeLooseMd5.js';
import type { LookupParams, LookupVindex } from './vindex.js';

const KNOWN = [...LOOKUP_COMMON_PARAMS, 'write_only'].sort();
const UNICODE_LOOSE_MD5 = createUnicodeLooseMd5('lookup_unicodeloosemd5_hash', {});

/**
 * The value stored for an id (Vitess unicodeHashValue): the big-endian uint64 of the first 8
 * bytes of its unicode_loose_md5 hash, as UINT64. Throws SG402 where unicode_loose_md5 cannot
 * hash the id (invalid UTF-8, malformed hex literal).
 */
export function unicodeLooseMd5Uint64(id: SqlValue): SqlValue {
  const digest = UNICODE_LOOSE_MD5.hash!(id);
  return sqlUint64(keyspaceIdUint64(digest.subarray(0, 8))!);
}

// Vitess maps these only in Map (write_only handled there), through lookup_hash's row hashing.
const COMMON = { knownParams: KNOWN, planable: false, writeOnlyInMapResult: false, toKeyspaceId: hashedKeyspaceId, lookupValue: unicodeLooseMd5Uint64 };
const NON_UNIQUE_SPEC: LookupTypeSpec = { ...COMMON, type: 'lookup_unicodeloosemd5_hash', isUnique: false };
const UNIQUE_SPEC: LookupTypeSpec = { ...COMMON, type: 'lookup_unicodeloosemd5_hash_unique', isUnique: true };

/** Creates a `lookup_unicodeloosemd5_hash` vindex; ids are bound as their unicode-loose MD5 uint64. */
export function createLookupUnicodeLooseMd5Hash(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(NON_UNIQUE_SPEC, name, params, unknownParams);
}

/** Creates a `lookup_unicodeloosemd5_hash_unique` vindex; several rows for one id throw SG405. */
export function createLookupUnicodeLooseMd5HashUnique(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(UNIQUE_SPEC, name, params, unknownParams);
}

/** The `lookup_unicodeloosemd5_hash` type for the registry. */
export const LOOKUP_UNICODELOOSEMD5_HASH = lookupDefinition(NON_UNIQUE_SPEC);

/** The `lookup_unicodeloosemd5_hash_unique` type for the registry. */
export const LOOKUP_UNICODELOOSEMD5_HASH_UNIQUE = lookupDefinition(UNIQUE_SPEC);
