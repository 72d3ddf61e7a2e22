// Paired comparison of two versions of shardgate on one of the nested scenario's queries, for
// deciding whether a change pays on this noisy 2-core machine, where a server's throughput moves
// by ±25% between runs minutes apart: both servers run at once on the same demo tablets, every
// round measures each once (order reversed every other round, each run after 1 s of unmeasured
// load), and the verdict is the median of the per-round ratios B / A (req/s and server CPU per
// request). Not part of the suite; writes nothing.
//
//   node --import tsx bench/compare.ts <checkout A> <checkout B> [--level nested2|nested3]
//        [--rounds N] [--seconds S] [--flags-a "NODE FLAGS"] [--flags-b "NODE FLAGS"] [--scale N]
//        [--server shardgate|naive|dataloader]
//
// A checkout is a directory holding shardgate with its node_modules (for the committed version:
// `git worktree add ../base HEAD && ln -s "$PWD/node_modules" ../base/node_modules`). Each runs its
// own bench/peers/shardgateServer.ts (the shipped defaults and Node options) against the demo tablets of this
// checkout's bench/.data/clusters (created and seeded at first use). The same checkout twice with
// different --flags-a/--flags-b compares Node options. `--server naive` (or `dataloader`) runs the
// scenario's hand-written peer (bench/peers/naiveServer.ts) of each checkout on the unsharded
// copy of the data instead (bench/.data/clusters/flat-s<scale>): Node options measured on a peer.

import path from 'node:path';
import { benchArgs, progress } from './lib/benchArgs.js';
import { startDemoCluster, startFlatCluster } from './lib/benchCluster.js';
import { startChildServer, type ChildServer } from './lib/childServer.js';
import { LEVELS, nestedBodies, type Level } from './lib/nestedQueries.js';
import { shardgateServerArgs } from './lib/shardgateArgs.js';
import { interleavedRounds, type Run, type Target } from './lib/rounds.js';
import { fmt, fmtSpread, spread, times } from './lib/stats.js';

const USAGE = 'usage: compare.ts <checkout A> <checkout B> [--level nested2|nested3] [--rounds N] [--seconds S] [--flags-a "…"] [--flags-b "…"] [--scale N] [--server shardgate|naive|dataloader]';

const SERVERS = ['shardgate', 'naive', 'dataloader'] as const;
type ServerKind = (typeof SERVERS)[number];

interface CompareArgs {
  readonly checkouts: readonly [string, string];
  readonly level: Level;
  readonly rounds: number;
  readonly seconds: number;
  readonly flags: readonly [readonly string[], readonly string[]];
  readonly server: ServerKind;
}

function parseArgs(argv: readonly string[]): CompareArgs {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
    options.set(arg, value);
    i++;
  }
  const known = new Set(['--level', '--rounds', '--seconds', '--flags-a', '--flags-b', '--server']);
  for (const name of options.keys()) if (!known.has(name)) throw new Error(`unknown option ${name}\n${USAGE}`);
  if (positional.length !== 2) throw new Error(`two checkouts are needed, got ${positional.length}\n${USAGE}`);
  const level = options.get('--level') ?? 'nested2';
  if (!(level in LEVELS)) throw new Error(`--level is one of ${Object.keys(LEVELS).join(', ')}, got ${JSON.stringify(level)}`);
  const server = options.get('--server') ?? 'shardgate';
  if (!(SERVERS as readonly string[]).includes(server)) throw new Error(`--server is one of ${SERVERS.join(', ')}, got ${JSON.stringify(server)}`);
  const count = (name: string, fallback: number): number => {
    const text = options.get(name);
    const n = text === undefined ? fallback : Number(text);
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`${name} needs a positive integer, got ${JSON.stringify(text)}`);
    return n;
  };
  const flags = (name: string): string[] => (options.get(name) ?? '').split(' ').filter((f) => f !== '');
  return {
    checkouts: [path.resolve(positional[0]!), path.resolve(positional[1]!)],
    level: level as Level,
    rounds: count('--rounds', 8),
    seconds: count('--seconds', 4),
    flags: [flags('--flags-a'), flags('--flags-b')],
    server: server as ServerKind,
  };
}

// --scale is benchArgs' (the demo data's size), read from process.argv.
function argsOrExit(): CompareArgs & { readonly scale: number } {
  try {
    return { ...parseArgs(process.argv.slice(2).filter((a, i, all) => a !== '--scale' && all[i - 1] !== '--scale')), scale: benchArgs().scale };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return process.exit(2);
  }
}

const args = argsOrExit();
const { scale } = args;
const log = progress('compare');
const cluster = args.server === 'shardgate' ? await startDemoCluster({ customerShards: 2, scale, log }) : await startFlatCluster({ scale, log });

/** The `node` arguments of the server under test from `checkout`, with `flags` (--flags-a or --flags-b). */
function serverArgs(checkout: string, flags: readonly string[]): string[] {
  if (args.server === 'shardgate') return shardgateServerArgs(cluster.configPath, flags, checkout);
  const t = cluster.tablets[0]!;
  return [...flags, '--import', 'tsx', path.join(checkout, 'bench', 'peers', 'naiveServer.ts'), `mysql://root@${t.host}:${t.port}/${t.database}`, args.server];
}

const servers: ChildServer[] = [];
try {
  for (const [i, checkout] of args.checkouts.entries()) {
    servers.push(
      await startChildServer({
        name: `${args.server} of ${checkout}`,
        command: process.execPath,
        // shardgate with the shipped Node options; a --flags-a/-b value of the same option comes later and wins.
        args: serverArgs(checkout, args.flags[i]!),
        cwd: checkout,
        env: { NODE_ENV: 'production' },
      }),
    );
  }
  const bodies = nestedBodies(args.level, Math.round(10_000 * scale));
  const targets: Target[] = servers.map((s, i) => ({ key: i === 0 ? 'A' : 'B', url: s.url, pid: s.pid, bodies, tablets: [] }));
  log(`${args.server}, ${LEVELS[args.level].label}: ${args.rounds} rounds of ${args.seconds} s, 32 connections; A = ${args.checkouts[0]} ${args.flags[0].join(' ')}, B = ${args.checkouts[1]} ${args.flags[1].join(' ')}`);
  const runs = await interleavedRounds(targets, { rounds: args.rounds, durationS: args.seconds, warmupS: 3, connections: 32, rewarmS: 1 }, log);
  const ra = runs.get('A')!;
  const rb = runs.get('B')!;
  const ratio = (f: (r: Run) => number) => spread(rb.map((r, i) => f(r) / f(ra[i]!)));
  const failed = [...ra, ...rb].reduce((n, r) => n + r.failed, 0);
  process.stdout.write(
    [
      `B / A over ${args.rounds} rounds, median (min–max) of the per-round ratios:`,
      `  req/s                    ${fmtSpread(ratio((r) => r.perSecond), times)}`,
      `  server CPU per request   ${fmtSpread(ratio((r) => r.serverCpuUs), times)}`,
      `A: ${fmtSpread(spread(ra.map((r) => r.perSecond)))} req/s, ${fmt(spread(ra.map((r) => r.serverCpuUs)).median)} µs CPU per request; B: ${fmtSpread(spread(rb.map((r) => r.perSecond)))} req/s, ${fmt(spread(rb.map((r) => r.serverCpuUs)).median)} µs`,
      ...(failed > 0 ? [`${failed} requests failed (see the rounds above)`] : []),
      '',
    ].join('\n'),
  );
} finally {
  for (const s of servers) await s.stop();
  await cluster.stop();
}
