// Normalises information_schema COLUMN_DEFAULT and the ON UPDATE part of EXTRA, which MariaDB
// (10.2.7+) and MySQL 8 print differently, into one ColumnDefault. Owns the flavour rules and
// the CURRENT_TIMESTAMP spelling; it does not evaluate or validate expressions.

import { hexToBytes } from '../util/hex.js';
import type { ColumnDefault } from './schemaInfo.js';
import { unquoteSqlString } from './unquoteSqlString.js';

/** Which server printed the catalog: their COLUMN_DEFAULT conventions differ. */
export type ServerFlavor = 'mariadb' | 'mysql';

/** What {@link parseColumnDefault} needs besides the raw COLUMN_DEFAULT. */
export interface DefaultContext {
  readonly flavor: ServerFlavor;
  /** Normalised DATA_TYPE (`json` for MariaDB JSON). */
  readonly dataType: string;
  readonly nullable: boolean;
  /** The raw EXTRA column. */
  readonly extra: string;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BIT_LITERAL = /^b'[01]*'$/;
const NOW = /^(current_timestamp|now|localtime|localtimestamp)\s*(\(\s*(\d*)\s*\))?$/i;
const TEMPORAL = new Set(['datetime', 'timestamp', 'date', 'time']);
const BINARY = new Set(['binary', 'varbinary']);

/** True when `text` starts with `(` and its matching `)` is the last character. */
function wrappedInParentheses(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0;
}

/**
 * Normalises a default, ON UPDATE or generation expression: surrounding whitespace and
 * enclosing parentheses are removed (MySQL 8 prints `(rand())`, MariaDB `rand()`), and
 * CURRENT_TIMESTAMP, NOW(), LOCALTIME and LOCALTIMESTAMP, with or without a precision, become
 * `current_timestamp()` or `current_timestamp(<fsp>)`. Other text is kept as printed.
 */
export function normalizeExpression(sql: string): string {
  let text = sql.trim();
  while (wrappedInParentheses(text)) text = text.slice(1, -1).trim();
  const now = NOW.exec(text);
  if (now !== null) return `current_timestamp(${now[3] ?? ''})`;
  return text;
}

/** True when `text` is a constant as MariaDB prints one unquoted: a number or a bit literal. */
function isUnquotedConstant(text: string): boolean {
  return NUMBER.test(text) || BIT_LITERAL.test(text);
}

/** MySQL 8 prints BINARY/VARBINARY defaults as `0x…`; the model keeps the value's text. */
function mysqlBinaryLiteral(text: string, dataType: string): string {
  const bytes = BINARY.has(dataType) && /^0x/i.test(text) ? hexToBytes(text.slice(2)) : undefined;
  return bytes === undefined ? text : new TextDecoder().decode(bytes);
}

/**
 * The column's default from its raw COLUMN_DEFAULT (null for SQL NULL).
 * MariaDB quotes string literals (`'it''s'`), prints a written or implied DEFAULT NULL as the
 * text `NULL` and no default as SQL NULL, and prints expressions as SQL (`current_timestamp()`).
 * MySQL 8 prints literals bare (`it's`), both DEFAULT NULL and no default as SQL NULL (a
 * nullable column then defaults to NULL), and marks expressions with DEFAULT_GENERATED in EXTRA.
 * Columns that are generated or auto_increment have no default ({ kind: 'none' }).
 */
export function parseColumnDefault(raw: string | null, ctx: DefaultContext): ColumnDefault {
  const extra = ctx.extra.toLowerCase();
  if (/\b(virtual|stored) generated\b/.test(extra) || /\bauto_increment\b/.test(extra)) return { kind: 'none' };
  if (ctx.flavor === 'mariadb') {
    if (raw === null) return { kind: 'none' };
    if (raw === 'NULL') return { kind: 'null' };
    const literal = unquoteSqlString(raw);
    if (literal !== undefined) return { kind: 'literal', value: literal };
    if (isUnquotedConstant(raw)) return { kind: 'literal', value: raw };
    return { kind: 'expression', sql: normalizeExpression(raw) };
  }
  if (raw === null) return ctx.nullable ? { kind: 'null' } : { kind: 'none' };
  // MySQL before 8.0.13 printed CURRENT_TIMESTAMP without DEFAULT_GENERATED; a temporal
  // column cannot hold that text as a literal, so it is an expression either way.
  if (/\bdefault_generated\b/.test(extra) || (TEMPORAL.has(ctx.dataType) && NOW.test(raw))) {
    return { kind: 'expression', sql: normalizeExpression(raw) };
  }
  return { kind: 'literal', value: mysqlBinaryLiteral(raw, ctx.dataType) };
}

/**
 * The ON UPDATE expression in EXTRA (`on update current_timestamp(3)` on MariaDB,
 * `DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)` on MySQL), normalised by
 * {@link normalizeExpression}; undefined when there is none.
 */
export function parseOnUpdate(extra: string): string | undefined {
  const match = /\bon update ([a-z_]+\s*(\(\s*\d*\s*\))?)/i.exec(extra);
  return match === null ? undefined : normalizeExpression(match[1]!);
}
