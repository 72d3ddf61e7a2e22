// parseJsonText: values pass through; every kind of syntax error gets a line and column,
// including those V8 reports without a position (a trailing comma in an array).

import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../jsonText.js';

describe('parseJsonText', () => {
  it.each([
    ['{"a": [1, "x", null, true]}', { a: [1, 'x', null, true] }],
    ['\uFEFF{"bom": 1}', { bom: 1 }],
    ['  42\n', 42],
    ['"\\u00e9\\n"', 'é\n'],
  ])('parses %j', (text, value) => {
    expect(parseJsonText(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'line 1, column 1: Unexpected end of JSON input'],
    ['{"a":', 'line 1, column 6: Unexpected end of JSON input'],
    ['[1,]', "line 1, column 4: Unexpected token ']'"],
    ['{\n  "keyspaces": {\n    "x": [1, 2,],\n  }\n}', "line 3, column 16: Unexpected token ']'"],
    ['{"a":1,}', 'line 1, column 8: Expected double-quoted property name'],
    ["{'a':1}", "line 1, column 2: Expected property name or '}'"],
    ['// comment\n{}', "line 1, column 1: Unexpected token '/'"],
    ['{"a":1 "b":2}', "line 1, column 8: Expected ',' or '}' after property value"],
    ['{"a":tru}', "line 1, column 6: Unexpected token '}'"],
    ['{"a":.5}', "line 1, column 6: Unexpected token '.'"],
    ['{"a":01}', 'line 1, column 7: Unexpected number'],
    ['{"a":-}', 'line 1, column 7: No number after minus sign'],
    ['{\n"a":"x\n"}', 'line 2, column 7: Bad control character in string literal'],
    ['{"a":"\\q"}', 'line 1, column 8: Bad escaped character'],
    ['"\\u12"', 'line 1, column 6: Bad Unicode escape'],
    ['{"a":1}}', 'line 1, column 8: Unexpected non-whitespace character after JSON'],
    [`{"long":"${'x'.repeat(200)}",}`, 'line 1, column 212: Expected double-quoted property name'],
  ])('reports %j at %s', (text, where) => {
    expect(parseJsonText(text)).toEqual({ ok: false, message: `invalid JSON at ${where}` });
  });

  it('falls back to the end of the text when nesting is too deep to scan', () => {
    const text = `${'['.repeat(100_000)}}`;
    expect(parseJsonText(text)).toEqual({ ok: false, message: "invalid JSON at line 1, column 100002: Unexpected token '}'" });
  });
});
