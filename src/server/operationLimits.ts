// The document limits of the `limits` config section as graphql-js parts: a token count for
// the parser (limits.maxTokens) and validation rules for nesting depth (limits.maxDepth) and
// aliases (limits.maxAliases). Pure functions over the AST; the Yoga wiring is useLimits.ts.
// Each violation is a ServiceError (SG1102–SG1104) wrapped as a GraphQLError.

import { GraphQLError, Kind, Lexer, Source, TokenKind, type ASTVisitor, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { ServiceError } from '../errors/serviceError.js';
import { serviceGraphQLError } from './toClientError.js';

/**
 * Counts the lexical tokens of `body` as the graphql-js parser counts them for `maxTokens`
 * (comments and the end token excluded), stopping once the count passes `stopAfter`.
 * Contract: returns -1 when `body` does not lex (a syntax error comes first then).
 */
export function countTokens(body: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(body));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      count++;
      if (count > stopAfter) break;
    }
  } catch {
    return -1;
  }
  return count;
}

type ParseFn = (source: string | Source, options?: Record<string, unknown>) => unknown;

function tooManyTokens(maxTokens: number, options: { source?: Source; positions?: readonly number[] } = {}): GraphQLError {
  return serviceGraphQLError(
    new ServiceError('SG1102', `the operation document has more than ${maxTokens} tokens (limits.maxTokens); send a smaller document`, { details: { limit: maxTokens } }),
    options,
  );
}

/**
 * Wraps a parse function so that it refuses documents of more than `maxTokens` tokens with
 * SG1102 (graphql-js `maxTokens` does the counting and stops parsing early). A body longer
 * than `maxTokens` characters is counted first with the non-recursive lexer, because the
 * recursive-descent parser can overflow the stack on deep nesting before its own count
 * stops it; a document that still overflows the parser is refused with SG1103.
 * Contract: any other parse error passes through unchanged.
 */
export function limitTokens<F extends ParseFn>(parse: F, maxTokens: number): F {
  const limited = (source: string | Source, options?: Record<string, unknown>): unknown => {
    const body = typeof source === 'string' ? source : source.body;
    if (body.length > maxTokens && countTokens(body, maxTokens) > maxTokens) throw tooManyTokens(maxTokens);
    try {
      return parse(source, { ...options, maxTokens });
    } catch (error) {
      if (error instanceof RangeError) {
        throw serviceGraphQLError(new ServiceError('SG1103', 'the operation document nests too deeply to parse; flatten it (limits.maxDepth)'));
      }
      if (!(error instanceof GraphQLError) || countTokens(body, maxTokens) <= maxTokens) throw error;
      throw tooManyTokens(maxTokens, { source: error.source, positions: error.positions });
    }
  };
  return limited as F;
}

/** The deepest nesting of objects and arrays accepted in request variables (see {@link variablesDepthExceeds}). */
export const MAX_VARIABLES_DEPTH = 1000;

/**
 * True when `value` nests objects and arrays more than `limit` levels deep. Iterative, so a
 * hostile JSON body cannot overflow the stack here; graphql-js coerces variables recursively
 * and would (the executor's input snapshot overflows at a few thousand levels).
 */
export function variablesDepthExceeds(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

function operationName(operation: OperationDefinitionNode): string {
  return operation.name === undefined ? 'the operation' : `operation ${operation.name.value}`;
}

/**
 * Walks `selectionSet` with fragments expanded where they are spread. `visit(field depth,
 * aliased)` is called for every field; introspection fields (`__schema`, `__type`) are skipped
 * with their subtrees. A fragment already on the current path is not entered again (cycles are
 * graphql-js's NoFragmentCyclesRule to report). Returns the deepest field depth (a leaf at the
 * top is 1).
 */
function walk(
  selectionSet: SelectionSetNode,
  depth: number,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
  onPath: Set<string>,
  visit: (aliased: boolean) => void,
): number {
  let deepest = depth - 1;
  for (const selection of selectionSet.selections) {
    switch (selection.kind) {
      case Kind.FIELD: {
        if (selection.name.value === '__schema' || selection.name.value === '__type') break;
        visit(selection.alias !== undefined);
        const below = selection.selectionSet === undefined ? depth : walk(selection.selectionSet, depth + 1, fragment, onPath, visit);
        deepest = Math.max(deepest, below);
        break;
      }
      case Kind.INLINE_FRAGMENT:
        deepest = Math.max(deepest, walk(selection.selectionSet, depth, fragment, onPath, visit));
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const definition = fragment(name);
        if (definition == null || onPath.has(name)) break;
        onPath.add(name);
        deepest = Math.max(deepest, walk(definition.selectionSet, depth, fragment, onPath, visit));
        onPath.delete(name);
        break;
      }
    }
  }
  return deepest;
}

/** The depth of an operation's deepest field and its number of aliased fields (fragments counted where spread). */
export function measureOperation(operation: OperationDefinitionNode, fragment: (name: string) => FragmentDefinitionNode | null | undefined): { depth: number; aliases: number } {
  let aliases = 0;
  const depth = walk(operation.selectionSet, 1, fragment, new Set(), (aliased) => {
    if (aliased) aliases++;
  });
  return { depth: Math.max(depth, 0), aliases };
}

/**
 * A validation rule that reports each operation nesting fields deeper than `maxDepth` (SG1103)
 * or aliasing more than `maxAliases` fields (SG1104). Depth counts field levels (`{ a { b } }`
 * is 2); fragments count where they are spread; introspection fields are not counted, so
 * GraphiQL's schema query passes whatever the limit.
 */
export function operationLimitsRule(maxDepth: number, maxAliases: number): ValidationRule {
  return function OperationLimitsRule(context: ValidationContext): ASTVisitor {
    return {
      OperationDefinition(operation) {
        const { depth, aliases } = measureOperation(operation, (name) => context.getFragment(name));
        if (depth > maxDepth) {
          const error = new ServiceError('SG1103', `${operationName(operation)} nests fields ${depth} levels deep; the limit is ${maxDepth} (limits.maxDepth)`, {
            details: { depth, limit: maxDepth },
          });
          context.reportError(serviceGraphQLError(error, { nodes: [operation] }));
        }
        if (aliases > maxAliases) {
          const error = new ServiceError('SG1104', `${operationName(operation)} has ${aliases} aliased fields; the limit is ${maxAliases} (limits.maxAliases)`, {
            details: { aliases, limit: maxAliases },
          });
          context.reportError(serviceGraphQLError(error, { nodes: [operation] }));
        }
        return false;
      },
    };
  };
}

/**
 * A validation rule that refuses introspection (`__schema`, `__type`) with SG1105 when the
 * config says `"introspection": false`; `__typename` stays allowed.
 */
export function noIntrospectionRule(): ValidationRule {
  return function NoIntrospectionRule(context: ValidationContext): ASTVisitor {
    return {
      Field(node) {
        if (node.name.value !== '__schema' && node.name.value !== '__type') return;
        const error = new ServiceError('SG1105', `introspection (${node.name.value}) is disabled by this server's configuration ("introspection": false)`);
        context.reportError(serviceGraphQLError(error, { nodes: [node] }));
      },
    };
  };
}
