// mergeKey: the hidden key a shard selects so that the engine merges a column as MySQL orders
// it: ENUM/SET by member number when sorting, as text under MIN/MAX (MariaDB 10.11 behaviour),
// text by weight string (mergeWeight), the rest by value.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../util/hex.js';
import { mergeKey, type MergeUse } from '../mergeKey.js';
import type { ColumnInfo } from '../queryRequest.js';

const GENERAL_CI = { padSpace: true, spaceWeight: '0020', maxWeightsPerChar: 1 } as const;
const ENUM: ColumnInfo = { name: 'c', type: 'ENUM', maxLength: 5, ...GENERAL_CI };
const SET: ColumnInfo = { name: 'c', type: 'SET', maxLength: 11, ...GENERAL_CI };

describe('mergeKey', () => {
  // [name, column, use, expected SQL (undefined: compared by value), expected pad weight hex]
  it.each<[string, ColumnInfo | undefined, MergeUse, string | undefined, string | undefined]>([
    ['ENUM sorted: member index', ENUM, 'sort', 'cast(`c` as unsigned)', undefined],
    ['SET sorted: unsigned bit set (not `+ 0`, signed in MariaDB)', SET, 'sort', 'cast(`c` as unsigned)', undefined],
    ['ENUM sorted without collation facts: member index', { name: 'c', type: 'ENUM' }, 'sort', 'cast(`c` as unsigned)', undefined],
    ['ENUM under MIN/MAX: text weight string, padded', ENUM, 'extremum', 'weight_string(`c`)', '0020'],
    ['SET under MIN/MAX: text weight string, padded', SET, 'extremum', 'weight_string(`c`)', '0020'],
    ['ENUM under MIN/MAX without facts: plain weight string', { name: 'c', type: 'ENUM' }, 'extremum', 'weight_string(`c`)', undefined],
    ['VARCHAR sorted: weight string', { name: 'c', type: 'VARCHAR', maxLength: 9, ...GENERAL_CI }, 'sort', 'weight_string(`c`)', '0020'],
    ['VARCHAR under MIN/MAX: weight string', { name: 'c', type: 'VARCHAR', maxLength: 9, ...GENERAL_CI }, 'extremum', 'weight_string(`c`)', '0020'],
    ['INT64: by value', { name: 'c', type: 'INT64' }, 'sort', undefined, undefined],
    ['UINT64 under MIN/MAX: by value', { name: 'c', type: 'UINT64' }, 'extremum', undefined, undefined],
    ['unknown type: by value', { name: 'c' }, 'sort', undefined, undefined],
    ['unknown column: by value', undefined, 'extremum', undefined, undefined],
  ])('%s', (_name, column, use, sql, pad) => {
    const got = mergeKey(column, '`c`', use);
    expect(got?.sql).toBe(sql);
    expect(got?.padWeight === undefined ? undefined : bytesToHex(got.padWeight)).toBe(pad);
  });

  it('wraps any expression', () => {
    expect(mergeKey(ENUM, 'max(`c`)', 'extremum')?.sql).toBe('weight_string(max(`c`))');
  });
});
