// The one catalogue of shardgate's expected errors: each entry has a stable id (never reused,
// never renamed), a code, and a one-line summary. Code matches on ids and codes, never on text.
// An error about a shard of a keyspace names it `keyspace/shard` (`customer/-80`), in its message
// and in `details.shard` / `details.shards` (which clients see as `extensions.shards`).

/** Error codes (gRPC-style, as Vitess vterrors uses). */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'UNIMPLEMENTED'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** A catalogue entry: code plus summary; the key in {@link ERRORS} is the stable id. */
export interface CatalogueEntry {
  readonly code: ErrorCode;
  readonly summary: string;
}

/**
 * Every expected error, keyed by its stable id (`SG` + area + number).
 * Areas: 1xx config, 2xx vschema, 3xx key ranges and topology, 4xx vindexes, 5xx planner, 6xx pools, 7xx engine, 8xx cluster, 85x introspect, 9xx cli, 10xx resolvers, 11xx server.
 */
export const ERRORS = {
  SG100: { code: 'INVALID_ARGUMENT', summary: 'invalid configuration file' },
  SG101: { code: 'NOT_FOUND', summary: 'configuration file not found' },
  SG102: { code: 'INVALID_ARGUMENT', summary: 'invalid tablet URL' },
  SG200: { code: 'INVALID_ARGUMENT', summary: 'invalid VSchema' },
  SG201: { code: 'NOT_FOUND', summary: 'keyspace not found' },
  SG202: { code: 'NOT_FOUND', summary: 'table not found' },
  SG203: { code: 'NOT_FOUND', summary: 'column not found' },
  SG300: { code: 'INVALID_ARGUMENT', summary: 'invalid key range or shard name' },
  SG301: { code: 'INVALID_ARGUMENT', summary: 'keyspace id matches no shard' },
  SG302: { code: 'INVALID_ARGUMENT', summary: 'key range does not exactly match shards' },
  SG303: { code: 'INVALID_ARGUMENT', summary: 'invalid shard count' },
  SG304: { code: 'FAILED_PRECONDITION', summary: 'keyspace has no shards' },
  SG305: { code: 'NOT_FOUND', summary: 'shard not found in keyspace' },
  SG306: { code: 'INVALID_ARGUMENT', summary: 'shards do not cover the key range exactly once' },
  SG400: { code: 'INVALID_ARGUMENT', summary: 'unknown vindex type' },
  SG401: { code: 'INVALID_ARGUMENT', summary: 'invalid vindex parameters' },
  SG402: { code: 'INVALID_ARGUMENT', summary: 'value cannot be mapped by this vindex' },
  SG403: { code: 'INVALID_ARGUMENT', summary: 'invalid keyspace id for reverse mapping' },
  SG404: { code: 'FAILED_PRECONDITION', summary: 'vindex needs a lookup query to map values' },
  SG405: { code: 'FAILED_PRECONDITION', summary: 'unique lookup vindex found several rows for one value' },
  SG500: { code: 'INVALID_ARGUMENT', summary: 'invalid query request' },
  SG501: { code: 'UNIMPLEMENTED', summary: 'query shape not supported on a sharded keyspace' },
  SG502: { code: 'RESOURCE_EXHAUSTED', summary: 'scatter offset plus limit exceeds the row limit' },
  SG503: { code: 'FAILED_PRECONDITION', summary: 'unsharded keyspace does not have exactly one shard' },
  SG504: { code: 'FAILED_PRECONDITION', summary: 'lookup vindex query cannot be planned' },
  SG505: { code: 'RESOURCE_EXHAUSTED', summary: 'count distinct across shards needs more distinct values than the row limit' },
  SG510: { code: 'INVALID_ARGUMENT', summary: 'invalid write request' },
  SG511: { code: 'INVALID_ARGUMENT', summary: 'inserted row lacks a value for its sharding column and no sequence supplies it' },
  SG512: { code: 'INVALID_ARGUMENT', summary: 'update would change a primary vindex column' },
  SG513: { code: 'FAILED_PRECONDITION', summary: 'write would scatter to every shard and limits.allowScatterWrites is false' },
  SG514: { code: 'UNIMPLEMENTED', summary: 'write shape not supported on this table' },
  SG515: { code: 'INVALID_ARGUMENT', summary: 'vindex column value maps to no shard' },
  SG600: { code: 'RESOURCE_EXHAUSTED', summary: 'connection pool queue is full' },
  SG601: { code: 'RESOURCE_EXHAUSTED', summary: 'timed out waiting for a pooled connection' },
  SG602: { code: 'RESOURCE_EXHAUSTED', summary: 'result has more rows than the row limit' },
  SG603: { code: 'DEADLINE_EXCEEDED', summary: 'statement exceeded its deadline or was killed' },
  SG604: { code: 'UNAVAILABLE', summary: 'tablet unreachable or connection lost' },
  SG605: { code: 'INVALID_ARGUMENT', summary: 'MySQL rejected the statement' },
  SG606: { code: 'NOT_FOUND', summary: 'MySQL object not found' },
  SG607: { code: 'FAILED_PRECONDITION', summary: 'MySQL refused the statement in the current state' },
  SG608: { code: 'RESOURCE_EXHAUSTED', summary: 'MySQL server out of resources' },
  SG609: { code: 'INTERNAL', summary: 'unexpected MySQL error' },
  SG610: { code: 'INVALID_ARGUMENT', summary: 'bind variable missing or of the wrong shape' },
  SG611: { code: 'INVALID_ARGUMENT', summary: 'bind value cannot be encoded as a SQL literal' },
  SG612: { code: 'DEADLINE_EXCEEDED', summary: 'statement cancelled by the caller' },
  SG613: { code: 'UNAVAILABLE', summary: 'shard executor is closed' },
  SG700: { code: 'UNAVAILABLE', summary: 'query failed on one or more shards: tablet unavailable' },
  SG701: { code: 'DEADLINE_EXCEEDED', summary: 'query failed on one or more shards: timed out or cancelled' },
  SG702: { code: 'RESOURCE_EXHAUSTED', summary: 'query failed on one or more shards: resource limit reached' },
  SG703: { code: 'FAILED_PRECONDITION', summary: 'query failed on one or more shards: precondition failed' },
  SG704: { code: 'INVALID_ARGUMENT', summary: 'query failed on one or more shards: statement rejected' },
  SG705: { code: 'NOT_FOUND', summary: 'query failed on one or more shards: object not found' },
  SG706: { code: 'UNIMPLEMENTED', summary: 'query failed on one or more shards: not supported' },
  SG707: { code: 'INTERNAL', summary: 'query failed on one or more shards: internal error' },
  SG708: { code: 'DEADLINE_EXCEEDED', summary: 'execution cancelled or out of time before a step started' },
  SG709: { code: 'RESOURCE_EXHAUSTED', summary: 'merged result exceeds the row limit' },
  SG710: { code: 'FAILED_PRECONDITION', summary: 'transaction mode single: the request would write to more than one shard' },
  SG711: { code: 'UNAVAILABLE', summary: 'transaction commit failed; some shards may have committed' },
  SG712: { code: 'FAILED_PRECONDITION', summary: 'transaction is already committed or rolled back' },
  SG713: { code: 'FAILED_PRECONDITION', summary: 'sequence table cannot supply ids' },
  SG714: { code: 'FAILED_PRECONDITION', summary: 'write failed; the transaction was rolled back' },
  SG800: { code: 'FAILED_PRECONDITION', summary: 'MariaDB/MySQL server program not found' },
  SG801: { code: 'UNAVAILABLE', summary: 'tablet did not start or does not answer' },
  SG802: { code: 'FAILED_PRECONDITION', summary: 'tablet port is taken by another process' },
  SG803: { code: 'FAILED_PRECONDITION', summary: 'cluster directory is in use by another shardgate up' },
  SG804: { code: 'NOT_FOUND', summary: 'no cluster in the directory' },
  SG805: { code: 'INVALID_ARGUMENT', summary: 'invalid cluster state file' },
  SG806: { code: 'FAILED_PRECONDITION', summary: 'cluster directory holds a different cluster' },
  SG807: { code: 'FAILED_PRECONDITION', summary: 'tablet data directory could not be created' },
  SG808: { code: 'UNAVAILABLE', summary: 'cannot reach the database server' },
  SG809: { code: 'FAILED_PRECONDITION', summary: 'statement failed on a tablet' },
  SG810: { code: 'FAILED_PRECONDITION', summary: 'replication is not running on a replica' },
  SG811: { code: 'DEADLINE_EXCEEDED', summary: 'replica did not catch up with its primary in time' },
  SG812: { code: 'FAILED_PRECONDITION', summary: 'seeded demo data is incomplete or was changed' },
  SG813: { code: 'INVALID_ARGUMENT', summary: 'invalid cluster option' },
  SG814: { code: 'FAILED_PRECONDITION', summary: 'tablet process could not be stopped' },
  SG850: { code: 'FAILED_PRECONDITION', summary: 'shards of a keyspace disagree on the schema (schema drift)' },
  SG851: { code: 'UNIMPLEMENTED', summary: 'column type not supported' },
  SG852: { code: 'FAILED_PRECONDITION', summary: 'unexpected information_schema content' },
  SG900: { code: 'INVALID_ARGUMENT', summary: 'invalid command-line value' },
  SG1000: { code: 'INVALID_ARGUMENT', summary: 'value does not fit the column type' },
  SG1001: { code: 'INVALID_ARGUMENT', summary: 'invalid where filter' },
  SG1002: { code: 'INVALID_ARGUMENT', summary: 'invalid order_by' },
  SG1003: { code: 'INVALID_ARGUMENT', summary: 'invalid or stale connection cursor' },
  SG1004: { code: 'RESOURCE_EXHAUSTED', summary: 'requested rows exceed the row limit' },
  SG1005: { code: 'INVALID_ARGUMENT', summary: 'invalid limit, offset or first' },
  SG1006: { code: 'INVALID_ARGUMENT', summary: 'invalid primary key arguments' },
  SG1007: { code: 'FAILED_PRECONDITION', summary: 'table has no primary key' },
  SG1008: { code: 'INVALID_ARGUMENT', summary: 'invalid aggregate request' },
  SG1009: { code: 'UNIMPLEMENTED', summary: 'count distinct of whole rows is not supported (no columns, no primary key)' },
  SG1020: { code: 'INVALID_ARGUMENT', summary: 'invalid relationships in the configuration' },
  SG1040: { code: 'INVALID_ARGUMENT', summary: 'invalid Relay global object id' },
  SG1041: { code: 'INVALID_ARGUMENT', summary: 'invalid Apollo Federation entity representation' },
  SG1050: { code: 'INVALID_ARGUMENT', summary: 'invalid mutation input' },
  SG1051: { code: 'INVALID_ARGUMENT', summary: 'mutation leaves a required column without a value' },
  SG1052: { code: 'INVALID_ARGUMENT', summary: 'on_conflict names no PRIMARY or UNIQUE key of the table' },
  SG1053: { code: 'INVALID_ARGUMENT', summary: 'upsert object lacks a column of the on_conflict key' },
  SG1054: { code: 'INVALID_ARGUMENT', summary: 'update changes nothing or names a column twice' },
  SG1055: { code: 'INVALID_ARGUMENT', summary: 'duplicate value of a PRIMARY or UNIQUE key' },
  SG1056: { code: 'INVALID_ARGUMENT', summary: 'foreign key constraint violated' },
  SG1057: { code: 'INVALID_ARGUMENT', summary: 'MySQL refused a value for its column' },
  SG1058: { code: 'FAILED_PRECONDITION', summary: 'an earlier mutation of the request failed: its transaction was rolled back' },
  SG1059: { code: 'INVALID_ARGUMENT', summary: 'invalid transaction mode header' },
  SG1060: { code: 'UNIMPLEMENTED', summary: 'returning cannot find the inserted rows again' },
  SG1100: { code: 'INVALID_ARGUMENT', summary: 'GraphQL syntax error' },
  SG1101: { code: 'INVALID_ARGUMENT', summary: 'GraphQL operation is not valid against the schema' },
  SG1102: { code: 'INVALID_ARGUMENT', summary: 'operation has more tokens than limits.maxTokens' },
  SG1103: { code: 'INVALID_ARGUMENT', summary: 'operation nests deeper than limits.maxDepth' },
  SG1104: { code: 'INVALID_ARGUMENT', summary: 'operation has more aliases than limits.maxAliases' },
  SG1105: { code: 'FAILED_PRECONDITION', summary: 'introspection is disabled by the configuration' },
  SG1106: { code: 'INVALID_ARGUMENT', summary: 'invalid operation name or variables' },
  SG1107: { code: 'INVALID_ARGUMENT', summary: 'invalid GraphQL-over-HTTP request' },
  SG1108: { code: 'INTERNAL', summary: 'internal server error' },
  SG1110: { code: 'FAILED_PRECONDITION', summary: 'cannot listen on the configured address' },
  SG1111: { code: 'INVALID_ARGUMENT', summary: 'input value rejected by a GraphQL scalar or argument' },
} as const satisfies Record<string, CatalogueEntry>;

/** A stable error id from {@link ERRORS}. */
export type ErrorId = keyof typeof ERRORS;
