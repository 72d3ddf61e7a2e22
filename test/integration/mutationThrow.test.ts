// A mutation request whose execution throws after its fields wrote, served by the fast path
// against the demo on the shared MariaDB (issue #7): the transaction is rolled back before the
// error is answered, so no connection stays reserved, nothing is written and no row lock is
// left behind. The execute function is made to throw by a plugin standing where useJit stands
// (before useMutationTransactions), as an executor bug would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createApi, type Api } from '../../src/server/createApi.js';
import { createFastPath, type FastPathHandler } from '../../src/server/fastPath.js';
import { useMutationTransactions } from '../../src/server/mutationTransactionHooks.js';
import { silentLog } from '../../src/server/serverLog.js';
import { useRequestContext } from '../../src/server/useRequestContext.js';
import { customerShardOf } from '../helpers/demoCluster.js';
import { postGraphQL, upDemo, type Demo } from '../helpers/demoServer.js';
import { adminQuery } from '../helpers/mariadb.js';

let demo: Demo;
let api: Api;
let server: Server;
let handler: FastPathHandler;
let url: string;
/** Whether the plugin below makes the execution of the next request throw once it has run. */
let throwAfterExecution = false;

/** Stands where useJit stands: replaces the execute function, with one that throws after running when asked. */
const failingExecutor: Plugin = {
  onExecute({ executeFn, setExecuteFn }) {
    setExecuteFn(async (args) => {
      const result = await executeFn(args);
      if (throwAfterExecution) throw new TypeError('the executor failed after the fields ran');
      return result;
    });
  },
};

beforeAll(async () => {
  demo = await upDemo();
  api = await createApi(await loadConfig(demo.configPath));
  const requestContext = useRequestContext({ create: (o) => api.runtime.createRequestContext(o), attach: (rc) => api.contextValue(rc) });
  const yoga = createYoga<Record<string, never>, Record<string, unknown>>({
    schema: api.schema,
    maskedErrors: false,
    logging: false,
    plugins: [requestContext, failingExecutor, useMutationTransactions((request) => requestContext.forRequest(request))],
  });
  handler = createFastPath({
    yoga,
    endpoint: '/graphql',
    maxBodyBytes: 1 << 20,
    measure: { start: () => undefined, finish: () => undefined },
    withPlan: (_request, result) => result,
    mask: (result) => result,
    log: silentLog,
  });
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}, 180_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await api?.close();
  await demo?.destroy();
});

/** Connections taken from the pools now, per `keyspace/shard` (only those with some). */
function reserved(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of api.executor.metricsSnapshot().tablets) if (t.pool.inUse > 0) out[`${t.keyspace}/${t.shard}`] = (out[`${t.keyspace}/${t.shard}`] ?? 0) + t.pool.inUse;
  return out;
}

it('a mutation whose execution throws after writing on two shards is rolled back: no connection reserved, nothing written, no lock held', async () => {
  let id = 8_000_000;
  const ids: number[] = [];
  for (const shard of ['-80', '80-']) {
    while (customerShardOf(++id) !== shard) {
      // an id of the other shard
    }
    ids.push(id);
  }
  const objects = ids.map((i) => `{ customer_id: "${i}", email: "t${i}@example.com", name: "Thrown" }`).join(', ');
  const mutation = `mutation { insert_customer(objects: [${objects}]) { affected_rows } }`;
  throwAfterExecution = true;
  const response = await postGraphQL(url, mutation, { headers: { 'x-shardgate-transaction': 'multi' } });
  expect(handler.counts.fast).toBe(1);
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.map((e) => e.message)).toEqual(['the executor failed after the fields ran']);
  expect(reserved()).toEqual({});
  const where = `customer_id IN (${ids.join(', ')})`;
  for (const shard of ['x80', '80x']) expect(await adminQuery(`SELECT customer_id FROM \`${demo.prefix}customer_${shard}\`.customer WHERE ${where}`)).toEqual([]);
  // No row lock of the thrown request is left: the same rows insert at once, and commit.
  throwAfterExecution = false;
  const again = await postGraphQL(url, mutation, { headers: { 'x-shardgate-transaction': 'multi' } });
  expect(again.errors).toBeUndefined();
  expect(again.data).toEqual({ insert_customer: { affected_rows: 2 } });
  expect(reserved()).toEqual({});
});
