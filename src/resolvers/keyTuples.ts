// Key tuples of batched loads (by-pk and relationship loaders): the canonical text that decides
// which loaded row belongs to which key, the coarse text that flags collation-equal texts worth
// asking SQL about, and the predicate that selects a batch of keys. Owns no I/O and no batching.

import type { Predicate } from '../sharding/planner/queryRequest.js';
import { bytesToHex } from '../util/hex.js';
import { sqlValueToString, type SqlValue } from '../util/sqlValue.js';
import type { ApiColumn } from './catalog.js';
import { sqlText, valueKind } from './values.js';

/** Strips a decimal text to a canonical form: no `+`, no leading or trailing zeros, `0` for zero. */
function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-');
  const [intPart = '', fracPart = ''] = text.replace(/^[+-]/, '').split('.');
  const int = intPart.replace(/^0+/, '') || '0';
  const frac = fracPart.replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return negative && body !== '0' ? `-${body}` : body;
}

/** A date-time text with a space before the time and without trailing zeros in its fraction. */
function canonicalDateTime(text: string): string {
  const t = text.replace('T', ' ');
  const dot = t.indexOf('.');
  if (dot < 0) return t;
  const frac = t.slice(dot + 1).replace(/0+$/, '');
  return frac === '' ? t.slice(0, dot) : `${t.slice(0, dot)}.${frac}`;
}

/**
 * The text two values of `column` share exactly when they are the same key: numbers by value
 * (`007` = `7`, `1.50` = `1.5`), date-times without a zero fraction, binary values by bytes,
 * text by its characters (collation equality is wider: see {@link isLooseKey}).
 */
function canonicalValue(column: ApiColumn, v: SqlValue): string {
  if (v.type === 'NULL') return 'null';
  switch (valueKind(column)) {
    case 'Int':
    case 'BigInt':
    case 'Boolean':
      return canonicalInteger(sqlText(v));
    case 'Decimal':
      return canonicalDecimal(sqlText(v));
    case 'Float':
      return String(Number(sqlText(v)));
    case 'DateTime':
      return canonicalDateTime(sqlText(v));
    case 'Bytes':
      return bytesToHex(v.raw);
    default:
      return sqlText(v);
  }
}

/** Integer text as BigInt prints it: `-?[1-9][0-9]*` or `0` are already so (what MySQL sends), anything else goes through BigInt. */
function canonicalInteger(text: string): string {
  return CANONICAL_INTEGER.test(text) ? text : BigInt(text).toString();
}

const CANONICAL_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;

/**
 * The canonical key of one key tuple (see canonicalValue), `values[i]` a value of `columns[i]`:
 * the JSON array of the canonical values, or for a single column its canonical value alone (one
 * text per tuple either way; keys are only compared with keys of the same columns).
 */
export function canonicalKey(columns: readonly ApiColumn[], values: readonly SqlValue[]): string {
  if (columns.length === 1) return canonicalValue(columns[0]!, values[0]!);
  return JSON.stringify(columns.map((c, i) => canonicalValue(c, values[i]!)));
}

/**
 * True when a key has a column whose SQL equality is wider than canonical text: text columns
 * compare by collation (`'abc' = 'ABC '` in utf8mb4_general_ci), and TIME by value.
 */
export function isLooseKey(columns: readonly ApiColumn[]): boolean {
  return columns.some((c) => valueKind(c) === 'String');
}

/**
 * A coarse key that collation-equal texts usually share: compatibility-decomposed, marks
 * removed, lowercased, `ß` as `ss`, trailing spaces dropped. Only used to decide which keys are
 * worth reading again, never to match.
 */
export function looseKey(columns: readonly ApiColumn[], values: readonly SqlValue[]): string {
  return JSON.stringify(
    columns.map((c, i) => {
      const v = values[i]!;
      if (valueKind(c) !== 'String' || v.type === 'NULL') return canonicalValue(c, v);
      return sqlValueToString(v).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').replace(/ +$/, '');
    }),
  );
}

/**
 * The predicate selecting every key of `tuples` (values of `columns`, in that order): `c IN (…)`
 * for one column, else an OR of ANDs of equalities (one AND for one tuple), which the planner
 * routes as a tuple IN (MultiEqual) when it can. Contract: `tuples` is non-empty.
 */
export function keyPredicate(cols: readonly Pick<ApiColumn, 'name'>[], tuples: readonly (readonly SqlValue[])[]): Predicate {
  if (cols.length === 1) return { kind: 'in', column: cols[0]!.name, values: tuples.map((t) => t[0]!), negated: false };
  const ands: Predicate[] = tuples.map((t) => ({ kind: 'and', operands: cols.map((c, i): Predicate => ({ kind: 'cmp', column: c.name, op: '=', value: t[i]! })) }));
  return ands.length === 1 ? ands[0]! : { kind: 'or', operands: ands };
}
