// Builds the GraphQL schema of the generated API from the API catalog: names first
// (schemaNames.ts), then each table's types (tableTypes.ts) and root fields (rootFields.ts),
// with Pothos. Owns the composition only; the server owns serving, limits and error masking.

import type { GraphQLSchema } from 'graphql';
import type { ApiCatalog } from '../resolvers/catalog.js';
import { tableRootFields, type SchemaRuntime } from './rootFields.js';
import { createSchemaBuilder } from './schemaBuilder.js';
import { NO_QUERIES_FIELD, buildSchemaNames } from './schemaNames.js';
import { addTableTypes } from './tableTypes.js';

export type { SchemaRuntime } from './rootFields.js';
export { requestContextValue } from './requestContextValue.js';

/**
 * Builds the schema of `catalog`: per table (INTERFACES.md §5) the object type, filter, order,
 * aggregate and connection types, and the root query fields `T`, `T_by_pk`, `T_aggregate`,
 * `T_connection`, whose resolvers call `runtime` with the RequestContext that the server put
 * into the GraphQL context with {@link requestContextValue}.
 * Contract: deterministic (the same catalog gives the same schema, see printSchemaSdl); names
 * follow buildSchemaNames; fields are in column (ordinal) and argument order, unsorted, so that
 * GraphiQL lists columns as the table does (printSchemaSdl sorts); an empty catalog gives Hasura's `no_queries_available: String!`
 * (a GraphQL schema needs one query field). Introspection is left to the server's validation
 * rules (graphql-js NoSchemaIntrospectionCustomRule): a schema cannot switch it off itself.
 */
export function buildGraphQLSchema(catalog: ApiCatalog, runtime: SchemaRuntime): GraphQLSchema {
  const { builder, shared } = createSchemaBuilder();
  const tables = buildSchemaNames(catalog).map((names) => addTableTypes(builder, shared, names));
  builder.queryType({
    description: 'Every table of every keyspace, routed to the shards that hold its rows.',
    fields: (t) => {
      const fields = Object.assign({}, ...tables.map((types) => tableRootFields(t, types, runtime))) as ReturnType<typeof tableRootFields>;
      if (tables.length > 0) return fields;
      return {
        [NO_QUERIES_FIELD]: t.field({
          type: 'String',
          description: 'Present only when no table is served.',
          resolve: () => 'There are no queries available: no keyspace serves a table.',
        }),
      };
    },
  });
  return builder.toSchema({ sortSchema: false });
}
