// The data of a GraphQL response in the e2e tests, asserting that it succeeded: the one place
// that says what "no errors" means for them.

import { expect } from 'vitest';
import type { GraphQLResponse } from './demoServer.js';

/** The `data` of `response`, failing the test when it has errors or a status other than 200. */
export function dataOf(response: GraphQLResponse): Record<string, unknown> {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data!;
}
