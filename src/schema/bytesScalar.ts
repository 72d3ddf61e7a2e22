// The Bytes scalar: binary column values (BINARY, VARBINARY, BLOB) as standard base64 text.
// Resolvers give and take Uint8Array. Owns parsing and serialising only.

import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { scalarInputError, scalarOutputError } from './scalarError.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const EXPECTED = 'standard base64 text with padding (RFC 4648 §4, e.g. "3q2+7w==")';

/**
 * Decodes base64 text into bytes.
 * Contract: only canonical standard base64 is accepted: alphabet `A–Z a–z 0–9 + /`, `=` padding
 * to a multiple of four, zero unused bits (so each byte string has exactly one spelling); the
 * empty string is zero bytes. Anything else (URL-safe alphabet, missing padding, spaces) throws a
 * BAD_USER_INPUT GraphQLError.
 */
export function parseBase64(text: string, received: unknown = text): Uint8Array {
  if (BASE64.test(text)) {
    const buffer = Buffer.from(text, 'base64');
    if (buffer.toString('base64') === text) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }
  throw scalarInputError('Bytes', received, EXPECTED);
}

/** Parses a Bytes input value: a base64 string as {@link parseBase64} takes it. */
export function parseBytesValue(value: unknown): Uint8Array {
  if (typeof value === 'string') return parseBase64(value);
  throw scalarInputError('Bytes', value, EXPECTED);
}

/** Parses a Bytes literal: a string literal of base64. */
export function parseBytesLiteral(node: ValueNode): Uint8Array {
  if (node.kind === Kind.STRING) return parseBase64(node.value, node);
  throw scalarInputError('Bytes', node, EXPECTED);
}

/** Serialises a resolver's Uint8Array as standard base64 with padding; anything else throws. */
export function serializeBytes(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  throw scalarOutputError('Bytes', value, 'a Uint8Array');
}

/** The Bytes scalar. */
export const BytesScalar = new GraphQLScalarType<Uint8Array, string>({
  name: 'Bytes',
  description: 'Binary data (MySQL BINARY, VARBINARY, BLOB) as standard base64 text with padding ("3q2+7w==").',
  serialize: serializeBytes,
  parseValue: parseBytesValue,
  parseLiteral: parseBytesLiteral,
});
