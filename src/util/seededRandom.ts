// A seeded pseudo-random number generator for deterministic test data, generated queries and
// demo seeds. Not for anything security-related. Owns no distributions beyond [0, 1).

/**
 * Returns a generator of numbers in [0, 1), the same sequence for the same seed on every
 * platform: the public-domain mulberry32 algorithm (Tommy Ettinger). The seed is taken
 * modulo 2^32.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
