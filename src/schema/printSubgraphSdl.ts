// Prints the Apollo Federation v2 subgraph SDL of a schema built with federation on: the sorted
// SDL of printSchemaSdl without the federation plumbing (`_Any`, `_Entity`, `_Service`,
// `_service`, `_entities`), with `extend schema @link(…)`, each entity type's `@key`s and
// `@shareable` on the shared value type `PageInfo`. What `_service { sdl }` answers and what
// `shardgate schema print` prints with federation on. Owns the text; the keys come from the schema.

import { Kind, parse, print, type ConstDirectiveNode, type DefinitionNode, type GraphQLSchema } from 'graphql';
import { invariant } from '../util/invariant.js';
import { printSchemaSdl } from './printSchemaSdl.js';
import { FEDERATION_QUERY_FIELDS, FEDERATION_TYPES, PAGE_INFO_TYPE } from './schemaNames.js';

/** The federation spec the SDL links, and what it imports from it. */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';
const FEDERATION_IMPORTS = ['@key', '@shareable'];

/** The schema extension (GraphQLSchema `extensions`) where buildGraphQLSchema leaves the entity keys. */
export const FEDERATION_EXTENSION = 'shardgateFederation';

/** What buildGraphQLSchema records for federation: per entity type, its `@key` field sets in order. */
export interface FederationExtension {
  readonly keys: Readonly<Record<string, readonly string[]>>;
}

/** The federation extension of `schema`, or undefined when it was built without federation. */
export function federationOf(schema: GraphQLSchema): FederationExtension | undefined {
  return schema.extensions[FEDERATION_EXTENSION] as FederationExtension | undefined;
}

function directive(name: string, args: Readonly<Record<string, string | readonly string[]>>): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([arg, value]) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: arg },
      value:
        typeof value === 'string'
          ? { kind: Kind.STRING, value }
          : { kind: Kind.LIST, values: value.map((v) => ({ kind: Kind.STRING, value: v })) },
    })),
  };
}

const HIDDEN_TYPES: ReadonlySet<string> = new Set(FEDERATION_TYPES);
const HIDDEN_QUERY_FIELDS: ReadonlySet<string> = new Set(FEDERATION_QUERY_FIELDS);

function subgraphDefinition(definition: DefinitionNode, keys: FederationExtension['keys']): DefinitionNode | undefined {
  if (!('name' in definition) || definition.name === undefined) return definition;
  const name = definition.name.value;
  if (HIDDEN_TYPES.has(name)) return undefined;
  if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) return definition;
  if (name === 'Query') return { ...definition, fields: definition.fields?.filter((f) => !HIDDEN_QUERY_FIELDS.has(f.name.value)) };
  const added = name === PAGE_INFO_TYPE ? [directive('shareable', {})] : (keys[name] ?? []).map((fields) => directive('key', { fields }));
  return added.length === 0 ? definition : { ...definition, directives: [...(definition.directives ?? []), ...added] };
}

/**
 * Prints the subgraph SDL of `schema` (built by buildGraphQLSchema with federation on).
 * Contract: byte-stable like printSchemaSdl (types and fields sorted, one trailing newline);
 * starts with `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import:
 * ["@key", "@shareable"])`; every entity type carries one `@key(fields: "…")` per entity key
 * (src/resolvers entityKeys: the primary key first, then sharding key + primary key);
 * `PageInfo` is `@shareable` so that several subgraphs may serve it. A schema built without
 * federation is a bug (invariant).
 */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  const federation = federationOf(schema);
  invariant(federation !== undefined, 'printSubgraphSdl needs a schema built with federation');
  const document = parse(printSchemaSdl(schema), { noLocation: true });
  const definitions = document.definitions.flatMap((d) => subgraphDefinition(d, federation.keys) ?? []);
  const link: DefinitionNode = {
    kind: Kind.SCHEMA_EXTENSION,
    directives: [directive('link', { url: FEDERATION_SPEC_URL, import: FEDERATION_IMPORTS })],
  };
  return `${print({ kind: Kind.DOCUMENT, definitions: [link, ...definitions] }).trimEnd()}\n`;
}

/** The SDL `shardgate schema print` shows: the subgraph SDL with federation on, else printSchemaSdl. */
export function printApiSdl(schema: GraphQLSchema): string {
  return federationOf(schema) === undefined ? printSchemaSdl(schema) : printSubgraphSdl(schema);
}
