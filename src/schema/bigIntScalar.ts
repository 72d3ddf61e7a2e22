// The BigInt scalar: 64-bit integers (BIGINT signed and unsigned, INT UNSIGNED) as exact JSON
// strings. Resolvers give and take JS bigint. Owns parsing and serialising only; which columns
// use it is columnScalar.ts.

import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { scalarInputError, scalarOutputError } from './scalarError.js';

/** The smallest value BigInt accepts: -2^63, the smallest signed BIGINT. */
export const BIGINT_MIN = -(2n ** 63n);
/** The largest value BigInt accepts: 2^64-1, the largest BIGINT UNSIGNED. */
export const BIGINT_MAX = 2n ** 64n - 1n;

const INTEGER_TEXT = /^-?[0-9]+$/;
const EXPECTED =
  'an integer as a string of decimal digits (e.g. "-42" or "18446744073709551615"), or an integer literal or JSON integer within ±(2^53-1)';

function inRange(value: bigint, received: unknown): bigint {
  if (value < BIGINT_MIN || value > BIGINT_MAX) {
    throw scalarInputError('BigInt', received, `an integer from ${BIGINT_MIN} to ${BIGINT_MAX} (signed and unsigned BIGINT)`);
  }
  return value;
}

/**
 * Parses a BigInt input value (a variable's JSON value) into a bigint.
 * Contract: accepts a string of decimal digits with an optional `-` (leading zeros allowed, no
 * `+`, spaces, exponent or fraction), a JSON integer that is a safe integer (a larger one may
 * already have been rounded by the JSON parser: send it as a string), or a bigint; the result
 * must lie in -2^63 … 2^64-1. Anything else throws a BAD_USER_INPUT GraphQLError.
 */
export function parseBigIntValue(value: unknown): bigint {
  if (typeof value === 'bigint') return inRange(value, value);
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return inRange(BigInt(value), value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    throw scalarInputError('BigInt', value, 'a string for integers beyond ±(2^53-1): a JSON number that large may already have lost precision');
  }
  throw scalarInputError('BigInt', value, EXPECTED);
}

/**
 * Parses a BigInt literal: an integer literal (read exactly from its text, any size within
 * range) or a string literal as {@link parseBigIntValue} takes it. Throws a BAD_USER_INPUT
 * GraphQLError located at the literal otherwise.
 */
export function parseBigIntLiteral(node: ValueNode): bigint {
  if (node.kind === Kind.INT) return inRange(BigInt(node.value), node);
  if (node.kind === Kind.STRING && INTEGER_TEXT.test(node.value)) return inRange(BigInt(node.value), node);
  throw scalarInputError('BigInt', node, EXPECTED);
}

/**
 * Serialises a resolver's value to its JSON string of decimal digits.
 * Contract: takes a bigint, an integer number or a string of decimal digits (normalised through
 * bigint: `"007"` → `"7"`); anything else is a resolver bug and throws.
 */
export function serializeBigInt(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value).toString();
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value).toString();
  throw scalarOutputError('BigInt', value, 'a bigint');
}

/** The BigInt scalar. */
export const BigIntScalar = new GraphQLScalarType<bigint, string>({
  name: 'BigInt',
  description:
    'A 64-bit integer (MySQL BIGINT, BIGINT UNSIGNED and INT UNSIGNED), from -2^63 to 2^64-1, ' +
    'serialised as a JSON string of decimal digits ("18446744073709551615"). Accepted as such a ' +
    'string, as an integer literal, or as a JSON integer within ±(2^53-1).',
  serialize: serializeBigInt,
  parseValue: parseBigIntValue,
  parseLiteral: parseBigIntLiteral,
});
