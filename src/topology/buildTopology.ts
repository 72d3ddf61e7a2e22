// buildTopology: a validated Config → the frozen Topology (keyspaces, shards, tablets with
// aliases). Pure: it trusts the config's shard checks and opens no connections.

import type { Config, ShardConfig } from '../config/config.js';
import type { TabletUrl } from '../config/tabletUrl.js';
import { freezeMap } from '../util/frozenMap.js';
import type { KeyspaceTopology, ShardTopology, Tablet, TabletType, Topology } from './topology.js';

/**
 * Builds the topology of `config`: keyspaces in config order, shards in key-range order, a
 * primary and the replicas (in config order) of each shard.
 * Contract: deterministic and pure; tablet aliases are `<keyspace>/<shard>/primary` and
 * `<keyspace>/<shard>/replica-<i>`; never throws for a Config from parseConfig.
 */
export function buildTopology(config: Config): Topology {
  const keyspaces = [...config.keyspaces.values()].map((ks): [string, KeyspaceTopology] => [
    ks.name,
    Object.freeze({ name: ks.name, sharded: ks.sharded, shards: Object.freeze(ks.shards.map((shard) => buildShard(ks.name, shard))) }),
  ]);
  return Object.freeze({ keyspaces: freezeMap(keyspaces) });
}

function buildShard(keyspace: string, shard: ShardConfig): ShardTopology {
  const tablet = (type: TabletType, role: string, address: TabletUrl): Tablet =>
    Object.freeze({ keyspace, shard: shard.name, type, alias: `${keyspace}/${shard.name}/${role}`, address });
  return Object.freeze({
    keyspace,
    name: shard.name,
    keyRange: shard.keyRange,
    primary: tablet('primary', 'primary', shard.primary),
    replicas: Object.freeze(shard.replicas.map((address, i) => tablet('replica', `replica-${i}`, address))),
  });
}
