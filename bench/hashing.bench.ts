// Hashing throughput of the `hash` (null-key DES) and `xxhash` vindexes on one core, through the
// path a router uses (vindex.map on SqlValues, single ids and IN lists of 1000) and through the
// raw functions, against baselines measured in the same run. Issue #3 target: >= 1,000,000
// keys/s for both. Writes "## Hashing" of RESULTS.md and `hashing` of results.json, the Reading
// generated from this run's numbers (bench/lib/benchOutput.ts: `--quick` writes bench/.data/quick/).
// Run: node --import tsx bench/hashing.bench.ts [N] [--quick]   (or npm run bench -- hashing)
// N distinct keys per timed run: default 2,000,000, or 50,000 with --quick.

import { createHash } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { hashUint64 } from '../src/sharding/vindexes/hash.js';
import { createVindex } from '../src/sharding/vindexes/registry.js';
import type { SingleColumnVindex } from '../src/sharding/vindexes/vindex.js';
import { xxhashKeyspaceId } from '../src/sharding/vindexes/xxhash.js';
import { sqlInt64, sqlUint64, type SqlValue } from '../src/util/sqlValue.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { benchOutput } from './lib/benchOutput.js';
import { fmt, median } from './lib/stats.js';

const { quick } = benchArgs();
const out = benchOutput();
const log = progress('hashing');
const HEADING = '## Hashing';
const TARGET = 1_000_000;
const BATCH = 1000;
const GOLDEN = 0x9e3779b97f4a7c15n;
const MASK64 = (1n << 64n) - 1n;
const REPEATS = 3;

/**
 * N from the command line: the one bare argument, a positive integer; default 2,000,000, or
 * 50,000 with --quick. The suite's own flags (--quick, --scale S) are skipped; throws naming
 * any other argument.
 */
function keyCount(args: readonly string[]): number {
  const bare: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--scale') i++;
    else if (a === '--quick') continue;
    else if (a.startsWith('--')) throw new Error(`hashing bench: unknown option ${a} (takes [N] [--quick])`);
    else bare.push(a);
  }
  if (bare.length === 0) return quick ? 50_000 : 2_000_000;
  const n = Number(bare[0]);
  if (bare.length > 1 || !Number.isSafeInteger(n) || n <= 0) throw new Error(`hashing bench: N must be one positive integer, got ${bare.join(' ')}`);
  return n;
}

const N = keyCount(process.argv.slice(2));
const WARMUP = Math.min(N, 200_000);

/** N distinct uint64 keys spread over the whole range (multiplying by an odd constant is a bijection mod 2^64). */
function makeKeys(n: number): bigint[] {
  return Array.from({ length: n }, (_, i) => (BigInt(i + 1) * GOLDEN) & MASK64);
}

function single(type: string): SingleColumnVindex {
  const vindex = createVindex(type, `bench_${type}`);
  if (vindex.kind !== 'singleColumn') throw new Error(`${type} is not single-column`);
  return vindex;
}

/** What a row measures: a baseline, the raw hash function, or the router's path (vindex.map). */
type Role = 'keyOnly' | 'md5' | 'raw' | 'mapSingle' | 'mapBatch';

interface Scenario {
  readonly key: string;
  readonly name: string;
  readonly vindex: 'hash' | 'xxhash' | null;
  readonly role: Role;
  /** Hashes keys [0, n) and returns a checksum byte so the work cannot be optimised away. */
  readonly run: (n: number) => number;
}

/**
 * One row of the results: keys/s of REPEATS timed runs over N keys, by the wall clock and per
 * second of this process's CPU time (user + system): the rate "on one core" whatever share of a
 * core other jobs left it.
 */
interface Row {
  readonly key: string;
  readonly name: string;
  readonly vindex: 'hash' | 'xxhash' | null;
  readonly role: Role;
  /** Keys per wall-clock second, by run. */
  readonly runs: readonly number[];
  readonly median: number;
  readonly best: number;
  /** Keys per second of CPU time, by run. */
  readonly cpuRuns: readonly number[];
  readonly cpuMedian: number;
  /** CPU time over wall time, median of the runs: the share of a core the process got. */
  readonly cpuShare: number;
}

/** Keys/s of `scenario` over N keys: REPEATS timed runs after a warm-up of WARMUP keys. */
function measure(scenario: Scenario): Row {
  scenario.run(WARMUP); // warm-up: let the JIT optimise before timing
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  const shares: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const sink = scenario.run(N);
    const cpu = process.cpuUsage(cpuStart);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (sink < 0) throw new Error('unreachable');
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    runs.push(N / seconds);
    cpuRuns.push(N / cpuSeconds);
    shares.push(cpuSeconds / seconds);
  }
  const { run: _run, ...rest } = scenario;
  return { ...rest, runs, median: median(runs), best: Math.max(...runs), cpuRuns, cpuMedian: median(cpuRuns), cpuShare: median(shares) };
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

/** The baselines first (every ratio divides by them), then the vindexes' raw functions and map paths. */
const SCENARIOS: readonly Scenario[] = [
  {
    // Everything hashUint64 does except DES: split the bigint, allocate and fill 8 bytes.
    key: 'keyOnly',
    name: 'baseline: build the 8-byte big-endian key only (bigint split + 8-byte array)',
    vindex: null,
    role: 'keyOnly',
    run: (n) => {
      let sink = 0;
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        const hi = Number((key >> 32n) & 0xffffffffn);
        const lo = Number(key & 0xffffffffn);
        const bytes = new Uint8Array(8);
        bytes[0] = hi >>> 24;
        bytes[1] = hi >>> 16;
        bytes[2] = hi >>> 8;
        bytes[3] = hi;
        bytes[4] = lo >>> 24;
        bytes[5] = lo >>> 16;
        bytes[6] = lo >>> 8;
        bytes[7] = lo;
        sink ^= bytes[7]!;
      }
      return sink;
    },
  },
  {
    key: 'md5',
    name: "baseline: node:crypto `createHash('md5')` per key",
    vindex: null,
    role: 'md5',
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
  {
    key: 'hashRaw',
    name: 'hash: `hashUint64(bigint)` raw',
    vindex: 'hash',
    role: 'raw',
    run: (n) => {
      let sink = 0;
      for (let i = 0; i < n; i++) sink ^= hashUint64(keys[i]!)[7]!;
      return sink;
    },
  },
  { key: 'hashMapUint64', name: 'hash: `map([UINT64])`, one id per call', vindex: 'hash', role: 'mapSingle', run: mapSingles(hash, uint64Values) },
  { key: 'hashMapInt64', name: 'hash: `map([INT64])`, one id per call', vindex: 'hash', role: 'mapSingle', run: mapSingles(hash, int64Values) },
  { key: 'hashMapBatch', name: `hash: \`map(UINT64 × ${BATCH})\`, an IN list`, vindex: 'hash', role: 'mapBatch', run: mapBatches(hash, uint64Values) },
  {
    key: 'xxhashRaw',
    name: 'xxhash: `xxhashKeyspaceId(text bytes)` raw',
    vindex: 'xxhash',
    role: 'raw',
    run: (n) => {
      let sink = 0;
      for (let i = 0; i < n; i++) sink ^= xxhashKeyspaceId(keyText[i]!)[7]!;
      return sink;
    },
  },
  { key: 'xxhashMapUint64', name: 'xxhash: `map([UINT64])`, one id per call', vindex: 'xxhash', role: 'mapSingle', run: mapSingles(xxhash, uint64Values) },
  { key: 'xxhashMapBatch', name: `xxhash: \`map(UINT64 × ${BATCH})\`, an IN list`, vindex: 'xxhash', role: 'mapBatch', run: mapBatches(xxhash, uint64Values) },
];

/** Everything one run measured, as stored in results.json. */
interface Measured {
  readonly quick: boolean;
  readonly keys: number;
  readonly warmupKeys: number;
  readonly repeats: number;
  readonly target: number;
  readonly machine: string;
  readonly node: string;
  readonly rows: readonly Row[];
  /** Every vindex row (raw and map) at or above the target, in keys per CPU second. */
  readonly met: boolean;
  readonly seconds: number;
}

const pct = (n: number): string => `${Math.round(n * 100)}%`;
const x = (n: number): string => `${n.toFixed(2)}x`;
const ns = (rate: number): string => `${Math.round(1e9 / rate)} ns`;

function rowOf(m: Measured, key: string): Row {
  const row = m.rows.find((r) => r.key === key);
  if (row === undefined) throw new Error(`hashing bench: no row ${key}`);
  return row;
}

/** The rows of `vindex` in `role`s. */
function rowsOf(m: Measured, vindex: 'hash' | 'xxhash', roles: readonly Role[]): Row[] {
  return m.rows.filter((r) => r.vindex === vindex && roles.includes(r.role));
}

/** The Reading: what this run's numbers say (every figure computed from `m`), and what the code does per key. */
function reading(m: Measured): string[] {
  const keyOnly = rowOf(m, 'keyOnly').cpuMedian;
  const md5 = rowOf(m, 'md5').cpuMedian;
  const lines = [`Reading (generated from this run's numbers${m.quick ? '; a --quick run over few keys is a smoke test, not a measurement' : ''}):`, ''];
  for (const vindex of ['hash', 'xxhash'] as const) {
    const mapRows = rowsOf(m, vindex, ['mapSingle', 'mapBatch']);
    const maps = mapRows.map((r) => r.cpuMedian);
    const low = Math.min(...maps);
    const high = Math.max(...maps);
    const raw = rowsOf(m, vindex, ['raw'])[0]!.cpuMedian;
    lines.push(
      `- \`${vindex}\` through \`map\` (the router's path): ${fmt(low)} to ${fmt(high)} keys per CPU second, ${x(low / TARGET)} to ${x(high / TARGET)} the target of ${fmt(TARGET)}: ` +
        `${low >= TARGET ? 'met' : '**NOT met**'} (by the wall clock ${fmt(Math.min(...mapRows.map((r) => r.median)))} to ${fmt(Math.max(...mapRows.map((r) => r.median)))} keys/s); ` +
        `the raw function ${fmt(raw)} keys per CPU second (${x(raw / TARGET)} the target, ${pct(raw / keyOnly)} of the key-only loop, ${x(raw / md5)} md5 per key). ` +
        `\`map\` costs about ${Math.max(0, Math.round(1e9 / median(maps) - 1e9 / raw))} ns of CPU per key on top of the raw function (${ns(median(maps))} against ${ns(raw)}).`,
    );
  }
  for (const vindex of ['hash', 'xxhash'] as const) {
    const singles = median(rowsOf(m, vindex, ['mapSingle']).map((r) => r.cpuMedian));
    const batch = rowsOf(m, vindex, ['mapBatch'])[0]!.cpuMedian;
    lines.push(`- \`${vindex}\`: an IN list of ${BATCH} ran at ${x(batch / singles)} the keys/s of one id per call, so ${Math.abs(batch / singles - 1) < 0.15 ? 'the per-call overhead is small next to the hashing itself' : batch > singles ? 'the per-call overhead (destination arrays, the call) is a visible share of the cost' : 'slicing the batch costs more than it saves'}.`);
  }
  const widest = [...m.rows].map((r) => ({ r, spread: (Math.max(...r.cpuRuns) - Math.min(...r.cpuRuns)) / r.cpuMedian })).sort((a, b) => b.spread - a.spread)[0]!;
  const shares = m.rows.map((r) => r.cpuShare);
  lines.push(
    '- `hash` is DES (FIPS 46-3) in `src/sharding/vindexes/des.ts`: the null-key subkeys, the initial and final permutations and the combined S-box and P tables are built once at load, so a block is 16 rounds of table lookups on 32-bit integers and no cipher object is created per call; `map` adds the parsing of the value\'s decimal text in 32-bit halves, without bigint, and the destination objects. `xxhash` is xxhash-wasm (`h64Raw`, seed 0), the sum written little-endian as Vitess does.',
    `- Noise: one thread on a 2-core machine shared with other jobs. The process got ${pct(Math.min(...shares))} to ${pct(Math.max(...shares))} of a core during the timed runs (CPU time over wall time, by row), so the wall-clock rates are that much below the CPU-time ones; the target is judged on CPU time, the rate of one core. The widest spread of keys per CPU second between the ${m.repeats} runs of a row was ${pct(widest.spread)} of its median (${widest.r.name}). Read the medians against the baselines of the same run.`,
  );
  return lines;
}

function render(m: Measured): string {
  const keyOnly = rowOf(m, 'keyOnly').cpuMedian;
  const md5 = rowOf(m, 'md5').cpuMedian;
  return [
    HEADING,
    '',
    `Issue #3 target: hashing a uint64 with the \`hash\` and \`xxhash\` vindexes reaches at least ${fmt(m.target)} keys/s on one core.`,
    '',
    'Command:',
    '',
    '```',
    `npm run bench -- hashing${m.quick ? ' --quick' : ''}      # node --import tsx bench/hashing.bench.ts${m.quick ? ' --quick' : ''}; N = ${fmt(m.keys)} distinct uint64 keys`,
    '```',
    '',
    `Machine: ${m.machine}, Node ${m.node}; one thread. Each row is the median of ${m.repeats} timed runs over all N keys after a`,
    `${fmt(m.warmupKeys)}-key warm-up, in keys per second of the process's CPU time (user + system, \`process.cpuUsage\`; V8's helper`,
    `threads count too, so the figure errs low) and by the wall clock (with the best run); ratios use the CPU-time medians. Run time ${m.seconds.toFixed(0)} s.`,
    '',
    '| scenario | keys per CPU second, median | keys/s by the wall clock, median (best) | share of a core | vs md5 per key | vs key-only loop |',
    '|---|---:|---:|---:|---:|---:|',
    ...m.rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.cpuMedian)} | ${fmt(r.median)} (${fmt(r.best)}) | ${pct(r.cpuShare)} | ${r.role === 'keyOnly' ? '' : x(r.cpuMedian / md5)} | ${r.role === 'md5' ? '' : pct(r.cpuMedian / keyOnly)} |`,
    ),
    '',
    `Target (every \`hash\` and \`xxhash\` row at least ${fmt(m.target)} keys per second of one core's time): **${m.met ? 'met' : 'NOT met'}**.`,
    '',
    ...reading(m),
  ].join('\n');
}

const started = performance.now();
log(`N = ${fmt(N)} distinct uint64 keys, ${REPEATS} timed runs per row after a ${fmt(WARMUP)}-key warm-up`);
const rows: Row[] = [];
for (const scenario of SCENARIOS) {
  rows.push(measure(scenario));
  log(`${scenario.name}: ${fmt(rows.at(-1)!.cpuMedian)} keys per CPU second, ${fmt(rows.at(-1)!.median)} keys/s`);
}
const measured: Measured = {
  quick,
  keys: N,
  warmupKeys: WARMUP,
  repeats: REPEATS,
  target: TARGET,
  machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, nproc = ${availableParallelism()}`,
  node: process.version,
  rows,
  met: rows.every((r) => r.vindex === null || r.cpuMedian >= TARGET),
  seconds: (performance.now() - started) / 1000,
};
await out.publish(HEADING, 'hashing', render(measured), measured);
