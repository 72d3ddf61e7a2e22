// The operations of the nested scenario (bench/nested.bench.ts), shared with bench/compare.ts:
// 50 customers after a given id with their orders (2 levels) and each order's product (3
// levels), in shardgate's spelling (which the hand-written peers take too) and in GraphQL Mesh's.

/** Parent rows per request. */
export const PARENTS = 50;

export const LEVELS = {
  nested2: {
    label: '2 levels: 50 customers and their orders',
    /** shardgate's and the naive server's operation (the naive server takes the same text). */
    hasura: `query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { customer_id: asc }, limit: ${PARENTS}) { customer_id name corders { order_id price status } } }`,
    /** Mesh's spelling: its where takes strings with operator prefixes; its relationship is `corder`. */
    mesh: (id: number) => `{ customer(where: { customer_id: ">${id}" }, orderBy: { customer_id: asc }, limit: ${PARENTS}) { customer_id name corder { order_id price status } } }`,
  },
  nested3: {
    label: "3 levels: 50 customers, their orders, each order's product",
    hasura: `query ($id: BigInt!) { customer(where: { customer_id: { _gt: $id } }, order_by: { customer_id: asc }, limit: ${PARENTS}) { customer_id name corders { order_id price product { sku description } } } }`,
    mesh: (id: number) => `{ customer(where: { customer_id: ">${id}" }, orderBy: { customer_id: asc }, limit: ${PARENTS}) { customer_id name corder { order_id price product { sku description } } } }`,
  },
} as const;

export type Level = keyof typeof LEVELS;

/**
 * The request bodies of `level` for a data set of `customers`: one per start id (0 … up to
 * 2,000 of them, each leaving PARENTS customers after it), in Mesh's spelling when `mesh`.
 */
export function nestedBodies(level: Level, customers: number, mesh = false): string[] {
  const n = Math.max(1, Math.min(customers - PARENTS, 2_000));
  return Array.from({ length: n }, (_, id) => (mesh ? JSON.stringify({ query: LEVELS[level].mesh(id) }) : JSON.stringify({ query: LEVELS[level].hasura, variables: { id: String(id) } })));
}
