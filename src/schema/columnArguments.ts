// Turns GraphQL arguments, whose keys are field names, into the runtime's arguments, whose keys
// are column names (they differ for sanitised or suffixed names). Values pass through as the
// scalars parsed them. Owns no validation: the runtime checks what it receives.

import type { BoolExp, OrderByArg, OrderByDirection } from '../resolvers/apiRuntime.js';
import { BOOL_EXP_OPERATORS, type TableNames } from './schemaNames.js';

type Input = Readonly<Record<string, unknown>>;

const COMBINATORS: ReadonlySet<string> = new Set(BOOL_EXP_OPERATORS);

function columnOf(names: TableNames, field: string): string {
  return names.columnOfField.get(field) ?? field;
}

function isInput(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rewrites a `T_bool_exp` value: column fields become column names; `_and`/`_or` lists and
 * `_not` are rewritten recursively; comparison objects and nulls are kept as they are.
 */
export function whereToColumns(names: TableNames, where: Input): BoolExp {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(where)) {
    if (!COMBINATORS.has(key)) out[columnOf(names, key)] = value;
    else if (Array.isArray(value)) out[key] = value.map((v: unknown) => (isInput(v) ? whereToColumns(names, v) : v));
    else out[key] = isInput(value) ? whereToColumns(names, value) : value;
  }
  return out;
}

/** Rewrites an `order_by` list: each object's field names become column names, in the same order. */
export function orderByToColumns(names: TableNames, orderBy: readonly Input[]): OrderByArg {
  return orderBy.map((term) => {
    const out: Record<string, OrderByDirection | null | undefined> = {};
    for (const [key, value] of Object.entries(term)) out[columnOf(names, key)] = value as OrderByDirection | null | undefined;
    return out;
  });
}

/** Rewrites `T_by_pk` arguments (primary key fields) into a column → value record. */
export function pkToColumns(names: TableNames, args: Input): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([field, value]) => [columnOf(names, field), value]));
}

/** A nullable `where` argument: null and undefined as they are, else {@link whereToColumns}. */
export function whereArgument(names: TableNames, value: unknown): BoolExp | null | undefined {
  return value === null || value === undefined ? value : whereToColumns(names, value as Input);
}

/** A nullable `order_by` argument: null and undefined as they are, else {@link orderByToColumns}. */
export function orderByArgument(names: TableNames, value: unknown): OrderByArg | null | undefined {
  return value === null || value === undefined ? value : orderByToColumns(names, value as readonly Input[]);
}
