// SQL text for one shard query: backquoted identifiers, every value a bind variable named as
// Vitess's normalizer names them (`:vtg1`, lists `::vtg2`), lowercase keywords. Owns the
// text only; which columns, predicates and limits to send is decided by planQuery.

import { assertNever } from '../../util/invariant.js';
import type { SqlValue } from '../../util/sqlValue.js';
import type { BindValue } from '../plan/plan.js';
import { valueKey } from './normalizePredicate.js';
import type { OrderBy, Predicate } from './queryRequest.js';

/** Backquotes an identifier, doubling any backquote inside (MySQL quoting). */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * Hands out bind variable names. Contract: scalars get `vtg<n>` in order of first use and
 * an identical value (same type and bytes) reuses its name, as Vitess's normalizer
 * dedupes literals; lists and `fresh` scalars (LIMIT counts) always get a new name;
 * `named` binds a fixed name (`__upper_limit`).
 */
export class BindVarAllocator {
  readonly #vars: Record<string, BindValue> = {};
  readonly #scalars = new Map<string, string>();
  #next = 1;

  /** Returns the name of a scalar bind holding `value`. */
  scalar(value: SqlValue): string {
    const key = valueKey(value);
    const known = this.#scalars.get(key);
    if (known !== undefined) return known;
    const name = this.fresh(value);
    this.#scalars.set(key, name);
    return name;
  }

  /** Returns the name of a new scalar bind holding `value`, never shared. */
  fresh(value: SqlValue): string {
    return this.#add(value);
  }

  /** Returns the name of a new list bind holding `values`. */
  list(values: readonly SqlValue[]): string {
    return this.#add(values);
  }

  /** Binds `name` to `value` (the caller owns the name). */
  named(name: string, value: BindValue): string {
    this.#vars[name] = value;
    return name;
  }

  /** The bind variables handed out so far. */
  get vars(): Readonly<Record<string, BindValue>> {
    return { ...this.#vars };
  }

  #add(value: BindValue): string {
    const name = `vtg${this.#next++}`;
    this.#vars[name] = value;
    return name;
  }
}

/**
 * Renders a normalised predicate as SQL. `listBinds` maps the IN atoms that route the
 * query to the fixed list bind each shard fills with its own values (`__vals`), as Vitess
 * rewrites `col in ::__vals`. Nested and/or are parenthesised; `true`/`false` print as
 * `1 = 1`/`1 != 1`.
 */
export function renderPredicate(p: Predicate, binds: BindVarAllocator, listBinds: ReadonlyMap<Predicate, string>): string {
  const nested = (o: Predicate): string => {
    const text = renderPredicate(o, binds, listBinds);
    return o.kind === 'and' || o.kind === 'or' ? `(${text})` : text;
  };
  switch (p.kind) {
    case 'and':
      return p.operands.map(nested).join(' and ');
    case 'or':
      return p.operands.map(nested).join(' or ');
    case 'not':
      return `not (${renderPredicate(p.operand, binds, listBinds)})`;
    case 'cmp':
      return `${quoteIdentifier(p.column)} ${p.op} :${binds.scalar(p.value)}`;
    case 'in': {
      const fixed = listBinds.get(p);
      const name = fixed ?? binds.list(p.values);
      return `${quoteIdentifier(p.column)} ${p.negated ? 'not in' : 'in'} ::${name}`;
    }
    case 'isNull':
      return `${quoteIdentifier(p.column)} is ${p.negated ? 'not null' : 'null'}`;
    case 'like':
      return `${quoteIdentifier(p.column)} ${p.negated ? 'not like' : 'like'} :${binds.scalar(p.pattern)}`;
    case 'true':
      return '1 = 1';
    case 'false':
      return '1 != 1';
    default:
      return assertNever(p, 'predicate');
  }
}

/**
 * The ORDER BY terms for one request term: a `col is null` term first when the requested
 * NULL placement differs from MySQL's (NULLs first in asc, last in desc), then the column.
 */
export function renderOrderBy(o: OrderBy): string[] {
  const col = quoteIdentifier(o.column);
  const terms: string[] = [];
  const mysqlNullsFirst = o.direction === 'asc';
  if (o.nulls !== undefined && (o.nulls === 'first') !== mysqlNullsFirst) {
    terms.push(`${col} is null ${o.nulls === 'first' ? 'desc' : 'asc'}`);
  }
  terms.push(`${col} ${o.direction}`);
  return terms;
}

/** The parts of one SELECT statement, already rendered. */
export interface SelectSqlParts {
  readonly select: readonly string[];
  readonly table: string;
  readonly where?: string;
  readonly groupBy?: readonly string[];
  readonly orderBy: readonly string[];
  readonly limit?: string;
}

/** Assembles `select … from \`t\` [where …] [group by …] [order by …] [limit …]`. */
export function buildSelectSql(parts: SelectSqlParts): string {
  return selectFrom(parts, quoteIdentifier(parts.table));
}

/** The alias of the derived table buildDerivedSelectSql reads from. */
export const DERIVED_TABLE = 'w';

/**
 * Assembles a select over a derived table: `select … from (<inner>) as \`w\` [where …]
 * [group by …] [order by …] [limit …]`; `parts.table` is not read. MariaDB 10.6+ and MySQL 8
 * both require the alias; the outer clauses name the derived table's columns.
 */
export function buildDerivedSelectSql(inner: string, parts: Omit<SelectSqlParts, 'table'>): string {
  return selectFrom(parts, `(${inner}) as ${quoteIdentifier(DERIVED_TABLE)}`);
}

function selectFrom(parts: Omit<SelectSqlParts, 'table'>, from: string): string {
  let sql = `select ${parts.select.join(', ')} from ${from}`;
  if (parts.where !== undefined) sql += ` where ${parts.where}`;
  if (parts.groupBy !== undefined && parts.groupBy.length > 0) sql += ` group by ${parts.groupBy.join(', ')}`;
  if (parts.orderBy.length > 0) sql += ` order by ${parts.orderBy.join(', ')}`;
  if (parts.limit !== undefined) sql += ` limit ${parts.limit}`;
  return sql;
}
