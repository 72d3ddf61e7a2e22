// Grouping routed values by the shard they land on: the step of Vitess's ResolveDestinations
// that lets each shard of an IN receive only its own values. Shared by the planner (static
// routes) and routeAfterLookup (lookup routes). Owns no vindex mapping.

import type { Destination, ShardRange } from '../key/destination.js';
import { resolveDestination } from '../key/resolveDestination.js';

/**
 * Resolves each destination against the keyspace's shards and returns, per shard reached,
 * the indexes of the destinations (values) that reached it.
 * Contract: shards appear in the order of `shards` (key-range order), indexes ascending; a
 * destination reaching several shards (a key range, several keyspace ids) is listed under
 * each; `none` reaches nothing. Throws what resolveDestination throws (SG301, SG304, …).
 * Mirrors vitess srvtopo ResolveDestinations with ids, minus its first-seen shard order.
 */
export function groupByShard(destinations: readonly Destination[], shards: readonly ShardRange[]): Map<string, number[]> {
  const reached = new Map<string, number[]>();
  destinations.forEach((dest, i) => {
    for (const shard of resolveDestination(dest, shards)) {
      const list = reached.get(shard);
      if (list === undefined) reached.set(shard, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const ordered = new Map<string, number[]>();
  for (const shard of shards) {
    const list = reached.get(shard.name);
    if (list !== undefined) ordered.set(shard.name, list);
  }
  return ordered;
}
