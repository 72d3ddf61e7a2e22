// shardgate's public API for embedding: load a config, create the GraphQL server, start and
// stop it. Re-exports only; no logic lives here (the CLI in src/cli uses the same functions).

export { loadConfig } from './config/loadConfig.js';
export { parseConfig } from './config/parseConfig.js';
export type { Config, KeyspaceConfig, LimitsConfig, ListenConfig, PoolConfig, RelationshipConfig, ShardConfig } from './config/config.js';
export { createServer } from './server/createServer.js';
export type { ServerAddress, ServerOptions, ShardgateServer } from './server/createServer.js';
export type { ServerLog } from './server/serverLog.js';
export { ServiceError, isServiceError } from './errors/serviceError.js';
export type { ErrorCode, ErrorId } from './errors/catalogue.js';
