// The shared body of the functional single-column vindexes (hash, xxhash, binary, numeric, ...):
// Map and Verify built from one Hash function, with Vitess's two failure styles. Each type's
// own file supplies the hash, its capabilities and ReverseMap/RangeMap where Vitess has them.

import { invariant } from '../../util/invariant.js';
import { bytesEqual } from '../../util/hex.js';
import type { SqlValue } from '../../util/sqlValue.js';
import type { Destination } from '../key/destination.js';
import type { SingleColumnVindex } from './vindex.js';
import type { VindexDefinition } from './vindexDefinition.js';
import { asUnmappable, type VindexLabel } from './vindexErrors.js';

/** The destination for values no shard can hold. */
export const NONE: Destination = Object.freeze({ kind: 'none' });

/** What a functional vindex type provides. */
export interface FunctionalVindexSpec extends VindexLabel {
  readonly cost: number;
  readonly unknownParams: readonly string[];
  /**
   * id → ksid (Vitess Hash). Throws SqlValueError or ServiceError SG402 where Vitess Hash
   * returns an error.
   */
  readonly hash: (id: SqlValue) => Uint8Array;
  /**
   * What Map does when `hash` fails: `none` gives DestinationNone for that id (hash, numeric,
   * reverse_bits, numeric_static_map); `throw` fails the whole call with SG402 (xxhash,
   * binary, binary_md5, unicode_loose_*), as Vitess Map returns the error.
   */
  readonly onMapFailure: 'none' | 'throw';
  /** Verify's id → ksid when it differs from `hash` (Vitess hash.go Verify uses ToCastUint64 only). */
  readonly verifyHash?: (id: SqlValue) => Uint8Array;
  /** ksid → value (Vitess ReverseMap); throws ServiceError SG403. */
  readonly reverse?: (ksid: Uint8Array) => SqlValue;
  /** True when Vitess implements Sequential (RangeMap) for the type. */
  readonly sequential?: boolean;
}

/**
 * Builds a SingleColumnVindex whose Map, Verify and Hash come from `spec.hash`.
 * Contract: Map returns one destination per id, in order, `keyspaceId` or `none` as the spec
 * says; Verify throws SG402 for an id that cannot be hashed (as Vitess Verify returns the error);
 * `reverseMap` and `rangeMap` exist only when the spec has them. The vindex is frozen.
 */
export function createFunctionalVindex(spec: FunctionalVindexSpec): SingleColumnVindex {
  const { hash, onMapFailure } = spec;
  const verifyHash = spec.verifyHash ?? hash;
  const hashOrThrow = (id: SqlValue): Uint8Array => {
    try {
      return hash(id);
    } catch (error) {
      throw asUnmappable(spec, id, error);
    }
  };
  const vindex: SingleColumnVindex = {
    kind: 'singleColumn',
    name: spec.name,
    type: spec.type,
    cost: spec.cost,
    isUnique: true,
    needsVCursor: false,
    unknownParams: Object.freeze([...spec.unknownParams]),
    map(ids) {
      const out = new Array<Destination>(ids.length);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        try {
          out[i] = { kind: 'keyspaceId', ksid: hash(id) };
        } catch (error) {
          const unmappable = asUnmappable(spec, id, error);
          if (onMapFailure === 'throw') throw unmappable;
          out[i] = NONE;
        }
      }
      return out;
    },
    verify(ids, ksids) {
      invariant(ids.length === ksids.length, `verify got ${ids.length} ids and ${ksids.length} keyspace ids`);
      return ids.map((id, i) => {
        try {
          return bytesEqual(verifyHash(id), ksids[i]!);
        } catch (error) {
          throw asUnmappable(spec, id, error);
        }
      });
    },
    hash: hashOrThrow,
  };
  const reverse = spec.reverse;
  if (reverse) vindex.reverseMap = (ksids) => ksids.map(reverse);
  if (spec.sequential) {
    vindex.rangeMap = (start, end) => [{ kind: 'keyRange', keyRange: { start: hashOrThrow(start), end: hashOrThrow(end) } }];
  }
  return Object.freeze(vindex);
}

/**
 * The registry definition of a unique functional type that takes no params (hash, xxhash,
 * binary, ...): every param given is reported in `unknownParams`, none is an error.
 */
export function noParamDefinition(type: string, cost: number, create: (name: string, unknownParams: readonly string[]) => SingleColumnVindex): VindexDefinition {
  return {
    type,
    kind: 'singleColumn',
    cost,
    isUnique: true,
    needsVCursor: false,
    knownParams: [],
    create: (name, reader) => create(name, reader.unknown([])),
  };
}
