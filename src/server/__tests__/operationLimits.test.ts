// The document limits: token counting as graphql-js counts, depth and aliases through
// fragments, introspection left out, and each violation a ServiceError with its id.
import { buildSchema, GraphQLError, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { countTokens, limitTokens, measureOperation, noIntrospectionRule, operationLimitsRule } from '../operationLimits.js';

const schema = buildSchema(`
  type Node { id: Int, child: Node, name: String }
  type Query { node: Node, nodes: [Node] }
`);

function measure(source: string): { depth: number; aliases: number } {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
  return measureOperation(operation, (name) => fragments.get(name));
}

describe('countTokens', () => {
  it.each([
    ['', 0],
    ['{ a }', 3],
    ['{ a # a comment\n b }', 4],
    ['query Q($x: Int = 1) { a(x: $x) }', 19],
  ])('%j has %d tokens', (source, n) => {
    expect(countTokens(source, 1000)).toBe(n);
  });

  it('stops counting past the bound, and says -1 when the text does not lex', () => {
    expect(countTokens('{ a b c d e f }', 3)).toBe(4);
    expect(countTokens('{ "unterminated }', 100)).toBe(-1);
  });
});

describe('limitTokens', () => {
  const limited = limitTokens(parse, 5);
  it('parses documents within the limit', () => {
    expect(limited('{ a b c }').kind).toBe('Document');
  });

  it('refuses more tokens than the limit with SG1102', () => {
    const error = (() => {
      try {
        limited('{ a b c d e f }');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(GraphQLError);
    expect(isServiceError((error as GraphQLError).originalError, 'SG1102')).toBe(true);
    expect((error as GraphQLError).message).toMatch(/more than 5 tokens \(limits\.maxTokens\)/);
  });

  it('passes other syntax errors through', () => {
    expect(() => limited('{ a')).toThrow(/Syntax Error/);
  });
});

describe('measureOperation', () => {
  it.each([
    ['{ node { id } }', 2, 0],
    ['{ __typename }', 1, 0],
    ['{ node { child { child { id } } } }', 4, 0],
    ['{ a: node { id } b: node { x: id } }', 2, 3],
    ['{ ...F } fragment F on Query { node { child { id } } }', 3, 0],
    ['{ node { ...G ...G } } fragment G on Node { k: child { id } }', 3, 2],
    ['{ node { ... on Node { child { name } } } }', 3, 0],
    ['{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }', 0, 0],
    ['{ node { ...C } } fragment C on Node { child { ...C } }', 2, 0],
  ])('%s: depth %d, aliases %d', (source, depth, aliases) => {
    expect(measure(source)).toEqual({ depth, aliases });
  });
});

describe('operationLimitsRule and noIntrospectionRule', () => {
  const rules = [...specifiedRules, operationLimitsRule(3, 1), noIntrospectionRule()];
  const check = (source: string): string[] =>
    validate(schema, parse(source), rules).map((e) => (isServiceError(e.originalError) ? `${e.originalError.id}: ${e.message}` : e.message));

  it('accepts an operation at the limits', () => {
    expect(check('query Ok { a: node { child { id } } __typename }')).toEqual([]);
  });

  it('reports depth, aliases and introspection, each with its id', () => {
    expect(check('query Deep { a: node { b: child { child { id } } } }')).toEqual([
      'SG1103: operation Deep nests fields 4 levels deep; the limit is 3 (limits.maxDepth)',
      'SG1104: operation Deep has 2 aliased fields; the limit is 1 (limits.maxAliases)',
    ]);
    expect(check('{ __schema { queryType { name } } }')).toEqual([
      'SG1105: introspection (__schema) is disabled by this server\'s configuration ("introspection": false)',
    ]);
  });
});
