// The `null` vindex: every value, NULL included, maps to keyspace id 00 (the first shard).
// Unique, cost 100, no Hash, not reversible. Mirrors vitess go/vt/vtgate/vindexes/null.go.

import { bytesEqual } from '../../util/hex.js';
import { invariant } from '../../util/invariant.js';
import { noParamDefinition } from './functionalVindex.js';
import type { SingleColumnVindex } from './vindex.js';

const NULL_KSID = new Uint8Array([0]);

/** Creates a `null` vindex: Map gives keyspace id `00` per id; Verify is true where the ksid is `00`. */
export function createNullVindex(name: string, unknownParams: readonly string[] = []): SingleColumnVindex {
  const vindex: SingleColumnVindex = {
    kind: 'singleColumn',
    name,
    type: 'null',
    cost: 100,
    isUnique: true,
    needsVCursor: false,
    unknownParams: Object.freeze([...unknownParams]),
    map: (ids) => ids.map(() => ({ kind: 'keyspaceId', ksid: NULL_KSID.slice() })),
    verify: (ids, ksids) => {
      invariant(ids.length === ksids.length, `verify got ${ids.length} ids and ${ksids.length} keyspace ids`);
      return ksids.map((ksid) => bytesEqual(ksid, NULL_KSID));
    },
  };
  return Object.freeze(vindex);
}

/** The `null` type for the registry: no params. */
export const NULL_VINDEX = noParamDefinition('null', 100, createNullVindex);
