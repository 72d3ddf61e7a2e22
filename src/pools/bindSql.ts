// Binds Vitess-style bind variables (`:name`, `::name`) into SQL text as safe literals: a small
// scanner finds placeholders outside strings, quoted identifiers and comments, and each
// SqlValue is encoded as a literal that no sql_mode or charset can reinterpret. Owns binding
// only: statement timeouts are statementTimeout.ts, sending is tabletConnection.ts.

import { Buffer } from 'node:buffer';
import { ServiceError } from '../errors/serviceError.js';
import { assertNever, invariant } from '../util/invariant.js';
import { sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import type { ShardExecutor } from '../engine/shardExecutor.js';

/** The bind variables of one statement (the engine's BindVars, taken through the ShardExecutor contract). */
export type BindVars = Parameters<ShardExecutor['execute']>[2];
type BindValue = BindVars[string];

/** One piece of a parsed template: literal SQL text, or a placeholder (`list` for `::name`). */
export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'bind'; readonly name: string; readonly list: boolean };

const CH_QUOTE = 0x27;
const CH_DQUOTE = 0x22;
const CH_BACKTICK = 0x60;
const CH_BACKSLASH = 0x5c;
const CH_HASH = 0x23;
const CH_DASH = 0x2d;
const CH_SLASH = 0x2f;
const CH_STAR = 0x2a;
const CH_COLON = 0x3a;

function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Index just past the quoted run that starts at `i` (a string honours backslash escapes). */
function skipQuoted(sql: string, i: number, quote: number): number {
  const escapes = quote !== CH_BACKTICK;
  let j = i + 1;
  while (j < sql.length) {
    const c = sql.charCodeAt(j);
    if (escapes && c === CH_BACKSLASH) j += 2;
    else if (c === quote) return j + 1;
    else j++;
  }
  return sql.length;
}

function skipToLineEnd(sql: string, i: number): number {
  const end = sql.indexOf('\n', i);
  return end < 0 ? sql.length : end;
}

/** True when `--` at `i` starts a comment: MySQL needs a space or control character after it. */
function isDashComment(sql: string, i: number): boolean {
  if (sql.charCodeAt(i + 1) !== CH_DASH) return false;
  const next = sql.charCodeAt(i + 2);
  return Number.isNaN(next) || next <= 0x20;
}

/**
 * Splits SQL into text and placeholders. Mirrors the bind-variable rule of vitess
 * go/vt/sqlparser/token.go scanBindVar (`:` or `::` then name characters), restricted to
 * letters, digits and underscores; `:=` and a lone `:` stay text. Quoted strings ('…', "…",
 * with backslash escapes), backquoted identifiers and comments (`#`, `-- `, `/* *\/`) are
 * copied unchanged, whatever they contain. Contract: pure; concatenating the text parts with
 * the placeholders written back gives `sql` again.
 */
export function parseSqlTemplate(sql: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let textStart = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === CH_QUOTE || c === CH_DQUOTE || c === CH_BACKTICK) {
      i = skipQuoted(sql, i, c);
    } else if (c === CH_HASH || (c === CH_DASH && isDashComment(sql, i))) {
      i = skipToLineEnd(sql, i);
    } else if (c === CH_SLASH && sql.charCodeAt(i + 1) === CH_STAR) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === CH_COLON) {
      const list = sql.charCodeAt(i + 1) === CH_COLON;
      const nameStart = i + (list ? 2 : 1);
      let nameEnd = nameStart;
      while (nameEnd < n && isNameChar(sql.charCodeAt(nameEnd))) nameEnd++;
      if (nameEnd === nameStart) {
        i = list ? i + 2 : i + 1;
        continue;
      }
      if (i > textStart) parts.push({ kind: 'text', text: sql.slice(textStart, i) });
      parts.push({ kind: 'bind', name: sql.slice(nameStart, nameEnd), list });
      i = nameEnd;
      textStart = nameEnd;
    } else {
      i++;
    }
  }
  if (textStart < n) parts.push({ kind: 'text', text: sql.slice(textStart) });
  return parts;
}

const FLOAT = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const DECIMAL = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;
const HEXNUM = /^0x[0-9a-fA-F]+$/;
const HEXVAL = /^[xX]'([0-9a-fA-F]{2})*'$/;
const BITNUM = /^0b[01]+$/;
const SPACES = /^[ \t]+|[ \t]+$/g;

/** True when every byte is printable ASCII other than `'` and `\`: such text needs no escaping at all. */
function isPlainAscii(raw: Uint8Array): boolean {
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b < 0x20 || b > 0x7e || b === CH_QUOTE || b === CH_BACKSLASH) return false;
  }
  return true;
}

function hex(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex');
}

function notEncodable(v: SqlValue, name: string, what: string): ServiceError {
  return new ServiceError('SG611', `bind variable :${name} has type ${v.type} but its value ${JSON.stringify(sqlValueToString(v))} is not ${what}`, {
    details: { bindVar: name, type: v.type },
  });
}

/** The text of an integer value (spaces and tabs around it dropped), checked byte by byte: the hot path of every key lookup. */
function integerText(v: SqlValue, name: string, unsigned: boolean): string {
  const raw = v.raw;
  let start = 0;
  let end = raw.length;
  while (start < end && (raw[start] === 0x20 || raw[start] === 0x09)) start++;
  while (end > start && (raw[end - 1] === 0x20 || raw[end - 1] === 0x09)) end--;
  let digits = start;
  const sign = raw[digits];
  if (sign === 0x2b || (!unsigned && sign === 0x2d)) digits++;
  if (digits === end) throw notEncodable(v, name, unsigned ? 'an unsigned integer' : 'an integer');
  for (let i = digits; i < end; i++) {
    const c = raw[i]!;
    if (c < 0x30 || c > 0x39) throw notEncodable(v, name, unsigned ? 'an unsigned integer' : 'an integer');
  }
  // Every byte is ASCII: one string from the char codes, not one concatenation per digit.
  return String.fromCharCode.apply(null, (start === 0 && end === raw.length ? raw : raw.subarray(start, end)) as unknown as number[]);
}

function numericText(v: SqlValue, name: string, pattern: RegExp, what: string): string {
  const text = sqlValueToString(v).replace(SPACES, '');
  if (!pattern.test(text)) throw notEncodable(v, name, what);
  return text;
}

function checkedLiteral(v: SqlValue, name: string, pattern: RegExp, what: string): string {
  const text = sqlValueToString(v);
  if (!pattern.test(text)) throw notEncodable(v, name, what);
  return text;
}

/**
 * Encodes one value as a SQL literal. Mirrors vitess go/sqltypes/value.go EncodeSQL with one
 * deliberate difference: quoted values never rely on backslash escapes, so NO_BACKSLASH_ESCAPES,
 * ANSI_QUOTES or the connection charset cannot change their meaning. Text and dates made only
 * of printable ASCII without `'` or `\` are written `'…'`; any other text is `_utf8mb4 X'…'`;
 * binary values (BLOB, VARBINARY, BINARY, GEOMETRY) are `_binary X'…'` (Vitess: `_binary'…'`);
 * BIT is `b'…'` as in Vitess. Numbers are written as their text after checking that it is a
 * number of that kind (leading/trailing spaces dropped); HEXNUM, HEXVAL and BITNUM are checked
 * against their literal syntax. NULL is `null`. Throws ServiceError SG611 naming `name` when
 * a value's text does not fit its type: nothing unchecked is ever inlined.
 */
export function encodeSqlLiteral(v: SqlValue, name: string): string {
  switch (v.type) {
    case 'NULL':
      return 'null';
    case 'INT8':
    case 'INT16':
    case 'INT24':
    case 'INT32':
    case 'INT64':
      return integerText(v, name, false);
    case 'UINT8':
    case 'UINT16':
    case 'UINT24':
    case 'UINT32':
    case 'UINT64':
    case 'YEAR':
      return integerText(v, name, true);
    case 'FLOAT32':
    case 'FLOAT64':
      return numericText(v, name, FLOAT, 'a number');
    case 'DECIMAL':
      return numericText(v, name, DECIMAL, 'a decimal number');
    case 'HEXNUM':
      return checkedLiteral(v, name, HEXNUM, 'a 0x… hex number');
    case 'HEXVAL':
      return checkedLiteral(v, name, HEXVAL, "an x'…' hex value");
    case 'BITNUM':
      return checkedLiteral(v, name, BITNUM, 'a 0b… bit number');
    case 'BIT':
      return `b'${Array.from(v.raw, (b) => b.toString(2).padStart(8, '0')).join('')}'`;
    case 'BLOB':
    case 'VARBINARY':
    case 'BINARY':
    case 'GEOMETRY':
      return `_binary X'${hex(v.raw)}'`;
    case 'TEXT':
    case 'VARCHAR':
    case 'CHAR':
    case 'ENUM':
    case 'SET':
    case 'JSON':
    case 'TIMESTAMP':
    case 'DATE':
    case 'TIME':
    case 'DATETIME':
      return isPlainAscii(v.raw) ? `'${sqlValueToString(v)}'` : `_utf8mb4 X'${hex(v.raw)}'`;
    default:
      return assertNever(v.type, 'SqlType');
  }
}

function bindOne(part: { name: string; list: boolean }, value: BindValue | undefined): string {
  if (value === undefined) {
    throw new ServiceError('SG610', `missing bind variable ${part.list ? '::' : ':'}${part.name}`, { details: { bindVar: part.name } });
  }
  if (Array.isArray(value)) {
    const list = value as readonly SqlValue[];
    if (!part.list) throw new ServiceError('SG610', `bind variable :${part.name} expects one value, got a list`, { details: { bindVar: part.name } });
    invariant(list.length > 0, `bind variable ::${part.name} is an empty list (the planner never sends one)`);
    let out = '(';
    for (let i = 0; i < list.length; i++) out += (i === 0 ? '' : ', ') + encodeSqlLiteral(list[i]!, part.name);
    return `${out})`;
  }
  if (part.list) throw new ServiceError('SG610', `bind variable ::${part.name} expects a list, got one value`, { details: { bindVar: part.name } });
  return encodeSqlLiteral(value as SqlValue, part.name);
}

/** A parsed SQL template: its parts and whether it is a read (SELECT). */
export interface SqlTemplate {
  readonly sql: string;
  readonly parts: readonly TemplatePart[];
  /** True when the statement starts with SELECT (after spaces, comments and parentheses). */
  readonly isRead: boolean;
}

const LEADING_NOISE = /^(?:\s+|\/\*(?:[^*]|\*(?!\/))*\*\/|#[^\n]*\n|--\s[^\n]*\n|\()*/;
const SELECT_WORD = /^select\b/i;

function startsWithSelect(sql: string): boolean {
  const start = LEADING_NOISE.exec(sql)?.[0].length ?? 0;
  return SELECT_WORD.test(sql.slice(start, start + 7));
}

// Two generations instead of an LRU: a hit in the current generation costs one Map lookup
// (an LRU moves the entry on every hit); when it fills up it becomes the old generation, whose
// hits are promoted, and the generation before it is dropped.
const GENERATION_SIZE = 2048;
let currentTemplates = new Map<string, SqlTemplate>();
let oldTemplates = new Map<string, SqlTemplate>();

/**
 * Returns the parsed template of `sql` ({@link parseSqlTemplate} plus whether it is a read),
 * cached by SQL text (at most 2 × 2048 templates, the least recently used dropped first).
 * Contract: pure; the same object for the same text while it stays cached.
 */
export function prepareSql(sql: string): SqlTemplate {
  let template = currentTemplates.get(sql);
  if (template !== undefined) return template;
  template = oldTemplates.get(sql) ?? Object.freeze({ sql, parts: Object.freeze(parseSqlTemplate(sql)), isRead: startsWithSelect(sql) });
  if (currentTemplates.size >= GENERATION_SIZE) {
    oldTemplates = currentTemplates;
    currentTemplates = new Map();
  }
  currentTemplates.set(sql, template);
  return template;
}

/**
 * Returns the template's SQL with every placeholder replaced by its bind variable encoded as
 * a literal ({@link encodeSqlLiteral}); a `::name` list becomes `(v1, …, vn)`. Extra bind
 * variables are ignored. Throws ServiceError SG610 naming a missing bind variable or one
 * whose shape (list or single) does not match its placeholder, SG611 for an unencodable
 * value, and an InvariantError for an empty list.
 */
export function bindTemplate(template: SqlTemplate, bindVars: BindVars): string {
  const parts = template.parts;
  if (parts.length === 1 && parts[0]!.kind === 'text') return template.sql;
  let out = '';
  for (const part of parts) out += part.kind === 'text' ? part.text : bindOne(part, bindVars[part.name]);
  return out;
}

/** {@link bindTemplate} of {@link prepareSql}: binds `bindVars` into `sql`. */
export function bindSql(sql: string, bindVars: BindVars): string {
  return bindTemplate(prepareSql(sql), bindVars);
}
