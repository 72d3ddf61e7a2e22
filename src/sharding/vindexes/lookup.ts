// The `lookup` (non-unique, cost 20) and `lookup_unique` (cost 10) vindexes: a lookup table
// maps each value to keyspace ids stored as bytes. Planned here (query + MapResult); the table
// reads and writes are the engine's. Mirrors vitess go/vt/vtgate/vindexes/lookup.go.

import { LOOKUP_COMMON_PARAMS, createLookupVindex, lookupDefinition, type LookupTypeSpec } from './lookupInternal.js';
import type { LookupParams, LookupVindex } from './vindex.js';

const KNOWN = [...LOOKUP_COMMON_PARAMS, 'no_verify', 'write_only'].sort();
const LOOKUP_SPEC: LookupTypeSpec = { type: 'lookup', isUnique: false, knownParams: KNOWN, noVerify: true };
// Vitess LookupUnique.MapResult does not check write_only (only its Map does).
const LOOKUP_UNIQUE_SPEC: LookupTypeSpec = { type: 'lookup_unique', isUnique: true, knownParams: KNOWN, noVerify: true, writeOnlyInMapResult: false };

/** Creates a `lookup` vindex (LookupNonUnique): MapResult gives keyspaceIds, or the full range when write_only. */
export function createLookup(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(LOOKUP_SPEC, name, params, unknownParams);
}

/** Creates a `lookup_unique` vindex (LookupUnique): MapResult gives one keyspaceId or none, SG405 for several rows. */
export function createLookupUnique(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(LOOKUP_UNIQUE_SPEC, name, params, unknownParams);
}

/** The `lookup` type for the registry. */
export const LOOKUP = lookupDefinition(LOOKUP_SPEC);

/** The `lookup_unique` type for the registry. */
export const LOOKUP_UNIQUE = lookupDefinition(LOOKUP_UNIQUE_SPEC);
