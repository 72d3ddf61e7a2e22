// Hashing throughput of the `hash` (null-key DES) and `xxhash` vindexes on one core, through the
// path a router uses (vindex.map on SqlValues, single ids and IN lists of 1000) and through the
// raw functions, against baselines measured in the same run. Issue #3 target: >= 1,000,000
// keys/s for both. Run: node --import tsx bench/hashing.bench.ts [N]   (default N = 2,000,000)

import { createHash } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { hashUint64 } from '../src/sharding/vindexes/hash.js';
import { createVindex } from '../src/sharding/vindexes/registry.js';
import type { SingleColumnVindex } from '../src/sharding/vindexes/vindex.js';
import { xxhashKeyspaceId } from '../src/sharding/vindexes/xxhash.js';
import { sqlInt64, sqlUint64, type SqlValue } from '../src/util/sqlValue.js';

const TARGET = 1_000_000;
const N = Number(process.argv[2] ?? 2_000_000);
const BATCH = 1000;
const GOLDEN = 0x9e3779b97f4a7c15n;
const MASK64 = (1n << 64n) - 1n;

/** N distinct uint64 keys spread over the whole range (multiplying by an odd constant is a bijection mod 2^64). */
function makeKeys(n: number): bigint[] {
  return Array.from({ length: n }, (_, i) => (BigInt(i + 1) * GOLDEN) & MASK64);
}

function single(type: string): SingleColumnVindex {
  const vindex = createVindex(type, `bench_${type}`);
  if (vindex.kind !== 'singleColumn') throw new Error(`${type} is not single-column`);
  return vindex;
}

interface Scenario {
  readonly name: string;
  /** Hashes keys [0, n) and returns a checksum byte so the work cannot be optimised away. */
  readonly run: (n: number) => number;
}

const REPEATS = 3;

/** Keys/s of `scenario` over N keys: the median and the best of REPEATS timed runs after a warm-up. */
function measure(scenario: Scenario): { median: number; best: number } {
  scenario.run(Math.min(N, 200_000)); // warm-up: let the JIT optimise before timing
  const rates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = process.hrtime.bigint();
    const sink = scenario.run(N);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (sink < 0) throw new Error('unreachable');
    rates.push(N / seconds);
  }
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(REPEATS / 2)]!, best: rates[REPEATS - 1]! };
}

const keys = makeKeys(N);
const uint64Values: SqlValue[] = keys.map((k) => sqlUint64(k));
const int64Values: SqlValue[] = keys.map((k) => sqlInt64(BigInt.asIntN(64, k)));
const keyText: Uint8Array[] = uint64Values.map((v) => v.raw);
const hash = single('hash');
const xxhash = single('xxhash');

function mapSingles(vindex: SingleColumnVindex, values: readonly SqlValue[]): (n: number) => number {
  return (n) => {
    let sink = 0;
    for (let i = 0; i < n; i++) {
      const dest = vindex.map([values[i]!])[0]!;
      if (dest.kind === 'keyspaceId') sink ^= dest.ksid[7]!;
    }
    return sink;
  };
}

function mapBatches(vindex: SingleColumnVindex, values: readonly SqlValue[]): (n: number) => number {
  return (n) => {
    let sink = 0;
    for (let i = 0; i < n; i += BATCH) {
      for (const dest of vindex.map(values.slice(i, Math.min(n, i + BATCH)))) if (dest.kind === 'keyspaceId') sink ^= dest.ksid[7]!;
    }
    return sink;
  };
}

const baselines: Scenario[] = [
  {
    // Everything hashUint64 does except DES: split the bigint, allocate and fill 8 bytes.
    name: 'baseline: build the 8-byte big-endian key only',
    run: (n) => {
      let sink = 0;
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        const hi = Number((key >> 32n) & 0xffffffffn);
        const lo = Number(key & 0xffffffffn);
        const out = new Uint8Array(8);
        out[0] = hi >>> 24;
        out[1] = hi >>> 16;
        out[2] = hi >>> 8;
        out[3] = hi;
        out[4] = lo >>> 24;
        out[5] = lo >>> 16;
        out[6] = lo >>> 8;
        out[7] = lo;
        sink ^= out[7]!;
      }
      return sink;
    },
  },
  {
    name: "baseline: node:crypto createHash('md5') per key",
    run: (n) => {
      let sink = 0;
      const key = new Uint8Array(8);
      const view = new DataView(key.buffer);
      for (let i = 0; i < n; i++) {
        view.setBigUint64(0, keys[i]!, false);
        sink ^= createHash('md5').update(key).digest()[7]!;
      }
      return sink;
    },
  },
];

const scenarios: Scenario[] = [
  {
    name: 'hash: hashUint64(bigint) raw',
    run: (n) => {
      let sink = 0;
      for (let i = 0; i < n; i++) sink ^= hashUint64(keys[i]!)[7]!;
      return sink;
    },
  },
  { name: 'hash: map([UINT64]) one id per call', run: mapSingles(hash, uint64Values) },
  { name: 'hash: map([INT64]) one id per call', run: mapSingles(hash, int64Values) },
  { name: `hash: map(UINT64 x ${BATCH}) IN list`, run: mapBatches(hash, uint64Values) },
  {
    name: 'xxhash: xxhashKeyspaceId(text bytes) raw',
    run: (n) => {
      let sink = 0;
      for (let i = 0; i < n; i++) sink ^= xxhashKeyspaceId(keyText[i]!)[7]!;
      return sink;
    },
  },
  { name: 'xxhash: map([UINT64]) one id per call', run: mapSingles(xxhash, uint64Values) },
  { name: `xxhash: map(UINT64 x ${BATCH}) IN list`, run: mapBatches(xxhash, uint64Values) },
];

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

console.log(`hashing bench: N=${format(N)} distinct uint64 keys, one core (single-threaded)`);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, nproc=${availableParallelism()}, node ${process.version}\n`);
console.log(`keys/s: median (best) of ${REPEATS} runs of N keys after a warm-up; ratios use the medians\n`);
const baseRates = baselines.map((b) => [b.name, measure(b)] as const);
for (const [name, rate] of baseRates) console.log(`${name.padEnd(50)} ${format(rate.median).padStart(11)} (${format(rate.best)}) keys/s`);
console.log('');
const [keyOnly, md5PerKey] = baseRates.map(([, rate]) => rate.median) as [number, number];
let belowTarget = 0;
for (const scenario of scenarios) {
  const { median, best } = measure(scenario);
  const verdict = median >= TARGET ? 'ok' : 'BELOW TARGET';
  if (median < TARGET) belowTarget++;
  console.log(
    `${scenario.name.padEnd(50)} ${format(median).padStart(11)} (${format(best)}) keys/s  ${(median / md5PerKey).toFixed(2)}x md5-per-key  ${((median / keyOnly) * 100).toFixed(0)}% of key-only  ${verdict}`,
  );
}
console.log(`\ntarget ${format(TARGET)} keys/s: ${belowTarget === 0 ? 'met by every scenario' : `${belowTarget} scenario(s) below`}`);
process.exitCode = belowTarget === 0 ? 0 : 1;
