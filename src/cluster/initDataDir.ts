// Creates tablet data directories: one `mariadb-install-db` (or `mysqld --initialize-insecure`)
// into a template, then a copy per tablet, which is much faster than one install per tablet.
// Copies land in `data.partial` and are renamed to `data` only when complete, so a crash never
// leaves a half-copied datadir that looks usable. Starts no long-running server.

import { execFile } from 'node:child_process';
import { cp, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ServiceError } from '../errors/serviceError.js';
import { assertNever } from '../util/invariant.js';
import type { ServerBinaries } from './serverBinaries.js';

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** `--user=root` when we are root: mariadbd and mysqld refuse to run as root without it. */
export function runAsArgs(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Creates a fresh, empty server data directory at `<templateDir>/data` and returns its path.
 * MariaDB: `mariadb-install-db` with root allowed in without a password from localhost,
 * 127.0.0.1 and ::1 (`--auth-root-authentication-method=normal`), no test database. MySQL:
 * `mysqld --initialize-insecure` (root@localhost without a password). Any previous template
 * is removed first.
 * Contract: throws ServiceError SG807 with the tail of the program's output when it fails.
 */
export async function createTemplateDataDir(binaries: ServerBinaries, templateDir: string): Promise<string> {
  await rm(templateDir, { recursive: true, force: true });
  await mkdir(templateDir, { recursive: true });
  const partial = path.join(templateDir, 'data.partial');
  let program: string;
  let args: string[];
  switch (binaries.flavor) {
    case 'mariadb': {
      const cnf = path.join(templateDir, 'install.cnf');
      // The same InnoDB sizes as the tablets' my.cnf, so the copies start without resizing logs.
      await writeFile(cnf, '[mysqld]\ninnodb_buffer_pool_size = 64M\ninnodb_log_file_size = 16M\n');
      program = binaries.installDb ?? binaries.server;
      args = [
        `--defaults-file=${cnf}`,
        `--datadir=${partial}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--skip-name-resolve',
        ...runAsArgs(),
      ];
      break;
    }
    case 'mysql':
      program = binaries.server;
      args = ['--no-defaults', '--initialize-insecure', `--datadir=${partial}`, '--mysqlx=OFF', ...runAsArgs()];
      break;
    default:
      return assertNever(binaries.flavor, 'flavor');
  }
  try {
    await promisify(execFile)(program, args, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { message: string; stdout?: string; stderr?: string };
    const output = tail(`${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    throw new ServiceError('SG807', `${path.basename(program)} failed to create a data directory in ${templateDir}: ${e.message.split('\n')[0]}${output ? `\n${output}` : ''}`, {
      details: { program, args },
      cause: error,
    });
  }
  const data = path.join(templateDir, 'data');
  await rename(partial, data);
  return data;
}

/**
 * Gives a tablet its own copy of the template at `dataDir`.
 * Contract: a leftover `<dataDir>.partial` from an interrupted copy is removed first; `dataDir`
 * appears only once the copy is complete. For MySQL the copy's auto.cnf is removed so that each
 * tablet generates its own server_uuid (replication requires distinct ones). Throws
 * ServiceError SG807 when copying fails (for example, the disk is full).
 */
export async function copyTemplateDataDir(templateData: string, dataDir: string): Promise<void> {
  const partial = `${dataDir}.partial`;
  try {
    await rm(partial, { recursive: true, force: true });
    await cp(templateData, partial, { recursive: true });
    await rm(path.join(partial, 'auto.cnf'), { force: true });
    await rename(partial, dataDir);
  } catch (error) {
    throw new ServiceError('SG807', `cannot copy the template data directory to ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
}

/** True when `dataDir` holds a complete data directory (see {@link copyTemplateDataDir}). */
export function hasDataDir(dataDir: string): Promise<boolean> {
  return exists(dataDir);
}
