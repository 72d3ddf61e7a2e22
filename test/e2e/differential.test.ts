// Differential test of the GraphQL API (issue #5): the demo keyspaces sharded (customer -80/80-
// by hash(customer_id), plus a `loyalty` table with nullable columns of every scalar kind) and an
// unsharded copy of the same rows answer a few hundred generated queries (lists with where /
// order_by / limit / offset, aggregates, connections paged to the end) with the same data, also
// with routing forced to scatter. Queries come from a seeded PRNG and the columns, operators and
// aggregate fields from the served schema's introspection, so every operator meets every column.
// Nested queries (issue #6) follow the relationships across keyspaces (customer → corders →
// product, product → orders → customer, corder → customer → corders) with random where /
// order_by / per-parent limit / offset and R_aggregate. On a mismatch the failure names the
// query and shows both results.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseValue, valueFromASTUntyped } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerShardOf } from '../helpers/demoCluster.js';
import { startDemoServer, upDemo, type Demo, type DemoServer, type GraphQLResponse } from '../helpers/demoServer.js';
import { adminQuery, runInDatabase, testDatabaseUrl } from '../helpers/mariadb.js';
import { seededPicks } from '../helpers/seededPicks.js';

// ---- Deterministic randomness: the same data and queries on every run ----

const { random, chance, int, pick, pickSome } = seededPicks(20_250_505);

// ---- The loyalty table: nullable columns of every kind the demo lacks, with ties and edges ----

const LOYALTY_DDL = `CREATE TABLE loyalty (
  customer_id BIGINT NOT NULL COMMENT 'sharding key',
  seq INT NOT NULL,
  points INT NULL,
  big BIGINT NULL,
  ubig BIGINT UNSIGNED NULL,
  balance DECIMAL(14,3) NULL,
  rating DOUBLE NULL,
  nickname VARCHAR(40) NULL,
  birthday DATE NULL,
  last_seen DATETIME NULL,
  vip TINYINT(1) NULL,
  tier ENUM('gold', 'bronze', 'silver', 'Platinum') NULL,
  PRIMARY KEY (customer_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`;

const LOYALTY_COLUMNS = ['customer_id', 'seq', 'points', 'big', 'ubig', 'balance', 'rating', 'nickname', 'birthday', 'last_seen', 'vip', 'tier'];
// Text values equal under utf8mb4_general_ci (case, accents, trailing spaces) and LIKE specials.
const NICKNAMES = ['anna', 'Anna', 'ÄNNA', 'anna ', 'bob', 'Bob', '', 'zoë', 'Zoe', '50%_off', 'a\\b', "O'Brien", 'émile', 'Emile', 'zed'];
const BIGS = ['-9223372036854775808', '9223372036854775807', '9007199254740993', '-1', '0', '12345678901234', '-77'];
const UBIGS = ['0', '18446744073709551615', '9223372036854775808', '9007199254740993', '42'];
const BIRTHDAYS = ['1000-01-01', '1970-01-01', '1999-12-31', '2000-02-29', '2024-06-30', '9999-12-31'];
const LAST_SEEN = ['1970-01-01 00:00:00', '2024-02-29 23:59:59', '2021-07-04 12:00:00', '2019-01-01 00:00:01'];
const BALANCES = Array.from({ length: 12 }, (_, i) => ((i - 5) * 123.457).toFixed(3));

/** 300 loyalty rows of customers 1..100, each value NULL one time in five. */
function loyaltyRows(): unknown[][] {
  const seqs = new Map<number, number>();
  const orNull = (value: unknown): unknown => (chance(0.2) ? null : value);
  return Array.from({ length: 300 }, () => {
    const customerId = int(1, 100);
    const seq = (seqs.get(customerId) ?? 0) + 1;
    seqs.set(customerId, seq);
    return [
      customerId,
      seq,
      orNull(chance(0.2) ? pick([2147483647, -2147483648, 0]) : int(-20, 20)),
      orNull(chance(0.5) ? pick(BIGS) : String(int(-1000, 1000))),
      orNull(pick(UBIGS)),
      orNull(pick(BALANCES)),
      orNull(int(-40, 40) / 4),
      orNull(pick(NICKNAMES)),
      orNull(pick(BIRTHDAYS)),
      orNull(chance(0.5) ? pick(LAST_SEEN) : `2022-0${int(1, 9)}-1${int(0, 9)} 0${int(0, 9)}:30:00`),
      orNull(int(0, 1)),
      orNull(pick(['gold', 'bronze', 'silver', 'Platinum'])),
    ];
  });
}

// ---- The model of the served tables, read from GraphQL introspection ----

interface Column {
  readonly name: string;
  /** The GraphQL named type: Int, BigInt, Float, Decimal, Boolean, String, Date, DateTime, or an enum. */
  readonly type: string;
  readonly isEnum: boolean;
  readonly nullable: boolean;
  readonly enumValues: readonly string[];
  /** The comparison operators of its `*_comparison_exp`. */
  readonly ops: readonly string[];
}

interface Table {
  readonly name: string;
  readonly pk: readonly string[];
  readonly columns: readonly Column[];
  readonly orderable: readonly string[];
  readonly aggregates: Readonly<Record<'sum' | 'avg' | 'min' | 'max', readonly string[]>>;
  /** Distinct non-NULL values per column, from the unsharded copy, in a stable order. */
  readonly pool: ReadonlyMap<string, readonly unknown[]>;
}

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedType {
  name: string;
  kind: string;
  fields: { name: string; args: { name: string }[]; type: TypeRef }[] | null;
  inputFields: { name: string; type: TypeRef }[] | null;
  enumValues: { name: string }[] | null;
}

const INTROSPECTION = `{ __schema { types { name kind
  fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
  inputFields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
  enumValues { name } } } }`;

function named(ref: TypeRef): TypeRef {
  return ref.ofType === null || ref.ofType === undefined ? ref : named(ref.ofType);
}

const TABLES = ['customer', 'corder', 'loyalty'] as const;
const ALL_OPERATORS = ['_eq', '_neq', '_gt', '_gte', '_lt', '_lte', '_in', '_nin', '_is_null', '_like', '_nlike'];

function tableModel(types: ReadonlyMap<string, IntrospectedType>, name: string, rows: readonly Record<string, unknown>[]): Table {
  const type = (n: string): IntrospectedType | undefined => types.get(n);
  const fieldNames = (n: string): string[] => (type(n)?.fields ?? []).map((f) => f.name);
  const boolExp = new Map((type(`${name}_bool_exp`)?.inputFields ?? []).map((f) => [f.name, named(f.type).name!]));
  const columns = type(name)!.fields!.flatMap((field): Column[] => {
    const leaf = named(field.type);
    // Relay's `id: ID!` (issue #6) is not a column.
    if ((leaf.kind !== 'SCALAR' && leaf.kind !== 'ENUM') || leaf.name === 'ID') return [];
    const comparison = boolExp.get(field.name);
    return [
      {
        name: field.name,
        type: leaf.name!,
        isEnum: leaf.kind === 'ENUM',
        nullable: field.type.kind !== 'NON_NULL',
        enumValues: (type(leaf.name!)?.enumValues ?? []).map((v) => v.name),
        ops: comparison === undefined ? [] : (type(comparison)?.inputFields ?? []).map((f) => f.name),
      },
    ];
  });
  const byPk = types.get('Query')!.fields!.find((f) => f.name === `${name}_by_pk`);
  const pool = new Map(
    columns.map((c) => {
      const seen = new Map<string, unknown>();
      for (const row of rows) if (row[c.name] !== null) seen.set(JSON.stringify(row[c.name]), row[c.name]);
      return [c.name, [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)];
    }),
  );
  return {
    name,
    pk: byPk?.args.map((a) => a.name) ?? [],
    columns,
    orderable: (type(`${name}_order_by`)?.inputFields ?? []).map((f) => f.name),
    aggregates: { sum: fieldNames(`${name}_sum_fields`), avg: fieldNames(`${name}_avg_fields`), min: fieldNames(`${name}_min_fields`), max: fieldNames(`${name}_max_fields`) },
    pool,
  };
}

// ---- Query generation (GraphQL literals, so a failing query prints as it ran) ----

function literal(column: Column, value: unknown): string {
  if (column.isEnum || column.type === 'Int' || column.type === 'Float' || column.type === 'Boolean') return String(value);
  return JSON.stringify(value);
}

/** A value to compare `column` with: mostly one of its values, sometimes a neighbour or an edge. */
function operand(table: Table, column: Column): string {
  const pool = table.pool.get(column.name)!;
  if (column.type === 'Boolean') return String(chance(0.5));
  if (column.isEnum) return pick(column.enumValues);
  if (pool.length > 0 && chance(0.75)) {
    const value = pick(pool);
    if (column.type === 'String' && chance(0.3)) return JSON.stringify(pick([(value as string).toUpperCase(), `${value as string} `, (value as string).slice(0, 2)]));
    return literal(column, value);
  }
  switch (column.type) {
    case 'Int':
      return String(int(-10, 100));
    case 'Float':
      return String(int(-40, 40) / 4 + 0.125);
    case 'BigInt':
      return JSON.stringify(String(int(0, 150)));
    case 'Decimal':
      return JSON.stringify(pick(['0', '100.5', '-3.25', '99.99']));
    case 'Date':
      return JSON.stringify(pick(['2000-01-01', '2024-06-30']));
    case 'DateTime':
      return JSON.stringify(pick(['2022-06-15T12:00:00', '2020-01-01T00:00:00']));
    default:
      return JSON.stringify(pick(['a', 'M', '', 'zz']));
  }
}

/** A LIKE pattern built from one of the column's values: prefixes, infixes, `_`, escapes, case. */
function likePattern(table: Table, column: Column): string {
  const values = (table.pool.get(column.name) ?? []).map(String);
  const s = values.length > 0 ? pick(values) : 'x';
  return JSON.stringify(
    pick([`${s.slice(0, 2)}%`, `%${s.slice(1, 3)}%`, `_${s.slice(1)}`, s.toUpperCase(), '%', 'a%', '%\\_%', '%\\%%', `%${s.slice(-1)}`, 'A_N%']),
  );
}

function comparisonValue(table: Table, column: Column, op: string): string {
  switch (op) {
    case '_is_null':
      return String(chance(0.5));
    case '_like':
    case '_nlike':
      return likePattern(table, column);
    case '_in':
    case '_nin':
      return `[${Array.from({ length: int(0, 4) }, () => operand(table, column)).join(', ')}]`;
    default:
      return operand(table, column);
  }
}

/** Which (column type, operator) pairs the generated queries used, for the coverage check. */
const coverage = new Set<string>();

function comparison(table: Table, column: Column, firstOp?: string): string {
  const ops = firstOp === undefined ? pickSome(column.ops, chance(0.8) ? 1 : 2) : [firstOp, ...(chance(0.2) ? pickSome(column.ops.filter((o) => o !== firstOp), 1) : [])];
  for (const op of ops) coverage.add(`${column.isEnum ? 'enum' : column.type}${column.nullable ? '?' : ''} ${op}`);
  return `${column.name}: { ${ops.map((op) => `${op}: ${comparisonValue(table, column, op)}`).join(', ')} }`;
}

/** A `T_bool_exp` literal: up to two distinct keys, `_and`/`_or`/`_not` nesting up to `depth`. */
function boolExp(table: Table, depth: number): string {
  const used = new Set<string>();
  const parts: string[] = [];
  const n = chance(0.1) ? 0 : chance(0.7) ? 1 : 2;
  for (let i = 0; i < n; i++) {
    const r = random();
    const key = depth > 0 && r < 0.12 ? '_and' : depth > 0 && r < 0.27 ? '_or' : depth > 0 && r < 0.37 ? '_not' : pick(table.columns).name;
    if (used.has(key)) continue;
    used.add(key);
    if (key === '_and' || key === '_or') parts.push(`${key}: [${Array.from({ length: int(0, 3) }, () => boolExp(table, depth - 1)).join(', ')}]`);
    else if (key === '_not') parts.push(`_not: ${boolExp(table, depth - 1)}`);
    else parts.push(comparison(table, table.columns.find((c) => c.name === key)!));
  }
  return `{ ${parts.join(', ')} }`;
}

const DIRECTIONS = ['asc', 'asc_nulls_first', 'asc_nulls_last', 'desc', 'desc_nulls_first', 'desc_nulls_last'] as const;

interface Order {
  readonly terms: readonly (readonly [column: string, direction: string])[];
  /** True when the primary key is among the terms, so the order is total. */
  readonly total: boolean;
}

/** Up to three order_by terms in random directions, then (half the time) the primary key as a tiebreak. */
function orderBy(table: Table, withPk = chance(0.5)): Order {
  const terms = pickSome(table.orderable, int(0, 3)).map((c) => [c, pick(DIRECTIONS)] as const);
  if (withPk) for (const pk of table.pk) if (!terms.some(([c]) => c === pk)) terms.push([pk, pick(DIRECTIONS)]);
  return { terms, total: table.pk.every((pk) => terms.some(([c]) => c === pk)) };
}

function orderByArg(order: Order): string {
  return `[${order.terms.map(([c, d]) => `{ ${c}: ${d} }`).join(', ')}]`;
}

function args(parts: readonly (string | undefined)[]): string {
  const present = parts.filter((p) => p !== undefined);
  return present.length === 0 ? '' : `(${present.join(', ')})`;
}

interface ListCase {
  readonly kind: 'list';
  readonly table: Table;
  readonly where: string | undefined;
  readonly order: Order;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly query: string;
  /** Set when where and order_by travel as variables (as clients send them) rather than literals. */
  readonly variables?: Record<string, unknown>;
}

interface AggregateCase {
  readonly kind: 'aggregate';
  readonly table: Table;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/** The JSON value of a GraphQL literal, as a client would send it in variables (enum values as strings). */
function variableValue(text: string): unknown {
  return valueFromASTUntyped(parseValue(text));
}

interface ConnectionCase {
  readonly kind: 'connection';
  readonly table: Table;
  readonly first: number;
  readonly where: string | undefined;
  readonly order: Order;
}

function listCase(table: Table, where: string | undefined): ListCase {
  const order = chance(0.85) ? orderBy(table) : { terms: [], total: false };
  const limit = chance(0.6) ? int(0, 25) : undefined;
  const offset = chance(0.35) ? int(0, 60) : undefined;
  const select = `{ ${table.columns.map((c) => c.name).join(' ')} }`;
  const paging = [limit === undefined ? undefined : `limit: ${limit}`, offset === undefined ? undefined : `offset: ${offset}`];
  if (chance(0.25)) {
    const query = `query($w: ${table.name}_bool_exp, $o: [${table.name}_order_by!]) { r: ${table.name}${args(['where: $w', 'order_by: $o', ...paging])} ${select} }`;
    const variables = { w: where === undefined ? null : variableValue(where), o: order.terms.length === 0 ? null : variableValue(orderByArg(order)) };
    return { kind: 'list', table, where, order, limit, offset, query, variables };
  }
  const query = `{ r: ${table.name}${args([
    where === undefined ? undefined : `where: ${where}`,
    order.terms.length === 0 ? undefined : `order_by: ${orderByArg(order)}`,
    ...paging,
  ])} ${select} }`;
  return { kind: 'list', table, where, order, limit, offset, query };
}

/**
 * An aggregate with a random where: count(*), a count of non-NULL columns, a count distinct (of
 * `distinct`, else of one or two random columns) and some of the sum/avg/min/max fields (all of
 * them when `distinct` is given: the per-column sweep).
 */
function aggregateCase(table: Table, distinct?: string): AggregateCase {
  const filter = chance(0.85) ? boolExp(table, 2) : undefined;
  const where = chance(0.25) ? onCustomers(table, filter) : filter;
  const some = (columns: readonly string[]): string[] => (distinct === undefined ? pickSome(columns, int(1, columns.length)) : [...columns]);
  const part = (name: string, columns: readonly string[]): string => (columns.length === 0 ? '' : ` ${name} { ${some(columns).join(' ')} }`);
  const names = table.columns.map((c) => c.name);
  const counted = distinct === undefined ? pickSome(names, chance(0.7) ? 1 : 2) : [distinct];
  const counts = `count nn: count(columns: [${pickSome(names, int(1, 2)).join(', ')}]) d: count(columns: [${counted.join(', ')}], distinct: true)`;
  const { sum, avg, min, max } = table.aggregates;
  const body = `${counts}${part('sum', sum)}${part('avg', avg)}${part('min', min)}${part('max', max)}`;
  if (where !== undefined && chance(0.25)) {
    return { kind: 'aggregate', table, query: `query($w: ${table.name}_bool_exp) { r: ${table.name}_aggregate(where: $w) { aggregate { ${body} } } }`, variables: { w: variableValue(where) } };
  }
  return { kind: 'aggregate', table, query: `{ r: ${table.name}_aggregate${args([where === undefined ? undefined : `where: ${where}`])} { aggregate { ${body} } } }` };
}

function connectionQuery(c: ConnectionCase, after: string | null): string {
  return `{ r: ${c.table.name}_connection${args([
    `first: ${c.first}`,
    after === null ? undefined : `after: ${JSON.stringify(after)}`,
    c.where === undefined ? undefined : `where: ${c.where}`,
    c.order.terms.length === 0 ? undefined : `order_by: ${orderByArg(c.order)}`,
  ])} { edges { cursor node { ${c.table.columns.map((col) => col.name).join(' ')} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
}

/** A customer id: mostly an existing one (1..100), sometimes none's, or an edge of BIGINT (the hash vindex maps them too). */
function customerId(): string {
  return JSON.stringify(chance(0.9) ? String(int(1, 105)) : pick(['0', '-1', '9223372036854775807', '-9223372036854775808']));
}

/**
 * `where` (if any) AND a condition on the sharding key `customer_id` in one of the shapes the
 * planner may route (`_eq`, `_in`, an `_or` of equalities, an `_and` of two lists, `_eq` with
 * `_in`) or must scatter (`_not` of `_neq`, an `_or` with another column, `_nin`).
 */
function onCustomers(table: Table, where: string | undefined): string {
  const ids = (n: number): string => Array.from({ length: n }, customerId).join(', ');
  const other = table.columns.find((c) => c.name !== 'customer_id')!;
  const shapes = [
    () => `customer_id: { _eq: ${customerId()} }`,
    () => `customer_id: { _in: [${ids(int(2, 5))}] }`,
    () => `_or: [{ customer_id: { _eq: ${customerId()} } }, { customer_id: { _eq: ${customerId()} } }]`,
    () => `_and: [{ customer_id: { _in: [${ids(3)}] } }, { customer_id: { _in: [${ids(3)}] } }]`,
    () => `customer_id: { _eq: ${customerId()}, _in: [${ids(2)}] }`,
    () => `_not: { customer_id: { _neq: ${customerId()} } }`,
    () => `_or: [{ customer_id: { _eq: ${customerId()} } }, { ${comparison(table, other)} }]`,
    () => `customer_id: { _nin: [${ids(2)}] }`,
  ];
  const condition = pick(shapes)();
  const key = condition.slice(0, condition.indexOf(':'));
  return `{ ${condition}${where === undefined ? '' : `, ${key === '_and' ? '_or' : '_and'}: [${where}]`} }`;
}

/**
 * The generated cases: per table, one list per (column, operator) pair and one aggregate per
 * column (the sweeps), then random lists with nested where trees (some on the sharding key),
 * aggregates and connections.
 */
function generateCases(tables: readonly Table[]): { lists: ListCase[]; aggregates: AggregateCase[]; connections: ConnectionCase[] } {
  const lists: ListCase[] = [];
  for (const table of tables) {
    const pairs = table.columns.flatMap((column) => column.ops.map((op) => comparison(table, column, op)));
    // Two (column, operator) pairs per query: either may match, or (sometimes) both must.
    for (let i = 0; i < pairs.length; i += 2) {
      const [a, b] = [pairs[i]!, pairs[i + 1] ?? pairs[0]!];
      const both = a.slice(0, a.indexOf(':')) !== b.slice(0, b.indexOf(':')) && chance(0.3);
      lists.push(listCase(table, both ? `{ ${a}, ${b} }` : `{ _or: [{ ${a} }, { ${b} }] }`));
    }
  }
  for (let i = 0; i < 120; i++) {
    const table = pick(tables);
    const where = chance(0.9) ? boolExp(table, 3) : undefined;
    lists.push(listCase(table, chance(0.3) ? onCustomers(table, where) : where));
  }
  const aggregates = tables.flatMap((table) => table.columns.map((c) => aggregateCase(table, c.name)));
  for (let i = 0; i < 45; i++) aggregates.push(aggregateCase(pick(tables)));
  const connections = Array.from({ length: 30 }, (_, i): ConnectionCase => {
    const table = tables[i % tables.length]!;
    const where = chance(0.8) ? boolExp(table, 2) : undefined;
    return { kind: 'connection', table, first: i % 10 === 0 ? 0 : int(10, 100), where: chance(0.25) ? onCustomers(table, where) : where, order: orderBy(table, false) };
  });
  return { lists, aggregates, connections };
}

/**
 * Nested queries over the relationships (generated after the flat cases, so those stay as they
 * were): every root in a total order, children with random where / order_by / per-parent limit
 * and offset, and R_aggregate, through co-located (customer → corders), sharded → unsharded
 * (corder → product), unsharded → sharded by scatter (product → orders) and by primary key
 * (corder → customer) relationships.
 */
function nestedCases(tables: readonly Table[]): string[] {
  const [customer, corder] = [tables.find((t) => t.name === 'customer')!, tables.find((t) => t.name === 'corder')!];
  const columns = (t: Table): string => t.columns.map((c) => c.name).join(' ');
  const childArgs = (t: Table): string =>
    args([
      chance(0.6) ? `where: ${boolExp(t, 2)}` : undefined,
      chance(0.8) ? `order_by: ${orderByArg(orderBy(t))}` : undefined,
      chance(0.5) ? `limit: ${int(0, 6)}` : undefined,
      chance(0.3) ? `offset: ${int(0, 4)}` : undefined,
    ]);
  const out: string[] = [];
  for (let i = 0; i < 25; i++) {
    const where = chance(0.5) ? onCustomers(customer, undefined) : boolExp(customer, 1);
    const aggregateWhere = args([chance(0.5) ? `where: ${boolExp(corder, 1)}` : undefined]);
    out.push(
      `{ r: customer(where: ${where}, order_by: [{ customer_id: asc }], limit: ${int(1, 15)}) { ${columns(customer)} corders${childArgs(corder)} { ${columns(corder)} product { sku price } customer { customer_id } } ` +
        `corders_aggregate${aggregateWhere} { aggregate { count sum { price } avg { price } min { created_at } max { price } } } } }`,
    );
  }
  for (let i = 0; i < 15; i++) {
    out.push(
      `{ r: product(order_by: [{ sku: asc }], limit: ${int(1, 8)}, offset: ${int(0, 190)}) { sku orders${childArgs(corder)} { order_id customer { customer_id name corders_aggregate { aggregate { count } } } } ` +
        'orders_aggregate { aggregate { count max { price } avg { price } } } } }',
    );
  }
  for (let i = 0; i < 10; i++) {
    out.push(`{ r: corder(where: ${onCustomers(corder, undefined)}, order_by: [{ order_id: asc }], limit: 20) { order_id customer { customer_id corders${childArgs(corder)} { order_id } } } }`);
  }
  return out;
}

// ---- Comparing results ----

type Row = Record<string, unknown>;

/** utf8mb4_general_ci equality: case- and accent-insensitive, trailing spaces ignored (PAD SPACE). */
function textWeight(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/ +$/, '');
}

function sortKey(table: Table, column: string, value: unknown): unknown {
  const c = table.columns.find((col) => col.name === column)!;
  return c.type === 'String' && !c.isEnum && typeof value === 'string' ? textWeight(value) : value;
}

const canonical = (rows: readonly Row[]): string[] => rows.map((r) => JSON.stringify(r)).sort();
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Why `actual` is not an answer the unsharded `expected` allows, or undefined. `filtered`: every row the where matches (unsharded). */
function listMismatch(c: ListCase, expected: readonly Row[], actual: readonly Row[], filtered: readonly Row[] | undefined): string | undefined {
  if (c.order.total) return same(expected, actual) ? undefined : 'rows differ (total order: must be equal, in order)';
  if (actual.length !== expected.length) return `${actual.length} rows, unsharded ${expected.length}`;
  const keys = (rows: readonly Row[]): unknown[] => rows.map((r) => c.order.terms.map(([col]) => sortKey(c.table, col, r[col])));
  if (!same(keys(expected), keys(actual))) return `the sort key sequence (${c.order.terms.map(([col]) => col).join(', ')}) differs`;
  if (filtered === undefined) return same(canonical(expected), canonical(actual)) ? undefined : 'the multisets of rows differ';
  const all = new Set(filtered.map((r) => JSON.stringify(r)));
  const stray = actual.find((r) => !all.has(JSON.stringify(r)));
  return stray === undefined ? undefined : `row ${JSON.stringify(stray)} does not match the where`;
}

/** Equal to 4 decimals (MySQL's AVG scale), relative for large magnitudes. */
function close(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(Number(a) - Number(b)) <= 1e-4 + Math.abs(Number(b)) * 1e-12;
}

function aggregateMismatch(table: Table, expected: Record<string, unknown>, actual: Record<string, unknown>): string | undefined {
  for (const [part, value] of Object.entries(expected)) {
    const got = actual[part];
    if (value === null || typeof value !== 'object') {
      if (got !== value) return `${part}: ${JSON.stringify(got)}, unsharded ${JSON.stringify(value)}`;
      continue;
    }
    for (const [column, v] of Object.entries(value as Row)) {
      const g = (got as Row | null)?.[column];
      const type = table.columns.find((c) => c.name === column)!.type;
      const ok =
        part === 'avg' || (part === 'sum' && type === 'Float')
          ? close(g, v)
          : (part === 'min' || part === 'max') && type === 'String'
            ? sortKey(table, column, g) === sortKey(table, column, v)
            : same(g, v);
      if (!ok) return `${part}.${column}: ${JSON.stringify(g)}, unsharded ${JSON.stringify(v)}`;
    }
  }
  return undefined;
}

/** Why nested results differ: the first path where they do (numbers that are not integers compared with `close`, as avg may differ in its last digits). */
function nestedMismatch(expected: unknown, actual: unknown, path = 'r'): string | undefined {
  if (typeof expected === 'number' && typeof actual === 'number' && !Number.isInteger(expected)) return close(actual, expected) ? undefined : `${path}: ${actual}, unsharded ${expected}`;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: ${actual.length} items, unsharded ${expected.length}`;
    for (const [i, item] of expected.entries()) {
      const why = nestedMismatch(item, actual[i], `${path}.${i}`);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null && !Array.isArray(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const why = nestedMismatch((expected as Row)[key], (actual as Row)[key], `${path}.${key}`);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  return same(expected, actual) ? undefined : `${path}: ${JSON.stringify(actual)}, unsharded ${JSON.stringify(expected)}`;
}

// ---- Running ----

let demo: Demo;
let copyDatabase: string;
let sharded: DemoServer;
let unsharded: DemoServer;
let tables: Table[];
let cases: ReturnType<typeof generateCases>;
let nested: string[];

interface Failure {
  readonly what: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly mode: string;
  readonly expected: unknown;
  readonly actual: unknown;
}
const failures: Failure[] = [];
/** Opcodes of the routed (not forced) statements on keyspace customer. */
const routedOpcodes = new Map<string, number>();

function describeFailures(list: readonly Failure[]): string {
  const shown = list.slice(0, 5).map((f) => {
    const text = (v: unknown): string => {
      const s = JSON.stringify(v);
      return s.length > 3000 ? `${s.slice(0, 3000)}…` : s;
    };
    const variables = f.variables === undefined ? '' : `\n  variables: ${JSON.stringify(f.variables)}`;
    return `${f.what} [${f.mode}]\n  query: ${f.query}${variables}\n  unsharded: ${text(f.expected)}\n  sharded:   ${text(f.actual)}`;
  });
  return `${list.length} mismatches${list.length > 5 ? ' (first 5)' : ''}:\n${shown.join('\n')}`;
}

const MODES = ['routed', 'forceScatter'] as const;
type Mode = (typeof MODES)[number];

/** Runs `query` on the sharded server in `mode` (explained, so the plan can be checked). */
async function onSharded(query: string, mode: Mode, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const response = await sharded.explain(query, { forceScatter: mode === 'forceScatter', ...(variables === undefined ? {} : { variables }) });
  for (const entry of response.extensions?.plan ?? []) {
    if (entry.keyspace !== 'customer') continue;
    if (mode === 'routed') routedOpcodes.set(entry.opcode, (routedOpcodes.get(entry.opcode) ?? 0) + 1);
    else if (entry.opcode !== 'None' && !same(entry.shards, ['-80', '80-'])) failures.push({ what: 'forced scatter did not reach both shards', query, mode, expected: ['-80', '80-'], actual: entry });
  }
  return response;
}

/** The `r` field of a response, or the errors when there are any. */
function resultOf(response: GraphQLResponse): { ok: true; value: unknown } | { ok: false; errors: unknown } {
  if (response.errors !== undefined || response.data === null || response.data === undefined) return { ok: false, errors: response.errors ?? response };
  return { ok: true, value: response.data.r };
}

async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** Runs one query on the unsharded copy and on the sharded API in both modes, comparing with `mismatch`. */
async function differential(
  query: string,
  variables: Record<string, unknown> | undefined,
  mismatch: (expected: unknown, actual: unknown) => Promise<string | undefined> | string | undefined,
): Promise<void> {
  const [expected, ...actuals] = await Promise.all([
    unsharded.query(query, variables === undefined ? {} : { variables }),
    ...MODES.map((mode) => onSharded(query, mode, variables)),
  ]);
  const shown = variables === undefined ? { query } : { query, variables };
  const want = resultOf(expected);
  if (!want.ok) {
    failures.push({ what: 'the unsharded copy answered with errors', ...shown, mode: 'unsharded', expected: want.errors, actual: null });
    return;
  }
  for (const [i, response] of actuals.entries()) {
    const got = resultOf(response);
    const why = got.ok ? await mismatch(want.value, got.value) : 'the sharded API answered with errors';
    if (why !== undefined) failures.push({ what: why, ...shown, mode: MODES[i]!, expected: want.value, actual: got.ok ? got.value : got.errors });
  }
}

beforeAll(async () => {
  demo = await upDemo();
  const rows = loyaltyRows();
  for (const shard of ['-80', '80-']) {
    const own = rows.filter((r) => customerShardOf(r[0] as number) === shard);
    await runInDatabase(demo.databases[`customer/${shard}`]!, [LOYALTY_DDL, [`INSERT INTO loyalty (${LOYALTY_COLUMNS.join(', ')}) VALUES ?`, [own]]]);
  }
  // The unsharded copy: every row of both customer shards in one database.
  copyDatabase = `${demo.prefix}customer_all`;
  const [low, high] = [demo.databases['customer/-80']!, demo.databases['customer/80-']!];
  const copy = ['customer', 'corder', 'loyalty'].flatMap((t) => [
    `CREATE TABLE \`${t}\` LIKE \`${low}\`.\`${t}\``,
    `INSERT INTO \`${t}\` SELECT * FROM \`${low}\`.\`${t}\` UNION ALL SELECT * FROM \`${high}\`.\`${t}\``,
  ]);
  await adminQuery(`CREATE DATABASE \`${copyDatabase}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  // CREATE TABLE … LIKE copies no foreign key: the copy gets the demo's, so both APIs have the same relationships.
  await runInDatabase(copyDatabase, [...copy, 'ALTER TABLE corder ADD CONSTRAINT corder_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id)']);

  const configDir = path.dirname(demo.configPath);
  const json = JSON.parse(await readFile(demo.configPath, 'utf8')) as { keyspaces: { customer: { vschema: unknown } } };
  const reference = json.keyspaces.customer.vschema;
  const customerVSchema = (typeof reference === 'string' ? JSON.parse(await readFile(path.resolve(configDir, reference), 'utf8')) : reference) as { tables: Record<string, unknown> };
  const withLoyalty = await demo.writeConfig('sharded.json', (config) => {
    config.keyspaces.customer!.vschema = { ...customerVSchema, tables: { ...customerVSchema.tables, loyalty: { column_vindexes: [{ column: 'customer_id', name: 'hash' }] } } };
  });
  const unshardedPath = await demo.writeConfig('unsharded.json', (config) => {
    config.keyspaces.customer = { vschema: { sharded: false, tables: {} }, shards: { '0': { primary: testDatabaseUrl(copyDatabase) } } };
  });
  [sharded, unsharded] = await Promise.all([startDemoServer(withLoyalty), startDemoServer(unshardedPath)]);

  const types = async (srv: DemoServer): Promise<Map<string, IntrospectedType>> => {
    const response = await srv.query(INTROSPECTION);
    return new Map((response.data!.__schema as { types: IntrospectedType[] }).types.map((t) => [t.name, t]));
  };
  const [shardedTypes, unshardedTypes] = await Promise.all([types(sharded), types(unsharded)]);
  tables = [];
  for (const name of TABLES) {
    const leaves = shardedTypes.get(name)!.fields!.filter((f) => ['SCALAR', 'ENUM'].includes(named(f.type).kind) && named(f.type).name !== 'ID');
    const all = await unsharded.query(`{ r: ${name}(limit: 10000) { ${leaves.map((f) => f.name).join(' ')} } }`);
    const model = tableModel(shardedTypes, name, all.data!.r as Row[]);
    // The two APIs must describe each table alike (descriptions aside) for the queries to mean the same.
    expect(tableModel(unshardedTypes, name, all.data!.r as Row[])).toEqual(model);
    tables.push(model);
  }
  cases = generateCases(tables);
  nested = nestedCases(tables);
}, 120_000);

afterAll(async () => {
  await Promise.all([sharded?.server.stop(), unsharded?.server.stop()]);
  if (copyDatabase !== undefined) await adminQuery(`DROP DATABASE IF EXISTS \`${copyDatabase}\``);
  await demo?.destroy();
});

describe('the sharded API answers as an unsharded copy of the data does', () => {
  it('generated every operator on every column type, nullable and not', () => {
    const kinds = new Set(tables.flatMap((t) => t.columns.map((c) => `${c.isEnum ? 'enum' : c.type}${c.nullable ? '?' : ''}`)));
    for (const kind of ['Int', 'Int?', 'BigInt', 'BigInt?', 'Float?', 'Decimal', 'Decimal?', 'String', 'String?', 'Date?', 'DateTime', 'DateTime?', 'Boolean?', 'enum', 'enum?']) {
      expect(kinds).toContain(kind);
    }
    for (const kind of kinds) {
      const like = kind.startsWith('String') || kind.startsWith('enum');
      for (const op of ALL_OPERATORS.filter((o) => like || (o !== '_like' && o !== '_nlike'))) expect(coverage, `${kind} ${op}`).toContain(`${kind} ${op}`);
    }
    expect(cases.lists.length + cases.aggregates.length + cases.connections.length).toBeGreaterThanOrEqual(300);
  });

  it('lists: where / order_by (six directions, with and without a primary key tiebreak) / limit / offset', async () => {
    const before = failures.length;
    await inParallel(cases.lists, 6, (c) =>
      differential(c.query, c.variables, async (expected, actual) => {
        let filtered: Row[] | undefined;
        if (!c.order.total && (c.limit !== undefined || (c.offset ?? 0) > 0)) {
          const all = resultOf(await unsharded.query(`{ r: ${c.table.name}${args([c.where === undefined ? undefined : `where: ${c.where}`])} { ${c.table.columns.map((col) => col.name).join(' ')} } }`));
          filtered = all.ok ? (all.value as Row[]) : [];
        }
        return listMismatch(c, expected as Row[], actual as Row[], filtered);
      }),
    );
    const mine = failures.slice(before);
    expect(mine, describeFailures(mine)).toEqual([]);
    // The generated where trees exercised routing, not only scatters.
    expect([...routedOpcodes.keys()]).toEqual(expect.arrayContaining(['EqualUnique', 'IN', 'Scatter']));
  }, 120_000);

  it('aggregates: count (of rows, of columns, distinct), sum, avg, min, max', async () => {
    const before = failures.length;
    await inParallel(cases.aggregates, 6, (c) =>
      differential(c.query, c.variables, (expected, actual) => aggregateMismatch(c.table, (expected as { aggregate: Row }).aggregate, (actual as { aggregate: Row }).aggregate)),
    );
    const mine = failures.slice(before);
    expect(mine, describeFailures(mine)).toEqual([]);
  }, 120_000);

  it('connections paged to the end list the same rows in the same pages', async () => {
    const before = failures.length;
    type Page = { edges: { cursor: string; node: Row }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } };
    const pages = async (c: ConnectionCase, send: (query: string) => Promise<GraphQLResponse>): Promise<{ pages: { nodes: Row[]; hasNextPage: boolean }[] } | { errors: unknown; query: string }> => {
      const out: { nodes: Row[]; hasNextPage: boolean }[] = [];
      let after: string | null = null;
      for (let i = 0; i < 400; i++) {
        const query = connectionQuery(c, after);
        const result = resultOf(await send(query));
        if (!result.ok) return { errors: result.errors, query };
        const page = result.value as Page;
        out.push({ nodes: page.edges.map((e) => e.node), hasNextPage: page.pageInfo.hasNextPage });
        const consistent = page.pageInfo.hasPreviousPage === false && page.pageInfo.endCursor === (page.edges.at(-1)?.cursor ?? null) && page.pageInfo.startCursor === (page.edges[0]?.cursor ?? null);
        if (!consistent) return { errors: `inconsistent pageInfo ${JSON.stringify(page.pageInfo)}`, query };
        if (!page.pageInfo.hasNextPage || c.first === 0) break;
        after = page.pageInfo.endCursor;
      }
      return { pages: out };
    };
    await inParallel(cases.connections, 4, async (c) => {
      const shown = connectionQuery(c, null);
      const [expected, ...actuals] = await Promise.all([pages(c, (q) => unsharded.query(q)), ...MODES.map((mode) => pages(c, (q) => onSharded(q, mode)))]);
      if (!('pages' in expected)) {
        failures.push({ what: 'the unsharded copy answered with errors', query: expected.query, mode: 'unsharded', expected: expected.errors, actual: null });
        return;
      }
      for (const [i, actual] of actuals.entries()) {
        if (!('pages' in actual)) failures.push({ what: 'the sharded API answered with errors', query: actual.query, mode: MODES[i]!, expected: expected.pages, actual: actual.errors });
        else if (!same(actual.pages, expected.pages)) failures.push({ what: 'the pages differ', query: shown, mode: MODES[i]!, expected: expected.pages, actual: actual.pages });
      }
    });
    const mine = failures.slice(before);
    expect(mine, describeFailures(mine)).toEqual([]);
  }, 120_000);

  it('nested queries over relationships (per-parent limit/offset, where, order_by, R_aggregate) answer as the unsharded copy', async () => {
    const before = failures.length;
    await inParallel(nested, 4, (query) => differential(query, undefined, (expected, actual) => nestedMismatch(expected, actual)));
    const mine = failures.slice(before);
    expect(mine, describeFailures(mine)).toEqual([]);
  }, 120_000);
});
