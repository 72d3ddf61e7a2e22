// Parsing the JSON maps of numeric_static_map and region_json the way Go's json.Unmarshal fills
// a map[string]uint64: an object (or null) whose values are non-negative integer literals up to
// 2^64-1 (no fraction, no exponent), null counting as 0, the last duplicate key winning.
// Integers are kept exact (bigint), which JSON.parse alone cannot do. No file reading here.

const UINT64_MAX = (1n << 64n) - 1n;
const WS = /[ \t\n\r]*/y;
// JSON.parse has already validated the text, so a string token is quote, non-quote/escape runs, quote.
const STRING = /"(?:[^"\\]|\\.)*"/y;
const VALUE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|null|true|false|"|\[|\{/y;

function skip(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  re.exec(text);
  return re.lastIndex;
}

/**
 * Parses `text` into string → uint64. Contract: returns the map, or a message describing the
 * first problem (a syntax error, a non-object top level, a value that is not a uint64).
 * Never throws.
 */
export function parseUint64Map(text: string): Map<string, bigint> | string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  const map = new Map<string, bigint>();
  let at = skip(WS, text, 0);
  if (text.startsWith('null', at)) return map;
  if (text[at] !== '{') return `cannot unmarshal ${describeTop(text[at])} into a map of uint64`;
  at = skip(WS, text, at + 1);
  while (text[at] !== '}') {
    STRING.lastIndex = at;
    const key = STRING.exec(text)![0];
    at = skip(WS, text, skip(WS, text, STRING.lastIndex) + 1);
    VALUE.lastIndex = at;
    const literal = VALUE.exec(text)![0];
    if (literal === 'null') {
      map.set(JSON.parse(key) as string, 0n);
    } else if (/^(0|[1-9]\d*)$/.test(literal) && BigInt(literal) <= UINT64_MAX) {
      map.set(JSON.parse(key) as string, BigInt(literal));
    } else {
      return `cannot unmarshal ${/^[-\d]/.test(literal) ? `number ${literal}` : describeTop(literal)} into a uint64 (key ${key})`;
    }
    at = skip(WS, text, VALUE.lastIndex);
    if (text[at] === ',') at = skip(WS, text, at + 1);
  }
  return map;
}

function describeTop(first: string | undefined): string {
  switch (first) {
    case '[':
      return 'array';
    case '"':
      return 'string';
    case 't':
    case 'f':
      return 'bool';
    default:
      return 'number';
  }
}
