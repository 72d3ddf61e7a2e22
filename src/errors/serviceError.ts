// ServiceError: the one error type for expected runtime and input failures. It carries a
// catalogue id, the id's code, structured details and an optional cause. Not for bugs
// (see util/invariant) and not GraphQL-aware (the server converts it).

import { ERRORS, type ErrorCode, type ErrorId } from './catalogue.js';

/** An expected failure with a stable catalogue id; `message` names what was expected and received. */
export class ServiceError extends Error {
  readonly id: ErrorId;
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(id: ErrorId, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServiceError';
    this.id = id;
    this.code = ERRORS[id].code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** True when `error` is a ServiceError, optionally with the given id. */
export function isServiceError(error: unknown, id?: ErrorId): error is ServiceError {
  return error instanceof ServiceError && (id === undefined || error.id === id);
}
