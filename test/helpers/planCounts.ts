// Counting the statements of an explained response (extensions.plan) per table and shard, for
// the N+1 guards of the e2e tests: a route reaching two shards is one statement on each.

import type { ExplainEntry } from './demoServer.js';

/** The table an explain entry's SQL reads (`select … from \`T\` …`). */
function tableOf(entry: ExplainEntry): string | undefined {
  return /\bfrom `([^`]+)`/.exec(entry.sql)?.[1];
}

/**
 * Statements per `table` → `keyspace/shard`, counted over `plan` (each entry is one statement on
 * each of its shards). Keys sorted, so that results compare with toEqual.
 */
export function statementsByTable(plan: readonly ExplainEntry[]): Record<string, Record<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const entry of plan) {
    const table = tableOf(entry) ?? '?';
    const perShard = counts.get(table) ?? new Map<string, number>();
    for (const shard of entry.shards) perShard.set(`${entry.keyspace}/${shard}`, (perShard.get(`${entry.keyspace}/${shard}`) ?? 0) + 1);
    counts.set(table, perShard);
  }
  const sorted = <T>(entries: Iterable<[string, T]>): [string, T][] => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(sorted(counts).map(([table, perShard]) => [table, Object.fromEntries(sorted(perShard))]));
}
