// The sanitising rule and the collision rule of graphqlName.ts, table-driven.

import { describe, expect, it } from 'vitest';
import { assignUniqueNames, isValidGraphQLName, nameCandidate, sanitizeGraphQLName } from '../graphqlName.js';

describe('sanitizeGraphQLName', () => {
  it.each<[string, string]>([
    ['customer', 'customer'],
    ['Customer_2', 'Customer_2'],
    ['_private', '_private'],
    ['customer-x', 'customer_x'],
    ['order id', 'order_id'],
    ['2fa', '_2fa'],
    ['2', '_2'],
    ['', '_'],
    ['__v', 'x__v'],
    ['__', 'x__'],
    ['-x', '_x'],
    ['-', '_'],
    ['_-', 'x__'],
    ['prix€', 'prix_'],
    ['日本', 'x__'],
    ['a😀b', 'a_b'],
    ['a.b', 'a_b'],
    ['a$b', 'a_b'],
  ])('%j → %j', (raw, expected) => {
    const name = sanitizeGraphQLName(raw);
    expect(name).toBe(expected);
    expect(isValidGraphQLName(name)).toBe(true);
    expect(sanitizeGraphQLName(name)).toBe(name);
  });

  it('knows valid names', () => {
    expect(['a', '_', '_1', 'A_b9'].every(isValidGraphQLName)).toBe(true);
    expect(['', '1a', 'a-b', '__typename', 'a b'].some(isValidGraphQLName)).toBe(false);
  });
});

describe('assignUniqueNames', () => {
  const assign = (raws: string[], taken: string[] = []): string[] => assignUniqueNames(raws.map(nameCandidate), { taken: new Set(taken) });

  it.each<[string[], string[], string[]]>([
    [['a', 'b'], [], ['a', 'b']],
    [['order id', 'order_id'], [], ['order_id_2', 'order_id']],
    [['order_id', 'order id'], [], ['order_id', 'order_id_2']],
    [['a-b', 'a b', 'a.b'], [], ['a_b', 'a_b_2', 'a_b_3']],
    [['a-b', 'a_b_2', 'a b'], [], ['a_b', 'a_b_2', 'a_b_3']],
    [['_and', 'x'], ['_and', '_or', '_not'], ['_and_2', 'x']],
    [['true', 'false', 'null', 'True'], ['true', 'false', 'null'], ['true_2', 'false_2', 'null_2', 'True']],
    [['a', 'a'], [], ['a', 'a_2']],
    [['x', 'x'], ['x', 'x_2'], ['x_3', 'x_4']],
    [[], [], []],
  ])('%j with %j taken → %j', (raws, taken, expected) => {
    expect(assign(raws, taken)).toEqual(expected);
  });

  it('checks every name a candidate occupies and records them', () => {
    const taken = new Set(['t:b_x']);
    const names = assignUniqueNames([nameCandidate('a'), nameCandidate('b'), nameCandidate('a')], {
      taken,
      occupies: (name) => [`t:${name}`, `t:${name}_x`],
    });
    expect(names).toEqual(['a', 'b_2', 'a_2']);
    expect([...taken].sort()).toEqual(['t:a', 't:a_2', 't:a_2_x', 't:a_x', 't:b_2', 't:b_2_x', 't:b_x']);
  });

  it('is deterministic', () => {
    const raws = ['k-1', 'k_1', 'k 1', '1k', '_1k'];
    expect(assign(raws)).toEqual(assign(raws));
    expect(assign(raws)).toEqual(['k_1_2', 'k_1', 'k_1_3', '_1k_2', '_1k']);
  });
});
