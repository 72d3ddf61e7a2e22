// The descriptions of a table's type, root fields and columns: its comment, where it lives, and
// for sharded tables which column is the sharding key and which queries therefore stay on one
// shard. Descriptions are how the SDL carries this (printSchema keeps them; custom directives
// on types are not printed by graphql-js). Owns text only.

import type { ApiTable } from '../resolvers/catalog.js';
import type { ColumnNames, TableNames } from './schemaNames.js';

/** The descriptions of one table's generated types and root fields. */
export interface TableDescriptions {
  readonly type: string;
  readonly list: string;
  readonly byPk: string;
  readonly aggregate: string;
  readonly connection: string;
}

function qualified(table: ApiTable): string {
  return `${table.keyspace}.${table.table}`;
}

function listOf(fields: readonly string[]): string {
  return fields.length === 1 ? fields[0]! : `(${fields.join(', ')})`;
}

function shardingFields(names: TableNames): string[] {
  return (names.table.shardingColumns ?? []).map((c) => names.byColumn.get(c)?.field ?? c);
}

/**
 * Where the table's rows live and how a `where` routes, one paragraph:
 * sharded: `Sharded by customer_id (vindex hash, type hash): a where with _eq or _in on
 * customer_id routes to the shards owning those values; any other where scatters to every shard.`
 * (several sharding columns: `_eq or _in on each of (a, b)`); reference tables and unsharded
 * keyspaces: where queries go.
 */
function shardingNote(names: TableNames): string {
  const { table } = names;
  if (table.type === 'reference') {
    return `Reference table of keyspace ${table.keyspace}: every shard holds a copy, and each query reads one shard.`;
  }
  if (!table.sharded) return `Keyspace ${table.keyspace} is unsharded: every query goes to its one shard.`;
  const fields = shardingFields(names);
  const vindex = table.primaryVindex === undefined ? '' : ` (vindex ${table.primaryVindex.name}, type ${table.primaryVindex.type})`;
  const on = fields.length === 1 ? fields[0]! : `each of ${listOf(fields)}`;
  return `Sharded by ${listOf(fields)}${vindex}: a where with _eq or _in on ${on} routes to the shards owning those values; any other where scatters to every shard.`;
}

/**
 * How `<T>_by_pk` routes: to one shard when the primary key contains every sharding column,
 * else (the primary vindex cannot be computed from the key) to every shard unless another
 * vindex covers the key. Empty for tables that are not sharded.
 */
function byPkRoutingNote(names: TableNames): string {
  const { table } = names;
  if (!table.sharded || table.type === 'reference') return '';
  const fields = shardingFields(names);
  const covered = (table.shardingColumns ?? []).every((c) => table.primaryKey.includes(c));
  if (covered) return `Routes to the one shard owning the row: the primary key contains the sharding key ${listOf(fields)}.`;
  return `The primary key does not contain the sharding key ${listOf(fields)}: unless a lookup vindex covers the key, this query scatters to every shard.`;
}

/** Type descriptions: paragraphs separated by a blank line. */
function paragraphs(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}

/**
 * Field and argument descriptions: one line per part and no blank line, because printSchema
 * indents every line of a field's description, so a blank line would print as trailing spaces.
 */
function lines(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/\n[ \t]*(?:\n[ \t]*)+/g, '\n'))
    .filter((p) => p !== '')
    .join('\n');
}

/**
 * The descriptions of the table's object type (its comment, or `Table ks.t.`, then `Table ks.t.`
 * and the sharding note as paragraphs) and of its four root fields (one line each: what it
 * returns, then how it routes).
 */
export function describeTable(names: TableNames): TableDescriptions {
  const { table } = names;
  const where = qualified(table);
  const note = shardingNote(names);
  const comment = table.comment.trim() === '' ? `Table ${where}.` : table.comment.trim();
  const kind = table.view ? 'View' : 'Table';
  return {
    type: paragraphs(comment, table.comment.trim() === '' ? '' : `${kind} ${where}.`, note),
    list: lines(`Rows of ${where}, filtered by where, ordered by order_by, paged by limit and offset.`, note),
    byPk: lines(`The row of ${where} with the given primary key, or null.`, byPkRoutingNote(names) || note),
    aggregate: lines(`Aggregates (count, sum, avg, min, max) over the rows of ${where} that match where.`, note),
    connection: lines(
      `Rows of ${where} as a Relay connection: the first rows after the cursor, ordered by order_by and then by the primary key.`,
      note,
    ),
  };
}

/**
 * The description of a column's field: its comment, the MySQL column name when the field name
 * differs (sanitised or suffixed), and `Sharding key` for a primary vindex column.
 */
export function describeColumn(names: TableNames, column: ColumnNames): string | undefined {
  const { table } = names;
  const vindex = table.primaryVindex === undefined ? '' : ` (vindex ${table.primaryVindex.name})`;
  const text = lines(
    column.column.comment.trim(),
    column.field === column.column.name ? '' : `Column \`${column.column.name}\`.`,
    table.sharded && (table.shardingColumns ?? []).includes(column.column.name) ? `Sharding key${vindex}.` : '',
  );
  return text === '' ? undefined : text;
}
