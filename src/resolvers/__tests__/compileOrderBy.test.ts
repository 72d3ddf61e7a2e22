import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { ORDER_BY_DIRECTIONS, compileOrderBy, isOrderableColumn } from '../compileOrderBy.js';
import { testCatalog } from './fixtures.js';

const { table } = testCatalog();
const customer = table('customer');
const allTypes = table('allTypes');

describe('compileOrderBy', () => {
  it.each([
    ['asc', { direction: 'asc' }],
    ['asc_nulls_first', { direction: 'asc' }],
    ['asc_nulls_last', { direction: 'asc', nulls: 'last' }],
    ['desc', { direction: 'desc' }],
    ['desc_nulls_first', { direction: 'desc', nulls: 'first' }],
    ['desc_nulls_last', { direction: 'desc' }],
  ])('%s → MySQL order %o', (value, spec) => {
    expect(compileOrderBy(customer, [{ score: value as 'asc' }])).toEqual([{ column: 'score', ...spec }]);
  });

  it('lists every enum value once', () => {
    expect([...new Set(ORDER_BY_DIRECTIONS)]).toHaveLength(6);
  });

  it('keeps list order, then key order; skips nulls; keeps the first term of a repeated column', () => {
    const arg = [{ score: 'desc', email: 'asc' }, { customer_id: null }, { score: 'asc', customer_id: 'desc_nulls_first' }];
    expect(compileOrderBy(customer, arg as never)).toEqual([
      { column: 'score', direction: 'desc' },
      { column: 'email', direction: 'asc' },
      { column: 'customer_id', direction: 'desc', nulls: 'first' },
    ]);
  });

  it('absent, null and [] give no terms; one object counts as a list', () => {
    expect(compileOrderBy(customer, undefined)).toEqual([]);
    expect(compileOrderBy(customer, null)).toEqual([]);
    expect(compileOrderBy(customer, [])).toEqual([]);
    expect(compileOrderBy(customer, { email: 'desc' })).toEqual([{ column: 'email', direction: 'desc' }]);
  });

  it('refuses JSON and GEOMETRY columns', () => {
    expect(allTypes.columns.filter((c) => !isOrderableColumn(c)).map((c) => c.name)).toEqual(['doc', 'geo']);
  });

  it.each([
    ['unknown column', [{ nope: 'asc' }], 'order_by field "nope" is not a column of customer.customer'],
    ['unknown direction', [{ score: 'up' }], 'order_by[0].score: expected one of asc, asc_nulls_first'],
    ['inherited key as direction', [{ score: 'toString' }], 'order_by[0].score: expected one of'],
    ['not an object', ['score'], 'order_by[0]: expected a customer_order_by object'],
  ])('rejects %s', (_name, arg, message) => {
    let thrown: unknown;
    try {
      compileOrderBy(customer, arg as never);
    } catch (error) {
      thrown = error;
    }
    expect(isServiceError(thrown, 'SG1002')).toBe(true);
    expect((thrown as Error).message).toContain(message);
  });

  it('accepts ENUM and SET on a sharded table (the planner merges them by member number)', () => {
    const corder = table('corder');
    expect(isOrderableColumn(corder.columns.find((c) => c.name === 'status')!)).toBe(true);
    expect(compileOrderBy(corder, [{ status: 'desc_nulls_first' }])).toEqual([{ column: 'status', direction: 'desc', nulls: 'first' }]);
  });

  it('rejects an unorderable column', () => {
    expect(() => compileOrderBy(allTypes, [{ doc: 'asc' }])).toThrow('order_by[0].doc: column doc (json) cannot be ordered by');
  });
});
