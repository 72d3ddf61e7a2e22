// upCluster: brings a cluster up in a directory, or finds it up already. Spawned mode starts
// one mariadbd per tablet (reusing running ones, restarting crashed ones, never a second one on
// a datadir), sets up GTID replication, applies the schema, seeds the demo data and writes
// cluster.json and shardgate.json. Existing-server mode does the same with one database per
// shard on a server the user runs, spawning nothing. Staying in the foreground is the CLI's job.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ServiceError } from '../errors/serviceError.js';
import { withAdminConnection, type AdminTarget } from './adminConnection.js';
import { DEFAULT_BASE_PORT, allocatePorts, isPortFree } from './allocatePorts.js';
import { CLUSTER_CONFIG_FILE, writeClusterConfig } from './clusterConfig.js';
import { demoClusterSpec, listTabletSpecs, type ClusterSpec } from './clusterSpec.js';
import { readClusterState, writeClusterState, type ClusterMode, type ClusterState, type TabletState } from './clusterState.js';
import { applySchema } from './applySchema.js';
import { lockClusterDir } from './dirLock.js';
import { copyTemplateDataDir, createTemplateDataDir, hasDataDir } from './initDataDir.js';
import { buildMyCnf } from './myCnf.js';
import { ensureReplication, readGtidPosition, readReplicationStatus, waitForGtidPosition } from './replication.js';
import { seedDemoData, type SeedOutcome } from './seedDemoData.js';
import { findServerBinaries, type ServerBinaries } from './serverBinaries.js';
import { parseServerUrl } from './serverUrl.js';
import { DEFAULT_START_TIMEOUT_MS, spawnTablet, waitForTablet } from './startTablet.js';
import { DEFAULT_STOP_TIMEOUT_MS, stopTablet } from './stopTablet.js';
import { adminTargetFor, socketPathFor, tabletDirFor, tabletFiles } from './tabletLayout.js';
import { findTabletProcesses, firstTabletProcess, isProcessAlive, readPidFile } from './tabletProcess.js';

/** What `up` is asked to do. Every field but `dir` has a default. */
export interface UpOptions {
  /** The cluster directory (created when missing); relative paths resolve against the cwd. */
  readonly dir: string;
  /** Default: the demo cluster ({@link demoClusterSpec}). */
  readonly spec?: ClusterSpec;
  /** The GraphQL port written into the generated config (default 4000, or what the directory recorded). */
  readonly graphqlPort?: number;
  /** First port tried for new tablets (default 17100). Recorded ports are kept on later runs. */
  readonly basePort?: number;
  /** Demo data scale: 1 = 10,000 customers and 100,000 orders (default 1). */
  readonly scale?: number;
  /** Whether to seed the demo data (default true; needs the demo keyspaces). */
  readonly seed?: boolean;
  /** Existing-server mode: a server URL without a database (`mysql://root@127.0.0.1:3306`). */
  readonly server?: string;
  /** Prefix of every database name (default none; tests use a unique one on a shared server). */
  readonly databasePrefix?: string;
  /** How long a tablet gets to accept connections after it is spawned (default 60 s). */
  readonly startTimeoutMs?: number;
  /** How long a tablet gets after SIGTERM when a failed start is rolled back (default 30 s). */
  readonly stopTimeoutMs?: number;
  /** How long replicas get to catch up with their primaries at the end (default 60 s). */
  readonly catchUpTimeoutMs?: number;
  /** Where to look for the server programs (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

/** What `up` did with a tablet. `database`: existing-server mode, nothing spawned. */
export type TabletAction = 'created' | 'started' | 'restarted' | 'reused' | 'adopted' | 'database';

/** The result of {@link upCluster}. */
export interface UpResult {
  readonly dir: string;
  readonly state: ClusterState;
  readonly configPath: string;
  /** By tablet alias, in cluster order. */
  readonly actions: ReadonlyMap<string, TabletAction>;
  /** Null when seeding was turned off. */
  readonly seed: SeedOutcome | null;
  /** Replicas that had not caught up with their primary when `up` finished (with the reason). */
  readonly lagging: readonly string[];
}

interface Context {
  readonly dir: string;
  readonly spec: ClusterSpec;
  readonly options: UpOptions;
  readonly log: (line: string) => void;
}

const DEFAULT_GRAPHQL_PORT = 4000;
const FIRST_SERVER_ID = 101;

/**
 * Brings the cluster in `options.dir` up and returns where everything is.
 * Contract:
 * - The first run creates the tablets (ports from `basePort`, skipping ports in use), or in
 *   existing-server mode the databases; later runs reuse what cluster.json records.
 * - A recorded tablet whose process runs and answers is reused; one whose PID is gone (or now
 *   belongs to another program) is restarted and reported through `log`; a running server
 *   process of the tablet that was not recorded is adopted, never duplicated.
 * - A tablet's port taken by another program throws ServiceError SG802 before anything starts;
 *   a cluster directory made for another mode, flavor, server, prefix or set of tablets
 *   throws SG806; a missing server program throws SG800 (with what to install); a tablet that
 *   does not start throws SG801 with its error log, after stopping what this run started.
 * - Replicas replicate from their shard's primary by GTID, set up before the first schema
 *   statement so that everything written reaches them.
 * - Holds the directory lock (SG803 when another `up` holds it) until it returns.
 */
export async function upCluster(options: UpOptions): Promise<UpResult> {
  const dir = path.resolve(options.dir);
  const context: Context = { dir, spec: options.spec ?? demoClusterSpec(), options, log: options.log ?? (() => undefined) };
  await mkdir(dir, { recursive: true });
  const release = await lockClusterDir(dir);
  try {
    const previous = await readClusterState(dir);
    const serverUrl = options.server ?? (previous?.mode === 'server' ? previous.serverUrl! : undefined);
    if (serverUrl !== undefined) {
      if (options.server === undefined) context.log(`reusing the existing server recorded in ${dir}`);
      return await upOnServer(context, previous, serverUrl);
    }
    return await upSpawned(context, previous);
  } finally {
    await release();
  }
}

function different(context: Context, reason: string): ServiceError {
  return new ServiceError('SG806', `${context.dir} holds a different cluster: ${reason}; use another --dir, or stop it (shardgate down) and remove the directory`, {
    details: { dir: context.dir },
  });
}

function checkCompatible(context: Context, previous: ClusterState, mode: ClusterMode, aliases: readonly string[]): void {
  if (previous.mode !== mode) {
    throw different(context, previous.mode === 'server' ? `it was set up on the existing server ${parseServerUrl(previous.serverUrl!).url}` : 'it runs its own tablets (not --server)');
  }
  const prefix = context.options.databasePrefix;
  if (prefix !== undefined && prefix !== previous.databasePrefix) throw different(context, `its databases use the prefix ${JSON.stringify(previous.databasePrefix)}`);
  const recorded = previous.tablets.map((t) => t.alias);
  if (recorded.join('\n') !== aliases.join('\n')) throw different(context, `it has the tablets ${recorded.join(', ')}, not ${aliases.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Existing-server mode

async function upOnServer(context: Context, previous: ClusterState | null, serverUrl: string): Promise<UpResult> {
  const server = parseServerUrl(serverUrl);
  const prefix = context.options.databasePrefix ?? previous?.databasePrefix ?? '';
  const specs = listTabletSpecs(context.spec, { databasePrefix: prefix, primariesOnly: true });
  if (previous !== null) {
    checkCompatible(context, previous, 'server', specs.map((t) => t.alias));
    if (previous.serverUrl !== serverUrl) throw different(context, `it was set up on ${parseServerUrl(previous.serverUrl!).url}, not ${server.url}`);
  }
  const tablets: TabletState[] = specs.map((t) => ({
    alias: t.alias,
    keyspace: t.keyspace,
    shard: t.shard,
    type: t.type,
    host: server.host,
    port: server.port,
    socket: server.socket ?? null,
    database: t.database,
    dir: null,
    serverId: null,
    pid: null,
  }));
  const state = newState(context, previous, { mode: 'server', flavor: null, serverUrl, databasePrefix: prefix, tablets });
  const serverTarget = adminTargetFor(state, tablets[0]!);
  await withAdminConnection({ ...serverTarget, label: server.url }, (connection) => connection.query('SELECT 1'));
  context.log(`existing-server mode: one database per shard on ${server.url}, no replicas, nothing spawned`);
  return finish(context, state, new Map(tablets.map((t) => [t.alias, 'database' as const])));
}

// ---------------------------------------------------------------------------------------------
// Spawned mode

function newState(
  context: Context,
  previous: ClusterState | null,
  fields: Pick<ClusterState, 'mode' | 'flavor' | 'serverUrl' | 'databasePrefix' | 'tablets'>,
): ClusterState {
  return {
    version: 1,
    ...fields,
    configPath: path.join(context.dir, CLUSTER_CONFIG_FILE),
    graphqlPort: context.options.graphqlPort ?? previous?.graphqlPort ?? DEFAULT_GRAPHQL_PORT,
    seed: previous?.seed ?? null,
  };
}

async function upSpawned(context: Context, previous: ClusterState | null): Promise<UpResult> {
  const binaries = await findServerBinaries(context.options.env);
  const prefix = context.options.databasePrefix ?? previous?.databasePrefix ?? '';
  const specs = listTabletSpecs(context.spec, { databasePrefix: prefix });
  let tablets: readonly TabletState[];
  if (previous !== null) {
    checkCompatible(context, previous, 'spawned', specs.map((t) => t.alias));
    if (previous.flavor !== binaries.flavor) throw different(context, `its tablets hold ${previous.flavor} data directories, but the server program found is ${binaries.flavor} (${binaries.server})`);
    tablets = previous.tablets;
  } else {
    const ports = await allocatePorts(specs.length, context.options.basePort ?? DEFAULT_BASE_PORT);
    tablets = specs.map((t, i): TabletState => {
      const dir = tabletDirFor(context.dir, t);
      return {
        alias: t.alias,
        keyspace: t.keyspace,
        shard: t.shard,
        type: t.type,
        host: '127.0.0.1',
        port: ports[i]!,
        socket: socketPathFor(dir),
        database: t.database,
        dir,
        serverId: FIRST_SERVER_ID + i,
        pid: null,
      };
    });
  }
  let state = newState(context, previous, { mode: 'spawned', flavor: binaries.flavor, serverUrl: null, databasePrefix: prefix, tablets });
  await writeClusterState(context.dir, state);
  const started = await startTablets(context, state, binaries);
  state = started.state;
  await allowRootOverTcp(state, started.actions);
  await setUpReplication(context, state);
  return finish(context, state, started.actions);
}

/** A recorded tablet's running process, if any, and what to tell the user about it. */
interface Inspection {
  readonly tablet: TabletState;
  readonly pid: number | null;
  readonly action: TabletAction;
  readonly note: string | null;
}

async function inspectTablet(tablet: TabletState): Promise<Inspection> {
  const files = tabletFiles(tablet);
  const running = (await firstTabletProcess([tablet.pid, await readPidFile(files.pidFile)], files.myCnf)) ?? (await findTabletProcesses(files.myCnf))[0] ?? null;
  if (running !== null) {
    const adopted = running !== tablet.pid;
    return { tablet, pid: running, action: adopted ? 'adopted' : 'reused', note: adopted ? `found running as pid ${running} (not recorded): reusing it` : null };
  }
  const hasData = await hasDataDir(files.dataDir);
  if (tablet.pid === null) return { tablet, pid: null, action: hasData ? 'started' : 'created', note: null };
  const why = (await isProcessAlive(tablet.pid)) ? `pid ${tablet.pid} now belongs to another program` : `pid ${tablet.pid} is gone (crashed or killed)`;
  return { tablet, pid: null, action: hasData ? 'restarted' : 'created', note: `${why}: ${hasData ? 'restarting it' : 'creating it again'}` };
}

function withPids(state: ClusterState, pids: ReadonlyMap<string, number | null>): ClusterState {
  return { ...state, tablets: state.tablets.map((t) => (pids.has(t.alias) ? { ...t, pid: pids.get(t.alias)! } : t)) };
}

async function prepareDataDirs(context: Context, binaries: ServerBinaries, toStart: readonly Inspection[]): Promise<void> {
  const missing = toStart.filter((i) => i.action === 'created');
  if (missing.length === 0) return;
  const templateDir = path.join(context.dir, 'template');
  context.log(`creating ${missing.length} tablet data director${missing.length === 1 ? 'y' : 'ies'} with ${path.basename(binaries.installDb ?? binaries.server)} (${binaries.version})`);
  try {
    const template = await createTemplateDataDir(binaries, templateDir);
    for (const { tablet } of missing) {
      const files = tabletFiles(tablet);
      await mkdir(path.dirname(files.dataDir), { recursive: true });
      await copyTemplateDataDir(template, files.dataDir);
    }
  } finally {
    await rm(templateDir, { recursive: true, force: true });
  }
}

async function startTablets(context: Context, state: ClusterState, binaries: ServerBinaries): Promise<{ state: ClusterState; actions: Map<string, TabletAction> }> {
  const inspections = await Promise.all(state.tablets.map(inspectTablet));
  for (const i of inspections) if (i.note !== null) context.log(`${i.tablet.alias}: ${i.note}`);
  const toStart = inspections.filter((i) => i.pid === null);
  for (const { tablet } of toStart) {
    if (!(await isPortFree(tablet.port))) {
      throw new ServiceError('SG802', `${tablet.alias}: port ${tablet.port} is in use by another program; stop it, or remove ${context.dir} to let up pick free ports`, {
        details: { tablet: tablet.alias, port: tablet.port },
      });
    }
  }
  await prepareDataDirs(context, binaries, toStart);

  const pids = new Map<string, number | null>(inspections.map((i) => [i.tablet.alias, i.pid]));
  const spawned = new Map<string, number>();
  try {
    for (const { tablet } of toStart) {
      const files = tabletFiles(tablet);
      await writeFile(
        files.myCnf,
        buildMyCnf({
          flavor: binaries.flavor,
          dataDir: files.dataDir,
          socket: files.socket,
          port: tablet.port,
          pidFile: files.pidFile,
          errorLog: files.errorLog,
          serverId: tablet.serverId!,
          readOnly: tablet.type === 'replica',
        }),
      );
      const pid = await spawnTablet(binaries, files);
      spawned.set(tablet.alias, pid);
      pids.set(tablet.alias, pid);
    }
    // Recorded before waiting: a crash or Ctrl-C from here on leaves PIDs that `down` can stop.
    state = withPids(state, pids);
    await writeClusterState(context.dir, state);
    if (toStart.length > 0) context.log(`starting ${toStart.length} tablet${toStart.length === 1 ? '' : 's'}: ${toStart.map((i) => i.tablet.alias).join(', ')}`);
    await Promise.all(
      inspections.map((i) => waitForTablet(tabletFiles(i.tablet), pids.get(i.tablet.alias)!, i.pid === null ? (context.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS) : 10_000)),
    );
  } catch (error) {
    const stopTimeout = context.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    await Promise.all([...spawned].map(([alias, pid]) => stopTablet(alias, pid, tabletFiles(state.tablets.find((t) => t.alias === alias)!).myCnf, stopTimeout).catch(() => undefined)));
    await writeClusterState(context.dir, withPids(state, new Map([...spawned.keys()].map((alias) => [alias, null]))));
    throw error;
  }
  return { state, actions: new Map(inspections.map((i) => [i.tablet.alias, i.action])) };
}

/**
 * Lets root in over TCP from 127.0.0.1 on new tablets (MySQL creates root@localhost only, and
 * skip-name-resolve keeps 127.0.0.1 from matching it). Kept out of the binlog: every tablet
 * does this itself, so it must not replicate.
 */
async function allowRootOverTcp(state: ClusterState, actions: ReadonlyMap<string, TabletAction>): Promise<void> {
  const created = state.tablets.filter((t) => actions.get(t.alias) === 'created');
  await Promise.all(
    created.map((tablet) =>
      withAdminConnection(
        adminTargetFor(state, tablet),
        (connection) =>
          connection.query("SET SESSION sql_log_bin = 0; CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION"),
        { multipleStatements: true },
      ),
    ),
  );
}

function primaryOf(state: ClusterState, tablet: TabletState): TabletState {
  const primary = state.tablets.find((t) => t.keyspace === tablet.keyspace && t.shard === tablet.shard && t.type === 'primary');
  if (primary === undefined) throw new ServiceError('SG806', `${tablet.alias} has no primary in cluster.json`);
  return primary;
}

async function setUpReplication(context: Context, state: ClusterState): Promise<void> {
  const flavor = state.flavor!;
  await Promise.all(
    state.tablets
      .filter((t) => t.type === 'replica')
      .map(async (replica) => {
        const primary = primaryOf(state, replica);
        const action = await withAdminConnection(adminTargetFor(state, replica), (connection) =>
          ensureReplication(connection, flavor, { host: primary.host, port: primary.port, user: 'root', password: '' }),
        );
        if (action !== 'running') context.log(`${replica.alias}: replicating from ${primary.alias} (${primary.host}:${primary.port}) by GTID`);
      }),
  );
}

// ---------------------------------------------------------------------------------------------
// Both modes: schema, data, config

async function finish(context: Context, initial: ClusterState, actions: ReadonlyMap<string, TabletAction>): Promise<UpResult> {
  let state = initial;
  const save = async (next: ClusterState): Promise<void> => {
    state = next;
    await writeClusterState(context.dir, state);
  };
  await save(state);
  const primaries = state.tablets.filter((t) => t.type === 'primary');
  await Promise.all(
    primaries.map((tablet) => applySchema(adminTargetFor(state, tablet), tablet.database, context.spec.keyspaces.find((k) => k.name === tablet.keyspace)!.schemaPath)),
  );
  let seed: SeedOutcome | null = null;
  if (context.options.seed !== false) {
    const targets = new Map<string, AdminTarget>(primaries.map((t) => [`${t.keyspace}/${t.shard}`, { ...adminTargetFor(state, t), database: t.database }]));
    seed = await seedDemoData({
      spec: context.spec,
      primaries: targets,
      scale: context.options.scale ?? 1,
      previous: state.seed,
      saveState: (next) => save({ ...state, seed: next }),
      log: context.log,
    });
  }
  const lagging = await waitForReplicas(context, state);
  const configPath = await writeClusterConfig(context.spec, state);
  await save(state);
  return { dir: context.dir, state, configPath, actions, seed, lagging };
}

/** Waits for every replica to apply its primary's current position; returns the ones that did not, with why. */
async function waitForReplicas(context: Context, state: ClusterState): Promise<string[]> {
  const timeout = context.options.catchUpTimeoutMs ?? 60_000;
  const lagging: string[] = [];
  await Promise.all(
    state.tablets
      .filter((t) => t.type === 'replica')
      .map(async (replica) => {
        const flavor = state.flavor!;
        const position = await withAdminConnection(adminTargetFor(state, primaryOf(state, replica)), (c) => readGtidPosition(c, flavor));
        await withAdminConnection(adminTargetFor(state, replica), async (connection) => {
          try {
            await waitForGtidPosition(connection, flavor, position, timeout);
          } catch (error) {
            const status = await readReplicationStatus(connection, flavor);
            const reason = `${(error as Error).message}${status?.lastError ? ` (last replication error: ${status.lastError})` : ''}`;
            lagging.push(`${replica.alias}: ${reason}`);
            context.log(`warning: ${replica.alias} has not caught up: ${reason}`);
          }
        });
      }),
  );
  return lagging.sort();
}
