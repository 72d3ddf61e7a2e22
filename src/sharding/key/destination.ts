// Destinations: where a vindex says rows live, before shard names are known. Mirrors
// vitess go/vt/key/destination.go. Resolution against a keyspace's shards is in
// resolveDestination.ts; this file only defines the closed set.

import type { KeyRange } from './keyRange.js';

/**
 * Where rows live (mirrors vitess key.ShardDestination and its implementations).
 * `keyspaceId` with an empty ksid is valid (Vitess `DestinationKeyspaceID(nil)`): it lies in
 * the first shard. `none` means no shard can hold the row (e.g. `hash` of a non-integer).
 */
export type Destination =
  | { readonly kind: 'keyspaceId'; readonly ksid: Uint8Array }
  | { readonly kind: 'keyspaceIds'; readonly ksids: readonly Uint8Array[] }
  | { readonly kind: 'keyRange'; readonly keyRange: KeyRange }
  | { readonly kind: 'exactKeyRange'; readonly keyRange: KeyRange }
  | { readonly kind: 'shard'; readonly shard: string }
  | { readonly kind: 'shards'; readonly shards: readonly string[] }
  | { readonly kind: 'allShards' }
  | { readonly kind: 'anyShard' }
  | { readonly kind: 'none' };

/** A shard of a keyspace as destinations see it: its name and key range. */
export interface ShardRange {
  readonly name: string;
  readonly keyRange: KeyRange;
}
