// Unit tests of withStatementTimeout: MariaDB SET STATEMENT, MySQL optimizer hint, no limit.

import { describe, expect, it } from 'vitest';
import { withStatementTimeout } from '../statementTimeout.js';

describe('withStatementTimeout', () => {
  it.each([
    ['mariadb', 300, 'select 1', 'SET STATEMENT max_statement_time=0.3 FOR select 1'],
    ['mariadb', 10_000, 'update t set a = 1', 'SET STATEMENT max_statement_time=10 FOR update t set a = 1'],
    ['mariadb', 1, 'select 1', 'SET STATEMENT max_statement_time=0.001 FOR select 1'],
    ['mariadb', 0.2, 'select 1', 'SET STATEMENT max_statement_time=0.001 FOR select 1'],
    ['mysql', 300, 'select 1', 'select /*+ MAX_EXECUTION_TIME(300) */ 1'],
    ['mysql', 300, '  SELECT a from t', '  SELECT /*+ MAX_EXECUTION_TIME(300) */ a from t'],
    ['mysql', 300, 'update t set a = 1', 'update t set a = 1'],
    ['mysql', 300, 'selection', 'selection'],
    ['mariadb', 0, 'select 1', 'select 1'],
    ['mariadb', -5, 'select 1', 'select 1'],
    ['mariadb', Infinity, 'select 1', 'select 1'],
    ['mysql', undefined, 'select 1', 'select 1'],
  ] as const)('%s %s ms: %s', (flavor, ms, sql, expected) => {
    expect(withStatementTimeout(sql, flavor, ms)).toBe(expected);
  });
});
