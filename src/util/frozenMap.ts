// Immutable maps: Object.freeze does not stop Map#set, so frozen models (config, topology)
// build their maps here. Owns nothing else.

/**
 * Returns a Map holding `entries` in order whose `set`, `delete` and `clear` throw TypeError,
 * and which is itself frozen. Contract: the values are not frozen (freeze them first); a
 * repeated key keeps its first position and last value, as `new Map(entries)` does.
 */
export function freezeMap<K, V>(entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  const map = new Map<K, V>(entries);
  const refuse = (): never => {
    throw new TypeError('cannot modify a frozen map');
  };
  for (const method of ['set', 'delete', 'clear'] as const) {
    Object.defineProperty(map, method, { value: refuse, enumerable: false });
  }
  return Object.freeze(map);
}
