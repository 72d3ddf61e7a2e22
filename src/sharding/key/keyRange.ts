// Key ranges: half-open intervals [start, end) of keyspace ids, as Vitess shard names spell
// them (`-80`, `80-c0`). Mirrors vitess go/vt/key/key.go. Pure functions, no I/O.

/**
 * A half-open interval [start, end) of keyspace ids. An empty `start` is the minimum, an
 * empty `end` the maximum; `{start: empty, end: empty}` is the complete range.
 */
export interface KeyRange {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}
