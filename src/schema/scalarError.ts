// The one error the custom scalars throw for a value they cannot take or give: a GraphQLError
// with code BAD_USER_INPUT naming the scalar, the value received and the form expected. Owns
// no parsing (each scalar file parses its own form).

import { GraphQLError, Kind, print, type ValueNode } from 'graphql';

/**
 * Builds the error for a value a scalar rejects, e.g.
 * `BigInt cannot represent "12x": expected an integer as a string of decimal digits (…)`.
 * Contract: `received` is a literal's AST node (printed as written, and attached as the error's
 * location) or a runtime value (shown as JSON, bigints as digits); `extensions.code` is
 * `BAD_USER_INPUT`, which the server keeps (graphql-js prefixes variable errors with the
 * variable's name).
 */
export function scalarInputError(scalar: string, received: unknown, expected: string): GraphQLError {
  const node = isValueNode(received) ? received : undefined;
  const shown = node === undefined ? showValue(received) : print(node);
  return new GraphQLError(`${scalar} cannot represent ${shown}: expected ${expected}`, {
    ...(node === undefined ? {} : { nodes: node }),
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * Builds the error for a value a resolver returned in a form the scalar cannot serialise: a
 * bug in the resolver layer, so a plain GraphQLError that the server masks as internal.
 */
export function scalarOutputError(scalar: string, value: unknown, expected: string): GraphQLError {
  return new GraphQLError(`${scalar} cannot serialise ${showValue(value)}: expected ${expected}`);
}

function isValueNode(value: unknown): value is ValueNode {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return false;
  return (Object.values(Kind) as unknown[]).includes((value as { kind: unknown }).kind);
}

function showValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return 'undefined';
  if (value instanceof Uint8Array) return `bytes(${value.length})`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
