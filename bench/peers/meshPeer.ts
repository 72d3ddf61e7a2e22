// The GraphQL Mesh peer of the nested scenario: the Mesh CLI with its MySQL source
// (@graphql-mesh/mysql, its own install in bench/peers/mesh/) over the unsharded copy of the
// demo rows. Mesh needs `mesh build` (introspects the database, writes .mesh/) before
// `mesh start`; the build is kept in bench/peers/mesh/work/ and redone only when the
// .meshrc.yaml changes. Served in one process (FORK=0: by default production Mesh forks one
// worker per core), NODE_ENV=production. Owns Mesh's set-up only; the checks live in the bench.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { closedPort } from '../../test/helpers/mariadb.js';
import { startChildServer, type ChildServer } from '../lib/childServer.js';

/** Where the Mesh install lives (bench/peers/mesh, with its own package-lock.json). */
export const MESH_DIR = path.join(import.meta.dirname, 'mesh');
const WORK_DIR = path.join(MESH_DIR, 'work');
const MESH_BIN = path.join(MESH_DIR, 'node_modules', '.bin', 'mesh');

/** The MySQL database Mesh serves. */
export interface MeshSource {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

function meshrc(source: MeshSource): string {
  return [
    '# Written by bench/peers/meshPeer.ts for the shardgate benchmark; rewritten at every run.',
    'sources:',
    '  - name: Shop',
    '    handler:',
    '      mysql:',
    `        host: ${source.host}`,
    `        port: ${source.port}`,
    `        user: ${source.user}`,
    "        password: ''",
    `        database: ${source.database}`,
    'serve:',
    '  hostname: 127.0.0.1',
    '  browser: false',
    '',
  ].join('\n');
}

/**
 * Builds (when needed) and starts Mesh over `source`; resolves once it answers on its URL.
 * Throws when the Mesh install is missing (with how to install it) or build or start fail.
 */
export async function startMesh(source: MeshSource, log: (line: string) => void): Promise<ChildServer & { readonly built: boolean }> {
  if (!existsSync(MESH_BIN)) throw new Error(`GraphQL Mesh is not installed: run \`npm ci\` in ${MESH_DIR}`);
  await mkdir(WORK_DIR, { recursive: true });
  const configFile = path.join(WORK_DIR, '.meshrc.yaml');
  const config = meshrc(source);
  const previous = await readFile(configFile, 'utf8').catch(() => '');
  const built = previous !== config || !existsSync(path.join(WORK_DIR, '.mesh', 'index.mjs'));
  if (built) {
    await writeFile(configFile, config);
    log('mesh build (introspects the database)…');
    await promisify(execFile)(MESH_BIN, ['build', '--fileType', 'js'], { cwd: WORK_DIR, env: { ...process.env, NODE_ENV: 'production' } });
  }
  const port = await closedPort();
  const server = await startChildServer({
    name: 'GraphQL Mesh',
    command: MESH_BIN,
    args: ['start', '--port', String(port)],
    cwd: WORK_DIR,
    env: { NODE_ENV: 'production', FORK: '0' },
    pollUrl: `http://127.0.0.1:${port}/graphql`,
  });
  return { ...server, built };
}
