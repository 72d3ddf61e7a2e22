// The "no pooling" side of the connection scenario, run as its own process:
// `node --import tsx bench/lib/directClients.ts <spec JSON>`. Opens `clients` MySQL connections
// at once (one per client, as that many application processes would), each to the tablet that
// holds its customers, then every client that got a connection runs the by-pk SELECT in a loop
// until `durationS` is over. Prints one JSON line: connection failures by MySQL error code,
// queries done and their latency. Needs an open-files limit above `clients`.

import { readFileSync } from 'node:fs';
import mysql, { type Connection, type RowDataPacket } from 'mysql2';
import { percentile } from './stats.js';

/** What the orchestrator asks for. */
export interface DirectSpec {
  readonly clients: number;
  readonly durationS: number;
  /** Per tablet: where it listens and which customer ids it holds. */
  readonly tablets: readonly { readonly host: string; readonly port: number; readonly database: string; readonly ids: readonly number[] }[];
}

/** What the run measured. */
export interface DirectResult {
  readonly connected: number;
  /** Clients whose connection was refused or failed, by MySQL error code. */
  readonly connectFailures: Readonly<Record<string, number>>;
  readonly queries: number;
  readonly queryFailures: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Slowest connection set-up that succeeded, ms. */
  readonly slowestConnectMs: number;
  readonly openFilesLimit: number;
}

function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s{2,}/)[1] ?? Number.NaN);
}

function connect(tablet: DirectSpec['tablets'][number]): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const connection = mysql.createConnection({ host: tablet.host, port: tablet.port, user: 'root', database: tablet.database, connectTimeout: 30_000 });
    connection.once('error', () => undefined);
    connection.connect((error) => (error ? reject(error) : resolve(connection)));
  });
}

function select(connection: Connection, id: number): Promise<void> {
  return new Promise((resolve, reject) =>
    connection.query<RowDataPacket[]>('select customer_id, email, name, created_at from customer where customer_id = ?', [id], (error) => (error ? reject(error) : resolve())),
  );
}

async function run(spec: DirectSpec): Promise<DirectResult> {
  const connectFailures: Record<string, number> = {};
  let slowestConnectMs = 0;
  const attempts = Array.from({ length: spec.clients }, async (_, c) => {
    const tablet = spec.tablets[c % spec.tablets.length]!;
    const started = performance.now();
    try {
      const connection = await connect(tablet);
      slowestConnectMs = Math.max(slowestConnectMs, performance.now() - started);
      return { connection, tablet, c };
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unknown';
      connectFailures[code] = (connectFailures[code] ?? 0) + 1;
      return null;
    }
  });
  const clients = (await Promise.all(attempts)).filter((x) => x !== null);
  let latencies = new Float64Array(1 << 16);
  let queries = 0;
  let queryFailures = 0;
  const started = performance.now();
  const deadline = started + spec.durationS * 1000;
  await Promise.all(
    clients.map(async ({ connection, tablet, c }) => {
      for (let k = 0; performance.now() < deadline; k++) {
        const id = tablet.ids[(c + k * spec.clients) % tablet.ids.length]!;
        const t = performance.now();
        try {
          await select(connection, id);
        } catch {
          queryFailures++;
          continue;
        }
        if (queries === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[queries++] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map(({ connection }) => new Promise<void>((resolve) => connection.end(() => resolve()))));
  const sorted = latencies.slice(0, queries).sort();
  return {
    connected: clients.length,
    connectFailures,
    queries,
    queryFailures,
    perSecond: queries / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    slowestConnectMs,
    openFilesLimit: openFilesLimit(),
  };
}

const spec = JSON.parse(process.argv[2] ?? '') as DirectSpec;
process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
