// What a local cluster is made of: keyspaces, their shards, how many replicas each shard has,
// and where each keyspace's VSchema and schema SQL live. `demoClusterSpec` is the cluster that
// `shardgate up` starts (INTERFACES.md §3). Owns names and shapes only: no processes, no files.

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { TabletType } from '../topology/topology.js';

/** A shard of a {@link ClusterSpec}: its Vitess name and how many replicas follow its primary. */
export interface ShardSpec {
  readonly name: string;
  readonly replicas: number;
}

/** A keyspace of a {@link ClusterSpec}. Paths are absolute. */
export interface KeyspaceSpec {
  readonly name: string;
  readonly sharded: boolean;
  /** The keyspace's Vitess VSchema JSON file. */
  readonly vschemaPath: string;
  /** SQL run on each shard's primary at every `up`; must be re-runnable (`IF NOT EXISTS`). */
  readonly schemaPath: string;
  /** In key-range order; an unsharded keyspace has exactly one shard, `0`. */
  readonly shards: readonly ShardSpec[];
}

/** A cluster to bring up: keyspaces in serving order, plus relationships for the generated config. */
export interface ClusterSpec {
  readonly keyspaces: readonly KeyspaceSpec[];
  /** Copied as is into the generated shardgate.json `relationships` (INTERFACES.md §2). */
  readonly relationships: readonly Readonly<Record<string, unknown>>[];
}

/** One tablet a spec asks for, before it has a port, a directory or a process. */
export interface TabletSpec {
  /** `<keyspace>/<shard>/primary` or `<keyspace>/<shard>/replica-<n>`, as topology names tablets. */
  readonly alias: string;
  readonly keyspace: string;
  readonly shard: string;
  readonly type: TabletType;
  /** 0 for the primary; 0, 1, … for replicas. */
  readonly index: number;
  readonly database: string;
}

/** The repository's `schema/` folder (demo VSchemas and schema SQL). */
export const DEMO_SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/**
 * Returns the demo cluster: keyspace `commerce` unsharded (shard `0`) and keyspace `customer`
 * sharded `-80`, `80-`, each shard with `replicas` replicas (default 1), VSchemas and SQL read
 * from `schemaDir/<keyspace>/` (default the repository's `schema/`), and the relationship
 * `customer.corder.sku → commerce.product.sku` of shardgate.example.json.
 */
export function demoClusterSpec(options: { readonly schemaDir?: string; readonly replicas?: number } = {}): ClusterSpec {
  const schemaDir = path.resolve(options.schemaDir ?? DEMO_SCHEMA_DIR);
  const replicas = options.replicas ?? 1;
  const keyspace = (name: string, sharded: boolean, shards: readonly string[]): KeyspaceSpec => ({
    name,
    sharded,
    vschemaPath: path.join(schemaDir, name, 'vschema.json'),
    schemaPath: path.join(schemaDir, name, 'schema.sql'),
    shards: shards.map((shard) => ({ name: shard, replicas })),
  });
  return {
    keyspaces: [keyspace('commerce', false, ['0']), keyspace('customer', true, ['-80', '80-'])],
    relationships: [
      { from: 'customer.corder', name: 'product', columns: ['sku'], to: 'commerce.product', toColumns: ['sku'], reverse: 'orders' },
    ],
  };
}

/**
 * Returns the database that holds a shard's data: the keyspace name for an unsharded keyspace,
 * else `<keyspace>_<shard>` with each `-` spelled `x` (`customer_x80`, `customer_80x`,
 * `customer_40x80`), as in shardgate.example.json, after `prefix`. The same name is used on a
 * spawned tablet and on an existing server, so a config reads the same in both modes.
 */
export function databaseName(keyspace: KeyspaceSpec, shard: string, prefix = ''): string {
  return keyspace.sharded ? `${prefix}${keyspace.name}_${shard.replace(/-/g, 'x')}` : `${prefix}${keyspace.name}`;
}

/**
 * Lists the tablets of `spec`: keyspaces in spec order, shards in spec order, each shard's
 * primary before its replicas (the order of topology listTablets). With `primariesOnly`, the
 * replicas are left out (a cluster on an existing server has no replicas).
 */
export function listTabletSpecs(spec: ClusterSpec, options: { readonly databasePrefix?: string; readonly primariesOnly?: boolean } = {}): TabletSpec[] {
  return spec.keyspaces.flatMap((keyspace) =>
    keyspace.shards.flatMap((shard) => {
      const database = databaseName(keyspace, shard.name, options.databasePrefix);
      const base = { keyspace: keyspace.name, shard: shard.name, database };
      const primary: TabletSpec = { ...base, alias: `${keyspace.name}/${shard.name}/primary`, type: 'primary', index: 0 };
      const replicaCount = options.primariesOnly ? 0 : shard.replicas;
      const replicas = Array.from({ length: replicaCount }, (_, i): TabletSpec => ({ ...base, alias: `${keyspace.name}/${shard.name}/replica-${i}`, type: 'replica', index: i }));
      return [primary, ...replicas];
    }),
  );
}
