// Collected validation problems: config and VSchema loading report every problem at once,
// each with the JSON path where it was found. Owns collection and formatting, not validation.

import { ServiceError } from './serviceError.js';
import type { ErrorId } from './catalogue.js';

/** One validation problem: a JSON path like `$.keyspaces.customer.tables.t1` and a message. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Appends a key to a JSON path, bracketing keys that are not plain identifiers. */
export function jsonPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** Formats problems one per line as `path: message`, in the order given. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}

/**
 * A ServiceError that carries every problem found (details.problems), for start-up failures.
 * Contract: `problems` is non-empty; the message lists them all.
 */
export class ValidationError extends ServiceError {
  readonly problems: readonly Problem[];

  constructor(id: ErrorId, what: string, problems: readonly Problem[]) {
    super(id, `${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${formatProblems(problems)}`, {
      details: { problems },
    });
    this.name = 'ValidationError';
    this.problems = problems;
  }
}
