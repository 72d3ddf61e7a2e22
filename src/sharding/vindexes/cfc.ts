// The `cfc` vindex (concatenated fixed-width composite): the key's bytes, or with `hash` set
// the concatenated (truncated) md5/xxhash64 of its components cut at `offsets`, are the
// keyspace id; its prefix vindex routes a LIKE prefix to a key range. Unique, cost 1, no
// Hash. Mirrors vitess go/vt/vtgate/vindexes/cfc.go.

import { invariant } from '../../util/invariant.js';
import { bytesEqual } from '../../util/hex.js';
import { SqlValueError, sqlValueToBytes, type SqlValue } from '../../util/sqlValue.js';
import type { Destination } from '../key/destination.js';
import { keyRangeFromPrefix } from './keyRangeFromPrefix.js';
import { md5 } from './md5.js';
import type { ParamReader } from './paramReader.js';
import type { SingleColumnVindex } from './vindex.js';
import type { VindexDefinition } from './vindexDefinition.js';
import { asUnmappable, type VindexLabel } from './vindexErrors.js';
import { xxhashKeyspaceId } from './xxhash.js';

const KNOWN = ['hash', 'offsets'];
const OFFSETS_JSON = /^[ \t\n\r]*\[[ \t\n\r]*(-?(0|[1-9]\d*)([ \t\n\r]*,[ \t\n\r]*-?(0|[1-9]\d*))*)?[ \t\n\r]*\][ \t\n\r]*$/;

/** A component hash, truncated to the component's length (cfc.go md5hash / xxhash64). */
type ComponentHash = (component: Uint8Array) => Uint8Array;

const COMPONENT_HASHES: Readonly<Record<string, ComponentHash>> = {
  md5: (c) => truncate(md5(c), c.length),
  xxhash64: (c) => truncate(xxhashKeyspaceId(c), c.length),
};

function truncate(digest: Uint8Array, n: number): Uint8Array {
  return n < digest.length ? digest.subarray(0, n) : digest;
}

/** The cfc configuration: no hash (the key is the keyspace id), or a hash and sorted offsets. */
export interface CfcConfig {
  readonly hash?: 'md5' | 'xxhash64';
  readonly offsets: readonly number[];
}

/**
 * The keyspace id of key bytes `v` (cfc.go computeKsid). Without a hash: `v` itself. With one:
 * the hashes of v[0,o1), v[o1,o2), ..., then of the tail after the last offset. When `prefix`
 * is false, `v` must reach the last offset, else SqlValueError; when true, hashing stops at
 * the first component `v` does not fully contain.
 */
export function cfcKeyspaceId(config: CfcConfig, v: Uint8Array, prefix: boolean): Uint8Array {
  if (config.hash === undefined) return v;
  const hash = COMPONENT_HASHES[config.hash]!;
  const { offsets } = config;
  const last = offsets[offsets.length - 1]!;
  if (!prefix && v.length < last) throw new SqlValueError(`insufficient size for cfc vindex: need ${last} bytes, got ${v.length}`);
  const parts: Uint8Array[] = [];
  let previous = 0;
  for (const offset of offsets) {
    if (v.length < offset) return concat(parts);
    parts.push(hash(v.subarray(previous, offset)));
    previous = offset;
  }
  if (last < v.length) parts.push(hash(v.subarray(last)));
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** MySQL escapes after a backslash (Vitess SQLDecodeMap); any other escaped byte stands for itself. */
const LIKE_ESCAPES: Readonly<Record<number, number>> = {
  0x30: 0x00, // \0
  0x27: 0x27, // \'
  0x22: 0x22, // \"
  0x62: 0x08, // \b
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
  0x5a: 0x1a, // \Z
  0x5c: 0x5c, // \\
};

/**
 * The literal prefix of a LIKE pattern (cfc.go findPrefix): bytes up to the first unescaped
 * `%` or `_`, with backslash escapes decoded; a trailing lone backslash is kept.
 */
export function likePrefix(pattern: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === 0x25 || c === 0x5f) break;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    if (i === pattern.length - 1) {
      out.push(c);
      break;
    }
    const next = pattern[++i]!;
    out.push(LIKE_ESCAPES[next] ?? next);
  }
  return Uint8Array.from(out);
}

function verifyAll(label: VindexLabel, config: CfcConfig, ids: readonly SqlValue[], ksids: readonly Uint8Array[]): boolean[] {
  invariant(ids.length === ksids.length, `verify got ${ids.length} ids and ${ksids.length} keyspace ids`);
  return ids.map((id, i) => {
    try {
      return bytesEqual(cfcKeyspaceId(config, sqlValueToBytes(id), false), ksids[i]!);
    } catch (error) {
      throw asUnmappable(label, id, error);
    }
  });
}

function mapAll(label: VindexLabel, ids: readonly SqlValue[], one: (bytes: Uint8Array) => Destination): Destination[] {
  return ids.map((id) => {
    try {
      return one(sqlValueToBytes(id));
    } catch (error) {
      throw asUnmappable(label, id, error);
    }
  });
}

/**
 * Creates a `cfc` vindex. Map and Verify throw SG402 for a malformed hex/bit literal and,
 * with a hash, for a key shorter than the last offset (as Vitess returns those errors).
 * `prefixVindex()` gives the LIKE vindex: not unique, cost = number of offsets (2 without a
 * hash), mapping each pattern's literal prefix to a key range (`allShards` when the prefix
 * covers no whole component).
 */
export function createCfc(name: string, config: CfcConfig, unknownParams: readonly string[] = []): SingleColumnVindex {
  const label = { name, type: 'cfc' };
  const frozenUnknown = Object.freeze([...unknownParams]);
  const prefixVindex: SingleColumnVindex = Object.freeze({
    kind: 'singleColumn',
    ...label,
    cost: config.offsets.length > 0 ? config.offsets.length : 2,
    isUnique: false,
    needsVCursor: false,
    unknownParams: frozenUnknown,
    map: (ids: readonly SqlValue[]) => mapAll(label, ids, (bytes) => keyRangeFromPrefix(cfcKeyspaceId(config, likePrefix(bytes), true))),
    verify: (ids: readonly SqlValue[], ksids: readonly Uint8Array[]) => verifyAll(label, config, ids, ksids),
  });
  return Object.freeze({
    kind: 'singleColumn',
    ...label,
    cost: 1,
    isUnique: true,
    needsVCursor: false,
    unknownParams: frozenUnknown,
    map: (ids: readonly SqlValue[]) => mapAll(label, ids, (bytes) => ({ kind: 'keyspaceId', ksid: new Uint8Array(cfcKeyspaceId(config, bytes, false)) })),
    verify: (ids: readonly SqlValue[], ksids: readonly Uint8Array[]) => verifyAll(label, config, ids, ksids),
    prefixVindex: () => prefixVindex,
  });
}

/** Reads `hash` and `offsets` as cfc.go newCFC does; offsets are ignored without a hash. */
function readConfig(reader: ParamReader): CfcConfig {
  const hash = reader.get('hash') ?? '';
  if (hash === '') return { offsets: [] };
  if (hash !== 'md5' && hash !== 'xxhash64') {
    reader.problem(`param hash must be md5 or xxhash64, got ${JSON.stringify(hash)}`);
    return { offsets: [] };
  }
  const text = reader.get('offsets') ?? '';
  if (text === '') {
    reader.problem('param offsets is required when hash is set (sorted positive ints in brackets, e.g. [2,4])');
    return { offsets: [] };
  }
  const offsets = OFFSETS_JSON.test(text) ? (JSON.parse(text) as number[]) : [];
  if (offsets.length === 0 || offsets[0]! <= 0 || offsets.some((o, i) => i > 0 && o <= offsets[i - 1]!)) {
    reader.problem(`param offsets must be sorted positive ints in brackets, e.g. [2,4], got ${JSON.stringify(text)}`);
    return { offsets: [] };
  }
  return { hash, offsets };
}

/** The `cfc` type for the registry: params `hash` (md5, xxhash64) and `offsets`. */
export const CFC: VindexDefinition = {
  type: 'cfc',
  kind: 'singleColumn',
  cost: 1,
  isUnique: true,
  needsVCursor: false,
  knownParams: KNOWN,
  create: (name, reader) => createCfc(name, readConfig(reader), reader.unknown(KNOWN)),
};
