// Resolving a Destination against one keyspace's shards into shard names, and printing a
// Destination as Vitess does. Mirrors each Resolve and String in vitess go/vt/key/destination.go.
// Knows nothing of tablets or topology loading: the caller passes the shard list.

import { ServiceError } from '../../errors/serviceError.js';
import { assertNever } from '../../util/invariant.js';
import type { Destination, ShardRange } from './destination.js';
import { keyspaceIdToHex } from './keyspaceId.js';
import { keyRangeCompare, keyRangeContains, keyRangeEndEqual, keyRangeIntersect, keyRangeStartEqual, keyRangeString, type KeyRange } from './keyRange.js';

/**
 * Returns the names of the shards `dest` resolves to, given a keyspace's shards.
 * Contract per kind (shard names assumed unique in `shards`; results never repeat a name,
 * keeping first-seen order as vitess srvtopo ResolveDestinations does):
 * - `keyspaceId`: the first shard, in the given order, whose range contains the id (an empty
 *   id lies in the shard starting at the minimum). `keyspaceIds`: that, per id, in id order.
 * - `keyRange`: every shard whose range intersects it, in the given order.
 * - `exactKeyRange`: the shards, in key-range order, that together cover exactly that range.
 * - `allShards`: every shard, in the given order. `none`: `[]`.
 * - `anyShard`: the first shard (Vitess picks at random; shardgate picks the first so plans
 *   and tests are deterministic).
 * - `shard` / `shards`: the names given, each checked to exist (Vitess defers that check).
 * Throws ServiceError SG304 (`no shard in keyspace`) for `keyspaceId(s)`/`anyShard` with no
 * shards, SG301 when an id matches no shard, SG302 when an exact range does not match shard
 * bounds, SG305 when a named shard does not exist.
 */
export function resolveDestination(dest: Destination, shards: readonly ShardRange[]): string[] {
  switch (dest.kind) {
    case 'keyspaceId':
      return [shardForKeyspaceId(shards, dest.ksid)];
    case 'keyspaceIds':
      return unique(dest.ksids.map((ksid) => shardForKeyspaceId(shards, ksid)));
    case 'keyRange':
      return shards.filter((shard) => keyRangeIntersect(dest.keyRange, shard.keyRange)).map((shard) => shard.name);
    case 'exactKeyRange':
      return shardsForExactKeyRange(shards, dest.keyRange);
    case 'shard':
      return [existingShard(shards, dest.shard)];
    case 'shards':
      return unique(dest.shards.map((name) => existingShard(shards, name)));
    case 'allShards':
      return shards.map((shard) => shard.name);
    case 'anyShard':
      if (shards.length === 0) throw noShards();
      return [shards[0]!.name];
    case 'none':
      return [];
    default:
      return assertNever(dest, 'destination');
  }
}

/**
 * Returns the name of the first shard, in the given order, whose key range contains `ksid`.
 * Throws ServiceError SG304 when `shards` is empty, SG301 (`KeyspaceId <hex> didn't match any
 * shards …`) when none contains it. Mirrors vitess go/vt/key/destination.go GetShardForKeyspaceID.
 */
export function shardForKeyspaceId(shards: readonly ShardRange[], ksid: Uint8Array): string {
  if (shards.length === 0) throw noShards();
  for (const shard of shards) {
    if (keyRangeContains(shard.keyRange, ksid)) return shard.name;
  }
  const hex = keyspaceIdToHex(ksid);
  const names = shards.map((shard) => shard.name);
  throw new ServiceError('SG301', `KeyspaceId ${hex} didn't match any shards [${names.join(' ')}]`, {
    details: { ksid: hex, shards: names },
  });
}

/**
 * Prints a destination as Vitess's String() does, for plan JSON and logs:
 * `DestinationKeyspaceID(166b40b44aba4bd6)`, `DestinationKeyRange(40-80)`, `DestinationAllShards()`.
 * Mirrors the String methods in vitess go/vt/key/destination.go.
 */
export function destinationString(dest: Destination): string {
  switch (dest.kind) {
    case 'keyspaceId':
      return `DestinationKeyspaceID(${keyspaceIdToHex(dest.ksid)})`;
    case 'keyspaceIds':
      return `DestinationKeyspaceIDs(${dest.ksids.map(keyspaceIdToHex).join(',')})`;
    case 'keyRange':
      return `DestinationKeyRange(${keyRangeString(dest.keyRange)})`;
    case 'exactKeyRange':
      return `DestinationExactKeyRange(${keyRangeString(dest.keyRange)})`;
    case 'shard':
      return `DestinationShard(${dest.shard})`;
    case 'shards':
      return `DestinationShards(${dest.shards.join(',')})`;
    case 'allShards':
      return 'DestinationAllShards()';
    case 'anyShard':
      return 'DestinationAnyShard()';
    case 'none':
      return 'DestinationNone()';
    default:
      return assertNever(dest, 'destination');
  }
}

/**
 * Walks the shards in key-range order from the one starting where `kr` starts, taking shards
 * until one ends where `kr` ends. Sorts a copy: Vitess sorts the caller's slice in place.
 * Mirrors vitess go/vt/key/destination.go processExactKeyRange.
 */
function shardsForExactKeyRange(shards: readonly ShardRange[], kr: KeyRange): string[] {
  const sorted = [...shards].sort((a, b) => keyRangeCompare(a.keyRange, b.keyRange));
  let i = sorted.findIndex((shard) => keyRangeStartEqual(kr, shard.keyRange));
  const names: string[] = [];
  for (; i >= 0 && i < sorted.length && keyRangeIntersect(kr, sorted[i]!.keyRange); i++) {
    names.push(sorted[i]!.name);
    if (keyRangeEndEqual(kr, sorted[i]!.keyRange)) return names;
  }
  const text = keyRangeString(kr);
  throw new ServiceError('SG302', `keyrange ${text} does not exactly match shards`, {
    details: { keyRange: text, shards: shards.map((shard) => shard.name) },
  });
}

function existingShard(shards: readonly ShardRange[], name: string): string {
  if (shards.some((shard) => shard.name === name)) return name;
  const names = shards.map((shard) => shard.name);
  throw new ServiceError('SG305', `shard ${JSON.stringify(name)} not found in keyspace (shards: [${names.join(' ')}])`, {
    details: { shard: name, shards: names },
  });
}

function noShards(): ServiceError {
  return new ServiceError('SG304', 'no shard in keyspace');
}

function unique(names: string[]): string[] {
  return names.length < 2 ? names : [...new Set(names)];
}
