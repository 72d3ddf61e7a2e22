// The relationship fields of the table object types (INTERFACES.md §5, issue #6): a nullable
// object field per object relationship, and per array relationship `R(where, order_by, limit,
// offset): [Child!]!` and `R_aggregate(where): Child_aggregate!`, added after every table's types
// exist. Resolvers read what is selected below them and call the runtime's relationship reads;
// batching, routing and SQL are src/resolvers'.

import type { GraphQLResolveInfo } from 'graphql';
import type { ApiRow } from '../resolvers/apiRuntime.js';
import type { ApiRelationship, ApiTable } from '../resolvers/catalog.js';
import { invariant } from '../util/invariant.js';
import { resolveAggregateValues } from './aggregateValues.js';
import { orderByArgument, whereArgument } from './columnArguments.js';
import { requestContextOf } from './requestContextValue.js';
import type { SchemaRuntime } from './rootFields.js';
import type { RelationshipNames } from './schemaNames.js';
import type { ShardgateBuilder } from './schemaTypes.js';
import { selectedColumns } from './selectedColumns.js';
import { createFieldMemo } from './selection.js';
import type { AggregateValues, TableTypes } from './tableTypes.js';

/**
 * The explain path of a relationship field: its response path without list indexes
 * (`customer.corders`, not `customer.0.corders`), so that the loads of one batch share it.
 */
export function relationshipPath(info: Pick<GraphQLResolveInfo, 'path'>): string {
  let path = '';
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p !== undefined; p = p.prev) if (typeof p.key === 'string') path = path === '' ? p.key : `${p.key}.${path}`;
  return path;
}

/** The arguments of an array relationship field as GraphQL coerced them. */
interface ArrayArgs {
  readonly where?: unknown;
  readonly order_by?: unknown;
  readonly limit?: number | null;
  readonly offset?: number | null;
}

function describeEnds(r: ApiRelationship): string {
  const pairs = r.columns.map((c, i) => `${r.to.keyspace}.${r.to.table}.${r.toColumns[i]!} = ${c}`).join(' and ');
  const source = r.source.kind === 'config' ? `relationships[${r.source.index}] of the configuration` : `foreign key ${r.source.name} of ${r.source.table.keyspace}.${r.source.table.table}`;
  return `${pairs} (${source})`;
}

/** The parent row's join columns must have been read (selectedColumns adds them); anything else is a wiring bug. */
function assertJoinColumns(r: ApiRelationship, row: ApiRow): void {
  for (const c of r.columns) invariant(c in row, `relationship ${r.from.table}.${r.name}: the parent row lacks join column ${c}`);
}

/**
 * Adds the relationship fields of every table in `tables` (names.relationships) to its object
 * type. Contract: an object relationship is a nullable field of the target's type; an array
 * relationship `R` is `[Target!]!` with `where`, `order_by`, `limit`, `offset` (paging per parent
 * row; ties and no order_by in primary-key order) and `R_aggregate(where)` of the target's
 * `T_aggregate` type. Every resolver asks the runtime for the target columns selected below it and
 * passes the index-free response path (relationshipPath). Every target table must be in `tables`.
 */
export function addRelationshipFields(builder: ShardgateBuilder, tables: readonly TableTypes[], runtime: SchemaRuntime): void {
  const byTable = new Map<ApiTable, TableTypes>(tables.map((t) => [t.names.table, t]));
  for (const types of tables) {
    if (types.names.relationships.length === 0) continue;
    builder.objectFields(types.object, (t) => {
      const fields: Record<string, ReturnType<typeof t.field>> = {};
      for (const { relationship: r, field, aggregateField } of types.names.relationships as readonly RelationshipNames[]) {
        const target = byTable.get(r.to);
        invariant(target !== undefined, `relationship ${r.name} leads to ${r.to.keyspace}.${r.to.table}, which has no types`);
        const ends = describeEnds(r);
        if (r.kind === 'object') {
          // The primary key as by_pk asks for it, so that both share DataLoader cache entries.
          const columnsOf = createFieldMemo((_args: unknown, info) => selectedColumns(info, target.names, info.fieldNodes, target.names.table.primaryKey));
          fields[field] = t.field({
            type: target.object,
            nullable: true,
            description: `The row of ${r.to.keyspace}.${r.to.table} where ${ends}; null when none.`,
            resolve: (row, _args, value, info) => {
              assertJoinColumns(r, row);
              return runtime.objectRelationship(requestContextOf(value), r, row, columnsOf(undefined, info), relationshipPath(info));
            },
          });
          continue;
        }
        const names = target.names;
        // Arguments and selection are the same for every parent row of one field of an operation.
        const readOf = createFieldMemo((args: ArrayArgs, info) => ({
          args: { where: whereArgument(names, args.where), order_by: orderByArgument(names, args.order_by), limit: args.limit, offset: args.offset },
          columns: selectedColumns(info, names, info.fieldNodes),
        }));
        fields[field] = t.field({
          type: [target.object],
          description: `Rows of ${r.to.keyspace}.${r.to.table} where ${ends}: filtered by where, ordered by order_by (ties in primary-key order), limit and offset per row of this table.`,
          args: {
            where: t.arg({ type: target.boolExp, description: 'filter the rows' }),
            order_by: t.arg({ type: [target.orderBy], description: 'sort the rows' }),
            limit: t.arg.int({ description: 'at most this many rows per parent row' }),
            offset: t.arg.int({ description: 'skip the first rows of each parent row' }),
          },
          resolve: (row, args, value, info) => {
            assertJoinColumns(r, row);
            const read = readOf(args, info);
            return runtime.arrayRelationship(requestContextOf(value), r, row, read.args, read.columns, relationshipPath(info));
          },
        });
        invariant(aggregateField !== undefined, `array relationship ${r.name} has no aggregate field name`);
        fields[aggregateField] = t.field({
          type: target.aggregate,
          description: `Aggregates over the rows of ${r.to.keyspace}.${r.to.table} where ${ends}, filtered by where.`,
          args: { where: t.arg({ type: target.boolExp, description: 'filter the rows' }) },
          resolve: (row, args, value, info): Promise<AggregateValues> => {
            assertJoinColumns(r, row);
            const where = { where: whereArgument(target.names, args.where) };
            return resolveAggregateValues(info, target.names, (selection) => runtime.relationshipAggregate(requestContextOf(value), r, row, where, selection, relationshipPath(info)));
          },
        });
      }
      return fields;
    });
  }
}
