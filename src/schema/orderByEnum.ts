// The descriptions of the shared `order_by` enum's members (Hasura's names, listed by
// src/resolvers/compileOrderBy.ts): what each means in MySQL, where NULL sorts before every
// value. Owns the text only; compiling the members to ORDER BY is src/resolvers'.

import type { OrderByDirection } from '../resolvers/apiRuntime.js';

/**
 * What each `order_by` member does. `asc` and `desc` keep MySQL's NULL placement (NULLs first
 * ascending, last descending), the opposite of Hasura on PostgreSQL; the `_nulls_` members place
 * NULLs explicitly.
 */
export const ORDER_BY_DESCRIPTIONS: Readonly<Record<OrderByDirection, string>> = {
  asc: "in ascending order, NULLs first (MySQL's default for ascending order)",
  asc_nulls_first: 'in ascending order, NULLs first',
  asc_nulls_last: 'in ascending order, NULLs last',
  desc: "in descending order, NULLs last (MySQL's default for descending order)",
  desc_nulls_first: 'in descending order, NULLs first',
  desc_nulls_last: 'in descending order, NULLs last',
};
