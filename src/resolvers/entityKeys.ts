// The Apollo Federation entity keys of a table: which column tuples identify one row and so may
// appear in `@key`, and which of them a router's entity batch should use to reach single shards.
// Owns the choice only; src/schema prints the directives and resolves `_entities` with them.

import type { ApiTable } from './catalog.js';

/** One entity key: the columns it names, in `@key` order. */
export interface EntityKey {
  readonly columns: readonly string[];
  /**
   * True for the key that adds the sharding columns to the primary key: a batch of its
   * representations is read per owning shard (the runtime's loadByKey routes on the sharding key).
   */
  readonly routed: boolean;
}

/**
 * The entity keys of `table`. Contract: none without a primary key (not an entity); first the
 * primary key (key order); then, for a sharded table (not a reference table) whose primary key
 * lacks some sharding columns, those sharding columns (vindex order) followed by the primary key,
 * so that a representation carrying them routes to the one shard that owns its row, where the
 * primary key alone would scatter.
 */
export function entityKeys(table: ApiTable): EntityKey[] {
  if (table.primaryKey.length === 0) return [];
  const keys: EntityKey[] = [{ columns: table.primaryKey, routed: false }];
  if (table.sharded && table.type === 'table') {
    const missing = (table.shardingColumns ?? []).filter((c) => !table.primaryKey.includes(c));
    if (missing.length > 0) keys.push({ columns: [...missing, ...table.primaryKey], routed: true });
  }
  return keys;
}
