// The root mutation fields of every writable table (INTERFACES.md §5: `insert_T`, `insert_T_one`,
// `update_T`, `update_T_by_pk`, `delete_T`, `delete_T_by_pk`) and the `Mutation` type that holds
// them. Resolvers translate field names into column names, read what `returning` (or the
// by-pk/one object) selects and call the mutation runtime once; transactions, SQL and values
// are the runtime's.

import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { MutationRuntime } from '../resolvers/mutationTypes.js';
import { addMutationTypes, type MutationTypes } from './mutationInputs.js';
import { pkToColumns, whereToColumns } from './columnArguments.js';
import { requestContextOf } from './requestContextValue.js';
import { selectedColumns } from './selectedColumns.js';
import { objectTypeNamed, responsePath, subfieldsNamed } from './selection.js';
import type { TableNames } from './schemaNames.js';
import type { ShardgateBuilder, ShardgateTypes } from './schemaTypes.js';
import type { TableTypes } from './tableTypes.js';

type Input = Readonly<Record<string, unknown>>;
type MutationFieldBuilder = PothosSchemaTypes.MutationFieldBuilder<ShardgateTypes, object>;
type MutationField = ReturnType<MutationFieldBuilder['field']>;
type ArgMap = Record<string, PothosSchemaTypes.ArgumentRef<ShardgateTypes, unknown>>;

/** What the schema needs of the runtime for mutations: absent, the schema has no `Mutation` type (a read-only API). */
export interface MutationSchemaRuntime {
  readonly mutations?: MutationRuntime;
}

function columnsOf(names: TableNames, value: unknown): Input | null | undefined {
  return value === null || value === undefined ? value : pkToColumns(names, value as Input);
}

/** `on_conflict` with its enum values (key and column names) as they are; null/undefined kept. */
function onConflictOf(value: unknown): { constraint: string; update_columns: readonly string[] } | null | undefined {
  if (value === null || value === undefined) return value;
  const v = value as { constraint: string; update_columns?: readonly string[] | null };
  return { constraint: v.constraint, update_columns: v.update_columns ?? [] };
}

/** The columns `returning` selects below a mutation response, or null when it is not selected. */
function returningColumns(info: GraphQLResolveInfo, names: TableNames, types: MutationTypes): string[] | null {
  const nodes = subfieldsNamed(info, info.fieldNodes, objectTypeNamed(info, types.names.mutationResponse), 'returning');
  return nodes.length === 0 ? null : selectedColumns(info, names, nodes, names.table.primaryKey);
}

/**
 * True when the field is the operation's only root field (nothing beside it, no fragment, no
 * directive): the runtime may then autocommit its write (MutationRuntime `alone`).
 */
export function isOnlyRootField(info: Pick<GraphQLResolveInfo, 'operation'>): boolean {
  const selections = info.operation.selectionSet.selections;
  return selections.length === 1 && selections[0]!.kind === Kind.FIELD && (selections[0]!.directives?.length ?? 0) === 0;
}

function shardingNote(names: TableNames): string {
  const { table } = names;
  if (!table.sharded || table.type === 'reference' || table.shardingColumns === undefined) return `Keyspace ${table.keyspace} is unsharded: the write goes to its one shard.`;
  const fields = table.shardingColumns.map((c) => names.byColumn.get(c)?.field ?? c).join(', ');
  const vindex = table.primaryVindex === undefined ? '' : ` (vindex ${table.primaryVindex.name})`;
  return `Sharded by ${fields}${vindex}.`;
}

function descriptions(names: TableNames): Record<'insert' | 'insertOne' | 'update' | 'updateByPk' | 'delete' | 'deleteByPk', string> {
  const { table } = names;
  const where = `${table.keyspace}.${table.table}`;
  const note = shardingNote(names);
  const sharded = table.sharded && table.type !== 'reference';
  const routed = sharded ? 'Each row goes to the shard its sharding key names.' : '';
  const filtered = sharded
    ? 'A where with _eq or _in on the sharding key, or on a lookup vindex column, routes to the owning shards; any other where writes to every shard, which limits.allowScatterWrites must allow.'
    : '';
  const line = (...parts: string[]) => parts.filter((p) => p !== '').join('\n');
  return {
    insert: line(`Inserts rows into ${where}; on_conflict turns duplicates of a key into updates.`, note, routed),
    insertOne: line(`Inserts one row into ${where} and returns it (null when on_conflict kept an existing row).`, note, routed),
    update: line(`Updates the rows of ${where} that match where: _set assigns, _inc adds.`, note, filtered, sharded ? 'The sharding key cannot change.' : ''),
    updateByPk: line(`Updates the row of ${where} with the given primary key and returns it, or null when there is none.`, note, sharded ? 'The sharding key cannot change.' : ''),
    delete: line(`Deletes the rows of ${where} that match where.`, note, filtered),
    deleteByPk: line(`Deletes the row of ${where} with the given primary key and returns it as it was, or null when there is none.`, note),
  };
}

/**
 * Builds the mutation fields of one table.
 * Contract: `insert_T`, `insert_T_one`, `update_T` and `delete_T` always (`where` is required,
 * `{}` meaning every row, as in Hasura); `update_T_by_pk` and `delete_T_by_pk` only with a
 * primary key; `on_conflict` only when the table has a key; `_inc` only with a numeric column.
 * Every field is nullable (a failed mutation is null with its error). Resolvers pass column
 * names, the RequestContext of the GraphQL context and the response path; runtime errors
 * propagate unchanged.
 */
export function tableMutationFields(t: MutationFieldBuilder, types: TableTypes, mutation: MutationTypes, runtime: MutationRuntime): Record<string, MutationField> {
  const { names } = types;
  const { table } = names;
  const text = descriptions(names);
  const n = mutation.names;
  const fields: Record<string, MutationField> = {};
  const onConflictArg = (): ArgMap => (mutation.onConflict === undefined ? {} : { on_conflict: t.arg({ type: mutation.onConflict, description: 'upsert: what to do when a row with the same key exists' }) });
  const changeArgs = (): ArgMap => ({
    _set: t.arg({ type: mutation.setInput, description: 'new column values' }),
    ...(mutation.incInput === undefined ? {} : { _inc: t.arg({ type: mutation.incInput, description: 'amounts to add to numeric columns' }) }),
  });
  const changes = (args: Input) => ({ _set: columnsOf(names, args._set), _inc: columnsOf(names, args._inc) });
  const insertArgs = (objects: readonly Input[], args: Input) => ({ objects: objects.map((o) => pkToColumns(names, o)), on_conflict: onConflictOf(args.on_conflict) });
  const rowColumns = (info: GraphQLResolveInfo) => selectedColumns(info, names, info.fieldNodes, table.primaryKey);

  fields[n.insert] = t.field({
    type: mutation.response,
    nullable: true,
    description: text.insert,
    args: { objects: t.arg({ type: [mutation.insertInput], required: true, description: 'the rows to insert' }), ...onConflictArg() },
    resolve: (_root, args, value, info) =>
      runtime.insert(requestContextOf(value), table, insertArgs(args.objects as Input[], args), returningColumns(info, names, mutation), responsePath(info), isOnlyRootField(info)),
  });

  fields[n.insertOne] = t.field({
    type: types.object,
    nullable: true,
    description: text.insertOne,
    args: { object: t.arg({ type: mutation.insertInput, required: true, description: 'the row to insert' }), ...onConflictArg() },
    resolve: (_root, args, value, info) =>
      runtime.insertOne(requestContextOf(value), table, insertArgs([args.object as Input], args), rowColumns(info), responsePath(info), isOnlyRootField(info)),
  });

  fields[n.update] = t.field({
    type: mutation.response,
    nullable: true,
    description: text.update,
    args: {
      where: t.arg({ type: types.boolExp, required: true, description: 'the rows to update ({} for every row)' }),
      ...changeArgs(),
    },
    resolve: (_root, args, value, info) =>
      runtime.update(requestContextOf(value), table, { where: whereToColumns(names, args.where as Input), ...changes(args) }, returningColumns(info, names, mutation), responsePath(info), isOnlyRootField(info)),
  });

  fields[n.delete] = t.field({
    type: mutation.response,
    nullable: true,
    description: text.delete,
    args: { where: t.arg({ type: types.boolExp, required: true, description: 'the rows to delete ({} for every row)' }) },
    resolve: (_root, args, value, info) =>
      runtime.delete(requestContextOf(value), table, whereToColumns(names, args.where as Input), returningColumns(info, names, mutation), responsePath(info), isOnlyRootField(info)),
  });

  if (mutation.pkColumnsInput !== undefined) {
    fields[n.updateByPk] = t.field({
      type: types.object,
      nullable: true,
      description: text.updateByPk,
      args: {
        pk_columns: t.arg({ type: mutation.pkColumnsInput, required: true, description: 'the primary key of the row' }),
        ...changeArgs(),
      },
      resolve: (_root, args, value, info) =>
        runtime.updateByPk(requestContextOf(value), table, { pk_columns: pkToColumns(names, args.pk_columns as Input), ...changes(args) }, rowColumns(info), responsePath(info), isOnlyRootField(info)),
    });
    fields[n.deleteByPk] = t.field({
      type: types.object,
      nullable: true,
      description: text.deleteByPk,
      args: Object.fromEntries(
        table.primaryKey.map((name) => {
          const column = names.byColumn.get(name)!;
          return [column.field, t.arg({ type: types.columnTypes.get(name)! as 'String', required: true })];
        }),
      ),
      resolve: (_root, args, value, info) =>
        runtime.deleteByPk(requestContextOf(value), table, pkToColumns(names, args), rowColumns(info), responsePath(info), isOnlyRootField(info)),
    });
  }
  return fields;
}

/**
 * Adds the mutation types of every writable table and the `Mutation` root type with their
 * fields, in table order. Contract: nothing is added without `runtime.mutations` or when no
 * table is writable (GraphQL has no empty root types).
 */
export function addMutationType(builder: ShardgateBuilder, tables: readonly TableTypes[], runtime: MutationSchemaRuntime): void {
  const mutations = runtime.mutations;
  if (mutations === undefined) return;
  const writable = tables.flatMap((types) => {
    const mutation = addMutationTypes(builder, types);
    return mutation === undefined ? [] : [{ types, mutation }];
  });
  if (writable.length === 0) return;
  builder.mutationType({
    description: 'Inserts, updates and deletes, routed to the shards that own the rows. One request is one transaction (see X-Shardgate-Transaction).',
    fields: (t) => Object.assign({}, ...writable.map(({ types, mutation }) => tableMutationFields(t, types, mutation, mutations))) as Record<string, MutationField>,
  });
}
