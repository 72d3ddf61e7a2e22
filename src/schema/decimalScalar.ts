// The Decimal scalar: exact decimal numbers (MySQL DECIMAL, exact sums) as JSON strings of their
// digits, never passing through a float. Resolvers give and take the exact text. Owns parsing
// and serialising only.

import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { scalarInputError, scalarOutputError } from './scalarError.js';

/** Most digits a normalised Decimal may have (MySQL DECIMAL holds 65); bounds exponent expansion. */
export const DECIMAL_MAX_DIGITS = 100;

/** Most significant digits a JSON number may carry to be read as a Decimal without loss (doubles keep 15). */
export const DECIMAL_MAX_FLOAT_DIGITS = 15;

const DECIMAL_TEXT = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const PLAIN_DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
const EXPECTED =
  'a decimal number as a string (e.g. "-12.50", "1e3") or an integer, or an integer or float literal';

/**
 * Normalises decimal text exactly, or returns undefined when it is not decimal text.
 * Contract: takes an optional sign, digits with an optional point (at least one digit) and an
 * optional exponent; returns plain text `-?digits[.digits]`: `+` dropped, exponent applied by
 * moving the point, leading zeros of the integer part dropped (one kept), fraction digits kept as
 * written (`"12.50"` stays `"12.50"`, `".5"` → `"0.5"`, `"5."` → `"5"`, `"1.5e3"` → `"1500"`),
 * and the sign of a zero dropped. Undefined also when the result would exceed
 * {@link DECIMAL_MAX_DIGITS} digits.
 */
export function normalizeDecimalText(text: string): string | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (match === null) return undefined;
  const [, sign = '', intPart = '', fracPart = '', exponentText] = match;
  if (intPart === '' && fracPart === '') return undefined;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > DECIMAL_MAX_DIGITS) return undefined;
  const digits = intPart + fracPart;
  const point = intPart.length + exponent;
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=[0-9])/, '');
  if (whole.length + fraction.length > DECIMAL_MAX_DIGITS) return undefined;
  const isZero = /^[0.]*$/.test(whole + fraction);
  return `${sign === '-' && !isZero ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

function significantDigits(numberText: string): number {
  const mantissa = numberText.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
}

function normalized(text: string, received: unknown): string {
  const result = normalizeDecimalText(text);
  if (result === undefined) throw scalarInputError('Decimal', received, `${EXPECTED}, with at most ${DECIMAL_MAX_DIGITS} digits`);
  return result;
}

/**
 * Parses a Decimal input value (a variable's JSON value) into normalised exact text.
 * Contract: a string is normalised by {@link normalizeDecimalText}; a bigint or safe integer
 * becomes its digits; any other finite JSON number is accepted only when its shortest decimal
 * form has at most 15 significant digits (then it is exactly the text the client wrote, when that
 * text had at most 15 significant digits); anything else throws a BAD_USER_INPUT GraphQLError
 * asking for a string.
 */
export function parseDecimalValue(value: unknown): string {
  if (typeof value === 'string') return normalized(value, value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    if (significantDigits(text) <= DECIMAL_MAX_FLOAT_DIGITS) return normalized(text, value);
    throw scalarInputError(
      'Decimal',
      value,
      `a string for this value: a JSON number with more than ${DECIMAL_MAX_FLOAT_DIGITS} significant digits may already have lost precision`,
    );
  }
  throw scalarInputError('Decimal', value, EXPECTED);
}

/**
 * Parses a Decimal literal from its source text, so nothing is lost: an integer or float literal
 * (`12.50`, `1e-3`) or a string literal, normalised by {@link normalizeDecimalText}. Throws a
 * BAD_USER_INPUT GraphQLError located at the literal otherwise.
 */
export function parseDecimalLiteral(node: ValueNode): string {
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT || node.kind === Kind.STRING) return normalized(node.value, node);
  throw scalarInputError('Decimal', node, EXPECTED);
}

/**
 * Serialises a resolver's value to its JSON string.
 * Contract: a string in plain decimal form (`-?digits[.digits]`, as MySQL prints DECIMAL) is
 * returned as it is, trailing zeros included; a bigint or integer number becomes its digits;
 * anything else is a resolver bug and throws.
 */
export function serializeDecimal(value: unknown): string {
  if (typeof value === 'string' && PLAIN_DECIMAL.test(value)) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw scalarOutputError('Decimal', value, 'decimal text');
}

/** The Decimal scalar. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number (MySQL DECIMAL, and sums of integer and DECIMAL columns), serialised ' +
    'as a JSON string of its digits ("12.50"). Accepted as a string ("-12.50", "1.5e3"), an ' +
    'integer, an integer or float literal (read from its text), or a JSON number with at most 15 ' +
    'significant digits; never converted through a float.',
  serialize: serializeDecimal,
  parseValue: parseDecimalValue,
  parseLiteral: parseDecimalLiteral,
});
