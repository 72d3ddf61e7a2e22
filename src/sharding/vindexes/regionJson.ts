// The `region_json` vindex: [id, country] → the country's region (looked up in the JSON file
// `region_map`, 1 or 2 big-endian bytes) followed by the `hash` keyspace id of the id. Unique,
// cost 1, not partial. Mirrors vitess go/vt/vtgate/vindexes/region_json.go (whose code hashes
// the FIRST column and looks up the SECOND, whatever its comment says).

import { sqlValueToString, type SqlValue } from '../../util/sqlValue.js';
import type { Destination } from '../key/destination.js';
import { NONE } from './functionalVindex.js';
import { hashUint64 } from './hash.js';
import type { ParamReader } from './paramReader.js';
import { parseUint64Map } from './parseUint64Map.js';
import { castUint64OrUndefined, joinBytes, regionPrefix, verifyByMap } from './regionExperimental.js';
import type { MultiColumnVindex } from './vindex.js';
import type { VindexContext, VindexDefinition } from './vindexDefinition.js';

const KNOWN = ['region_bytes', 'region_map'];

/**
 * Creates a `region_json` vindex from its country → region map. Map of [id, country] gives
 * region prefix + hash(id); a row without exactly two values, an id that is not a uint64
 * (ToCastUint64) or a country missing from the map gives `none`. Verify never throws.
 */
export function createRegionJson(name: string, regionMap: ReadonlyMap<string, bigint>, regionBytes: 1 | 2, unknownParams: readonly string[] = []): MultiColumnVindex {
  const map = (rows: readonly (readonly SqlValue[])[]): Destination[] =>
    rows.map((row) => {
      if (row.length !== 2) return NONE;
      const id = castUint64OrUndefined(row[0]!);
      if (id === undefined) return NONE;
      const region = regionMap.get(sqlValueToString(row[1]!));
      return region === undefined ? NONE : { kind: 'keyspaceId', ksid: joinBytes(regionPrefix(region, regionBytes), hashUint64(id)) };
    });
  return Object.freeze({
    kind: 'multiColumn',
    name,
    type: 'region_json',
    cost: 1,
    isUnique: true,
    needsVCursor: false,
    unknownParams: Object.freeze([...unknownParams]),
    partialVindex: false,
    map,
    verify: (rows: readonly (readonly SqlValue[])[], ksids: readonly Uint8Array[]) => verifyByMap(map, rows, ksids),
  });
}

/** Reads and parses the file named by region_map (a JSON object of country → region number). */
function readRegionMap(reader: ParamReader, context: VindexContext): Map<string, bigint> {
  const path = reader.required('region_map', 'the path of a JSON file mapping country to region number');
  if (path === undefined || !context.readFile) {
    if (path !== undefined && !context.validateOnly) reader.problem('param region_map names a file, but this vindex was created without a file reader');
    return new Map();
  }
  let text: string;
  try {
    text = context.readFile(path);
  } catch (error) {
    reader.problem(`param region_map: cannot read ${JSON.stringify(path)}: ${(error as Error).message}`);
    return new Map();
  }
  const parsed = parseUint64Map(text);
  if (typeof parsed === 'string') {
    reader.problem(`param region_map: ${JSON.stringify(path)} must hold a JSON object of country to uint64 region: ${parsed}`);
    return new Map();
  }
  return parsed;
}

/** Reads region_bytes as Go strconv.Atoi, then 1 or 2. */
function readRegionBytes(reader: ParamReader): 1 | 2 {
  const text = reader.required('region_bytes', '1 or 2');
  if (text === undefined) return 1;
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (n === 1 || n === 2) return n;
  reader.problem(`param region_bytes must be 1 or 2, got ${JSON.stringify(text)}`);
  return 1;
}

/** The `region_json` type for the registry: `region_map` (a file) and `region_bytes` (1 or 2). */
export const REGION_JSON: VindexDefinition = {
  type: 'region_json',
  kind: 'multiColumn',
  cost: 1,
  isUnique: true,
  needsVCursor: false,
  knownParams: KNOWN,
  create: (name, reader, context) => createRegionJson(name, readRegionMap(reader, context), readRegionBytes(reader), reader.unknown(KNOWN)),
};
