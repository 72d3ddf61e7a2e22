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

/** The field's response path, keys and list indexes joined with `.` (`customer_by_pk`, `a.0.orders`). */
export function responsePath(info: Pick<GraphQLResolveInfo, 'path'>): string {
  const keys: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p !== undefined; p = p.prev) keys.push(p.key);
  return keys.reverse().join('.');
}
