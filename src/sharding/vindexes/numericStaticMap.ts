// The `numeric_static_map` vindex: a uint64 looked up in a fixed JSON map (param `json`, or a
// file named by `json_path`) gives the big-endian keyspace id; a miss uses the value itself, or
// the `fallback_type` vindex's Hash. Unique, cost 1, not reversible.
// Mirrors vitess go/vt/vtgate/vindexes/numeric_static_map.go.

import { isServiceError } from '../../errors/serviceError.js';
import { sqlValueToCastUint64, type SqlValue } from '../../util/sqlValue.js';
import { uint64Key } from '../key/keyspaceId.js';
import { createFunctionalVindex } from './functionalVindex.js';
import type { ParamReader } from './paramReader.js';
import { parseUint64Map } from './parseUint64Map.js';
import type { SingleColumnVindex } from './vindex.js';
import type { VindexContext, VindexDefinition } from './vindexDefinition.js';

const KNOWN = ['fallback_type', 'json', 'json_path'];
const MAP_FORM = 'a JSON object of uint64 keys to uint64 values, e.g. {"1":2}';

/** Reads the map text from `json` or the file `json_path` (exactly one of them). */
function readMapText(reader: ParamReader, context: VindexContext): string | undefined {
  const json = reader.get('json');
  const path = reader.get('json_path');
  if (json === undefined && path === undefined) {
    reader.problem(`either param json (${MAP_FORM}) or param json_path (a file holding one) is required`);
    return undefined;
  }
  if (json !== undefined && path !== undefined) {
    reader.problem('params json and json_path are mutually exclusive: give one');
    return undefined;
  }
  if (json !== undefined) return json;
  if (!context.readFile) {
    if (!context.validateOnly) reader.problem(`param json_path names a file, but this vindex was created without a file reader; use param json instead`);
    return undefined;
  }
  try {
    return context.readFile(path!);
  } catch (error) {
    reader.problem(`param json_path: cannot read ${JSON.stringify(path)}: ${(error as Error).message}`);
    return undefined;
  }
}

/** Parses the map like Vitess parseNumericLookupTable: keys with strconv.ParseUint, values uint64. */
function parseLookupTable(reader: ParamReader, text: string, param: string): Map<bigint, bigint> {
  const table = new Map<bigint, bigint>();
  const parsed = parseUint64Map(text);
  if (typeof parsed === 'string') {
    reader.problem(`param ${param} must be ${MAP_FORM}: ${parsed}`);
    return table;
  }
  for (const [key, value] of parsed) {
    if (!/^[0-9]+$/.test(key) || BigInt(key) > (1n << 64n) - 1n) {
      reader.problem(`param ${param} must be ${MAP_FORM}: key ${JSON.stringify(key)} is not a uint64`);
      continue;
    }
    table.set(BigInt(key), value);
  }
  return table;
}

/**
 * Creates a `numeric_static_map` vindex from a parsed table and an optional fallback Hash.
 * Map uses ToCastUint64 (NULL, negative, fractional or text values give `none`), then the
 * table, then the fallback, then the value itself; Verify throws SG402 where Map gives `none`.
 */
export function createNumericStaticMap(
  name: string,
  table: ReadonlyMap<bigint, bigint>,
  fallback: ((id: SqlValue) => Uint8Array) | undefined,
  unknownParams: readonly string[] = [],
): SingleColumnVindex {
  return createFunctionalVindex({
    name,
    type: 'numeric_static_map',
    cost: 1,
    unknownParams,
    hash: (id) => {
      const num = sqlValueToCastUint64(id);
      const mapped = table.get(num);
      if (mapped !== undefined) return uint64Key(mapped);
      return fallback ? fallback(id) : uint64Key(num);
    },
    onMapFailure: 'none',
  });
}

/** The `numeric_static_map` type for the registry. */
export const NUMERIC_STATIC_MAP: VindexDefinition = {
  type: 'numeric_static_map',
  kind: 'singleColumn',
  cost: 1,
  isUnique: true,
  needsVCursor: false,
  knownParams: KNOWN,
  create(name, reader, context) {
    const text = readMapText(reader, context);
    const table = text === undefined ? new Map<bigint, bigint>() : parseLookupTable(reader, text, reader.has('json') ? 'json' : 'json_path');
    let fallback: SingleColumnVindex['hash'];
    const fallbackType = reader.get('fallback_type');
    if (fallbackType !== undefined) {
      try {
        const vindex = context.createVindex(fallbackType, `${name}_hash`, {});
        // As in Vitess, a fallback type without Hash (e.g. null) is accepted and never used.
        if (vindex.kind === 'singleColumn') fallback = vindex.hash;
      } catch (error) {
        if (!isServiceError(error)) throw error;
        reader.problem(`param fallback_type must name a vindex type with a Hash function: ${error.message}`);
      }
    }
    return createNumericStaticMap(name, table, fallback, reader.unknown(KNOWN));
  },
};
