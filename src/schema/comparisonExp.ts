// The Hasura comparison inputs (`Int_comparison_exp`, `String_comparison_exp`,
// `<T>_<column>_enum_comparison_exp`, …): one per scalar or enum type, with the operators the
// resolvers compile (src/resolvers/compileWhere.ts). Owns the input types and their descriptions
// only.

import { COMPARISON_OPERATORS, LIKE_OPERATORS } from '../resolvers/compileWhere.js';
import type { ColumnScalar } from './schemaNames.js';
import type { ShardgateBuilder, ShardgateTypes } from './schemaTypes.js';

/** A comparison input type. Its value is the comparison object the resolvers compile. */
export type ComparisonExpRef = PothosSchemaTypes.InputObjectRef<ShardgateTypes, Readonly<Record<string, unknown>>>;

/** A scalar name or an enum type: the value type of a comparison. */
export type ComparableType = ColumnScalar | PothosSchemaTypes.EnumRef<ShardgateTypes, string, string>;

/** What a comparison offers besides `_eq _neq _gt _gte _lt _lte _in _nin _is_null`. */
export interface ComparisonOptions {
  /** Adds `_like` and `_nlike` (String and enum columns). */
  readonly like: boolean;
  /** Only `_is_null` (JSON: MariaDB compares JSON as text and MySQL as JSON, so `_eq` would differ by server). */
  readonly onlyIsNull: boolean;
}

type Operator = (typeof COMPARISON_OPERATORS)[number] | (typeof LIKE_OPERATORS)[number];

const DESCRIPTIONS: Readonly<Record<Operator, string>> = {
  _eq: 'equal to',
  _neq: 'not equal to (a NULL value never matches)',
  _gt: 'greater than',
  _gte: 'greater than or equal to',
  _lt: 'less than',
  _lte: 'less than or equal to',
  _in: 'one of the values (an empty list matches nothing)',
  _nin: 'none of the values (an empty list matches everything; a NULL value never matches a non-empty list)',
  _is_null: 'true: the value is NULL; false: it is not NULL',
  _like: 'matches the MySQL LIKE pattern (% any run of characters, _ one character, \\ escapes)',
  _nlike: 'does not match the MySQL LIKE pattern',
};

/**
 * Adds the comparison input `name` over values of `valueType`.
 * Contract: every field is optional and they combine with AND; `_in`/`_nin` take lists of
 * non-null values; `_like`/`_nlike` take a String pattern whatever the value type; NULL is
 * tested only with `_is_null` (a null operand elsewhere is rejected by the resolvers).
 */
export function addComparisonExp(builder: ShardgateBuilder, name: string, valueType: ComparableType, options: ComparisonOptions): ComparisonExpRef {
  const typeLabel = typeof valueType === 'string' ? valueType : name.replace(/_comparison_exp$/, '');
  return builder.inputRef<Readonly<Record<string, unknown>>, false>(name).implement({
    description: `Boolean expression to compare values of type ${typeLabel}. All fields are combined with a logical 'AND'.`,
    fields: (t) => {
      const field = (op: Operator) => {
        const description = DESCRIPTIONS[op];
        if (op === '_is_null') return t.field({ type: 'Boolean', description });
        if (op === '_like' || op === '_nlike') return t.field({ type: 'String', description });
        if (op === '_in' || op === '_nin') return t.field({ type: [valueType as 'String'], description });
        return t.field({ type: valueType as 'String', description });
      };
      const operators: readonly Operator[] = options.onlyIsNull
        ? ['_is_null']
        : [...COMPARISON_OPERATORS, ...(options.like ? LIKE_OPERATORS : [])];
      return Object.fromEntries(operators.map((op) => [op, field(op)]));
    },
  });
}
