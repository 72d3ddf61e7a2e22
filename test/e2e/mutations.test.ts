// End-to-end mutations over HTTP against the demo keyspaces on the shared MariaDB (issue #7):
// every mutation field, each case checking the rows directly on each shard's database (a row is
// on the shard its vindex names and nowhere else), `returning`, `affected_rows`, and the
// statements per shard from extensions.plan; upserts; transaction modes (single refuses a
// cross-shard write before anything is written, multi writes each shard); scatter writes only
// with limits.allowScatterWrites; one request = one transaction; bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { postGraphQL, startDemoServer, upDemo, type Demo, type DemoServer, type ExplainEntry, type GraphQLResponse } from '../helpers/demoServer.js';
import { adminQuery } from '../helpers/mariadb.js';
import { explainOperation } from '../../src/server/explainOperation.js';

type Shard = '-80' | '80-';
const SHARDS: readonly Shard[] = ['-80', '80-'];

let demo: Demo;
/** Default config: transactionMode single, scatter writes off. */
let srv: DemoServer;
/** The same cluster with transactionMode multi and limits.allowScatterWrites. */
let scatterSrv: DemoServer;

beforeAll(async () => {
  demo = await upDemo();
  srv = await startDemoServer(demo.configPath);
  const scatterConfig = await demo.writeConfig('scatter-writes.json', (json) => {
    json.transactionMode = 'multi';
    json.limits = { ...json.limits, allowScatterWrites: true };
  });
  scatterSrv = await startDemoServer(scatterConfig);
}, 180_000);

afterAll(async () => {
  await srv?.server.stop();
  await scatterSrv?.server.stop();
  await demo?.destroy();
});

/** Runs a mutation explained, optionally in a transaction mode given by header. */
function run(query: string, options: { mode?: string; server?: DemoServer; variables?: Record<string, unknown> } = {}): Promise<GraphQLResponse> {
  return postGraphQL((options.server ?? srv).url, query, {
    headers: { 'x-shardgate-explain': 'true', ...(options.mode === undefined ? {} : { 'x-shardgate-transaction': options.mode }) },
    ...(options.variables === undefined ? {} : { variables: options.variables }),
  });
}

function dataOf(response: GraphQLResponse): Record<string, unknown> {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data!;
}

/** The one error of a failed response: its extensions and message; `data` must be null. */
function errorOf(response: GraphQLResponse): { message: string; extensions: Record<string, unknown> } {
  expect(response.errors).toHaveLength(1);
  expect(response.data ?? null).toBeNull();
  return response.errors![0]!;
}

/** Statements per `keyspace/shard` in an explain plan (each entry runs once on each of its shards). */
function statementsPerShard(plan: readonly ExplainEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of plan) for (const shard of entry.shards) counts[`${entry.keyspace}/${shard}`] = (counts[`${entry.keyspace}/${shard}`] ?? 0) + 1;
  return counts;
}

/** The rows of `table` matching `where` on one customer shard's database, read directly. */
function onShard<T = Record<string, unknown>>(shard: Shard, table: string, where: string, columns = '*'): Promise<T[]> {
  return adminQuery<T>(`SELECT ${columns} FROM \`${demo.databases[`customer/${shard}`]}\`.\`${table}\` WHERE ${where}`);
}

/** Where the rows of `table` matching `where` are, per shard, as sorted `column` values. */
async function placement(table: string, where: string, column: string): Promise<Record<Shard, string[]>> {
  const out = {} as Record<Shard, string[]>;
  for (const shard of SHARDS) out[shard] = (await onShard<Record<string, unknown>>(shard, table, where, `${column} AS v`)).map((r) => String(r.v)).sort();
  return out;
}

let nextId = 5_000_000;
/** A fresh customer id (never seeded, never used by another case) that hash routes to `shard`. */
function idOn(shard: Shard): string {
  while (customerShardOf(++nextId) !== shard) {
    // skip ids of the other shard
  }
  return String(nextId);
}

/** Inserts customers with explicit ids (multi mode, so they may span shards) and checks it worked. */
async function seedCustomers(ids: readonly string[], name = 'Seeded'): Promise<void> {
  const objects = ids.map((id) => `{ customer_id: "${id}", email: "c${id}@example.com", name: "${name}" }`).join(', ');
  expect(dataOf(await run(`mutation { insert_customer(objects: [${objects}]) { affected_rows } }`, { mode: 'multi' }))).toEqual({ insert_customer: { affected_rows: ids.length } });
}

describe('insert_T and insert_T_one', () => {
  it('insert_customer_one takes its id from the sequence, writes the row to the shard hash(id) names, and returns it as stored (INSERT … RETURNING, one statement)', async () => {
    const response = await run('mutation { insert_customer_one(object: { email: "seq@example.com", name: "Seq" }) { customer_id email name created_at } }');
    const row = dataOf(response).insert_customer_one as { customer_id: string; email: string; name: string; created_at: string };
    const id = Number(row.customer_id);
    expect(id).toBeGreaterThan(100); // the seeded ids are 1…100; the sequence starts after them
    const shard = customerShardOf(id) as Shard;
    const [stored] = await onShard<{ created_at: string }>(shard, 'customer', `customer_id = ${id}`, "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s') AS created_at");
    expect(row).toEqual({ customer_id: String(id), email: 'seq@example.com', name: 'Seq', created_at: stored!.created_at });
    expect(await placement('customer', `customer_id = ${id}`, 'customer_id')).toEqual({ '-80': shard === '-80' ? [String(id)] : [], '80-': shard === '80-' ? [String(id)] : [] });
    const plan = response.extensions!.plan!;
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([['InsertSharded', [shard]]]);
    expect(plan[0]!.sql).toMatch(/ returning `customer_id`, `email`, `name`, `created_at`$/);
    expect(statementsPerShard(plan)).toEqual({ [`customer/${shard}`]: 1 });
  });

  it('single mode refuses an insert whose rows belong to two shards before anything is written', async () => {
    const ids = [idOn('-80'), idOn('80-')];
    const objects = ids.map((id) => `{ customer_id: "${id}", email: "x@example.com", name: "X" }`).join(', ');
    const response = await run(`mutation { insert_customer(objects: [${objects}]) { affected_rows } }`);
    const error = errorOf(response);
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', id: 'SG710', shards: ['customer/-80', 'customer/80-'] });
    expect(error.message).toContain('nothing was written');
    expect(response.extensions!.plan).toEqual([]);
    expect(await placement('customer', `customer_id IN (${ids.join(', ')})`, 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });

  it('multi mode (X-Shardgate-Transaction: multi) writes each row to its own shard, one statement per shard, returning in object order', async () => {
    const ids = [idOn('80-'), idOn('-80'), idOn('80-')];
    const objects = ids.map((id) => `{ customer_id: "${id}", email: "m${id}@example.com", name: "M" }`).join(', ');
    const response = await run(`mutation { insert_customer(objects: [${objects}]) { affected_rows returning { customer_id email } } }`, { mode: 'multi' });
    expect(dataOf(response)).toEqual({ insert_customer: { affected_rows: 3, returning: ids.map((id) => ({ customer_id: id, email: `m${id}@example.com` })) } });
    expect(await placement('customer', `customer_id IN (${ids.join(', ')})`, 'customer_id')).toEqual({ '-80': [ids[1]], '80-': [ids[0], ids[2]].sort() });
    const plan = response.extensions!.plan!;
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([['InsertSharded', ['-80', '80-']]]);
    expect(statementsPerShard(plan)).toEqual({ 'customer/-80': 1, 'customer/80-': 1 });
  });

  it('many rows without ids get distinct sequence ids in one insert, each row on the shard its id names', async () => {
    const objects = Array.from({ length: 8 }, (_, i) => `{ email: "bulk${i}@example.com", name: "Bulk" }`).join(', ');
    const response = await run(`mutation { insert_customer(objects: [${objects}]) { affected_rows returning { customer_id email } } }`, { mode: 'multi' });
    const { affected_rows, returning } = dataOf(response).insert_customer as { affected_rows: number; returning: { customer_id: string; email: string }[] };
    expect(affected_rows).toBe(8);
    expect(returning.map((r) => r.email)).toEqual(Array.from({ length: 8 }, (_, i) => `bulk${i}@example.com`));
    const ids = returning.map((r) => r.customer_id);
    expect(new Set(ids).size).toBe(8);
    const expected = { '-80': ids.filter((id) => customerShardOf(Number(id)) === '-80').sort(), '80-': ids.filter((id) => customerShardOf(Number(id)) === '80-').sort() };
    expect(await placement('customer', `customer_id IN (${ids.join(', ')})`, 'customer_id')).toEqual(expected);
  });

  it('insert_corder_one writes the order to its customer\'s shard and the order number into the lookup table in commerce', async () => {
    const customer = idOn('80-');
    await seedCustomers([customer]);
    const response = await run(`mutation { insert_corder_one(object: { customer_id: "${customer}", order_number: "E2E-0001", sku: "SKU-1001", price: "12.50" }) { order_id customer_id order_number status price } }`);
    const order = dataOf(response).insert_corder_one as { order_id: string };
    expect(order).toEqual({ order_id: expect.stringMatching(/^\d+$/), customer_id: customer, order_number: 'E2E-0001', status: 'pending', price: '12.50' });
    expect(await placement('corder', `order_number = 'E2E-0001'`, 'order_id')).toEqual({ '-80': [], '80-': [order.order_id] });
    const lookup = await adminQuery<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${demo.databases['commerce/0']}\`.corder_order_number_lookup WHERE order_number = 'E2E-0001'`);
    expect(Number(lookup[0]!.n)).toBe(1);
    expect(statementsPerShard(response.extensions!.plan!)).toMatchObject({ 'commerce/0': 1, 'customer/80-': 1 });
  });
});

describe('upsert (on_conflict)', () => {
  it('update_columns: an existing row is updated (only those columns), a new one inserted; each object counts once', async () => {
    const [existing, fresh] = [idOn('-80'), idOn('-80')];
    await seedCustomers([existing], 'Old');
    const response = await run(`mutation { insert_customer(
      objects: [{ customer_id: "${existing}", email: "changed@example.com", name: "New" }, { customer_id: "${fresh}", email: "f@example.com", name: "Fresh" }],
      on_conflict: { constraint: PRIMARY, update_columns: [name] }) { affected_rows returning { customer_id email name } } }`);
    expect(dataOf(response)).toEqual({
      insert_customer: {
        affected_rows: 2,
        returning: [{ customer_id: existing, email: `c${existing}@example.com`, name: 'New' }, { customer_id: fresh, email: 'f@example.com', name: 'Fresh' }],
      },
    });
    expect(await onShard('-80', 'customer', `customer_id IN (${existing}, ${fresh})`, 'customer_id, email, name')).toEqual(
      expect.arrayContaining([{ customer_id: Number(existing), email: `c${existing}@example.com`, name: 'New' }, { customer_id: Number(fresh), email: 'f@example.com', name: 'Fresh' }]),
    );
  });

  it('no update_columns keeps the existing row: it is neither counted nor returned, and insert_T_one gives null', async () => {
    const [existing, fresh] = [idOn('80-'), idOn('80-')];
    await seedCustomers([existing], 'Keep');
    const response = await run(`mutation { insert_customer(
      objects: [{ customer_id: "${existing}", email: "z@example.com", name: "Overwritten?" }, { customer_id: "${fresh}", email: "n@example.com", name: "Inserted" }],
      on_conflict: { constraint: PRIMARY }) { affected_rows returning { customer_id name } } }`);
    expect(dataOf(response)).toEqual({ insert_customer: { affected_rows: 1, returning: [{ customer_id: fresh, name: 'Inserted' }] } });
    expect(await onShard('80-', 'customer', `customer_id = ${existing}`, 'name')).toEqual([{ name: 'Keep' }]);
    const one = await run(`mutation { insert_customer_one(object: { customer_id: "${existing}", email: "z@example.com", name: "Again" }, on_conflict: { constraint: PRIMARY, update_columns: [] }) { name } }`);
    expect(dataOf(one)).toEqual({ insert_customer_one: null });
    expect(await onShard('80-', 'customer', `customer_id = ${existing}`, 'name')).toEqual([{ name: 'Keep' }]);
  });
});

describe('update_T and update_T_by_pk', () => {
  it('a where on the sharding key routes to the owning shard: locking read, update, read back (3 statements), _set and _inc applied', async () => {
    const customer = idOn('80-');
    await seedCustomers([customer]);
    const placed = dataOf(await run(`mutation { insert_corder_one(object: { customer_id: "${customer}", order_number: "E2E-UPD-1", sku: "SKU-1", price: "10.00" }) { order_id } }`));
    const orderId = (placed.insert_corder_one as { order_id: string }).order_id;
    const response = await run(`mutation { update_corder(where: { customer_id: { _eq: "${customer}" } }, _set: { status: paid }, _inc: { price: "2.25" }) { affected_rows returning { order_id status price } } }`);
    expect(dataOf(response)).toEqual({ update_corder: { affected_rows: 1, returning: [{ order_id: orderId, status: 'paid', price: '12.25' }] } });
    expect(await onShard('80-', 'corder', `order_id = ${orderId}`, 'status, price')).toEqual([{ status: 'paid', price: '12.25' }]);
    const plan = response.extensions!.plan!;
    expect(plan.map((p) => [p.opcode, p.shards])).toEqual([['EqualUnique', ['80-']], ['EqualUnique', ['80-']], ['ByDestination', ['80-']]]);
    expect(plan[0]!.sql).toMatch(/ for update$/);
    expect(statementsPerShard(plan)).toEqual({ 'customer/80-': 3 });
  });

  it('without returning only the update runs, and affected_rows counts the matched rows', async () => {
    const customer = idOn('-80');
    await seedCustomers([customer]);
    const response = await run(`mutation { update_customer(where: { customer_id: { _eq: "${customer}" } }, _set: { name: "Renamed" }) { affected_rows } }`);
    expect(dataOf(response)).toEqual({ update_customer: { affected_rows: 1 } });
    expect(statementsPerShard(response.extensions!.plan!)).toEqual({ 'customer/-80': 1 });
    expect(await onShard('-80', 'customer', `customer_id = ${customer}`, 'name')).toEqual([{ name: 'Renamed' }]);
  });

  it('a where on the order number routes through the lookup vindex to the one shard that owns the order', async () => {
    const [order] = await onShard<{ order_number: string; order_id: number }>('80-', 'corder', "order_number LIKE 'ORD-%' ORDER BY order_id LIMIT 1", 'order_number, order_id');
    const response = await run(`mutation { update_corder(where: { order_number: { _eq: "${order!.order_number}" } }, _set: { status: shipped }) { affected_rows returning { order_id status } } }`);
    expect(dataOf(response)).toEqual({ update_corder: { affected_rows: 1, returning: [{ order_id: String(order!.order_id), status: 'shipped' }] } });
    const counts = statementsPerShard(response.extensions!.plan!);
    expect(counts['customer/-80']).toBeUndefined();
    expect(counts['customer/80-']).toBe(3);
  });

  it('an update whose where names no vindex column is refused without limits.allowScatterWrites, and nothing changes', async () => {
    const response = await run('mutation { update_corder(where: { sku: { _eq: "SKU-NOWHERE" } }, _set: { status: cancelled }) { affected_rows } }');
    const error = errorOf(response);
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', id: 'SG513' });
    expect(error.message).toContain('limits.allowScatterWrites');
    expect(response.extensions!.plan).toEqual([]);
  });

  it('with limits.allowScatterWrites (and multi mode) the same kind of update runs on every shard', async () => {
    const customers = [idOn('-80'), idOn('80-')];
    await seedCustomers(customers);
    for (const [i, customer] of customers.entries()) {
      dataOf(await run(`mutation { insert_corder_one(object: { customer_id: "${customer}", order_number: "E2E-SC-${i}", sku: "SKU-SCATTER", price: "1.00" }) { order_id } }`));
    }
    const response = await run('mutation { update_corder(where: { sku: { _eq: "SKU-SCATTER" } }, _set: { status: delivered }) { affected_rows } }', { server: scatterSrv });
    expect(dataOf(response)).toEqual({ update_corder: { affected_rows: 2 } });
    expect(response.extensions!.plan!.map((p) => [p.opcode, p.shards])).toEqual([['Scatter', ['-80', '80-']]]);
    expect(await placement('corder', "sku = 'SKU-SCATTER' AND status = 'delivered'", 'customer_id')).toEqual({ '-80': [customers[0]], '80-': [customers[1]] });
  });

  it('refuses to change the sharding key, as Vitess does, and changes nothing', async () => {
    const customer = idOn('-80');
    await seedCustomers([customer]);
    const error = errorOf(await run(`mutation { update_customer(where: { customer_id: { _eq: "${customer}" } }, _set: { customer_id: "${idOn('80-')}" }) { affected_rows } }`));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG512' });
    expect(await placement('customer', `customer_id = ${customer}`, 'customer_id')).toEqual({ '-80': [customer], '80-': [] });
  });

  it('update_T_by_pk returns the row after the update, or null when no row has the key', async () => {
    const customer = idOn('80-');
    await seedCustomers([customer]);
    const response = await run(`mutation { a: update_customer_by_pk(pk_columns: { customer_id: "${customer}" }, _set: { email: "pk@example.com" }) { customer_id email name }
      b: update_customer_by_pk(pk_columns: { customer_id: "${idOn('80-')}" }, _set: { name: "Nobody" }) { customer_id } }`);
    expect(dataOf(response)).toEqual({ a: { customer_id: customer, email: 'pk@example.com', name: 'Seeded' }, b: null });
    expect(await onShard('80-', 'customer', `customer_id = ${customer}`, 'email')).toEqual([{ email: 'pk@example.com' }]);
  });
});

describe('delete_T and delete_T_by_pk', () => {
  it('delete_customer removes the rows from both shards (multi mode) and returns them as they were', async () => {
    const ids = [idOn('-80'), idOn('80-')];
    await seedCustomers(ids, 'Doomed');
    const response = await run(`mutation { delete_customer(where: { customer_id: { _in: ["${ids[0]}", "${ids[1]}"] } }) { affected_rows returning { customer_id name } } }`, { mode: 'multi' });
    const { affected_rows, returning } = dataOf(response).delete_customer as { affected_rows: number; returning: { customer_id: string }[] };
    expect(affected_rows).toBe(2);
    expect([...returning].sort((a, b) => a.customer_id.localeCompare(b.customer_id))).toEqual([...ids].sort().map((id) => ({ customer_id: id, name: 'Doomed' })));
    expect(await placement('customer', `customer_id IN (${ids.join(', ')})`, 'customer_id')).toEqual({ '-80': [], '80-': [] });
    expect(statementsPerShard(response.extensions!.plan!)).toEqual({ 'customer/-80': 2, 'customer/80-': 2 });
  });

  it('delete_T_by_pk returns the deleted row, or null when there is none', async () => {
    const customer = idOn('-80');
    await seedCustomers([customer], 'Gone');
    const response = await run(`mutation { a: delete_customer_by_pk(customer_id: "${customer}") { customer_id name } b: delete_customer_by_pk(customer_id: "${customer}") { customer_id } }`);
    expect(dataOf(response)).toEqual({ a: { customer_id: customer, name: 'Gone' }, b: null });
    expect(await placement('customer', `customer_id = ${customer}`, 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });
});

describe('one request is one transaction', () => {
  it('a later field sees the earlier fields\' writes, and everything commits together', async () => {
    const customer = idOn('80-');
    const response = await run(`mutation {
      a: insert_customer_one(object: { customer_id: "${customer}", email: "t@example.com", name: "First" }) { name }
      b: update_customer_by_pk(pk_columns: { customer_id: "${customer}" }, _set: { name: "Second" }) { name }
      c: update_customer(where: { customer_id: { _eq: "${customer}" } }, _inc: {}, _set: { email: "t2@example.com" }) { returning { name email } } }`);
    expect(dataOf(response)).toEqual({ a: { name: 'First' }, b: { name: 'Second' }, c: { returning: [{ name: 'Second', email: 't2@example.com' }] } });
    expect(await onShard('80-', 'customer', `customer_id = ${customer}`, 'name, email')).toEqual([{ name: 'Second', email: 't2@example.com' }]);
  });

  it('when a field fails, the earlier fields\' writes are rolled back, later fields do not run, and data is null', async () => {
    const [fresh, later] = [idOn('-80'), idOn('-80')];
    const response = await run(`mutation {
      a: insert_customer_one(object: { customer_id: "${fresh}", email: "r@example.com", name: "Rolled back" }) { customer_id }
      b: insert_customer_one(object: { customer_id: "${fresh}", email: "r@example.com", name: "Duplicate" }) { customer_id }
      c: insert_customer_one(object: { customer_id: "${later}", email: "l@example.com", name: "Never" }) { customer_id } }`);
    expect(response.data).toBeNull();
    expect(response.errors!.map((e) => [e.path, e.extensions.id])).toEqual([[['b'], 'SG1055'], [['c'], 'SG1058']]);
    expect(await placement('customer', `customer_id IN (${fresh}, ${later})`, 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });

  it('the same holds for an operation with variables (compiled by graphql-jit): a failing field rolls back the one before it', async () => {
    const [id, other] = [idOn('80-'), idOn('80-')];
    const query = `mutation ($a: [customer_insert_input!]!, $b: customer_set_input) {
      a: insert_customer(objects: $a) { affected_rows returning { customer_id } }
      b: update_customer(where: { customer_id: { _eq: "${id}" } }, _set: $b) { affected_rows } }`;
    const ok = await run(query, { variables: { a: [{ customer_id: id, email: 'v@example.com', name: 'V' }], b: { name: 'W' } } });
    expect(dataOf(ok)).toEqual({ a: { affected_rows: 1, returning: [{ customer_id: id }] }, b: { affected_rows: 1 } });
    expect(await onShard('80-', 'customer', `customer_id = ${id}`, 'name')).toEqual([{ name: 'W' }]);
    const failed = await run(query, { variables: { a: [{ customer_id: other, email: 'v@example.com', name: 'V' }], b: { name: null } } });
    expect(failed.data).toBeNull();
    expect(failed.errors!.map((e) => [e.path, e.extensions.id])).toEqual([[['b'], 'SG1051']]);
    expect(await placement('customer', `customer_id = ${other}`, 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });

  it('single mode counts every field of the request: a second field on another shard is refused and the first is rolled back', async () => {
    const [a, b] = [idOn('-80'), idOn('80-')];
    const response = await run(`mutation { a: insert_customer_one(object: { customer_id: "${a}", email: "a@example.com", name: "A" }) { customer_id }
      b: insert_customer_one(object: { customer_id: "${b}", email: "b@example.com", name: "B" }) { customer_id } }`);
    expect(response.data).toBeNull();
    expect(response.errors!.map((e) => e.extensions.id)).toEqual(['SG710']);
    expect(await placement('customer', `customer_id IN (${a}, ${b})`, 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });
});

describe('bad input', () => {
  it('a value of the wrong type is refused by GraphQL', async () => {
    const literal = errorOf(await run('mutation { insert_customer_one(object: { customer_id: "abc", email: "e", name: "n" }) { customer_id } }'));
    expect(literal.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(literal.message).toContain('abc');
    const variables = await run('mutation ($o: customer_insert_input!) { insert_customer_one(object: $o) { customer_id } }', { variables: { o: { customer_id: 1.5, email: 'e', name: 'n' } } });
    expect(variables.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1106' });
  });

  it('a missing required column is refused naming the column, and nothing is written', async () => {
    const error = errorOf(await run('mutation { insert_customer_one(object: { name: "No email" }) { customer_id } }'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1101' });
    expect(error.message).toContain('email');
    expect(await placement('customer', "name = 'No email'", 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });

  it('null for a NOT NULL column is refused naming the column', async () => {
    const customer = idOn('80-');
    await seedCustomers([customer]);
    const error = errorOf(await run(`mutation { update_customer_by_pk(pk_columns: { customer_id: "${customer}" }, _set: { name: null }) { name } }`));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1051' });
    expect(error.message).toContain('column name of customer.customer is NOT NULL');
  });

  it('a duplicate primary key is BAD_USER_INPUT with MySQL error 1062, nothing written', async () => {
    const error = errorOf(await run('mutation { insert_customer_one(object: { customer_id: "1", email: "dup@example.com", name: "Dup" }) { customer_id } }'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1055', errno: 1062, shards: [`customer/${customerShardOf(1)}`] });
    expect(await placement('customer', "email = 'dup@example.com'", 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });

  it('a foreign key violation is BAD_USER_INPUT with MySQL error 1452 (insert) or 1451 (delete of a referenced row)', async () => {
    const orphan = idOn('-80');
    const insert = errorOf(await run(`mutation { insert_corder_one(object: { customer_id: "${orphan}", order_number: "E2E-FK-1", sku: "s", price: "1.00" }) { order_id } }`));
    expect(insert.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1056', errno: 1452 });
    expect(insert.message).toContain('corder_customer');
    expect(await placement('corder', "order_number = 'E2E-FK-1'", 'order_id')).toEqual({ '-80': [], '80-': [] });
    const referenced = errorOf(await run('mutation { delete_customer_by_pk(customer_id: "1") { customer_id } }'));
    expect(referenced.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1056', errno: 1451 });
    expect(await placement('customer', 'customer_id = 1', 'customer_id')).toEqual({ '-80': customerShardOf(1) === '-80' ? ['1'] : [], '80-': customerShardOf(1) === '80-' ? ['1'] : [] });
  });

  it('a value out of range or too long is refused naming the column before MySQL sees it; an _inc past the range is MySQL error 1264', async () => {
    const customer = idOn('80-');
    await seedCustomers([customer]);
    const price = errorOf(await run(`mutation { insert_corder_one(object: { customer_id: "${customer}", order_number: "E2E-R-1", sku: "s", price: "123456789.00" }) { order_id } }`));
    expect(price.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1000' });
    expect(price.message).toContain('column price (decimal(10,2))');
    const long = errorOf(await run(`mutation { update_customer_by_pk(pk_columns: { customer_id: "${customer}" }, _set: { name: "${'x'.repeat(129)}" }) { name } }`));
    expect(long.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1000' });
    expect(long.message).toContain('at most 128 characters');
    dataOf(await run(`mutation { insert_corder_one(object: { customer_id: "${customer}", order_number: "E2E-R-2", sku: "s", price: "99999999.00" }) { order_id } }`));
    const overflow = errorOf(await run('mutation { update_corder(where: { order_number: { _eq: "E2E-R-2" } }, _inc: { price: "1" }) { affected_rows } }'));
    expect(overflow.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1057', errno: 1264 });
    expect(await onShard('80-', 'corder', "order_number = 'E2E-R-2'", 'price')).toEqual([{ price: '99999999.00' }]);
  });

  it('an update that changes nothing and an unknown transaction mode are refused', async () => {
    expect(errorOf(await run('mutation { update_customer(where: { customer_id: { _eq: "1" } }) { affected_rows } }')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1054' });
    const mode = errorOf(await run('mutation { delete_customer_by_pk(customer_id: "1") { customer_id } }', { mode: 'twophase' }));
    expect(mode.extensions).toMatchObject({ code: 'BAD_USER_INPUT', id: 'SG1059' });
  });
});

describe('explain', () => {
  it('shardgate explain of a mutation lists the statements it would run and writes nothing', async () => {
    const id = idOn('-80');
    const outcome = await explainOperation(srv.server.api!, {
      query: `mutation { insert_customer_one(object: { customer_id: "${id}", email: "e@example.com", name: "E" }) { customer_id }
        update_customer(where: { customer_id: { _eq: "${id}" } }, _set: { name: "F" }) { returning { name } } }`,
    });
    expect(outcome).toEqual({
      ok: true,
      plan: [
        { path: 'insert_customer_one', keyspace: 'customer', opcode: 'InsertSharded', shards: ['-80'], sql: expect.stringMatching(/^insert into `customer`/) },
        { path: 'update_customer', keyspace: 'customer', opcode: 'EqualUnique', shards: ['-80'], sql: expect.stringMatching(/ for update$/) },
        { path: 'update_customer', keyspace: 'customer', opcode: 'EqualUnique', shards: ['-80'], sql: expect.stringMatching(/^update `customer` set `name`/) },
      ],
    });
    expect(await placement('customer', `customer_id = ${id}`, 'customer_id')).toEqual({ '-80': [], '80-': [] });
  });
});
