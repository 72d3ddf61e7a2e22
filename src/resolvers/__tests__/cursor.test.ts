import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { SQL_NULL, makeSqlValue, type SqlValue } from '../../util/sqlValue.js';
import { decodeCursor, encodeCursor, type CursorScope } from '../cursor.js';

const secret = new TextEncoder().encode('test secret');
const scope: CursorScope = { table: 'customer.customer', order: 'score desc nulls last, customer_id asc nulls first' };
const values: SqlValue[] = [
  SQL_NULL,
  makeSqlValue('INT64', '-9223372036854775808'),
  makeSqlValue('UINT64', '18446744073709551615'),
  makeSqlValue('VARCHAR', 'Zoë 😀 "quoted" \\'),
  makeSqlValue('VARBINARY', new Uint8Array([0, 255, 10])),
  makeSqlValue('DATETIME', '2024-02-29 23:59:59.5'),
];

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isServiceError(error, 'SG1003')).toBe(true);
    expect((error as { code: string }).code).toBe('INVALID_ARGUMENT');
    return (error as Error).message;
  }
  throw new Error('expected SG1003');
}

describe('cursor', () => {
  it('round-trips values exactly, including NULL, binary and 64-bit extremes', () => {
    const cursor = encodeCursor(secret, scope, values);
    expect(decodeCursor(secret, scope, cursor, values.length)).toEqual(values);
  });

  it('is opaque base64url text and deterministic', () => {
    const cursor = encodeCursor(secret, scope, values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeCursor(secret, scope, values)).toBe(cursor);
  });

  it('refuses a cursor of another table or another order, naming both', () => {
    const cursor = encodeCursor(secret, scope, values);
    expect(rejection(() => decodeCursor(secret, { ...scope, table: 'customer.corder' }, cursor, values.length))).toBe(
      'invalid cursor: it belongs to customer.customer, not customer.corder',
    );
    expect(rejection(() => decodeCursor(secret, { ...scope, order: 'customer_id asc nulls first' }, cursor, values.length))).toContain(
      'it was made for order (score desc nulls last, customer_id asc nulls first), but this query orders by (customer_id asc nulls first)',
    );
  });

  it('refuses a cursor signed with another secret', () => {
    const cursor = encodeCursor(new TextEncoder().encode('other'), scope, values);
    expect(rejection(() => decodeCursor(secret, scope, cursor, values.length))).toContain('signature does not match');
  });

  it('refuses a signature whose spare bits differ (non-canonical base64url)', () => {
    const cursor = encodeCursor(secret, scope, [makeSqlValue('INT64', '7')]);
    const last = cursor.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const i = alphabet.indexOf(last);
    const twin = alphabet[i ^ 1]!;
    expect(rejection(() => decodeCursor(secret, scope, cursor.slice(0, -1) + twin, 1))).toContain('signature does not match');
  });

  it('refuses every truncation and every single-character change', () => {
    const cursor = encodeCursor(secret, scope, [makeSqlValue('INT64', '7')]);
    for (let n = 0; n < cursor.length; n++) rejection(() => decodeCursor(secret, scope, cursor.slice(0, n), 1));
    const alphabet = 'AQgw_-.';
    for (let i = 0; i < cursor.length; i++) {
      const replacement = alphabet.split('').find((c) => c !== cursor[i])!;
      rejection(() => decodeCursor(secret, scope, cursor.slice(0, i) + replacement + cursor.slice(i + 1), 1));
    }
  });

  it('refuses a forged payload that reuses a real signature', () => {
    const cursor = encodeCursor(secret, scope, [makeSqlValue('INT64', '7')]);
    const [, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, t: scope.table, o: scope.order, k: [['INT64', Buffer.from('8').toString('base64url')]] })).toString('base64url');
    expect(rejection(() => decodeCursor(secret, scope, `${forged}.${mac}`, 1))).toContain('signature does not match');
  });

  it.each([
    ['empty', ''],
    ['no dot', 'abc'],
    ['two dots', 'a.b.c'],
    ['not base64url', 'a b.c'],
    ['a number', 42],
    ['null', null],
    ['huge', 'a'.repeat(70_000)],
  ])('refuses %s', (_name, cursor) => {
    expect(rejection(() => decodeCursor(secret, scope, cursor, 1))).toMatch(/^invalid cursor: /);
  });

  it('refuses a signed cursor with the wrong number of values', () => {
    const cursor = encodeCursor(secret, scope, [SQL_NULL]);
    expect(rejection(() => decodeCursor(secret, scope, cursor, 2))).toBe('invalid cursor: it holds 1 values, expected 2');
  });

  it('refuses signed but malformed payloads (a leaked secret cannot smuggle odd values)', () => {
    const sign = (payload: unknown): string => {
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    };
    expect(rejection(() => decodeCursor(secret, scope, sign({ v: 2, t: scope.table, o: scope.order, k: [] }), 0))).toContain('malformed payload');
    expect(rejection(() => decodeCursor(secret, scope, sign({ v: 1, t: scope.table, o: scope.order, k: [['NOPE', '']] }), 1))).toContain('malformed value');
    expect(rejection(() => decodeCursor(secret, scope, sign({ v: 1, t: scope.table, o: scope.order, k: [['NULL', '']] }), 1))).toContain('malformed value');
  });
});
