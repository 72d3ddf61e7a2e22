// mergeWeight: which weight_string() a shard selects for a text merge key and whether the engine
// pads it, from the collation facts introspection reports (values as MariaDB 10.11 reports them),
// and how planQuery combines introspected facts with VSchema column types.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../util/hex.js';
import { InvariantError } from '../../../util/invariant.js';
import { buildVSchema } from '../../../vschema/buildVSchema.js';
import { describeVindexType } from '../../vindexes/registry.js';
import { mergeWeight } from '../mergeWeight.js';
import { planQuery } from '../planQuery.js';
import type { ColumnInfo } from '../queryRequest.js';
import { planningContext } from './planningFixtures.js';

const GENERAL_CI = { padSpace: true, spaceWeight: '0020', maxWeightsPerChar: 1 } as const;
const THAI_W2 = { padSpace: true, maxWeightsPerChar: 4 } as const;
const NOPAD = { padSpace: false, maxWeightsPerChar: 1 } as const;

describe('mergeWeight', () => {
  // [name, column, expected SQL (undefined: compared by value), expected pad weight hex]
  it.each<[string, ColumnInfo | undefined, string | undefined, string | undefined]>([
    ['unknown column: by value', undefined, undefined, undefined],
    ['no type: by value', { name: 'c', ...GENERAL_CI }, undefined, undefined],
    ['INT64 with collation facts: by value', { name: 'c', type: 'INT64', ...GENERAL_CI }, undefined, undefined],
    ['ENUM as text (its MIN/MAX; mergeKey sorts it by number): padded', { name: 'c', type: 'ENUM', maxLength: 5, ...GENERAL_CI }, 'weight_string(`c`)', '0020'],
    ['SET multi-level: AS CHAR(length × weights per char)', { name: 'c', type: 'SET', maxLength: 11, ...THAI_W2 }, 'weight_string(`c` as char(44))', undefined],
    ['JSON with collation facts: by value', { name: 'c', type: 'JSON', ...GENERAL_CI }, undefined, undefined],
    ['VARCHAR without facts (VSchema type only): plain', { name: 'c', type: 'VARCHAR' }, 'weight_string(`c`)', undefined],
    ['VARCHAR PAD SPACE single-level: plain, padded', { name: 'c', type: 'VARCHAR', maxLength: 40, ...GENERAL_CI }, 'weight_string(`c`)', '0020'],
    ['CHAR PAD SPACE single-level: padded', { name: 'c', type: 'CHAR', maxLength: 2, ...GENERAL_CI }, 'weight_string(`c`)', '0020'],
    [
      'TEXT PAD SPACE single-level (unicode_520_ci): padded, any length',
      { name: 'c', type: 'TEXT', maxLength: 4294967295, padSpace: true, spaceWeight: '020a', maxWeightsPerChar: 8 },
      'weight_string(`c`)',
      '020a',
    ],
    ['VARCHAR NO PAD: plain, unpadded', { name: 'c', type: 'VARCHAR', maxLength: 40, ...NOPAD }, 'weight_string(`c`)', undefined],
    ['NO PAD with a space weight given anyway: unpadded', { name: 'c', type: 'VARCHAR', maxLength: 4, ...NOPAD, spaceWeight: '0020' }, 'weight_string(`c`)', undefined],
    ['VARCHAR multi-level PAD SPACE: AS CHAR(length × weights per char)', { name: 'c', type: 'VARCHAR', maxLength: 30, ...THAI_W2 }, 'weight_string(`c` as char(120))', undefined],
    ['CHAR(1) multi-level: AS CHAR(4)', { name: 'c', type: 'CHAR', maxLength: 1, ...THAI_W2 }, 'weight_string(`c` as char(4))', undefined],
    ['VARCHAR(65535) multi-level: AS CHAR(262140)', { name: 'c', type: 'VARCHAR', maxLength: 65535, ...THAI_W2 }, 'weight_string(`c` as char(262140))', undefined],
    ['TEXT multi-level: plain (no bounded length to pad to)', { name: 'c', type: 'TEXT', maxLength: 65535, ...THAI_W2 }, 'weight_string(`c`)', undefined],
    ['multi-level without a length: plain', { name: 'c', type: 'VARCHAR', ...THAI_W2 }, 'weight_string(`c`)', undefined],
    ['multi-level without weights per char: plain', { name: 'c', type: 'VARCHAR', maxLength: 5, padSpace: true }, 'weight_string(`c`)', undefined],
    ['multi-level VARCHAR(0): plain', { name: 'c', type: 'VARCHAR', maxLength: 0, ...THAI_W2 }, 'weight_string(`c`)', undefined],
  ])('%s', (_name, column, sql, pad) => {
    const got = mergeWeight(column, '`c`');
    expect(got?.sql).toBe(sql);
    expect(got?.padWeight === undefined ? undefined : bytesToHex(got.padWeight)).toBe(pad);
  });

  it('wraps any expression, such as a min() across shards', () => {
    expect(mergeWeight({ name: 'c', type: 'VARCHAR', maxLength: 3, ...THAI_W2 }, 'min(`c`)')?.sql).toBe('weight_string(min(`c`) as char(12))');
  });

  it.each(['', '002', 'zz'])('throws InvariantError for a space weight %j that is not hex', (spaceWeight) => {
    expect(() => mergeWeight({ name: 'c', type: 'VARCHAR', padSpace: true, spaceWeight }, '`c`')).toThrow(InvariantError);
  });
});

describe('planQuery: column facts', () => {
  const { model, problems } = buildVSchema(
    {
      keyspaces: {
        ks: {
          sharded: true,
          vindexes: { hash: { type: 'hash' } },
          tables: { t: { column_vindexes: [{ column: 'id', name: 'hash' }], columns: [{ name: 'Name', type: 'VARCHAR' }] } },
        },
      },
    },
    { describeVindexType },
  );
  const orderByName = { keyspace: 'ks', table: 't', select: ['id'], orderBy: [{ column: 'NAME', direction: 'asc' as const }] };
  const plan = (columns?: readonly ColumnInfo[]) =>
    planQuery(orderByName, planningContext(model, 'two', columns === undefined ? {} : { columns: () => columns }));

  it('reads introspected facts case-insensitively, a VSchema type filling a missing introspected type', () => {
    expect(problems).toEqual([]);
    const facts = plan([{ name: 'id', type: 'INT64' }, { name: 'name', maxLength: 9, ...GENERAL_CI }]);
    expect(facts.route.sql).toBe('select `id`, `NAME`, weight_string(`NAME`) from `t` order by `NAME` asc');
    expect(facts.merge.orderBy).toEqual([{ column: 1, weightStringColumn: 2, padWeight: new Uint8Array([0, 0x20]), direction: 'asc', nullsFirst: true }]);
  });

  it('merges a VSchema-typed VARCHAR without facts by its plain weight string', () => {
    expect(plan().merge.orderBy).toEqual([{ column: 1, weightStringColumn: 2, direction: 'asc', nullsFirst: true }]);
  });

  it('lets an introspected type override the VSchema type', () => {
    const byValue = plan([{ name: 'id', type: 'INT64' }, { name: 'name', type: 'INT32' }]);
    expect(byValue.merge.orderBy).toEqual([{ column: 1, direction: 'asc', nullsFirst: true }]);
  });
});
