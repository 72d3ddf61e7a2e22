// The demo dataset: products, customers and orders generated from fixed seeds, so every run
// (and every machine) produces the same rows: the seeder can tell complete data from partial
// data by counting, and tests can recompute where each row belongs. Owns values only: routing
// rows to shards and writing them is seedDemoData's job.

import { createSeededRandom } from '../util/seededRandom.js';

/** Rows at scale 1: the issue asks for at least 10,000 customers and 100,000 orders. */
export const DEMO_BASE_SIZES = Object.freeze({ products: 200, customers: 10_000, orders: 100_000 });

/** How many rows of each table a scale gives. */
export interface DemoSizes {
  readonly products: number;
  readonly customers: number;
  readonly orders: number;
}

/** `product (sku, description, price)`; price is DECIMAL text. */
export type ProductRow = readonly [sku: string, description: string, price: string];
/** `customer (customer_id, email, name, created_at)`. */
export type CustomerRow = readonly [customerId: number, email: string, name: string, createdAt: string];
/** `corder (order_id, customer_id, sku, price, status, created_at)`. */
export type OrderRow = readonly [orderId: number, customerId: number, sku: string, price: string, status: string, createdAt: string];

/** The generated dataset. Ids run 1..n in each table (values below 2^53, so `number`). */
export interface DemoData {
  readonly sizes: DemoSizes;
  readonly products: readonly ProductRow[];
  readonly customers: readonly CustomerRow[];
  readonly orders: readonly OrderRow[];
}

/**
 * The row counts for `scale`: customers and orders scale linearly (at least 1 each), products
 * stay 200. Contract: throws a RangeError for a scale that is not a positive finite number.
 */
export function demoSizes(scale: number): DemoSizes {
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  return {
    products: DEMO_BASE_SIZES.products,
    customers: Math.max(1, Math.round(DEMO_BASE_SIZES.customers * scale)),
    orders: Math.max(1, Math.round(DEMO_BASE_SIZES.orders * scale)),
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const FIRST_NAMES = [
  'Alice', 'Bob', 'Charlie', 'Dan', 'Eve', 'Fatima', 'George', 'Hana', 'Ivan', 'Julia', 'Kenji', 'Laura', 'Mateo', 'Nora',
  'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tara', 'Umar', 'Valentina', 'Wei', 'Ximena', 'Yusuf', 'Zoe', 'Amara', 'Bruno',
  'Chen', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ingrid', 'Jonas', 'Kwame', 'Lina', 'Marco', 'Nadia',
] as const;
const LAST_NAMES = [
  'Smith', 'Garcia', 'Müller', 'Rossi', 'Kowalski', 'Nguyen', 'Okafor', 'Silva', 'Tanaka', 'Johansson', 'Dubois', 'Novak',
  'Kim', 'Patel', 'Cohen', 'Ahmed', 'Jensen', 'Murphy', 'Lopez', 'Ivanova', 'Schmidt', 'Costa', 'Yilmaz', 'Andersen',
  "O'Brien", 'Haddad', 'Fischer', 'Moreau', 'Santos', 'Lindqvist',
] as const;
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'shop.example.org'] as const;
const ADJECTIVES = ['Compact', 'Ergonomic', 'Wireless', 'Portable', 'Heavy-Duty', 'Smart', 'Classic', 'Professional', 'Eco', 'Ultra-Slim'] as const;
/** Product kinds with a base price in cents. */
const PRODUCT_KINDS: readonly (readonly [string, number])[] = [
  ['Monitor', 10_000], ['Keyboard', 3_000], ['Mouse', 1_500], ['Headphones', 6_000], ['Webcam', 4_500], ['Desk Lamp', 2_500],
  ['USB-C Hub', 3_500], ['Laptop Stand', 4_000], ['Office Chair', 18_000], ['Standing Desk', 35_000], ['Microphone', 8_000],
  ['Speaker', 5_500], ['External SSD', 9_000], ['Router', 12_000], ['Backpack', 6_500], ['Notebook', 800], ['Pen Set', 1_200],
  ['Water Bottle', 1_800], ['Charger', 2_200], ['Cable Organizer', 900],
];
/** Order statuses with cumulative weights (most orders are old and delivered). */
const STATUSES: readonly (readonly [string, number])[] = [
  ['delivered', 0.7], ['shipped', 0.8], ['paid', 0.88], ['pending', 0.95], ['cancelled', 1],
];

const FIRST_SIGNUP = Date.UTC(2019, 0, 1) / 1000;
const LAST_SIGNUP = Date.UTC(2024, 5, 30) / 1000;
const LAST_ORDER = Date.UTC(2024, 11, 31, 23, 59, 59) / 1000;

/** Formats seconds since the epoch as a MySQL DATETIME in UTC: `2021-03-04 05:06:07`. */
function datetime(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Formats cents as DECIMAL(10,2) text: 12345 → `123.45`. */
function decimal(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function generateProducts(count: number): ProductRow[] {
  const random = createSeededRandom(1);
  // The first two are the products of Vitess examples/common/insert_commerce_data.sql.
  const vitessProducts: ProductRow[] = [
    ['SKU-1001', 'Monitor', '100.00'],
    ['SKU-1002', 'Keyboard', '30.00'],
  ];
  const products = vitessProducts.slice(0, count);
  for (let i = products.length; i < count; i++) {
    const [kind, base] = pick(random, PRODUCT_KINDS);
    // Between 60% and 180% of the kind's base price, ending in .99 or .49.
    const cents = Math.max(99, Math.round((base * (0.6 + random() * 1.2)) / 50) * 50 - 1);
    products.push([`SKU-${1001 + i}`, `${pick(random, ADJECTIVES)} ${kind}`, decimal(cents)]);
  }
  return products;
}

function generateCustomers(count: number): CustomerRow[] {
  const random = createSeededRandom(2);
  const customers: CustomerRow[] = [];
  for (let id = 1; id <= count; id++) {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const createdAt = FIRST_SIGNUP + random() * (LAST_SIGNUP - FIRST_SIGNUP);
    customers.push([id, `${local}${id}@${pick(random, EMAIL_DOMAINS)}`, `${first} ${last}`, datetime(createdAt)]);
  }
  return customers;
}

function generateOrders(count: number, customers: readonly CustomerRow[], products: readonly ProductRow[]): OrderRow[] {
  const random = createSeededRandom(3);
  const orders: OrderRow[] = [];
  for (let id = 1; id <= count; id++) {
    // Skewed picks: a few customers order a lot and a few products sell most, as in real shops.
    const customer = customers[Math.floor(random() ** 1.5 * customers.length)]!;
    const [sku, , unitPrice] = products[Math.floor(random() ** 2 * products.length)]!;
    const quantity = 1 + Math.floor(random() ** 3 * 4);
    const discount = random() < 0.15 ? 0.9 : 1;
    const cents = Math.round(Math.round(Number(unitPrice) * 100) * quantity * discount);
    const roll = random();
    const status = STATUSES.find(([, upTo]) => roll < upTo)?.[0] ?? 'delivered';
    const signedUp = Date.parse(`${customer[3].replace(' ', 'T')}Z`) / 1000;
    orders.push([id, customer[0], sku, decimal(cents), status, datetime(signedUp + random() * (LAST_ORDER - signedUp))]);
  }
  return orders;
}

/**
 * The public order number of order `orderId`: `ORD-` and the id zero-padded to 8 digits
 * (`ORD-00000042`), so numbers sort as their ids do (the seeder counts them by range). Kept
 * out of OrderRow so the row keeps the columns the benchmarks' own schemas have.
 */
export function demoOrderNumber(orderId: number): string {
  return `ORD-${String(orderId).padStart(8, '0')}`;
}

/**
 * Generates the demo dataset for `scale` (1 = 200 products, 10,000 customers, 100,000 orders).
 * Contract: deterministic (the same scale gives the same rows, byte for byte); customer ids
 * 1..customers, order ids 1..orders, product skus `SKU-1001`…; every order names an existing
 * customer and product and is placed after its customer signed up; prices are DECIMAL(10,2)
 * text and times DATETIME text in UTC. Each table has its own random stream, so changing the
 * order count leaves customers and products unchanged. Throws a RangeError for a bad scale.
 */
export function generateDemoData(scale: number): DemoData {
  const sizes = demoSizes(scale);
  const products = generateProducts(sizes.products);
  const customers = generateCustomers(sizes.customers);
  return { sizes, products, customers, orders: generateOrders(sizes.orders, customers, products) };
}
