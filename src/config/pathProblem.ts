// Validation problems while they are being collected: the JSON path as segments, so that
// problems can be prefixed, ordered as the document lists them, and only then formatted.
// Owns ordering and formatting of paths; the checks themselves live with what they check.

import { jsonPath, type Problem } from '../errors/problems.js';

/** One problem found at `path` (object keys and array indexes from the document root). */
export interface PathProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Returns `problems` with `prefix` put before each path. */
export function prefixProblems(prefix: readonly (string | number)[], problems: readonly PathProblem[]): PathProblem[] {
  return problems.map((p) => ({ path: [...prefix, ...p.path], message: p.message }));
}

/**
 * Orders problems as the document lists what they point at: by the position of each path
 * segment among its siblings in `document`; a segment missing from the document (a required
 * key not given) sorts after its present siblings. Contract: stable, so problems at one path
 * keep the order they were found in; `document` is not modified.
 */
export function sortByDocumentOrder(problems: readonly PathProblem[], document: unknown): PathProblem[] {
  const keyed = problems.map((problem, index) => ({ problem, index, order: documentPosition(document, problem.path) }));
  keyed.sort((a, b) => compareOrders(a.order, b.order) || a.index - b.index);
  return keyed.map((k) => k.problem);
}

/** Formats problems as `$.a.b["c d"][0]` paths (see errors/problems jsonPath). */
export function formatPathProblems(problems: readonly PathProblem[]): Problem[] {
  return problems.map((p) => ({ path: p.path.reduce<string>((base, key) => jsonPath(base, key), '$'), message: p.message }));
}

function documentPosition(document: unknown, path: readonly (string | number)[]): number[] {
  const order: number[] = [];
  let node = document;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number' && key < node.length) {
      order.push(key);
      node = node[key];
    } else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, key)) {
      order.push(Object.keys(node).indexOf(String(key)));
      node = (node as Record<string, unknown>)[key];
    } else {
      order.push(Number.MAX_SAFE_INTEGER);
      break;
    }
  }
  return order;
}

function compareOrders(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
