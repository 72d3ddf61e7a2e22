// compileWrite and assertFitsColumn on the test catalog: insert objects → InsertRequests
// (grouping by column set, sequences, required and generated columns, upsert keys), _set/_inc →
// clauses, primary keys → predicates, and every value checked against its column's range and
// length at the edges; each error's catalogue id and the path or column it names.

import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { describeSqlValue, sqlInt64, sqlVarbinary, sqlVarchar } from '../../util/sqlValue.js';
import { assertFitsColumn } from '../assertFitsColumn.js';
import type { ApiColumn, ApiTable } from '../catalog.js';
import { compileChanges, compileInsert, insertColumnRequired, pkPredicate, tableKeys, writableColumns } from '../compileWrite.js';
import { showPredicate, testCatalog } from './fixtures.js';

const { table } = testCatalog();
const customer = table('customer');
const allTypes = table('allTypes');
const product = table('product');

/** customer with a generated column and a UNIQUE key on email. */
const withExtras: ApiTable = {
  ...customer,
  columns: [...customer.columns, { ...customer.columns[2]!, name: 'score2', generated: true, hasDefault: true, nullable: true }],
  uniqueKeys: [{ name: 'customer_email', columns: ['email'] }],
};

/** The id and the message of what `fn` throws. */
function thrown(fn: () => unknown): { id: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    if (isServiceError(error)) return { id: error.id, message: error.message, details: { ...error.details } };
    throw error;
  }
  throw new Error('expected a ServiceError');
}

function col(t: ApiTable, name: string): ApiColumn {
  return t.columns.find((c) => c.name === name)!;
}

describe('rules for the schema', () => {
  it('writes every column but generated ones; requires NOT NULL columns without default, sequence or generation', () => {
    expect(writableColumns(withExtras).map((c) => c.name)).toEqual(['customer_id', 'email', 'score']);
    expect(withExtras.columns.filter((c) => insertColumnRequired(withExtras, c)).map((c) => c.name)).toEqual(['email']);
    expect(tableKeys(withExtras)).toEqual([{ name: 'PRIMARY', columns: ['customer_id'] }, { name: 'customer_email', columns: ['email'] }]);
    expect(tableKeys({ ...customer, primaryKey: [] })).toEqual([]);
  });
});

describe('compileInsert', () => {
  it('groups objects by the columns they give (ordinal order), keeping each row\'s object index', () => {
    const compiled = compileInsert(customer, {
      objects: [{ email: 'a', score: 1 }, { email: 'b', customer_id: 7n }, { score: undefined, email: 'c' }, { customer_id: 8, email: 'd' }],
    });
    expect(compiled.groups.map((g) => ({ columns: g.request.columns, objects: g.objects, rows: g.request.rows.map((r) => r.map(describeSqlValue)) }))).toEqual([
      { columns: ['email', 'score'], objects: [0], rows: [['VARCHAR("a")', 'INT64(1)']] },
      { columns: ['customer_id', 'email'], objects: [1, 3], rows: [['INT64(7)', 'VARCHAR("b")'], ['INT64(8)', 'VARCHAR("d")']] },
      { columns: ['email'], objects: [2], rows: [['VARCHAR("c")']] },
    ]);
    expect(compiled.groups[0]!.request).toMatchObject({ kind: 'insert', keyspace: 'customer', table: 'customer' });
    expect(compiled.groups[0]!.request.onConflict).toBeUndefined();
    expect(compileInsert(customer, { objects: [] }).groups).toEqual([]);
  });

  it('lets the sequence column be null (the sequence fills it) but no other NOT NULL column', () => {
    const compiled = compileInsert(customer, { objects: [{ customer_id: null, email: 'a' }] });
    expect(compiled.groups[0]!.request.rows[0]!.map(describeSqlValue)).toEqual(['NULL', 'VARCHAR("a")']);
    expect(thrown(() => compileInsert(customer, { objects: [{ email: null }] }))).toMatchObject({ id: 'SG1051', message: 'objects[0].email: column email of customer.customer is NOT NULL and cannot be set to null' });
  });

  it.each([
    ['a missing required column', [{ email: 'a' }, { score: 1 }], 'SG1051', 'objects[1]: customer.customer needs a value for column email (NOT NULL without a default)'],
    ['an unknown column', [{ email: 'a', emial: 'b' }], 'SG1050', 'objects[0].emial: "emial" is not a column of customer.customer'],
    ['a generated column', [{ email: 'a', score2: 1 }], 'SG1050', 'objects[0].score2: column score2 of customer.customer is generated: it cannot be written'],
    ['a value of the wrong type', [{ email: 5 }], 'SG1000', 'column email (varchar(128)) expects a string, got 5'],
    ['an object that is not one', ['nope'], 'SG1050', 'objects[0]: expected an object of columns, got "nope"'],
  ])('refuses %s', (_what, objects, id, message) => {
    expect(thrown(() => compileInsert(withExtras, { objects: objects as never }))).toMatchObject({ id, message });
  });

  it('on_conflict: names a key, takes update columns once each, and needs the key in every object unless the sequence fills it', () => {
    const upsert = compileInsert(withExtras, { objects: [{ email: 'a' }], on_conflict: { constraint: 'PRIMARY', update_columns: ['score', 'email', 'score'] } });
    expect(upsert.conflictKey).toEqual({ name: 'PRIMARY', columns: ['customer_id'] });
    expect(upsert.groups[0]!.request.onConflict).toEqual({ updateColumns: ['score', 'email'] });
    expect(compileInsert(withExtras, { objects: [{ email: 'a' }], on_conflict: { constraint: 'customer_email' } }).groups[0]!.request.onConflict).toEqual({ updateColumns: [] });
    expect(thrown(() => compileInsert(withExtras, { objects: [{ email: 'a' }], on_conflict: { constraint: 'nope' } }))).toMatchObject({
      id: 'SG1052',
      message: 'on_conflict.constraint: "nope" is not a PRIMARY or UNIQUE key of customer.customer (keys: PRIMARY, customer_email)',
    });
    const scored: ApiTable = { ...customer, uniqueKeys: [{ name: 'customer_score', columns: ['score'] }] };
    expect(thrown(() => compileInsert(scored, { objects: [{ email: 'a', score: 1 }, { email: 'b' }], on_conflict: { constraint: 'customer_score' } }))).toMatchObject({
      id: 'SG1053',
      message: 'objects[1]: on_conflict names key customer_score (score) of customer.customer, so every object must give score',
      details: { missing: ['score'] },
    });
    expect(thrown(() => compileInsert(withExtras, { objects: [{ email: 'a' }], on_conflict: { constraint: 'PRIMARY', update_columns: ['score2'] } }))).toMatchObject({ id: 'SG1050' });
  });
});

describe('compileChanges', () => {
  it('turns _set and _inc into clauses by column name', () => {
    const { set, inc } = compileChanges(customer, { email: 'x', score: null }, { customer_id: 2 });
    expect(set.map((s) => `${s.column}=${describeSqlValue(s.value)}`)).toEqual(['email=VARCHAR("x")', 'score=NULL']);
    expect(inc.map((s) => `${s.column}+=${describeSqlValue(s.value)}`)).toEqual(['customer_id+=INT64(2)']);
  });

  it.each([
    ['nothing to change', null, {}, 'SG1054', 'update of customer.customer changes nothing: give at least one column in _set or _inc'],
    ['a column in both', { score: 1 }, { score: 2 }, 'SG1054', 'update of customer.customer names score in both _set and _inc'],
    ['_inc of a text column', null, { email: 1 }, 'SG1050', '_inc.email: _inc applies to numeric columns, not email (varchar(128))'],
    ['_inc of null', null, { score: null }, 'SG1050', '_inc.score: _inc needs an amount, got null'],
    ['null for a NOT NULL column', { email: null }, null, 'SG1051', '_set.email: column email of customer.customer is NOT NULL and cannot be set to null'],
  ])('refuses %s', (_what, set, inc, id, message) => {
    expect(thrown(() => compileChanges(customer, set, inc))).toMatchObject({ id, message });
  });
});

describe('pkPredicate', () => {
  it('is an equality per key column, validated as by_pk keys are', () => {
    expect(showPredicate(pkPredicate(customer, { customer_id: 5 }, 'p'))).toBe('customer_id = INT64(5)');
    expect(showPredicate(pkPredicate(product, { rev: 2, sku: 'a' }, 'p'))).toBe('(sku = VARCHAR("a") and rev = INT64(2))');
    expect(thrown(() => pkPredicate(product, { sku: 'a' }, 'p')).id).toBe('SG1006');
    expect(thrown(() => pkPredicate({ ...product, primaryKey: [] }, {}, 'p')).id).toBe('SG1007');
  });
});

describe('assertFitsColumn', () => {
  const fits = (name: string, value: ReturnType<typeof sqlInt64>, maxLength?: number) => () => assertFitsColumn(allTypes, col(allTypes, name), value, maxLength);
  it.each([
    ['i8', '-128'], ['i8', '127'], ['u8', '0'], ['u8', '255'], ['i32', '-2147483648'], ['i32', '2147483647'], ['u32', '4294967295'], ['flag', '1'],
  ])('takes %s = %s', (name, value) => {
    expect(fits(name, sqlInt64(BigInt(value)))).not.toThrow();
  });

  it.each([
    ['i8', '-129', 'an integer from -128 to 127'],
    ['i8', '128', 'an integer from -128 to 127'],
    ['u8', '-1', 'an integer from 0 to 255'],
    ['u8', '256', 'an integer from 0 to 255'],
    ['i32', '2147483648', 'an integer from -2147483648 to 2147483647'],
    ['u32', '4294967296', 'an integer from 0 to 4294967295'],
  ])('refuses %s = %s', (name, value, expected) => {
    const error = thrown(fits(name, sqlInt64(BigInt(value))));
    expect(error).toMatchObject({ id: 'SG1000', details: { column: name } });
    expect(error.message).toContain(expected);
  });

  it('DECIMAL(p,s) takes p − s digits before the point, FLOAT ±3.4e38, text and binary up to maxLength', () => {
    const dec = (text: string) => () => assertFitsColumn(allTypes, col(allTypes, 'dec'), { type: 'DECIMAL', raw: new TextEncoder().encode(text) }, undefined);
    expect(dec('9999999999.99')).not.toThrow();
    expect(dec('-0009999999999.5')).not.toThrow();
    expect(thrown(dec('10000000000')).message).toContain('at most 10 digits before the decimal point');
    const f32 = (n: number) => () => assertFitsColumn(allTypes, col(allTypes, 'f32'), { type: 'FLOAT64', raw: new TextEncoder().encode(String(n)) }, undefined);
    expect(f32(3.4e38)).not.toThrow();
    expect(thrown(f32(-3.5e38)).id).toBe('SG1000');
    const name = col(allTypes, 'name');
    expect(() => assertFitsColumn(allTypes, name, sqlVarchar('é'.repeat(40)), 40)).not.toThrow();
    expect(() => assertFitsColumn(allTypes, name, sqlVarchar('😀'.repeat(40)), 40)).not.toThrow();
    expect(thrown(() => assertFitsColumn(allTypes, name, sqlVarchar('x'.repeat(41)), 40)).message).toContain('at most 40 characters (got 41)');
    expect(() => assertFitsColumn(allTypes, name, sqlVarchar('x'.repeat(400)), undefined)).not.toThrow();
    const bin = col(allTypes, 'bin');
    expect(() => assertFitsColumn(allTypes, bin, sqlVarbinary(new Uint8Array(16)), 16)).not.toThrow();
    expect(thrown(() => assertFitsColumn(allTypes, bin, sqlVarbinary(new Uint8Array(17)), 16)).message).toContain('at most 16 bytes (got 17)');
  });

  it('is applied by compileInsert and compileChanges with the planning column\'s maxLength', () => {
    expect(thrown(() => compileInsert(allTypes, { objects: [{ id: 1, i8: 300 }] })).message).toContain('column i8 (tinyint) of commerce.allTypes expects an integer from -128 to 127, got "300"');
    expect(thrown(() => compileChanges(allTypes, { bin: new Uint8Array(20) }, null)).message).toContain('at most 16 bytes');
  });
});
