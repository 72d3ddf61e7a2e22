import { describe, expect, it } from 'vitest';
import { ValidationError, formatProblems, jsonPath } from '../problems.js';
import { ServiceError, isServiceError } from '../serviceError.js';
import { ERRORS } from '../catalogue.js';

describe('jsonPath', () => {
  it.each([
    ['$', 'keyspaces', '$.keyspaces'],
    ['$.keyspaces', '-80', '$.keyspaces["-80"]'],
    ['$.tables', 'my table', '$.tables["my table"]'],
    ['$.column_vindexes', 0, '$.column_vindexes[0]'],
  ] as const)('%s + %j = %s', (base, key, want) => {
    expect(jsonPath(base, key)).toBe(want);
  });
});

describe('ValidationError', () => {
  it('lists every problem in the message and in details', () => {
    const problems = [
      { path: '$.a', message: 'expected a number, got "x"' },
      { path: '$.b', message: 'unknown key' },
    ];
    const error = new ValidationError('SG100', 'invalid configuration file shardgate.json', problems);
    expect(error.message).toBe('invalid configuration file shardgate.json: 2 problems\n' + formatProblems(problems));
    expect(error.details.problems).toEqual(problems);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(isServiceError(error, 'SG100')).toBe(true);
    expect(isServiceError(error, 'SG200')).toBe(false);
  });
});

describe('catalogue', () => {
  it('ids are SG plus three or four digits and every ServiceError takes its code from the catalogue', () => {
    for (const [id, entry] of Object.entries(ERRORS)) {
      expect(id).toMatch(/^SG\d{3,4}$/);
      const error = new ServiceError(id as keyof typeof ERRORS, 'x');
      expect(error.code).toBe(entry.code);
    }
  });
});
