// The `consistent_lookup` (non-unique, cost 20) and `consistent_lookup_unique` (cost 10)
// vindexes: lookups whose table writes run before the owner's (commit order PRE), so they
// stay consistent without autocommit. Planned here; the duplicate-key handling of Create is
// the mutation layer's. Mirrors vitess go/vt/vtgate/vindexes/consistent_lookup.go.

import { LOOKUP_INTERNAL_PARAMS, createLookupVindex, lookupDefinition, type LookupTypeSpec } from './lookupInternal.js';
import type { LookupParams, LookupVindex } from './vindex.js';

const KNOWN = [...LOOKUP_INTERNAL_PARAMS, 'write_only'].sort();
const CONSISTENT_LOOKUP_SPEC: LookupTypeSpec = { type: 'consistent_lookup', isUnique: false, knownParams: KNOWN, consistent: true };
const CONSISTENT_LOOKUP_UNIQUE_SPEC: LookupTypeSpec = { type: 'consistent_lookup_unique', isUnique: true, knownParams: KNOWN, consistent: true };

/** Creates a `consistent_lookup` vindex: MapResult gives keyspaceIds (full range when write_only). */
export function createConsistentLookup(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(CONSISTENT_LOOKUP_SPEC, name, params, unknownParams);
}

/** Creates a `consistent_lookup_unique` vindex: one keyspaceId or none; several rows throw SG405. */
export function createConsistentLookupUnique(name: string, params: LookupParams, unknownParams: readonly string[] = []): LookupVindex {
  return createLookupVindex(CONSISTENT_LOOKUP_UNIQUE_SPEC, name, params, unknownParams);
}

/** The `consistent_lookup` type for the registry (no autocommit, multi_shard_autocommit or no_verify). */
export const CONSISTENT_LOOKUP = lookupDefinition(CONSISTENT_LOOKUP_SPEC);

/** The `consistent_lookup_unique` type for the registry. */
export const CONSISTENT_LOOKUP_UNIQUE = lookupDefinition(CONSISTENT_LOOKUP_UNIQUE_SPEC);
