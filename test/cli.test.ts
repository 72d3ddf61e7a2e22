// The CLI as INTERFACES.md §3 specifies it: `vschema check` and `keyspace-id` output,
// exit codes (0 ok, 1 bad input, 2 usage), one-line errors without stack traces, and the usage
// of serve, schema print and explain (their work against MariaDB: test/integration/server*).
// Runs main() in-process with captured output, plus the real bin once through a child process.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVER_NODE_OPTIONS } from '../src/cli/nodeOptions.js';
import { runCli } from './helpers/runCli.js';
import vectors from '../src/sharding/vindexes/testdata/vindex-vectors.json' with { type: 'json' };

const root = path.resolve(import.meta.dirname, '..');
const vitessVSchemas = path.join(root, 'src/vschema/testdata/vitess');

const run = runCli;

describe('shardgate keyspace-id', () => {
  it.each(vectors.hash.filter((v) => v.sqlType !== 'NULL'))('hash $input ($sqlType) → $ksid (Vitess TestHashMap)', async (v) => {
    const result = await run('keyspace-id', '--vindex', 'hash', '--value', v.input, '--sql-type', v.sqlType);
    expect(result).toEqual({ code: 0, out: [JSON.stringify({ ksid: v.ksid })], err: [] });
  });

  it.each(vectors.xxhash.filter((v) => v.sqlType !== 'NULL'))('xxhash $input ($sqlType) → $ksid (Vitess TestXXHashMap)', async (v) => {
    const result = await run('keyspace-id', '--vindex', 'xxhash', '--value', v.input, '--sql-type', v.sqlType);
    expect(result.out).toEqual([JSON.stringify({ ksid: v.ksid })]);
  });

  it.each([
    [['--value', '1'], { ksid: '166b40b44aba4bd6' }],
    [['--value', '18446744073709551615'], { ksid: '355550b2150e2451' }],
    [['--value', '1', '--shards', '-80,80-'], { ksid: '166b40b44aba4bd6', shard: '-80' }],
    [['--value', '-1', '--shards=-80,80-'], { ksid: '355550b2150e2451', shard: '-80' }],
    [['--value', '4', '--shards=-40,40-80,80-c0,c0-'], { ksid: 'd2fd8867d50d2dfe', shard: 'c0-' }],
    [['--value', '1', '--shards', '0'], { ksid: '166b40b44aba4bd6', shard: '0' }],
    [['--value', 'abc'], { ksid: null }],
    [['--value', 'abc', '--shards', '-80,80-'], { ksid: null, shard: null }],
    [['--value', 'x', '--sql-type', 'NULL'], { ksid: null }],
  ])('hash %j → %j (default types: integer-looking → INT64/UINT64, else VARCHAR)', async (args, want) => {
    const result = await run('keyspace-id', '--vindex', 'hash', ...args);
    expect(result).toEqual({ code: 0, out: [JSON.stringify(want)], err: [] });
  });

  it('takes vindex params, and warns about unknown ones on stderr', async () => {
    const mapped = await run('keyspace-id', '--vindex', 'numeric_static_map', '--param', 'json={"1":2}', '--value', '1');
    expect(mapped.out).toEqual([JSON.stringify({ ksid: '0000000000000002' })]);
    const warned = await run('keyspace-id', '--vindex', 'hash', '--param', 'foo=bar', '--value', '1');
    expect(warned.code).toBe(0);
    expect(warned.err).toEqual(['warning: vindex type hash ignores unknown param foo']);
  });

  it('reads numeric_static_map json_path and region_json region_map relative to the current directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shardgate-cli-'));
    await mkdir(path.join(dir, 'maps'));
    await writeFile(path.join(dir, 'maps', 'static.json'), '{"1": 42, "18446744073709551615": 1}');
    await writeFile(path.join(dir, 'regions.json'), '{"US": 1, "DE": 2}');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const mapped = await run('keyspace-id', '--vindex', 'numeric_static_map', '--param', 'json_path=maps/static.json', '--value', '1');
      expect(mapped).toEqual({ code: 0, out: [JSON.stringify({ ksid: '000000000000002a' })], err: [] });
      const fallthrough = await run('keyspace-id', '--vindex', 'numeric_static_map', '--param', 'json_path=maps/static.json', '--value', '7');
      expect(fallthrough.out).toEqual([JSON.stringify({ ksid: '0000000000000007' })]);
      // region_json: region byte of the country (second column) + hash of the id (first column), as Vitess region_json.go.
      const regional = await run('keyspace-id', '--vindex', 'region_json', '--param', 'region_map=regions.json', '--param', 'region_bytes=1', '--value', '1', '--value', 'DE', '--shards', '-80,80-');
      expect(regional).toEqual({ code: 0, out: [JSON.stringify({ ksid: '02166b40b44aba4bd6', shard: '-80' })], err: [] });
      const unknownCountry = await run('keyspace-id', '--vindex', 'region_json', '--param', 'region_map=regions.json', '--param', 'region_bytes=1', '--value', '1', '--value', 'FR');
      expect(unknownCountry.out).toEqual([JSON.stringify({ ksid: null })]);
    } finally {
      process.chdir(cwd);
    }
  });

  it.each([
    ['numeric_static_map', ['--param', 'json_path=no/such/static.json', '--value', '1'], 'param json_path: cannot read "no/such/static.json": file not found: no/such/static.json'],
    ['region_json', ['--param', 'region_map=no-regions.json', '--param', 'region_bytes=1', '--value', '1', '--value', 'DE'], 'param region_map: cannot read "no-regions.json": file not found: no-regions.json'],
  ])('%s with a missing file → one error line naming the param and the file, exit 1', async (vindex, args, message) => {
    const result = await run('keyspace-id', '--vindex', vindex, ...args);
    expect(result).toEqual({ code: 1, out: [], err: [`shardgate: vindex "${vindex}" (${vindex}): ${message}`] });
  });

  it.each([
    [['--vindex', 'hsh', '--value', '1'], /unknown vindex type "hsh"/],
    [['--vindex', 'hash', '--value', 'abc', '--sql-type', 'INT64'], /--value "abc" is not a valid INT64/],
    [['--vindex', 'hash', '--value', '1', '--sql-type', 'DATE'], /--sql-type must be one of INT64, UINT64, VARCHAR, VARBINARY, NULL/],
    [['--vindex', 'hash', '--value', '1', '--shards', '-80,70-'], /--shards -80,70- is not a valid shard list: shard "70-" overlaps shard "-80"/],
    [['--vindex', 'hash', '--value', '1', '--shards', '-80,80-c0'], /no shard covers c0-/],
    [['--vindex', 'hash', '--value', '1', '--shards', '-80,zz-'], /invalid shard name "zz-"/],
    [['--vindex', 'hash', '--value', '1', '--shards', '-80,,80-'], /empty shard name/],
    [['--vindex', 'hash', '--value', '1', '--param', 'novalue'], /--param expects k=v/],
    [['--vindex', 'hash', '--value', '1', '--value', '2'], /takes exactly one --value, got 2/],
    [['--vindex', 'lookup_unique', '--param', 'table=t', '--param', 'from=a', '--param', 'to=b', '--value', '1'], /maps values through its lookup table/],
    [['--vindex', 'numeric_static_map', '--param', 'json={bad', '--value', '1'], /numeric_static_map/],
  ])('bad input %j → one error line, exit 1', async (args, message) => {
    const result = await run('keyspace-id', ...args);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
    expect(result.err[0]).not.toMatch(/internal error|\n\s+at /);
  });

  it.each([[['--value', '1']], [['--vindex', 'hash']], [['--vindex', 'hash', '--value', '1', '--bogus']]])('usage error %j → exit 2', async (args) => {
    expect((await run('keyspace-id', ...args)).code).toBe(2);
  });
});

describe('shardgate vschema check', () => {
  it('accepts the demo keyspaces with a summary line each', async () => {
    const result = await run('vschema', 'check', 'schema/commerce/vschema.json', 'schema/customer/vschema.json');
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      'commerce: ok, unsharded, 4 tables (2 sequences), 0 vindexes',
      'customer: ok, sharded, 2 tables, 2 vindexes (consistent_lookup_unique, hash)',
    ]);
  });

  it('resolves sequences across files (Vitess examples/local customer + commerce_seq)', async () => {
    const sharded = path.join(vitessVSchemas, 'vschema_customer_sharded.json');
    const alone = await run('vschema', 'check', `customer=${sharded}`);
    expect(alone.code).toBe(1);
    expect(alone.err.slice(1)).toEqual([
      `customer=${sharded}:$.tables.customer.auto_increment.sequence: cannot resolve sequence customer_seq: table customer_seq not found`,
      `customer=${sharded}:$.tables.corder.auto_increment.sequence: cannot resolve sequence order_seq: table order_seq not found`,
    ]);
    const together = await run('vschema', 'check', `customer=${sharded}`, `commerce=${path.join(vitessVSchemas, 'vschema_commerce_seq.json')}`);
    expect(together.code).toBe(0);
    expect(together.out).toEqual([
      'customer: ok, sharded, 2 tables, 1 vindex (xxhash)',
      'commerce: ok, unsharded, 3 tables (2 sequences), 0 vindexes',
    ]);
  });

  it('reports every problem of every file at once, naming file, keyspace and JSON path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shardgate-cli-'));
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({
      sharded: true,
      vindexes: { h: { type: 'hashh' } },
      tables: { t1: { column_vindexes: [{ column: 'id', name: 'h' }] }, t2: {} },
    }));
    const notJson = path.join(dir, 'broken.json');
    await writeFile(notJson, '{"sharded": tru}');
    const result = await run('vschema', 'check', bad, notJson, path.join(dir, 'missing.json'));
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toMatch(/^vschema check: \d+ problems$/);
    const lines = result.err.slice(1).join('\n');
    expect(lines).toContain(`broken=${notJson}:$: not valid JSON`);
    expect(lines).toContain(`missing=${path.join(dir, 'missing.json')}:$: file not found`);
    expect(lines).toMatch(/bad=.*bad\.json:\$\.vindexes\.h\.type: .*hashh/);
    expect(lines).toContain(`bad=${bad}:$.tables.t2.column_vindexes: missing primary col vindex for table: t2`);
    expect(result.err[1]?.startsWith(`broken=${notJson}:$: not valid JSON: invalid JSON at line 1, column 13`)).toBe(true);
  });

  it('warns on stderr about unknown fields (Vitess ignores them) and exits 0; --strict makes them problems', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shardgate-cli-'));
    const file = path.join(dir, 'customer.json');
    await writeFile(file, JSON.stringify({
      sharded: true,
      vindexes: { hash: { type: 'hash', paramz: {} } },
      tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }], colums: [] } },
    }));
    const lenient = await run('vschema', 'check', file);
    expect(lenient).toEqual({
      code: 0,
      out: ['customer: ok, sharded, 1 table, 1 vindex (hash)'],
      err: [
        `warning: customer=${file}:$.vindexes.hash.paramz: unknown field "paramz" (ignored, as Vitess does)`,
        `warning: customer=${file}:$.tables.t.colums: unknown field "colums" (ignored, as Vitess does)`,
      ],
    });
    const strict = await run('vschema', 'check', '--strict', file);
    expect(strict).toEqual({
      code: 1,
      out: [],
      err: [
        'vschema check: 2 problems',
        `customer=${file}:$.vindexes.hash.paramz: unknown field "paramz" (rejected in strict mode; Vitess ignores it)`,
        `customer=${file}:$.tables.t.colums: unknown field "colums" (rejected in strict mode; Vitess ignores it)`,
      ],
    });
  });

  it('--strict also rejects unknown vindex params, but a lookup without table/from/to stays a warning (as Vitess)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shardgate-cli-'));
    const file = path.join(dir, 'ks.json');
    await writeFile(file, JSON.stringify({
      sharded: true,
      vindexes: { hash: { type: 'hash', params: { foo: 'bar' } }, lk: { type: 'lookup_unique', owner: 't' } },
      tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }, { column: 'email', name: 'lk' }] } },
    }));
    const warnings = ['table', 'from', 'to'].map((p) => `warning: ks=${file}:$.vindexes.lk.params.${p}: lookup vindex lk has no ${p} param: it cannot route queries`);
    const lenient = await run('vschema', 'check', file);
    expect(lenient).toEqual({
      code: 0,
      out: ['ks: ok, sharded, 1 table, 2 vindexes (hash, lookup_unique)'],
      err: [`warning: ks=${file}:$.vindexes.hash.params.foo: unknown parameter in vindex hash: foo`, ...warnings],
    });
    const strict = await run('vschema', 'check', file, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.err).toEqual([...warnings, 'vschema check: 1 problem', `ks=${file}:$.vindexes.hash.params.foo: unknown parameter in vindex hash: foo`]);
  });

  it('takes the keyspace name from the folder for vschema.json and from KEYSPACE=', async () => {
    const result = await run('vschema', 'check', 'shop=schema/commerce/vschema.json');
    expect(result.out).toEqual(['shop: ok, unsharded, 4 tables (2 sequences), 0 vindexes']);
  });

  it('needs at least one file (usage error)', async () => {
    expect((await run('vschema', 'check')).code).toBe(2);
  });
});

describe('serve, schema print and explain: usage', () => {
  it.each([
    [['serve']],
    [['serve', '--config', 'x.json', '--port', '65536']],
    [['schema', 'print']],
    [['explain', '--config', 'x.json']],
    [['explain', '--query', '{ a }']],
  ])('%j is a usage error (exit 2)', async (argv) => {
    expect((await run(...argv)).code).toBe(2);
  });

  it.each([['serve'], ['schema', 'print'], ['explain', '--query', '{ a }']])('%j with a missing config file exits 1 naming it', async (...argv) => {
    const result = await run(...argv, '--config', '/nonexistent/shardgate.json');
    expect(result).toEqual({ code: 1, out: [], err: ['shardgate: configuration file not found: /nonexistent/shardgate.json'] });
  });
});

describe('the installed bin', () => {
  const exec = promisify(execFile);
  it('runs through node without a build step and prints JSON on stdout', async () => {
    const { stdout, stderr } = await exec(process.execPath, [path.join(root, 'bin/shardgate.js'), 'keyspace-id', '--vindex', 'hash', '--value', '1', '--shards=-80,80-']);
    expect(stdout).toBe('{"ksid":"166b40b44aba4bd6","shard":"-80"}\n');
    expect(stderr).toBe('');
  });

  it('exits 1 with one stderr line and no stack trace on bad input', async () => {
    const failure = await exec(process.execPath, [path.join(root, 'bin/shardgate.js'), 'keyspace-id', '--vindex', 'nope', '--value', '1']).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1, stdout: '' });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });

  it('runs as an executable with the server Node options in its shebang, and `npm start` passes the same ones', async () => {
    const first = (await readFile(path.join(root, 'bin/shardgate.js'), 'utf8')).split('\n')[0];
    expect(first).toBe(`#!/usr/bin/env -S node ${SERVER_NODE_OPTIONS.join(' ')}`);
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${SERVER_NODE_OPTIONS.join(' ')} bin/shardgate.js up`);
    // Executed directly (the kernel reads the shebang), as an installed bin is.
    const { stdout } = await exec(path.join(root, 'bin/shardgate.js'), ['keyspace-id', '--vindex', 'hash', '--value', '1']);
    expect(stdout).toBe('{"ksid":"166b40b44aba4bd6"}\n');
  });

  it('SERVER_NODE_OPTIONS are accepted by this Node and give a young generation of two 32 MB semi-spaces', async () => {
    const script = "process.stdout.write(String(require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size))";
    const { stdout: tuned } = await exec(process.execPath, [...SERVER_NODE_OPTIONS, '-e', script]);
    expect(Number(tuned)).toBe(32 * 1024 * 1024);
    const { stdout: plain } = await exec(process.execPath, ['-e', script]);
    expect(Number(plain)).toBeLessThan(32 * 1024 * 1024);
  });
});
