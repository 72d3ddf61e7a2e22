// Reads what an operation selects below a field, so resolvers ask the runtime only for what is
// used: the sub-fields of a field on a given type through fragments and @skip/@include, and the
// field's GraphQL response path. Owns no table knowledge (rootFields.ts maps fields to columns).

import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  isAbstractType,
  isObjectType,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { invariant } from '../util/invariant.js';

/** What selection reading needs of the resolve info. */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues'>;

function isIncluded(info: SelectionInfo, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

function appliesTo(info: SelectionInfo, typeCondition: string | undefined, type: GraphQLObjectType): boolean {
  if (typeCondition === undefined || typeCondition === type.name) return true;
  const condition = info.schema.getType(typeCondition);
  return condition !== undefined && condition !== null && isAbstractType(condition) && info.schema.isSubType(condition, type);
}

function collect(info: SelectionInfo, selectionSet: SelectionSetNode, type: GraphQLObjectType, out: FieldNode[], seen: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (!isIncluded(info, selection)) continue;
    switch (selection.kind) {
      case Kind.FIELD:
        out.push(selection);
        break;
      case Kind.INLINE_FRAGMENT:
        if (appliesTo(info, selection.typeCondition?.name.value, type)) collect(info, selection.selectionSet, type, out, seen);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (fragment === undefined || seen.has(name)) break;
        seen.add(name);
        if (appliesTo(info, fragment.typeCondition.name.value, type)) collect(info, fragment.selectionSet, type, out, seen);
        break;
      }
    }
  }
}

/**
 * Returns the field nodes selected on `type` below `fieldNodes` (the nodes of one field, as
 * graphql-js groups them), in document order, through inline fragments and fragment spreads
 * whose type condition applies to `type`, leaving out selections that @skip/@include exclude.
 * A field selected twice (aliases, repeated fragments) appears once per selection.
 */
export function collectSubfields(info: SelectionInfo, fieldNodes: readonly FieldNode[], type: GraphQLObjectType): FieldNode[] {
  const out: FieldNode[] = [];
  const seen = new Set<string>();
  for (const node of fieldNodes) if (node.selectionSet !== undefined) collect(info, node.selectionSet, type, out, seen);
  return out;
}

/** The selected sub-fields of `fieldNodes` named `name` on `type`, e.g. every `edges` of a connection. */
export function subfieldsNamed(info: SelectionInfo, fieldNodes: readonly FieldNode[], type: GraphQLObjectType, name: string): FieldNode[] {
  return collectSubfields(info, fieldNodes, type).filter((node) => node.name.value === name);
}

/** The object type named `name` in the schema being executed (a bug when missing). */
export function objectTypeNamed(info: SelectionInfo, name: string): GraphQLObjectType {
  const type = info.schema.getType(name);
  invariant(isObjectType(type), `no object type ${name} in the schema`);
  return type;
}

/** What a field memo keys on: the field's nodes and the operation's coerced variable values. */
export type FieldMemoInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'variableValues'>;

/**
 * A cache for what a resolver derives from its field's selection and arguments alone (selected
 * columns, rewritten arguments), so that a field resolved once per parent row (a relationship
 * under a list of 500 rows) derives it once per operation. Contract: `compute(args, info)` must
 * depend only on the field's arguments, `info.fieldNodes`, the operation's variables, fragments
 * and schema (never on the parent, the path or the context): the arguments of one field are
 * fixed by its nodes and the variables, so the value is shared by every call with the same
 * `fieldNodes` array and variable values object (graphql-js and graphql-jit reuse both for
 * every item of a list). Entries go when the document or the variables are collected.
 */
export function createFieldMemo<A, T>(compute: (args: A, info: GraphQLResolveInfo) => T): (args: A, info: GraphQLResolveInfo) => T {
  const byNodes = new WeakMap<readonly FieldNode[], WeakMap<object, T>>();
  return (args, info) => {
    const variables: unknown = info.variableValues;
    if (typeof variables !== 'object' || variables === null) return compute(args, info);
    let byVariables = byNodes.get(info.fieldNodes);
    if (byVariables === undefined) {
      byVariables = new WeakMap();
      byNodes.set(info.fieldNodes, byVariables);
    }
    let value = byVariables.get(variables);
    if (value === undefined) {
      value = compute(args, info);
      byVariables.set(variables, value);
    }
    return value;
  };
}

/** The field's response path, keys and list indexes joined with `.` (`customer_by_pk`, `a.0.orders`). */
export function responsePath(info: Pick<GraphQLResolveInfo, 'path'>): string {
  const keys: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p !== undefined; p = p.prev) keys.push(p.key);
  return keys.reverse().join('.');
}
