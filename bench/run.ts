// `npm run bench [-- --quick] [-- --scale N] [-- --out DIR] [-- NAME…]`: the benchmark suite of
// issue #8. Runs every bench/*.bench.ts (or those whose file name starts with a NAME) one after
// another, each in its own Node process so that one scenario's JIT state and heap do not colour
// the next, after installing the peers' own packages where a scenario needs them (npm ci in
// bench/peers/<peer>/). Each scenario writes its own section of RESULTS.md and its figures in
// results.json; this runner writes the suite header (machine, versions, limits, concurrency,
// what ran) into both. Full runs write bench/, `--quick` runs bench/.data/quick/ unless --out.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import path from 'node:path';
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
}

const SCENARIOS: readonly ScenarioInfo[] = [
  { file: 'hashing.bench.ts', title: 'vindex hashing (issue #3)', concurrency: 'one thread' },
  { file: 'pool.bench.ts', title: 'pools and engine (issue #4)', concurrency: '32 callers; 1,000 callers' },
  { file: 'http.bench.ts', title: 'scenario 1: by-pk over HTTP vs hand-written Yoga vs bare node:http (issue #5)', concurrency: '32 connections' },
  { file: 'nested.bench.ts', title: 'scenario 2: nested lists vs a naive resolver and GraphQL Mesh', concurrency: '32 connections', peer: 'mesh' },
  { file: 'postgraphile.bench.ts', title: 'scenario 3: vs PostGraphile 4.14 on PostgreSQL', concurrency: '32 connections', peer: 'postgraphile' },
  { file: 'shards.bench.ts', title: 'scenario 4: by-pk and scatter on 1, 2, 4, 8 shards', concurrency: '32 connections' },
  { file: 'connections.bench.ts', title: 'scenario 5: 2,000 clients, shardgate vs MariaDB directly', concurrency: '2,000 clients (400 with --quick)' },
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

/** Installs bench/peers/<peer> from its lock file when it has no node_modules; returns why it failed, else null. */
function ensurePeer(peer: string): string | null {
  const dir = path.join(HERE, 'peers', peer);
  if (existsSync(path.join(dir, 'node_modules', '.package-lock.json'))) return null;
  console.error(`\n== installing the ${peer} peer (npm ci in ${path.relative(process.cwd(), dir)})`);
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  return result.status === 0 ? null : `npm ci in bench/peers/${peer} failed (exit ${result.status ?? result.signal})`;
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
    loadAverageAtEnd: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    packages,
  };
}

function renderSuite(suite: Record<string, unknown>, outcomes: readonly Outcome[], command: string, startedAt: string): string {
  const packages = Object.entries(suite.packages as Record<string, string | null>)
    .map(([k, v]) => `${k} ${v ?? 'not installed'}`)
    .join(', ');
  const openFiles = suite.openFiles as { soft: string | null; hard: string | null };
  const ran = new Map(outcomes.map((o) => [o.file, o]));
  return [
    `${SUITE_HEADING}: machine, versions, concurrency`,
    '',
    'Every figure below comes from `npm run bench` (all scenarios) or `npm run bench -- NAME` (one file); each section names its',
    'own command. Each scenario runs in its own Node process; servers under test and load generators run in their own processes',
    'too, on the same machine as the MariaDB and PostgreSQL servers. Figures are medians of several runs with their range',
    '(min–max), and ratios are taken against a baseline measured in the same run.',
    '',
    `Last suite run: ${startedAt}, \`${command}\`.`,
    '',
    `- Machine: ${String(suite.cpu)}, nproc = ${String(suite.nproc)}, ${String(suite.memoryGiB)} GiB, ${String(suite.kernel)}. The 2 cores are shared by`,
    '  the servers under test, the load generator and the databases, and other jobs ran on the machine: numbers are noisy, so',
    '  read the ranges and the same-run ratios rather than single values.',
    `- Node ${String(suite.node)}; ${String(suite.mariadb ?? 'MariaDB: not found')}; PostgreSQL ${String(suite.postgresql ?? 'not reachable')}.`,
    `- Packages: ${packages}.`,
    `- Open files (\`ulimit -n\` of the shell that ran the suite): soft ${openFiles.soft ?? '?'}, hard ${openFiles.hard ?? '?'}; scenario 5 raises its`,
    '  processes to 8,192 (or the hard limit, when lower) with `ulimit -n`.',
    `- Load average when the suite ended: ${String(suite.loadAverageAtEnd)}.`,
    '',
    '| scenario | file | concurrency | this run |',
    '|---|---|---|---|',
    ...[...SCENARIOS, ...outcomes.filter((o) => !SCENARIOS.some((s) => s.file === o.file)).map((o) => ({ file: o.file, title: o.file.replace('.bench.ts', ''), concurrency: 'see its section' }))].map((s) => {
      const o = ran.get(s.file);
      const result = o === undefined ? 'not run' : `${o.status}${o.reason === undefined ? '' : ` (${o.reason})`}, ${Math.round(o.seconds)} s`;
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
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const outcomes: Outcome[] = [];
  for (const file of chosen) {
    const info = SCENARIOS.find((s) => s.file === file);
    const started = performance.now();
    const installFailure = info?.peer === undefined ? null : ensurePeer(info.peer);
    if (installFailure !== null) {
      console.error(`\n== ${file}: not run: ${installFailure}`);
      outcomes.push({ file, status: 'failed', seconds: 0, reason: installFailure });
      continue;
    }
    console.error(`\n== ${file} ${flags.join(' ')}`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, file), ...flags], { stdio: 'inherit', env });
    const seconds = (performance.now() - started) / 1000;
    outcomes.push(result.status === 0 ? { file, status: 'passed', seconds } : { file, status: 'failed', seconds, reason: `exit ${result.status ?? result.signal}` });
  }
  const suite = await describeSuite();
  await mkdir(output.dir, { recursive: true });
  const current = await readFile(output.resultsMd, 'utf8').catch(() => `${RESULTS_TITLE}\n`);
  await writeFile(output.resultsMd, replaceSection(current, SUITE_HEADING, renderSuite(suite, outcomes, command, startedAt), { afterTitle: true }));
  const json = await readResultsJson(output.resultsJson);
  json.suite = { ...suite, startedAt, command, quick, outcomes };
  await writeFile(output.resultsJson, `${JSON.stringify({ suite: json.suite, scenarios: json.scenarios }, null, 2)}\n`);
  const failed = outcomes.filter((o) => o.status === 'failed');
  console.error(`\nwrote ${output.resultsMd} and ${output.resultsJson}; ${outcomes.length - failed.length} of ${outcomes.length} passed${failed.length > 0 ? `; failed: ${failed.map((o) => o.file).join(', ')}` : ''}`);
  process.exit(failed.length === 0 ? 0 : 1);
}

await main();
