// Relay global ids: the exact text of an id, round trips over every key kind with the edge values,
// and every way an id can be malformed, forged, foreign or non-canonical (SG1040, never a crash).

import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { buildApiCatalog } from '../buildApiCatalog.js';
import { decodeGlobalId, encodeGlobalId, globalIdTables } from '../globalId.js';
import { column, schema, table, testCatalog, vschemaModel } from './fixtures.js';

const test = testCatalog();
const lookup = globalIdTables(test.catalog);

/** A keyspace `keys` whose table `k` has a composite key of every kind an id encodes differently. */
const keys = buildApiCatalog({
  vschema: vschemaModel({ keys: {} }),
  schemas: [
    schema('keys', [
      table(
        'k',
        [
          column('u64', 'UINT64', 'bigint unsigned'),
          column('i32', 'INT32', 'int'),
          column('bin', 'VARBINARY', 'varbinary(16)'),
          column('dt', 'DATETIME', 'datetime(6)', { precision: 6 }),
          column('dec', 'DECIMAL', 'decimal(12,2)'),
          column('flag', 'INT8', 'tinyint(1)', { isBoolean: true }),
          column('f', 'FLOAT64', 'double'),
          column('name', 'VARCHAR', 'varchar(40)'),
        ],
        ['u64', 'i32', 'bin', 'dt', 'dec', 'flag', 'f', 'name'],
      ),
    ]),
  ],
});
const k = keys.tables[0]!;

/** The base64url text of arbitrary JSON, as a forger would make it. */
function forge(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeError(id: unknown, tables = lookup): string {
  try {
    decodeGlobalId(tables, id);
  } catch (error) {
    if (isServiceError(error, 'SG1040')) return error.message;
    throw error;
  }
  throw new Error(`decoded ${String(id)}`);
}

describe('encodeGlobalId', () => {
  it('is base64url of [1, keyspace, table, ...pk] without padding', () => {
    const id = encodeGlobalId(test.table('customer'), { customer_id: 4n, email: 'x' });
    expect(id).toBe(Buffer.from('[1,"customer","customer","4"]').toString('base64url'));
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeGlobalId(test.table('product'), { sku: 'SKU-1', rev: 2 })).toBe(forge([1, 'commerce', 'product', 'SKU-1', 2]));
  });

  it('needs every primary key column in the row (a resolver bug otherwise)', () => {
    expect(() => encodeGlobalId(test.table('product'), { sku: 'SKU-1' })).toThrow(/\[BUG\].*rev/);
  });
});

describe('decodeGlobalId', () => {
  it.each([
    ['zero', 0n, 0],
    ['-1', 1n, -1],
    ['int64 max', 2n ** 63n - 1n, 2 ** 31 - 1],
    ['uint64 max', 2n ** 64n - 1n, -(2 ** 31)],
  ])('round-trips a composite key of every kind (%s)', (_name, u64, i32) => {
    const row = { u64, i32, bin: new Uint8Array([0, 255, 62, 63]), dt: '2024-02-29T23:59:59.5', dec: '-12.50', flag: true, f: 1.5, name: 'Zoë ☃' };
    const id = encodeGlobalId(k, row);
    const { table: found, pk } = decodeGlobalId(globalIdTables(keys), id);
    expect(found).toBe(k);
    expect(pk).toEqual(row);
    expect(encodeGlobalId(k, pk)).toBe(id);
  });

  it('finds the table by keyspace and name', () => {
    const id = encodeGlobalId(test.table('corder'), { order_id: 7n });
    expect(decodeGlobalId(lookup, id)).toEqual({ table: test.table('corder'), pk: { order_id: 7n } });
  });

  it.each<[string, unknown, RegExp]>([
    ['a number', 5, /expected the id text/],
    ['null', null, /expected the id text/],
    ['an empty string', '', /expected the id text/],
    ['padding', `${encodeGlobalId(test.table('customer'), { customer_id: 1n })}=`, /expected the id text/],
    ['standard base64 characters', '+/+/', /expected the id text/],
    ['text over 16 KiB', 'A'.repeat(16 * 1024 + 1), /expected the id text/],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x5b]).toString('base64url'), /does not decode/],
    ['text that is not JSON', Buffer.from('customer:4').toString('base64url'), /does not decode/],
    ['a JSON object', forge({ v: 1 }), /not a version 1 id/],
    ['another version', forge([2, 'customer', 'customer', '4']), /not a version 1 id/],
    ['a keyspace that is not a string', forge([1, 5, 'customer', '4']), /not a version 1 id/],
    ['an unknown table', forge([1, 'customer', 'nope', '4']), /no served table customer\.nope/],
    ['a table of another keyspace', forge([1, 'commerce', 'customer', '4']), /no served table commerce\.customer/],
    ['a table without a primary key', forge([1, 'commerce', 'cheap', 'x']), /commerce\.cheap has no primary key/],
    ['too few key values', forge([1, 'commerce', 'product', 'SKU-1']), /2 primary key column\(s\), the id holds 1/],
    ['too many key values', forge([1, 'customer', 'customer', '4', '5']), /1 primary key column\(s\), the id holds 2/],
    ['a number for a BigInt key', forge([1, 'customer', 'customer', 4]), /value 4 does not fit primary key column customer_id \(bigint\)/],
    ['a string for an Int key', forge([1, 'commerce', 'product', 'SKU-1', '2']), /value "2" does not fit primary key column rev/],
    ['an int64 out of range', forge([1, 'customer', 'customer', '9223372036854775808']), /customer_id.*primary key of customer\.customer/],
    ['a non-integer BigInt', forge([1, 'customer', 'customer', '4.5']), /value "4.5" does not fit primary key column customer_id/],
    ['a BigInt with a leading zero', forge([1, 'customer', 'customer', '04']), /value "04" does not fit/],
    ['a fraction for an Int key', forge([1, 'commerce', 'product', 'SKU-1', 2.5]), /rev/],
    ['a null key value', forge([1, 'customer', 'customer', null]), /value null does not fit/],
    ['JSON with spaces (not canonical)', Buffer.from('[1, "customer", "customer", "4"]').toString('base64url'), /not in canonical form/],
  ])('refuses %s with SG1040', (_name, id, message) => {
    expect(decodeError(id)).toMatch(message);
  });

  it('refuses base64url whose last character carries extra bits (one row, one id)', () => {
    const id = encodeGlobalId(test.table('customer'), { customer_id: 4n });
    const last = id.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variant = `${id.slice(0, -1)}${alphabet[alphabet.indexOf(last) + 1]}`;
    expect(Buffer.from(variant, 'base64url').equals(Buffer.from(id, 'base64url'))).toBe(true);
    expect(decodeError(variant)).toMatch(/not in canonical form/);
  });

  it('refuses bytes keys that are not canonical base64url', () => {
    const tables = globalIdTables(keys);
    const good = [1, 'keys', 'k', '1', 1, 'AP8-Pw', '2024-01-01T00:00:00', '1.00', true, 1.5, 'a'];
    expect(() => decodeGlobalId(tables, forge(good))).not.toThrow();
    expect(decodeError(forge(good.map((v, i) => (i === 5 ? 'AP8+Pw==' : v))), tables)).toMatch(/column bin/);
    expect(decodeError(forge(good.map((v, i) => (i === 6 ? '2024-02-30T00:00:00' : v))), tables)).toMatch(/column dt/);
  });
});
