// parseTabletUrl and redactUrlCredentials: every accepted form, every rejection with its exact
// message, and that a password never appears in a message.

import { describe, expect, it } from 'vitest';
import { parseTabletUrl, redactUrlCredentials, type TabletUrl } from '../tabletUrl.js';

describe('parseTabletUrl accepts', () => {
  it.each<[string, TabletUrl]>([
    [
      'mysql://root@127.0.0.1:3306/commerce',
      { url: 'mysql://root@127.0.0.1:3306/commerce', user: 'root', host: '127.0.0.1', port: 3306, database: 'commerce' },
    ],
    ['mysql://root@db/customer_x80', { url: 'mysql://root@db:3306/customer_x80', user: 'root', host: 'db', port: 3306, database: 'customer_x80' }],
    [
      'MariaDB://app:s3cret@db.example.com:3307/shop',
      { url: 'mariadb://app:***@db.example.com:3307/shop', user: 'app', password: 's3cret', host: 'db.example.com', port: 3307, database: 'shop' },
    ],
    ['mysql://app:@h/d', { url: 'mysql://app:***@h:3306/d', user: 'app', password: '', host: 'h', port: 3306, database: 'd' }],
    [
      'mysql://a%40b:p%40ss%2Fw%3Ard@h:1/my%20db',
      { url: 'mysql://a%40b:***@h:1/my%20db', user: 'a@b', password: 'p@ss/w:rd', host: 'h', port: 1, database: 'my db' },
    ],
    ['mysql://root@[::1]:65535/d', { url: 'mysql://root@[::1]:65535/d', user: 'root', host: '::1', port: 65535, database: 'd' }],
    [
      'mysql://root@localhost/d?socket=/tmp/mysql.sock',
      { url: 'mysql://root@localhost:3306/d?socket=/tmp/mysql.sock', user: 'root', host: 'localhost', port: 3306, database: 'd', socket: '/tmp/mysql.sock' },
    ],
  ])('%s', (text, want) => {
    const got = parseTabletUrl(text);
    expect(got).toStrictEqual(want);
    expect(Object.isFrozen(got)).toBe(true);
  });
});

describe('parseTabletUrl rejects with SG102', () => {
  it.each([
    ['foo', 'expected a mysql:// URL, got "foo"'],
    ['', 'expected a mysql:// URL, got ""'],
    ['127.0.0.1:3306/commerce', 'expected a mysql:// URL, got "127.0.0.1:3306/commerce"'],
    ['postgres://u:pw@h/db', 'expected a mysql:// or mariadb:// URL, got "postgres://u:***@h/db"'],
    ['mysql://127.0.0.1/db', 'invalid tablet URL "mysql://127.0.0.1/db": missing user (expected mysql://user[:password]@host[:port]/database)'],
    ['mysql://:pw@h/db', 'invalid tablet URL "mysql://:***@h/db": missing user (expected mysql://user[:password]@host[:port]/database)'],
    ['mysql://root@/db', 'invalid tablet URL "mysql://root@/db": missing host (expected mysql://user[:password]@host[:port]/database)'],
    ['mysql://root@:3306/db', 'invalid tablet URL "mysql://root@:3306/db": missing host (expected mysql://user[:password]@host[:port]/database)'],
    ['mysql://root@my host/db', 'invalid tablet URL "mysql://root@my host/db": invalid host "my host"'],
    ['mysql://root@h:0/db', 'invalid tablet URL "mysql://root@h:0/db": invalid port "0" (expected 1 to 65535)'],
    ['mysql://root@h:65536/db', 'invalid tablet URL "mysql://root@h:65536/db": invalid port "65536" (expected 1 to 65535)'],
    ['mysql://root@h:-1/db', 'invalid tablet URL "mysql://root@h:-1/db": invalid port "-1" (expected 1 to 65535)'],
    ['mysql://root@h:x/db', 'invalid tablet URL "mysql://root@h:x/db": invalid port "x" (expected 1 to 65535)'],
    ['mysql://root@h:/db', 'invalid tablet URL "mysql://root@h:/db": invalid port "" (expected 1 to 65535)'],
    ['mysql://root@h:3306', 'invalid tablet URL "mysql://root@h:3306": missing database (expected mysql://user[:password]@host[:port]/database)'],
    ['mysql://root@h/', 'invalid tablet URL "mysql://root@h/": missing database (expected mysql://user[:password]@host[:port]/database)'],
    ['mysql://root@h/a/b', 'invalid tablet URL "mysql://root@h/a/b": the database must be one path segment, got "a/b"'],
    ['mysql://root@h/d%zz', 'invalid tablet URL "mysql://root@h/d%zz": invalid percent-encoding in the database'],
    ['mysql://root@h/d?ssl=true', 'invalid tablet URL "mysql://root@h/d?ssl=true": unknown parameter "ssl" (only socket is supported)'],
    ['mysql://root@h/d?socket=', 'invalid tablet URL "mysql://root@h/d?socket=": socket is empty'],
    ['mysql://root@h/d?socket=/a&socket=/b', 'invalid tablet URL "mysql://root@h/d?socket=/a&socket=/b": socket is given twice'],
    ['mysql://root@h/d#x', 'invalid tablet URL "mysql://root@h/d#x": a fragment (#…) is not allowed'],
  ])('%j', (text, message) => {
    expect(() => parseTabletUrl(text)).toThrow(expect.objectContaining({ id: 'SG102', message }));
  });

  it.each(['mysql://u:hunter2@h:99999/db', 'mysql://u:hunter2@/db', 'mysql://u:hun/ter2@h/db', 'mysql://u:hunter2@h/d?x=1', 'mysqlx://u:hunter2@h/db', 'u:hunter2@h/db'])(
    'never shows the password of %s',
    (text) => {
      expect(() => parseTabletUrl(text)).toThrow(/\*\*\*/);
      expect(() => parseTabletUrl(text)).not.toThrow(/hunter2|ter2/);
    },
  );
});

describe('redactUrlCredentials', () => {
  it.each([
    ['mysql://u:pw@h/db', 'mysql://u:***@h/db'],
    ['mysql://u@h/db', 'mysql://u@h/db'],
    ['mysql://u:p@w@h/db', 'mysql://u:***@h/db'],
    ['mysql://h:3306/db', 'mysql://h:3306/db'],
    ['not a url', 'not a url'],
    ['user:pw@host/db', 'user:***@host/db'],
    ['a@b:c', 'a@b:c'],
  ])('%s → %s', (text, want) => {
    expect(redactUrlCredentials(text)).toBe(want);
  });
});
