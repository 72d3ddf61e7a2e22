// Relay global object identification (INTERFACES.md §5): the `Node` interface, the `id` field of
// every table type with a primary key, and the root fields `node(id:)` and `nodes(ids:)`, which
// decode ids (src/resolvers globalId.ts) and load rows through the runtime's by-pk DataLoader.
// Also the row → object type registry that `Node` and federation's `_Entity` resolve types with.
// Owns no id format and no SQL.

import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { ApiRow, ApiRuntime, RequestContext } from '../resolvers/apiRuntime.js';
import type { ApiTable } from '../resolvers/catalog.js';
import { decodeGlobalId, encodeGlobalId, type GlobalIdTables } from '../resolvers/globalId.js';
import { invariant } from '../util/invariant.js';
import { requestContextOf } from './requestContextValue.js';
import { NODE_ID_FIELD, SERIALIZED_LEAF, type TableNames } from './schemaNames.js';
import { selectedColumns } from './selectedColumns.js';
import type { ShardgateBuilder, ShardgateTypes } from './schemaTypes.js';
import { responsePath } from './selection.js';

type InterfaceRef = PothosSchemaTypes.InterfaceRef<ShardgateTypes, ApiRow>;
type QueryFieldBuilder = PothosSchemaTypes.QueryFieldBuilder<ShardgateTypes, object>;
type ObjectFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<ShardgateTypes, ApiRow>;
type QueryField = ReturnType<QueryFieldBuilder['field']>;

/**
 * The object type of rows returned through an abstract type (`Node`, `_Entity`): rows are plain
 * records, so the field that loads one records its type here and `resolveType` reads it back.
 * Keyed by the row object (the DataLoader of one table returns one object per row and columns).
 */
export class RowTypes {
  readonly #types = new WeakMap<object, string>();

  /** Records that `row` (when not null) is of the object type `typeName`; returns it. */
  typed(row: ApiRow | null, typeName: string): ApiRow | null {
    if (row !== null) this.#types.set(row, typeName);
    return row;
  }

  /** The object type recorded for `row`; a bug when none was. */
  typeOf(row: ApiRow): string {
    const name = this.#types.get(row);
    invariant(name !== undefined, 'a row reached an abstract type without its object type');
    return name;
  }
}

/**
 * Adds the `Node` interface. Contract: its one field `id: ID!` is implemented by each table
 * type (nodeIdField), so the interface's own resolver is never called; its type resolution
 * reads `rowTypes`.
 */
export function addNodeInterface(builder: ShardgateBuilder, rowTypes: RowTypes): InterfaceRef {
  return builder.interfaceRef<ApiRow>('Node').implement({
    description: 'An object with a global id (Relay Global Object Identification): every table type with a primary key.',
    fields: (t) => ({
      [NODE_ID_FIELD]: t.field({
        type: 'ID',
        description: 'The opaque global id of the object; node(id:) returns it again.',
        resolve: () => invariant(false, 'every Node type resolves id itself'),
      }),
    }),
    resolveType: (row) => rowTypes.typeOf(row),
  });
}

/**
 * Waits for every item of a list field and returns the list with each failed item as its Error,
 * which graphql-js and graphql-jit both turn into a null with an error at the item's path.
 * Returning the pending promises instead loses a trailing null under graphql-jit 0.8 when a later
 * item rejects before an earlier one resolves (the list comes back one slot short).
 */
export async function settledItems<T>(items: readonly Promise<T>[]): Promise<(T | Error)[]> {
  const settled = await Promise.allSettled(items);
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason instanceof Error ? s.reason : new Error(String(s.reason))));
}

/** The `id` field of a table type with a primary key: the row's global id (encodeGlobalId). */
export function nodeIdField(t: ObjectFieldBuilder, table: ApiTable): ReturnType<ObjectFieldBuilder['field']> {
  return t.field({
    type: 'ID',
    description: `The opaque global id of this row (Relay Node): keyspace ${table.keyspace}, table ${table.table}, primary key (${table.primaryKey.join(', ')}).`,
    resolve: (row) => encodeGlobalId(table, row),
    // A global id is a string, which ID's serialize returns unchanged.
    extensions: { [SERIALIZED_LEAF]: true },
  });
}

/** What node(s) need: the tables' names, the id decoder's table lookup and the runtime's by-pk read. */
export interface NodeFieldsOptions {
  readonly tables: readonly TableNames[];
  readonly lookup: GlobalIdTables;
  readonly runtime: Pick<ApiRuntime, 'byPk'>;
  readonly rowTypes: RowTypes;
  readonly node: InterfaceRef;
}

/**
 * The root fields `node(id: ID!): Node` and `nodes(ids: [ID!]!): [Node]!`.
 * Contract: an id is decoded before anything is read (SG1040 BAD_USER_INPUT for a malformed,
 * forged or foreign id, or one of a table not served); its row is loaded with the runtime's
 * byPk, selecting only the columns the operation asks of its type (fragments on `Node` or the
 * table type), so every id of one operation joins one DataLoader batch per table: one statement
 * per shard per table, routed to the owning shard when the primary key holds the sharding key.
 * `node` is null for a key with no row. `nodes` answers in request order, one slot per id: the
 * row, null when missing, or null with an error at `nodes.<i>` for an invalid id or a failed
 * read (the by-pk loader settles each shard's statement on its own: only the ids of a failed
 * shard get its error).
 */
export function nodeRootFields(t: QueryFieldBuilder, options: NodeFieldsOptions): Record<string, QueryField> {
  const namesOf = new Map(options.tables.filter((names) => names.node).map((names) => [names.table, names]));

  async function load(ctx: RequestContext, id: unknown, info: GraphQLResolveInfo, nodes: readonly FieldNode[], path: string): Promise<ApiRow | null> {
    const { table, pk } = decodeGlobalId(options.lookup, id);
    const names = namesOf.get(table);
    invariant(names !== undefined, `${table.keyspace}.${table.table} has a primary key but no Node type`);
    const row = await options.runtime.byPk(ctx, table, pk, selectedColumns(info, names, nodes, table.primaryKey), path);
    return options.rowTypes.typed(row, names.base);
  }

  return {
    node: t.field({
      type: options.node,
      nullable: true,
      description: 'The object with this global id, or null when its row does not exist (Relay Global Object Identification).',
      args: { id: t.arg({ type: 'ID', required: true, description: 'a global id, as the id field returned it' }) },
      resolve: (_root, args, value, info) => load(requestContextOf(value), args.id, info, info.fieldNodes, responsePath(info)),
    }),
    nodes: t.field({
      type: [options.node],
      nullable: { list: false, items: true },
      description:
        'The objects with these global ids, in the same order: null where a row does not exist, and null with an error for an invalid id. Ids of one table are read together, one statement per shard.',
      args: { ids: t.arg({ type: ['ID'], required: true, description: 'global ids, as the id fields returned them' }) },
      resolve: (_root, args, value, info) => {
        const ctx = requestContextOf(value);
        const path = responsePath(info);
        // An Error item is an error at its path (settledItems); Pothos types items as rows only.
        return settledItems(args.ids.map((id) => load(ctx, id, info, info.fieldNodes, path))) as Promise<(ApiRow | null)[]>;
      },
    }),
  };
}
