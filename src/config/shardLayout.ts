// Shard layouts: a keyspace's shard names checked and turned into key ranges, and the rule
// that a sharded keyspace's shards cover the whole key range exactly once (an unsharded one
// has exactly one shard). Mirrors the coverage check of vitess go/vt/topo/srv_keyspace.go
// OrderAndCheckPartitions, reporting every gap and overlap instead of the first.

import { isServiceError } from '../errors/serviceError.js';
import { compareKeyspaceIds, isEmptyKeyspaceId } from '../sharding/key/keyspaceId.js';
import { FULL_KEY_RANGE, isCompleteKeyRange, keyRangeCompare, keyRangeEndCompare, keyRangeString, type KeyRange } from '../sharding/key/keyRange.js';
import { validateShardName } from '../sharding/key/shardName.js';
import type { PathProblem } from './pathProblem.js';

/** A shard name as written (`key`), its stored form (`name`, lowercased) and key range. */
export interface ParsedShard {
  readonly key: string;
  readonly name: string;
  /** The complete range for a name without `-` (such as `0`). */
  readonly keyRange: KeyRange;
}

/** The result of {@link parseShardLayout}. */
export interface ShardLayout {
  /** The shards whose names are valid, sorted by key range, then name. */
  readonly shards: readonly ParsedShard[];
  /** Paths are relative to the shards object: `[]` for the whole, `[key]` for one shard. */
  readonly problems: readonly PathProblem[];
}

/**
 * Checks a keyspace's shard names (as written) and how they cover the key range.
 * Contract: every name must pass validateShardName; there must be at least one shard. When
 * `sharded` is true, names without `-` are allowed only for a lone shard, and the ranges,
 * sorted, must start at the minimum, each start where the one before ends, and end at the
 * maximum: each gap is a problem on the whole (`no shard covers 80-c0`), each overlap a
 * problem on the later shard naming the earlier one. When false, there must be exactly one
 * shard and it must cover the complete range (`0`, `-` or any name without `-`). When
 * undefined (the VSchema could not be read), only the names are checked. Never throws for
 * bad input.
 */
export function parseShardLayout(keys: readonly string[], sharded: boolean | undefined): ShardLayout {
  const problems: PathProblem[] = [];
  const parsed: ParsedShard[] = [];
  for (const key of keys) {
    try {
      const { name, keyRange } = validateShardName(key);
      parsed.push({ key, name, keyRange: keyRange ?? FULL_KEY_RANGE });
    } catch (error) {
      if (!isServiceError(error, 'SG300')) throw error;
      problems.push({ path: [key], message: error.message });
    }
  }
  const shards = parsed.sort((a, b) => keyRangeCompare(a.keyRange, b.keyRange) || compareStrings(a.name, b.name));
  if (keys.length === 0) problems.push({ path: [], message: 'expected at least one shard' });
  if (problems.length === 0 && sharded !== undefined) {
    problems.push(...(sharded ? shardedProblems(shards) : unshardedProblems(keys, shards)));
  }
  return { shards, problems };
}

function unshardedProblems(keys: readonly string[], shards: readonly ParsedShard[]): PathProblem[] {
  if (keys.length > 1) {
    const names = keys.map((key) => JSON.stringify(key)).join(', ');
    return [{ path: [], message: `an unsharded keyspace has exactly one shard, got ${keys.length}: ${names}` }];
  }
  const only = shards[0]!;
  if (isCompleteKeyRange(only.keyRange)) return [];
  return [{ path: [only.key], message: `the shard of an unsharded keyspace covers the full key range (name it 0 or -), got ${JSON.stringify(only.key)}` }];
}

function shardedProblems(shards: readonly ParsedShard[]): PathProblem[] {
  if (shards.length > 1) {
    const unranged = shards.filter((s) => !s.key.includes('-'));
    if (unranged.length > 0) {
      return unranged.map((s) => ({
        path: [s.key],
        message: `a sharded keyspace with several shards names each by its key range (like -80 or 80-), got ${JSON.stringify(s.key)}`,
      }));
    }
  }
  const problems: PathProblem[] = [];
  const gap = (start: Uint8Array, end: Uint8Array): void => {
    problems.push({ path: [], message: `no shard covers ${keyRangeString({ start, end })}` });
  };
  // `reach` is the shard that ends furthest among those seen so far: a shard starting before
  // its end overlaps it, one starting after leaves a gap.
  let reach: ParsedShard | undefined;
  for (const shard of shards) {
    const { start } = shard.keyRange;
    if (reach === undefined) {
      if (!isEmptyKeyspaceId(start)) gap(new Uint8Array(0), start);
    } else {
      const reachEnd = reach.keyRange.end;
      const order = isEmptyKeyspaceId(reachEnd) ? -1 : compareKeyspaceIds(start, reachEnd);
      if (order > 0) gap(reachEnd, start);
      if (order < 0) {
        const end = keyRangeEndCompare(shard.keyRange, reach.keyRange) <= 0 ? shard.keyRange.end : reachEnd;
        problems.push({
          path: [shard.key],
          message: `overlaps shard ${JSON.stringify(reach.key)} on ${keyRangeString({ start, end })}`,
        });
      }
    }
    if (reach === undefined || keyRangeEndCompare(shard.keyRange, reach.keyRange) > 0) reach = shard;
  }
  if (reach !== undefined && !isEmptyKeyspaceId(reach.keyRange.end)) gap(reach.keyRange.end, new Uint8Array(0));
  return problems;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
