// Parsing JSON text with errors a person can act on: the line and column of a syntax error
// instead of V8's character offset (which V8 leaves out of some messages, such as a trailing
// comma in an array). Owns no schema knowledge; callers validate the value.

/** The result of {@link parseJsonText}: the value, or a one-line description of the syntax error. */
export type JsonTextResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/**
 * Parses JSON text, ignoring a leading byte-order mark.
 * Contract: never throws; on a syntax error returns `ok: false` with a message such as
 * `invalid JSON at line 3, column 7: Expected ':' after property name` (line and column
 * count from 1; the reason is V8's, without the quoted copy of the text V8 sometimes adds).
 */
export function parseJsonText(text: string): JsonTextResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const at = / at position (\d+)/.exec(raw);
    const offset = at ? Number(at[1]) : syntaxErrorOffset(body);
    const reason = at ? raw.slice(0, at.index).replace(/ in JSON$/, '') : raw.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '');
    const { line, column } = lineAndColumn(body, offset);
    return { ok: false, message: `invalid JSON at line ${line}, column ${column}: ${reason}` };
  }
}

/** Thrown inside syntaxErrorOffset to unwind to the offset of the first error. */
class SyntaxStop {
  constructor(readonly offset: number) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = '"\\/bfnrtu';

/** Offset of the first character that breaks the JSON grammar (RFC 8259) in invalid `text`. */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const stop = (): never => {
    throw new SyntaxStop(i);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string): void => {
    skipSpace();
    if (text[i] !== char) stop();
    i++;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') stop();
      i++;
      if (c === '"') return;
      if (c === '\\') {
        if (!ESCAPES.includes(text[i] ?? '"x')) stop();
        if (text[i] === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) stop();
        i += text[i] === 'u' ? 5 : 1;
      }
    }
  };
  const list = (close: string, item: () => void): void => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return list('}', member);
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) stop();
    i = NUMBER.lastIndex;
  };
  const member = (): void => {
    string();
    expect(':');
    value();
  };
  try {
    value();
    skipSpace();
    if (i < text.length) stop();
  } catch (error) {
    if (error instanceof SyntaxStop) return error.offset;
    // Nesting too deep for this scanner: the end of the text is the best we can say.
    if (error instanceof RangeError) return text.length;
    throw error;
  }
  return text.length;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
