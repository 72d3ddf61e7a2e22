// The root query fields of one table (`T`, `T_by_pk`, `T_aggregate`, `T_connection`) and their
// resolvers: each reads what the operation selects below it, translates field names into column
// names and calls the runtime once (by_pk: once per key, batched by the runtime's DataLoader)
// with the field's response path for explain. Owns no SQL, routing or value conversion.

import { getArgumentValues, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import type { AggregateSelection, ApiRuntime } from '../resolvers/apiRuntime.js';
import { invariant } from '../util/invariant.js';
import { orderByToColumns, pkToColumns, whereToColumns } from './columnArguments.js';
import { describeTable } from './describeTable.js';
import { requestContextOf } from './requestContextValue.js';
import { collectSubfields, objectTypeNamed, responsePath, subfieldsNamed } from './selection.js';
import { countKey, countSpec, type AggregateValues, type CountSpec, type TableTypes } from './tableTypes.js';
import type { ShardgateTypes } from './schemaTypes.js';
import type { TableNames } from './schemaNames.js';

/**
 * What the generated resolvers call: the runtime's four read functions (an ApiRuntime fits).
 * Each call gets the RequestContext found in the GraphQL context (requestContextValue.ts).
 */
export type SchemaRuntime = Pick<ApiRuntime, 'select' | 'byPk' | 'aggregate' | 'connection'>;

type Input = Readonly<Record<string, unknown>>;
type QueryFieldBuilder = PothosSchemaTypes.QueryFieldBuilder<ShardgateTypes, object>;
type QueryField = ReturnType<QueryFieldBuilder['field']>;

/**
 * The columns selected on the table's object type below `nodes`, in ordinal order, plus
 * `required` ones. Never empty: with nothing selected (only `__typename`) it is the first
 * primary key column, else the first column, so that rows still come back.
 */
function selectedColumns(info: GraphQLResolveInfo, names: TableNames, nodes: readonly FieldNode[], required: readonly string[] = []): string[] {
  const fields = new Set(collectSubfields(info, nodes, objectTypeNamed(info, names.base)).map((n) => n.name.value));
  const wanted = new Set(required);
  for (const c of names.columns) if (fields.has(c.field)) wanted.add(c.column.name);
  if (wanted.size === 0) wanted.add(names.table.primaryKey[0] ?? names.columns[0]!.column.name);
  return names.columns.map((c) => c.column.name).filter((c) => wanted.has(c));
}

function where(names: TableNames, value: unknown): Input | null | undefined {
  return value === null || value === undefined ? value : whereToColumns(names, value as Input);
}

function orderBy(names: TableNames, value: unknown): ReturnType<typeof orderByToColumns> | null | undefined {
  return value === null || value === undefined ? value : orderByToColumns(names, value as readonly Input[]);
}

/** The aggregate functions selected below `T_aggregate`: sum/avg/min/max columns and every distinct count request. */
function aggregateRequests(info: GraphQLResolveInfo, names: TableNames): { counts: CountSpec[]; selection: Omit<AggregateSelection, 'count'> } {
  const aggregateType = objectTypeNamed(info, names.aggregate);
  const fieldsType = objectTypeNamed(info, names.aggregateFields);
  const countField = fieldsType.getFields().count;
  invariant(countField !== undefined, `${names.aggregateFields} has no count field`);
  const counts = new Map<string, CountSpec>();
  const columns = { sum: new Set<string>(), avg: new Set<string>(), min: new Set<string>(), max: new Set<string>() };
  for (const node of collectSubfields(info, subfieldsNamed(info, info.fieldNodes, aggregateType, 'aggregate'), fieldsType)) {
    const name = node.name.value;
    if (name === 'count') {
      const spec = countSpec(getArgumentValues(countField, node, info.variableValues) as Parameters<typeof countSpec>[0]);
      counts.set(countKey(spec), spec);
    } else if (name === 'sum' || name === 'avg' || name === 'min' || name === 'max') {
      const recordType = objectTypeNamed(info, { sum: names.sumFields, avg: names.avgFields, min: names.minFields, max: names.maxFields }[name]);
      for (const field of collectSubfields(info, [node], recordType)) {
        const column = names.columnOfField.get(field.name.value);
        if (column !== undefined) columns[name].add(column);
      }
    }
  }
  const ordinal = (set: Set<string>): string[] => names.columns.map((c) => c.column.name).filter((c) => set.has(c));
  const selection: Omit<AggregateSelection, 'count'> = Object.fromEntries(
    (['sum', 'avg', 'min', 'max'] as const).filter((fn) => columns[fn].size > 0).map((fn) => [fn, ordinal(columns[fn])]),
  );
  return { counts: [...counts.values()], selection };
}

/**
 * Builds the root fields of one table.
 * Contract: `T` and `T_aggregate` always; `T_by_pk` and `T_connection` only when the table has a
 * primary key. Every resolver reads its RequestContext from the GraphQL context
 * (requestContextOf) and passes the field's response path (`customer`; `c` for
 * `c: customer_by_pk`). Runtime errors (ServiceErrors) propagate to graphql-js unchanged.
 */
export function tableRootFields(t: QueryFieldBuilder, types: TableTypes, runtime: SchemaRuntime): Record<string, QueryField> {
  const { names } = types;
  const { table } = names;
  const descriptions = describeTable(names);
  const context = requestContextOf;
  const fields: Record<string, QueryField> = {};

  fields[names.base] = t.field({
    type: [types.object],
    description: descriptions.list,
    args: {
      where: t.arg({ type: types.boolExp, description: 'filter the rows' }),
      order_by: t.arg({ type: [types.orderBy], description: 'sort the rows' }),
      limit: t.arg.int({ description: 'at most this many rows' }),
      offset: t.arg.int({ description: 'skip the first rows' }),
    },
    resolve: (_root, args, value, info) =>
      runtime.select(
        context(value),
        table,
        { where: where(names, args.where), order_by: orderBy(names, args.order_by), limit: args.limit, offset: args.offset },
        selectedColumns(info, names, info.fieldNodes),
        responsePath(info),
      ),
  });

  if (table.primaryKey.length > 0) {
    const pkColumns = table.primaryKey.map((c) => names.byColumn.get(c));
    fields[names.byPkField] = t.field({
      type: types.object,
      nullable: true,
      description: descriptions.byPk,
      args: Object.fromEntries(
        pkColumns.map((c) => {
          invariant(c !== undefined, `primary key column of ${table.keyspace}.${table.table} missing from its columns`);
          return [c.field, t.arg({ type: types.columnTypes.get(c.column.name)! as 'String', required: true })];
        }),
      ),
      resolve: (_root, args, value, info) =>
        runtime.byPk(context(value), table, pkToColumns(names, args), selectedColumns(info, names, info.fieldNodes, table.primaryKey), responsePath(info)),
    });
  }

  fields[names.aggregateField] = t.field({
    type: types.aggregate,
    description: descriptions.aggregate,
    args: { where: t.arg({ type: types.boolExp, description: 'filter the rows' }) },
    resolve: async (_root, args, value, info): Promise<AggregateValues> => {
      const { counts, selection } = aggregateRequests(info, names);
      if (counts.length === 0 && Object.keys(selection).length === 0) return { counts: new Map() };
      const ctx = context(value);
      const aggregateArgs = { where: where(names, args.where) };
      const path = responsePath(info);
      const [first, ...others] = counts;
      const [main, ...extra] = await Promise.all([
        runtime.aggregate(ctx, table, aggregateArgs, { ...selection, ...(first === undefined ? {} : { count: first }) }, path),
        ...others.map((count) => runtime.aggregate(ctx, table, aggregateArgs, { count }, path)),
      ]);
      const countValues = new Map<string, number>();
      [main!, ...extra].forEach((result, i) => {
        const spec = counts[i];
        if (spec !== undefined) countValues.set(countKey(spec), result.count ?? 0);
      });
      return { counts: countValues, sum: main!.sum, avg: main!.avg, min: main!.min, max: main!.max };
    },
  });

  if (types.connection !== undefined) {
    const connection = types.connection;
    fields[names.connectionField] = t.field({
      type: connection,
      description: descriptions.connection,
      args: {
        first: t.arg.int({ description: 'at most this many rows (default: the row limit)' }),
        after: t.arg.string({ description: 'the cursor of the row to continue after' }),
        where: t.arg({ type: types.boolExp, description: 'filter the rows' }),
        order_by: t.arg({ type: [types.orderBy], description: 'sort the rows (the primary key breaks ties)' }),
      },
      resolve: (_root, args, value, info) => {
        const connectionType = objectTypeNamed(info, names.connection);
        const edgeType = objectTypeNamed(info, names.edge);
        const nodes = subfieldsNamed(info, subfieldsNamed(info, info.fieldNodes, connectionType, 'edges'), edgeType, 'node');
        return runtime.connection(
          context(value),
          table,
          { first: args.first, after: args.after, where: where(names, args.where), order_by: orderBy(names, args.order_by) },
          selectedColumns(info, names, nodes, table.primaryKey),
          responsePath(info),
        );
      },
    });
  }
  return fields;
}
