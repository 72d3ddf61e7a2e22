// Every VSchema of testdata/vitess/ (copied unchanged from vitessio/vitess at b3666b2d0e,
// Apache-2.0, see testdata/vitess/README.md) is accepted exactly as Vitess accepts it, with
// the caveats of that README: planbuilder/schema.json uses the planner-test-only types
// hash_test and lookup_cost; e2e-dml needs keyspace uks (inline in
// go/test/endtoend/vtgate/queries/dml/main_test.go); the tutorial's customer needs commerce.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildVSchema } from '../buildVSchema.js';
import { checkVSchemaFiles, type VSchemaFile } from '../vschemaInputFromFiles.js';
import { describeFakeVindexType } from './fakeVindexTypes.js';

const dir = new URL('../testdata/vitess/', import.meta.url);
const load = (file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
const options = { describeVindexType: describeFakeVindexType };

/** The uks keyspace of go/test/endtoend/vtgate/queries/dml/main_test.go (uVSchema). */
const dmlUks = {
  tables: { u_tbl: {}, user_seq: { type: 'sequence' }, auto_seq: { type: 'sequence' }, mixed_seq: { type: 'sequence' } },
};

const file = (path: string, keyspace?: string): VSchemaFile => ({ path, json: load(path), ...(keyspace === undefined ? {} : { keyspace }) });

describe('Vitess VSchema fixtures', () => {
  it.each([
    ['keyspace files alone', [file('e2e-gen4/sharded_vschema.json')]],
    ['lookup_queries', [file('e2e-lookup_queries/vschema.json')]],
    ['commerce initial', [file('vschema_commerce_initial.json', 'commerce')]],
    ['commerce seq', [file('vschema_commerce_seq.json', 'commerce')]],
    ['tutorial customer + commerce', [file('vschema_customer_sharded.json', 'customer'), file('vschema_commerce_seq.json', 'commerce')]],
    ['reference sks + uks', [file('e2e-reference/svschema.json', 'sks'), file('e2e-reference/uvschema.json', 'uks')]],
    ['dml sks + uks', [file('e2e-dml/vschema.json', 'sks'), { path: 'main_test.go#uVSchema', keyspace: 'uks', json: dmlUks }]],
  ])('accepts %s with no problem and no warning', (_name, files) => {
    const result = checkVSchemaFiles(files, options);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('resolves the tutorial sequences into commerce', () => {
    const { model } = checkVSchemaFiles([file('vschema_customer_sharded.json', 'customer'), file('vschema_commerce_seq.json', 'commerce')], options);
    const customer = model.keyspaces.get('customer')!;
    expect(customer.sharded).toBe(true);
    expect([...customer.tables.values()].map((t) => [t.name, t.autoIncrement])).toEqual([
      ['customer', { column: 'customer_id', sequence: { keyspace: 'commerce', table: 'customer_seq' } }],
      ['corder', { column: 'order_id', sequence: { keyspace: 'commerce', table: 'order_seq' } }],
    ]);
    expect(customer.tables.get('customer')!.columnVindexes.map((cv) => [cv.name, cv.columns, cv.vindex.type, cv.owned])).toEqual([
      ['xxhash', ['customer_id'], 'xxhash', false],
    ]);
    expect([...model.keyspaces.get('commerce')!.tables.values()].map((t) => [t.name, t.type])).toEqual([
      ['customer_seq', 'sequence'],
      ['order_seq', 'sequence'],
      ['product', 'table'],
    ]);
  });

  it('reads camelCase columnVindexes and links the reference table to its source', () => {
    const { model } = checkVSchemaFiles([file('e2e-reference/svschema.json', 'sks'), file('e2e-reference/uvschema.json', 'uks')], options);
    const sks = model.keyspaces.get('sks')!;
    expect(sks.tables.get('delivery_failure')!.columnVindexes.map((cv) => cv.columns)).toEqual([['id']]);
    expect(sks.tables.get('zip_detail')).toMatchObject({ type: 'reference', source: { keyspace: 'uks', table: 'zip_detail' } });
    expect(model.keyspaces.get('uks')!.tables.get('zip_detail')!.referencedBy).toEqual([{ keyspace: 'sks', table: 'zip_detail' }]);
  });

  it('keeps owned lookup vindexes and multi-column vindexes of the e2e files', () => {
    const lookups = checkVSchemaFiles([file('e2e-lookup_queries/vschema.json', 'ks')], options).model.keyspaces.get('ks')!;
    expect(lookups.tables.get('user')!.columnVindexes.map((cv) => [cv.name, cv.columns, cv.owned])).toEqual([
      ['hash_index', ['id'], false],
      ['lookup_vdx', ['lookup', 'id'], true],
      ['lookup_unique_vdx', ['lookup_unique'], true],
    ]);
    const gen4 = checkVSchemaFiles([file('e2e-gen4/sharded_vschema.json', 'ks')], options).model.keyspaces.get('ks')!;
    expect(gen4.tables.get('multicol_tbl')!.columnVindexes[0]!.columns).toEqual(['cola', 'colb', 'colc']);
    expect(gen4.tables.get('t2')!.columns).toEqual([{ name: 'tcol1', type: 'VARCHAR', invisible: false, nullable: true }]);
  });

  it('reports exactly the unresolved uks sequences for e2e-dml alone', () => {
    expect(checkVSchemaFiles([file('e2e-dml/vschema.json', 'sks')], options).problems).toEqual(
      ['user_tbl', 'user_seq', 'auto_tbl', 'auto_seq', 'mixed_tbl', 'mixed_seq'].flatMap((name, i, all) =>
        i % 2 === 0
          ? [{
              path: `sks=e2e-dml/vschema.json:$.tables.${name}.auto_increment.sequence`,
              message: `cannot resolve sequence uks.${all[i + 1]}: VT05003: unknown database 'uks' in vschema`,
            }]
          : [],
      ),
    );
  });

  it('reports exactly the unresolved commerce sequences for customer alone (Vitess TestBadSequence wording)', () => {
    expect(checkVSchemaFiles([file('vschema_customer_sharded.json', 'customer')], options).problems).toEqual([
      {
        path: 'customer=vschema_customer_sharded.json:$.tables.customer.auto_increment.sequence',
        message: 'cannot resolve sequence customer_seq: table customer_seq not found',
      },
      {
        path: 'customer=vschema_customer_sharded.json:$.tables.corder.auto_increment.sequence',
        message: 'cannot resolve sequence order_seq: table order_seq not found',
      },
    ]);
  });

  describe('planbuilder/schema.json (SrvVSchema form)', () => {
    const srv = load('planbuilder/schema.json') as { keyspaces: Record<string, unknown>; routing_rules: unknown };
    const unknownTypes = [
      { path: '$.keyspaces.user.vindexes.costly_map.type', message: 'vindexType "lookup_cost" not found' },
      { path: '$.keyspaces.second_user.vindexes.hash_dup.type', message: 'vindexType "hash_test" not found' },
      { path: '$.keyspaces.sharded_fk_allow.vindexes.hash_vin.type', message: 'vindexType "hash_test" not found' },
    ];

    it('reports exactly the planner-test-only vindex types', () => {
      const result = buildVSchema({ keyspaces: srv.keyspaces, routingRules: srv.routing_rules }, options);
      expect(result.problems).toEqual(unknownTypes);
      // Five lookup_unique vindexes have no params: Vitess lookupInternal.Init accepts that.
      const noQueryParams = ['cola_kid_map', 'email_user_map', 'address_user_map', 'vindex2', 'colc_map'].flatMap((v) =>
        ['table', 'from', 'to'].map((param) => ({
          path: `$.keyspaces.user.vindexes.${v}.params.${param}`,
          message: `lookup vindex ${v} has no ${param} param: it cannot route queries`,
        })),
      );
      // Vitess ApplyVSchema also only warns about these (lookup params have no `cost`).
      expect(result.warnings).toEqual([
        ...noQueryParams,
        { path: '$.keyspaces.user.vindexes.unq_lkp_bf_vdx.params.cost', message: 'unknown parameter in vindex unq_lkp_bf_vdx: cost' },
        { path: '$.keyspaces.user.vindexes.unq_lkp_vdx.params.cost', message: 'unknown parameter in vindex unq_lkp_vdx: cost' },
      ]);
    });

    it('as a `vschema check` file also reports the lookup tables of the missing keyspace targetkeyspace', () => {
      const result = checkVSchemaFiles([file('planbuilder/schema.json')], options);
      const at = (p: string): string => `planbuilder/schema.json:${p}`;
      expect(result.problems).toEqual([
        { path: at(unknownTypes[0]!.path), message: unknownTypes[0]!.message },
        { path: at(unknownTypes[1]!.path), message: unknownTypes[1]!.message },
        ...['lookup_t1', 'lookup_t1_2'].map((v) => ({
          path: at(`$.keyspaces.zlookup_unique.vindexes.${v}.params.table`),
          message: `lookup table targetkeyspace.${v}_backing of vindex ${v} references a non-existent keyspace "targetkeyspace"`,
        })),
        { path: at(unknownTypes[2]!.path), message: unknownTypes[2]!.message },
      ]);
    });

    it('builds the rest: routing rules (disabled, @primary, unresolved kept), references, sequences, pins', () => {
      const { model } = buildVSchema({ keyspaces: srv.keyspaces, routingRules: srv.routing_rules }, options);
      expect([...model.routingRules]).toEqual([
        ['route1', ['user.user']],
        ['route2', ['main.unsharded']],
        ['second_user.user', ['user.user']],
        ['second_user.foo', ['user.user']],
        ['second_user.bar', ['user.music']],
        ['primary_redirect@primary', ['user.user']],
        ['bad_table', ['noks.noks']],
        ['disabled', []],
        ['user.rerouted_ref', ['user.ref']],
      ]);
      const user = model.keyspaces.get('user')!;
      // user.user uses costly_map (lookup_cost, unknown here) and so is left out; the rest stays.
      expect(user.tables.has('user')).toBe(false);
      expect(user.vindexes.has('costly_map')).toBe(false);
      expect(user.tables.get('user_extra')!.autoIncrement).toEqual({ column: 'extra_id', sequence: { keyspace: 'main', table: 'seq' } });
      expect(user.tables.get('pin_test')!.pinned).toEqual(new Uint8Array([0x80]));
      expect(user.tables.get('ref_with_source')!.source).toEqual({ keyspace: 'main', table: 'source_of_ref' });
      expect(user.tables.get('global_ref')!.source).toEqual({ keyspace: 'main', table: 'global_ref' });
      expect(user.tables.get('weird`name')!.columnVindexes[0]!.columns).toEqual(['a`b*c']);
      expect(user.tables.get('samecolvin')!.columns[1]).toEqual({ name: 'secret', invisible: true, nullable: true });
      expect(user.tables.get('user_metadata')!.columnVindexes.map((cv) => cv.owned)).toEqual([false, true, true, false, true]);
      expect(model.keyspaces.get('sharded_fk_allow')!.foreignKeyMode).toBe('managed');
      expect(model.keyspaces.get('main')!.foreignKeyMode).toBe('unmanaged');
      expect(model.keyspaces.get('main')!.tables.get('source_of_ref')!.referencedBy).toEqual([{ keyspace: 'user', table: 'ref_with_source' }]);
    });
  });
});
