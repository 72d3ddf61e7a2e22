// Runs every section of testdata/vindex-vectors.json, Vitess's own vindex test data
// (Apache-2.0), copied unchanged from shared/vitess/vindex-vectors.json. Its "source" field
// cites the Vitess tests each row comes from (hash_test.go TestHashMap, xxhash_test.go
// TestXXHashMap/TestXXHashVerify, binary_test.go, binarymd5_test.go, numeric_test.go,
// reverse_bits_test.go, null_test.go, numeric_static_map_test.go, unicodeloosemd5_test.go,
// unicodeloosexxhash_test.go). A section with no consumer below fails the run.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSqlType } from '../../../util/sqlValue.js';
import { createVindex } from '../registry.js';
import { hex, show, v } from './fixtures.js';

interface VectorRow {
  readonly input: string;
  readonly sqlType: string;
  readonly ksid: string | null;
  readonly test: string;
  readonly params?: Record<string, string>;
}

const file = JSON.parse(readFileSync(new URL('../testdata/vindex-vectors.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const sections = Object.keys(file).filter((k) => k !== 'source' && k !== 'license');

/** Vector sections and the vindex type that consumes each (the section name is the type). */
const CONSUMED = new Set([
  'hash',
  'xxhash',
  'binary',
  'binary_md5',
  'numeric',
  'reverse_bits',
  'null',
  'unicode_loose_md5',
  'unicode_loose_xxhash',
  'numeric_static_map',
]);

describe('vindex-vectors.json', () => {
  it('has a consumer for every section', () => {
    expect(sections.filter((s) => !CONSUMED.has(s))).toEqual([]);
    expect(sections.length).toBe(CONSUMED.size);
  });

  for (const section of sections) {
    const rows = file[section] as VectorRow[];
    describe(section, () => {
      it.each(rows.map((row, i) => [i, row.test, row.sqlType, row.input, row] as const))('row %i (%s) %s %j', (_i, _test, sqlType, input, row) => {
        expect(isSqlType(sqlType)).toBe(true);
        const vindex = createVindex(section, `${section}_vdx`, row.params ?? {});
        expect(vindex.kind).toBe('singleColumn');
        if (vindex.kind !== 'singleColumn') return;
        const value = v(input, sqlType as Parameters<typeof v>[1]);
        const [dest] = vindex.map([value]);
        expect(show(dest!)).toBe(row.ksid === null ? 'none' : `ksid:${row.ksid}`);
        if (row.ksid !== null && row.test.endsWith('Verify')) {
          expect(vindex.verify([value], [hex(row.ksid)])).toEqual([true]);
        }
      });
    });
  }
});
