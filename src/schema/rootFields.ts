// The root query fields of one table (`T`, `T_by_pk`, `T_aggregate`, `T_connection`) and their
// resolvers: each reads what the operation selects below it, translates field names into column
// names and calls the runtime once (by_pk: once per key, batched by the runtime's DataLoader)
// with the field's response path for explain. Owns no SQL, routing or value conversion.

import type { ApiRuntime } from '../resolvers/apiRuntime.js';
import { invariant } from '../util/invariant.js';
import { orderByArgument as orderBy, pkToColumns, whereArgument as where } from './columnArguments.js';
import { resolveAggregateValues } from './aggregateValues.js';
import { describeTable } from './describeTable.js';
import { requestContextOf } from './requestContextValue.js';
import { selectedColumns } from './selectedColumns.js';
import { objectTypeNamed, responsePath, subfieldsNamed } from './selection.js';
import type { AggregateValues, TableTypes } from './tableTypes.js';
import type { ShardgateTypes } from './schemaTypes.js';

/**
 * What the generated resolvers call: the runtime's read functions (an ApiRuntime fits; loadByKey for
 * federation entities; the relationship reads for relationship fields).
 * Each call gets the RequestContext found in the GraphQL context (requestContextValue.ts).
 */
export type SchemaRuntime = Pick<
  ApiRuntime,
  'select' | 'byPk' | 'aggregate' | 'connection' | 'loadByKey' | 'objectRelationship' | 'arrayRelationship' | 'relationshipAggregate'
>;

type QueryFieldBuilder = PothosSchemaTypes.QueryFieldBuilder<ShardgateTypes, object>;
type QueryField = ReturnType<QueryFieldBuilder['field']>;

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
    resolve: (_root, args, value, info): Promise<AggregateValues> => {
      const aggregateArgs = { where: where(names, args.where) };
      return resolveAggregateValues(info, names, (selection) => runtime.aggregate(context(value), table, aggregateArgs, selection, responsePath(info)));
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
