// Combining `vschema check` files into one cluster: keyspace naming (INTERFACES.md §3),
// SrvVSchema files, merged rule lists, and problem paths pointing into the files.

import { describe, expect, it } from 'vitest';
import { checkVSchemaFiles, keyspaceNameForFile, locateProblems, vschemaInputFromFiles } from '../vschemaInputFromFiles.js';
import { describeFakeVindexType } from './fakeVindexTypes.js';

const options = { describeVindexType: describeFakeVindexType };

describe('keyspaceNameForFile', () => {
  it.each([
    ['schema/customer/vschema.json', 'customer'],
    ['/abs/commerce/vschema.json', 'commerce'],
    ['C:\\schema\\ks\\vschema.json', 'ks'],
    ['./ks/./vschema.json', 'ks'],
    ['vschema.json', ''],
    ['./vschema.json', ''],
    ['a/b/vschema_commerce_seq.json', 'vschema_commerce_seq'],
    ['commerce.json', 'commerce'],
    ['seq.JSON', 'seq.JSON'],
    ['plain', 'plain'],
  ])('%s → %j', (path, want) => {
    expect(keyspaceNameForFile(path)).toBe(want);
  });
});

describe('vschemaInputFromFiles', () => {
  it('combines keyspace files and SrvVSchema files, merging their rule lists in order', () => {
    const combined = vschemaInputFromFiles([
      { path: 'schema/commerce/vschema.json', json: { tables: {} } },
      { path: 'other.json', keyspace: 'named', json: {} },
      { path: 'a.json', json: { keyspaces: { x: {} }, routing_rules: { rules: [{ from_table: 'r1', to_tables: [] }] } } },
      { path: 'b.json', json: { keyspaces: {}, routingRules: { rules: [{ from_table: 'r2', to_tables: [] }] }, shard_routing_rules: { rules: [] } } },
    ]);
    expect(combined.problems).toEqual([]);
    expect(combined.input).toEqual({
      keyspaces: { commerce: { tables: {} }, named: {}, x: {} },
      routingRules: { rules: [{ from_table: 'r1', to_tables: [] }, { from_table: 'r2', to_tables: [] }] },
      shardRoutingRules: { rules: [] },
    });
    expect(
      locateProblems(
        [
          { path: '$.keyspaces.commerce.tables.t', message: 'm1' },
          { path: '$.keyspaces.x.sharded', message: 'm2' },
          { path: '$.routing_rules.rules[1].to_tables', message: 'm3' },
          { path: '$.shard_routing_rules.rules[0]', message: 'm4' },
          { path: '$.keyspaces', message: 'm5' },
        ],
        combined.sources,
      ),
    ).toEqual([
      { path: 'commerce=schema/commerce/vschema.json:$.tables.t', message: 'm1' },
      { path: 'a.json:$.keyspaces.x.sharded', message: 'm2' },
      { path: 'b.json:$.routingRules.rules[0].to_tables', message: 'm3' },
      { path: 'b.json:$.shard_routing_rules.rules[0]', message: 'm4' },
      { path: '$.keyspaces', message: 'm5' },
    ]);
  });

  it('reports layout problems, located in their files', () => {
    const combined = vschemaInputFromFiles([
      { path: 'ks/vschema.json', json: {} },
      { path: 'ks.json', json: {} },
      { path: 'vschema.json', json: {} },
      { path: 'srv.json', keyspace: 'z', json: { keyspaces: { ks: {} }, routing_rules: { rules: [] }, extra: 1 } },
      { path: 'srv2.json', json: { keyspaces: {}, routing_rules: { rules: [], x: 1 } } },
    ]);
    expect(combined.problems).toEqual([
      { path: 'ks=ks.json:$', message: 'keyspace ks is already defined by ks=ks/vschema.json' },
      { path: '=vschema.json:$', message: 'cannot name the keyspace of vschema.json: give KEYSPACE=vschema.json' },
      { path: 'srv.json:$', message: 'srv.json is an SrvVSchema (it has "keyspaces"): drop the z= prefix' },
      { path: 'srv.json:$.keyspaces.ks', message: 'keyspace ks is already defined by ks=ks/vschema.json' },
      { path: 'srv2.json:$.routing_rules', message: 'routing_rules is given by several files, so each must be {"rules": [...]}' },
    ]);
    expect(combined.warnings).toEqual([{ path: 'srv.json:$.extra', message: 'unknown field "extra" (ignored, as Vitess does)' }]);
    expect(Object.keys(combined.input.keyspaces)).toEqual(['ks']);
  });

  it('makes unknown top-level SrvVSchema fields problems when strict', () => {
    const combined = vschemaInputFromFiles([{ path: 'srv.json', json: { keyspaces: {}, extra: 1 } }], { strict: true });
    expect([combined.problems, combined.warnings]).toEqual([
      [{ path: 'srv.json:$.extra', message: 'unknown field "extra" (rejected in strict mode; Vitess ignores it)' }],
      [],
    ]);
  });
});

describe('checkVSchemaFiles', () => {
  it('checks the files as one cluster and locates every problem in its file', () => {
    const result = checkVSchemaFiles(
      [
        { path: 'customer/vschema.json', json: { sharded: true, vindexes: { lk: { type: 'lookup_unique', params: { table: 'nowhere.idx' } } }, tables: { t: {} } } },
        { path: 'cluster.json', json: { keyspaces: { u: { tables: { s: { type: 'sequenc' } } } }, routing_rules: { rules: [{ from_table: 'a', to_tables: ['b'] }] } } },
      ],
      options,
    );
    expect(result.problems).toEqual([
      { path: 'customer=customer/vschema.json:$.tables.t.column_vindexes', message: 'missing primary col vindex for table: t' },
      { path: 'customer=customer/vschema.json:$.vindexes.lk.params.table', message: 'lookup table nowhere.idx of vindex lk references a non-existent keyspace "nowhere"' },
      { path: 'cluster.json:$.keyspaces.u.tables.s.type', message: 'unidentified table type sequenc' },
      {
        path: 'cluster.json:$.routing_rules.rules[0].to_tables[0]',
        message: "invalid table name: 'b', it must be of the qualified form <keyspace_name>.<table_name> (dots are not allowed in either name)",
      },
    ]);
  });

  it('lets the caller turn the lookup-table check off', () => {
    const files = [{ path: 'ks.json', json: { vindexes: { lk: { type: 'lookup_unique', params: { table: 'nowhere.idx' } } } } }];
    expect(checkVSchemaFiles(files, { ...options, resolveAcrossKeyspaces: false }).problems).toEqual([]);
  });
});
