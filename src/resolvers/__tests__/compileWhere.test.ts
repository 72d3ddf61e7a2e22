import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { MAX_WHERE_DEPTH, acceptsLike, compileWhere } from '../compileWhere.js';
import { showPredicate, testCatalog } from './fixtures.js';

const { table } = testCatalog();
const customer = table('customer');
const allTypes = table('allTypes');

const show = showPredicate;

/** `{score: {_eq: 1}}` wrapped `levels` times by `wrap`. */
function nest(levels: number, wrap: (where: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  let where: Record<string, unknown> = { score: { _eq: 1 } };
  for (let i = 0; i < levels; i++) where = wrap(where);
  return where;
}

describe('compileWhere', () => {
  const cases: [string, unknown, string][] = [
    ['absent', undefined, 'true'],
    ['null', null, 'true'],
    ['empty object', {}, 'true'],
    ['empty comparison', { score: {} }, 'true'],
    ['_eq', { customer_id: { _eq: 1 } }, 'customer_id = INT64(1)'],
    ['_neq', { customer_id: { _neq: '2' } }, 'customer_id != INT64(2)'],
    ['_gt', { score: { _gt: 1 } }, 'score > INT64(1)'],
    ['_gte', { score: { _gte: 1 } }, 'score >= INT64(1)'],
    ['_lt', { score: { _lt: -1 } }, 'score < INT64(-1)'],
    ['_lte', { score: { _lte: 0 } }, 'score <= INT64(0)'],
    ['_in', { customer_id: { _in: [1, 2n] } }, 'customer_id in [INT64(1), INT64(2)]'],
    ['_in one value', { customer_id: { _in: [3] } }, 'customer_id in [INT64(3)]'],
    ['_in []', { customer_id: { _in: [] } }, 'false'],
    ['_nin', { customer_id: { _nin: [1] } }, 'customer_id not in [INT64(1)]'],
    ['_nin []', { customer_id: { _nin: [] } }, 'true'],
    ['_is_null true', { score: { _is_null: true } }, 'score is null'],
    ['_is_null false', { score: { _is_null: false } }, 'score is not null'],
    ['_like', { email: { _like: 'a%' } }, 'email like VARCHAR("a%")'],
    ['_nlike', { email: { _nlike: '%_x' } }, 'email not like VARCHAR("%_x")'],
    ['several ops on one column', { score: { _gt: 1, _lt: 5 } }, '(score > INT64(1) and score < INT64(5))'],
    ['several columns', { score: { _gt: 1 }, email: { _eq: 'a' } }, '(score > INT64(1) and email = VARCHAR("a"))'],
    ['_and', { _and: [{ score: { _gt: 1 } }, { score: { _lt: 5 } }] }, '(score > INT64(1) and score < INT64(5))'],
    ['_and []', { _and: [] }, 'true'],
    ['_and single object (list coercion)', { _and: { score: { _eq: 1 } } }, 'score = INT64(1)'],
    ['_or', { _or: [{ score: { _eq: 1 } }, { score: { _is_null: true } }] }, '(score = INT64(1) or score is null)'],
    ['_or []', { _or: [] }, 'false'],
    ['_or of one', { _or: [{ score: { _eq: 1 } }] }, 'score = INT64(1)'],
    ['_not', { _not: { score: { _eq: 1 } } }, 'not score = INT64(1)'],
    ['_not {}', { _not: {} }, 'not true'],
    ['nested _not', { _not: { _not: { _or: [{ score: { _in: [] } }, { email: { _like: 'x' } }] } } }, 'not not (false or email like VARCHAR("x"))'],
    ['mixed', { _or: [{ _and: [{ score: { _gt: 1 } }, { _not: { email: { _nin: ['a', 'b'] } } }] }, {}] }, '((score > INT64(1) and not email not in [VARCHAR("a"), VARCHAR("b")]) or true)'],
    ['undefined keys are skipped', { score: { _eq: undefined }, email: undefined }, 'true'],
  ];
  it.each(cases)('%s', (_name, where, expected) => {
    expect(show(compileWhere(customer, where as Record<string, unknown>))).toBe(expected);
  });

  it('converts values by column type', () => {
    const where = {
      dt: { _gte: '2024-01-01T00:00:00' },
      flag: { _eq: true },
      bin: { _eq: new Uint8Array([1]) },
      mood: { _in: ['ok', 'sad'] },
      dec: { _lt: '9.99' },
    };
    expect(show(compileWhere(allTypes, where))).toBe(
      "(dt >= DATETIME(\"2024-01-01 00:00:00\") and flag = INT64(1) and bin = VARBINARY(x'01') and mood in [VARCHAR(\"ok\"), VARCHAR(\"sad\")] and dec < DECIMAL(9.99))",
    );
  });

  it('allows _like on enum, set, time and text columns only', () => {
    expect(['mood', 'tags', 'tm', 'name', 'code', 'body'].every((c) => acceptsLike(allTypes.columns.find((x) => x.name === c)!))).toBe(true);
    expect(['id', 'dec', 'd', 'dt', 'doc', 'bin', 'flag'].some((c) => acceptsLike(allTypes.columns.find((x) => x.name === c)!))).toBe(false);
    expect(show(compileWhere(allTypes, { mood: { _like: 'HA%' } }))).toBe('mood like VARCHAR("HA%")');
  });

  const errors: [string, unknown, string, string][] = [
    ['unknown column', { nope: { _eq: 1 } }, 'SG1001', 'where field "nope" is not a column of customer.customer'],
    ['unknown column under _or', { _or: [{ nope: {} }] }, 'SG1001', '"nope"'],
    ['unknown operator', { score: { _ilike: 'a' } }, 'SG1001', 'where.score._ilike: unknown comparison operator "_ilike"'],
    ['null operand', { score: { _eq: null } }, 'SG1001', 'where.score._eq: _eq needs a value, got null (use _is_null to test for NULL)'],
    ['null comparison object', { score: null }, 'SG1001', 'where.score'],
    ['null in _in', { score: { _in: [1, null] } }, 'SG1001', 'where.score._in[1]'],
    ['_in not a list', { score: { _in: 1 } }, 'SG1001', '_in needs a list, got 1'],
    ['_is_null not boolean', { score: { _is_null: 'yes' } }, 'SG1001', '_is_null needs true or false'],
    ['_like on a number', { score: { _like: '1%' } }, 'SG1001', '_like applies to string columns'],
    ['_like with a number', { email: { _like: 1 } }, 'SG1001', 'needs a string pattern'],
    ['_and null', { _and: null }, 'SG1001', 'where._and'],
    ['_not null', { _not: null }, 'SG1001', 'where._not'],
    ['comparison not an object', { score: 5 }, 'SG1001', 'expected a comparison object for column score, got 5'],
    ['where not an object', [1], 'SG1001', 'expected a customer_bool_exp object'],
    ['nested path', { _and: [{}, { _not: { score: { _gt: 'x' } } }] }, 'SG1000', 'column score (int) expects an integer, got "x"'],
    ['_not nested too deep', nest(MAX_WHERE_DEPTH + 1, (w) => ({ _not: w })), 'SG1001', `nest deeper than ${MAX_WHERE_DEPTH} levels`],
    ['_and nested too deep', nest(MAX_WHERE_DEPTH + 1, (w) => ({ _and: [w] })), 'SG1001', 'where._and[0]._and[0]'],
    ['_or nested too deep (10,000 levels)', nest(10_000, (w) => ({ _or: [w, {}] })), 'SG1001', `nest deeper than ${MAX_WHERE_DEPTH} levels`],
  ];
  it('accepts _and/_or/_not nested MAX_WHERE_DEPTH levels', () => {
    expect(show(compileWhere(customer, nest(MAX_WHERE_DEPTH, (w) => ({ _and: [w] }))))).toBe('score = INT64(1)');
    expect(show(compileWhere(customer, nest(MAX_WHERE_DEPTH, (w) => ({ _not: w }))))).toBe(`${'not '.repeat(MAX_WHERE_DEPTH)}score = INT64(1)`);
  });

  it.each(errors)('rejects %s', (_name, where, id, message) => {
    let thrown: unknown;
    try {
      compileWhere(customer, where as Record<string, unknown>);
    } catch (error) {
      thrown = error;
    }
    expect(isServiceError(thrown, id as 'SG1001')).toBe(true);
    expect((thrown as Error).message).toContain(message);
  });
});
