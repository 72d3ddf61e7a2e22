// Shard names and shard layouts: validating a name into its key range (vitess go/vt/topo
// shard.go ValidateShardName), sharding specs (`-40-80-`), and even splits (EvenShardsKeyRange,
// GenerateShardRanges in go/vt/key/key.go). Range arithmetic itself lives in keyRange.ts.

import { ServiceError } from '../../errors/serviceError.js';
import { hexToBytes } from '../../util/hex.js';
import { hexDecodeError, uint64Key } from './keyspaceId.js';
import { parseKeyRange, type KeyRange } from './keyRange.js';

const MAX_OBJECT_NAME_LENGTH = 64;

/**
 * A shard as errors and results name it: `keyspace/shard` (`customer/-80`, `commerce/0`), the
 * form the ShardExecutor's errors, the engine's route failures and transaction errors use.
 */
export function qualifiedShardName(keyspace: string, shard: string): string {
  return `${keyspace}/${shard}`;
}

const OBJECT_NAME_CHAR = /^[A-Za-z0-9_-]$/;

/**
 * Checks a shard name and returns its stored form and key range.
 * Contract: names are 1–64 characters of `[A-Za-z0-9_-]`. A name without `-` (`0`, `custom`)
 * is returned unchanged with a null key range (Go nil: the complete range). A name with `-`
 * must be `<start>-<end>` in even-length hex with a non-empty end bytewise greater than the
 * start (raw bytes, as Vitess compares them); it is returned lowercased with its key range.
 * Throws ServiceError SG300 naming the name otherwise; the reason uses Vitess's wording
 * (`empty name`, `can only contain one '-'`, `encoding/hex: …`, `out of order keys: …`).
 * Mirrors vitess go/vt/topo/shard.go ValidateShardName and validator.go validateObjectName.
 */
export function validateShardName(name: string): { name: string; keyRange: KeyRange | null } {
  const fail = (reason: string): never => {
    throw new ServiceError('SG300', `invalid shard name ${JSON.stringify(name)}: ${reason}`, { details: { text: name } });
  };
  if (name === '') fail('empty name');
  if (name.length > MAX_OBJECT_NAME_LENGTH) fail(`name ${name} is too long`);
  for (const c of name) {
    if (!OBJECT_NAME_CHAR.test(c)) fail(`invalid character ${c} in name ${name}`);
  }
  if (!name.includes('-')) return { name, keyRange: null };
  return { name: name.toLowerCase(), keyRange: parseKeyRange(name, 'shard name') };
}

/**
 * Parses a sharding spec: boundaries joined by `-`, so `-40-80-` is `-40`, `40-80`, `80-`;
 * `0` is the one complete range `-`.
 * Contract: ranges in spec order, empty bounds as empty arrays. Throws ServiceError SG300
 * naming the spec when it has no `-` (other than `0`), an empty boundary in the middle, a
 * boundary not textually greater than the one before (Vitess compares the hex text, so
 * mixed case can be rejected), or a boundary that is not even-length hex.
 * Mirrors vitess go/vt/key/key.go ParseShardingSpec.
 */
export function parseShardingSpec(spec: string): KeyRange[] {
  const fail = (reason: string): never => {
    throw new ServiceError('SG300', `malformed sharding spec ${JSON.stringify(spec)}: ${reason}`, { details: { text: spec } });
  };
  let parts = spec.split('-');
  if (parts.length === 1) {
    if (spec !== '0') fail("doesn't define a range");
    parts = ['', ''];
  }
  const decode = (hex: string): Uint8Array => hexToBytes(hex) ?? fail(hexDecodeError(hex) ?? 'not hex');
  const ranges: KeyRange[] = [];
  let previous = parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '' && i !== parts.length - 1) fail('MinKey/MaxKey cannot be in the middle of the spec');
    if (part !== '' && part <= previous) fail('shard limits should be in order');
    ranges.push({ start: decode(previous), end: decode(part) });
    previous = part;
  }
  return ranges;
}

/**
 * Returns the key range of shard `i` (from 0) of `n` equal-width shards, `n` a power of two.
 * Contract: bounds are trimmed to the fewest bytes that tell `n` shards apart (`(256, 512)` is
 * `8000-8080`); the first start and last end are empty. Throws ServiceError SG303 when `n` is
 * not a positive power of two, or `i` is not an integer in 0..n-1 (Vitess does not reject a
 * negative `i`; shardgate does). Mirrors vitess go/vt/key/key.go EvenShardsKeyRange.
 */
export function evenShardsKeyRange(i: number, n: number): KeyRange {
  const fail = (reason: string): never => {
    throw new ServiceError('SG303', `invalid even shard (${i} of ${n}): ${reason}`, { details: { index: i, count: n } });
  };
  if (!Number.isSafeInteger(n) || n <= 0) fail(`the shard count must be > 0: ${n}`);
  if (!Number.isSafeInteger(i) || i < 0) fail(`the index of the shard must be an integer >= 0: ${i}`);
  if (i >= n) fail(`the index of the shard must be less than the total number of shards: ${i} < ${n}`);
  const count = BigInt(n);
  if ((count & (count - 1n)) !== 0n) fail(`the shard count must be a power of two: ${n}`);

  let minBytes = 0;
  for (let rest = count - 1n; rest > 0n; rest >>= 8n) minBytes++;
  // Go's uint64 arithmetic wraps: for n = 1 the width is 2^64 ≡ 0, and the last shard's end
  // is 2^64 ≡ 0, which is what makes those bounds empty.
  const mask = (1n << 64n) - 1n;
  const width = (mask / count + 1n) & mask;
  const start = (BigInt(i) * width) & mask;
  const end = (start + width) & mask;
  return {
    start: start === 0n ? new Uint8Array(0) : uint64Key(start).slice(0, minBytes),
    end: end === 0n ? new Uint8Array(0) : uint64Key(end).slice(0, minBytes),
  };
}

/** Largest hexWidth generateShardRanges accepts: 16^13 = 2^52 keeps its arithmetic exact in a double. */
const MAX_HEX_WIDTH = 13;

/**
 * Returns the shard names of a keyspace split into `shards` near-equal ranges, in order.
 * Contract: `hexWidth` digits per bound (0 = 2 digits up to 256 shards, else 4); one shard is
 * `["-"]`. Boundaries are `floor(i * 16^hexWidth / shards)`, computed in doubles as Vitess
 * does. Throws ServiceError SG303 when `shards` is not an integer in 1..65536, `hexWidth` is
 * not an integer in 0..13 (checked only past one shard, as Vitess ignores it there; Vitess has
 * no upper bound), or 16^hexWidth < shards.
 * Mirrors vitess go/vt/key/key.go GenerateShardRanges.
 */
export function generateShardRanges(shards: number, hexWidth = 0): string[] {
  const fail = (reason: string): never => {
    throw new ServiceError('SG303', `cannot generate ${shards} shard ranges: ${reason}`, { details: { shards, hexWidth } });
  };
  if (!Number.isSafeInteger(shards) || shards <= 0) fail('shards must be greater than zero');
  if (shards > 65536) fail('this function does not support more than 65536 shards in a single keyspace');
  if (shards === 1) return ['-'];
  if (!Number.isSafeInteger(hexWidth) || hexWidth < 0 || hexWidth > MAX_HEX_WIDTH) {
    fail(`the number of hex characters must be an integer in 0..${MAX_HEX_WIDTH}: ${hexWidth}`);
  }
  const width = hexWidth !== 0 ? hexWidth : shards <= 256 ? 2 : 4;
  const maxShards = 16 ** width;
  if (shards > maxShards) {
    fail(`the given number of shards (${shards}) is too high for the given number of characters to use (${width})`);
  }

  const bound = (value: number, empty: number): string => (value === empty ? '' : value.toString(16).padStart(width, '0'));
  const boundaries: number[] = [];
  for (let i = 0; i <= shards; i++) boundaries.push(i === shards ? maxShards : Math.trunc((i * maxShards) / shards));
  const names: string[] = [];
  for (let i = 0; i < shards; i++) names.push(`${bound(boundaries[i]!, 0)}-${bound(boundaries[i + 1]!, maxShards)}`);
  return names;
}
