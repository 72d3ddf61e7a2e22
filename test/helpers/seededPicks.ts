// Seeded random choices for tests that generate data and queries (differential tests): the
// same seed gives the same choices on every run and machine. Owns no distributions beyond
// these; the generator itself is src/util/seededRandom.ts.

import { createSeededRandom } from '../../src/util/seededRandom.js';

/** Random choices drawn from one seeded stream, in call order. */
export interface SeededPicks {
  /** A number in [0, 1). */
  random(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `n` distinct positions of `items` (all of them when `n` is larger), in random order. */
  pickSome<T>(items: readonly T[], n: number): T[];
}

/** Creates the choices of `seed` (mulberry32, so the same on every platform). */
export function seededPicks(seed: number): SeededPicks {
  const random = createSeededRandom(seed);
  return {
    random,
    chance: (p) => random() < p,
    int: (lo, hi) => lo + Math.floor(random() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(random() * items.length)]!,
    pickSome: (items, n) => {
      const pool = [...items];
      const out: (typeof items)[number][] = [];
      while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
      return out;
    },
  };
}
