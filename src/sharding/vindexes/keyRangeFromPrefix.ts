// The destination of a keyspace-id prefix (a LIKE prefix for cfc, a leading-columns prefix
// for multicol and region_experimental): every id that starts with it. Mirrors vitess
// go/vt/vtgate/vindexes/cfc.go NewKeyRangeFromPrefix and addOne.

import type { Destination } from '../key/destination.js';

const ALL_SHARDS: Destination = Object.freeze({ kind: 'allShards' });

/**
 * The destination of all keyspace ids starting with `prefix`: the key range
 * [prefix, prefix + 1) where +1 carries over bytes (`037bff` → `037c00`), with an open end when
 * the prefix is all `ff`. An empty prefix gives `allShards`. `prefix` is not modified.
 */
export function keyRangeFromPrefix(prefix: Uint8Array): Destination {
  if (prefix.length === 0) return ALL_SHARDS;
  const end = new Uint8Array(prefix);
  let i = end.length - 1;
  while (i >= 0 && end[i] === 0xff) end[i--] = 0;
  if (i < 0) return { kind: 'keyRange', keyRange: { start: prefix, end: new Uint8Array(0) } };
  end[i] = end[i]! + 1;
  return { kind: 'keyRange', keyRange: { start: prefix, end } };
}
