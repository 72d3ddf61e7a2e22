// Unit tests of wrapMysqlError: driver errors → catalogue ids, details keep errno/sqlState,
// messages name the shard and tablet.

import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import { isConnectionError, isInterruptedError, wrapMysqlError } from '../mysqlErrors.js';

const SITE = { shard: 'customer/-80', tablet: 'customer/-80/primary' };

function serverError(errno: number, sqlState: string, code: string): Error {
  return Object.assign(new Error(`server said ${code}`), { errno, sqlState, code, sqlMessage: `server said ${code}` });
}

describe('wrapMysqlError', () => {
  it.each([
    [serverError(1146, '42S02', 'ER_NO_SUCH_TABLE'), 'SG606', 'NOT_FOUND'],
    [serverError(1054, '42S22', 'ER_BAD_FIELD_ERROR'), 'SG606', 'NOT_FOUND'],
    [serverError(1064, '42000', 'ER_PARSE_ERROR'), 'SG605', 'INVALID_ARGUMENT'],
    [serverError(1062, '23000', 'ER_DUP_ENTRY'), 'SG607', 'FAILED_PRECONDITION'],
    [serverError(1452, '23000', 'ER_NO_REFERENCED_ROW_2'), 'SG607', 'FAILED_PRECONDITION'],
    [serverError(1213, '40001', 'ER_LOCK_DEADLOCK'), 'SG607', 'FAILED_PRECONDITION'],
    [serverError(1205, 'HY000', 'ER_LOCK_WAIT_TIMEOUT'), 'SG603', 'DEADLINE_EXCEEDED'],
    [serverError(1969, '70100', 'ER_STATEMENT_TIMEOUT'), 'SG603', 'DEADLINE_EXCEEDED'],
    [serverError(1317, '70100', 'ER_QUERY_INTERRUPTED'), 'SG603', 'DEADLINE_EXCEEDED'],
    [serverError(3024, 'HY000', 'ER_QUERY_TIMEOUT'), 'SG603', 'DEADLINE_EXCEEDED'],
    [serverError(1040, '08004', 'ER_CON_COUNT_ERROR'), 'SG608', 'RESOURCE_EXHAUSTED'],
    [serverError(1114, 'HY000', 'ER_RECORD_FILE_FULL'), 'SG608', 'RESOURCE_EXHAUSTED'],
    [serverError(1045, '28000', 'ER_ACCESS_DENIED_ERROR'), 'SG604', 'UNAVAILABLE'],
    [serverError(9999, 'HY000', 'ER_SOMETHING_NEW'), 'SG609', 'INTERNAL'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'SG604', 'UNAVAILABLE'],
    [Object.assign(new Error('lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }), 'SG604', 'UNAVAILABLE'],
    ['a string', 'SG604', 'UNAVAILABLE'],
  ])('%s → %s', (error, id, code) => {
    const wrapped = wrapMysqlError(error, SITE);
    expect(wrapped.id).toBe(id);
    expect(wrapped.code).toBe(code);
    expect(wrapped.message).toContain('customer/-80');
    expect(wrapped.details).toMatchObject({ shard: 'customer/-80', tablet: 'customer/-80/primary' });
    expect(wrapped.cause).toBe(error);
  });

  it('keeps errno, sqlState and the driver code in details', () => {
    expect(wrapMysqlError(serverError(1146, '42S02', 'ER_NO_SUCH_TABLE'), SITE).details).toEqual({
      shard: 'customer/-80', tablet: 'customer/-80/primary', errno: 1146, sqlState: '42S02', mysqlCode: 'ER_NO_SUCH_TABLE',
    });
  });

  it('calls every failure while connecting UNAVAILABLE, except too many connections', () => {
    expect(wrapMysqlError(serverError(1049, '42000', 'ER_BAD_DB_ERROR'), SITE, true).id).toBe('SG604');
    expect(wrapMysqlError(serverError(1040, '08004', 'ER_CON_COUNT_ERROR'), SITE, true).id).toBe('SG608');
  });

  it('passes a ServiceError through unchanged', () => {
    const error = new ServiceError('SG601', 'x');
    expect(wrapMysqlError(error, SITE)).toBe(error);
  });
});

describe('error classification', () => {
  it.each([
    [serverError(1146, '42S02', 'ER_NO_SUCH_TABLE'), false, false],
    [serverError(1317, '70100', 'ER_QUERY_INTERRUPTED'), false, true],
    [Object.assign(serverError(1317, '70100', 'ER_QUERY_INTERRUPTED'), { fatal: true }), true, true],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true, false],
    [new Error('no code'), true, false],
  ])('%s: connection error %s, interrupted %s', (error, connection, interrupted) => {
    expect(isConnectionError(error)).toBe(connection);
    expect(isInterruptedError(error)).toBe(interrupted);
  });
});
