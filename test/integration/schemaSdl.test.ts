// schema/schema.graphql is the checked-in SDL of the demo keyspaces (schema/commerce,
// schema/customer). This test builds the demo on the shared MariaDB (existing-server mode of
// `shardgate up`, unique `sgt_<random>_` databases, no data), builds the API exactly as the
// server does (createApi: introspection → catalog → schema) and compares printSchemaSdl with
// the file. On a mismatch it writes schema/schema.actual.graphql beside it for review
// (gitignored); UPDATE_GOLDEN=1 rewrites schema/schema.graphql instead.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upCluster } from '../../src/cluster/upCluster.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { printSchemaSdl } from '../../src/schema/printSchemaSdl.js';
import { createApi, type Api } from '../../src/server/createApi.js';
import { adminQuery, testServerUrl } from '../helpers/mariadb.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GOLDEN = path.join(ROOT, 'schema/schema.graphql');
const ACTUAL = path.join(ROOT, 'schema/schema.actual.graphql');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const prefix = `sgt_${randomBytes(4).toString('hex')}_`;

let dir: string;
let api: Api | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sgt-schema-sdl-'));
  const up = await upCluster({ dir, server: testServerUrl(), databasePrefix: prefix, seed: false });
  api = await createApi(await loadConfig(up.configPath));
}, 120_000);

afterAll(async () => {
  await api?.close();
  const databases = await adminQuery<{ name: string }>('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [`${prefix}%`]);
  for (const { name } of databases) await adminQuery(`DROP DATABASE IF EXISTS \`${name}\``);
  await rm(dir, { recursive: true, force: true });
});

describe('schema/schema.graphql', () => {
  it('is the SDL of the demo keyspaces (UPDATE_GOLDEN=1 rewrites it)', () => {
    const sdl = printSchemaSdl(api!.schema);
    if (UPDATE) writeFileSync(GOLDEN, sdl);
    const golden = existsSync(GOLDEN) ? readFileSync(GOLDEN, 'utf8') : '';
    if (sdl === golden) {
      rmSync(ACTUAL, { force: true });
    } else {
      writeFileSync(ACTUAL, sdl);
    }
    expect(sdl, `schema/schema.graphql is stale: the generated SDL is in ${path.relative(ROOT, ACTUAL)} (UPDATE_GOLDEN=1 to accept)`).toBe(golden);
  });
});
