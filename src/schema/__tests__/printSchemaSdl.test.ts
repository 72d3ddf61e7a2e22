// printSchemaSdl: the exact SDL of a small catalog (one sharded table, two columns), checked
// byte for byte without snapshots, and its stability: the same bytes for the same catalog in
// any table order, exactly one trailing newline, no trailing spaces.

import { describe, expect, it } from 'vitest';
import { buildGraphQLSchema } from '../buildGraphQLSchema.js';
import { printSchemaSdl } from '../printSchemaSdl.js';
import { catalog, column, demoCatalog, fakeRuntime, table } from './fixtures.js';

const item = table('shop', 'item', [column('id', 'INT32', { comment: 'The id' }), column('label', 'VARCHAR', { nullable: true })], {
  sharded: true,
  comment: 'Things',
  shardingColumns: ['id'],
  primaryVindex: { name: 'xx', type: 'xxhash' },
});

const EXPECTED = `"""
An exact decimal number (MySQL DECIMAL, and sums of integer and DECIMAL columns), serialised as a JSON string of its digits ("12.50"). Accepted as a string ("-12.50", "1.5e3"), an integer, an integer or float literal (read from its text), or a JSON number with at most 15 significant digits; never converted through a float.
"""
scalar Decimal

"""
Boolean expression to compare values of type Int. All fields are combined with a logical 'AND'.
"""
input Int_comparison_exp {
  """equal to"""
  _eq: Int

  """greater than"""
  _gt: Int

  """greater than or equal to"""
  _gte: Int

  """one of the values (an empty list matches nothing)"""
  _in: [Int!]

  """true: the value is NULL; false: it is not NULL"""
  _is_null: Boolean

  """less than"""
  _lt: Int

  """less than or equal to"""
  _lte: Int

  """not equal to (a NULL value never matches)"""
  _neq: Int

  """
  none of the values (an empty list matches everything; a NULL value never matches a non-empty list)
  """
  _nin: [Int!]
}

"""
An object with a global id (Relay Global Object Identification): every table type with a primary key.
"""
interface Node {
  """The opaque global id of the object; node(id:) returns it again."""
  id: ID!
}

"""
Relay page information: only forward pagination (first/after) exists, so hasPreviousPage is always false.
"""
type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

"""
Every table of every keyspace, routed to the shards that hold its rows.
"""
type Query {
  """
  Rows of shop.item, filtered by where, ordered by order_by, paged by limit and offset.
  Sharded by id (vindex xx, type xxhash): a where with _eq or _in on id routes to the shards owning those values; any other where scatters to every shard.
  """
  item(
    """at most this many rows"""
    limit: Int

    """skip the first rows"""
    offset: Int

    """sort the rows"""
    order_by: [item_order_by!]

    """filter the rows"""
    where: item_bool_exp
  ): [item!]!

  """
  Aggregates (count, sum, avg, min, max) over the rows of shop.item that match where.
  Sharded by id (vindex xx, type xxhash): a where with _eq or _in on id routes to the shards owning those values; any other where scatters to every shard.
  """
  item_aggregate(
    """filter the rows"""
    where: item_bool_exp
  ): item_aggregate!

  """
  The row of shop.item with the given primary key, or null.
  Routes to the one shard owning the row: the primary key contains the sharding key id.
  """
  item_by_pk(id: Int!): item

  """
  Rows of shop.item as a Relay connection: the first rows after the cursor, ordered by order_by and then by the primary key.
  Sharded by id (vindex xx, type xxhash): a where with _eq or _in on id routes to the shards owning those values; any other where scatters to every shard.
  """
  item_connection(
    """the cursor of the row to continue after"""
    after: String

    """at most this many rows (default: the row limit)"""
    first: Int

    """sort the rows (the primary key breaks ties)"""
    order_by: [item_order_by!]

    """filter the rows"""
    where: item_bool_exp
  ): item_connection!

  """
  The object with this global id, or null when its row does not exist (Relay Global Object Identification).
  """
  node(
    """a global id, as the id field returned it"""
    id: ID!
  ): Node

  """
  The objects with these global ids, in the same order: null where a row does not exist, and null with an error for an invalid id. Ids of one table are read together, one statement per shard.
  """
  nodes(
    """global ids, as the id fields returned them"""
    ids: [ID!]!
  ): [Node]!
}

"""
Boolean expression to compare values of type String. All fields are combined with a logical 'AND'.
"""
input String_comparison_exp {
  """equal to"""
  _eq: String

  """greater than"""
  _gt: String

  """greater than or equal to"""
  _gte: String

  """one of the values (an empty list matches nothing)"""
  _in: [String!]

  """true: the value is NULL; false: it is not NULL"""
  _is_null: Boolean

  """
  matches the MySQL LIKE pattern (% any run of characters, _ one character, \\ escapes)
  """
  _like: String

  """less than"""
  _lt: String

  """less than or equal to"""
  _lte: String

  """not equal to (a NULL value never matches)"""
  _neq: String

  """
  none of the values (an empty list matches everything; a NULL value never matches a non-empty list)
  """
  _nin: [String!]

  """does not match the MySQL LIKE pattern"""
  _nlike: String
}

"""
Things

Table shop.item.

Sharded by id (vindex xx, type xxhash): a where with _eq or _in on id routes to the shards owning those values; any other where scatters to every shard.
"""
type item implements Node {
  """
  The opaque global id of this row (Relay Node): keyspace shop, table item, primary key (id).
  """
  id: ID!

  """
  The id
  Column \`id\`.
  Sharding key (vindex xx).
  """
  id_column: Int!
  label: String
}

"""Aggregates over the rows of shop.item."""
type item_aggregate {
  aggregate: item_aggregate_fields
}

"""Aggregate functions over the rows of shop.item."""
type item_aggregate_fields {
  avg: item_avg_fields

  """
  The number of rows; with columns, of rows where every one of them is not NULL; with distinct, of distinct values of the columns (tuples without a NULL).
  """
  count(columns: [item_select_column!], distinct: Boolean): Int!
  max: item_max_fields
  min: item_min_fields
  sum: item_sum_fields
}

"""
Averages of the numeric columns of shop.item; null when no row matches.
"""
type item_avg_fields {
  id: Float
}

"""
Boolean expression to filter rows of shop.item. All fields are combined with a logical 'AND'.
"""
input item_bool_exp {
  """every expression holds (an empty list: true)"""
  _and: [item_bool_exp!]

  """the expression does not hold"""
  _not: item_bool_exp

  """at least one expression holds (an empty list: false)"""
  _or: [item_bool_exp!]

  """
  The id
  Sharding key (vindex xx).
  """
  id: Int_comparison_exp
  label: String_comparison_exp
}

"""A page of rows of shop.item (Relay connection)."""
type item_connection {
  edges: [item_edge!]!
  pageInfo: PageInfo!
}

"""A row of shop.item and the cursor that continues after it."""
type item_edge {
  """Opaque; pass it as after to get the rows that follow."""
  cursor: String!
  node: item!
}

"""Largest values of the columns of shop.item; null when no row matches."""
type item_max_fields {
  id: Int
  label: String
}

"""Smallest values of the columns of shop.item; null when no row matches."""
type item_min_fields {
  id: Int
  label: String
}

"""
Ordering options for rows of shop.item: one column per object, objects applied in list order.
"""
input item_order_by {
  """
  The id
  Sharding key (vindex xx).
  """
  id: order_by
  label: order_by
}

"""The columns of shop.item."""
enum item_select_column {
  id
  label
}

"""
Sums of the numeric columns of shop.item (exact for integer and DECIMAL columns); null when no row matches.
"""
type item_sum_fields {
  id: Decimal
}

"""
Column ordering options. Without a nulls_ suffix NULLs sort as MySQL sorts them: first in ascending order, last in descending order.
"""
enum order_by {
  """in ascending order, NULLs first (MySQL's default for ascending order)"""
  asc

  """in ascending order, NULLs first"""
  asc_nulls_first

  """in ascending order, NULLs last"""
  asc_nulls_last

  """in descending order, NULLs last (MySQL's default for descending order)"""
  desc

  """in descending order, NULLs first"""
  desc_nulls_first

  """in descending order, NULLs last"""
  desc_nulls_last
}
`;

function sdlOf(...tables: Parameters<typeof catalog>): string {
  return printSchemaSdl(buildGraphQLSchema(catalog(...tables), fakeRuntime().runtime));
}

describe('printSchemaSdl', () => {
  it('prints the exact SDL of a small catalog', () => {
    expect(sdlOf(item)).toBe(EXPECTED);
  });

  it('is byte-stable: same catalog, same bytes, whatever the table order', () => {
    const tables = demoCatalog().tables;
    const sdl = sdlOf(...tables);
    expect(sdlOf(...tables)).toBe(sdl);
    expect(sdlOf(...[...tables].reverse())).toBe(sdl);
    expect(sdl.endsWith('}\n')).toBe(true);
    expect(sdl).not.toMatch(/[ \t]$/m);
    expect(sdl).not.toMatch(/\n\n\n/);
  });
});
