// The DateTime and Date scalars: MySQL DATETIME/TIMESTAMP and DATE values as ISO 8601 text
// without a time zone (the database stores none for DATETIME; TIMESTAMP text is in the
// session time zone). Resolvers give and take the same text. Owns parsing and serialising only.

import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { scalarInputError, scalarOutputError } from './scalarError.js';

const DATE_TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,6})?$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const ZONED = /(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$/i;
const EXPECTED_DATE_TIME = 'an ISO 8601 date and time without a time zone, YYYY-MM-DDTHH:MM:SS[.ffffff] (e.g. "2024-02-29T13:45:00")';
const EXPECTED_DATE = 'an ISO 8601 date, YYYY-MM-DD (e.g. "2024-02-29")';

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when year (0000–9999), month and day name a day of the proleptic Gregorian calendar. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function expectedFor(expected: string, text: string): string {
  return ZONED.test(text) && /[T ]/.test(text) ? `${expected}; DATETIME values carry no time zone` : expected;
}

/**
 * Parses DateTime input text into its canonical form `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
 * Contract: takes that form, or the same with a space for `T` (MySQL's text form); up to six
 * fraction digits, kept as written; the date must exist (leap years checked) and the time lie
 * in 00:00:00–23:59:59. A time zone suffix, a date alone, or anything else throws a
 * BAD_USER_INPUT GraphQLError naming the expected form.
 */
export function parseDateTimeText(text: string, received: unknown = text): string {
  const match = DATE_TIME.exec(text);
  if (match !== null) {
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    if (isCalendarDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59) return text.replace(' ', 'T');
  }
  throw scalarInputError('DateTime', received, expectedFor(EXPECTED_DATE_TIME, text));
}

/**
 * Parses Date input text `YYYY-MM-DD` (the day must exist); anything else throws a
 * BAD_USER_INPUT GraphQLError naming the expected form.
 */
export function parseDateText(text: string, received: unknown = text): string {
  const match = DATE.exec(text);
  if (match !== null) {
    const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
    if (isCalendarDate(year, month, day)) return text;
  }
  throw scalarInputError('Date', received, EXPECTED_DATE);
}

function parseStringLiteral(node: ValueNode, scalar: string, parse: (text: string, received: unknown) => string, expected: string): string {
  if (node.kind === Kind.STRING) return parse(node.value, node);
  throw scalarInputError(scalar, node, expected);
}

function parseStringValue(value: unknown, scalar: string, parse: (text: string) => string, expected: string): string {
  if (typeof value === 'string') return parse(value);
  throw scalarInputError(scalar, value, expected);
}

/**
 * Serialises a resolver's DateTime text: `YYYY-MM-DDTHH:MM:SS[.ffffff]` (a space for `T` is
 * turned into `T`). The calendar is not checked on output, so MySQL's zero date
 * `0000-00-00T00:00:00` passes through. Anything else is a resolver bug and throws.
 */
export function serializeDateTime(value: unknown): string {
  if (typeof value === 'string' && DATE_TIME.test(value)) return value.replace(' ', 'T');
  throw scalarOutputError('DateTime', value, 'YYYY-MM-DDTHH:MM:SS[.ffffff] text');
}

/** Serialises a resolver's Date text `YYYY-MM-DD` (zero dates pass); anything else throws. */
export function serializeDate(value: unknown): string {
  if (typeof value === 'string' && DATE.test(value)) return value;
  throw scalarOutputError('Date', value, 'YYYY-MM-DD text');
}

/** The DateTime scalar (DATETIME and TIMESTAMP columns). */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description:
    'A date and time without a time zone (MySQL DATETIME, and TIMESTAMP as the database session ' +
    'shows it), as ISO 8601 text YYYY-MM-DDTHH:MM:SS with up to six fraction digits ' +
    '("2024-02-29T13:45:00.25"). Input may use a space instead of T; a time zone suffix is rejected.',
  serialize: serializeDateTime,
  parseValue: (value) => parseStringValue(value, 'DateTime', (text) => parseDateTimeText(text), EXPECTED_DATE_TIME),
  parseLiteral: (node) => parseStringLiteral(node, 'DateTime', parseDateTimeText, EXPECTED_DATE_TIME),
});

/** The Date scalar (DATE columns). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date (MySQL DATE) as ISO 8601 text YYYY-MM-DD ("2024-02-29").',
  serialize: serializeDate,
  parseValue: (value) => parseStringValue(value, 'Date', (text) => parseDateText(text), EXPECTED_DATE),
  parseLiteral: (node) => parseStringLiteral(node, 'Date', parseDateText, EXPECTED_DATE),
});
