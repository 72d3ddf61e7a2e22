// Reads the quoted string literals that information_schema prints: MariaDB column defaults and
// the ENUM/SET member lists of COLUMN_TYPE on both servers. Owns unescaping only; deciding
// whether a default is a literal at all is parseColumnDefault.ts.

/** The character each backslash escape stands for (MySQL manual, "String Literals"). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  "'": "'",
  '"': '"',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
  // `\%` and `\_` keep their backslash (they only matter to LIKE).
  '%': '\\%',
  _: '\\_',
};

/**
 * Reads one quoted string starting at `text[start]` (a `'` or `"`): doubled quotes and
 * backslash escapes are undone as MySQL does (an unknown escape `\x` stands for `x`).
 * Returns the value and the index just after the closing quote, or undefined when
 * `text[start]` is not a quote or the string is not closed.
 */
export function readSqlString(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  if (quote !== "'" && quote !== '"') return undefined;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      value += ESCAPES[next] ?? next;
      i += 2;
    } else if (c === quote) {
      if (text[i + 1] !== quote) return { value, end: i + 1 };
      value += quote;
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  return undefined;
}

/**
 * The value of `text` when the whole of it is one quoted string literal (`'it''s'` → `it's`),
 * else undefined (`'a' 'b'`, `concat('a')`, `12`).
 */
export function unquoteSqlString(text: string): string | undefined {
  const read = readSqlString(text, 0);
  return read !== undefined && read.end === text.length ? read.value : undefined;
}
