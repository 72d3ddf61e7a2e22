import { describe, expect, it } from 'vitest';
import { readSqlString, unquoteSqlString } from '../unquoteSqlString.js';

describe('unquoteSqlString', () => {
  it.each([
    ["''", ''],
    ["'abc'", 'abc'],
    ["'it''s, ok'", "it's, ok"],
    ["'a\\\\b'", 'a\\b'],
    ["'x\\ny\tz\"q\x1aw\\\\r\\rr é'", 'x\ny\tz"q\x1aw\\r\rr é'],
    ["'ab\\0\\0'", 'ab\0\0'],
    ["'\\Z\\b\\t\\'\\\"'", '\x1a\b\t\'"'],
    ["'100\\%\\_'", '100\\%\\_'],
    ["'\\q'", 'q'],
    ['"say ""hi"""', 'say "hi"'],
    ["'NULL'", 'NULL'],
  ])('%s → %j', (text, value) => {
    expect(unquoteSqlString(text)).toBe(value);
  });

  it.each([[''], ['abc'], ["'abc"], ["'a' 'b'"], ["'a'b"], ["concat('a','b')"], ['12'], ["'\\"], ['NULL']])(
    '%j is not one literal',
    (text) => {
      expect(unquoteSqlString(text)).toBeUndefined();
    },
  );
});

describe('readSqlString', () => {
  it('reads a literal in the middle of a text and returns the index after it', () => {
    expect(readSqlString("enum('a,b','c')", 5)).toEqual({ value: 'a,b', end: 10 });
    expect(readSqlString("enum('a,b','c')", 11)).toEqual({ value: 'c', end: 14 });
  });

  it('is undefined when no quote starts at the index', () => {
    expect(readSqlString("enum('a')", 0)).toBeUndefined();
    expect(readSqlString("'a'", 3)).toBeUndefined();
  });
});
