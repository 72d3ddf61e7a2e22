// More bad input for the GraphQL server over real HTTP (beside server.test.ts, which covers the
// first case of each kind): wrong types of every scalar and argument, unknown fields in where,
// offsets beyond the row limit, where trees nested too deep (as literals and as variables),
// malformed cursors and invalid BigInt strings. Each gets a GraphQL error with its code and
// catalogue id, never an internal error, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, upDemo, type Demo, type DemoServer, type GraphQLResponse } from '../helpers/demoServer.js';

let demo: Demo;
/** Tight limits, as in server.test.ts. */
let srv: DemoServer;
/** The default limits (maxTokens 5000), so that deep where trees fit in a document. */
let roomy: DemoServer;

beforeAll(async () => {
  demo = await upDemo();
  const configPath = await demo.writeConfig('limits.json', (json) => {
    json.limits = { maxRows: 500, maxDepth: 3, maxAliases: 4, maxTokens: 400 };
  });
  [srv, roomy] = await Promise.all([startDemoServer(configPath), startDemoServer(demo.configPath)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([srv?.server.stop(), roomy?.server.stop()]);
  await demo?.destroy();
});

/** Asserts one error with `code` and `id` (any id when undefined), no internals shown, and that `server` still answers. */
async function expectRefused(server: DemoServer, response: GraphQLResponse, code: string, id?: string): Promise<void> {
  expect(response.errors?.map((e) => [e.extensions.code, id === undefined ? undefined : e.extensions.id])).toEqual([[code, id]]);
  for (const error of response.errors ?? []) expect(error.message).not.toMatch(/\bat \S+:\d+|node_modules|Maximum call stack/);
  expect((await server.query('{ customer_by_pk(customer_id: "1") { customer_id } }')).data).toEqual({ customer_by_pk: { customer_id: '1' } });
}

/** `inner` wrapped `levels` times by `wrap` (GraphQL literal or JSON text). */
function nest(levels: number, inner: string, wrap: (s: string) => string): string {
  let text = inner;
  for (let i = 0; i < levels; i++) text = wrap(text);
  return text;
}

describe('literal arguments', () => {
  it.each([
    // wrong types
    ['an unknown order_by direction', '{ customer(order_by: [{ name: up }]) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a limit beyond 32 bits', '{ customer(limit: 2147483648) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a fractional limit', '{ customer(limit: 1.5) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a negative offset', '{ customer(offset: -5) { name } }', 'BAD_USER_INPUT', 'SG1005'],
    ['a negative first', '{ customer_connection(first: -1) { edges { cursor } } }', 'BAD_USER_INPUT', 'SG1005'],
    ['a where that is a string', '{ customer(where: "x") { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['_is_null with a string', '{ customer(where: { name: { _is_null: "yes" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['_eq null', '{ customer(where: { name: { _eq: null } }) { name } }', 'BAD_USER_INPUT', 'SG1001'],
    ['an invalid Decimal', '{ corder(where: { price: { _eq: "1.2.3" } }) { order_id } }', 'BAD_USER_INPUT', 'SG1101'],
    ['an invalid DateTime', '{ corder(where: { created_at: { _gt: "2024-13-45T00:00:00" } }) { order_id } }', 'BAD_USER_INPUT', 'SG1101'],
    ['an enum member that does not exist', '{ corder(where: { status: { _eq: lost } }) { order_id } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a cursor that is a number', '{ customer_connection(first: 1, after: 5) { edges { cursor } } }', 'BAD_USER_INPUT', 'SG1101'],
    // unknown fields
    ['an unknown where column', '{ customer(where: { shoe_size: { _eq: "x" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['an unknown comparison operator', '{ customer(where: { name: { _regex: "x" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['_like on a BigInt column', '{ customer(where: { customer_id: { _like: "1%" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['an unknown order_by column', '{ customer(order_by: [{ shoe_size: asc }]) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a missing primary key argument', '{ customer_by_pk { name } }', 'BAD_USER_INPUT', 'SG1101'],
    // huge limits
    ['the largest Int as limit', '{ customer(limit: 2147483647) { name } }', 'RESOURCE_EXHAUSTED', 'SG1004'],
    ['a huge limit routed to one shard', '{ customer(where: { customer_id: { _eq: "1" } }, limit: 100000) { name } }', 'RESOURCE_EXHAUSTED', 'SG1004'],
    ['a huge offset on a scatter', '{ customer(limit: 10, offset: 100000) { name } }', 'RESOURCE_EXHAUSTED', 'SG502'],
    ['offset + limit just beyond maxRows on a scatter', '{ customer(limit: 400, offset: 101) { name } }', 'RESOURCE_EXHAUSTED', 'SG502'],
    // invalid BigInt strings
    ['a non-number in a BigInt list', '{ customer(where: { customer_id: { _in: ["1", "x"] } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a BigInt in exponent form', '{ customer(where: { customer_id: { _eq: "1e3" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a BigInt with a space', '{ customer(where: { customer_id: { _eq: " 12" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['an empty BigInt', '{ customer(where: { customer_id: { _eq: "" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a BigInt below -2^63', '{ customer(where: { customer_id: { _gt: "-9223372036854775809" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a hexadecimal BigInt', '{ customer(where: { customer_id: { _eq: "0x10" } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
    ['a fractional BigInt', '{ customer(where: { customer_id: { _eq: 12.5 } }) { name } }', 'BAD_USER_INPUT', 'SG1101'],
  ])('%s', async (_what, query, code, id) => {
    await expectRefused(srv, await srv.query(query), code, id);
  });

  it('a BigInt given as a GraphQL integer literal is accepted', async () => {
    expect((await srv.query('{ customer(where: { customer_id: { _eq: 1 } }) { customer_id } }')).data).toEqual({ customer: [{ customer_id: '1' }] });
  });
});

describe('variables', () => {
  it.each([
    ['a non-number in a BigInt list', 'query($ids: [BigInt!]) { customer(where: { customer_id: { _in: $ids } }) { name } }', { ids: ['1', 'zz'] }],
    ['a fractional BigInt', 'query($id: BigInt!) { customer_by_pk(customer_id: $id) { name } }', { id: 1.5 }],
    ['a BigInt beyond 2^64-1', 'query($id: BigInt!) { customer_by_pk(customer_id: $id) { name } }', { id: '18446744073709551616' }],
    ['an invalid Decimal', 'query($p: Decimal!) { corder(where: { price: { _eq: $p } }) { order_id } }', { p: 'abc' }],
    ['an unknown column in a where', 'query($w: customer_bool_exp) { customer(where: $w) { name } }', { w: { shoe_size: { _eq: 'x' } } }],
    ['a where that is a list of strings', 'query($w: customer_bool_exp) { customer(where: $w) { name } }', { w: ['x'] }],
    ['an unknown order_by direction', 'query($o: [customer_order_by!]) { customer(order_by: $o) { name } }', { o: [{ name: 'up' }] }],
  ])('%s', async (_what, query, variables) => {
    await expectRefused(srv, await srv.query(query, { variables }), 'BAD_USER_INPUT', 'SG1106');
  });

  it('a where in variables works as the same literal does', async () => {
    const w = { _or: [{ customer_id: { _in: ['1', '2'] } }, { _not: { name: { _like: '%a%' } } }] };
    const viaVariables = await srv.query('query($w: customer_bool_exp, $o: [customer_order_by!]) { customer(where: $w, order_by: $o) { customer_id } }', { variables: { w, o: [{ customer_id: 'desc' }] } });
    const literal = await srv.query('{ customer(where: { _or: [{ customer_id: { _in: ["1", "2"] } }, { _not: { name: { _like: "%a%" } } }] }, order_by: [{ customer_id: desc }]) { customer_id } }');
    expect(viaVariables.errors).toBeUndefined();
    expect(viaVariables.data).toEqual(literal.data);
  });
});

describe('malformed cursors', () => {
  it.each([
    ['an empty cursor', () => ''],
    ['a cursor of three parts', () => 'a.b.c'],
    ['a cursor of 70,000 characters', () => `${'A'.repeat(70_000)}.x`],
    ['a payload that is not JSON under a real signature', (cursor: string) => `${Buffer.from('not json').toString('base64url')}.${cursor.split('.')[1]!}`],
    ['a cursor of another table', (cursor: string) => cursor, 'corder'],
  ])('%s', async (_what, make, table = 'customer') => {
    const first = await srv.query('{ customer_connection(first: 1) { pageInfo { endCursor } } }');
    const cursor = make((first.data!.customer_connection as { pageInfo: { endCursor: string } }).pageInfo.endCursor);
    const response = await srv.query(`query($after: String) { ${table}_connection(first: 1, after: $after) { edges { cursor } } }`, { variables: { after: cursor } });
    await expectRefused(srv, response, 'BAD_USER_INPUT', 'SG1003');
  });
});

describe('deep where trees', () => {
  const leaf = '{ name: { _eq: "x" } }';

  it('accepts 100 levels of _and/_or/_not', async () => {
    const query = `{ customer(where: ${nest(100, leaf, (s) => `{ _or: [${s}] }`)}) { name } }`;
    expect(await roomy.query(query)).toMatchObject({ data: { customer: [] } });
  });

  it.each([
    ['_not', (s: string) => `{ _not: ${s} }`],
    ['_and', (s: string) => `{ _and: [${s}] }`],
  ])('refuses 101 levels of %s in a literal with SG1001', async (_op, wrap) => {
    await expectRefused(roomy, await roomy.query(`{ customer(where: ${nest(101, leaf, wrap)}) { name } }`), 'BAD_USER_INPUT', 'SG1001');
  });

  it('refuses 101 levels in variables with SG1001', async () => {
    const body = `{"query":"query($w: customer_bool_exp) { customer(where: $w) { name } }","variables":{"w":${nest(101, '{"name":{"_eq":"x"}}', (s) => `{"_and":[${s}]}`)}}}`;
    await expectRefused(roomy, await roomy.query('', { body }), 'BAD_USER_INPUT', 'SG1001');
  });

  it('refuses a literal nested beyond what limits.maxTokens allows with SG1102 (the parser must not overflow first)', async () => {
    await expectRefused(roomy, await roomy.query(`{ customer(where: ${nest(3000, leaf, (s) => `{ _and: [${s}] }`)}) { name } }`), 'BAD_USER_INPUT', 'SG1102');
  });

  it('refuses variables nested 10,000 levels deep as bad input, not as an internal error', async () => {
    const body = `{"query":"query($w: customer_bool_exp) { customer(where: $w) { name } }","variables":{"w":${nest(10_000, '{"name":{"_eq":"x"}}', (s) => `{"_and":[${s}]}`)}}}`;
    await expectRefused(roomy, await roomy.query('', { body }), 'BAD_USER_INPUT');
  });
});
