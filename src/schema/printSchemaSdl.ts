// Prints a schema as byte-stable SDL: types and fields sorted by name, one trailing newline.
// For `shardgate schema print` and the checked-in schema/schema.graphql.

import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/**
 * Prints `schema` as SDL (graphql-js printSchema of lexicographicSortSchema), ending in exactly
 * one newline. Contract: the same schema gives the same bytes, whatever order its types and
 * fields were added in; descriptions are printed, so the sharding notes are part of the SDL.
 */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema)).trimEnd()}\n`;
}
