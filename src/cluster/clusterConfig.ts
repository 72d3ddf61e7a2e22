// The shardgate.json that `up` writes beside the cluster: every keyspace with its VSchema
// (a path relative to the config file) and each shard's primary and replica URLs, in the
// format of INTERFACES.md §2, so that `shardgate serve --config <dir>/shardgate.json` serves
// this cluster. Checked with src/config before it is written.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../config/parseConfig.js';
import type { ClusterSpec } from './clusterSpec.js';
import type { ClusterState, TabletState } from './clusterState.js';
import { parseServerUrl, serverDatabaseUrl } from './serverUrl.js';

/** The file name of the generated config inside the cluster directory. */
export const CLUSTER_CONFIG_FILE = 'shardgate.json';

/**
 * The tablet URL of a recorded tablet: `mysql://root@127.0.0.1:<port>/<database>` for a
 * spawned tablet; on an existing server, the server URL's user, password, host, port and
 * socket with the shard's database.
 */
export function tabletUrl(state: ClusterState, tablet: TabletState): string {
  if (state.serverUrl === null) return `mysql://root@${tablet.host}:${tablet.port}/${encodeURIComponent(tablet.database)}`;
  return serverDatabaseUrl(parseServerUrl(state.serverUrl), tablet.database);
}

/**
 * How the config names a VSchema file: relative to the config's folder when that takes at most
 * one `../` (the default `.shardgate/` inside the repository gives `../schema/…`), else absolute.
 */
function vschemaReference(configDir: string, vschemaPath: string): string {
  const relative = path.relative(configDir, vschemaPath);
  return relative.startsWith(`..${path.sep}..`) || path.isAbsolute(relative) ? vschemaPath : relative;
}

/**
 * Builds the config JSON for the cluster in `state`: listen on 127.0.0.1:`state.graphqlPort`,
 * keyspaces and shards in spec order, relationships from the spec.
 * Contract: the result passes parseConfig with `configDir` as its base directory.
 */
export function buildClusterConfig(spec: ClusterSpec, state: ClusterState, configDir: string): Record<string, unknown> {
  const keyspaces: Record<string, unknown> = {};
  for (const keyspace of spec.keyspaces) {
    const shards: Record<string, unknown> = {};
    for (const shard of keyspace.shards) {
      const tablets = state.tablets.filter((t) => t.keyspace === keyspace.name && t.shard === shard.name);
      const primary = tablets.find((t) => t.type === 'primary');
      const replicas = tablets.filter((t) => t.type === 'replica').map((t) => tabletUrl(state, t));
      shards[shard.name] = { primary: primary === undefined ? undefined : tabletUrl(state, primary), ...(replicas.length > 0 ? { replicas } : {}) };
    }
    keyspaces[keyspace.name] = { vschema: vschemaReference(configDir, keyspace.vschemaPath), shards };
  }
  return {
    listen: { host: '127.0.0.1', port: state.graphqlPort },
    keyspaces,
    relationships: spec.relationships,
  };
}

/**
 * Writes the generated config to `state.configPath` and returns its path.
 * Contract: validates it with src/config parseConfig first and throws its ValidationError
 * (SG100) rather than writing a config that `serve` would reject.
 */
export async function writeClusterConfig(spec: ClusterSpec, state: ClusterState): Promise<string> {
  const configDir = path.dirname(state.configPath);
  const json = buildClusterConfig(spec, state, configDir);
  parseConfig(json, { baseDir: configDir, configPath: state.configPath });
  await writeFile(state.configPath, `${JSON.stringify(json, null, 2)}\n`, 'utf8');
  return state.configPath;
}
