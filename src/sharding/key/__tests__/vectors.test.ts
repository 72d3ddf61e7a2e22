// Runs every section of testdata/keyrange-vectors.json, Vitess's own key-range test data
// (Apache-2.0), copied unchanged from shared/vitess/keyrange-vectors.json. Its "source" field
// cites the Vitess tests it was taken from: go/vt/key/key_test.go, go/vt/key/destination_test.go
// and go/vt/topo/shard_test.go. A section with no consumer below fails the run.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Destination, ShardRange } from '../destination.js';
import {
  FULL_KEY_RANGE,
  KEY_RANGE_PATTERN,
  isValidKeyRange,
  keyRangeAdd,
  keyRangeCompare,
  keyRangeContains,
  keyRangeContainsKeyRange,
  keyRangeContiguous,
  keyRangeEndCompare,
  keyRangeEndEqual,
  keyRangeEqual,
  keyRangeIntersect,
  keyRangeIsPartial,
  keyRangeStartCompare,
  keyRangeStartEqual,
  keyRangeString,
  type KeyRange,
} from '../keyRange.js';
import {
  compareKeyspaceIds,
  isEmptyKeyspaceId,
  keyspaceIdEqual,
  keyspaceIdLess,
  keyspaceIdToHex,
  normalizeKeyspaceId,
  parseKeyspaceIdHex,
  uint64Key,
} from '../keyspaceId.js';
import { resolveDestination } from '../resolveDestination.js';
import { evenShardsKeyRange, generateShardRanges, parseShardingSpec, validateShardName } from '../shardName.js';
import { boundsHex, bytes, expectServiceError, kr, shardsNamed } from './fixtures.js';

const vectors = JSON.parse(readFileSync(new URL('../testdata/keyrange-vectors.json', import.meta.url), 'utf8')) as Record<string, unknown>;

interface IdPair<W> { name: string; a: string; b: string; want: W }
interface RangePair<W> { name?: string; a: string | null; b: string | null; want: W }
interface Comparison {
  name: string; a: string; b: string;
  startCompare: number; startEqual: boolean; endCompare: number; endEqual: boolean; compare: number; equal: boolean;
}
interface ShardNameCase { name: string; valid: boolean; normalizedName?: string; keyRange?: { start: string; end: string } | null; errorContains?: string }
interface ResolveCase { shardSpec: string; keyRange: string; want: string[]; errorContains?: string }
interface KeyspaceIdCase { shards: string[]; ksid: string; want: string | null; errorContains?: string; test?: string }

/** Registers one test per row, named by `label`. */
function table<R>(rows: unknown, label: (row: R) => string, check: (row: R) => void): void {
  expect(Array.isArray(rows)).toBe(true);
  for (const row of rows as R[]) it(label(row), () => check(row));
}

/** Asserts a dictionary section has exactly `keys` (so a new sub-section cannot be skipped) and returns it. */
function sections<K extends string>(value: unknown, keys: readonly K[]): Record<K, unknown> {
  it('has exactly the sub-sections this test consumes', () => {
    expect(Object.keys(value as object).sort()).toEqual([...keys].sort());
  });
  return value as Record<K, unknown>;
}

function metadata(value: unknown): void {
  it('is a non-empty string', () => {
    expect(typeof value).toBe('string');
    expect((value as string).length).toBeGreaterThan(0);
  });
}

const pairLabel = (row: RangePair<unknown>): string => row.name ?? `${String(row.a)} , ${String(row.b)}`;

/**
 * The shard list Vitess's destination_test.go initShardArray builds: "" is one unsharded shard
 * "0", "custom" two shards "0" and "1", all with the complete range; else one shard per range
 * of the sharding spec, named by KeyRangeString.
 */
function shardsForSpec(spec: string): ShardRange[] {
  if (spec === '') return [{ name: '0', keyRange: FULL_KEY_RANGE }];
  if (spec === 'custom') return [{ name: '0', keyRange: FULL_KEY_RANGE }, { name: '1', keyRange: FULL_KEY_RANGE }];
  return parseShardingSpec(spec).map((range) => ({ name: keyRangeString(range), keyRange: range }));
}

/**
 * The destination range of a resolve row: "" is the empty KeyRange{}, "nil" a nil range, else
 * the first range of the spec (as destination_test.go does). Destination ranges are not
 * nullable here, so nil resolves as FULL_KEY_RANGE; every function Resolve calls treats nil and
 * the complete range alike, which resolveCases checks shard by shard.
 */
function destinationRange(text: string): KeyRange | null {
  if (text === 'nil') return null;
  if (text === '') return { start: new Uint8Array(0), end: new Uint8Array(0) };
  return parseShardingSpec(text)[0]!;
}

function resolveCases(value: unknown, kind: 'keyRange' | 'exactKeyRange', errorId: 'SG302' | undefined): void {
  const { cases } = sections(value, ['note', 'cases']);
  table<ResolveCase>(cases, (row) => `${row.shardSpec || '(unsharded)'} [${row.keyRange}]`, (row) => {
    const shards = shardsForSpec(row.shardSpec);
    const range = destinationRange(row.keyRange);
    if (range === null) {
      for (const shard of shards) {
        expect(keyRangeIntersect(null, shard.keyRange)).toBe(keyRangeIntersect(FULL_KEY_RANGE, shard.keyRange));
        expect(keyRangeStartEqual(null, shard.keyRange)).toBe(keyRangeStartEqual(FULL_KEY_RANGE, shard.keyRange));
        expect(keyRangeEndEqual(null, shard.keyRange)).toBe(keyRangeEndEqual(FULL_KEY_RANGE, shard.keyRange));
      }
    }
    const dest: Destination = { kind, keyRange: range ?? FULL_KEY_RANGE };
    if (row.errorContains !== undefined) {
      expect(errorId).toBeDefined();
      expectServiceError(() => resolveDestination(dest, shards), errorId!, row.errorContains);
      expect(row.want).toEqual([]);
    } else {
      expect(resolveDestination(dest, shards)).toEqual(row.want);
    }
  });
}

const consumers: Record<string, (value: unknown) => void> = {
  source: metadata,
  license: metadata,
  notation: metadata,

  normalize: (rows) =>
    table<{ name: string; input: string; want: string }>(rows, (r) => r.name, (r) => {
      expect(keyspaceIdToHex(normalizeKeyspaceId(bytes(r.input)))).toBe(r.want);
    }),
  compare: (rows) =>
    table<IdPair<number>>(rows, (r) => r.name, (r) => {
      expect(compareKeyspaceIds(bytes(r.a), bytes(r.b))).toBe(r.want);
    }),
  less: (rows) =>
    table<IdPair<boolean>>(rows, (r) => r.name, (r) => {
      expect(keyspaceIdLess(bytes(r.a), bytes(r.b))).toBe(r.want);
    }),
  equal: (rows) =>
    table<IdPair<boolean>>(rows, (r) => r.name, (r) => {
      expect(keyspaceIdEqual(bytes(r.a), bytes(r.b))).toBe(r.want);
    }),
  empty: (rows) =>
    table<{ name: string; input: string; want: boolean }>(rows, (r) => r.name, (r) => {
      expect(isEmptyKeyspaceId(bytes(r.input))).toBe(r.want);
    }),
  uint64Key: (rows) =>
    table<{ value: string; hex: string }>(rows, (r) => r.value, (r) => {
      expect(keyspaceIdToHex(uint64Key(BigInt(r.value)))).toBe(r.hex);
      expect(parseKeyspaceIdHex(r.hex)).toEqual(uint64Key(BigInt(r.value)));
    }),

  evenShards: (rows) =>
    table<{ i: number; n: number; want: string }>(rows, (r) => `${r.i} of ${r.n}`, (r) => {
      expect(keyRangeString(evenShardsKeyRange(r.i, r.n))).toBe(r.want);
    }),
  evenShardsErrors: (rows) =>
    table<{ i: number; n: number; errorContains: string }>(rows, (r) => `${r.i} of ${r.n}`, (r) => {
      expectServiceError(() => evenShardsKeyRange(r.i, r.n), 'SG303', r.errorContains);
    }),

  keyRangeAdd: (rows) =>
    table<RangePair<string | null> & { ok: boolean }>(rows, pairLabel, (r) => {
      const got = keyRangeAdd(kr(r.a), kr(r.b));
      expect(got.ok).toBe(r.ok);
      expect(got.keyRange === null ? null : keyRangeString(got.keyRange)).toBe(r.want);
    }),
  keyRangeEndEqual: (rows) =>
    table<RangePair<boolean>>(rows, pairLabel, (r) => {
      expect(keyRangeEndEqual(kr(r.a), kr(r.b))).toBe(r.want);
    }),
  keyRangeStartEqual: (rows) =>
    table<RangePair<boolean>>(rows, pairLabel, (r) => {
      expect(keyRangeStartEqual(kr(r.a), kr(r.b))).toBe(r.want);
    }),
  keyRangeEqual: (rows) =>
    table<RangePair<boolean>>(rows, pairLabel, (r) => {
      expect(keyRangeEqual(kr(r.a), kr(r.b))).toBe(r.want);
    }),
  keyRangeContiguous: (rows) =>
    table<RangePair<boolean>>(rows, pairLabel, (r) => {
      expect(keyRangeContiguous(kr(r.a), kr(r.b))).toBe(r.want);
    }),
  keyRangeComparisons: (rows) =>
    table<Comparison>(rows, (r) => r.name, (r) => {
      const a = kr(r.a);
      const b = kr(r.b);
      expect({
        startCompare: keyRangeStartCompare(a, b),
        startEqual: keyRangeStartEqual(a, b),
        endCompare: keyRangeEndCompare(a, b),
        endEqual: keyRangeEndEqual(a, b),
        compare: keyRangeCompare(a, b),
        equal: keyRangeEqual(a, b),
      }).toEqual({
        startCompare: r.startCompare,
        startEqual: r.startEqual,
        endCompare: r.endCompare,
        endEqual: r.endEqual,
        compare: r.compare,
        equal: r.equal,
      });
    }),
  contains: (rows) =>
    table<{ keyRange: string | null; ksid: string; want: boolean }>(rows, (r) => `${String(r.keyRange)} ∋ ${r.ksid}`, (r) => {
      expect(keyRangeContains(kr(r.keyRange), bytes(r.ksid))).toBe(r.want);
    }),
  intersect: (rows) =>
    table<RangePair<boolean>>(rows, pairLabel, (r) => {
      expect(keyRangeIntersect(kr(r.a), kr(r.b))).toBe(r.want);
      expect(keyRangeIntersect(kr(r.b), kr(r.a))).toBe(r.want);
    }),
  containsKeyRange: (rows) =>
    table<RangePair<boolean>>(rows, pairLabel, (r) => {
      expect(keyRangeContainsKeyRange(kr(r.a), kr(r.b))).toBe(r.want);
    }),
  keyRangeIsPartial: (rows) =>
    table<{ name: string; keyRange: string | null; want: boolean }>(rows, (r) => r.name, (r) => {
      expect(keyRangeIsPartial(kr(r.keyRange))).toBe(r.want);
    }),

  parseShardingSpec: (value) => {
    const { good, bad } = sections(value, ['good', 'bad']);
    table<{ spec: string; want: string[] }>(good, (r) => `good ${r.spec}`, (r) => {
      expect(parseShardingSpec(r.spec).map(keyRangeString)).toEqual(r.want);
    });
    table<string>(bad, (spec) => `bad ${spec}`, (spec) => {
      expectServiceError(() => parseShardingSpec(spec), 'SG300', JSON.stringify(spec));
    });
  },
  isValidKeyRange: (value) => {
    const { pattern, cases } = sections(value, ['pattern', 'cases']);
    it('uses the Vitess KeyRangePattern', () => {
      expect(KEY_RANGE_PATTERN.source).toBe(pattern);
    });
    table<{ input: string; want: boolean }>(cases, (r) => JSON.stringify(r.input), (r) => {
      expect(isValidKeyRange(r.input)).toBe(r.want);
    });
  },
  validateShardName: (value) => {
    const { cases, derivedFromCode } = sections(value, ['note', 'cases', 'derivedFromCode']);
    const check = (r: ShardNameCase): void => {
      if (!r.valid) {
        expectServiceError(() => validateShardName(r.name), 'SG300', r.errorContains);
        return;
      }
      const got = validateShardName(r.name);
      if (r.normalizedName !== undefined) expect(got.name).toBe(r.normalizedName);
      expect(boundsHex(got.keyRange)).toEqual(r.keyRange);
    };
    table<ShardNameCase>(cases, (r) => `shard_test ${JSON.stringify(r.name)}`, check);
    table<ShardNameCase>(derivedFromCode, (r) => `derived ${JSON.stringify(r.name)}`, check);
  },

  generateShardRanges: (rows) =>
    table<{ name: string; shards: number; hexWidth: number; want: string[] | null; error: boolean; errorContains?: string }>(
      rows,
      (r) => r.name,
      (r) => {
        if (r.error) {
          expectServiceError(() => generateShardRanges(r.shards, r.hexWidth), 'SG303', r.errorContains);
          expect(r.want).toBeNull();
        } else {
          expect(generateShardRanges(r.shards, r.hexWidth)).toEqual(r.want);
        }
      },
    ),
  generateShardRangesProperty: (value) => {
    metadata(value);
    it('holds for every n in 1..1024', () => {
      const violations: string[] = [];
      for (let n = 1; n <= 1024; n++) {
        const names = generateShardRanges(n, 0);
        if (names.length !== n) violations.push(`${n}: ${names.length} ranges`);
        if (!names[0]!.startsWith('-') || !names[n - 1]!.endsWith('-')) violations.push(`${n}: open ends ${names[0]} ${names[n - 1]}`);
        for (let i = 1; i < n; i++) {
          if (names[i]!.split('-')[0] !== names[i - 1]!.split('-')[1]) violations.push(`${n}: gap ${names[i - 1]} ${names[i]}`);
        }
      }
      expect(violations).toEqual([]);
    });
  },

  resolveKeyspaceId: (value) => {
    const { cases } = sections(value, ['note', 'cases']);
    table<KeyspaceIdCase>(cases, (r) => `${r.test ?? 'keyspaceId'} ${r.ksid} in [${r.shards.join(' ')}]`, (r) => {
      const shards = shardsNamed(r.shards);
      const ksid = bytes(r.ksid);
      const dest: Destination = r.test === 'TestDestinationKeyspaceIDsResolve' ? { kind: 'keyspaceIds', ksids: [ksid] } : { kind: 'keyspaceId', ksid };
      if (r.want === null) {
        expectServiceError(() => resolveDestination(dest, shards), r.shards.length === 0 ? 'SG304' : 'SG301', r.errorContains);
      } else {
        expect(resolveDestination(dest, shards)).toEqual([r.want]);
      }
    });
  },
  resolveKeyRange: (value) => resolveCases(value, 'keyRange', undefined),
  resolveExactKeyRange: (value) => resolveCases(value, 'exactKeyRange', 'SG302'),
};

describe('keyrange-vectors.json', () => {
  it('has a consumer for every section', () => {
    expect(Object.keys(vectors).filter((section) => !(section in consumers))).toEqual([]);
  });
  for (const [section, value] of Object.entries(vectors)) {
    const consume = consumers[section];
    if (consume !== undefined) describe(section, () => consume(value));
  }
});
