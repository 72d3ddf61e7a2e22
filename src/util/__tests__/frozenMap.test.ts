// freezeMap: order kept, reads work, every mutation throws.

import { describe, expect, it } from 'vitest';
import { freezeMap } from '../frozenMap.js';

describe('freezeMap', () => {
  it('keeps entries in order and refuses changes', () => {
    const map = freezeMap([
      ['b', 1],
      ['a', 2],
      ['b', 3],
    ]);
    expect([...map]).toEqual([
      ['b', 3],
      ['a', 2],
    ]);
    expect(map.get('a')).toBe(2);
    expect(map.size).toBe(2);
    expect(Object.isFrozen(map)).toBe(true);
    const writable = map as Map<string, number>;
    expect(() => writable.set('c', 4)).toThrow(TypeError);
    expect(() => writable.delete('a')).toThrow(TypeError);
    expect(() => writable.clear()).toThrow(TypeError);
    expect([...map.keys()]).toEqual(['b', 'a']);
  });

  it('is empty for no entries', () => {
    expect(freezeMap([]).size).toBe(0);
  });
});
