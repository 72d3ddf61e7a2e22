// Finds the MariaDB or MySQL server program a tablet runs (and MariaDB's install-db script),
// on PATH and in the usual system folders, and tells the two flavors apart by `--version`.
// Where a program is missing the error says exactly what to install. Starts nothing.

import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ServiceError } from '../errors/serviceError.js';

/** Which server a tablet runs: MariaDB (10.6+) or MySQL (8.0.23+). */
export type Flavor = 'mariadb' | 'mysql';

/** The programs that create and run tablets. */
export interface ServerBinaries {
  readonly flavor: Flavor;
  /** Absolute path of `mariadbd` or `mysqld`. */
  readonly server: string;
  /** MariaDB's `mariadb-install-db` (or `mysql_install_db`); null for MySQL, which initialises with `mysqld --initialize-insecure`. */
  readonly installDb: string | null;
  /** The version `server --version` prints (`10.11.6-MariaDB`, `8.0.36`), or its whole first line when it has no `Ver` field. */
  readonly version: string;
}

/** Folders searched after PATH: where Debian, RPM, tarball and Homebrew installs put the programs. */
const SYSTEM_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/usr/local/mysql/bin', '/opt/homebrew/sbin', '/opt/homebrew/bin'];

const INSTALL_HINT =
  'install MariaDB (Debian/Ubuntu: apt-get install -y mariadb-server; macOS: brew install mariadb), ' +
  'set SHARDGATE_MYSQLD to the server program, or use a server you already run: shardgate up --server mysql://root@127.0.0.1:3306';

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchDirs(env: NodeJS.ProcessEnv, systemDirs: readonly string[]): string[] {
  const fromPath = (env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  return [...new Set([...fromPath, ...systemDirs])];
}

/** Returns the first executable called one of `names` in `dirs` (names in order, then dirs), or null. */
async function findProgram(names: readonly string[], dirs: readonly string[]): Promise<string | null> {
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/** Runs `server --version` and returns its first line; throws SG800 when the program cannot run. */
async function serverVersion(server: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(server, ['--version'], { timeout: 15_000 });
    const line = stdout.split('\n')[0]!.trim();
    return /\bVer\s+(\S+)/.exec(line)?.[1] ?? line;
  } catch (error) {
    throw new ServiceError('SG800', `${server} --version failed (${error instanceof Error ? error.message : String(error)}): ${INSTALL_HINT}`, { cause: error });
  }
}

/**
 * Finds the server program: `SHARDGATE_MYSQLD` when set, else the first `mariadbd`, then
 * `mysqld`, on PATH or in /usr/sbin, /usr/bin, /usr/local/{s,}bin, /usr/local/mysql/bin and
 * Homebrew's folders. The flavor is MariaDB when `--version` says so (Debian's `mysqld` is
 * MariaDB), else MySQL. For MariaDB it also finds `mariadb-install-db` (or `mysql_install_db`)
 * in the same places and beside the server. `systemDirs` replaces the built-in folder list (tests).
 * Contract: throws ServiceError SG800 naming what is missing and how to install it.
 */
export async function findServerBinaries(env: NodeJS.ProcessEnv = process.env, systemDirs: readonly string[] = SYSTEM_DIRS): Promise<ServerBinaries> {
  const dirs = searchDirs(env, systemDirs);
  const explicit = env.SHARDGATE_MYSQLD;
  let server: string | null;
  if (explicit !== undefined && explicit !== '') {
    server = path.resolve(explicit);
    if (!(await isExecutable(server))) throw new ServiceError('SG800', `SHARDGATE_MYSQLD=${explicit} is not an executable program`);
  } else {
    server = await findProgram(['mariadbd', 'mysqld'], dirs);
  }
  if (server === null) {
    throw new ServiceError('SG800', `mariadbd not found (looked for mariadbd and mysqld on PATH${systemDirs.length > 0 ? ` and in ${systemDirs.join(', ')}` : ''}): ${INSTALL_HINT}`);
  }
  const version = await serverVersion(server);
  if (!/mariadb/i.test(version)) return { flavor: 'mysql', server, installDb: null, version };

  const installDb = await findProgram(['mariadb-install-db', 'mysql_install_db'], [path.dirname(server), ...dirs, path.join(path.dirname(server), '..', 'scripts')]);
  if (installDb === null) {
    throw new ServiceError('SG800', `mariadb-install-db not found (needed to create tablet data directories for ${server}): ${INSTALL_HINT}`);
  }
  return { flavor: 'mariadb', server, installDb, version };
}
