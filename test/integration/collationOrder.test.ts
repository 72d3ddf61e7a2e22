// Proof on the shared MariaDB (test/helpers/mariadb.ts) that text merges across shards in the
// server's own order: for every collation the server has, values that differ by trailing spaces,
// tabs, control characters, no-break and zero-width spaces, expansions (ß, ä) and CJK are sorted
// by the weight strings the planner selects (mergeWeight, from the collation facts introspection
// reads) compared as the engine compares them (compareWeightStrings), and every pair must compare
// as the server's ORDER BY ranks it. Databases get a unique prefix and are dropped.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectKeyspace } from '../../src/introspect/introspectKeyspace.js';
import type { ColumnInfo } from '../../src/introspect/schemaInfo.js';
import { createShardExecutor, type MysqlShardExecutor } from '../../src/pools/createShardExecutor.js';
import { compareWeightStrings } from '../../src/sharding/plan/compareRows.js';
import { mergeWeight } from '../../src/sharding/planner/mergeWeight.js';
import { sqlValueToString } from '../../src/util/sqlValue.js';
import { adminQuery, buildTestTopology, createTestDatabases, runInDatabase, type TestDatabases } from '../helpers/mariadb.js';

const VALUES = [
  '', ' ', '  ', '\t', 'a', 'a ', 'a  ', 'a\t', 'a\t ', 'a \t', 'a\u00a0', 'a\u00a0\t', 'a\u200b', 'a\u200b ', 'A', 'ab', 'a b',
  'a\u0001', 'a\u001f', 'a!', 'ä', 'ae', 'ä ', 'ß', 'ss', 'ss ', 'ß\t', 'a~', 'b', 'B ', 'z', 'Ø', 'ö', 'oe', 'ch', 'c', 'd', 'h',
  'cz', '\u0e01', '\u0e40\u0e01', '\u0e2f', '😀', '😀 ', 'ſ', '\ufdfa', 'x', '中', '中 ', '日本', '\uff71', '한', 'Ω', 'ω ',
];

/**
 * Collations whose weight strings disagree with their own comparisons in MariaDB 10.11, padded
 * or not: in cp1250_czech_cs and latin7_* trailing spaces weigh otherwise than the padding; in
 * big5_chinese_ci `'Ω'` sorts before `'ω'` but both weigh A140; in the uca1400 NO PAD ai_cs
 * collations `'ä'` keeps a tertiary weight (`2075 0002 0002`) that comparing ignores (`'a'` is
 * `2075 0002`). Text in these may merge in another order than one server returns (planner
 * README, known gaps).
 */
function isInexact(collation: string): boolean {
  return ['cp1250_czech_cs', 'latin7_estonian_cs', 'latin7_general_ci', 'latin7_general_cs', 'big5_chinese_ci'].includes(collation) || /_uca1400_(\w+_)?nopad_ai_cs$/.test(collation);
}

let dbs: TestDatabases;
let executor: MysqlShardExecutor;
/** Every collation column, with the table holding it. */
const columns: { table: string; column: ColumnInfo }[] = [];

beforeAll(async () => {
  dbs = await createTestDatabases(['c']);
  // MariaDB 10.10+: the charset-independent collations (uca1400_*) have a full name per charset here.
  const collations = await adminQuery<{ name: string; charset: string }>(
    "SELECT full_collation_name AS name, character_set_name AS charset FROM information_schema.collation_character_set_applicability WHERE character_set_name <> 'binary' ORDER BY 1",
  );
  const byCharset = new Map<string, string[]>();
  for (const { name, charset } of collations) byCharset.set(charset, [...(byCharset.get(charset) ?? []), name]);
  // Not strict: a character a charset lacks becomes '?' instead of failing the insert.
  const statements: (string | [string, readonly unknown[]])[] = ["SET SESSION sql_mode = ''"];
  for (const [charset, all] of byCharset) {
    // At most 60 columns of up to 80 bytes a table, within InnoDB's 8126-byte row.
    for (let from = 0; from < all.length; from += 60) {
      const names = all.slice(from, from + 60);
      const table = `t_${charset}_${from}`;
      const defs = names.map((n) => `\`c_${n}\` VARCHAR(20) CHARACTER SET ${charset} COLLATE ${n}`);
      statements.push(`CREATE TABLE \`${table}\` (k INT PRIMARY KEY, ${defs.join(', ')})`);
      const row = `(?, ${names.map(() => `CONVERT(? USING ${charset})`).join(', ')})`;
      const values = VALUES.flatMap((v, k) => [k, ...names.map(() => v)]);
      statements.push([`INSERT INTO \`${table}\` VALUES ${VALUES.map(() => row).join(', ')}`, values]);
    }
  }
  await runInDatabase(dbs.names.c!, statements);
  executor = createShardExecutor(buildTestTopology({ ks: { '0': { primary: dbs.urls.c! } } }), {
    pool: { size: 4, queueLimit: 1000, acquireTimeoutMs: 10_000, idleTimeoutMs: 0 },
    limits: { queryTimeoutMs: 20_000, maxRows: 10_000 },
  });
  const { schema } = await introspectKeyspace(executor, 'ks', ['0']);
  for (const table of schema.tables.values()) for (const column of table.columns) if (column.name !== 'k') columns.push({ table: table.name, column });
}, 60_000);

afterAll(async () => {
  await executor?.close();
  await dbs?.drop();
});

/** Per column of `table`, the value pairs the engine would order otherwise than the server, by collation. */
async function misordered(table: string, cols: readonly ColumnInfo[]): Promise<Map<string, string[]>> {
  const weights = cols.map((column) => {
    const weight = mergeWeight(column, `\`${column.name}\``);
    if (weight === undefined) throw new Error(`${column.name}: no weight string for a ${column.type} column`);
    return weight;
  });
  const select = cols.map((c, i) => `${weights[i]!.sql}, dense_rank() over (order by \`${c.name}\`)`);
  const { rows } = await executor.execute({ keyspace: 'ks', shard: '0' }, `select k, ${select.join(', ')} from \`${table}\``, {});
  const found = new Map<string, string[]>();
  cols.forEach((column, i) => {
    const ranked = rows.map((r) => ({ value: VALUES[Number(sqlValueToString(r[0]!))], weight: r[1 + 2 * i]!, rank: Number(sqlValueToString(r[2 + 2 * i]!)) }));
    const bad: string[] = [];
    for (const a of ranked) {
      for (const b of ranked) {
        if (compareWeightStrings(a.weight, b.weight, weights[i]!.padWeight) !== Math.sign(a.rank - b.rank)) bad.push(`${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`);
      }
    }
    found.set(column.collation!, bad);
  });
  return found;
}

describe('text merges in the server order for every collation', () => {
  it('reads facts for every collation: PAD SPACE or NO PAD, a space weight for the single-level PAD SPACE ones', () => {
    expect(columns.length).toBeGreaterThan(1000);
    for (const { column } of columns) expect(column.padSpace, column.collation).toBe(!/_nopad_/.test(column.collation!));
    // Multi-level: the uca1400 collations that are accent or case sensitive, and a few legacy ones.
    const ucaMultiLevel = /_uca1400_(\w+_)?(as_ci|ai_cs|as_cs)$/;
    const padded = columns.filter(({ column }) => column.padSpace === true);
    const multiLevel = padded.filter(({ column }) => column.spaceWeight === undefined).map(({ column }) => column.collation!);
    expect(padded.filter(({ column }) => ucaMultiLevel.test(column.collation!)).every(({ column }) => column.spaceWeight === undefined)).toBe(true);
    expect(multiLevel.filter((name) => !ucaMultiLevel.test(name)).sort()).toEqual([
      'cp1250_czech_cs',
      'latin2_czech_cs',
      'latin7_estonian_cs',
      'latin7_general_ci',
      'latin7_general_cs',
      'ucs2_thai_520_w2',
      'utf16_thai_520_w2',
      'utf32_thai_520_w2',
      'utf8mb3_thai_520_w2',
      'utf8mb4_thai_520_w2',
    ]);
  });

  it('orders every pair of values as ORDER BY does (padded, unpadded or AS CHAR(n) weight strings)', async () => {
    const failures: string[] = [];
    const tables = [...new Set(columns.map((c) => c.table))];
    const results = await Promise.all(tables.map((t) => misordered(t, columns.filter((c) => c.table === t).map((c) => c.column))));
    for (const [collation, bad] of results.flatMap((r) => [...r])) {
      if (bad.length > 0 && !isInexact(collation)) failures.push(`${collation}: ${bad.length} pairs, e.g. ${bad.slice(0, 3).join(', ')}`);
    }
    expect(failures).toEqual([]);
  });
});
