// What the engine compares when it merges a column's values across shards: the value itself,
// a weight string (text, mergeWeight.ts), or the member number of an ENUM/SET. Owns that
// choice only; where the key goes in the select list is planOutput.ts, and comparing keys is
// sharding/plan compareRows.ts.

import type { SqlType } from '../../util/sqlValue.js';
import { mergeWeight, type MergeWeight } from './mergeWeight.js';
import type { ColumnInfo } from './queryRequest.js';

/**
 * How MySQL compares the merged expression: `sort` for ORDER BY, GROUP BY and COUNT(DISTINCT),
 * `extremum` for MIN/MAX. They differ for ENUM and SET only.
 */
export type MergeUse = 'sort' | 'extremum';

/** Types MySQL sorts by their number (member index, member bit set) but MIN/MAX compare as text. */
const NUMBERED = new Set<SqlType>(['ENUM', 'SET']);

/**
 * Decides the hidden merge key a shard selects beside `expr` (SQL over `column`: the column
 * itself, or `min(col)`), which the engine compares instead of the value; undefined when the
 * value itself compares right (compareSqlValues).
 * Contract:
 * - ENUM/SET sorted: `cast(expr as unsigned)`, the member index of an ENUM (0 for the empty
 *   error value) and the bit set of a SET, which is how MySQL orders them (MariaDB 10.11
 *   checked: `order by e` follows `e + 0`); NULL stays NULL. CAST rather than `+ 0`: MariaDB
 *   returns `s + 0` as a signed integer, negative for a SET holding its 64th member, while
 *   ORDER BY treats the bit set as unsigned.
 * - ENUM/SET under MIN/MAX: MySQL compares their text (MariaDB 10.11: `max(e)` of members
 *   `'zeta','alpha'` is `'zeta'`, the later member is `'alpha'`; MySQL's manual says the same
 *   for MIN() and MAX() of ENUM and SET), so they get the text weight string of mergeWeight.
 * - VARCHAR, CHAR, TEXT: mergeWeight's weight string, in either use.
 * Vitess orders ENUM/SET by member index through the column's EnumSetValues (vitess
 * go/vt/vtgate/evalengine/api_compare.go compare) where it knows them from schema tracking;
 * shardgate lets each shard compute the number instead.
 */
export function mergeKey(column: ColumnInfo | undefined, expr: string, use: MergeUse): MergeWeight | undefined {
  if (column?.type !== undefined && NUMBERED.has(column.type) && use === 'sort') return { sql: `cast(${expr} as unsigned)` };
  return mergeWeight(column, expr);
}
