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

  // Known gap (issue #3): the registry's lookup types require `table`, `from` and `to`, but Vitess
  // (lookup_internal.go lookupInternal.Init) does not, and its planner tests build this file with
  // six parameterless lookup_unique vindexes (cola_kid_map, email_user_map, ...). Once the registry
  // accepts them, this fails: make it a plain `it`.
  it.fails('reports exactly the planner-test-only types of planbuilder/schema.json', () => {
    const srv = load('planbuilder/schema.json') as { keyspaces: Record<string, unknown>; routing_rules: unknown };
    const result = buildVSchema({ keyspaces: srv.keyspaces, routingRules: srv.routing_rules }, options);
    expect(result.problems.map((p) => p.path)).toEqual([
      '$.keyspaces.user.vindexes.costly_map.type',
      '$.keyspaces.second_user.vindexes.hash_dup.type',
      '$.keyspaces.sharded_fk_allow.vindexes.hash_vin.type',
    ]);
    expect(result.model.keyspaces.get('user')!.tables.get('multicol_tbl')!.columnVindexes[0]!.vindex.info.kind).toBe('multiColumn');
  });
});
