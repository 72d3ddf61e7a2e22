// The JSON scalar: MySQL JSON column values as the JSON they hold (objects, arrays, strings,
// numbers, booleans, null). Resolvers give and take parsed values. Owns parsing and serialising only.

import { GraphQLScalarType, valueFromASTUntyped, type ValueNode } from 'graphql';
import { scalarInputError, scalarOutputError } from './scalarError.js';

/** True when `value` is plain JSON data (no undefined, functions, bigints, non-finite numbers or class instances). */
export function isJsonData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonData);
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    return (prototype === Object.prototype || prototype === null) && Object.values(value).every(isJsonData);
  }
  return false;
}

/** Parses a JSON input value: any JSON data as it is; anything else throws BAD_USER_INPUT. */
export function parseJsonValue(value: unknown): unknown {
  if (isJsonData(value)) return value;
  throw scalarInputError('JSON', value, 'JSON data');
}

/**
 * Parses a JSON literal: a GraphQL value literal read as JSON (objects, lists, strings, numbers,
 * booleans, null; variables inside it are substituted). Enum-like bare words are rejected.
 */
export function parseJsonLiteral(node: ValueNode, variables?: Readonly<Record<string, unknown>> | null): unknown {
  const value: unknown = valueFromASTUntyped(node, variables);
  if (isJsonData(value) && !containsEnum(node)) return value;
  throw scalarInputError('JSON', node, 'a JSON value written as a GraphQL literal (object, list, string, number, boolean or null)');
}

function containsEnum(node: ValueNode): boolean {
  switch (node.kind) {
    case 'EnumValue':
      return true;
    case 'ListValue':
      return node.values.some(containsEnum);
    case 'ObjectValue':
      return node.fields.some((field) => containsEnum(field.value));
    default:
      return false;
  }
}

/** Serialises a resolver's parsed JSON value as it is; non-JSON data is a resolver bug and throws. */
export function serializeJson(value: unknown): unknown {
  if (isJsonData(value)) return value;
  throw scalarOutputError('JSON', value, 'JSON data');
}

/** The JSON scalar. */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'A JSON value (MySQL JSON): an object, array, string, number, boolean or null, as it is.',
  serialize: serializeJson,
  parseValue: parseJsonValue,
  parseLiteral: parseJsonLiteral,
});
