// The validated configuration model: what parseConfig returns from shardgate.json, every
// default applied, deeply frozen. Owns the types only; parsing lives in parseConfig.ts and
// the keys and defaults are documented in README.md.

import type { KeyRange } from '../sharding/key/keyRange.js';
import type { TabletUrl } from './tabletUrl.js';

/** How a mutation may touch shards: `single` = one shard per transaction (Vitess SINGLE), `multi` = several, best effort (Vitess MULTI). */
export type TransactionMode = 'single' | 'multi';

/** The validated configuration. Every object, array and map in it is frozen. */
export interface Config {
  readonly listen: ListenConfig;
  /** Keyspaces in file order. */
  readonly keyspaces: ReadonlyMap<string, KeyspaceConfig>;
  /** Relationships declared in the file, in file order. */
  readonly relationships: readonly RelationshipConfig[];
  readonly pool: PoolConfig;
  readonly limits: LimitsConfig;
  /** Whether GraphQL introspection is served (default true). */
  readonly introspection: boolean;
  /** Default `single`. */
  readonly transactionMode: TransactionMode;
  /** Whether Apollo Federation fields are added to the schema (default false). */
  readonly federation: boolean;
  /** Absolute path of the file read, or null when the config came from a value. */
  readonly configPath: string | null;
  /** Absolute directory that relative paths (VSchema files) are resolved against. */
  readonly baseDir: string;
}

/** Where the GraphQL server listens. Defaults: host 127.0.0.1, port 4000 (0 = any free port). */
export interface ListenConfig {
  readonly host: string;
  readonly port: number;
}

/** Per-tablet connection pool settings. */
export interface PoolConfig {
  /** Connections per tablet (default 16). */
  readonly size: number;
  /** How long a query waits for a free connection before failing (default 2000 ms). */
  readonly acquireTimeoutMs: number;
  /** How long an idle connection is kept open (default 60000 ms). */
  readonly idleTimeoutMs: number;
  /** Queries that may wait for a connection per tablet; more fail at once (default 1000; 0 = none may wait). */
  readonly queueLimit: number;
}

/** Limits on what one request may do. */
export interface LimitsConfig {
  /** Per-SQL-statement timeout (default 10000 ms). */
  readonly queryTimeoutMs: number;
  /** Most rows one field may read (default 10000). */
  readonly maxRows: number;
  /** Deepest selection nesting of an operation (default 15). */
  readonly maxDepth: number;
  /** Most aliased fields in an operation (default 30). */
  readonly maxAliases: number;
  /** Most lexical tokens in an operation document (default 5000). */
  readonly maxTokens: number;
  /** Most keys one batched load sends to a shard in one statement (default 1000). */
  readonly maxBatchSize: number;
  /**
   * Most GraphQL operations (JSON POSTs) run at once per process; later ones wait their turn,
   * and one running longer than 100 ms stops counting (default 8; 0: no limit).
   */
  readonly maxConcurrentOperations: number;
  /** Whether an update or delete may scatter to every shard of a sharded keyspace (default false). */
  readonly allowScatterWrites: boolean;
}

/** A keyspace: its raw VSchema and its shards. */
export interface KeyspaceConfig {
  readonly name: string;
  /** The VSchema JSON object as read (from its file or inline); validated by src/vschema. */
  readonly vschema: unknown;
  /** Absolute path of the VSchema file; absent when the VSchema is inline. */
  readonly vschemaPath?: string;
  /** The VSchema's `sharded === true`. */
  readonly sharded: boolean;
  /** Sorted by key range (start, then end); together they cover the full range exactly once. */
  readonly shards: readonly ShardConfig[];
}

/** A shard: its name (lowercased Vitess form), key range and tablets. */
export interface ShardConfig {
  readonly name: string;
  /** The range the name spells; the complete range for a name without `-` such as `0`. */
  readonly keyRange: KeyRange;
  readonly primary: TabletUrl;
  readonly replicas: readonly TabletUrl[];
}

/** A table named `keyspace.table`. */
export interface TableRef {
  readonly keyspace: string;
  readonly table: string;
}

/**
 * A relationship declared in the file: `from.columns` reference `to.toColumns` (same length,
 * pairwise). `name` is the object field added to `from`; `reverse`, when given, the array
 * field added to `to`.
 */
export interface RelationshipConfig {
  readonly from: TableRef;
  readonly name: string;
  readonly columns: readonly string[];
  readonly to: TableRef;
  readonly toColumns: readonly string[];
  readonly reverse?: string;
}
