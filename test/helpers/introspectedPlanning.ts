// A planning context over real test databases, as the server builds one: each keyspace's
// tables introspected through the executor (types and collation facts), the VSchemas built,
// shards from the topology. For integration tests that plan and execute requests directly.

import { expect } from 'vitest';
import { assertNoDrift, introspectKeyspace } from '../../src/introspect/introspectKeyspace.js';
import type { KeyspaceSchemaInfo } from '../../src/introspect/schemaInfo.js';
import type { MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import type { PlanningContext } from '../../src/sharding/planner/planQuery.js';
import { buildRoutingSchema } from '../../src/sharding/planner/routingSchema.js';
import { describeVindexType } from '../../src/sharding/vindexes/registry.js';
import { findKeyspace, shardRanges, type Topology } from '../../src/topology/topology.js';
import { buildVSchema } from '../../src/vschema/buildVSchema.js';

/** The planning context and the introspected schema of each keyspace. */
export interface IntrospectedPlanning {
  readonly planning: PlanningContext;
  readonly schemas: ReadonlyMap<string, KeyspaceSchemaInfo>;
}

/**
 * Introspects `tables` on every shard of each keyspace of `layouts` (failing on drift between
 * shards), builds `vschemas` (expecting no problems) and returns a PlanningContext with
 * `maxRows` as its row limit.
 */
export async function introspectedPlanning(
  executor: MysqlShardExecutor,
  topology: Topology,
  layouts: Readonly<Record<string, readonly string[]>>,
  tables: readonly string[],
  vschemas: Readonly<Record<string, unknown>>,
  maxRows: number,
): Promise<IntrospectedPlanning> {
  const schemas = new Map<string, KeyspaceSchemaInfo>();
  for (const [ks, shards] of Object.entries(layouts)) {
    const { schema, drift } = await introspectKeyspace(executor, ks, shards, { tables });
    assertNoDrift(drift);
    schemas.set(ks, schema);
  }
  const { model, problems } = buildVSchema({ keyspaces: vschemas }, { describeVindexType });
  expect(problems).toEqual([]);
  const planning: PlanningContext = {
    routing: buildRoutingSchema(model),
    shards: (ks) => shardRanges(findKeyspace(topology, ks)),
    columns: (ks, table) => schemas.get(ks)?.tables.get(table)?.columns,
    limits: { maxRows },
  };
  return { planning, schemas };
}
