// Finding the server program: flavor by `--version`, install-db for MariaDB, and an error that
// says exactly what to install when something is missing. Uses fake programs in a temp folder.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { findServerBinaries } from '../serverBinaries.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A folder holding fake programs: name → the first line its `--version` prints. */
async function fakeBin(programs: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sgt-bin-'));
  dirs.push(dir);
  for (const [name, version] of Object.entries(programs)) {
    await writeFile(path.join(dir, name), `#!/bin/sh\necho '${version}'\n`);
    await chmod(path.join(dir, name), 0o755);
  }
  return dir;
}

describe('findServerBinaries', () => {
  it('finds MariaDB and its install-db script', async () => {
    const dir = await fakeBin({ mariadbd: 'mariadbd  Ver 10.11.6-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)', 'mariadb-install-db': 'x' });
    expect(await findServerBinaries({ PATH: dir }, [])).toEqual({
      flavor: 'mariadb',
      server: path.join(dir, 'mariadbd'),
      installDb: path.join(dir, 'mariadb-install-db'),
      version: '10.11.6-MariaDB-0+deb12u1',
    });
  });

  it('takes a mysqld that is MySQL as the mysql flavor, without install-db', async () => {
    const dir = await fakeBin({ mysqld: '/usr/sbin/mysqld  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)' });
    expect(await findServerBinaries({ PATH: dir }, [])).toEqual({ flavor: 'mysql', server: path.join(dir, 'mysqld'), installDb: null, version: '8.0.36' });
  });

  it('prefers SHARDGATE_MYSQLD', async () => {
    const dir = await fakeBin({ mysqld: 'mysqld  Ver 8.4.0 for Linux' });
    const other = await fakeBin({ mariadbd: 'mariadbd  Ver 10.11.6-MariaDB', 'mariadb-install-db': 'x' });
    expect((await findServerBinaries({ PATH: other, SHARDGATE_MYSQLD: path.join(dir, 'mysqld') }, [])).flavor).toBe('mysql');
  });

  it.each([
    ['no server program', {}, /^mariadbd not found .*apt-get install -y mariadb-server/],
    ['MariaDB without install-db', { mariadbd: 'mariadbd  Ver 10.11.6-MariaDB' }, /^mariadb-install-db not found .*apt-get install -y mariadb-server/],
  ])('says what to install when there is %s (SG800)', async (_, programs, message) => {
    const dir = await fakeBin(programs);
    const error = await findServerBinaries({ PATH: dir }, []).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG800')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
