// `up --server` URLs: a server without a database, turned into one tablet URL per database.
import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { parseServerUrl, serverDatabaseUrl } from '../serverUrl.js';

describe('parseServerUrl', () => {
  it.each([
    ['mysql://root@127.0.0.1:3306', { user: 'root', host: '127.0.0.1', port: 3306, url: 'mysql://root@127.0.0.1:3306' }],
    ['mysql://root@127.0.0.1:3306/', { user: 'root', host: '127.0.0.1', port: 3306 }],
    ['mariadb://app:s%40cret@db.local', { user: 'app', password: 's@cret', host: 'db.local', port: 3306, url: 'mariadb://app:***@db.local:3306' }],
    ['mysql://root@localhost?socket=/run/mysqld/mysqld.sock', { host: 'localhost', socket: '/run/mysqld/mysqld.sock' }],
    ['mysql://root@[::1]:3307', { host: '::1', port: 3307 }],
  ])('%s', (text, expected) => {
    expect(parseServerUrl(text)).toMatchObject({ ...expected, database: '' });
  });

  it.each([
    ['mysql://root@127.0.0.1:3306/commerce', 'SG813'],
    ['mysql://root:pw@h/db/x', 'SG813'],
    ['http://root@h', 'SG102'],
    ['mysql://h:3306', 'SG102'],
    ['mysql://root@h:99999', 'SG102'],
  ])('refuses %s (%s) without showing a password', (text, id) => {
    let error: unknown;
    try {
      parseServerUrl(text);
    } catch (e) {
      error = e;
    }
    expect(isServiceError(error, id as 'SG813' | 'SG102')).toBe(true);
    expect((error as Error).message).not.toContain(':pw@');
  });
});

describe('serverDatabaseUrl', () => {
  it.each([
    ['mysql://root@127.0.0.1:3306', 'customer_x80', 'mysql://root@127.0.0.1:3306/customer_x80'],
    ['mariadb://app:s%40cret@db.local', 'commerce', 'mysql://app:s%40cret@db.local:3306/commerce'],
    ['mysql://root@localhost?socket=/tmp/m.sock', 'c', 'mysql://root@localhost:3306/c?socket=%2Ftmp%2Fm.sock'],
    ['mysql://root@[::1]', 'c', 'mysql://root@[::1]:3306/c'],
  ])('%s + %s → %s', (server, database, expected) => {
    expect(serverDatabaseUrl(parseServerUrl(server), database)).toBe(expected);
  });
});
