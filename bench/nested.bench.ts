// Scenario 2 of issue #8 (and the nested-query targets of issue #6), nested lists: 50 customers
// with their orders (2 levels) and each order's product (3 levels), shardgate (demo keyspaces,
// customer on 2 shards, private tablets; also without graphql-jit) against hand-written
// graphql-yoga servers (one SELECT per parent row, and DataLoader with one IN per level) and
// against GraphQL Mesh's MySQL source, the peers over an unsharded copy of the same rows on a
// private tablet of its own. shardgate runs with the Node options it ships with
// (src/cli/nodeOptions.ts); the hand-written Node peers run twice, as written (Node's defaults)
// and with those same options, and issue #6's targets are judged against the faster of the two.
// SQL statements per request from each tablet's Com_select. Mesh's
// known correctness failures are checked here against the data, and reported next to its
// numbers. Writes "## Scenario 2".

import path from 'node:path';
import { SERVER_NODE_OPTIONS } from '../src/cli/nodeOptions.js';
import { CONFIG_DEFAULTS } from '../src/config/configSchema.js';
import { generateDemoData } from '../src/cluster/demoData.js';
import { benchArgs, progress } from './lib/benchArgs.js';
import { startDemoCluster, startFlatCluster } from './lib/benchCluster.js';
import { benchOutput } from './lib/benchOutput.js';
import { startChildServer, type ChildServer } from './lib/childServer.js';
import { hasRelationships, postGraphQL } from './lib/postGraphQL.js';
import { countStatements, describeFailures, figuresOf, interleavedRounds, pairedRatio, type Figures, type StatementCount, type Target } from './lib/rounds.js';
import { fmt, fmtSpread, ms, spread, times, warmupText, type Spread } from './lib/stats.js';
import { LEVELS, nestedBodies, type Level } from './lib/nestedQueries.js';
import { shardgateServerArgs } from './lib/shardgateArgs.js';
import { MESH_DIR, startMesh } from './peers/meshPeer.js';

const { quick, scale } = benchArgs();
const out = benchOutput();
const log = progress('nested');
const HEADING = '## Scenario 2';
const CONNECTIONS = 32;
const ROUNDS = quick ? 1 : 5;
const RUN_S = quick ? 1 : 4;
const WARMUP_S = quick ? 0 : 3;
/** Shards of the demo keyspaces (customer -80 and 80-, commerce 0): issue #6 bounds statements per request by levels × shards. */
const SHARDS = 3;
/** Requests sent one at a time to count SELECTs per request. */
const STATEMENT_SAMPLES = quick ? 5 : 20;

type Side = 'shardgate' | 'shardgateNoJit' | 'dataloader' | 'dataloaderOptions' | 'naive' | 'naiveOptions' | 'mesh' | 'floor' | 'floorOptions';
/** The sides every shardgate ratio is taken against, in table order. */
const PEERS = ['shardgateNoJit', 'dataloader', 'dataloaderOptions', 'naive', 'naiveOptions', 'mesh', 'floor', 'floorOptions'] as const;
type Peer = (typeof PEERS)[number];
/** The hand-written Node peers that also run with shardgate's Node options, and the side that does. */
const WITH_OPTIONS = { dataloader: 'dataloaderOptions', naive: 'naiveOptions', floor: 'floorOptions' } as const;
/** Issue #6's targets: shardgate's throughput over the naive server's and over the DataLoader server's. */
const TARGET_OVER_NAIVE = 2.5;
const TARGET_OVER_DATALOADER = 0.8;

function bodies(level: Level, side: Side, customers: number): string[] {
  return nestedBodies(level, customers, side === 'mesh');
}

/** Mesh's answer in shardgate's shape: `corder` → `corders`, one-element `product` lists → objects, prices as DECIMAL text; orders sorted by id. */
function normalise(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    if (key === 'product') return value.length === 0 ? null : normalise(value[0], '');
    const items = value.map((v) => normalise(v));
    const byOrder = (x: unknown): number => Number((x as { order_id?: string }).order_id ?? 0);
    return items.every((x) => typeof x === 'object' && x !== null && 'order_id' in x) ? [...items].sort((a, b) => byOrder(a) - byOrder(b)) : items;
  }
  if (typeof value !== 'object' || value === null) return key === 'price' && typeof value === 'number' ? value.toFixed(2) : value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === 'corder' ? 'corders' : k, normalise(v, k)]));
}

/** One correctness check of a peer: what the data says and what the peer answered. */
interface Check {
  readonly peer: string;
  readonly name: string;
  readonly query: string;
  readonly expected: string;
  readonly got: string;
  readonly passed: boolean;
}

async function meshChecks(mesh: ChildServer, customers: number): Promise<Check[]> {
  const data = generateDemoData(scale);
  const ordersOf = (id: number): number => data.orders.filter((o) => o[1] === id).length;
  const ask = async (query: string): Promise<{ data?: { customer?: Record<string, unknown>[] | null } | null; errors?: unknown }> =>
    (await postGraphQL(mesh.url, JSON.stringify({ query }))) as { data?: { customer?: Record<string, unknown>[] | null } | null; errors?: unknown };
  const checks: Check[] = [];
  const add = (name: string, query: string, expected: string, got: string): void => {
    checks.push({ peer: 'GraphQL Mesh', name, query, expected, got, passed: expected === got });
  };
  const ids = (answer: Awaited<ReturnType<typeof ask>>): string => (answer.errors !== undefined ? `error: ${JSON.stringify(answer.errors).slice(0, 120)}` : JSON.stringify((answer.data?.customer ?? []).map((c) => c.customer_id)));

  let query = '{ customer(limit: 2, offset: 1, orderBy: { customer_id: asc }) { customer_id } }';
  add('limit 2, offset 1 (the 2nd and 3rd customers)', query, JSON.stringify(['2', '3']), ids(await ask(query)));

  query = '{ customer(limit: 2, orderBy: { customer_id: asc }) { name corder(limit: 1000) { customer_id } } }';
  const unkeyed = await ask(query);
  const counts = (unkeyed.data?.customer ?? []).map((c) => ((c.corder ?? []) as unknown[]).length);
  add(`child list when the parent key is not selected (orders of customers 1 and 2)`, query, `${ordersOf(1)} and ${ordersOf(2)} orders`, unkeyed.errors !== undefined ? 'error' : `${counts.map(String).join(' and ')} orders`);

  query = '{ customer(where: { customer_id: "0..0) OR (1=1" }, limit: 5) { customer_id } }';
  add('filter string with SQL in it (no customer has that id)', query, '[]', ids(await ask(query)));

  query = '{ customer(where: { name: "Alice*" }, limit: 3, orderBy: { customer_id: asc }) { customer_id } }';
  const alice = data.customers.filter((c) => c[2] === 'Alice*').map((c) => String(c[0]));
  add('equality filter on a string with `*` (no customer is named "Alice*")', query, JSON.stringify(alice), ids(await ask(query)));

  query = '{ customer(limit: 0) { customer_id } }';
  const zero = await ask(query);
  add('limit 0', query, '0 rows', zero.errors !== undefined ? 'error' : `${fmt((zero.data?.customer ?? []).length)} rows (of ${fmt(customers)})`);
  return checks;
}

/** The nested answers of `servers` must match shardgate's (or the naive server's) for a few start ids. */
async function compareAnswers(servers: ReadonlyMap<Side, ChildServer>, customers: number): Promise<Check[]> {
  const checks: Check[] = [];
  for (const level of Object.keys(LEVELS) as Level[]) {
    const reference: Side = servers.has('shardgate') ? 'shardgate' : 'naive';
    const refBodies = bodies(level, reference, customers);
    for (const i of [0, Math.floor(refBodies.length / 2), refBodies.length - 1]) {
      const expected = JSON.stringify(normalise((await postGraphQL(servers.get(reference)!.url, refBodies[i]!)).data));
      for (const [side, server] of servers) {
        if (side === reference) continue;
        const answer = await postGraphQL(server.url, bodies(level, side, customers)[i]!);
        const got = answer.errors !== undefined ? `error: ${JSON.stringify(answer.errors).slice(0, 200)}` : JSON.stringify(normalise(answer.data));
        checks.push({
          peer: SIDE_LABEL[side],
          name: `${LEVELS[level].label}, after customer ${i}: same data as ${reference}`,
          query: side === 'mesh' ? LEVELS[level].mesh(i) : LEVELS[level].hasura,
          expected: expected.length > 120 ? `${expected.slice(0, 120)}…` : expected,
          got: got === expected ? 'same' : got.slice(0, 200),
          passed: got === expected,
        });
      }
    }
  }
  return checks;
}

interface Measured {
  readonly quick: boolean;
  readonly scale: number;
  readonly customers: number;
  readonly relationships: boolean;
  readonly meshVersion: string;
  readonly sides: readonly Side[];
  readonly figures: Record<string, Figures>;
  /** SELECTs per request by target key, from Com_select over requests sent one at a time. */
  readonly statements: Record<string, StatementCount>;
  /** Per level and peer: shardgate / peer over the rounds (each round's pair ran seconds apart), req/s and p50. */
  readonly ratios: Record<string, { rps: Spread; p50: number }>;
  readonly checks: readonly Check[];
}

async function measure(): Promise<Measured> {
  const { readFile } = await import('node:fs/promises');
  const meshVersion = (JSON.parse(await readFile(path.join(MESH_DIR, 'node_modules', '@graphql-mesh', 'mysql', 'package.json'), 'utf8')) as { version: string }).version;
  const flat = await startFlatCluster({ scale, log });
  const demo = await startDemoCluster({ customerShards: 2, scale, log });
  const servers = new Map<Side, ChildServer>();
  try {
    const shardgate = await startChildServer({
      name: 'shardgate',
      command: process.execPath,
      args: shardgateServerArgs(demo.configPath),
      env: { NODE_ENV: 'production' },
    });
    const relationships = await hasRelationships(shardgate.url);
    if (relationships) {
      servers.set('shardgate', shardgate);
      // The same server with graphql-jit off (graphql-js executes), for what graphql-jit buys.
      servers.set(
        'shardgateNoJit',
        await startChildServer({
          name: 'shardgate without graphql-jit',
          command: process.execPath,
          args: [...SERVER_NODE_OPTIONS, '--import', 'tsx', path.join(import.meta.dirname, 'httpServer.ts'), JSON.stringify({ kind: 'shardgate', configPath: demo.configPath, options: { jit: false } })],
          env: { NODE_ENV: 'production' },
        }),
      );
    } else {
      log('shardgate has no relationship fields yet (issue #6): measuring the peers only');
      await shardgate.stop();
    }
    const t = flat.tablet;
    const flatUrl = `mysql://root@${t.host}:${t.port}/${t.database}`;
    // Each hand-written Node peer as written (Node's defaults), then with shardgate's Node options.
    const peers = [
      ['dataloader', ['naiveServer.ts', flatUrl, 'dataloader']],
      ['naive', ['naiveServer.ts', flatUrl, 'naive']],
      ['floor', ['floorServer.ts', flatUrl]],
    ] as const;
    for (const [side, [file, ...rest]] of peers) {
      for (const [key, options] of [[side, []], [WITH_OPTIONS[side], SERVER_NODE_OPTIONS]] as const) {
        servers.set(
          key,
          await startChildServer({
            name: `${key} server`,
            command: process.execPath,
            args: [...options, '--import', 'tsx', path.join(import.meta.dirname, 'peers', file), ...rest],
            env: { NODE_ENV: 'production' },
          }),
        );
      }
    }
    servers.set('mesh', await startMesh({ host: t.host, port: t.port, user: 'root', database: t.database }, log));
    const customers = Math.round(10_000 * scale);
    const checks = [...(await meshChecks(servers.get('mesh')!, customers)), ...(await compareAnswers(servers, customers))];
    const sides = [...servers.keys()];
    const targets: Target[] = (Object.keys(LEVELS) as Level[]).flatMap((level) =>
      sides.map((side) => ({
        key: `${side}:${level}`,
        url: servers.get(side)!.url,
        pid: servers.get(side)!.pid,
        bodies: bodies(level, side, customers),
        tablets: side === 'shardgate' || side === 'shardgateNoJit' ? demo.tablets : [t],
      })),
    );
    const statements: Record<string, StatementCount> = {};
    for (const target of targets) statements[target.key] = (await countStatements(target, STATEMENT_SAMPLES, log))!;
    log(`${ROUNDS} interleaved rounds of ${RUN_S} s, ${CONNECTIONS} connections…`);
    const runs = await interleavedRounds(targets, { rounds: ROUNDS, durationS: RUN_S, warmupS: WARMUP_S, connections: CONNECTIONS }, log);
    const figures = Object.fromEntries([...runs].map(([key, r]) => [key, figuresOf(r)]));
    const ratios: Record<string, { rps: Spread; p50: number }> = {};
    if (relationships) {
      for (const level of Object.keys(LEVELS) as Level[]) {
        for (const peer of PEERS) {
          const a = runs.get(`shardgate:${level}`)!;
          const b = runs.get(`${peer}:${level}`)!;
          ratios[`${level}:${peer}`] = { rps: spread(a.map((x, i) => x.perSecond / b[i]!.perSecond)), p50: pairedRatio(a, b, (x) => x.p50Ms) };
        }
      }
    }
    return { quick, scale, customers, relationships, meshVersion, sides, figures, statements, ratios, checks };
  } finally {
    for (const s of servers.values()) await s.stop();
    await demo.stop();
    await flat.stop();
  }
}

const SIDE_LABEL: Record<Side, string> = {
  shardgate: 'shardgate (2 shards)',
  shardgateNoJit: 'shardgate (2 shards), graphql-jit off',
  dataloader: 'hand-written Yoga + DataLoader (unsharded copy)',
  dataloaderOptions: "hand-written Yoga + DataLoader, with shardgate's Node options",
  naive: 'naive Yoga, 1 SELECT per parent (unsharded copy)',
  naiveOptions: "naive Yoga, with shardgate's Node options",
  mesh: 'GraphQL Mesh MySQL (unsharded copy)',
  floor: 'floor: node:http + mysql2, 1 SELECT per level, no GraphQL (unsharded copy)',
  floorOptions: "floor, with shardgate's Node options",
};

function render(m: Measured): string {
  const row = (level: Level, side: Side): string => {
    const f = m.figures[`${side}:${level}`]!;
    const count = m.statements[`${side}:${level}`]!;
    const tablets = Object.entries(count.byTablet).map(([a, n]) => `${a.replace('/primary', '')} ${n.toFixed(1)}`).join(', ');
    const vs = side === 'shardgate' || !m.relationships ? '' : fmtSpread(m.ratios[`${level}:${side}`]!.rps, times);
    return `| ${LEVELS[level].label} | ${SIDE_LABEL[side]} | ${fmtSpread(f.rps)} | ${vs} | ${ms(f.p50Ms.median)} / ${ms(f.p99Ms.median)} | ${count.perRequest.toFixed(1)} (${tablets}) | ${fmt(f.serverCpuUs.median)} | ${f.failed} |`;
  };
  const failedChecks = m.checks.filter((c) => !c.passed);
  const meshFailed = failedChecks.filter((c) => c.peer === 'GraphQL Mesh');
  const otherFailed = failedChecks.filter((c) => c.peer !== 'GraphQL Mesh');
  const stmts = (side: Side, level: Level): string => m.statements[`${side}:${level}`]!.perRequest.toFixed(1);
  const cpu = (side: Side, level: Level): number => m.figures[`${side}:${level}`]!.serverCpuUs.median;
  const failed = describeFailures(m.figures);
  const ratio = (level: Level, peer: Peer): Spread => m.ratios[`${level}:${peer}`]!.rps;
  /** shardgate over the faster (by median req/s) of a hand-written peer as written and with shardgate's Node options. */
  const rps = (level: Level, side: Side): number => m.figures[`${side}:${level}`]!.rps.median;
  const fastest = (level: Level, peer: keyof typeof WITH_OPTIONS): Peer => (rps(level, WITH_OPTIONS[peer]) > rps(level, peer) ? WITH_OPTIONS[peer] : peer);
  const against = (level: Level, peer: keyof typeof WITH_OPTIONS): string => {
    const both = `${fmtSpread(ratio(level, peer), times)} as written, ${fmtSpread(ratio(level, WITH_OPTIONS[peer]), times)} with shardgate's Node options`;
    return `${both}; the faster of the two ${fastest(level, peer) === peer ? 'as written' : 'with the options'}`;
  };
  const verdict = (r: Spread, target: number): string => (r.median >= target ? `met${r.min < target ? ' by the median, not by every round' : ''}` : '**not met**');
  const levels = (level: Level): number => (level === 'nested2' ? 2 : 3);
  const reading = m.relationships
    ? [
        `- shardgate answers the 2-level query with ${stmts('shardgate', 'nested2')} and the 3-level one with ${stmts('shardgate', 'nested3')} SELECTs per request: one per shard`,
        '  per level (the parent list is a scatter over both customer shards, the orders of each shard\'s customers one `IN` per shard,',
        `  the products one statement on commerce); issue #6 bounds them by levels × shards (${levels('nested2') * SHARDS} and ${levels('nested3') * SHARDS} with the demo's ${SHARDS} shards).`,
        `  The naive server and Mesh send one per parent row: ${stmts('naive', 'nested2')} and ${stmts('naive', 'nested3')} (naive), ${stmts('mesh', 'nested2')} and ${stmts('mesh', 'nested3')} (Mesh);`,
        `  the DataLoader server and the floor one per level on their one database: ${stmts('dataloader', 'nested2')} and ${stmts('dataloader', 'nested3')}, ${stmts('floor', 'nested2')} and ${stmts('floor', 'nested3')}.`,
        ...(Object.keys(LEVELS) as Level[]).map(
          (level) =>
            `- ${levels(level)} levels: shardgate / naive ${against(level, 'naive')} (issue #6 target ${times(TARGET_OVER_NAIVE)}, against the faster: ${verdict(ratio(level, fastest(level, 'naive')), TARGET_OVER_NAIVE)}); ` +
            `shardgate / DataLoader ${against(level, 'dataloader')} (target ${times(TARGET_OVER_DATALOADER)}, against the faster: ${verdict(ratio(level, fastest(level, 'dataloader')), TARGET_OVER_DATALOADER)}); ` +
            `shardgate / Mesh ${fmtSpread(ratio(level, 'mesh'), times)}; median over the ${m.figures[`shardgate:${level}`]!.rps.runs.length} rounds (min–max). Server CPU per request: shardgate ${fmt(cpu('shardgate', level))} µs, ` +
            `DataLoader ${fmt(cpu('dataloader', level))} µs (${fmt(cpu('dataloaderOptions', level))} with the options), naive ${fmt(cpu('naive', level))} µs (${fmt(cpu('naiveOptions', level))}), Mesh ${fmt(cpu('mesh', level))} µs.`,
        ),
        ...(Object.keys(LEVELS) as Level[]).map((level) => {
          const floor = fastest(level, 'floor');
          return (
            `- The floor (${levels(level)} levels): a hand-written node:http + mysql2 server with no GraphQL, one SELECT per level, makes ` +
            `${times(rps(level, floor) / rps(level, 'naive'))} the naive server's req/s (medians; the faster floor, ${floor === 'floor' ? 'as written' : "with shardgate's Node options"}) at ${fmt(cpu(floor, level))} µs of server CPU per request; shardgate / floor ` +
            `${fmtSpread(ratio(level, floor), times)}, shardgate's CPU per request ${times(cpu('shardgate', level) / cpu(floor, level))} the floor's.` +
            (ratio(level, fastest(level, 'naive')).median < TARGET_OVER_NAIVE
              ? ` ${times(TARGET_OVER_NAIVE)} naive is thus within reach of a server on this machine (every server here is bound by its own CPU: one Node process on 2 cores` +
                ` shared with the databases and the load generator); what shardgate lacks is in its own layers (GraphQL execution, resolvers, planning, result rows), not in the database work.`
              : '')
          );
        }),
        `- graphql-jit: shardgate with it / without it ${fmtSpread(ratio('nested2', 'shardgateNoJit'), times)} (2 levels) and ${fmtSpread(ratio('nested3', 'shardgateNoJit'), times)} (3 levels);`,
        `  server CPU per request ${fmt(cpu('shardgate', 'nested2'))} against ${fmt(cpu('shardgateNoJit', 'nested2'))} µs and ${fmt(cpu('shardgate', 'nested3'))} against ${fmt(cpu('shardgateNoJit', 'nested3'))} µs. Column fields have no`,
        '  resolver (graphql-jit reads them inline instead of calling one per column of every row), relationship fields derive their',
        '  selection and arguments once per operation (not once per parent row), and batch reads skip the plan cache.',
        `- shardgate's Node options (${SERVER_NODE_OPTIONS.join(' ')}: a fixed 32 MB young generation, src/cli/nodeOptions.ts) and the peers:`,
        ...(Object.keys(LEVELS) as Level[]).map(
          (level) =>
            `  ${levels(level)} levels, each peer with them / as written (medians): DataLoader ${times(rps(level, 'dataloaderOptions') / rps(level, 'dataloader'))}, ` +
            `naive ${times(rps(level, 'naiveOptions') / rps(level, 'naive'))}, floor ${times(rps(level, 'floorOptions') / rps(level, 'floor'))}.`,
        ),
        "  The peers' medians move by up to ±25% between rounds on this machine, so these ratios are rough; paired rounds of bench/compare.ts",
        '  (`--server dataloader|naive --flags-b "…"`, 6 rounds, 2 levels) gave the DataLoader server 1.56× the req/s with them and the naive',
        '  server 0.99×: batching keeps a request\'s rows alive across its statements, one SELECT per parent row lets them die young.',
        '  shardgate ships them (bin/shardgate.js, `npm start`); the peers as written do not.',
        `- shardgate's admission limit (${CONFIG_DEFAULTS.limits.maxConcurrentOperations} operations at once, the load keeps ${CONNECTIONS} in flight) serves the same purpose: fewer requests alive at`,
        '  once, so fewer of their objects outlive a young-generation collection. Not measured in this run; paired rounds of bench/compare.ts',
        '  (README, "Node options and admission") gave 1.13× the req/s with it than without.',
        '- The peers read one unsharded database, shardgate two shards plus commerce; all share the same 2 cores with every MariaDB',
        '  server, so the statement count and the server CPU per request are the steadier figures.',
      ]
    : ['- shardgate was not measured: it had no relationship fields (issue #6) when this ran. The peers\' figures stand alone.'];
  return [
    `${HEADING}: nested lists, shardgate vs hand-written Yoga (naive, DataLoader) vs GraphQL Mesh (@graphql-mesh/mysql ${m.meshVersion})`,
    '',
    'Command:',
    '',
    '```',
    `npm run bench -- nested${m.quick ? ' --quick' : ''}      # node --import tsx bench/nested.bench.ts`,
    '```',
    '',
    `Data: the demo rows at scale ${m.scale} (${fmt(m.customers)} customers, ${fmt(m.customers * 10)} orders, 200 products). shardgate serves the demo keyspaces`,
    '(customer on 2 shards, commerce unsharded, 3 private MariaDB tablets spawned for the suite with src/cluster); the peers serve an',
    'unsharded copy of the same rows (bench/data/flat/schema.sql, with foreign keys) on a fourth private tablet:',
    '- naive: bench/peers/naiveServer.ts, graphql-yoga with hand-written resolvers that run one SELECT per parent row (no DataLoader),',
    '  taking the same operation text as shardgate; mysql2 pool of 16.',
    '- DataLoader: the same server in `dataloader` mode, the usual hand-written fix: one DataLoader per request and relationship,',
    '  one `IN (…)` SELECT per batch, rows grouped by key in a Map (issue #6: shardgate should reach 0.8× its throughput).',
    '- shardgate with graphql-jit off: bench/httpServer.ts, createServer with `jit: false` on the same tablets (graphql-js executes).',
    '- floor: bench/peers/floorServer.ts, the least a Node server can do for these two operations: node:http, mysql2 (pool of 16), one',
    '  SELECT per level, plain objects and one JSON.stringify, no GraphQL; the reference for what the machine allows.',
    `- shardgate runs with the Node options it ships with (\`${SERVER_NODE_OPTIONS.join(' ')}\`, src/cli/nodeOptions.ts) and its`,
    `  default admission limit (\`limits.maxConcurrentOperations\` ${CONFIG_DEFAULTS.limits.maxConcurrentOperations}: at most that many operations run at once, the other requests in`,
    '  flight wait their turn holding only their body; src/server/admission.ts); the naive, DataLoader and floor servers run twice,',
    '  as written (Node\'s defaults) and with those same options; the targets are judged against the faster of the two.',
    `- GraphQL Mesh: the Mesh CLI (\`mesh build\`, then \`mesh start\`, FORK=0: one process like the others; its own install in`,
    '  bench/peers/mesh/) with its MySQL source and default pool, NODE_ENV=production.',
    `Every request starts after another customer id (Mesh: \`where: { customer_id: ">N" }\`, its spelling). ${ROUNDS} interleaved round(s) of ${RUN_S} s`,
    `per server and query ${warmupText(WARMUP_S)}, ${CONNECTIONS} connections. SELECTs per request: each tablet's \`Com_select\` before and after`,
    `${STATEMENT_SAMPLES} requests sent one at a time, over those requests.`,
    'Server CPU per request: the server process\'s user + system time (/proc) from the start of a run until it is idle again (its',
    'backlog of cut-off requests included), over the requests sent; the next run starts only once the server is idle.',
    ...(m.relationships ? [] : ['', '**shardgate not measured**: it had no relationship fields (issue #6) when this ran.']),
    '',
    '| query | server | req/s median (min–max) | shardgate / this, req/s | p50 / p99 | SELECTs per request (by tablet) | server CPU µs/request | failed |',
    '|---|---|---:|---:|---:|---|---:|---:|',
    ...(Object.keys(LEVELS) as Level[]).flatMap((level) => m.sides.map((side) => row(level, side))),
    '',
    ...(failed.length === 0 ? ['Every request of every run answered with data and no errors.'] : ['Failed requests (counted in the table, left out of the latencies\' good answers):', '', ...failed]),
    '',
    `### Correctness checks (${m.checks.length - failedChecks.length} of ${m.checks.length} passed)`,
    '',
    'Each check asks a peer something whose answer the generated data fixes, or compares its nested answer with the reference\'s',
    '(Mesh\'s names mapped: `corder` → `corders`, its one-element `product` lists → objects, Float prices → DECIMAL text).',
    '',
    '| peer | check | expected | got | |',
    '|---|---|---|---|---|',
    ...m.checks.map((c) => `| ${c.peer} | ${c.name} | ${c.expected.replace(/\|/g, '\\|')} | ${c.got.replace(/\|/g, '\\|')} | ${c.passed ? 'ok' : '**FAILED**'} |`),
    '',
    'Reading:',
    '',
    ...reading,
    `- GraphQL Mesh's MySQL source failed ${meshFailed.length} of ${m.checks.filter((c) => c.peer === 'GraphQL Mesh').length} checks: ${meshFailed.length === 0 ? 'none' : meshFailed.map((c) => c.name).join('; ')}.`,
    '  Its SQL comes from mysql-utilities: `LIMIT` gets `[limit, offset]` joined, which MySQL reads as offset, count; a child list',
    '  filters on the parent\'s key only when the query selected it (else the filter is dropped and every row comes back); a',
    '  string containing `..` becomes `BETWEEN` with both ends pasted into the SQL unescaped; `*` and `?` turn an equality into',
    '  `LIKE`; and a limit of 0 is dropped. Its throughput above is for queries that avoid all of these.',
    ...(otherFailed.length > 0 ? [`- **Other failed checks**: ${otherFailed.map((c) => `${c.peer}: ${c.name}`).join('; ')}.`] : []),
  ].join('\n');
}

const measured = await measure();
await out.publish(HEADING, 'nested', render(measured), measured);
