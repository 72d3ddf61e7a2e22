// useJit: operations execute through graphql-jit instead of graphql-js: each operation is
// compiled once into a JavaScript function, kept as long as its document stays in the document
// cache. Owns which operations may be compiled, the compiled-query cache and the translation of
// graphql-jit's errors into graphql-js form, so that responses are what graphql-js gives.
// Not @envelop/graphql-jit: it pins graphql-jit 0.8.7, which orders response fields wrongly
// after fragment spreads (fixed in 0.8.9), keeps one compiled query per document whatever the
// operation name, and caches compilation errors.

import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { isPromise, makeExecute } from 'graphql-yoga';
import {
  BREAK,
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isScalarType,
  isSpecifiedScalarType,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type Source,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { SERIALIZED_LEAF } from '../schema/schemaNames.js';
import type { ServerLog } from './serverLog.js';

/**
 * The name of a document's only operation (`null` when anonymous), or `false` when it holds
 * several operations or none.
 */
function singleOperationName(document: DocumentNode): string | null | false {
  let name: string | null | false = false;
  let count = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    count++;
    name = definition.name?.value ?? null;
  }
  return count === 1 ? name : false;
}

const VALUE_KINDS: ReadonlySet<string> = new Set([Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT]);

/**
 * The input object types from which a cycle of input object types can be reached (`T_bool_exp`
 * through `_and`, `_or`, `_not`): graphql-jit unrolls a variable's type into code at compile
 * time and never ends on those (the stack overflows), so variables of these types go to
 * graphql-js. By type name.
 */
export function recursiveInputTypes(schema: GraphQLSchema): Set<string> {
  const state = new Map<string, 'visiting' | 'safe' | 'recursive'>();
  const visitType = (type: GraphQLInputObjectType): boolean => {
    const known = state.get(type.name);
    if (known === 'visiting' || known === 'recursive') return true;
    if (known === 'safe') return false;
    state.set(type.name, 'visiting');
    let recursive = false;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isInputObjectType(named) && visitType(named)) recursive = true;
    }
    state.set(type.name, recursive ? 'recursive' : 'safe');
    return recursive;
  };
  for (const type of Object.values(schema.getTypeMap())) if (isInputObjectType(type)) visitType(type);
  return new Set([...state].filter(([, s]) => s === 'recursive').map(([name]) => name));
}

/** True when a variable of the operation has a type in `recursive` (see recursiveInputTypes). */
function hasRecursiveVariable(document: DocumentNode, recursive: ReadonlySet<string>): boolean {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      let type = variable.type;
      while (type.kind !== Kind.NAMED_TYPE) type = type.type;
      if (recursive.has(type.name.value)) return true;
    }
  }
  return false;
}

/** True when `test` holds for some node of `document`, visited with its type information. */
function someNode(schema: GraphQLSchema, document: DocumentNode, test: (node: ASTNode, typeInfo: TypeInfo) => boolean): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node: ASTNode) {
        if (!test(node, typeInfo)) return undefined;
        found = true;
        return BREAK;
      },
    }),
  );
  return found;
}

/**
 * True when the document writes a literal (argument or variable default, at any depth) where a
 * custom scalar goes: graphql-jit parses such literals at compile time and writes the parsed
 * value into the generated code as JSON, which breaks shardgate's scalars (BigInt → bigint
 * throws; Bytes → Uint8Array would silently become an object). Values given as variables are
 * parsed at run time and are fine.
 */
export function hasCustomScalarLiteral(schema: GraphQLSchema, document: DocumentNode): boolean {
  return someNode(schema, document, (node, typeInfo) => {
    if (!VALUE_KINDS.has(node.kind)) return false;
    const type = typeInfo.getInputType();
    const named = type == null ? undefined : getNamedType(type);
    return named !== undefined && isScalarType(named) && !isSpecifiedScalarType(named);
  });
}

/**
 * True when every leaf field the document selects that graphql-jit would serialize with a
 * built-in scalar's or an enum's serialize is marked SERIALIZED_LEAF (its values are their
 * serialized form already), so that the operation may be compiled with
 * `disableLeafSerialization`: graphql-jit then writes such values as they are, without a
 * serialize call (and its locations, path and argument arrays) per value. Fields of custom
 * scalars are serialized either way; `__typename` is written by graphql-jit itself.
 */
export function leavesAreSerialized(schema: GraphQLSchema, document: DocumentNode): boolean {
  const unmarked = someNode(schema, document, (node, typeInfo) => {
    if (node.kind !== Kind.FIELD || node.name.value === '__typename') return false;
    const field = typeInfo.getFieldDef();
    if (field == null) return true;
    const named = getNamedType(field.type);
    return (isEnumType(named) || (isScalarType(named) && isSpecifiedScalarType(named))) && field.extensions[SERIALIZED_LEAF] !== true;
  });
  return !unmarked;
}

/** The offset in `body` of a 1-based line and column, as graphql-js counts them (`\r\n`, `\n`, `\r` end a line). */
export function offsetOf(body: string, line: number, column: number): number {
  let offset = 0;
  const breaks = /\r\n|[\n\r]/g;
  for (let at = 1; at < line; at++) {
    const found = breaks.exec(body);
    if (found === null) break;
    offset = found.index + found[0].length;
  }
  return Math.min(offset + column - 1, body.length);
}

/**
 * graphql-jit's error (a GraphQLError with `locations` but no source, positions or nodes, which
 * Yoga needs to print locations) as graphql-js builds it: positions in the document's source.
 * Errors that already have a source, or no locations, are returned as they are.
 */
export function toGraphQLJsError(error: GraphQLError, source: Source | undefined): GraphQLError {
  if (source === undefined || error.source !== undefined || error.locations === undefined || error.locations.length === 0) return error;
  return new GraphQLError(error.message, {
    source,
    positions: error.locations.map((l) => offsetOf(source.body, l.line, l.column)),
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/**
 * The name of the operation graphql-jit may compile for `document` (`null`: anonymous), or
 * `false` when the document must run through graphql-js: several operations or none, a
 * variable of a type in `recursive` (recursiveInputTypes), or a custom scalar literal
 * (hasCustomScalarLiteral).
 */
export function jitOperationName(schema: GraphQLSchema, document: DocumentNode, recursive: ReadonlySet<string>): string | null | false {
  const name = singleOperationName(document);
  if (name === false || hasRecursiveVariable(document, recursive) || hasCustomScalarLiteral(schema, document)) return false;
  return name;
}

/** What useJit did since start. */
export interface JitStats {
  /** Operations compiled. */
  readonly compiled: number;
  /** Executions that started as compiled runs. */
  readonly compiledRuns: number;
  /** Executions run by graphql-js: not compilable, or variables rejected (run again). */
  readonly graphqlJsRuns: number;
}

/** The plugin and its counters. */
export interface JitPlugin extends Plugin {
  stats(): JitStats;
}

/** A compiled operation, or false: run it through graphql-js. */
type CacheEntry = CompiledQuery | false;

/** What an execute function of envelop returns for a query. */
type ExecuteResult = ExecutionResult | Promise<ExecutionResult>;
type ExecuteFunction = (args: ExecutionArgs) => ExecuteResult;

/**
 * Compiles and caches operations with graphql-jit. Contract: only what jitOperationName allows,
 * asked for without an operation name or by its own name, is compiled, once per document and
 * operation; everything else, and an operation graphql-jit fails to compile (logged once),
 * runs through graphql-js. A compiled run whose variables are rejected (no `data`, nothing
 * executed) runs again through graphql-js, so that the errors, their messages and the HTTP
 * status are graphql-js's; other errors of compiled runs are rebuilt in graphql-js form
 * (toGraphQLJsError), unless the request's client has left (its signal aborted): no one reads
 * them then, and they are returned as graphql-jit made them.
 */
export function useJit(options: { readonly log: ServerLog }): JitPlugin {
  const compiled = new WeakMap<DocumentNode, Map<string | null, CacheEntry>>();
  const counts = { compiled: 0, compiledRuns: 0, graphqlJsRuns: 0 };
  const recursiveBySchema = new WeakMap<GraphQLSchema, Set<string>>();
  const compile = (args: ExecutionArgs): CacheEntry => {
    let recursive = recursiveBySchema.get(args.schema);
    if (recursive === undefined) {
      recursive = recursiveInputTypes(args.schema);
      recursiveBySchema.set(args.schema, recursive);
    }
    const name = jitOperationName(args.schema, args.document, recursive);
    if (name === false || (args.operationName != null && args.operationName !== name)) return false;
    try {
      const result = compileQuery(args.schema, args.document, name ?? undefined, { disableLeafSerialization: leavesAreSerialized(args.schema, args.document) });
      if (isCompiledQuery(result)) {
        counts.compiled++;
        return result;
      }
      options.log.warn(`graphql-jit cannot compile an operation, graphql-js runs it: ${result.errors?.map((e) => e.message).join('; ') ?? 'no reason given'}`);
    } catch (error) {
      options.log.warn(`graphql-jit cannot compile an operation, graphql-js runs it: ${error instanceof Error ? error.message : String(error)}`);
    }
    return false;
  };
  const entryFor = (args: ExecutionArgs): CacheEntry => {
    let byName = compiled.get(args.document);
    if (byName === undefined) {
      byName = new Map();
      compiled.set(args.document, byName);
    }
    const key = args.operationName ?? null;
    let entry = byName.get(key);
    if (entry === undefined) {
      entry = compile(args);
      byName.set(key, entry);
    }
    return entry;
  };
  // Yoga's own executor (graphql-js), for the runs graphql-jit gives back; the same for every request.
  let graphqlJs: ExecuteFunction | undefined;
  const finish = (args: ExecutionArgs, result: ExecutionResult): ExecuteResult => {
    if (result.errors === undefined || result.errors.length === 0) return result;
    if (result.data === undefined) {
      counts.graphqlJsRuns++;
      return graphqlJs!(args);
    }
    // The client left: no one reads these errors' positions (an abandoned nested read can fail
    // every field of every row, and each rebuilt error formats its cause's stack).
    if ((args.contextValue as { request?: { signal?: AbortSignal } } | undefined)?.request?.signal?.aborted === true) return result;
    const source = args.document.loc?.source;
    // Keys in graphql-js's order (errors first), so that the response text is the same.
    const { errors, data, ...rest } = result;
    return { errors: errors.map((e) => toGraphQLJsError(e, source)), data, ...rest };
  };
  const jitExecute = makeExecute((args: ExecutionArgs) => {
    const entry = entryFor(args) as CompiledQuery;
    const result = entry.query(args.rootValue, args.contextValue, args.variableValues);
    return isPromise(result) ? result.then((r) => finish(args, r)) : finish(args, result);
  });
  return {
    stats: () => ({ ...counts }),
    onExecute({ args, executeFn, setExecuteFn }) {
      if (entryFor(args) === false) {
        counts.graphqlJsRuns++;
        return;
      }
      counts.compiledRuns++;
      graphqlJs ??= executeFn as ExecuteFunction;
      setExecuteFn(jitExecute);
    },
  };
}
