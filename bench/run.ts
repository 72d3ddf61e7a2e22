// `npm run bench [-- --quick] [-- --scale N] [-- --out DIR] [-- NAME…]`: the benchmark suite of
// issue #8. Runs every bench/*.bench.ts (or those whose file name starts with a NAME) one after
// another, each in its own Node process so that one scenario's JIT state and heap do not colour
// the next, after installing the peers' own packages where a scenario needs them (npm ci in
// bench/peers/<peer>/, all at once). Each scenario writes its own section of RESULTS.md and its
// figures in results.json; this runner writes the suite header (machine, versions, limits,
// concurrency, what ran) into both. Full runs write bench/, `--quick` runs bench/.data/quick/
// unless --out. A `--quick` run is a smoke test: scenarios that hold different resources (the
// private flat or demo tablets, or the shared MariaDB) run side by side, the peer installs too.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { findServerBinaries } from '../src/cluster/serverBinaries.js';
import { RESULTS_TITLE, benchOutput, readResultsJson, replaceSection } from './lib/benchOutput.js';

const HERE = import.meta.dirname;
const SUITE_HEADING = '## Suite';

/** What the runner knows of each scenario file: its place in issue #8, its load, the peer install it needs. */
interface ScenarioInfo {
  readonly file: string;
  readonly title: string;
  readonly concurrency: string;
  /** bench/peers/<peer> must be installed first. */
  readonly peer?: string;
  /** What it holds while it runs, when not read from its source (see resourcesOf); none: CPU only. */
  readonly resources?: readonly Resource[];
  /**
   * About how long its --quick run takes, in seconds (measured on a quiet machine from a fresh
   * clone, tablets created meanwhile): only orders a quick run (quickOrder), never a limit.
   */
  readonly quickSeconds: number;
}

const SCENARIOS: readonly ScenarioInfo[] = [
  { file: 'hashing.bench.ts', title: 'vindex hashing (issue #3)', concurrency: 'one thread', resources: [], quickSeconds: 6 },
  { file: 'pool.bench.ts', title: 'pools and engine (issue #4)', concurrency: '32 callers; 1,000 callers', quickSeconds: 27 },
  { file: 'http.bench.ts', title: 'scenario 1: by-pk over HTTP vs hand-written Yoga vs bare node:http (issue #5)', concurrency: '32 connections', resources: ['http tablets'], quickSeconds: 75 },
  { file: 'nested.bench.ts', title: 'scenario 2: nested lists vs a naive resolver and GraphQL Mesh', concurrency: '32 connections', peer: 'mesh', quickSeconds: 50 },
  { file: 'postgraphile.bench.ts', title: 'scenario 3: vs PostGraphile 4.14 on PostgreSQL', concurrency: '32 connections', peer: 'postgraphile', quickSeconds: 18 },
  { file: 'shards.bench.ts', title: 'scenario 4: by-pk and scatter on 1, 2, 4, 8 shards', concurrency: '32 connections', quickSeconds: 55 },
  { file: 'connections.bench.ts', title: 'scenario 5: 2,000 clients, shardgate vs MariaDB directly', concurrency: '2,000 clients (400 with --quick)', quickSeconds: 25 },
  { file: 'entities.bench.ts', title: 'federation `_entities` with 100 representations (issue #6)', concurrency: '32 connections', quickSeconds: 19 },
  { file: 'insert.bench.ts', title: 'inserts with a sequence id vs a bare mysql2 INSERT (issue #7)', concurrency: '32 connections / callers', quickSeconds: 27 },
];

interface Outcome {
  readonly file: string;
  readonly status: 'passed' | 'failed';
  readonly seconds: number;
  readonly reason?: string;
}

function parseArgs(argv: readonly string[]): { flags: string[]; names: string[]; out: string | undefined } {
  const flags: string[] = [];
  const names: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i];
    else if (a === '--scale') flags.push(a, argv[++i] ?? '');
    else if (a.startsWith('--')) flags.push(a);
    else names.push(a);
  }
  return { flags, names, out };
}

/** A peer's install: how long it took (0 when it was installed already), or why it failed. */
interface PeerInstall {
  readonly peer: string;
  readonly seconds: number;
  readonly failure: string | null;
}

/** True when bench/peers/<peer> has its packages installed. */
function isInstalled(peer: string): boolean {
  return existsSync(path.join(HERE, 'peers', peer, 'node_modules', '.package-lock.json'));
}

/**
 * Installs bench/peers/<peer> from its lock file (npm ci from the npm cache when it holds the
 * packages) unless it has a node_modules already. Runs in the background: its output is kept and
 * printed only when it fails.
 */
function installPeer(peer: string): Promise<PeerInstall> {
  const dir = path.join(HERE, 'peers', peer);
  if (isInstalled(peer)) return Promise.resolve({ peer, seconds: 0, failure: null });
  console.error(`\n== installing the ${peer} peer (npm ci in ${path.relative(process.cwd(), dir)}, in the background)`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => resolve({ peer, seconds: 0, failure: `npm ci in bench/peers/${peer} could not start: ${error.message}` }));
    child.once('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) {
        console.error(`\n== the ${peer} peer installed in ${Math.round(seconds)} s`);
        resolve({ peer, seconds, failure: null });
      } else {
        console.error(`\n== npm ci in bench/peers/${peer} failed:\n${output}`);
        resolve({ peer, seconds, failure: `npm ci in bench/peers/${peer} failed (exit ${code ?? signal})` });
      }
    });
  });
}

/**
 * Runs one scenario file in its own Node process; resolves to its exit code, or the signal that
 * ended it. With `prefix` (scenarios running side by side) each output line is labelled with it.
 */
function runScenario(file: string, flags: readonly string[], env: NodeJS.ProcessEnv, prefix?: string): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, file), ...flags], { stdio: prefix === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'], env });
    if (prefix !== undefined) {
      createInterface({ input: child.stdout! }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
      createInterface({ input: child.stderr! }).on('line', (line) => process.stderr.write(`${prefix} ${line}\n`));
    }
    child.once('error', (error) => resolve(error.message));
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

/**
 * Most scenarios a quick run runs at once: on the 2 cores this suite was written on, more than
 * three starve each other (connects to MariaDB time out in the pool scenario's 1,000-caller check).
 */
const MAX_SIDE_BY_SIDE = 3;

/** What a scenario holds while it runs; two scenarios holding the same one never run at once. */
type Resource = 'flat tablet' | 'demo tablets' | 'http tablets' | 'shared MariaDB';

/**
 * What a scenario holds: as SCENARIOS says, else the suite's private clusters it starts
 * (startFlatCluster, startDemoCluster of bench/lib/benchCluster.ts, read from its source; they
 * are stopped at its end and their status counters are its measurements), else the shared
 * MariaDB, whose server-wide counters some scenarios read, so those run one at a time too.
 */
function resourcesOf(file: string): readonly Resource[] {
  const declared = SCENARIOS.find((s) => s.file === file)?.resources;
  if (declared !== undefined) return declared;
  const source = readFileSync(path.join(HERE, file), 'utf8');
  const held: Resource[] = [];
  if (source.includes('startFlatCluster(')) held.push('flat tablet');
  if (source.includes('startDemoCluster(')) held.push('demo tablets');
  return held.length > 0 ? held : ['shared MariaDB'];
}

/** A scenario's quickSeconds; a file SCENARIOS does not know counts as a minute. */
function quickSecondsOf(file: string): number {
  return SCENARIOS.find((s) => s.file === file)?.quickSeconds ?? 60;
}

/**
 * The order a quick run starts `files` in: longest chain first. A scenario's chain is the
 * quickSeconds of every chosen scenario that holds one of its resources (those run one after
 * another), so the scenarios of the longest such queue, which bounds the run's wall time, start
 * first; among equals the longer scenario first. The order of `files` breaks remaining ties.
 */
function quickOrder(files: readonly string[]): string[] {
  const chain = (file: string): number => {
    const held = resourcesOf(file);
    if (held.length === 0) return quickSecondsOf(file);
    return Math.max(...held.map((r) => files.filter((f) => resourcesOf(f).includes(r)).reduce((sum, f) => sum + quickSecondsOf(f), 0)));
  };
  return files
    .map((file, index) => ({ file, index, chain: chain(file), own: quickSecondsOf(file) }))
    .sort((a, b) => b.chain - a.chain || b.own - a.own || a.index - b.index)
    .map((e) => e.file);
}

/** When a scenario may start besides its resources: its peer is installed (or failed to install). */
interface Readiness {
  ready(file: string): boolean;
  /** Settles when something not ready may have become ready (a peer install ended); none: all ready. */
  next(): Promise<unknown> | undefined;
}

/**
 * Runs `files` through `run`: one at a time in their order, or (`sideBySide`) each as soon as no
 * running scenario holds one of its resources, it is ready (`readiness`) and fewer than
 * MAX_SIDE_BY_SIDE run, the first such in the order first. Returns the outcomes in the order of
 * `files`.
 */
async function schedule(files: readonly string[], sideBySide: boolean, run: (file: string, labelled: boolean) => Promise<Outcome>, readiness: Readiness): Promise<Outcome[]> {
  const pending = [...files];
  const busy = new Set<Resource>();
  const running = new Set<Promise<void>>();
  const done = new Map<string, Outcome>();
  const startable = (file: string): boolean => resourcesOf(file).every((r) => !busy.has(r)) && readiness.ready(file);
  while (pending.length > 0 || running.size > 0) {
    const next = (sideBySide && running.size < MAX_SIDE_BY_SIDE) || running.size === 0 ? pending.findIndex(startable) : -1;
    if (next < 0) {
      const installing = readiness.next();
      await Promise.race([...running, ...(installing === undefined ? [] : [installing])]);
      continue;
    }
    const file = pending.splice(next, 1)[0]!;
    const held = resourcesOf(file);
    for (const r of held) busy.add(r);
    const task: Promise<void> = run(file, sideBySide).then((outcome) => {
      done.set(file, outcome);
      for (const r of held) busy.delete(r);
      running.delete(task);
    });
    running.add(task);
  }
  return files.map((f) => done.get(f)!);
}

/** The 1, 5 and 15 minute load averages of the machine. */
function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function tryRun(command: string, args: readonly string[]): string | null {
  try {
    return execFileSync(command, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function packageVersion(dir: string, pkg: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The machine and software the figures come from. */
async function describeSuite(): Promise<Record<string, unknown>> {
  const root = path.join(HERE, '..');
  let mariadb: string | null = null;
  try {
    const binaries = await findServerBinaries(process.env);
    mariadb = `${binaries.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${binaries.version} (the suite's tablets)`;
  } catch {
    mariadb = null;
  }
  const packages: Record<string, string | null> = {};
  for (const pkg of ['graphql', 'graphql-yoga', 'graphql-jit', 'mysql2', 'dataloader', 'autocannon', 'pg']) packages[pkg] = packageVersion(root, pkg);
  packages['postgraphile (bench/peers/postgraphile)'] = packageVersion(path.join(HERE, 'peers', 'postgraphile'), 'postgraphile');
  packages['@graphql-mesh/mysql (bench/peers/mesh)'] = packageVersion(path.join(HERE, 'peers', 'mesh'), '@graphql-mesh/mysql');
  packages['@graphql-mesh/cli (bench/peers/mesh)'] = packageVersion(path.join(HERE, 'peers', 'mesh'), '@graphql-mesh/cli');
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    nproc: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: tryRun('uname', ['-sr']),
    node: process.version,
    mariadb,
    postgresql: tryRun('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-At', '-c', 'SHOW server_version']),
    openFiles: { soft: tryRun('/bin/sh', ['-c', 'ulimit -Sn']), hard: tryRun('/bin/sh', ['-c', 'ulimit -Hn']) },
    loadAverageAtEnd: loadAverage(),
    packages,
  };
}

/** A scenario's latest run: how it ended and which suite run ran it. */
interface LastRun extends Outcome {
  readonly startedAt: string;
  readonly command: string;
}

/**
 * Every scenario's latest run after this one: the previous header's record (or, in a file
 * written before it was kept, the previous run's outcomes), this run's outcomes over it. A run
 * of some scenarios leaves the others' sections in place; the header still says where they
 * come from.
 */
function lastRunsAfter(previous: Record<string, unknown> | undefined, outcomes: readonly Outcome[], startedAt: string, command: string): Record<string, LastRun> {
  const last: Record<string, LastRun> = {};
  const earlier = previous?.lastRuns as Record<string, LastRun> | undefined;
  if (earlier !== undefined) Object.assign(last, earlier);
  else if (Array.isArray(previous?.outcomes) && typeof previous.startedAt === 'string' && typeof previous.command === 'string') {
    for (const o of previous.outcomes as Outcome[]) last[o.file] = { ...o, startedAt: previous.startedAt, command: previous.command };
  }
  for (const o of outcomes) last[o.file] = { ...o, startedAt, command };
  return last;
}

/** What one suite run did, for its header. */
interface SuiteRun {
  readonly command: string;
  readonly startedAt: string;
  readonly quick: boolean;
  readonly outcomes: readonly Outcome[];
  readonly peerInstalls: readonly PeerInstall[];
  /** Wall time of the whole run, installs included. */
  readonly seconds: number;
  readonly loadAverageAtStart: string;
  /** Every scenario's latest run, this one's included (lastRunsAfter). */
  readonly lastRuns: Readonly<Record<string, LastRun>>;
}

function renderSuite(suite: Record<string, unknown>, run: SuiteRun): string {
  const { outcomes, command, startedAt } = run;
  const packages = Object.entries(suite.packages as Record<string, string | null>)
    .map(([k, v]) => `${k} ${v ?? 'not installed'}`)
    .join(', ');
  const openFiles = suite.openFiles as { soft: string | null; hard: string | null };
  const ran = new Set(outcomes.map((o) => o.file));
  return [
    `${SUITE_HEADING}: machine, versions, concurrency`,
    '',
    'Every figure below comes from `npm run bench` (all scenarios) or `npm run bench -- NAME` (one file); each section names its',
    'own command. Each scenario runs in its own Node process; servers under test and load generators run in their own processes',
    'too, on the same machine as the MariaDB and PostgreSQL servers. Figures are medians of several runs with their range',
    '(min–max), and ratios are taken against a baseline measured in the same run.',
    '',
    `Last suite run: ${startedAt}, \`${command}\`: ${Math.round(run.seconds)} s in all${run.quick ? ' (a --quick smoke run: tiny data, one short round, scenarios on different tablets side by side; not a measurement)' : ''}; peers ${
      run.peerInstalls.length === 0
        ? 'not needed'
        : run.peerInstalls.map((p) => `${p.peer} ${p.failure !== null ? 'failed to install' : p.seconds === 0 ? 'installed before' : `installed in ${Math.round(p.seconds)} s`}`).join(', ')
    }.`,
    '',
    `- Machine: ${String(suite.cpu)}, nproc = ${String(suite.nproc)}, ${String(suite.memoryGiB)} GiB, ${String(suite.kernel)}. The 2 cores are shared by`,
    '  the servers under test, the load generator and the databases, and other jobs ran on the machine: numbers are noisy, so',
    '  read the ranges and the same-run ratios rather than single values.',
    `- Node ${String(suite.node)}; ${String(suite.mariadb ?? 'MariaDB: not found')}; PostgreSQL ${String(suite.postgresql ?? 'not reachable')}.`,
    `- Packages: ${packages}.`,
    `- Open files (\`ulimit -n\` of the shell that ran the suite): soft ${openFiles.soft ?? '?'}, hard ${openFiles.hard ?? '?'}; scenario 5 raises its`,
    '  processes to 8,192 (or the hard limit, when lower) with `ulimit -n`.',
    `- Load average (1, 5, 15 min) when the suite started: ${run.loadAverageAtStart}; when it ended: ${String(suite.loadAverageAtEnd)}.`,
    '',
    '| scenario | file | concurrency | its section comes from |',
    '|---|---|---|---|',
    ...[...SCENARIOS.filter((s) => existsSync(path.join(HERE, s.file))), ...outcomes.filter((o) => !SCENARIOS.some((s) => s.file === o.file)).map((o) => ({ file: o.file, title: o.file.replace('.bench.ts', ''), concurrency: 'see its section' }))].map((s) => {
      // lastRuns holds this run's outcomes too.
      const last = run.lastRuns[s.file];
      const when = ran.has(s.file) ? 'this run' : `\`${last?.command}\` of ${last?.startedAt}`;
      const result = last === undefined ? 'not run yet' : `${when}: ${last.status}${last.reason === undefined ? '' : ` (${last.reason})`}, ${Math.round(last.seconds)} s`;
      return `| ${s.title} | bench/${s.file} | ${s.concurrency} | ${result} |`;
    }),
  ].join('\n');
}

async function main(): Promise<void> {
  const { flags, names, out } = parseArgs(process.argv.slice(2));
  const quick = flags.includes('--quick');
  const env = { ...process.env, ...(out === undefined ? {} : { SHARDGATE_BENCH_OUT: path.resolve(out) }) };
  const output = benchOutput(quick ? ['--quick'] : [], env);
  const files = readdirSync(HERE).filter((f) => f.endsWith('.bench.ts'));
  const known = SCENARIOS.map((s) => s.file).filter((f) => files.includes(f));
  const all = [...known, ...files.filter((f) => !known.includes(f)).sort()];
  const chosen = names.length === 0 ? all : all.filter((f) => names.some((n) => f.startsWith(n)));
  if (chosen.length === 0) {
    console.error(`no benchmark matches ${names.join(', ')}; have: ${all.join(', ')}`);
    process.exit(2);
  }
  const suiteStarted = performance.now();
  const loadAverageAtStart = loadAverage();
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  // Every peer the chosen scenarios need is installed at once, in parallel. A full run waits for
  // the installs, then runs one scenario at a time. A quick run (a smoke test, not a measurement)
  // runs scenarios side by side when they hold different resources, those whose peer is still
  // being installed last.
  const installs = new Map<string, Promise<PeerInstall>>();
  for (const file of chosen) {
    const peer = SCENARIOS.find((s) => s.file === file)?.peer;
    if (peer !== undefined && !installs.has(peer)) installs.set(peer, installPeer(peer));
  }
  if (!quick) await Promise.all(installs.values());
  const runOne = async (file: string, labelled: boolean): Promise<Outcome> => {
    const peer = SCENARIOS.find((s) => s.file === file)?.peer;
    const install = peer === undefined ? undefined : await installs.get(peer);
    if (install?.failure != null) {
      console.error(`\n== ${file}: not run: ${install.failure}`);
      return { file, status: 'failed', seconds: 0, reason: install.failure };
    }
    console.error(`\n== ${file} ${flags.join(' ')}`);
    const started = performance.now();
    const exit = await runScenario(file, flags, env, labelled ? `[${file.replace('.bench.ts', '')}]` : undefined);
    const seconds = (performance.now() - started) / 1000;
    console.error(`\n== ${file}: ${exit === 0 ? 'passed' : `failed (exit ${exit})`} in ${Math.round(seconds)} s`);
    return exit === 0 ? { file, status: 'passed', seconds } : { file, status: 'failed', seconds, reason: `exit ${exit}` };
  };
  // A quick run starts the longest queue of scenarios first (quickOrder) and each scenario only
  // once its peer is installed; a full run has waited for the installs and keeps the order.
  const settled = new Set<string>();
  for (const [peer, install] of installs) void install.then(() => settled.add(peer));
  const readiness: Readiness = {
    ready: (file) => {
      const peer = SCENARIOS.find((s) => s.file === file)?.peer;
      return peer === undefined || !installs.has(peer) || settled.has(peer);
    },
    next: () => {
      const unsettled = [...installs].filter(([peer]) => !settled.has(peer)).map(([, install]) => install);
      return unsettled.length === 0 ? undefined : Promise.race(unsettled);
    },
  };
  const started = await schedule(quick ? quickOrder(chosen) : chosen, quick, runOne, readiness);
  // Reported in the suite's order, whatever order they ran in.
  const outcomes = chosen.map((file) => started.find((o) => o.file === file)!);
  const peerInstalls = await Promise.all(installs.values());
  const seconds = (performance.now() - suiteStarted) / 1000;
  const suite = await describeSuite();
  await mkdir(output.dir, { recursive: true });
  const current = await readFile(output.resultsMd, 'utf8').catch(() => `${RESULTS_TITLE}\n`);
  const json = await readResultsJson(output.resultsJson);
  const lastRuns = lastRunsAfter(json.suite as Record<string, unknown> | undefined, outcomes, startedAt, command);
  await writeFile(output.resultsMd, replaceSection(current, SUITE_HEADING, renderSuite(suite, { command, startedAt, quick, outcomes, peerInstalls, seconds, loadAverageAtStart, lastRuns }), { afterTitle: true }));
  json.suite = { ...suite, startedAt, command, quick, seconds, loadAverageAtStart, peerInstalls, outcomes, lastRuns };
  await writeFile(output.resultsJson, `${JSON.stringify({ suite: json.suite, scenarios: json.scenarios }, null, 2)}\n`);
  const failed = outcomes.filter((o) => o.status === 'failed');
  console.error(`\nwrote ${output.resultsMd} and ${output.resultsJson}; ${outcomes.length - failed.length} of ${outcomes.length} passed${failed.length > 0 ? `; failed: ${failed.map((o) => o.file).join(', ')}` : ''}`);
  process.exit(failed.length === 0 ? 0 : 1);
}

await main();
