// mergeSingleResult (the one-target fast path) against mergeResults on a one-element list:
// the same rows, fields and errors for every offset/limit/maxRows/hidden-column edge row,
// aggregates and short rows; and the rows array kept (not copied) when nothing changes.

import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/serviceError.js';
import type { MergeSpec, Row } from '../../sharding/plan/plan.js';
import { InvariantError } from '../../util/invariant.js';
import { mergeResults, mergeSingleResult, type ExecutionResult } from '../mergeResults.js';
import type { QueryResult } from '../shardExecutor.js';
import { N, i, routePlan, s, show } from './planFixtures.js';

const FIVE: Row[] = [1, 2, 3, 4, 5].map((n) => [i(n), s(`v${n}`), i(-n)]);
const FIELDS = [
  { name: 'c0', type: 'INT64' as const },
  { name: 'c1', type: 'VARCHAR' as const },
  { name: 'c2', type: 'INT64' as const },
];

function result(rows: readonly Row[], fields = FIELDS): QueryResult {
  return { fields, rows, rowsAffected: 0, insertId: 0n };
}

/** What a call returns or throws, comparable with toEqual (errors by class, id and message). */
function outcome(run: () => ExecutionResult): unknown {
  try {
    const r = run();
    return { columns: r.columns, fields: r.fields, rows: show(r.rows) };
  } catch (error) {
    if (error instanceof ServiceError) return { error: 'ServiceError', id: error.id, message: error.message, details: error.details };
    if (error instanceof InvariantError) return { error: 'InvariantError', message: error.message };
    throw error;
  }
}

describe('mergeSingleResult equals mergeResults on one result', () => {
  const columns3 = ['a', 'b', 'c'];
  it.each<[string, Partial<MergeSpec>, readonly string[], number | undefined, readonly Row[]]>([
    ['nothing to do', {}, columns3, undefined, FIVE],
    ['no rows', {}, columns3, undefined, []],
    ['offset 2', { offset: 2 }, columns3, undefined, FIVE],
    ['offset past the end', { offset: 9 }, columns3, undefined, FIVE],
    ['offset = row count', { offset: 5 }, columns3, undefined, FIVE],
    ['limit 0', { limit: 0 }, columns3, undefined, FIVE],
    ['limit 2', { limit: 2 }, columns3, undefined, FIVE],
    ['limit = row count', { limit: 5 }, columns3, undefined, FIVE],
    ['limit over the row count', { limit: 50 }, columns3, undefined, FIVE],
    ['offset 1 limit 3', { offset: 1, limit: 3 }, columns3, undefined, FIVE],
    ['offset 4 limit 3 (one left)', { offset: 4, limit: 3 }, columns3, undefined, FIVE],
    ['hidden columns cut', { resultColumns: 1 }, ['a'], undefined, FIVE],
    ['hidden columns cut after offset and limit', { resultColumns: 2, offset: 1, limit: 2 }, ['a', 'b'], undefined, FIVE],
    ['maxRows = rows kept', {}, columns3, 5, FIVE],
    ['maxRows one below the rows kept: SG709', {}, columns3, 4, FIVE],
    ['maxRows 0 with no rows', {}, columns3, 0, []],
    ['maxRows 0 with one row: SG709', { limit: 1 }, columns3, 0, FIVE],
    ['maxRows counts after limit', { limit: 3 }, columns3, 3, FIVE],
    ['maxRows counts after offset', { offset: 2 }, columns3, 3, FIVE],
    ['maxRows with everything skipped', { offset: 9 }, columns3, 0, FIVE],
    ['order keys: one shard keeps its order', { orderBy: [{ column: 2, direction: 'asc', nullsFirst: true }] }, columns3, undefined, FIVE],
    ['order key beyond the row: InvariantError', { orderBy: [{ column: 3, direction: 'asc', nullsFirst: true }] }, columns3, undefined, FIVE],
    ['weight string beyond the row: InvariantError', { orderBy: [{ column: 0, weightStringColumn: 7, direction: 'asc', nullsFirst: true }] }, columns3, undefined, FIVE],
    ['row shorter than resultColumns: InvariantError', { resultColumns: 4 }, ['a', 'b', 'c', 'd'], undefined, FIVE],
    ['columns and resultColumns disagree: InvariantError', { resultColumns: 2 }, columns3, undefined, FIVE],
    ['NULLs kept as they are', {}, ['a'], undefined, [[N], [i(0)], [N]]],
    ['rows of mixed widths, some cut', { resultColumns: 1 }, ['a'], undefined, [[i(1)], [i(2), s('x')]]],
    [
      'aggregates: one row folded',
      { aggregates: [{ kind: 'value', alias: 'n', column: 0, zeroWhenEmpty: true }], resultColumns: 1 },
      ['n'],
      undefined,
      [[i(4)]],
    ],
    ['aggregates: no row', { aggregates: [{ kind: 'value', alias: 'n', column: 0, zeroWhenEmpty: true }], resultColumns: 1 }, ['n'], undefined, []],
  ])('%s', (name, merge, columns, maxRows, rows) => {
    const plan = routePlan({ opcode: 'EqualUnique', shards: ['-40'], columns, merge: { resultColumns: columns.length, ...merge } });
    const one = result(rows);
    const want = outcome(() => mergeResults(plan, [one], maxRows));
    expect(outcome(() => mergeSingleResult(plan, one, maxRows))).toEqual(want);
    const fails = /SG709|InvariantError/.exec(name)?.[0];
    if (fails === undefined) expect(want).not.toHaveProperty('error');
    else expect(want).toMatchObject(fails === 'SG709' ? { id: 'SG709' } : { error: 'InvariantError' });
  });

  it('fields: typed from the result, NULL when the result has none', () => {
    const plan = routePlan({ opcode: 'EqualUnique', shards: ['-40'], columns: ['a', 'b', 'c'] });
    for (const fields of [FIELDS, [], FIELDS.slice(0, 1)]) {
      const one = result(FIVE, fields);
      expect(mergeSingleResult(plan, one).fields).toEqual(mergeResults(plan, [one]).fields);
    }
    expect(mergeSingleResult(plan, result(FIVE, [])).fields.map((f) => f.type)).toEqual(['NULL', 'NULL', 'NULL']);
  });

  it('keeps the shard rows array when no row is skipped, dropped or cut', () => {
    const plan = routePlan({ opcode: 'EqualUnique', shards: ['-40'], columns: ['a', 'b', 'c'] });
    const one = result(FIVE);
    expect(mergeSingleResult(plan, one).rows).toBe(one.rows);
    expect(mergeSingleResult(plan, one, 5).rows).toBe(one.rows);
    expect(mergeSingleResult(routePlan({ opcode: 'EqualUnique', shards: ['-40'], columns: ['a'] }), one).rows).not.toBe(one.rows);
  });
});
