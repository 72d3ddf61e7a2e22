// End-to-end shard isolation of ARRAY relationships (issue #6) on the demo keyspaces on the shared
// MariaDB: once the server has started, customer.corder is renamed away on shard 80- only, so that
// every statement there fails while customer rows still load on both shards. A nested query's
// `corders` / `corders_aggregate` then fail only for the parents whose keys live on 80-, each
// error naming that shard, while the parents on -80 get their rows from one statement. Object
// relationships and a dead tablet are covered in relationships.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { startDemoServer, upDemo, type Demo, type DemoServer, type GraphQLResponse } from '../helpers/demoServer.js';
import { executeDirect } from '../helpers/executeDirect.js';
import { adminQuery } from '../helpers/mariadb.js';
import { statementsByTable } from '../helpers/planCounts.js';

type Shard = '-80' | '80-';

let demo: Demo;
let srv: DemoServer;
/** Order ids (ascending, as text) of each customer that has orders. */
let ordersByCustomer: Map<string, string[]>;
/** Two customers with orders on each shard, ascending. */
let picked: Record<Shard, [string, string]>;

const shardOf = (id: string): Shard => customerShardOf(Number(id)) as Shard;
const database = (shard: Shard): string => `\`${demo.databases[`customer/${shard}`]!}\``;

beforeAll(async () => {
  demo = await upDemo();
  const orders = (
    await Promise.all(
      (['-80', '80-'] as const).map((shard) =>
        adminQuery<{ order_id: string; customer_id: string }>(`SELECT CAST(order_id AS CHAR) AS order_id, CAST(customer_id AS CHAR) AS customer_id FROM ${database(shard)}.corder`),
      ),
    )
  )
    .flat()
    .sort((a, b) => Number(a.order_id) - Number(b.order_id));
  ordersByCustomer = new Map();
  for (const o of orders) ordersByCustomer.set(o.customer_id, [...(ordersByCustomer.get(o.customer_id) ?? []), o.order_id]);
  const ids = [...ordersByCustomer.keys()].sort((a, b) => Number(a) - Number(b));
  const on = (shard: Shard): [string, string] => {
    const [first, second] = ids.filter((id) => shardOf(id) === shard);
    return [first!, second!];
  };
  picked = { '-80': on('-80'), '80-': on('80-') };
  // commerce.vip lists the picked customers; a configured object relationship leads into keyspace customer.
  const vips = [...picked['-80'], ...picked['80-']];
  await adminQuery(`CREATE TABLE \`${demo.databases['commerce/0']!}\`.vip (customer_id BIGINT NOT NULL PRIMARY KEY)`);
  await adminQuery(`INSERT INTO \`${demo.databases['commerce/0']!}\`.vip VALUES ${vips.map(() => '(?)').join(', ')}`, vips);
  const config = await demo.writeConfig('vip.json', (json) => {
    json.relationships = [
      ...((json.relationships as unknown[] | undefined) ?? []),
      { from: 'commerce.vip', name: 'customer', columns: ['customer_id'], to: 'customer.customer', toColumns: ['customer_id'] },
    ];
  });
  srv = await startDemoServer(config);
  // Introspection is done: from now on every statement on 80-'s corder fails (no such table).
  await adminQuery(`RENAME TABLE ${database('80-')}.corder TO ${database('80-')}.corder_gone`);
}, 120_000);

afterAll(async () => {
  await srv?.server.stop();
  await demo?.destroy();
});

type ErrorRow = [path: string, code: unknown, id: unknown, shards: unknown];
const byPath = ([a]: ErrorRow, [b]: ErrorRow): number => (a < b ? -1 : a > b ? 1 : 0);

/** The errors of a response as [path, code, id, shards], sorted by path. */
function errorsOf(errors: GraphQLResponse['errors']): ErrorRow[] {
  return (errors ?? []).map((e): ErrorRow => [JSON.stringify(e.path), e.extensions.code, e.extensions.id, e.extensions.shards]).sort(byPath);
}

/**
 * What a statement on 80-'s missing corder gives a client at each path: ER_NO_SUCH_TABLE is the
 * pools' NOT_FOUND, aggregated by the engine (SG705) with the failing shard named.
 */
const failedOn80 = (paths: readonly (readonly (string | number)[])[]): ErrorRow[] => paths.map((p): ErrorRow => [JSON.stringify(p), 'NOT_FOUND', 'SG705', ['customer/80-']]).sort(byPath);

describe('an array relationship whose child shard fails', () => {
  it('fails only for parents on that shard (nested under an object relationship), each error naming the shard; the others get their rows', async () => {
    // Two aliases of the object relationship, so that each array field's error nulls its own parent
    // object (two non-null fields under one object would report whichever failed first).
    const query = `{ vip(order_by: [{ customer_id: asc }]) { customer_id customer { customer_id corders(order_by: [{ order_id: asc }]) { order_id } } counted: customer { customer_id corders_aggregate { aggregate { count } } } } }`;
    const response = await srv.explain(query);
    const vips = [...picked['-80'], ...picked['80-']].sort((a, b) => Number(a) - Number(b));
    expect(response.data).toEqual({
      vip: vips.map((id) => ({
        customer_id: id,
        // corders is non-null: its error nulls the (nullable) customer of that vip only.
        customer: shardOf(id) === '-80' ? { customer_id: id, corders: ordersByCustomer.get(id)!.map((order_id) => ({ order_id })) } : null,
        counted: shardOf(id) === '-80' ? { customer_id: id, corders_aggregate: { aggregate: { count: ordersByCustomer.get(id)!.length } } } : null,
      })),
    });
    const failed = vips.flatMap((id, i) => (shardOf(id) === '80-' ? [i] : []));
    expect(errorsOf(response.errors)).toEqual(failedOn80(failed.flatMap((i) => [['vip', i, 'customer', 'corders'], ['vip', i, 'counted', 'corders_aggregate']])));
    for (const error of response.errors ?? []) expect(error.message).toContain('customer/80-');
    // One statement per shard and relationship: -80's answered its keys, 80-'s failed.
    const plan = response.extensions!.plan!;
    expect(statementsByTable(plan)).toEqual({
      corder: { 'customer/-80': 2, 'customer/80-': 2 },
      customer: { 'customer/-80': 1, 'customer/80-': 1 },
      vip: { 'commerce/0': 1 },
    });
    // Batching off (one statement per parent): the same data and the same failed paths.
    const unbatched = await executeDirect(srv.server, query, { batching: false });
    expect(unbatched.data).toEqual(response.data);
    expect((unbatched.errors ?? []).map((e) => JSON.stringify(e.path)).sort()).toEqual(errorsOf(response.errors).map(([path]) => path));
  });

  it('fails only the root fields whose parent lives on that shard when one batch serves several roots', async () => {
    const ids = [picked['-80'][0], picked['80-'][0], picked['-80'][1], picked['80-'][1]];
    const query = `{ ${ids.map((id, i) => `c${i}: customer_by_pk(customer_id: "${id}") { customer_id corders(order_by: [{ order_id: asc }]) { order_id } }`).join(' ')} }`;
    const response = await srv.explain(query);
    expect(response.data).toEqual(
      Object.fromEntries(ids.map((id, i) => [`c${i}`, shardOf(id) === '-80' ? { customer_id: id, corders: ordersByCustomer.get(id)!.map((order_id) => ({ order_id })) } : null])),
    );
    expect(errorsOf(response.errors)).toEqual(failedOn80(ids.flatMap((id, i) => (shardOf(id) === '80-' ? [[`c${i}`, 'corders']] : []))));
    // The four customers' corders are one batch: one statement on each shard, not one per root field.
    expect(statementsByTable(response.extensions!.plan!)).toEqual({ corder: { 'customer/-80': 1, 'customer/80-': 1 }, customer: { 'customer/-80': 1, 'customer/80-': 1 } });
  });

  it('answers every parent once the table is back', async () => {
    // Last in this file: the shard stays healthy from here on.
    await adminQuery(`RENAME TABLE ${database('80-')}.corder_gone TO ${database('80-')}.corder`);
    const id = picked['80-'][0];
    const response = await srv.query(`{ customer_by_pk(customer_id: "${id}") { corders(order_by: [{ order_id: asc }]) { order_id } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ customer_by_pk: { corders: ordersByCustomer.get(id)!.map((order_id) => ({ order_id })) } });
  });
});
