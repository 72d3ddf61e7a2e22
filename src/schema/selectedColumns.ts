// Which columns a row must hold for what an operation selects on a table's object type: column
// fields their column, the Relay `id` the primary key (schemaNames columnsOfObjectField). Shared by
// every resolver that returns rows of a table (root fields, node/nodes, federation entities).

import type { FieldNode } from 'graphql';
import { collectSubfields, objectTypeNamed, type SelectionInfo } from './selection.js';
import type { TableNames } from './schemaNames.js';

/**
 * The columns selected on the table's object type below `nodes`, in ordinal order, plus
 * `required` ones. Never empty: with nothing selected (only `__typename`) it is the first
 * primary key column, else the first column, so that rows still come back.
 */
export function selectedColumns(info: SelectionInfo, names: TableNames, nodes: readonly FieldNode[], required: readonly string[] = []): string[] {
  const wanted = new Set(required);
  for (const node of collectSubfields(info, nodes, objectTypeNamed(info, names.base))) {
    for (const column of names.columnsOfObjectField.get(node.name.value) ?? []) wanted.add(column);
  }
  if (wanted.size === 0) wanted.add(names.table.primaryKey[0] ?? names.columns[0]!.column.name);
  return names.columns.map((c) => c.column.name).filter((c) => wanted.has(c));
}
