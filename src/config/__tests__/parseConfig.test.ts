// parseConfig: the INTERFACES.md §2 example (testdata/example, whose two VSchemas are copied
// unchanged from vitessio/vitess examples/local, Apache-2.0), defaults, freezing, and every
// kind of bad input with the exact list of problems it produces.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/problems.js';
import { keyRangeString } from '../../sharding/key/keyRange.js';
import type { Config } from '../config.js';
import { CONFIG_DEFAULTS } from '../configSchema.js';
import { parseConfig } from '../parseConfig.js';

const EXAMPLE_DIR = fileURLToPath(new URL('../testdata/example/', import.meta.url));
const PRIMARY = { primary: 'mysql://root@127.0.0.1:3306/db' };
const SHARDED = { sharded: true };

/** A readFile over an in-memory folder `/cfg`; unknown paths fail like a missing file. */
function memoryFiles(files: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

function parse(json: unknown, files: Record<string, string> = {}): Config {
  return parseConfig(json, { baseDir: '/cfg', readFile: memoryFiles(files) });
}

function problemsOf(json: unknown, files: Record<string, string> = {}): string[] {
  try {
    parse(json, files);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

/** The parts of a Config a person reads, with key ranges as strings. */
function summary(config: Config) {
  return {
    ...config,
    keyspaces: [...config.keyspaces.values()].map((ks) => ({
      ...ks,
      shards: ks.shards.map((s) => ({ ...s, keyRange: keyRangeString(s.keyRange), primary: s.primary.url, replicas: s.replicas.map((r) => r.url) })),
    })),
  };
}

describe('parseConfig on the INTERFACES.md example', () => {
  const json = JSON.parse(
    JSON.stringify({
      listen: { host: '127.0.0.1', port: 4000 },
      keyspaces: {
        commerce: { vschema: 'schema/vschema_commerce_seq.json', shards: { '0': { primary: 'mysql://root@127.0.0.1:3306/commerce' } } },
        customer: {
          vschema: 'schema/vschema_customer_sharded.json',
          shards: {
            '-80': { primary: 'mysql://root@127.0.0.1:3306/customer_x80', replicas: ['mysql://root@127.0.0.1:3307/customer_x80'] },
            '80-': { primary: 'mysql://root@127.0.0.1:3306/customer_80x' },
          },
        },
      },
      relationships: [
        { from: 'customer.rental', name: 'inventory', columns: ['inventory_id'], to: 'commerce.inventory', toColumns: ['inventory_id'], reverse: 'rentals' },
      ],
      pool: { size: 16, acquireTimeoutMs: 2000, idleTimeoutMs: 60000 },
      limits: { queryTimeoutMs: 10000, maxRows: 10000, maxDepth: 15 },
    }),
  ) as unknown;
  const config = parseConfig(json, { baseDir: EXAMPLE_DIR });

  it('reads both VSchema files and learns which keyspace is sharded', () => {
    expect(summary(config)).toEqual({
      listen: { host: '127.0.0.1', port: 4000 },
      keyspaces: [
        {
          name: 'commerce',
          vschema: { tables: { customer_seq: { type: 'sequence' }, order_seq: { type: 'sequence' }, product: {} } },
          vschemaPath: `${EXAMPLE_DIR}schema/vschema_commerce_seq.json`,
          sharded: false,
          shards: [{ name: '0', keyRange: '-', primary: 'mysql://root@127.0.0.1:3306/commerce', replicas: [] }],
        },
        {
          name: 'customer',
          vschema: expect.objectContaining({ sharded: true, vindexes: { xxhash: { type: 'xxhash' } } }),
          vschemaPath: `${EXAMPLE_DIR}schema/vschema_customer_sharded.json`,
          sharded: true,
          shards: [
            { name: '-80', keyRange: '-80', primary: 'mysql://root@127.0.0.1:3306/customer_x80', replicas: ['mysql://root@127.0.0.1:3307/customer_x80'] },
            { name: '80-', keyRange: '80-', primary: 'mysql://root@127.0.0.1:3306/customer_80x', replicas: [] },
          ],
        },
      ],
      relationships: [
        {
          from: { keyspace: 'customer', table: 'rental' },
          name: 'inventory',
          columns: ['inventory_id'],
          to: { keyspace: 'commerce', table: 'inventory' },
          toColumns: ['inventory_id'],
          reverse: 'rentals',
        },
      ],
      pool: { size: 16, acquireTimeoutMs: 2000, idleTimeoutMs: 60000, queueLimit: 1000 },
      limits: { ...CONFIG_DEFAULTS.limits, queryTimeoutMs: 10000, maxRows: 10000, maxDepth: 15 },
      introspection: true,
      transactionMode: 'single',
      federation: false,
      configPath: null,
      baseDir: EXAMPLE_DIR.replace(/\/$/, ''),
    });
  });

  it('parses tablet URLs into their parts', () => {
    const replica = config.keyspaces.get('customer')!.shards[0]!.replicas[0]!;
    expect(replica).toStrictEqual({ url: 'mysql://root@127.0.0.1:3307/customer_x80', user: 'root', host: '127.0.0.1', port: 3307, database: 'customer_x80' });
  });

  it('freezes everything, maps included', () => {
    const customer = config.keyspaces.get('customer')!;
    for (const value of [config, config.listen, config.pool, config.limits, config.relationships, config.relationships[0]!.from, customer, customer.shards, customer.shards[0], customer.shards[0]!.replicas, customer.vschema, (customer.vschema as { tables: object }).tables]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(() => (config.keyspaces as Map<string, unknown>).set('x', {})).toThrow(TypeError);
    expect(() => (config.keyspaces as Map<string, unknown>).delete('customer')).toThrow(TypeError);
    expect([...config.keyspaces.keys()]).toEqual(['commerce', 'customer']);
  });
});

describe('parseConfig defaults', () => {
  it('fills every optional key from CONFIG_DEFAULTS', () => {
    const config = parse({ keyspaces: { main: { vschema: {}, shards: { '0': PRIMARY } } } });
    expect({ ...config, keyspaces: undefined }).toEqual({ ...CONFIG_DEFAULTS, keyspaces: undefined, relationships: [], configPath: null, baseDir: '/cfg' });
    expect(CONFIG_DEFAULTS).toEqual({
      listen: { host: '127.0.0.1', port: 4000 },
      pool: { size: 16, acquireTimeoutMs: 2000, idleTimeoutMs: 60000, queueLimit: 1000 },
      limits: { queryTimeoutMs: 10000, maxRows: 10000, maxDepth: 15, maxAliases: 30, maxTokens: 5000, maxBatchSize: 1000, maxConcurrentOperations: 8, allowScatterWrites: false },
      introspection: true,
      transactionMode: 'single',
      federation: false,
    });
  });

  it('keeps every value given, including edge values', () => {
    const config = parse({
      $schema: './shardgate.schema.json',
      listen: { host: '0.0.0.0', port: 0 },
      keyspaces: { main: { vschema: {}, shards: { '0': PRIMARY } } },
      pool: { size: 1, acquireTimeoutMs: 1, idleTimeoutMs: 1, queueLimit: 0 },
      limits: { queryTimeoutMs: 1, maxRows: 1, maxDepth: 1, maxAliases: 0, maxTokens: 1, maxBatchSize: 1, maxConcurrentOperations: 0, allowScatterWrites: true },
      introspection: false,
      transactionMode: 'multi',
      federation: true,
    });
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 0 });
    expect(config.pool).toEqual({ size: 1, acquireTimeoutMs: 1, idleTimeoutMs: 1, queueLimit: 0 });
    expect(config.limits).toEqual({ queryTimeoutMs: 1, maxRows: 1, maxDepth: 1, maxAliases: 0, maxTokens: 1, maxBatchSize: 1, maxConcurrentOperations: 0, allowScatterWrites: true });
    expect([config.introspection, config.transactionMode, config.federation]).toEqual([false, 'multi', true]);
  });
});

describe('parseConfig VSchemas', () => {
  it('reads relative paths from baseDir and absolute paths as they are', () => {
    const config = parse(
      {
        keyspaces: {
          a: { vschema: 'schema/a.json', shards: { '0': PRIMARY } },
          b: { vschema: '/elsewhere/b.json', shards: { '-80': PRIMARY, '80-': PRIMARY } },
        },
      },
      { '/cfg/schema/a.json': '\uFEFF{"tables": {}}', '/elsewhere/b.json': '{"sharded": true}' },
    );
    expect([...config.keyspaces.values()].map((ks) => [ks.vschemaPath, ks.sharded])).toEqual([
      ['/cfg/schema/a.json', false],
      ['/elsewhere/b.json', true],
    ]);
  });

  it('takes an inline VSchema without a path, copies it, and leaves the input unfrozen', () => {
    const vschema = { sharded: true, tables: { t: {} } };
    const config = parse({ keyspaces: { a: { vschema, shards: { '-': PRIMARY } } } });
    const ks = config.keyspaces.get('a')!;
    expect(ks.vschema).toEqual(vschema);
    expect(ks.vschema).not.toBe(vschema);
    expect('vschemaPath' in ks).toBe(false);
    expect(ks.sharded).toBe(true);
    expect(Object.isFrozen(vschema)).toBe(false);
  });

  it.each([
    [{ sharded: 'true' }, false],
    [{ sharded: 1 }, false],
    [{ sharded: false }, false],
    [{}, false],
    [{ sharded: true }, true],
  ])('reads sharded only as sharded === true: %j', (vschema, sharded) => {
    expect(parse({ keyspaces: { a: { vschema, shards: { '0': PRIMARY } } } }).keyspaces.get('a')!.sharded).toBe(sharded);
  });

  it('reports missing, unreadable, unparsable and non-object files at $.keyspaces.<ks>.vschema', () => {
    const readFile = (path: string): string => {
      if (path === '/cfg/locked.json') throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
      return memoryFiles({ '/cfg/bad.json': '{\n  "tables": {,\n}', '/cfg/list.json': '[]', '/cfg/text.json': '"x"' })(path);
    };
    const keyspaces = Object.fromEntries(['missing', 'locked', 'bad', 'list', 'text'].map((f) => [f, { vschema: `${f}.json`, shards: { '0': PRIMARY } }]));
    expect(() => parseConfig({ keyspaces }, { baseDir: '/cfg', readFile })).toThrow(
      [
        'invalid configuration: 5 problems',
        '$.keyspaces.missing.vschema: VSchema file not found: /cfg/missing.json',
        "$.keyspaces.locked.vschema: cannot read VSchema file /cfg/locked.json: EACCES: permission denied, open '/cfg/locked.json'",
        '$.keyspaces.bad.vschema: VSchema file /cfg/bad.json: invalid JSON at line 2, column 14: Expected property name or \'}\'',
        '$.keyspaces.list.vschema: VSchema file /cfg/list.json: expected a JSON object, got an array',
        '$.keyspaces.text.vschema: VSchema file /cfg/text.json: expected a JSON object, got "x"',
      ].join('\n'),
    );
  });
});

describe('parseConfig rejects', () => {
  it.each([
    ['an array', [], ['$: expected an object, got an array']],
    ['null', null, ['$: expected an object, got null']],
    ['a string', 'shardgate.json', ['$: expected an object, got "shardgate.json"']],
    ['an empty object', {}, ['$.keyspaces: missing (expected an object)']],
    ['no keyspaces', { keyspaces: {} }, ['$.keyspaces: expected at least one keyspace']],
    ['keyspaces as a list', { keyspaces: ['a'] }, ['$.keyspaces: expected an object, got an array']],
  ])('%s', (_name, json, problems) => {
    expect(problemsOf(json)).toEqual(problems);
  });

  it('unknown keys, wrong types and out-of-range values at every level, all at once', () => {
    expect(
      problemsOf({
        listen: { hots: 'localhost', port: 70000 },
        keyspaces: {
          main: { vschema: {}, shard: {}, shards: { '0': { primary: 'mysql://root@h/db', replica: [] } } },
        },
        pool: { size: 0, acquireTimeoutMs: 1.5, idleTimeoutMs: '60000', queueLimit: -1, max: 3 },
        limits: { queryTimeoutMs: null, maxRows: 0, maxDepth: -1, maxAliases: -1, maxTokens: 0, maxBatchSize: 2.5, maxConcurrentOperations: -1, allowScatterWrites: 'no' },
        introspection: 'yes',
        transactionMode: 'twopc',
        federation: 1,
        extra: true,
      }),
    ).toEqual([
      '$.listen.hots: unknown key (expected one of: host, port)',
      '$.listen.port: expected at most 65535, got 70000',
      '$.keyspaces.main.shard: unknown key (expected one of: vschema, shards)',
      '$.keyspaces.main.shards["0"].replica: unknown key (expected one of: primary, replicas)',
      '$.pool.size: expected at least 1, got 0',
      '$.pool.acquireTimeoutMs: expected an integer, got 1.5',
      '$.pool.idleTimeoutMs: expected a number, got "60000"',
      '$.pool.queueLimit: expected at least 0, got -1',
      '$.pool.max: unknown key (expected one of: size, acquireTimeoutMs, idleTimeoutMs, queueLimit)',
      '$.limits.queryTimeoutMs: expected a number, got null',
      '$.limits.maxRows: expected at least 1, got 0',
      '$.limits.maxDepth: expected at least 1, got -1',
      '$.limits.maxAliases: expected at least 0, got -1',
      '$.limits.maxTokens: expected at least 1, got 0',
      '$.limits.maxBatchSize: expected an integer, got 2.5',
      '$.limits.maxConcurrentOperations: expected at least 0, got -1',
      '$.limits.allowScatterWrites: expected true or false, got "no"',
      '$.introspection: expected true or false, got "yes"',
      '$.transactionMode: expected "single" or "multi", got "twopc"',
      '$.federation: expected true or false, got 1',
      '$.extra: unknown key (expected one of: $schema, listen, keyspaces, relationships, pool, limits, introspection, transactionMode, federation)',
    ]);
  });

  it('bad keyspaces, shards and tablet URLs, all at once, never showing a password', () => {
    const problems = problemsOf(
      {
        keyspaces: {
          'bad name': { vschema: 5, shards: {} },
          commerce: { vschema: 'commerce.json', shards: { '0': PRIMARY, '1': PRIMARY } },
          customer: {
            vschema: 'customer.json',
            shards: {
              '-80': { primary: 'foo', replicas: ['mysql://u:hunter2@h:99999/db', 7] },
              '80-c0': { primary: 'postgres://u:hunter2@h/db' },
              'c0-': { replicas: 'mysql://u:hunter2@h/db' },
              '-40': PRIMARY,
            },
          },
          orders: { vschema: 'customer.json', shards: { '-80': PRIMARY, 'c0-': PRIMARY, 'xyz-': PRIMARY } },
          gaps: { vschema: 'customer.json', shards: { '-40': PRIMARY, '80-c0': PRIMARY } },
          nothing: {},
        },
      },
      { '/cfg/commerce.json': '{"tables": {}}', '/cfg/customer.json': '{"sharded": true}' },
    );
    expect(problems).toEqual([
      '$.keyspaces["bad name"]: invalid keyspace name "bad name": use 1 to 64 letters, digits, _ or -',
      '$.keyspaces["bad name"].vschema: expected a VSchema file path or an inline VSchema object, got 5',
      '$.keyspaces["bad name"].shards: expected at least one shard',
      '$.keyspaces.commerce.shards: an unsharded keyspace has exactly one shard, got 2: "0", "1"',
      '$.keyspaces.customer.shards["-80"]: overlaps shard "-40" on -40',
      '$.keyspaces.customer.shards["-80"].primary: expected a mysql:// URL, got "foo"',
      '$.keyspaces.customer.shards["-80"].replicas[0]: invalid tablet URL "mysql://u:***@h:99999/db": invalid port "99999" (expected 1 to 65535)',
      '$.keyspaces.customer.shards["-80"].replicas[1]: expected a mysql:// URL, got 7',
      '$.keyspaces.customer.shards["80-c0"].primary: expected a mysql:// or mariadb:// URL, got "postgres://u:***@h/db"',
      '$.keyspaces.customer.shards["c0-"].replicas: expected an array, got "mysql://u:***@h/db"',
      '$.keyspaces.customer.shards["c0-"].primary: missing (expected a mysql:// URL)',
      '$.keyspaces.orders.shards["xyz-"]: invalid shard name "xyz-": encoding/hex: invalid byte: U+0078 \'x\'',
      '$.keyspaces.gaps.shards: no shard covers 40-80',
      '$.keyspaces.gaps.shards: no shard covers c0-',
      '$.keyspaces.nothing.vschema: missing (expected a VSchema file path or an inline VSchema object)',
      '$.keyspaces.nothing.shards: missing (expected an object)',
    ]);
    expect(problems.join('\n')).not.toMatch(/hunter2/);
  });

  it('bad relationships, all at once', () => {
    const keyspaces = { commerce: { vschema: {}, shards: { '0': PRIMARY } }, customer: { vschema: SHARDED, shards: { '-': PRIMARY } } };
    expect(
      problemsOf({
        keyspaces,
        relationships: [
          { from: 'crm.customer', name: '1st', columns: [], to: 'customer', toColumns: [''], reverse: '__orders' },
          { from: 'customer.corder', name: 'product', columns: ['sku', 'size'], to: 'commerce.product', toColumns: ['sku'], via: 'x' },
          { from: 'customer.corder.x', name: 'p', columns: 'sku', to: 5 },
          'customer.corder -> commerce.product',
        ],
      }),
    ).toEqual([
      '$.relationships[0].from: unknown keyspace "crm" (keyspaces: commerce, customer)',
      '$.relationships[0].name: expected a GraphQL name (letters, digits, _; not starting with a digit or __), got "1st"',
      '$.relationships[0].columns: expected at least 1 item',
      '$.relationships[0].to: expected "keyspace.table", got "customer"',
      '$.relationships[0].toColumns[0]: expected a non-empty string',
      '$.relationships[0].reverse: expected a GraphQL name (letters, digits, _; not starting with a digit or __), got "__orders"',
      '$.relationships[1].toColumns: expected 2 columns to pair with columns, got 1',
      '$.relationships[1].via: unknown key (expected one of: from, name, columns, to, toColumns, reverse)',
      '$.relationships[2].from: expected "keyspace.table", got "customer.corder.x"',
      '$.relationships[2].columns: expected an array, got "sku"',
      '$.relationships[2].to: expected "keyspace.table", got 5',
      '$.relationships[2].toColumns: missing (expected an array)',
      '$.relationships[3]: expected an object, got "customer.corder -> commerce.product"',
    ]);
  });

  it('a relationship field declared twice on one table', () => {
    const keyspaces = { commerce: { vschema: {}, shards: { '0': PRIMARY } } };
    const rel = (from: string, name: string, to: string, reverse?: string) => ({ from, name, columns: ['a'], to, toColumns: ['b'], ...(reverse ? { reverse } : {}) });
    expect(
      problemsOf({
        keyspaces,
        relationships: [
          rel('commerce.corder', 'product', 'commerce.product', 'orders'),
          rel('commerce.corder', 'product', 'commerce.product'),
          rel('commerce.product', 'orders', 'commerce.other', 'product'),
        ],
      }),
    ).toEqual([
      '$.relationships[1].name: field "product" of commerce.corder is already declared at $.relationships[0].name',
      '$.relationships[2].name: field "orders" of commerce.product is already declared at $.relationships[0].reverse',
    ]);
  });

  it('throws one ValidationError SG100 whose message lists every problem', () => {
    const problems = [
      { path: '$.listen.port', message: 'expected at least 0, got -1' },
      { path: '$.keyspaces', message: 'expected at least one keyspace' },
    ];
    expect(() => parseConfig({ listen: { port: -1 }, keyspaces: {} }, { baseDir: '/cfg', configPath: '/cfg/shardgate.json' })).toThrow(
      expect.objectContaining({
        id: 'SG100',
        code: 'INVALID_ARGUMENT',
        details: { problems },
        message: 'invalid configuration file /cfg/shardgate.json: 2 problems\n$.listen.port: expected at least 0, got -1\n$.keyspaces: expected at least one keyspace',
      }),
    );
  });
});
