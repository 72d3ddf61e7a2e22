// The `region_experimental` vindex: a region number (first column, 1 or 2 big-endian bytes)
// followed by the `hash` keyspace id of the id (second column); the region alone routes to
// the region's key range. Unique, cost 1. Mirrors vitess go/vt/vtgate/vindexes/region_experimental.go.

import { invariant } from '../../util/invariant.js';
import { bytesEqual } from '../../util/hex.js';
import { SqlValueError, sqlValueToCastUint64, type SqlValue } from '../../util/sqlValue.js';
import type { Destination } from '../key/destination.js';
import { NONE } from './functionalVindex.js';
import { hashUint64 } from './hash.js';
import { keyRangeFromPrefix } from './keyRangeFromPrefix.js';
import type { ParamReader } from './paramReader.js';
import type { MultiColumnVindex } from './vindex.js';
import type { VindexDefinition } from './vindexDefinition.js';

const KNOWN = ['region_bytes'];

/** ToCastUint64, or undefined where Vitess gets an error (the region vindexes then give `none`). */
export function castUint64OrUndefined(value: SqlValue): bigint | undefined {
  try {
    return sqlValueToCastUint64(value);
  } catch (error) {
    if (error instanceof SqlValueError) return undefined;
    throw error;
  }
}

/** The region prefix: the region as uint16 (truncated, as Go's uint16()), big-endian, its last `regionBytes` bytes. */
export function regionPrefix(region: bigint, regionBytes: 1 | 2): Uint8Array {
  const r = Number(region & 0xffffn);
  return regionBytes === 1 ? Uint8Array.of(r & 0xff) : Uint8Array.of(r >> 8, r & 0xff);
}

/** `prefix` followed by `tail`, as a new array. */
export function joinBytes(prefix: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + tail.length);
  out.set(prefix);
  out.set(tail, prefix.length);
  return out;
}

/** Verify of the region vindexes: true where Map gives exactly that keyspace id, never an error. */
export function verifyByMap(map: (rows: readonly (readonly SqlValue[])[]) => Destination[], rows: readonly (readonly SqlValue[])[], ksids: readonly Uint8Array[]): boolean[] {
  invariant(rows.length === ksids.length, `verify got ${rows.length} rows and ${ksids.length} keyspace ids`);
  return map(rows).map((dest, i) => dest.kind === 'keyspaceId' && bytesEqual(dest.ksid, ksids[i]!));
}

/**
 * Creates a `region_experimental` vindex. Map of [region, id] gives region prefix + hash(id)
 * (both through ToCastUint64, so a negative or non-integer value gives `none`); of [region]
 * the prefix's key range; of more than two values `none`. Contract: rows have at least one value.
 */
export function createRegionExperimental(name: string, regionBytes: 1 | 2, unknownParams: readonly string[] = []): MultiColumnVindex {
  const map = (rows: readonly (readonly SqlValue[])[]): Destination[] =>
    rows.map((row) => {
      invariant(row.length > 0, 'region_experimental needs at least the region column');
      if (row.length > 2) return NONE;
      const region = castUint64OrUndefined(row[0]!);
      if (region === undefined) return NONE;
      const prefix = regionPrefix(region, regionBytes);
      if (row.length === 1) return keyRangeFromPrefix(prefix);
      const id = castUint64OrUndefined(row[1]!);
      return id === undefined ? NONE : { kind: 'keyspaceId', ksid: joinBytes(prefix, hashUint64(id)) };
    });
  return Object.freeze({
    kind: 'multiColumn',
    name,
    type: 'region_experimental',
    cost: 1,
    isUnique: true,
    needsVCursor: false,
    unknownParams: Object.freeze([...unknownParams]),
    partialVindex: true,
    map,
    verify: (rows: readonly (readonly SqlValue[])[], ksids: readonly Uint8Array[]) => verifyByMap(map, rows, ksids),
  });
}

/** Reads region_bytes: exactly "1" or "2" for region_experimental. */
function readRegionBytes(reader: ParamReader): 1 | 2 {
  const text = reader.required('region_bytes', '1 or 2');
  if (text === undefined || text === '1' || text === '2') return text === '2' ? 2 : 1;
  reader.problem(`param region_bytes must be 1 or 2, got ${JSON.stringify(text)}`);
  return 1;
}

/** The `region_experimental` type for the registry: `region_bytes` (1 or 2). */
export const REGION_EXPERIMENTAL: VindexDefinition = {
  type: 'region_experimental',
  kind: 'multiColumn',
  cost: 1,
  isUnique: true,
  needsVCursor: false,
  knownParams: KNOWN,
  create: (name, reader) => createRegionExperimental(name, readRegionBytes(reader), reader.unknown(KNOWN)),
};
