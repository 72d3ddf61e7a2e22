// Integration of the VSchema builder with the real vindex registry (src/sharding/vindexes),
// which src/vschema may not import: every Vitess fixture of src/vschema/testdata/vitess/
// (copied from vitessio/vitess at b3666b2d0e, Apache-2.0) is accepted as Vitess accepts it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeVindexType } from '../src/sharding/vindexes/registry.js';
import { buildVSchema } from '../src/vschema/buildVSchema.js';
import { checkVSchemaFiles, type VSchemaFile } from '../src/vschema/vschemaInputFromFiles.js';

const dir = new URL('../src/vschema/testdata/vitess/', import.meta.url);
const load = (file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
const file = (path: string, keyspace: string): VSchemaFile => ({ path, keyspace, json: load(path) });
const options = { describeVindexType };

/** The uks keyspace of go/test/endtoend/vtgate/queries/dml/main_test.go (uVSchema). */
const dmlUks = { tables: { u_tbl: {}, user_seq: { type: 'sequence' }, auto_seq: { type: 'sequence' }, mixed_seq: { type: 'sequence' } } };

describe('VSchema fixtures with the real vindex registry', () => {
  it.each([
    ['e2e-gen4', [file('e2e-gen4/sharded_vschema.json', 'ks')]],
    ['e2e-lookup_queries', [file('e2e-lookup_queries/vschema.json', 'ks')]],
    ['tutorial', [file('vschema_commerce_initial.json', 'commerce')]],
    ['tutorial sharded', [file('vschema_customer_sharded.json', 'customer'), file('vschema_commerce_seq.json', 'commerce')]],
    ['e2e-reference', [file('e2e-reference/svschema.json', 'sks'), file('e2e-reference/uvschema.json', 'uks')]],
    ['e2e-dml', [file('e2e-dml/vschema.json', 'sks'), { path: 'main_test.go#uVSchema', keyspace: 'uks', json: dmlUks }]],
  ])('accepts %s', (_name, files) => {
    const result = checkVSchemaFiles(files, options);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  // Vitess builds this file (its planner tests load it) with five parameterless lookup_unique
  // vindexes: lookupInternal.Init (lookup_internal.go) requires none of table, from, to. They
  // are warnings here, and the planner fails only a query that needs one (SG504). The two
  // `cost` params are unknown to lookup_unique: Vitess ApplyVSchema warns about them too.
  // Problems: exactly the two types the fixture README says a checker rejects by name,
  // hash_test (Vitess planbuilder/plan_test_vindex.go) and lookup_cost.
  it('reports exactly the planner-test-only types of planbuilder/schema.json, and warns about the rest', () => {
    const srv = load('planbuilder/schema.json') as { keyspaces: Record<string, unknown>; routing_rules: unknown };
    const result = buildVSchema({ keyspaces: srv.keyspaces, routingRules: srv.routing_rules }, options);
    expect(result.problems).toEqual([
      { path: '$.keyspaces.user.vindexes.costly_map.type', message: 'vindexType "lookup_cost" not found' },
      { path: '$.keyspaces.second_user.vindexes.hash_dup.type', message: 'vindexType "hash_test" not found' },
      { path: '$.keyspaces.sharded_fk_allow.vindexes.hash_vin.type', message: 'vindexType "hash_test" not found' },
    ]);
    const noQueryParams = ['cola_kid_map', 'email_user_map', 'address_user_map', 'vindex2', 'colc_map'].flatMap((v) =>
      ['table', 'from', 'to'].map((param) => ({
        path: `$.keyspaces.user.vindexes.${v}.params.${param}`,
        message: `lookup vindex ${v} has no ${param} param: it cannot route queries`,
      })),
    );
    expect(result.warnings).toEqual([
      ...noQueryParams,
      { path: '$.keyspaces.user.vindexes.unq_lkp_bf_vdx.params.cost', message: 'unknown parameter in vindex unq_lkp_bf_vdx: cost' },
      { path: '$.keyspaces.user.vindexes.unq_lkp_vdx.params.cost', message: 'unknown parameter in vindex unq_lkp_vdx: cost' },
    ]);
    const user = result.model.keyspaces.get('user')!;
    const multicolTbl = user.tables.get('multicol_tbl')!;
    expect(multicolTbl.columnVindexes.map((cv) => [cv.name, cv.vindex.info.kind])).toEqual([
      ['multicolIdx', 'multiColumn'],
      ['colc_map', 'lookup'],
      ['name_muticoltbl_map', 'lookup'],
    ]);
    // Only user.user (costly_map) and the tables of the hash_test vindexes are left out.
    expect(user.tables.has('user')).toBe(false);
    expect(user.tables.has('overlap_vindex')).toBe(true);
  });

  it('passes multicol params on to its column vindexes without unknown-param warnings (Vitess MultiCol is not ParamValidating)', () => {
    const keyspaces = {
      ks: {
        sharded: true,
        vindexes: { mc: { type: 'multicol', params: { column_count: '2', column_vindex: 'numeric_static_map,hash', json: '{"1":2}', whatever: 'x' } } },
        tables: { t: { column_vindexes: [{ columns: ['a', 'b'], name: 'mc' }] } },
      },
    };
    for (const strict of [false, true]) {
      const result = buildVSchema({ keyspaces }, { ...options, strict });
      expect([result.problems, result.warnings]).toEqual([[], []]);
    }
  });
});
