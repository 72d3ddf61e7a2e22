// The Node options the shipped server runs with: bin/shardgate.js's shebang and `npm start` pass
// them (test/cli.test.ts checks both), and the benchmarks start every shardgate server with them.

/**
 * A young generation of two fixed 32 MB semi-spaces instead of V8's default (it starts at 1 MB
 * and grows to 16 MB). A request keeps its result rows, API rows and response objects until its
 * last shard answers, and with 32 requests in flight a smaller young generation fills before
 * they are done: each scavenge then copies them, and promotes many to the old generation. Paired
 * runs of bench/compare.ts on scenario 2's 2-level query (6 rounds): server CPU per request
 * 0.76× and 1.26× the req/s at 32 MB, 0.93× and 1.10× at 16 MB (min and max), 0.85× and 1.17×
 * with a 64 MB maximum alone, no more at 64 or 128 MB. Costs up to 64 MB of young generation.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=32'];
