// The GraphQL types of one table's mutations (INTERFACES.md §5, Hasura shapes): `T_insert_input`,
// `T_constraint`, `T_update_column`, `T_on_conflict`, `T_set_input`, `T_inc_input`,
// `T_pk_columns_input` and `T_mutation_response`. Which columns are writable and which are
// required is src/resolvers/compileWrite.ts's rule; this file only turns it into types.

import type { MutationResult } from '../resolvers/mutationTypes.js';
import { insertColumnRequired, isWritableTable, tableKeys, writableColumns } from '../resolvers/compileWrite.js';
import { isNumericColumn } from '../resolvers/values.js';
import { describeColumn } from './describeTable.js';
import { enumMemberNames, mutationNames, type ColumnNames, type MutationNames } from './schemaNames.js';
import type { ShardgateBuilder, ShardgateTypes } from './schemaTypes.js';
import type { TableTypes } from './tableTypes.js';

type InputRef = PothosSchemaTypes.InputObjectRef<ShardgateTypes, Readonly<Record<string, unknown>>>;
type EnumRef = PothosSchemaTypes.EnumRef<ShardgateTypes, string, string>;

/**
 * The mutation types of one table. `onConflict` exists when the table has a PRIMARY or UNIQUE
 * key, `incInput` when it has a writable numeric column, `pkColumnsInput` when it has a primary
 * key.
 */
export interface MutationTypes {
  readonly names: MutationNames;
  readonly insertInput: InputRef;
  readonly onConflict?: InputRef;
  readonly setInput: InputRef;
  readonly incInput?: InputRef;
  readonly pkColumnsInput?: InputRef;
  readonly response: PothosSchemaTypes.ObjectRef<ShardgateTypes, MutationResult>;
}

function inputType(
  builder: ShardgateBuilder,
  name: string,
  description: string,
  columns: readonly ColumnNames[],
  field: (c: ColumnNames) => { type: unknown; required: boolean; description?: string | undefined },
): InputRef {
  return builder.inputRef<Readonly<Record<string, unknown>>, false>(name).implement({
    description,
    fields: (t) =>
      Object.fromEntries(
        columns.map((c) => {
          const spec = field(c);
          return [c.field, t.field({ type: spec.type as 'String', required: spec.required, ...(spec.description === undefined ? {} : { description: spec.description }) })];
        }),
      ),
  });
}

/**
 * Adds the mutation types of a table (`types` from addTableTypes) and returns them, or
 * undefined for a table that takes no mutations (a view, or one without a writable column).
 * Contract: input fields are the writable columns (generated columns are left out) in ordinal
 * order, named as in the table's other input types, typed as the column's field; in
 * `T_insert_input` a column is non-null exactly when the insert must give it
 * (insertColumnRequired), every other input field is nullable; `T_inc_input` has the numeric
 * columns only; `T_constraint` lists `PRIMARY` (the primary key) and the UNIQUE keys by their
 * names (sanitised as enum members, the value is the key's name); `T_update_column` lists the
 * writable columns.
 */
export function addMutationTypes(builder: ShardgateBuilder, types: TableTypes): MutationTypes | undefined {
  const { names: tableNames } = types;
  const { table } = tableNames;
  const writable = new Set(writableColumns(table).map((c) => c.name));
  const columns = tableNames.columns.filter((c) => writable.has(c.column.name));
  if (!isWritableTable(table) || columns.length === 0) return undefined;
  const names = mutationNames(tableNames.base);
  const where = `${table.keyspace}.${table.table}`;
  const typeOf = (c: ColumnNames) => types.columnTypes.get(c.column.name)!;
  const describe = (c: ColumnNames) => describeColumn(tableNames, c);

  const insertInput = inputType(builder, names.insertInput, `A row to insert into ${where}. Columns left out take their MySQL default (or the next value of the table's sequence).`, columns, (c) => ({
    type: typeOf(c),
    required: insertColumnRequired(table, c.column),
    description: describe(c),
  }));

  let onConflict: InputRef | undefined;
  const keys = tableKeys(table);
  if (keys.length > 0) {
    const members = enumMemberNames(keys.map((k) => k.name));
    const constraint: EnumRef = builder.enumType(names.constraint, {
      description: `The PRIMARY and UNIQUE keys of ${where}, by the names the database gives them.`,
      values: Object.fromEntries(
        members.map((m, i) => [m.name, { value: m.value, description: `${keys[i]!.name === 'PRIMARY' ? 'The primary key' : `UNIQUE key \`${m.value}\``} (${keys[i]!.columns.join(', ')})` }]),
      ),
    });
    const updateColumn: EnumRef = builder.enumType(names.updateColumn, {
      description: `The columns of ${where} an upsert can update.`,
      values: Object.fromEntries(columns.map((c) => [c.field, { value: c.column.name, ...(c.field === c.column.name ? {} : { description: `Column \`${c.column.name}\`` }) }])),
    });
    onConflict = builder.inputRef<Readonly<Record<string, unknown>>, false>(names.onConflict).implement({
      description:
        `Upsert of ${where} (INSERT … ON DUPLICATE KEY UPDATE): when a row with the same key exists, update_columns are taken from the object; ` +
        'with none, the existing row is kept and left out of the result. MySQL applies this to a duplicate of any PRIMARY or UNIQUE key; ' +
        'constraint names the key by which the affected rows are found again, so every object must give its columns (or the sequence fills them).',
      fields: (t) => ({
        constraint: t.field({ type: constraint, required: true, description: 'the key whose duplicates are updated instead of inserted' }),
        update_columns: t.field({ type: [updateColumn], required: true, defaultValue: [], description: 'the columns to take from the object; none: keep the existing row' }),
      }),
    });
  }

  const setInput = inputType(builder, names.setInput, `New values for columns of ${where}; columns left out keep their values.`, columns, (c) => ({
    type: typeOf(c),
    required: false,
    description: describe(c),
  }));

  const numeric = columns.filter((c) => isNumericColumn(c.column));
  const incInput =
    numeric.length === 0
      ? undefined
      : inputType(builder, names.incInput, `Amounts to add to numeric columns of ${where} (column = column + amount; negative amounts subtract).`, numeric, (c) => ({
          type: typeOf(c),
          required: false,
          description: describe(c),
        }));

  const pkColumns = table.primaryKey.map((name) => tableNames.byColumn.get(name)!);
  const pkColumnsInput =
    pkColumns.length === 0
      ? undefined
      : inputType(builder, names.pkColumnsInput, `The primary key of a row of ${where}.`, pkColumns, (c) => ({ type: typeOf(c), required: true, description: describe(c) }));

  const response = builder.objectRef<MutationResult>(names.mutationResponse).implement({
    description: `The result of a mutation of ${where}.`,
    fields: (t) => ({
      affected_rows: t.field({ type: 'Int', description: 'The number of rows inserted, updated or deleted.', resolve: (r) => r.affected_rows }),
      returning: t.field({ type: [types.object], description: 'The affected rows: after an insert or update, as they are now; after a delete, as they were.', resolve: (r) => r.returning }),
    }),
  });

  return {
    names,
    insertInput,
    ...(onConflict === undefined ? {} : { onConflict }),
    setInput,
    ...(incInput === undefined ? {} : { incInput }),
    ...(pkColumnsInput === undefined ? {} : { pkColumnsInput }),
    response,
  };
}
