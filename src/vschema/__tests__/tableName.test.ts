// Table-name parsing for each VSchema field, against the behaviour of the Vitess function
// each mirrors: extractTableParts/parseTable, sqlescape.UnescapeID, sqlparser.ParseTable.

import { describe, expect, it } from 'vitest';
import { formatTableName, parseQualifiedTableName, parseSqlTableName, splitTableName, unescapeId, type TableNameResult } from '../tableName.js';

const name = (keyspace: string, table: string): TableNameResult => ({ kind: 'name', name: { keyspace, table } });
const error = (message: string): TableNameResult => ({ kind: 'error', message });
const dotsNote = '(dots are not allowed in either name)';

describe('splitTableName (vitess extractTableParts)', () => {
  it.each<[string, boolean, TableNameResult]>([
    ['t', true, name('', 't')],
    ['ks.t', true, name('ks', 't')],
    ['ks.t', false, name('ks', 't')],
    ['`ks`.t', false, name('`ks`', 't')],
    ['', true, name('', '')],
    ['t', false, error(`invalid table name: 't', it must be of the qualified form <keyspace_name>.<table_name> ${dotsNote}`)],
    [
      'a.b.c',
      true,
      error(`invalid table name: 'a.b.c', it must be of the unqualified form <table_name> or the qualified form <keyspace_name>.<table_name> ${dotsNote}`),
    ],
  ])('%j (unqualified allowed: %s)', (input, allow, want) => {
    expect(splitTableName(input, allow)).toEqual(want);
  });
});

describe('unescapeId (vitess sqlescape.UnescapeID)', () => {
  it.each([
    ['a', { id: 'a' }],
    ['`a`', { id: 'a' }],
    ['`a``b`', { id: 'a`b' }],
    ['`a.b`', { id: 'a.b' }],
    ['', { error: "UnescapeID err: invalid input identifier ''" }],
    ['``', { error: "UnescapeID err: invalid input identifier '``'" }],
    ['`', { error: "UnescapeID err: invalid input identifier '`'" }],
    ['`a', { error: "UnescapeID err: unexpected single backtick at position 0 in '`a'" }],
    ['a`', { error: "UnescapeID err: unexpected single backtick at position 2 in 'a`'" }],
    ['a`b', { error: "UnescapeID err: no outer backticks found in the identifier 'a`b'" }],
    ['`a`b`', { error: "UnescapeID err: unexpected single backtick at position 1 in 'a`b'" }],
  ])('%j', (input, want) => {
    expect(unescapeId(input)).toEqual(want);
  });
});

describe('parseQualifiedTableName (routing-rule targets)', () => {
  it.each<[string, TableNameResult]>([
    ['ks.t', name('ks', 't')],
    ['`ks`.`t`', name('ks', 't')],
    ['ks.`we``ird`', name('ks', 'we`ird')],
    ['t', error(`invalid table name: 't', it must be of the qualified form <keyspace_name>.<table_name> ${dotsNote}`)],
    ['ks.', error("UnescapeID err: invalid input identifier ''")],
  ])('%j', (input, want) => {
    expect(parseQualifiedTableName(input)).toEqual(want);
  });
});

describe('parseSqlTableName (vitess sqlparser.ParseTable)', () => {
  it.each<[string, TableNameResult]>([
    ['seq', name('', 'seq')],
    ['ks.seq', name('ks', 'seq')],
    ['`unsharded`.`seq`', name('unsharded', 'seq')],
    [' ks . seq ', name('ks', 'seq')],
    ['`a``b`', name('', 'a`b')],
    ['`a.b`.c', name('a.b', 'c')],
    ['1a', name('', '1a')],
    ['a.b.seq', error('invalid table name: a.b.seq')],
    ['', error('invalid table name: ')],
    ['123', error('invalid table name: 123')],
    ['ks.', error('invalid table name: ks.')],
    ['`open', error('invalid table name: `open')],
    ['a b', error('invalid table name: a b')],
  ])('%j', (input, want) => {
    expect(parseSqlTableName(input)).toEqual(want);
  });
});

describe('formatTableName', () => {
  it.each([
    [{ keyspace: '', table: 't' }, 't'],
    [{ keyspace: 'ks', table: 't_1' }, 'ks.t_1'],
    [{ keyspace: 'my-ks', table: 'weird`name' }, '`my-ks`.`weird``name`'],
  ])('%j → %s', (input, want) => {
    expect(formatTableName(input)).toBe(want);
  });
});
