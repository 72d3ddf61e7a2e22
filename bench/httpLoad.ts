// The load generator of the HTTP benchmark (bench/http.bench.ts), in its own child process:
// `node --import tsx bench/httpLoad.ts <spec JSON>` runs autocannon against one server and
// prints one JSON line with what it measured. Each connection cycles through its own share of
// the ids (connection c asks for c+1, c+1+C, c+1+2C, …), so requests in flight at the same time
// never ask for the same row (no consolidation or DataLoader luck). Every response body is
// checked to carry data and no `errors`; server CPU is read from /proc around the run.

import { readFileSync } from 'node:fs';
import autocannon, { type AutocannonClient, type AutocannonResult } from 'autocannon';

/** What the orchestrator asks for. */
export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  /** The POST body with `"$ID"` where a customer id goes (as a JSON number). */
  readonly bodyTemplate: string;
  /** Ids 1..ids are asked for. */
  readonly ids: number;
  /** Extra request headers. */
  readonly headers?: Record<string, string>;
  /** The server process, to read its CPU time around the run. */
  readonly serverPid: number;
}

/** What one run measured. */
export interface LoadResult {
  /** 2xx responses whose body had data and no errors. */
  readonly ok: number;
  /** Connection errors, timeouts, non-2xx and bodies with errors. */
  readonly failed: number;
  /** The first few failed bodies, or status codes, for the report. */
  readonly failures: readonly string[];
  readonly durationS: number;
  readonly perSecond: number;
  /** Latency of the good responses, ms. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  /** Server CPU (user + system, all threads) per good response, µs. */
  readonly serverCpuUs: number;
  /** This load generator's CPU per response, µs. */
  readonly clientCpuUs: number;
  /** When the run began and ended, monotonic clock in µs (the clock of V8's CPU profiles). */
  readonly startUs: number;
  readonly endUs: number;
}

/** utime + stime of a process, in µs (from /proc/<pid>/stat, in clock ticks of 10 ms). */
function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3 of stat, so utime (14) and stime (15) are at 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...spec.headers };
  let nextClient = 0;
  const setupClient = (client: AutocannonClient): void => {
    const c = nextClient++;
    const requests = [];
    for (let id = c + 1; id <= spec.ids; id += spec.connections) {
      requests.push({ method: 'POST', headers, body: spec.bodyTemplate.replace('"$ID"', String(id)) });
    }
    client.setRequests(requests);
  };
  const failures: string[] = [];
  let times = new Float64Array(1 << 16);
  let count = 0;
  const serverBefore = processCpuUs(spec.serverPid);
  const clientBefore = process.cpuUsage();
  const startUs = Number(process.hrtime.bigint() / 1000n);
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationS,
        method: 'POST',
        headers,
        body: spec.bodyTemplate.replace('"$ID"', '1'),
        timeout: 30,
        setupClient,
        verifyBody: (body) => {
          const good = body.startsWith('{"data":{') && !body.includes('"errors"');
          if (!good && failures.length < 3) failures.push(body.slice(0, 300));
          return good;
        },
      },
      (error, r) => (error === null ? resolve(r) : reject(error)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode !== 200) return;
      if (count === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[count++] = responseTime;
    });
  });
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const clientCpu = process.cpuUsage(clientBefore);
  const serverCpu = processCpuUs(spec.serverPid) - serverBefore;
  const sorted = times.slice(0, count).sort();
  const failed = result.errors + result.non2xx + result.mismatches;
  for (const [status, { count: n }] of Object.entries(result.statusCodeStats)) if (status !== '200') failures.push(`HTTP ${status} × ${n}`);
  if (result.errors > 0) failures.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  const ok = result.requests.total - result.non2xx - result.mismatches;
  return {
    ok,
    failed,
    failures,
    durationS: result.duration,
    perSecond: ok / result.duration,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    serverCpuUs: serverCpu / Math.max(ok, 1),
    clientCpuUs: (clientCpu.user + clientCpu.system) / Math.max(result.requests.total, 1),
    startUs,
    endUs,
  };
}

const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
