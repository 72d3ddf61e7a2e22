// How text is compared when rows of several shards are merged: which weight_string()
// expression each shard selects and whether the engine pads the weight strings (PAD SPACE).
// Owns that decision only; where the expression goes in the select list is planOutput.ts, and
// comparing weight strings is sharding/plan compareRows.ts.

import { hexToBytes } from '../../util/hex.js';
import { invariant } from '../../util/invariant.js';
import type { SqlType } from '../../util/sqlValue.js';
import type { ColumnInfo } from './queryRequest.js';

/** The weight string a shard selects for a text expression, and how the engine compares it. */
export interface MergeWeight {
  /** The `weight_string(…)` select expression. */
  readonly sql: string;
  /** Set for PAD SPACE: compare the weight strings padded with this weight (compareWeightStrings). */
  readonly padWeight?: Uint8Array;
}

/**
 * Types compared by collation in MySQL, so merged through their weight_string(); ENUM and SET
 * only where they compare as text (MIN/MAX: mergeKey.ts sends their sorting elsewhere).
 */
const COLLATED = new Set<SqlType>(['VARCHAR', 'CHAR', 'TEXT', 'ENUM', 'SET']);
/**
 * Types with a declared character length small enough to pad weight strings to in SQL (an
 * ENUM's is its longest member, a SET's all its members joined).
 */
const BOUNDED = new Set<SqlType>(['VARCHAR', 'CHAR', 'ENUM', 'SET']);

/** `maxLength × maxWeightsPerChar` when both are known positive integers. */
function weightCount(column: ColumnInfo): number | undefined {
  const { maxLength, maxWeightsPerChar } = column;
  if (maxLength === undefined || maxWeightsPerChar === undefined) return undefined;
  const n = maxLength * maxWeightsPerChar;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * Decides how the engine compares `expr` (SQL over `column`: the column itself, or `min(col)`)
 * across shards as text: undefined when it compares the value itself (not VARCHAR/CHAR/TEXT,
 * or ENUM/SET, whose sorting mergeKey decides; or type unknown), else the weight_string() to
 * select. Contract, by what is known of the collation:
 * - NO PAD (`padSpace: false`): `weight_string(expr)`, compared byte by byte (exact).
 * - PAD SPACE with `spaceWeight`: `weight_string(expr)` and `padWeight`, so the engine compares
 *   the weight strings as if the shorter went on with spaces (exact, any length, also TEXT).
 * - PAD SPACE without `spaceWeight` (multi-level weight strings such as `utf8mb4_thai_520_w2`
 *   or `latin2_czech_cs`), VARCHAR/CHAR/ENUM/SET with `maxLength` and `maxWeightsPerChar`:
 *   `weight_string(expr as char(N))`, N = maxLength × maxWeightsPerChar. AS CHAR(N) keeps N
 *   weights per level and pads shorter ones with spaces, so N must cover the longest value's
 *   weights: an expanding character (`ß` → `ss`) has several, and N = maxLength would cut them.
 * - Otherwise (facts missing, e.g. a column only the VSchema types, or a multi-level TEXT):
 *   `weight_string(expr)` compared byte by byte, which is MariaDB's unpadded weight string:
 *   values that differ only by trailing spaces, or whose tails sort below a space, may then
 *   merge in another order than a single server returns (a known gap, README).
 * Vitess adds a plain `weight_string(expr)` only for a collation it cannot evaluate itself
 * (vitess go/vt/vtgate/planbuilder/plancontext/planning_context.go NeedsWeightString, operators
 * route.go weightStringFor) and compares it by bytes (evalengine api_compare.go
 * OrderByParams.Compare); its own collations compare without padding too (colldata
 * Collate: the string that runs out first sorts first), and only its WeightString pads, for
 * CHAR(n) and filesort keys (go/mysql/collations/colldata/collation.go, PadToMax). So Vitess
 * has the PAD SPACE gap that the padded cases above close. Throws InvariantError when
 * `spaceWeight` is not hex.
 */
export function mergeWeight(column: ColumnInfo | undefined, expr: string): MergeWeight | undefined {
  if (column?.type === undefined || !COLLATED.has(column.type)) return undefined;
  const plain: MergeWeight = { sql: `weight_string(${expr})` };
  if (column.padSpace !== true) return plain;
  if (column.spaceWeight !== undefined) {
    const padWeight = hexToBytes(column.spaceWeight);
    invariant(padWeight !== undefined && padWeight.length > 0, `column ${column.name}: spaceWeight ${JSON.stringify(column.spaceWeight)} is not hex`);
    return { ...plain, padWeight };
  }
  const n = BOUNDED.has(column.type) ? weightCount(column) : undefined;
  return n === undefined ? plain : { sql: `weight_string(${expr} as char(${n}))` };
}
