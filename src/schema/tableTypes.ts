// The GraphQL types of one table: the object type `T`, its ENUM column enums, `T_bool_exp`,
// `T_order_by`, `T_select_column`, the aggregate types (`T_aggregate`, `T_aggregate_fields`,
// `T_sum_fields`, `T_avg_fields`, `T_min_fields`, `T_max_fields`) and the Relay connection types
// (`T_connection`, `T_edge`). Field resolvers here only read values already fetched; the root
// fields that fetch them are rootFields.ts.

import type { ApiRow, Connection, Edge } from '../resolvers/apiRuntime.js';
import { isOrderableColumn } from '../resolvers/compileOrderBy.js';
import { isNumericColumn } from '../resolvers/values.js';
import { invariant } from '../util/invariant.js';
import { describeColumn, describeTable } from './describeTable.js';
import type { SharedTypes } from './schemaBuilder.js';
import { nodeIdField } from './nodeInterface.js';
import { NODE_ID_FIELD, SERIALIZED_LEAF, comparisonExpName, type ColumnNames, type ColumnScalar, type TableNames } from './schemaNames.js';
import type { ShardgateBuilder, ShardgateTypes } from './schemaTypes.js';
import { addComparisonExp, type ComparisonExpRef } from './comparisonExp.js';

type EnumRef = PothosSchemaTypes.EnumRef<ShardgateTypes, string, string>;
type InputRef = PothosSchemaTypes.InputObjectRef<ShardgateTypes, Readonly<Record<string, unknown>>>;
type ObjectRef<T> = PothosSchemaTypes.ObjectRef<ShardgateTypes, T>;

/** The output or input type of a column's field: a scalar name or the column's enum. */
export type ColumnType = ColumnScalar | EnumRef;

/**
 * What `T_aggregate` resolves to: the count of every distinct `count(columns, distinct)`
 * selected, keyed by {@link countKey}, and the sum/avg/min/max records (column name → value).
 */
export interface AggregateValues {
  readonly counts: ReadonlyMap<string, number>;
  readonly sum?: Readonly<Record<string, unknown>> | null;
  readonly avg?: Readonly<Record<string, unknown>> | null;
  readonly min?: Readonly<Record<string, unknown>> | null;
  readonly max?: Readonly<Record<string, unknown>> | null;
}

/** The runtime's count request for `count(columns, distinct)` arguments: `true` for `count(*)`. */
export type CountSpec = true | { readonly columns?: readonly string[]; readonly distinct?: boolean };

/** Turns `count` arguments (columns are already column names: T_select_column values) into the runtime's request. */
export function countSpec(args: { readonly columns?: readonly string[] | null; readonly distinct?: boolean | null }): CountSpec {
  const columns = args.columns ?? [];
  const distinct = args.distinct ?? false;
  if (columns.length === 0 && !distinct) return true;
  return { ...(columns.length === 0 ? {} : { columns }), ...(distinct ? { distinct } : {}) };
}

/** The key of a count request in {@link AggregateValues.counts}. */
export function countKey(spec: CountSpec): string {
  return JSON.stringify(spec);
}

/** The types of one table, for the root fields. `connection` exists only with a primary key. */
export interface TableTypes {
  readonly names: TableNames;
  readonly object: ObjectRef<ApiRow>;
  readonly boolExp: InputRef;
  readonly orderBy: InputRef;
  readonly aggregate: ObjectRef<AggregateValues>;
  readonly connection?: ObjectRef<Connection>;
  /** The type of each column's field and by_pk argument, by column name. */
  readonly columnTypes: ReadonlyMap<string, ColumnType>;
}

/** Which aggregate functions take a column, by its kind (Hasura: sum/avg numeric, min/max ordered scalars). */
function minMaxType(column: ColumnNames): ColumnScalar | undefined {
  switch (column.kind) {
    case 'Int':
    case 'BigInt':
    case 'Float':
    case 'Decimal':
    case 'String':
    case 'DateTime':
    case 'Date':
      return column.kind;
    default:
      return undefined;
  }
}

/** `sum` is exact (Decimal) for integer and DECIMAL columns, a Float for FLOAT/DOUBLE (src/resolvers AggregateResult). */
function sumType(column: ColumnNames): ColumnScalar | undefined {
  if (!isNumericColumn(column.column)) return undefined;
  return column.kind === 'Float' ? 'Float' : 'Decimal';
}

function addColumnEnum(builder: ShardgateBuilder, names: TableNames, column: ColumnNames): EnumRef {
  invariant(column.enumType !== undefined && column.enumMembers !== undefined, `column ${column.column.name} has no enum names`);
  return builder.enumType(column.enumType, {
    description: `Values of ${names.table.keyspace}.${names.table.table}.${column.column.name}.`,
    values: Object.fromEntries(
      column.enumMembers.map((m) => [m.name, { value: m.value, ...(m.name === m.value ? {} : { description: `MySQL value ${JSON.stringify(m.value)}` }) }]),
    ),
  });
}

/**
 * True when the values of column `c` (fromSqlValue in src/resolvers) are already what its
 * GraphQL type serialises them to: Int (32-bit integers), Float (finite numbers), String and
 * Boolean values pass a built-in scalar's serialize unchanged, and an enum whose every member
 * is named as its MySQL value serialises a value to itself. graphql-jit may then skip the
 * serialize call of such fields (src/server/useJit.ts).
 */
function isSerializedLeaf(c: ColumnNames): boolean {
  switch (c.kind) {
    case 'Int':
    case 'Float':
    case 'String':
    case 'Boolean':
      return true;
    case 'Enum':
      return c.enumMembers !== undefined && c.enumMembers.every((m) => m.name === m.value);
    default:
      return false;
  }
}

/** A record of sub-fields, one per column that `typeOf` gives a type, each reading `record[column]`. */
function addColumnRecordType(
  builder: ShardgateBuilder,
  name: string,
  description: string,
  columns: readonly { column: ColumnNames; type: ColumnScalar }[],
): ObjectRef<Readonly<Record<string, unknown>>> | undefined {
  if (columns.length === 0) return undefined;
  return builder.objectRef<Readonly<Record<string, unknown>>>(name).implement({
    description,
    fields: (t) =>
      Object.fromEntries(
        columns.map(({ column, type }) => [
          column.field,
          t.field({ type, nullable: true, resolve: (record) => record[column.column.name] ?? null }),
        ]),
      ),
  });
}

/**
 * Adds the types of one table to the builder (shared types through `shared`, created on first use).
 * Contract: columns appear in ordinal order in every type; a nullable column is a nullable field;
 * a table with a primary key implements Relay `Node` (field `id`, the column `id` moving to its
 * objectField);
 * JSON and GEOMETRY columns are left out of `T_order_by` (isOrderableColumn), JSON columns
 * filter only with `_is_null`; `T_connection`
 * and `T_edge` exist only when the table has a primary key; `T_sum_fields`/`T_avg_fields`
 * only with a numeric column, `T_min_fields`/`T_max_fields` only with a numeric, text or date
 * column.
 */
export function addTableTypes(builder: ShardgateBuilder, shared: SharedTypes, names: TableNames): TableTypes {
  const { table } = names;
  const where = `${table.keyspace}.${table.table}`;
  const enums = new Map<string, EnumRef>();
  const enumComparisons = new Map<string, ComparisonExpRef>();
  for (const column of names.columns) {
    if (column.kind !== 'Enum') continue;
    const ref = addColumnEnum(builder, names, column);
    enums.set(column.column.name, ref);
    enumComparisons.set(column.column.name, addComparisonExp(builder, comparisonExpName(column.enumType!), ref, { like: true, onlyIsNull: false }));
  }
  const columnTypes = new Map<string, ColumnType>(
    names.columns.map((c) => [c.column.name, c.kind === 'Enum' ? enums.get(c.column.name)! : shared.scalar(c.kind)]),
  );
  const typeOf = (c: ColumnNames): ColumnType => columnTypes.get(c.column.name)!;
  const descriptions = describeTable(names);

  const object = builder.objectRef<ApiRow>(names.base).implement({
    description: descriptions.type,
    ...(names.node ? { interfaces: [shared.node()] } : {}),
    fields: (t) => ({
      ...(names.node ? { [NODE_ID_FIELD]: nodeIdField(t, table) } : {}),
      ...Object.fromEntries(
        names.columns.map((c) => [
          c.objectField,
          t.field({
            type: typeOf(c) as 'String',
            nullable: c.column.nullable,
            description: describeColumn(names, { ...c, field: c.objectField }),
            resolve: (row) => row[c.column.name],
            // A field named as its column reads the row's property: Pothos then leaves the field
            // without a resolver (as t.expose does), so that graphql-jit reads it inline instead of
            // calling a resolver (with its resolve info) for every column of every row.
            extensions: {
              ...(c.objectField === c.column.name ? { pothosExposedField: c.objectField } : {}),
              ...(isSerializedLeaf(c) ? { [SERIALIZED_LEAF]: true } : {}),
            },
          }),
        ]),
      ),
    }),
  });

  const boolExp: InputRef = builder.inputRef<Readonly<Record<string, unknown>>, false>(names.boolExp).implement({
    description: `Boolean expression to filter rows of ${where}. All fields are combined with a logical 'AND'.`,
    fields: (t) => ({
      _and: t.field({ type: [boolExp], description: 'every expression holds (an empty list: true)' }),
      _or: t.field({ type: [boolExp], description: 'at least one expression holds (an empty list: false)' }),
      _not: t.field({ type: boolExp, description: 'the expression does not hold' }),
      ...Object.fromEntries(
        names.columns.map((c) => [
          c.field,
          t.field({ type: c.kind === 'Enum' ? enumComparisons.get(c.column.name)! : shared.comparisonExp(c.kind), description: describeColumn(names, c) }),
        ]),
      ),
    }),
  });

  const orderBy: InputRef = builder.inputRef<Readonly<Record<string, unknown>>, false>(names.orderBy).implement({
    description: `Ordering options for rows of ${where}: one column per object, objects applied in list order.`,
    fields: (t) =>
      Object.fromEntries(
        names.columns.filter((c) => isOrderableColumn(c.column)).map((c) => [c.field, t.field({ type: shared.orderBy(), description: describeColumn(names, c) })]),
      ),
  });

  const selectColumn = builder.enumType(names.selectColumn, {
    description: `The columns of ${where}.`,
    values: Object.fromEntries(
      names.columns.map((c) => [c.field, { value: c.column.name, ...(c.field === c.column.name ? {} : { description: `Column \`${c.column.name}\`` }) }]),
    ),
  });

  const withType = (pick: (c: ColumnNames) => ColumnScalar | undefined) =>
    names.columns.flatMap((column) => {
      const type = pick(column);
      return type === undefined ? [] : [{ column, type: shared.scalar(type) }];
    });
  const numeric = names.columns.filter((c) => isNumericColumn(c.column));
  const sumFields = addColumnRecordType(builder, names.sumFields, `Sums of the numeric columns of ${where} (exact for integer and DECIMAL columns); null when no row matches.`, withType(sumType));
  const avgFields = addColumnRecordType(builder, names.avgFields, `Averages of the numeric columns of ${where}; null when no row matches.`, numeric.map((column) => ({ column, type: shared.scalar('Float') })));
  const minFields = addColumnRecordType(builder, names.minFields, `Smallest values of the columns of ${where}; null when no row matches.`, withType(minMaxType));
  const maxFields = addColumnRecordType(builder, names.maxFields, `Largest values of the columns of ${where}; null when no row matches.`, withType(minMaxType));

  const aggregateFields = builder.objectRef<AggregateValues>(names.aggregateFields).implement({
    description: `Aggregate functions over the rows of ${where}.`,
    fields: (t) => ({
      count: t.field({
        type: 'Int',
        description: 'The number of rows; with columns, of rows where every one of them is not NULL; with distinct, of distinct values of the columns (tuples without a NULL).',
        args: { columns: t.arg({ type: [selectColumn] }), distinct: t.arg({ type: 'Boolean' }) },
        resolve: (values, args) => {
          const count = values.counts.get(countKey(countSpec(args)));
          invariant(count !== undefined, 'count was not fetched for these arguments');
          return count;
        },
      }),
      ...(sumFields === undefined ? {} : { sum: t.field({ type: sumFields, nullable: true, resolve: (v) => v.sum ?? null }) }),
      ...(avgFields === undefined ? {} : { avg: t.field({ type: avgFields, nullable: true, resolve: (v) => v.avg ?? null }) }),
      ...(minFields === undefined ? {} : { min: t.field({ type: minFields, nullable: true, resolve: (v) => v.min ?? null }) }),
      ...(maxFields === undefined ? {} : { max: t.field({ type: maxFields, nullable: true, resolve: (v) => v.max ?? null }) }),
    }),
  });

  const aggregate = builder.objectRef<AggregateValues>(names.aggregate).implement({
    description: `Aggregates over the rows of ${where}.`,
    fields: (t) => ({ aggregate: t.field({ type: aggregateFields, nullable: true, resolve: (v) => v }) }),
  });

  let connection: ObjectRef<Connection> | undefined;
  if (table.primaryKey.length > 0) {
    const edge = builder.objectRef<Edge>(names.edge).implement({
      description: `A row of ${where} and the cursor that continues after it.`,
      fields: (t) => ({
        cursor: t.field({ type: 'String', description: 'Opaque; pass it as after to get the rows that follow.', resolve: (e) => e.cursor }),
        node: t.field({ type: object, resolve: (e) => e.node }),
      }),
    });
    connection = builder.objectRef<Connection>(names.connection).implement({
      description: `A page of rows of ${where} (Relay connection).`,
      fields: (t) => ({
        edges: t.field({ type: [edge], resolve: (c) => c.edges }),
        pageInfo: t.field({ type: shared.pageInfo(), resolve: (c) => c.pageInfo }),
      }),
    });
  }

  return { names, object, boolExp, orderBy, aggregate, ...(connection === undefined ? {} : { connection }), columnTypes };
}
