// A Map that refuses changes once built, so the VSchema model cannot be altered by a reader
// that casts away ReadonlyMap. Owns immutability of maps only; objects use Object.freeze.

import { InvariantError } from '../util/invariant.js';

function refuse(): never {
  throw new InvariantError('the VSchema model is frozen');
}

/**
 * Returns a frozen Map of `entries`, in iteration order.
 * Contract: `set`, `delete` and `clear` throw InvariantError (a bug in the caller).
 */
export function frozenMap<K, V>(entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  const map = new Map<K, V>(entries);
  Object.defineProperties(map, { set: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } });
  return Object.freeze(map);
}
