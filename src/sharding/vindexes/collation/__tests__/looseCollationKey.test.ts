// Exact collation keys (the bytes the unicode_loose_* vindexes hash). Rows tagged
// TestNormalization are the expected keys of vitess go/vt/vtgate/vindexes/unicode_test.go
// (Apache-2.0). The other expected keys were computed by running Vitess's own collator
// (go/mysql/collations/vindex/collate Hasher over golang.org/x/text's CLDR 23 tables, Go's
// Unicode 15.0 ideograph class) outside this repository; they pin the table's edge behaviour.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../util/hex.js';
import { rootCollationTable } from '../collationTable.js';
import { looseCollationKey } from '../looseCollationKey.js';

const utf8 = new TextEncoder();

function key(input: string | Uint8Array): string | undefined {
  const k = looseCollationKey(typeof input === 'string' ? utf8.encode(input) : input);
  return k === undefined ? undefined : bytesToHex(k);
}

describe('looseCollationKey', () => {
  it.each([
    ['Test', '1816164c17f31816'],
    ['TEST', '1816164c17f31816'],
    ['Te\u0301st', '1816164c17f31816'],
    ['T\u00e9st', '1816164c17f31816'],
    ['B\u00e9st', '1605164c17f31816'],
    ['Test ', '1816164c17f31816'],
    [' Test', '01091816164c17f31816'],
    ['Test\t', '1816164c17f318160100'],
    ['T\u00e9stLooong', '1816164c17f318161711177117711771174f1691'],
    ['T', '1816'],
  ])('TestNormalization %j → %s', (input, expected) => {
    expect(key(input)).toBe(expected);
  });

  it.each([
    // empty, spaces: only trailing ASCII spaces are dropped
    ['', ''],
    [' ', ''],
    ['   ', ''],
    ['a', '15ef'],
    ['a  ', '15ef'],
    ['a\t', '15ef0100'],
    ['a\u00a0', '15ef0109'],
    [' a', '010915ef'],
    ['\u00a0a', '010915ef'],
    // ignorable code points weigh nothing; a leading BOM is not stripped, it is ignorable
    ['a\u0000b', '15ef1605'],
    ['\ufeffa', '15ef'],
    // case, accents, width, compatibility forms (NFKD) and expansions
    ['Stra\u00dfe', '17f3181617bd15ef17f317f3164c'],
    ['STRASSE', '17f3181617bd15ef17f317f3164c'],
    ['\ufb01le', '168416cd1711164c'],
    ['file', '168416cd1711164c'],
    ['\uff21', '15ef'],
    ['\u00e6', '15ef164c'],
    ['ae', '15ef164c'],
    ['\u00c5', '15ef'],
    ['\u212b', '15ef'],
    ['\u212a', '16ff'],
    ['\u01c4', '16311895'],
    ['\u2122', '18161741'],
    ['\u00bd', '14e704ac14e8'],
    ['\u2460', '14e7'],
    // canonical equivalents in any mark order
    ['a\u0301\u0323', '15ef'],
    ['a\u0323\u0301', '15ef'],
    ['\u01d8', '1836'],
    ['\u00fc\u0301', '1836'],
    // contractions: Cyrillic short i, Catalan l·, Thai prevowel reordering, Sinhala-like AM
    ['\u0439', '1a1f'],
    ['\u0438\u0306', '1a1f'],
    ['\u0418\u0419', '1a0a1a1f'],
    ['l\u00b7', '1711'],
    ['L\u00b7', '1711'],
    ['\u0e40\u0e01', '248824c2'],
    ['\u0e01\u0e40', '248824c2'],
    ['\u0e33', '24ba'],
    ['\u0e4d\u0e32', '24ba'],
    ['\u0c46\u0c56', '21b1'],
    ['\u0c48', '21b1'],
    ['\u0fb2\u0f71\u0f72', '2575258d'],
    // x/text's discontiguous matching stops at a blocking mark (UCA would still contract)
    ['\u0c46\u0591\u0c56', '21af21b7'],
    ['\u0fb2\u0f71\u0591\u0f72', '2575258b258c'],
    // Hangul syllables weigh as their jamo
    ['\uac00', '315631d4'],
    ['\uac01', '315631d43232'],
    ['\u1100', '3156'],
    // implicit weights: three-byte primaries (code point + 0x10000 / 0x20000 / 0x50000)
    ['\u4e00', '814e00'],
    ['\u4e01', '814e01'],
    ['\u{20000}', '840000'],
    ['\u4db6', '824db6'],
    ['\u9fcd', '819fcd'],
    ['\u{31350}', '851350'],
    ['\u{2ebf0}', '87ebf0'],
    ['\u0378', '850378'],
    ['\ue000', '85e000'],
    ['\uffff', '95ffff'],
    ['\u{10ffff}', '95ffff'],
    // emoji: in the table when assigned by Unicode 6.2, else implicit
    ['\u{1f600}', '1297'],
    ['\u{1f44d}\u{1f3fd}', '118986f3fd'],
  ])('%j → %s', (input, expected) => {
    expect(key(input)).toBe(expected);
  });

  it.each([
    ['lone continuation byte', [0x80]],
    ['invalid byte', [0xff]],
    ['truncated sequence', [0xc3]],
    ['overlong encoding', [0xc0, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['invalid before trailing spaces', [0x61, 0xff, 0x20, 0x20]],
  ])('%s is not UTF-8: undefined', (_what, bytes) => {
    expect(key(Uint8Array.from(bytes))).toBeUndefined();
  });

  it('weighs a long run of combining marks like Vitess (stream-safe cut after 30)', () => {
    const marks = '\u0301\u0316'.repeat(20);
    expect(key(`a${marks}b`)).toBe('15ef1605');
    expect(key(`\u0e40${marks}\u0e01`)).toBe('24c22488');
  });
});

describe('rootCollationTable', () => {
  const table = rootCollationTable();

  it('holds the Unicode 6.2 root entries and their kinds', () => {
    expect(table.entry(0x61)).toEqual({ kind: 'elements', elements: [0x15ef * 256] });
    expect(table.entry(0xfb01)?.kind).toBe('decompose');
    expect(table.entry(0x0e40)?.kind).toBe('contraction');
    expect(table.entry(0x4e00)).toBeUndefined();
    expect(table.entry(0xac00)).toBeUndefined();
  });

  it.each([
    [0x4e00, 0x14e00],
    [0xfa0e, 0x1fa0e],
    [0x3400, 0x23400],
    [0x20000, 0x40000],
    [0x30000, 0x50000],
    [0x2ebf0, 0x7ebf0],
    [0x0378, 0x50378],
    [0x10ffff, 0x15ffff],
  ])('implicitPrimary(%s) = %s', (rune, primary) => {
    expect(table.implicitPrimary(rune)).toBe(primary);
  });

  it('knows non-starters by their Unicode 15.0 combining classes', () => {
    expect(table.nonStarter(0x0301)).toEqual({ lead: 230, trail: 230, leadCount: 1 });
    expect(table.nonStarter(0x0f73)).toEqual({ lead: 129, trail: 130, leadCount: 2 });
    expect(table.nonStarter(0x00e9)).toBeUndefined();
    expect(table.nonStarter(0x61)).toBeUndefined();
  });
});
