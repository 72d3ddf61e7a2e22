// Apollo Federation v2 subgraph fields (opt-in, Config.federation): the `_Any` scalar, the
// `_Entity` union of every table type with a primary key, `_Service`, and the root fields
// `_service { sdl }` and `_entities(representations:)`, which validate each representation and
// load its row through the runtime's DataLoaders (by primary key, or by sharding key + primary
// key so that a router's batch reaches single shards). The SDL text is printSubgraphSdl.ts.

import {
  coerceInputValue,
  getNamedType,
  isInputType,
  isObjectType,
  valueFromASTUntyped,
  type GraphQLError,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { ServiceError } from '../errors/serviceError.js';
import type { ApiRow, ApiRuntime, RequestContext } from '../resolvers/apiRuntime.js';
import { entityKeys, type EntityKey } from '../resolvers/entityKeys.js';
import { describeJsValue } from '../resolvers/values.js';
import { invariant } from '../util/invariant.js';
import { settledItems, type RowTypes } from './nodeInterface.js';
import { printSubgraphSdl, type FederationExtension } from './printSubgraphSdl.js';
import { requestContextOf } from './requestContextValue.js';
import type { TableNames } from './schemaNames.js';
import type { ShardgateBuilder, ShardgateTypes } from './schemaTypes.js';
import { selectedColumns } from './selectedColumns.js';
import { responsePath } from './selection.js';

type QueryFieldBuilder = PothosSchemaTypes.QueryFieldBuilder<ShardgateTypes, object>;
type QueryField = ReturnType<QueryFieldBuilder['field']>;
type ObjectRef = PothosSchemaTypes.ObjectRef<ShardgateTypes, ApiRow>;

/** An entity type: its table's names and entity keys (columns) with their `@key` field sets. */
interface Entity {
  readonly names: TableNames;
  readonly keys: readonly (EntityKey & { readonly fields: readonly string[] })[];
}

/** The entities of the catalog: tables with a primary key, keyed by type name. */
function entitiesOf(tables: readonly TableNames[]): Map<string, Entity> {
  return new Map(
    tables
      .filter((names) => names.node)
      .map((names) => [
        names.base,
        {
          names,
          keys: entityKeys(names.table).map((key) => ({
            ...key,
            fields: key.columns.map((c) => {
              const column = names.byColumn.get(c);
              invariant(column !== undefined, `key column ${c} of ${names.table.keyspace}.${names.table.table} has no field`);
              return column.objectField;
            }),
          })),
        },
      ]),
  );
}

/** The schema extension buildGraphQLSchema records: each entity type's `@key` field sets. */
export function federationExtension(tables: readonly TableNames[]): FederationExtension {
  return { keys: Object.fromEntries([...entitiesOf(tables)].map(([type, entity]) => [type, entity.keys.map((k) => k.fields.join(' '))])) };
}

const sdlCache = new WeakMap<GraphQLSchema, string>();

function subgraphSdl(schema: GraphQLSchema): string {
  let sdl = sdlCache.get(schema);
  if (sdl === undefined) {
    sdl = printSubgraphSdl(schema);
    sdlCache.set(schema, sdl);
  }
  return sdl;
}

function invalid(index: number, message: string, details: Record<string, unknown> = {}): ServiceError {
  return new ServiceError('SG1041', `invalid entity representation ${index}: ${message}`, { details: { index, ...details } });
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of `entity` a representation carries every field of, the routed key first; an error naming what is missing. */
function chooseKey(entity: Entity, representation: Readonly<Record<string, unknown>>, index: number): Entity['keys'][number] {
  const present = (field: string): boolean => representation[field] !== undefined;
  const complete = [...entity.keys].sort((a, b) => Number(b.routed) - Number(a.routed)).find((k) => k.fields.every(present));
  if (complete !== undefined) return complete;
  const needs = entity.keys.map((k) => `"${k.fields.join(' ')}" lacks ${k.fields.filter((f) => !present(f)).join(', ')}`);
  throw invalid(index, `${entity.names.base} has no complete @key: ${needs.join('; ')}`, { typename: entity.names.base });
}

/** A key field's value as its column's GraphQL input type coerces it (the JS form the runtime takes). */
function keyValue(info: GraphQLResolveInfo, entity: Entity, field: string, value: unknown, index: number): unknown {
  const objectType = info.schema.getType(entity.names.base);
  invariant(isObjectType(objectType), `no object type ${entity.names.base}`);
  const type = getNamedType(objectType.getFields()[field]?.type);
  invariant(type !== undefined && isInputType(type), `key field ${entity.names.base}.${field} has no input type`);
  if (value === null) throw invalid(index, `${entity.names.base}.${field} is null`, { typename: entity.names.base, field });
  const problems: string[] = [];
  const coerced: unknown = coerceInputValue(value, type, (_path, _invalid, error: GraphQLError) => problems.push(error.message));
  if (problems.length > 0) {
    throw invalid(index, `${entity.names.base}.${field} must be a ${type.name}, got ${describeJsValue(value)}: ${problems.join('; ')}`, {
      typename: entity.names.base,
      field,
    });
  }
  return coerced;
}

/** What the federation fields need. */
export interface FederationFieldsOptions {
  readonly tables: readonly TableNames[];
  readonly objects: ReadonlyMap<string, ObjectRef>;
  readonly runtime: Pick<ApiRuntime, 'byPk' | 'loadByKey'>;
  readonly rowTypes: RowTypes;
}

/**
 * Adds the federation types (`_Any`, `_Service`, and `_Entity` when a table has a primary key)
 * and returns the builder of the root fields `_service` and (with `_Entity`) `_entities`.
 * Contract of `_entities(representations: [_Any!]!): [_Entity]!`: one slot per representation,
 * in request order: the row, null when it does not exist, or null with an error at
 * `_entities.<i>` (SG1041 BAD_USER_INPUT naming the problem: not an object, no or unknown
 * `__typename`, no complete `@key`, a key field null or of the wrong type; or the read's error when its
 * shard fails). A representation with the sharding key + primary key `@key` is loaded by that key
 * (runtime loadByKey: the batch is one statement per owning shard); one with only the primary
 * key by primary key (byPk, routed when the key holds the sharding key, else scattered). All
 * representations of one request share the request's DataLoaders: per table at most one
 * statement per shard and key kind. Only the columns selected on the entity's type are read.
 */
export function addFederation(builder: ShardgateBuilder, options: FederationFieldsOptions): (t: QueryFieldBuilder) => Record<string, QueryField> {
  builder.scalarType('_Any', {
    description: 'An entity representation (Apollo Federation): an object with __typename and the fields of one of its @keys.',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined),
  });
  const service = builder.objectRef<{ readonly sdl: string }>('_Service').implement({
    description: 'This subgraph (Apollo Federation).',
    fields: (f) => ({ sdl: f.string({ nullable: true, description: 'The subgraph SDL, with federation directives.', resolve: (s) => s.sdl }) }),
  });
  const serviceField = (t: QueryFieldBuilder): QueryField =>
    t.field({
      type: service,
      description: 'This subgraph, for Apollo Federation routers.',
      resolve: (_root, _args, _context, info) => ({ sdl: subgraphSdl(info.schema) }),
    });
  const entities = entitiesOf(options.tables);
  if (entities.size === 0) return (t) => ({ _service: serviceField(t) });

  const union = builder.unionType('_Entity', {
    description: 'Every entity type of this subgraph: the tables with a primary key.',
    types: [...entities.keys()].map((name) => {
      const ref = options.objects.get(name);
      invariant(ref !== undefined, `entity ${name} has no object type`);
      return ref;
    }),
    resolveType: (row) => options.rowTypes.typeOf(row),
  });

  async function load(ctx: RequestContext, info: GraphQLResolveInfo, representation: unknown, index: number, path: string): Promise<ApiRow | null> {
    if (!isRecord(representation)) throw invalid(index, `expected an object with __typename, got ${describeJsValue(representation)}`);
    const typename = representation.__typename;
    if (typeof typename !== 'string') throw invalid(index, `__typename must be a string, got ${describeJsValue(typename)}`);
    const entity = entities.get(typename);
    if (entity === undefined) throw invalid(index, `unknown __typename ${JSON.stringify(typename)}: not an entity type of this subgraph`, { typename });
    const key = chooseKey(entity, representation, index);
    const { names } = entity;
    const values = Object.fromEntries(key.columns.map((column, i) => [column, keyValue(info, entity, key.fields[i]!, representation[key.fields[i]!], index)]));
    const columns = selectedColumns(info, names, info.fieldNodes, key.columns);
    const row = key.routed
      ? ((await options.runtime.loadByKey(ctx, names.table, key.columns, values, {}, columns, path))[0] ?? null)
      : await options.runtime.byPk(ctx, names.table, values, columns, path);
    return options.rowTypes.typed(row, names.base);
  }

  return (t) => ({
    _service: serviceField(t),
    _entities: t.field({
      type: [union],
      nullable: { list: false, items: true },
      description: 'The entities of these representations, in the same order (Apollo Federation): null for one whose row does not exist.',
      args: { representations: t.arg({ type: ['_Any'], required: true }) },
      resolve: (_root, args, value, info) => {
        const ctx = requestContextOf(value);
        const path = responsePath(info);
        // An Error item is an error at its path (settledItems); Pothos types items as rows only.
        return settledItems(args.representations.map((representation, i) => load(ctx, info, representation, i, path))) as Promise<(ApiRow | null)[]>;
      },
    }),
  });
}
