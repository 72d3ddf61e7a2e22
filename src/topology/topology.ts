// The topology model: keyspaces → shards (name, key range) → tablets (primary, replicas), as
// plain frozen data, plus the lookups every layer needs. A layout is the same without tablets
// (what the planner needs); a Topology is a layout, so either can be passed where one is asked.

import { ServiceError } from '../errors/serviceError.js';
import type { ShardRange } from '../sharding/key/destination.js';
import type { TabletUrl } from '../config/tabletUrl.js';

/** A keyspace as routing sees it: shards and key ranges, no tablets. */
export interface KeyspaceLayout {
  readonly name: string;
  readonly sharded: boolean;
  /** Sorted by key range (start, then end); they cover the full range exactly once. */
  readonly shards: readonly ShardRange[];
}

/** The keyspaces of a cluster as routing sees them. */
export interface TopologyLayout {
  readonly keyspaces: ReadonlyMap<string, KeyspaceLayout>;
}

/** The role of a tablet in its shard. */
export type TabletType = 'primary' | 'replica';

/** One MySQL server serving a shard. */
export interface Tablet {
  readonly keyspace: string;
  readonly shard: string;
  readonly type: TabletType;
  /** Unique and stable: `customer/-80/primary`, `customer/-80/replica-0`. */
  readonly alias: string;
  readonly address: TabletUrl;
}

/** A shard with its tablets. */
export interface ShardTopology extends ShardRange {
  readonly keyspace: string;
  readonly primary: Tablet;
  /** In config order; aliases `replica-0`, `replica-1`, … follow it. */
  readonly replicas: readonly Tablet[];
}

/** A keyspace with its shards and tablets. */
export interface KeyspaceTopology extends KeyspaceLayout {
  readonly shards: readonly ShardTopology[];
}

/** The whole cluster: keyspaces in config order. Every object, array and map is frozen. */
export interface Topology extends TopologyLayout {
  readonly keyspaces: ReadonlyMap<string, KeyspaceTopology>;
}

/**
 * Returns the keyspace called `name`.
 * Contract: works on a Topology or a layout and returns the same kind. Throws ServiceError
 * SG201 naming the keyspace and listing the known ones when there is none by that name.
 */
export function findKeyspace<K extends KeyspaceLayout>(topology: { readonly keyspaces: ReadonlyMap<string, K> }, name: string): K {
  const keyspace = topology.keyspaces.get(name);
  if (keyspace === undefined) {
    const known = [...topology.keyspaces.keys()].join(', ') || 'none';
    throw new ServiceError('SG201', `keyspace ${JSON.stringify(name)} not found (keyspaces: ${known})`, { details: { keyspace: name } });
  }
  return keyspace;
}

const rangesCache = new WeakMap<KeyspaceLayout, readonly ShardRange[]>();

/**
 * Returns a keyspace's shards as `{name, keyRange}` only (no tablets), in key-range order,
 * for sharding/key resolveDestination. Contract: frozen; the same array for the same keyspace.
 */
export function shardRanges(keyspace: KeyspaceLayout): readonly ShardRange[] {
  let ranges = rangesCache.get(keyspace);
  if (ranges === undefined) {
    ranges = Object.freeze(keyspace.shards.map((s) => Object.freeze({ name: s.name, keyRange: s.keyRange })));
    rangesCache.set(keyspace, ranges);
  }
  return ranges;
}

/**
 * Lists every tablet: keyspaces in config order, shards in key-range order, each shard's
 * primary before its replicas.
 */
export function listTablets(topology: Topology): Tablet[] {
  return [...topology.keyspaces.values()].flatMap((ks) => ks.shards.flatMap((shard) => [shard.primary, ...shard.replicas]));
}
