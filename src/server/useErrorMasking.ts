// useErrorMasking: every error of every response passes through toClientError just before the
// response is written, so parse, validation, HTTP-request, resolver and internal errors all
// leave with an INTERFACES.md code and a catalogue id (validation errors are marked as such
// when validation ends, before the cache keeps them). Replaces Yoga's own masking (turned off
// in composeYoga). Owns the hook and the logging of withheld details, not the mapping.

import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { describeThrown, newIncidentId, type ServerLog } from './serverLog.js';
import { markValidationError, toClientError } from './toClientError.js';

/** Options of {@link useErrorMasking}. */
export interface ErrorMaskingOptions {
  /** Receives one line per withheld error: `incident <id>: <the full error and its causes>`. */
  readonly log: ServerLog;
  /** Creates incident ids (default: random hex); injectable for tests. */
  readonly newIncident?: () => string;
}

/** The hook an onValidate hook may return, run once validation is done. */
type AfterValidate = Exclude<ReturnType<NonNullable<Plugin['onValidate']>>, void>;

/** Whether a processed result is one execution result (not a batch array, not a stream). */
function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && !(Symbol.asyncIterator in result);
}

/** The full text of an error for the log: its stack, then each original error or cause. */
function describeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    parts.push(describeThrown(current));
    const next: unknown = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
    current = next;
  }
  return parts.join('\ncaused by: ');
}

/** The plugin, plus its step for the fast path (fastPath.ts), which runs no Yoga hooks. */
export interface ErrorMaskingPlugin extends Plugin {
  /** `result` with every error in client form (withheld ones logged); `result` itself when it has no errors. */
  mask(result: ExecutionResult): ExecutionResult;
}

/**
 * Masks the errors of each response (single results and batches; streamed results pass as
 * they are: shardgate serves no subscriptions or @defer). Contract: the response keeps its
 * data and extensions; each error is replaced by its client form; every withheld error is
 * logged once with its incident id.
 */
export function useErrorMasking(options: ErrorMaskingOptions): ErrorMaskingPlugin {
  const newIncident = options.newIncident ?? newIncidentId;
  const mask = (result: ExecutionResult): ExecutionResult => {
    if (result.errors === undefined || result.errors.length === 0) return result;
    const errors: GraphQLError[] = result.errors.map((error) => {
      const client = toClientError(error, newIncident);
      if (client.incident !== undefined) options.log.error(`incident ${client.incident}: ${describeChain(error)}`);
      return client.error;
    });
    return { ...result, errors };
  };
  // One after-validation hook for every request (a hook created per request is garbage).
  const afterValidate: AfterValidate = ({ valid, result, setResult }) => {
    if (!valid) setResult(result.map(markValidationError));
  };
  return {
    mask,
    onValidate() {
      return afterValidate;
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((r) => (isSingleResult(r) ? mask(r) : r)));
      else if (isSingleResult(result)) setResult(mask(result));
    },
  };
}
