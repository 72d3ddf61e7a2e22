// graphql-jit execution (useJit) against graphql-js on the same composed Yoga app: which
// documents may be compiled (custom scalar literals, recursive input variables, several
// operations go to graphql-js), the offset arithmetic behind error locations, and the same
// response, byte for byte, from both for a table of operations: data, resolver ServiceErrors,
// variable errors with locations, @skip/@include, fragments, aliases, non-null bubbling.
import { GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult, type GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import type { RequestContext } from '../../resolvers/apiRuntime.js';
import { BigIntScalar } from '../../schema/bigIntScalar.js';
import { composeYoga } from '../composeYoga.js';
import { SERIALIZED_LEAF } from '../../schema/schemaNames.js';
import { jitOperationName, leavesAreSerialized, offsetOf, recursiveInputTypes, useJit } from '../useJit.js';
import { fakeServedApi } from './fakeServedApi.js';

const schema = createSchema<{ rc: RequestContext }>({
  typeDefs: /* GraphQL */ `
    scalar BigInt
    input Int_comparison_exp { _eq: Int, _gt: Int }
    input BigInt_comparison_exp { _eq: BigInt, _in: [BigInt!] }
    input row_bool_exp { _and: [row_bool_exp!], _not: row_bool_exp, id: BigInt_comparison_exp, n: Int_comparison_exp }
    type Row { id: BigInt!, n: Int, child: Row, strict: Row! }
    type Query {
      row(id: BigInt!): Row
      rows(where: row_bool_exp, limit: Int): [Row!]!
      byN(n: Int_comparison_exp): [Row!]!
      limited(limit: Int): Int
    }
  `,
  resolvers: {
    BigInt: BigIntScalar,
    Query: {
      row: (_root, args: { id: bigint }) => (args.id === 0n ? null : { id: args.id, n: Number(args.id % 100n) }),
      rows: (_root, args: { where?: unknown; limit?: number }) => [{ id: 1n, n: JSON.stringify(args.where ?? null).length }, { id: 2n, n: args.limit ?? null }],
      byN: (_root, args: { n?: { _eq?: number } }) => [{ id: 7n, n: args.n?._eq ?? -1 }],
      limited: (_root, args: { limit?: number }) => {
        if ((args.limit ?? 0) > 10) throw new ServiceError('SG1004', `limit ${args.limit} is above limits.maxRows (10)`);
        return args.limit ?? 0;
      },
    },
    Row: {
      child: (row: { id: bigint }) => ({ id: row.id + 1n, n: null }),
      strict: () => null,
    },
  },
});

const LIMITS = { queryTimeoutMs: 1000, maxRows: 100, maxDepth: 6, maxAliases: 4, maxTokens: 400, maxBatchSize: 10, maxConcurrentOperations: 8, allowScatterWrites: false };

function app(jit: boolean): (body: unknown) => Promise<string> {
  const api = fakeServedApi(schema, { limits: LIMITS, introspection: true });
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const yoga = composeYoga(api, { log, stopping: () => false, processMetrics: false, jit });
  return async (body) => {
    const response = await yoga.fetch('http://shardgate.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    // Incident ids are random: the same error gets the same placeholder.
    return `${response.status} ${(await response.text()).replace(/[0-9a-f]{12}/g, '<incident>')}`;
  };
}

describe('offsetOf', () => {
  it.each([
    ['abc', 1, 1, 0],
    ['abc', 1, 3, 2],
    ['ab\ncd', 2, 1, 3],
    ['ab\r\ncd', 2, 2, 5],
    ['ab\rcd\nef', 3, 1, 6],
    ['', 1, 1, 0],
    ['ab', 5, 1, 0],
    ['ab', 1, 9, 2],
  ])('%j line %i column %i is offset %i', (body, line, column, offset) => {
    expect(offsetOf(body, line, column)).toBe(offset);
  });
});

describe('which documents graphql-jit may compile', () => {
  const recursive = recursiveInputTypes(schema);

  it('finds the input types from which a cycle is reachable', () => {
    expect([...recursive].sort()).toEqual(['row_bool_exp']);
  });

  it.each([
    ['variables of scalar types', 'query Q($id: BigInt!) { row(id: $id) { id } }', 'Q'],
    ['an anonymous operation', '{ byN(n: { _eq: 3 }) { id } }', null],
    ['built-in scalar and enum-free literals', '{ rows(limit: 2) { id n } }', null],
    ['a non-recursive input variable', 'query ($n: Int_comparison_exp) { byN(n: $n) { id } }', null],
    ['a fragment defined after the operation', 'query A { row(id: "1") { ...F } } fragment F on Row { id }', false],
    ['a BigInt string literal', '{ row(id: "5") { id } }', false],
    ['a BigInt int literal', '{ row(id: 5) { id } }', false],
    ['a BigInt literal deep in an input object', '{ rows(where: { _and: [{ id: { _in: ["1"] } }] }) { id } }', false],
    ['a BigInt default value', 'query ($id: BigInt = "3") { row(id: $id) { id } }', false],
    ['a recursive input variable', 'query ($w: row_bool_exp) { rows(where: $w) { id } }', false],
    ['a list of a recursive input as a variable', 'query ($w: [row_bool_exp!]) { rows(where: { _and: $w }) { id } }', false],
    ['two operations', 'query A { limited } query B { limited }', false],
    ['no operation', 'fragment F on Row { id }', false],
  ])('%s', (_what, text, expected) => {
    expect(jitOperationName(schema, parse(text), recursive)).toBe(expected);
  });
});

describe('graphql-jit answers as graphql-js does', () => {
  const jit = app(true);
  const js = app(false);
  it.each([
    ['a BigInt variable', { query: 'query ($id: BigInt!) { row(id: $id) { id n } }', variables: { id: '123' } }],
    ['a BigInt variable as a JSON number', { query: 'query ($id: BigInt!) { row(id: $id) { id n } }', variables: { id: 42 } }],
    ['a null row', { query: 'query ($id: BigInt!) { row(id: $id) { id } }', variables: { id: '0' } }],
    ['a bad BigInt variable', { query: 'query ($id: BigInt!) {\n  row(id: $id) { id } }', variables: { id: 'x1' } }],
    ['a missing variable', { query: 'query ($id: BigInt!) { row(id: $id) { id } }', variables: {} }],
    ['a resolver ServiceError with its location', { query: 'query ($l: Int) {\n  a: limited(limit: 3)\n  b: limited(limit: $l) }', variables: { l: 50 } }],
    ['non-null bubbling', { query: 'query ($id: BigInt!) { row(id: $id) { id strict { id } } }', variables: { id: '9' } }],
    ['@skip and @include', { query: 'query ($s: Boolean!) { row(id: 1) { id n @skip(if: $s) child @include(if: $s) { id } } }', variables: { s: true } }],
    ['fragments and aliases', { query: 'query ($id: BigInt!) { x: row(id: $id) { ...F y: child { ...F } } } fragment F on Row { id n }', variables: { id: '5' } }],
    ['__typename', { query: 'query ($n: Int) { __typename byN(n: { _eq: $n }) { __typename id n } }', variables: { n: 4 } }],
    ['a recursive input variable (graphql-js path)', { query: 'query ($w: row_bool_exp) { rows(where: $w) { id n } }', variables: { w: { _not: { n: { _eq: 1 } } } } }],
    ['a custom scalar literal (graphql-js path)', { query: '{ row(id: "77") { id n } }' }],
    ['two operations, one named', { query: 'query A { limited(limit: 1) } query B { limited(limit: 2) }', operationName: 'B' }],
    ['an unknown operation name', { query: 'query A { limited(limit: 1) }', operationName: 'C' }],
  ])('%s', async (_what, body) => {
    // Twice each: the second run uses the compiled (cached) query.
    for (let i = 0; i < 2; i++) expect(await jit(body)).toBe(await js(body));
  });

  it('keeps field error locations', async () => {
    const response = JSON.parse((await jit({ query: 'query ($l: Int) {\n  limited(limit: $l) }', variables: { l: 11 } })).slice(4)) as { errors: { locations: unknown }[] };
    expect(response.errors).toHaveLength(1);
    expect(response.errors[0]!.locations).toEqual([{ line: 2, column: 3 }]);
  });
});

describe('which runs graphql-jit takes', () => {
  it('compiles an eligible operation once and runs it compiled; gives the rest, and rejected variables, to graphql-js', async () => {
    const warnings: string[] = [];
    const jit = useJit({ log: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined } });
    const yoga = createYoga({ schema, logging: false, plugins: [jit] });
    const post = async (body: unknown): Promise<void> => {
      await (await yoga.fetch('http://shardgate.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).text();
    };
    const byVariable = 'query ($id: BigInt!) { row(id: $id) { id } }';
    await post({ query: byVariable, variables: { id: '1' } });
    await post({ query: byVariable, variables: { id: '2' } });
    expect(jit.stats()).toEqual({ compiled: 1, compiledRuns: 2, graphqlJsRuns: 0 });
    await post({ query: byVariable, variables: { id: 'not a number' } });
    expect(jit.stats()).toEqual({ compiled: 1, compiledRuns: 3, graphqlJsRuns: 1 });
    await post({ query: '{ row(id: "3") { id } }' });
    await post({ query: 'query A { limited } query B { limited }', operationName: 'A' });
    expect(jit.stats()).toEqual({ compiled: 1, compiledRuns: 3, graphqlJsRuns: 3 });
    expect(warnings).toEqual([]);
  });
});

describe('errors of a request whose client left', () => {
  it('are left as graphql-jit made them (no rebuilt positions); a client still there gets them rebuilt', async () => {
    let controller = new AbortController();
    let abortInResolver = false;
    const failing = createSchema({
      typeDefs: 'type Query { a: Int, b: Int }',
      resolvers: {
        Query: {
          a: () => {
            if (abortInResolver) controller.abort();
            throw new ServiceError('SG612', 'the statement was cancelled');
          },
          b: () => 1,
        },
      },
    });
    const seen: GraphQLError[][] = [];
    const capture: Plugin = { onExecute: () => ({ onExecuteDone: ({ result }) => void seen.push([...((result as ExecutionResult).errors ?? [])]) }) };
    const yoga = createYoga({ schema: failing, logging: false, plugins: [useJit({ log: { info: () => undefined, warn: () => undefined, error: () => undefined } }), capture] });
    const run = async (abort: boolean): Promise<GraphQLError[]> => {
      controller = new AbortController();
      abortInResolver = abort;
      try {
        await (await yoga.fetch('http://shardgate.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{\n  a b }' }), signal: controller.signal })).text();
      } catch {
        // The aborted request's response is abandoned.
      }
      return seen.at(-1)!;
    };
    const kept = await run(false);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.source).toBeDefined();
    expect(kept[0]!.locations).toEqual([{ line: 2, column: 3 }]);
    const left = await run(true);
    expect(left).toHaveLength(1);
    expect(left[0]!.source).toBeUndefined();
    expect(left[0]!.message).toBe('the statement was cancelled');
  });
});

describe('leaf serialization', () => {
  // `label` is marked as serialized but returns a number: the mark is trusted, so where graphql-jit
  // skips serialize the number shows through (graphql-js would make it "5"). That shows which runs skip.
  const Kind = new GraphQLEnumType({ name: 'Kind', values: { small: { value: 'small' }, large: { value: 'large' } } });
  const marked = { [SERIALIZED_LEAF]: true };
  const Item = new GraphQLObjectType({
    name: 'Item',
    fields: {
      n: { type: GraphQLInt, extensions: marked },
      label: { type: GraphQLString, extensions: marked },
      kind: { type: Kind, extensions: marked },
      big: { type: BigIntScalar },
      plain: { type: GraphQLString },
    },
  });
  const itemSchema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { items: { type: new GraphQLList(Item), args: { n: { type: GraphQLInt } }, resolve: (_root, args: { n?: number }) => [{ n: args.n ?? 1, label: 5, kind: 'large', big: 9n, plain: 6 }] } },
    }),
  });

  it.each([
    ['marked leaves, a custom scalar and __typename', '{ items { __typename n label kind big } }', true],
    ['an unmarked built-in scalar', '{ items { n plain } }', false],
    ['an unmarked one behind a fragment', '{ items { n ...F } } fragment F on Item { plain }', false],
    ['an unmarked root field', '{ __typename items { n } __schema { queryType { name } } }', false],
  ])('%s: %s', (_what, text, expected) => {
    expect(leavesAreSerialized(itemSchema, parse(text))).toBe(expected);
  });

  const yoga = createYoga({ schema: itemSchema, logging: false, plugins: [useJit({ log: { info: () => undefined, warn: () => undefined, error: () => undefined } })] });
  const post = async (body: unknown): Promise<unknown> =>
    (await yoga.fetch('http://shardgate.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

  it('is skipped when every built-in leaf is marked, and done when one is not', async () => {
    const query = 'query ($n: Int) { items(n: $n) { n label kind big } }';
    expect(await post({ query, variables: { n: 3 } })).toEqual({ data: { items: [{ n: 3, label: 5, kind: 'large', big: '9' }] } });
    expect(await post({ query: 'query ($n: Int) { items(n: $n) { n label kind big plain } }', variables: { n: 3 } })).toEqual({ data: { items: [{ n: 3, label: '5', kind: 'large', big: '9', plain: '6' }] } });
  });
});
