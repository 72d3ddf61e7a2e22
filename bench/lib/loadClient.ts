// The load generator of the suite's scenarios, run as its own process by runLoad.ts: either
// once (`node --import tsx bench/lib/loadClient.ts <spec file>`, printing one JSON line) or as a
// long-lived worker that answers each spec sent over IPC (no process start per run). autocannon keeps `connections`
// HTTP connections busy for `durationS` with GraphQL POSTs; connection c sends bodies c, c+C,
// c+2C, … of the spec in turn, so requests in flight differ (no consolidation luck). Each answer
// is classified (data, a GraphQL error code, an HTTP status, a socket error) and timed; the
// server's CPU comes from /proc.

import { readFileSync } from 'node:fs';
import autocannon, { type AutocannonClient, type AutocannonResult } from 'autocannon';
import { processCpuUs as cpuOf } from './processCpu.js';
import { percentile } from './stats.js';

const processCpuUs = (pid: number): number => cpuOf(pid, (file) => readFileSync(file, 'utf8'));
import type { LoadResult, LoadSpec } from './runLoad.js';

function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s{2,}/)[1] ?? Number.NaN);
}

/** The kind of a failed answer: the first GraphQL error's `extensions.code`, else a short text. */
function classify(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = parsed.errors?.[0];
    if (first === undefined) return 'no data';
    return first.extensions?.code ?? (first.message ?? 'error').slice(0, 80);
  } catch {
    return `not JSON: ${body.slice(0, 60)}`;
  }
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...spec.headers };
  const n = spec.bodies.length;
  let nextClient = 0;
  const setupClient = (client: AutocannonClient): void => {
    const c = nextClient++;
    const requests = [];
    for (let i = c % n; i < n; i += spec.connections) requests.push({ method: 'POST', headers, body: spec.bodies[i]! });
    if (requests.length === 0) requests.push({ method: 'POST', headers, body: spec.bodies[c % n]! });
    client.setRequests(requests);
  };
  const failures = new Map<string, number>();
  const samples: string[] = [];
  const fail = (kind: string, sample: string): void => {
    failures.set(kind, (failures.get(kind) ?? 0) + 1);
    if (samples.length < 3) samples.push(sample.slice(0, 300));
  };
  let times = new Float64Array(1 << 16);
  let count = 0;
  const serverBefore = spec.serverPid === undefined ? 0 : processCpuUs(spec.serverPid);
  const started = performance.now();
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationS,
        method: 'POST',
        headers,
        body: spec.bodies[0]!,
        timeout: spec.timeoutS ?? 30,
        setupClient,
        verifyBody: (body) => {
          const good = body.startsWith('{"data":') && !body.includes('"errors"');
          if (!good) fail(classify(body), body);
          return good;
        },
      },
      (error, r) => (error === null ? resolve(r) : reject(error)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (count === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[count++] = responseTime;
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = spec.serverPid === undefined ? Number.NaN : processCpuUs(spec.serverPid) - serverBefore;
  for (const [status, { count: k }] of Object.entries(result.statusCodeStats)) if (status !== '200') failures.set(`HTTP ${status}`, (failures.get(`HTTP ${status}`) ?? 0) + k);
  if (result.errors > 0) failures.set(result.timeouts > 0 ? 'socket error or timeout' : 'socket error', result.errors);
  const sorted = times.slice(0, count).sort();
  const ok = result.requests.total - result.non2xx - result.mismatches;
  // Requests still in flight when the run stopped were sent (and their SQL ran) but never completed.
  const sent = (result.requests as { sent?: number }).sent ?? result.requests.total;
  return {
    ok,
    sent,
    failed: result.errors + result.non2xx + result.mismatches,
    failures: Object.fromEntries(failures),
    samples,
    seconds,
    perSecond: ok / result.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: count === 0 ? Number.NaN : sorted[count - 1]!,
    serverCpuUs: serverCpu / Math.max(ok, 1),
    openFilesLimit: openFilesLimit(),
  };
}

if (process.argv[2] !== undefined) {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
} else if (process.send !== undefined) {
  // Worker mode: one run at a time, in the order asked.
  let queue = Promise.resolve();
  process.on('message', (spec: LoadSpec) => {
    queue = queue.then(async () => {
      try {
        process.send!({ ok: true, result: await run(spec) });
      } catch (error) {
        process.send!({ ok: false, error: String(error) });
      }
    });
  });
} else {
  throw new Error('usage: loadClient.ts <spec file> (or as an IPC worker of runLoad.ts)');
}
