// Builds the GraphQL schema of the generated API from the API catalog: names first
// (schemaNames.ts), then each table's types (tableTypes.ts) and root fields (rootFields.ts),
// with Pothos. Owns the composition only; the server owns serving, limits and error masking.

import type { GraphQLSchema } from 'graphql';
import type { ApiCatalog } from '../resolvers/catalog.js';
import { globalIdTables } from '../resolvers/globalId.js';
import { addFederation, federationExtension } from './federationSchema.js';
import { addMutationType, type MutationSchemaRuntime } from './mutationFields.js';
import { nodeRootFields } from './nodeInterface.js';
import { FEDERATION_EXTENSION } from './printSubgraphSdl.js';
import { addRelationshipFields } from './relationshipFields.js';
import { tableRootFields, type SchemaRuntime } from './rootFields.js';
import { createSchemaBuilder } from './schemaBuilder.js';
import { NO_QUERIES_FIELD, buildSchemaNames } from './schemaNames.js';
import { addTableTypes } from './tableTypes.js';

export type { SchemaRuntime } from './rootFields.js';
export { requestContextValue } from './requestContextValue.js';

/** Options of {@link buildGraphQLSchema}. */
export interface SchemaOptions {
  /**
   * Add the Apollo Federation v2 subgraph fields (`_service`, `_entities`; federationSchema.ts)
   * and record the entity keys that printSubgraphSdl prints. Default false.
   */
  readonly federation?: boolean;
}

/**
 * Builds the schema of `catalog`: per table (INTERFACES.md §5) the object type, filter, order,
 * aggregate and connection types, its relationship fields (catalog.relationships;
 * relationshipFields.ts), and the root query fields `T`, `T_by_pk`, `T_aggregate`,
 * `T_connection`, whose resolvers call `runtime` with the RequestContext that the server put
 * into the GraphQL context with {@link requestContextValue}; when a table has a primary key,
 * Relay's `Node` interface and the root fields `node(id:)` and `nodes(ids:)` (nodeInterface.ts);
 * with `federation`, the Apollo Federation subgraph fields; with `runtime.mutations`, the
 * mutation types and the `Mutation` root fields of every writable table (mutationFields.ts).
 * Contract: deterministic (the same catalog gives the same schema, see printSchemaSdl); names
 * follow buildSchemaNames; fields are in column (ordinal) and argument order, unsorted, so that
 * GraphiQL lists columns as the table does (printSchemaSdl sorts); an empty catalog gives Hasura's `no_queries_available: String!`
 * (a GraphQL schema needs one query field). Introspection is left to the server's validation
 * rules (graphql-js NoSchemaIntrospectionCustomRule): a schema cannot switch it off itself.
 */
export function buildGraphQLSchema(catalog: ApiCatalog, runtime: SchemaRuntime & MutationSchemaRuntime, options: SchemaOptions = {}): GraphQLSchema {
  const { builder, shared } = createSchemaBuilder();
  const names = buildSchemaNames(catalog);
  const tables = names.map((tableNames) => addTableTypes(builder, shared, tableNames));
  addRelationshipFields(builder, tables, runtime);
  const hasNodes = names.some((n) => n.node);
  const federation =
    options.federation === true
      ? addFederation(builder, { tables: names, objects: new Map(tables.map((types) => [types.names.base, types.object])), runtime, rowTypes: shared.rowTypes })
      : undefined;
  builder.queryType({
    description: 'Every table of every keyspace, routed to the shards that hold its rows.',
    fields: (t) => {
      const fields = Object.assign({}, ...tables.map((types) => tableRootFields(t, types, runtime))) as ReturnType<typeof tableRootFields>;
      if (hasNodes) {
        Object.assign(fields, nodeRootFields(t, { tables: names, lookup: globalIdTables(catalog), runtime, rowTypes: shared.rowTypes, node: shared.node() }));
      }
      if (federation !== undefined) Object.assign(fields, federation(t));
      if (tables.length > 0) return fields;
      return {
        [NO_QUERIES_FIELD]: t.field({
          type: 'String',
          description: 'Present only when no table is served.',
          resolve: () => 'There are no queries available: no keyspace serves a table.',
        }),
        ...(federation === undefined ? {} : federation(t)),
      };
    },
  });
  addMutationType(builder, tables, runtime);
  return builder.toSchema({ sortSchema: false, ...(options.federation === true ? { extensions: { [FEDERATION_EXTENSION]: federationExtension(names) } } : {}) });
}
