// Layouts from shard names alone: keyspaces with shards and key ranges but no tablets, for
// the planner and its tests. Applies the same shard-name and coverage rules as the config
// (config/shardLayout.ts), so a layout that builds is one a config could declare.

import { ValidationError } from '../errors/problems.js';
import { formatPathProblems } from '../config/pathProblem.js';
import { parseShardLayout } from '../config/shardLayout.js';
import { freezeMap } from '../util/frozenMap.js';
import { invariant } from '../util/invariant.js';
import type { KeyspaceLayout, TopologyLayout } from './topology.js';

/**
 * Builds a keyspace layout from shard names (`['-80', '80-']`, `['0']`).
 * Contract: shards come out sorted by key range with lowercased names, frozen. Throws
 * ValidationError SG306 listing every problem (paths: `$` for the whole list, `$["-80"]`
 * for one shard) when a name is invalid, a sharded keyspace's shards leave a gap or
 * overlap, or an unsharded keyspace does not have exactly one full-range shard.
 */
export function buildKeyspaceLayout(keyspace: string, sharded: boolean, shardNames: readonly string[]): KeyspaceLayout {
  const layout = parseShardLayout(shardNames, sharded);
  if (layout.problems.length > 0) {
    throw new ValidationError('SG306', `invalid shards for keyspace ${keyspace}`, formatPathProblems(layout.problems));
  }
  const shards = layout.shards.map((s) => Object.freeze({ name: s.name, keyRange: s.keyRange }));
  return Object.freeze({ name: keyspace, sharded, shards: Object.freeze(shards) });
}

/**
 * Collects keyspace layouts into a topology layout, keyed by name in the order given.
 * Contract: names must be unique (a repeated name is a caller bug: InvariantError).
 */
export function buildTopologyLayout(keyspaces: readonly KeyspaceLayout[]): TopologyLayout {
  const names = new Set(keyspaces.map((ks) => ks.name));
  invariant(names.size === keyspaces.length, `keyspace names repeat in ${keyspaces.map((ks) => ks.name).join(', ')}`);
  return Object.freeze({ keyspaces: freezeMap(keyspaces.map((ks) => [ks.name, ks] as const)) });
}
