// A tablet's my.cnf: its own files, port and server id, row-based GTID binlog, loopback only.
import { describe, expect, it } from 'vitest';
import { buildMyCnf, type MyCnfInput } from '../myCnf.js';

const input: MyCnfInput = {
  flavor: 'mariadb',
  dataDir: '/c/t/data',
  socket: '/c/t/mysqld.sock',
  port: 17101,
  pidFile: '/c/t/mysqld.pid',
  errorLog: '/c/t/error.log',
  serverId: 102,
  readOnly: false,
};

function settings(text: string, group: string): Map<string, string> {
  const body = text.split(/^\[/m).find((part) => part.startsWith(`${group}]`)) ?? '';
  return new Map(
    body
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => {
        const [key, ...value] = line.split('=');
        return [key!.trim(), value.join('=').trim()];
      }),
  );
}

describe('buildMyCnf', () => {
  it.each([
    ['datadir', '/c/t/data'],
    ['socket', '/c/t/mysqld.sock'],
    ['port', '17101'],
    ['bind-address', '127.0.0.1'],
    ['server-id', '102'],
    ['log-bin', 'binlog'],
    ['binlog_format', 'ROW'],
    ['log_slave_updates', 'ON'],
    ['gtid_strict_mode', 'ON'],
    ['gtid_domain_id', '0'],
    ['skip-name-resolve', ''],
    ['innodb_buffer_pool_size', '64M'],
    ['performance_schema', 'OFF'],
  ])('MariaDB [mysqld] %s = %j', (key, value) => {
    expect(settings(buildMyCnf(input), 'mysqld').get(key)).toBe(value);
  });

  it('makes replicas read-only and primaries writable', () => {
    expect(settings(buildMyCnf({ ...input, readOnly: true }), 'mysqld').get('read_only')).toBe('ON');
    expect(settings(buildMyCnf(input), 'mysqld').has('read_only')).toBe(false);
  });

  it('uses MySQL GTID settings and turns the X plugin off for MySQL', () => {
    const mysqld = settings(buildMyCnf({ ...input, flavor: 'mysql' }), 'mysqld');
    expect([mysqld.get('gtid_mode'), mysqld.get('enforce_gtid_consistency'), mysqld.get('log_replica_updates'), mysqld.get('mysqlx')]).toEqual(['ON', 'ON', 'ON', 'OFF']);
    expect(mysqld.has('gtid_domain_id')).toBe(false);
  });

  it('has a [client] group that reaches the tablet as root', () => {
    expect(Object.fromEntries(settings(buildMyCnf(input), 'client'))).toEqual({ user: 'root', socket: '/c/t/mysqld.sock', port: '17101' });
  });
});
