// The one catalogue of shardgate's expected errors: each entry has a stable id (never reused,
// never renamed), a code, and a one-line summary. Code matches on ids and codes, never on text.

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
 * Areas: 1xx config, 2xx vschema, 3xx key ranges and topology, 4xx vindexes, 5xx planner, 9xx cli.
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
  SG900: { code: 'INVALID_ARGUMENT', summary: 'invalid command-line value' },
} as const satisfies Record<string, CatalogueEntry>;

/** A stable error id from {@link ERRORS}. */
export type ErrorId = keyof typeof ERRORS;
