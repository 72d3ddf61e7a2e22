// Turning zod issues into readable problems: `expected an integer, got 1.5`, one problem per
// unknown key at that key's path, never a password. Owns wording only; the schema is in
// configSchema.ts.

import { z } from 'zod';
import type { PathProblem } from './pathProblem.js';
import { redactUrlCredentials } from './tabletUrl.js';

type RawIssue = z.core.$ZodRawIssue;

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
};

/**
 * Describes a JSON value for a message: strings quoted (credentials masked, long ones cut),
 * numbers and booleans as written, `null`, `an array`, `an object`, `nothing` for undefined.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = redactUrlCredentials(value);
    return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}...` : shown);
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : `an ${typeof value}`;
}

/** The message for a value of the wrong type: `missing (expected X)` or `expected X, got Y`. */
export function typeMessage(expected: string, input: unknown): string {
  return input === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${describeValue(input)}`;
}

/**
 * Schema-level error option that words wrong-type (and no-matching-union) issues as
 * "expected `what`"; other issues fall through to {@link zodIssueMessage}.
 */
export function expecting(what: string): { error: (issue: RawIssue) => string | undefined } {
  return { error: (issue) => (issue.code === 'invalid_type' || issue.code === 'invalid_union' ? typeMessage(what, issue.input) : undefined) };
}

/** Parse-level error map: a readable message for each kind of zod issue. */
export function zodIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(TYPE_WORDS[issue.expected] ?? issue.expected, issue.input);
    case 'too_small':
      return boundMessage('at least', 'more than', issue.origin, issue.minimum, issue.inclusive, issue.input);
    case 'too_big':
      return boundMessage('at most', 'less than', issue.origin, issue.maximum, issue.inclusive, issue.input);
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys': {
      const known = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
      return known.length === 0 ? 'unknown key' : `unknown key (expected one of: ${known.join(', ')})`;
    }
    default:
      return issue.message ?? `invalid value ${describeValue(issue.input)}`;
  }
}

function boundMessage(
  inclusiveWord: string,
  exclusiveWord: string,
  origin: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
  input: unknown,
): string {
  const word = inclusive === false ? exclusiveWord : inclusiveWord;
  if (origin === 'string' && bound === 1 && word === 'at least') return 'expected a non-empty string';
  if (origin === 'array' || origin === 'string') {
    const unit = origin === 'array' ? 'item' : 'character';
    return `expected ${word} ${bound} ${unit}${bound === 1 ? '' : 's'}`;
  }
  return `expected ${word} ${bound}, got ${describeValue(input)}`;
}

/** Converts finished zod issues into problems: one per unknown key, at that key's path. */
export function zodProblems(issues: readonly z.core.$ZodIssue[]): PathProblem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: issue.message }));
    return [{ path, message: issue.message }];
  });
}
