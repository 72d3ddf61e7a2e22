// Differential tests of planner + engine + pools against real MariaDB: one generated dataset
// stored unsharded and sharded by `hash(id)` over 1, 2 and 4 shards (each row on the shard its
// vindex names, plus a lookup vindex on `email`), then a few hundred generated QueryRequests
// run on every layout must return what the unsharded copy returns: filters, ORDER BY (text by
// collation, ENUM/SET by member number), paging, aggregates (MIN/MAX of ENUM/SET by text) and
// COUNT(DISTINCT) of one or several columns. The planner gets the columns introspection reads
// (types and collation facts), as the server will. Needs the shared test server
// (test/helpers/mariadb.ts); databases are created with a unique prefix and dropped.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parseConfig.js';
import { describePlan } from '../../src/sharding/plan/describePlan.js';
import { executePlan, type ExecutionResult } from '../../src/engine/executePlan.js';
import { createExecutionLog } from '../../src/engine/executionObserver.js';
import { createShardExecutor, type MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import { resolveDestination } from '../../src/sharding/key/resolveDestination.js';
import { planQuery, type PlanningContext } from '../../src/sharding/planner/planQuery.js';
import type { AggregateRequest, OrderBy, Predicate, QueryRequest } from '../../src/sharding/planner/queryRequest.js';
import type { SelectPlan } from '../../src/sharding/plan/plan.js';
import { isServiceError, type ServiceError } from '../../src/errors/serviceError.js';
import { createVindex } from '../../src/sharding/vindexes/registry.js';
import { buildTopology } from '../../src/topology/buildTopology.js';
import { findKeyspace, shardRanges, type Topology } from '../../src/topology/topology.js';
import { SQL_NULL, makeSqlValue, sqlDecimal, sqlInt64, sqlUint64, sqlValueToString, sqlVarchar, type SqlType, type SqlValue } from '../../src/util/sqlValue.js';
import { introspectedPlanning } from '../helpers/introspectedPlanning.js';
import { createTestDatabases, runInDatabase, type TestDatabases } from '../helpers/mariadb.js';
import { createSeededRandom } from '../../src/util/seededRandom.js';

// ---- Deterministic randomness: the same data and queries on every run ----

const random = createSeededRandom(20240917);
const chance = (p: number): boolean => random() < p;
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pickSome = <T>(items: readonly T[], n: number): T[] => {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
};

// ---- The dataset ----

type Kind = 'int' | 'uint' | 'dec' | 'text' | 'date' | 'enum' | 'set';
type Column = 'id' | 'tenant' | 'score' | 'big' | 'balance' | 'name' | 'city' | 'email' | 'born' | 'note' | 'mood' | 'tags';

const COLUMNS: Readonly<Record<Column, { kind: Kind; nullable: boolean; type: SqlType }>> = {
  id: { kind: 'int', nullable: false, type: 'INT64' },
  tenant: { kind: 'int', nullable: false, type: 'INT32' },
  score: { kind: 'int', nullable: true, type: 'INT32' },
  big: { kind: 'uint', nullable: true, type: 'UINT64' },
  balance: { kind: 'dec', nullable: true, type: 'DECIMAL' },
  name: { kind: 'text', nullable: true, type: 'VARCHAR' },
  city: { kind: 'text', nullable: false, type: 'VARCHAR' },
  email: { kind: 'text', nullable: false, type: 'VARCHAR' },
  born: { kind: 'date', nullable: true, type: 'DATE' },
  note: { kind: 'text', nullable: true, type: 'TEXT' },
  mood: { kind: 'enum', nullable: true, type: 'ENUM' },
  tags: { kind: 'set', nullable: true, type: 'SET' },
};
const COLUMN_NAMES = Object.keys(COLUMNS) as Column[];
const TEXT_COLUMNS = COLUMN_NAMES.filter((c) => COLUMNS[c].kind === 'text');
const NUMERIC_COLUMNS = COLUMN_NAMES.filter((c) => ['int', 'uint', 'dec'].includes(COLUMNS[c].kind));

// ENUM members whose member order differs from their text order (MySQL sorts an ENUM by
// member number, compares it as text under MIN/MAX); a 64-member SET, whose bit set passes
// 2^63 with its last member (MariaDB's `s + 0` turns negative there).
const MOODS = ['zeta', 'alpha', 'Mid', 'mid2', 'Beta', 'ä'];
const TAGS = Array.from({ length: 64 }, (_, i) => (i === 63 ? 'Last' : `t${String(i).padStart(2, '0')}`));

const CREATE_CUSTOMER = `CREATE TABLE customer (
  id BIGINT NOT NULL PRIMARY KEY,
  tenant INT NOT NULL,
  score INT NULL,
  big BIGINT UNSIGNED NULL,
  balance DECIMAL(12,2) NULL,
  name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
  city VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NOT NULL,
  email VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
  born DATE NULL,
  note TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NULL,
  mood ENUM(${MOODS.map((m) => `'${m}'`).join(', ')}) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
  tags SET(${TAGS.map((t) => `'${t}'`).join(', ')}) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
  KEY (name), KEY (tenant)
)`;
const CREATE_EMAIL_IDX = `CREATE TABLE email_idx (
  email VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL PRIMARY KEY,
  keyspace_id VARBINARY(16) NOT NULL
)`;

// Case and accent variants that collate equal (or close) in the general and unicode_520 collations,
// and values that differ only by trailing spaces or end in a character below space: PAD SPACE
// collations ignore trailing spaces, so the merge compares weight strings padded with the
// collation's space weight (src/sharding/planner/mergeWeight.ts).
const NAMES = [
  'José', 'jose', 'JOSE', 'Zoë', 'zoe', 'Ana', 'ana', 'ANA', 'Ångström', 'angstrom', 'Émile', 'emile', 'Bob', 'bob',
  'Łukasz', 'lukasz', 'Straße', 'strasse', 'Åsa', 'asa', 'Müller', 'muller', 'Mueller', 'ñandú', 'Nandu', "O'Brien",
  'o_brien', '50%', 'a', 'A', 'b', '', 'Zoë 😀', '😺', 'Zed', 'zz', 'Ülle', 'ulle', 'Ørjan', 'orjan', 'Çelik', 'celik',
  'ana ', 'Bob  ', 'a\t',
];
// TEXT in utf8mb4_unicode_520_ci (a space weighs 020A; U+00A0 weighs as a space, U+200B nothing).
const NOTES = [
  'note', 'Note ', 'note  ', 'note\t', 'note\u00a0', 'note\u200b', 'nöte', 'NOTE\u0001', ' note', '', ' ', '\t', 'Straße ',
  'strasse', 'ß', 'ss\t', '😀', '😀 ', 'zz', 'ZZ  ',
];
const CITIES = [
  'Zürich', 'zurich', 'ZURICH', 'São Paulo', 'sao paulo', 'Kraków', 'krakow', 'Reykjavík', 'reykjavik', 'Åre', 'Are',
  'Tromsø', 'tromso', 'Łódź', 'lodz', 'Ærø', 'Aero', 'Berlin', 'berlin', 'Köln', 'koln', 'Oslo',
];
const BIG_EDGES = [0n, 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 2n, 2n ** 64n - 1n];
const ID_EDGES = [-(2n ** 63n), -1000n, -1n, 0n, 2n ** 63n - 1n];

interface CustomerRow {
  readonly id: bigint;
  readonly tenant: number;
  readonly score: number | null;
  readonly big: bigint | null;
  readonly balance: string | null;
  readonly name: string | null;
  readonly city: string;
  readonly email: string;
  readonly born: string | null;
  readonly note: string | null;
  readonly mood: string | null;
  readonly tags: string | null;
}

function randomBig(): bigint {
  if (chance(0.3)) return pick(BIG_EDGES);
  return BigInt(int(0, 2 ** 31)) * BigInt(int(0, 2 ** 31)) * BigInt(int(1, 4));
}

function randomDecimal(): string {
  const cents = int(-999999, 999999);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function randomDate(): string {
  return `${int(1950, 2020)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
}

/** A SET value: members in definition order (as MySQL returns them), often with the 64th. */
function randomTags(): string {
  const members = new Set(pickSome([...TAGS.slice(0, 4), TAGS[62]!, TAGS[63]!, TAGS[63]!], int(0, 3)));
  return TAGS.filter((t) => members.has(t)).join(',');
}

function generateRows(count: number): CustomerRow[] {
  const ids = new Set<bigint>(ID_EDGES);
  while (ids.size < count) ids.add(BigInt(int(1, 5000)));
  return [...ids].map((id, n) => ({
    id,
    tenant: int(0, 9),
    score: chance(0.2) ? null : int(-50, 50),
    big: chance(0.15) ? null : randomBig(),
    balance: chance(0.15) ? null : randomDecimal(),
    name: chance(0.15) ? null : pick(NAMES),
    city: pick(CITIES),
    email: `${chance(0.5) ? 'User' : 'user'}${n}@${pick(['example.com', 'Example.COM', 'exämple.org'])}`,
    born: chance(0.2) ? null : randomDate(),
    note: chance(0.15) ? null : pick(NOTES),
    mood: chance(0.15) ? null : pick(MOODS),
    tags: chance(0.15) ? null : randomTags(),
  }));
}

const ROWS = generateRows(480);

// ---- Layouts: the unsharded reference, then 1, 2 and 4 shards ----

const LAYOUTS = {
  plain: ['0'],
  s1: ['-'],
  s2: ['-80', '80-'],
  s4: ['-40', '40-80', '80-c0', 'c0-'],
} as const;
type LayoutName = keyof typeof LAYOUTS;
const SHARDED: readonly LayoutName[] = ['s1', 's2', 's4'];

const dbName = (keyspace: string, shard: string): string => `${keyspace}_${shard.replace(/-/g, 'x') || 'x'}`;

function shardedVSchema(): unknown {
  return {
    sharded: true,
    vindexes: {
      hash: { type: 'hash' },
      email_idx: { type: 'lookup_unique', params: { table: 'lookup.email_idx', from: 'email', to: 'keyspace_id' }, owner: 'customer' },
    },
    tables: {
      customer: {
        column_vindexes: [
          { column: 'id', name: 'hash' },
          { column: 'email', name: 'email_idx' },
        ],
      },
    },
  };
}

function vschemas(): Record<string, unknown> {
  return {
    plain: { sharded: false, tables: { customer: {} } },
    lookup: { sharded: false, tables: { email_idx: {} } },
    ...Object.fromEntries(SHARDED.map((ks) => [ks, shardedVSchema()])),
  };
}

function allShards(): [string, string][] {
  return [...(Object.entries(LAYOUTS) as [string, readonly string[]][]), ['lookup', ['0']] as [string, readonly string[]]].flatMap(([ks, shards]) =>
    shards.map((shard): [string, string] => [ks, shard]),
  );
}

function sqlLiteralRow(r: CustomerRow): unknown[] {
  return [r.id.toString(), r.tenant, r.score, r.big?.toString() ?? null, r.balance, r.name, r.city, r.email, r.born, r.note, r.mood, r.tags];
}

// ---- Query generation ----

function valueOf(column: Column, row: CustomerRow): SqlValue {
  const v = row[column];
  if (v === null) return SQL_NULL;
  switch (COLUMNS[column].kind) {
    case 'int':
      return sqlInt64(BigInt(v));
    case 'uint':
      return sqlUint64(v as bigint);
    case 'dec':
      return sqlDecimal(String(v));
    case 'date':
      return makeSqlValue('DATE', String(v));
    case 'text':
    case 'enum':
    case 'set':
      return sqlVarchar(String(v));
  }
}

function varyCase(text: string): string {
  return pick([text, text.toUpperCase(), text.toLowerCase()]);
}

/** A value for comparing with `column`: mostly one the data holds (maybe recased), sometimes not. */
function someValue(column: Column): SqlValue {
  const row = pick(ROWS);
  const v = valueOf(column, row);
  if (v.type === 'NULL' || chance(0.15)) {
    switch (COLUMNS[column].kind) {
      case 'int':
        return sqlInt64(int(-60, 5100));
      case 'uint':
        return sqlUint64(randomBig());
      case 'dec':
        return sqlDecimal(randomDecimal());
      case 'date':
        return makeSqlValue('DATE', randomDate());
      case 'text':
        return sqlVarchar(pick(['', 'm', 'Zz', 'user2', 'ÿ']));
      case 'enum':
        return sqlVarchar(pick(MOODS));
      case 'set':
        return sqlVarchar(randomTags());
    }
  }
  return COLUMNS[column].kind === 'text' && chance(0.3) ? sqlVarchar(varyCase(sqlValueToString(v))) : v;
}

function likePattern(column: Column): SqlValue {
  const text = sqlValueToString(someValue(column));
  const chars = [...text];
  const at = int(0, Math.max(0, chars.length - 1));
  return sqlVarchar(
    pick([
      `${chars.slice(0, int(0, 3)).join('')}%`,
      `%${chars.slice(at, at + 2).join('')}%`,
      chars.map((c, k) => (k === at ? '_' : c)).join(''),
      `%${chars.slice(-2).join('')}`,
    ]),
  );
}

function routingAtom(): Predicate {
  if (chance(0.5)) {
    const ids = Array.from({ length: int(1, 6) }, () => someValue('id'));
    return ids.length === 1 ? { kind: 'cmp', column: 'id', op: '=', value: ids[0]! } : { kind: 'in', column: 'id', values: ids, negated: false };
  }
  const emails = Array.from({ length: int(1, 4) }, () => someValue('email'));
  return emails.length === 1 ? { kind: 'cmp', column: 'email', op: '=', value: emails[0]! } : { kind: 'in', column: 'email', values: emails, negated: false };
}

function atom(): Predicate {
  const column = pick(COLUMN_NAMES);
  const r = random();
  if (r < 0.35) return { kind: 'cmp', column, op: pick(['=', '!=', '<', '<=', '>', '>='] as const), value: someValue(column) };
  if (r < 0.55) {
    const values = Array.from({ length: int(1, 5) }, () => (chance(0.1) ? SQL_NULL : someValue(column)));
    return { kind: 'in', column, values, negated: chance(0.25) };
  }
  if (r < 0.7) return { kind: 'isNull', column: pick(COLUMN_NAMES.filter((c) => COLUMNS[c].nullable)), negated: chance(0.5) };
  if (r < 0.85) {
    const text = pick(TEXT_COLUMNS);
    return { kind: 'like', column: text, pattern: likePattern(text), negated: chance(0.2) };
  }
  return routingAtom();
}

function predicate(depth: number): Predicate {
  if (depth === 0 || chance(0.4)) return atom();
  const r = random();
  if (r < 0.15) return { kind: 'not', operand: predicate(depth - 1) };
  const operands = Array.from({ length: int(2, 3) }, () => predicate(depth - 1));
  return { kind: r < 0.6 ? 'and' : 'or', operands };
}

function where(): Predicate | undefined {
  const r = random();
  if (r < 0.1) return undefined;
  if (r < 0.45) return { kind: 'and', operands: [routingAtom(), ...(chance(0.6) ? [predicate(2)] : [])] };
  return predicate(3);
}

function orderTerm(column: Column): OrderBy {
  const direction = chance(0.5) ? 'asc' : 'desc';
  const nulls = chance(0.5) ? undefined : pick(['first', 'last'] as const);
  return nulls === undefined ? { column, direction } : { column, direction, nulls };
}

/**
 * COUNT(DISTINCT) of one column or several; with `id` (the hash vindex's column) each shard's
 * distinct values are disjoint and the counts are summed, otherwise the shards' distinct
 * values are merged.
 */
function countDistinct(alias: string): AggregateRequest {
  const r = random();
  if (r < 0.5) return { fn: 'countDistinct', column: pick(COLUMN_NAMES), alias };
  const columns = pickSome(COLUMN_NAMES, int(2, 3));
  return { fn: 'countDistinct', columns: r < 0.7 ? [...columns.filter((c) => c !== 'id'), 'id'] : columns, alias };
}

function aggregates(): AggregateRequest[] {
  return Array.from({ length: int(1, 4) }, (_, k): AggregateRequest => {
    const alias = `a${k}`;
    const r = random();
    if (r < 0.15) return { fn: 'count', alias };
    if (r < 0.27) return { fn: 'count', column: pick(COLUMN_NAMES), alias };
    if (r < 0.4) return { fn: 'sum', column: pick(NUMERIC_COLUMNS), alias };
    if (r < 0.52) return { fn: 'avg', column: pick(NUMERIC_COLUMNS), alias };
    if (r < 0.75) return countDistinct(alias);
    return { fn: r < 0.87 ? 'min' : 'max', column: pick(COLUMN_NAMES), alias };
  });
}

/** A generated request for keyspace `plain`, and whether its ORDER BY is total (ends in the primary key). */
interface Case {
  readonly request: Omit<QueryRequest, 'keyspace'>;
  readonly totalOrder: boolean;
}

function generateCase(): Case {
  const w = where();
  const base = { table: 'customer', ...(w === undefined ? {} : { where: w }) };
  if (chance(0.2)) return { request: { ...base, select: [], aggregates: aggregates() }, totalOrder: false };
  const keys = pickSome(
    COLUMN_NAMES.filter((c) => c !== 'id'),
    int(0, 3),
  ).map(orderTerm);
  const totalOrder = keys.length === 0 ? chance(0.3) : chance(0.6);
  const orderBy = totalOrder ? [...keys, orderTerm('id')] : keys;
  let select = pickSome(COLUMN_NAMES, int(1, 5));
  // Without a total order the merge is checked through the order columns: select them all.
  if (!totalOrder) for (const k of keys) if (!select.includes(k.column as Column)) select.push(k.column as Column);
  if (chance(0.2)) select = [...select.filter((c) => c !== 'id'), ...(totalOrder ? [] : (['id'] as const))];
  if (select.length === 0) select = ['city'];
  const paging = totalOrder && chance(0.6) ? { limit: int(0, 30), ...(chance(0.5) ? { offset: int(0, 40) } : {}) } : {};
  return { request: { ...base, select, ...(orderBy.length > 0 ? { orderBy } : {}), ...paging }, totalOrder };
}

const CASES: Case[] = Array.from({ length: 320 }, generateCase);

// ---- Comparing results ----

/** Weight strings of every text value in the data, by column (hex), read from the server. */
const weights = new Map<Column, Map<string, string>>();

function canon(v: SqlValue): string {
  return v.type === 'NULL' ? 'NULL' : `${v.type}:${sqlValueToString(v)}`;
}

/**
 * A value as its collation sees it: text by weight string, ENUM/SET members by their text
 * alone (MariaDB types MIN(e) of an ENUM as VARCHAR, but as ENUM under a GROUP BY, which a
 * count distinct across shards adds), the rest by type and text.
 */
function collated(column: Column, v: SqlValue): string {
  const kind = COLUMNS[column].kind;
  if (v.type !== 'NULL' && (kind === 'enum' || kind === 'set')) return `member:${sqlValueToString(v)}`;
  if (v.type === 'NULL' || kind !== 'text') return canon(v);
  const weight = weights.get(column)?.get(sqlValueToString(v));
  if (weight === undefined) throw new Error(`no weight string for ${column} value ${JSON.stringify(sqlValueToString(v))}`);
  return `W:${weight}`;
}

function rowsText(result: ExecutionResult): string[] {
  return result.rows.map((r) => r.map(canon).join(' | '));
}

function sortedText(result: ExecutionResult): string[] {
  return rowsText(result).sort();
}

/** Checks `got` against the unsharded reference `want` as the case allows. */
function expectSameResult(c: Case, want: ExecutionResult, got: ExecutionResult, context: string): void {
  expect(got.columns, context).toEqual(want.columns);
  const aggs = c.request.aggregates;
  if (aggs !== undefined) {
    // MIN/MAX of text: rows that collate equal are equally right, so compare weights.
    const collate = (result: ExecutionResult): string[] =>
      result.rows[0]!.map((v, k) => {
        const a = aggs[k]!;
        return (a.fn === 'min' || a.fn === 'max') && a.column !== undefined ? collated(a.column as Column, v) : canon(v);
      });
    expect(got.rows.length, context).toBe(1);
    expect(collate(got), context).toEqual(collate(want));
    return;
  }
  if (c.totalOrder) {
    expect(rowsText(got), context).toEqual(rowsText(want));
    return;
  }
  expect(sortedText(got), context).toEqual(sortedText(want));
  const keys = c.request.orderBy ?? [];
  if (keys.length > 0) {
    const select = c.request.select as Column[];
    const keyOf = (result: ExecutionResult): string[] =>
      result.rows.map((r) => keys.map((k) => collated(k.column as Column, r[select.indexOf(k.column as Column)]!)).join(' | '));
    expect(keyOf(got), context).toEqual(keyOf(want));
  }
}

// ---- Setup ----

let databases: TestDatabases;
let executor: MysqlShardExecutor;
let topology: Topology;
let planning: PlanningContext;

beforeAll(async () => {
  databases = await createTestDatabases(allShards().map(([ks, shard]) => dbName(ks, shard)));
  const keyspaces = Object.fromEntries(
    [...Object.keys(LAYOUTS), 'lookup'].map((ks) => {
      const shards = allShards().filter(([k]) => k === ks);
      return [ks, { vschema: (vschemas() as Record<string, unknown>)[ks], shards: Object.fromEntries(shards.map(([, sh]) => [sh, { primary: databases.urls[dbName(ks, sh)]! }])) }];
    }),
  );
  topology = buildTopology(parseConfig({ keyspaces }, { baseDir: process.cwd() }));

  // Every row goes to the shard its hash vindex names; the lookup table maps email → keyspace id.
  const hash = createVindex('hash', 'hash', {});
  if (hash.kind !== 'singleColumn') throw new Error('hash is a single-column vindex');
  const destinations = hash.map(ROWS.map((r) => sqlInt64(r.id)));
  const ksids = destinations.map((d) => {
    if (d.kind !== 'keyspaceId') throw new Error(`hash mapped an id to ${d.kind}`);
    return d.ksid;
  });
  const insert = 'INSERT INTO customer (id, tenant, score, big, balance, name, city, email, born, note, mood, tags) VALUES ?';
  const loads: Promise<unknown>[] = [];
  for (const [ks, shard] of allShards()) {
    const database = databases.names[dbName(ks, shard)]!;
    if (ks === 'lookup') {
      const values = ROWS.map((r, k) => [r.email, Buffer.from(ksids[k]!)]);
      loads.push(runInDatabase(database, [CREATE_EMAIL_IDX, ['INSERT INTO email_idx (email, keyspace_id) VALUES ?', [values]]]));
      continue;
    }
    const ranges = shardRanges(findKeyspace(topology, ks));
    const mine = ROWS.filter((_r, k) => resolveDestination(destinations[k]!, ranges)[0] === shard);
    const statements: (string | [string, readonly unknown[]])[] = [CREATE_CUSTOMER];
    if (mine.length > 0) statements.push([insert, [mine.map(sqlLiteralRow)]]);
    loads.push(runInDatabase(database, statements));
  }
  await Promise.all(loads);

  const plain = databases.names[dbName('plain', '0')]!;
  for (const column of TEXT_COLUMNS) {
    // AS CHAR(n) pads with spaces: the weights then tie exactly where PAD SPACE collations do.
    const sql = `SELECT \`${column}\` AS v, HEX(WEIGHT_STRING(\`${column}\` AS CHAR(80))) AS w FROM customer`;
    const rows = (await runInDatabase(plain, [sql])) as { v: string | null; w: string | null }[];
    weights.set(column, new Map(rows.filter((r) => r.v !== null).map((r) => [r.v!, r.w ?? ''])));
  }

  executor = createShardExecutor(topology, {
    pool: { size: 8, queueLimit: 10_000, acquireTimeoutMs: 10_000, idleTimeoutMs: 0 },
    limits: { queryTimeoutMs: 20_000, maxRows: 10_000 },
  });

  // The planner reads each keyspace's introspected columns: types and collation facts.
  const introspected = await introspectedPlanning(executor, topology, LAYOUTS, ['customer'], vschemas(), 10_000);
  planning = introspected.planning;
  const customer = introspected.schemas.get('s4')!.tables.get('customer')!.columns;
  expect(customer.map((c) => [c.name, c.type])).toEqual(COLUMN_NAMES.map((c) => [c, COLUMNS[c].type]));
  expect(customer.filter((c) => c.spaceWeight !== undefined).map((c) => [c.name, c.spaceWeight])).toEqual([
    ['name', '0020'],
    ['city', '020a'],
    ['email', '0020'],
    ['note', '020a'],
    ['mood', '0020'],
    ['tags', '0020'],
  ]);
}, 60_000);

afterAll(async () => {
  await executor?.close();
  await databases?.drop();
});

/** Plans and runs a case on a layout; `replica` reads fall back to the primaries (there are no replicas). */
async function run(layout: LayoutName, c: Case, tabletType: 'primary' | 'replica' = 'primary'): Promise<{ result: ExecutionResult; statements: number }> {
  const plan = planQuery({ ...c.request, keyspace: layout }, planning);
  const log = createExecutionLog();
  const result = await executePlan(plan, executor, { layout: topology, observer: log, tabletType });
  return { result, statements: log.statements.length };
}

describe('engine differential: 1, 2 and 4 shards return what the unsharded copy returns', () => {
  it('the data landed: every layout holds every row once', async () => {
    const count: Case = { request: { table: 'customer', select: [], aggregates: [{ fn: 'count', alias: 'n' }] }, totalOrder: false };
    for (const layout of Object.keys(LAYOUTS) as LayoutName[]) {
      const { result } = await run(layout, count);
      expect(rowsText(result), layout).toEqual([`INT64:${ROWS.length}`]);
    }
  });

  it(`${CASES.length} generated requests`, async () => {
    // Cases run a few at a time: the layouts of one case run together.
    const failures: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < CASES.length) {
        const index = next++;
        const c = CASES[index]!;
        const reference = await run('plain', c);
        await Promise.all(
          SHARDED.map(async (layout) => {
            const context = `case ${index} on ${layout}: ${JSON.stringify(c.request, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v && typeof v === 'object' && 'raw' in v ? canon(v as SqlValue) : v))}`;
            try {
              const { result } = await run(layout, c, index % 3 === 0 ? 'replica' : 'primary');
              expectSameResult(c, reference.result, result, context);
            } catch (error) {
              const plan = planQuery({ ...c.request, keyspace: layout }, planning);
              failures.push(`${context}\n${(error as Error).message}\nplan: ${JSON.stringify(describePlan(plan))}`);
            }
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(failures.slice(0, 5).join('\n\n'), `${failures.length} of ${CASES.length * SHARDED.length} differ`).toBe('');
  });

  it('the generated requests cover count distinct (merged and summed) and ENUM/SET order keys', () => {
    const aggregates = CASES.flatMap((c) => c.request.aggregates ?? []);
    const distinct = aggregates.filter((a) => a.fn === 'countDistinct');
    expect(distinct.filter((a) => a.column === 'id' || a.columns?.includes('id')).length).toBeGreaterThan(5);
    expect(distinct.filter((a) => (a.columns?.length ?? 0) > 1 && !a.columns!.includes('id')).length).toBeGreaterThan(5);
    expect(aggregates.filter((a) => (a.fn === 'min' || a.fn === 'max') && (a.column === 'mood' || a.column === 'tags')).length).toBeGreaterThan(1);
    expect(CASES.filter((c) => c.request.orderBy?.some((o) => o.column === 'mood' || o.column === 'tags')).length).toBeGreaterThan(20);
  });

  it('routes by vindex: an id equality reads one shard, an email equality one lookup and one shard', async () => {
    const row = ROWS[7]!;
    const byId: Case = { request: { table: 'customer', select: ['id', 'email'], where: { kind: 'cmp', column: 'id', op: '=', value: sqlInt64(row.id) } }, totalOrder: true };
    const byEmail: Case = { request: { table: 'customer', select: ['id'], where: { kind: 'cmp', column: 'email', op: '=', value: sqlVarchar(row.email.toUpperCase()) } }, totalOrder: true };
    for (const layout of SHARDED) {
      const id = await run(layout, byId);
      expect(id.statements, layout).toBe(1);
      expect(rowsText(id.result)).toEqual([`INT64:${row.id} | VARCHAR:${row.email}`]);
      const email = await run(layout, byEmail);
      expect(email.statements, layout).toBe(2);
      expect(rowsText(email.result)).toEqual([`INT64:${row.id}`]);
    }
  });
});

describe('ENUM/SET order and COUNT(DISTINCT) across shards', () => {
  const cases: [string, Case][] = [
    ['order by an ENUM (member number), paged', { request: { table: 'customer', select: ['id', 'mood'], orderBy: [{ column: 'mood', direction: 'desc' }, { column: 'id', direction: 'asc' }], limit: 40, offset: 7 }, totalOrder: true }],
    ['order by a 64-member SET (unsigned bit set), NULLs last', { request: { table: 'customer', select: ['tags', 'id'], orderBy: [{ column: 'tags', direction: 'asc', nulls: 'last' }, { column: 'id', direction: 'desc' }] }, totalOrder: true }],
    ['order by an ENUM and a SET only (ties in any order)', { request: { table: 'customer', select: ['mood', 'tags', 'city'], orderBy: [{ column: 'mood', direction: 'asc' }, { column: 'tags', direction: 'desc' }] }, totalOrder: false }],
    [
      'min/max of ENUM and SET (by text), count distinct of one and several columns',
      {
        request: {
          table: 'customer',
          select: [],
          aggregates: [
            { fn: 'min', column: 'mood', alias: 'a' },
            { fn: 'max', column: 'mood', alias: 'b' },
            { fn: 'min', column: 'tags', alias: 'c' },
            { fn: 'max', column: 'tags', alias: 'd' },
            { fn: 'countDistinct', column: 'mood', alias: 'e' },
            { fn: 'countDistinct', column: 'tags', alias: 'f' },
            { fn: 'countDistinct', column: 'name', alias: 'g' },
            { fn: 'countDistinct', columns: ['city', 'mood'], alias: 'h' },
            { fn: 'countDistinct', column: 'note', alias: 'i' },
            { fn: 'count', alias: 'j' },
          ],
        },
        totalOrder: false,
      },
    ],
    ['count distinct over the sharding key (summed per shard)', { request: { table: 'customer', select: [], aggregates: [{ fn: 'countDistinct', columns: ['name', 'id'], alias: 'n' }, { fn: 'countDistinct', column: 'id', alias: 'm' }] }, totalOrder: false }],
  ];

  it.each(cases)('%s: every layout returns what the unsharded copy returns', async (_name, c) => {
    const reference = await run('plain', c);
    for (const layout of SHARDED) expectSameResult(c, reference.result, (await run(layout, c)).result, layout);
  });

  it('merges text, ENUM and SET keys, sums over the sharding key', () => {
    const plan = (c: Case): string => JSON.stringify(describePlan(planQuery({ ...c.request, keyspace: 's4' }, planning)));
    expect(plan(cases[0]![1])).toContain('cast(`mood` as unsigned)');
    expect(plan(cases[3]![1])).toContain('weight_string(min(`mood`))');
    expect(plan(cases[3]![1])).toContain('group by `mood`, cast(`mood` as unsigned), `tags`, cast(`tags` as unsigned), `name`, weight_string(`name`)');
    expect(plan(cases[4]![1])).toContain('sum_count_distinct(0) AS n, sum_count_distinct(1) AS m');
  });

  it('the distinct values themselves: each sharded count equals the count of distinct weights in the data', async () => {
    const c: Case = { request: { table: 'customer', select: [], aggregates: [{ fn: 'countDistinct', column: 'name', alias: 'n' }] }, totalOrder: false };
    const distinct = new Set(ROWS.filter((r) => r.name !== null).map((r) => collated('name', sqlVarchar(r.name!))));
    for (const layout of Object.keys(LAYOUTS) as LayoutName[]) expect(rowsText((await run(layout, c)).result), layout).toEqual([`INT64:${distinct.size}`]);
  });

  it('fails with SG505 (RESOURCE_EXHAUSTED) when the shards hold more distinct values than maxRows; one shard counts itself', async () => {
    const c: Omit<QueryRequest, 'keyspace'> = { table: 'customer', select: [], aggregates: [{ fn: 'countDistinct', column: 'email', alias: 'n' }] };
    const small: PlanningContext = { ...planning, limits: { maxRows: 50 } };
    const error = await failure(executePlan(planQuery({ ...c, keyspace: 's4' }, small), executor, { layout: topology, maxRows: 51 }));
    expect(error).toMatchObject({ id: 'SG505', code: 'RESOURCE_EXHAUSTED', details: { maxRows: 50 } });
    expect(error.message).toContain('more than 50 distinct values (limits.maxRows)');
    const one = await executePlan(planQuery({ ...c, keyspace: 'plain' }, small), executor, { layout: topology, maxRows: 51 });
    expect(rowsText(one)).toEqual([`INT64:${ROWS.length}`]);
  });
});

/** A hand-made scatter plan over every shard of `keyspace` running `sql` (one column `v`). */
function scatterPlan(keyspace: LayoutName, sql: string): SelectPlan {
  const targets = LAYOUTS[keyspace].map((shard) => ({ shard, sql, bindVars: {} }));
  return {
    kind: 'select',
    keyspace,
    table: 'customer',
    columns: ['v'],
    route: { kind: 'route', opcode: 'Scatter', keyspace: { name: keyspace, sharded: true }, table: 'customer', sql, bindVars: {}, targets },
    merge: { orderBy: [], offset: 0, resultColumns: 1 },
  };
}

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isServiceError(error)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error;
}

describe('engine on real shards: partial failure, timeout, abort', () => {
  it('a statement failing on one shard fails the scatter, naming that shard only', async () => {
    await runInDatabase(databases.names[dbName('s4', '80-c0')]!, ['CREATE TABLE only_here (v INT)']);
    const error = await failure(executePlan(scatterPlan('s4', 'select v from only_here'), executor));
    expect(error.id).toMatch(/^SG70[0-7]$/);
    expect(error.details.shards).toEqual(['s4/-40', 's4/40-80', 's4/c0-']);
    expect(error.message).toContain('3 of 4 shards (s4/-40, s4/40-80, s4/c0-)');
  });

  it('a statement over its time fails with DEADLINE_EXCEEDED naming every shard', async () => {
    const error = await failure(executePlan(scatterPlan('s2', 'select sleep(5) as v'), executor, { timeoutMs: 300 }));
    expect(error.id).toBe('SG701');
    expect(error.details.shards).toEqual(['s2/-80', 's2/80-']);
  });

  it('aborting cancels the statements in flight', async () => {
    const controller = new AbortController();
    const pending = executePlan(scatterPlan('s4', 'select sleep(5) as v'), executor, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await failure(pending);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(error.details.shards).toEqual(['s4/-40', 's4/40-80', 's4/80-c0', 's4/c0-']);
  });
});
