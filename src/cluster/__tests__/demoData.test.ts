// The demo dataset generator: sizes per scale, determinism, and the relations the schema
// needs (every order names an existing customer and product, placed after its sign-up).
import { describe, expect, it } from 'vitest';
import { DEMO_BASE_SIZES, demoSizes, generateDemoData } from '../demoData.js';

describe('demoSizes', () => {
  it.each([
    [1, { products: 200, customers: 10_000, orders: 100_000 }],
    [0.03, { products: 200, customers: 300, orders: 3_000 }],
    [2, { products: 200, customers: 20_000, orders: 200_000 }],
    [1e-9, { products: 200, customers: 1, orders: 1 }],
  ])('scale %d → %o', (scale, sizes) => {
    expect(demoSizes(scale)).toEqual(sizes);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses scale %d', (scale) => {
    expect(() => demoSizes(scale)).toThrow(RangeError);
  });

  it('meets the issue: at least 10,000 customers and 100,000 orders at scale 1', () => {
    expect(DEMO_BASE_SIZES.customers).toBeGreaterThanOrEqual(10_000);
    expect(DEMO_BASE_SIZES.orders).toBeGreaterThanOrEqual(100_000);
  });
});

describe('generateDemoData', () => {
  const data = generateDemoData(0.05);

  it('is deterministic', () => {
    expect(generateDemoData(0.05)).toEqual(data);
  });

  it('grows by appending: a larger scale starts with the same customers and has the same products', () => {
    const larger = generateDemoData(0.1);
    expect(larger.customers.slice(0, data.customers.length)).toEqual(data.customers);
    expect(larger.products).toEqual(data.products);
  });

  it('numbers rows 1..n and starts with the Vitess example products', () => {
    expect(data.customers.map((c) => c[0])).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(data.orders.map((o) => o[0])).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
    expect(data.products.slice(0, 2)).toEqual([
      ['SKU-1001', 'Monitor', '100.00'],
      ['SKU-1002', 'Keyboard', '30.00'],
    ]);
    expect(new Set(data.products.map((p) => p[0])).size).toBe(200);
    expect(new Set(data.customers.map((c) => c[1])).size).toBe(500);
  });

  it('gives every order an existing customer and product, a DECIMAL price, a known status, and a date after sign-up', () => {
    const signedUp = new Map(data.customers.map((c) => [c[0], c[3]]));
    const skus = new Set(data.products.map((p) => p[0]));
    for (const [, customerId, sku, price, status, createdAt] of data.orders) {
      expect(signedUp.has(customerId)).toBe(true);
      expect(skus.has(sku)).toBe(true);
      expect(price).toMatch(/^[0-9]{1,8}\.[0-9]{2}$/);
      expect(['pending', 'paid', 'shipped', 'delivered', 'cancelled']).toContain(status);
      expect(createdAt >= signedUp.get(customerId)!).toBe(true);
      expect(createdAt).toMatch(/^20(19|2[0-4])-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/);
    }
  });

  it('writes ASCII e-mail addresses on reserved example domains', () => {
    for (const [, email] of data.customers) expect(email).toMatch(/^[a-z]+\.[a-z]+[0-9]+@([a-z]+\.)?example\.(com|org|net)$/);
  });
});
