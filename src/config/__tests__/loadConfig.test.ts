// loadConfig: reading the file (testdata/example is the INTERFACES.md §2 example; its VSchemas
// are copied unchanged from vitessio/vitess examples/local, Apache-2.0), a missing file, JSON
// syntax errors with line and column, VSchema paths relative to the file, and the repo's demo
// config shardgate.example.json.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ValidationError } from '../../errors/problems.js';
import { isServiceError } from '../../errors/serviceError.js';
import { keyRangeString } from '../../sharding/key/keyRange.js';
import { loadConfig } from '../loadConfig.js';

const TESTDATA = fileURLToPath(new URL('../testdata/', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

async function rejection(path: string): Promise<unknown> {
  return loadConfig(path).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('loadConfig', () => {
  it('loads the INTERFACES.md example with VSchema paths relative to the file', async () => {
    const config = await loadConfig(`${TESTDATA}example/shardgate.json`);
    expect(config.configPath).toBe(`${TESTDATA}example/shardgate.json`);
    expect(config.baseDir).toBe(`${TESTDATA}example`);
    expect([...config.keyspaces.values()].map((ks) => [ks.name, ks.sharded, ks.vschemaPath, ks.shards.map((s) => s.name)])).toEqual([
      ['commerce', false, `${TESTDATA}example/schema/vschema_commerce_seq.json`, ['0']],
      ['customer', true, `${TESTDATA}example/schema/vschema_customer_sharded.json`, ['-80', '80-']],
    ]);
  });

  it('rejects a missing file with SG101 naming the absolute path', async () => {
    const error = await rejection(`${TESTDATA}no-such-file.json`);
    expect(isServiceError(error, 'SG101')).toBe(true);
    expect((error as Error).message).toBe(`configuration file not found: ${TESTDATA}no-such-file.json`);
  });

  it('rejects a JSON syntax error with SG100 at line and column', async () => {
    const error = await rejection(`${TESTDATA}broken/shardgate.json`);
    expect(isServiceError(error, 'SG100')).toBe(true);
    expect((error as ValidationError).problems).toEqual([{ path: '$', message: "invalid JSON at line 5, column 5: Expected double-quoted property name" }]);
  });

  it('rejects a directory with SG100', async () => {
    const error = await rejection(`${TESTDATA}broken`);
    expect(isServiceError(error, 'SG100')).toBe(true);
    expect((error as ValidationError).problems).toEqual([{ path: '$', message: 'cannot read the file: EISDIR: illegal operation on a directory, read' }]);
  });

  it('lists every problem of a file that parses, resolving VSchemas next to it, without the password', async () => {
    const error = await rejection(`${TESTDATA}broken/missing-vschema.json`);
    expect(isServiceError(error, 'SG100')).toBe(true);
    expect((error as Error).message).toBe(
      [
        `invalid configuration file ${TESTDATA}broken/missing-vschema.json: 2 problems`,
        `$.keyspaces.commerce.vschema: VSchema file not found: ${TESTDATA}broken/no-such-vschema.json`,
        '$.listen.port: expected a number, got "4000"',
      ].join('\n'),
    );
    expect((error as Error).message).not.toMatch(/hunter2/);
  });

  it('loads the demo config shardgate.example.json and its schema/ VSchemas', async () => {
    const config = await loadConfig(`${REPO}shardgate.example.json`);
    const keyspaces = [...config.keyspaces.values()].map((ks) => ({
      name: ks.name,
      sharded: ks.sharded,
      tables: Object.keys((ks.vschema as { tables: object }).tables),
      shards: ks.shards.map((s) => `${keyRangeString(s.keyRange)} ${s.primary.url}`),
    }));
    expect(keyspaces).toEqual([
      { name: 'commerce', sharded: false, tables: ['customer_seq', 'order_seq', 'product', 'corder_order_number_lookup'], shards: ['- mysql://root@127.0.0.1:3306/commerce'] },
      {
        name: 'customer',
        sharded: true,
        tables: ['customer', 'corder'],
        shards: ['-80 mysql://root@127.0.0.1:3306/customer_x80', '80- mysql://root@127.0.0.1:3306/customer_80x'],
      },
    ]);
    expect(config.keyspaces.get('customer')!.vschema).toMatchObject({ vindexes: { hash: { type: 'hash' } } });
  });
});
