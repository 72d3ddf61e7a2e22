// A ServedApi for composing the Yoga app over a small test schema: a request context that plans
// nothing, empty executor metrics, no shards to ping. For tests of the server plugins.

import type { GraphQLSchema } from 'graphql';
import type { ServedApi } from '../composeYoga.js';

/** The fake API over `schema` with `config` (limits, introspection, federation) as given. */
export function fakeServedApi(schema: GraphQLSchema, config: ServedApi['config']): ServedApi {
  return {
    config,
    schema,
    runtime: {
      createRequestContext: (o = {}) => ({ options: o, plan: () => [], statementsPerShard: () => ({}) }),
      planCacheStats: () => ({ hits: 0, misses: 0, size: 0, capacity: 1 }),
    },
    executor: { metricsSnapshot: () => ({ tablets: [] }), health: async () => [] },
    contextValue: (rc) => ({ rc }),
  };
}
