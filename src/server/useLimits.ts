// useLimits: the `limits` config section applied to each operation document before anything
// runs: token count at parse time, nesting depth and aliases at validation time, and
// introspection refused when the config disables it. Owns the Yoga wiring only; the checks
// are operationLimits.ts. Row limits and timeouts are the runtime's (src/resolvers, src/pools).

import type { Plugin } from 'graphql-yoga';
import type { ValidationRule } from 'graphql';
import { MAX_VARIABLES_DEPTH, limitTokens, noIntrospectionRule, operationLimitsRule, variablesDepthExceeds } from './operationLimits.js';
import { ServiceError } from '../errors/serviceError.js';
import { serviceGraphQLError } from './toClientError.js';

/** The document limits; src/config's LimitsConfig fits as it is. */
export interface DocumentLimits {
  readonly maxTokens: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
}

/** Options of {@link useLimits}. */
export interface LimitsPluginOptions {
  readonly limits: DocumentLimits;
  /** False refuses `__schema` and `__type` (config `introspection`); default true. */
  readonly introspection?: boolean;
}

/**
 * Applies the document limits (SG1102 tokens, SG1103 depth, SG1104 aliases), refuses
 * variables nested more than MAX_VARIABLES_DEPTH levels (SG1106) before graphql-js coerces
 * them recursively, and applies the introspection switch (SG1105). Contract: the rules are added to every validation, so Yoga's
 * validation cache keys on them; a parse function is wrapped once and reused.
 */
export function useLimits(options: LimitsPluginOptions): Plugin {
  const rules: ValidationRule[] = [operationLimitsRule(options.limits.maxDepth, options.limits.maxAliases)];
  if (options.introspection === false) rules.push(noIntrospectionRule());
  const wrapped = new WeakMap<object, unknown>();
  return {
    onParams({ params, setResult }) {
      if (params.variables !== undefined && variablesDepthExceeds(params.variables, MAX_VARIABLES_DEPTH)) {
        const error = new ServiceError('SG1106', `the request variables nest more than ${MAX_VARIABLES_DEPTH} levels deep; flatten them`, { details: { limit: MAX_VARIABLES_DEPTH } });
        setResult({ errors: [serviceGraphQLError(error)] });
      }
    },
    onParse({ parseFn, setParseFn }) {
      let limited = wrapped.get(parseFn) as typeof parseFn | undefined;
      if (limited === undefined) {
        limited = limitTokens(parseFn, options.limits.maxTokens);
        wrapped.set(parseFn, limited);
      }
      setParseFn(limited);
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}
