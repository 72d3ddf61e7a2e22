// buildVSchema: the error cases of vitess go/vt/vtgate/vindexes/vschema_test.go and
// vschema_routing_test.go (Apache-2.0, at b3666b2d0e), each named after its Vitess test and
// asserting the exact problem list (path + Vitess message), then shardgate's own checks,
// which report every problem at once where Vitess stops at the first.

import { describe, expect, it } from 'vitest';
import { buildVSchema, type BuildVSchemaOptions, type VSchemaInput } from '../buildVSchema.js';
import { describeFakeVindexType } from './fakeVindexTypes.js';

type Srv = Record<string, unknown> & { keyspaces: Record<string, unknown> };

const options: BuildVSchemaOptions = { describeVindexType: describeFakeVindexType };

/** Builds an SrvVSchema-shaped object (snake_case rule keys, as Vitess tests write it). */
function build(srv: Srv, extra: Partial<BuildVSchemaOptions> = {}): ReturnType<typeof buildVSchema> {
  const input: VSchemaInput = {
    keyspaces: srv.keyspaces,
    routingRules: srv['routing_rules'],
    keyspaceRoutingRules: srv['keyspace_routing_rules'],
    shardRoutingRules: srv['shard_routing_rules'],
    mirrorRules: srv['mirror_rules'],
  };
  return buildVSchema(input, { ...options, ...extra });
}

/** The problems of `srv` as `[path, message]` pairs. */
function problems(srv: Srv, extra: Partial<BuildVSchemaOptions> = {}): [string, string][] {
  return build(srv, extra).problems.map((p) => [p.path, p.message]);
}

const cv = (column: string, name: string): Record<string, unknown> => ({ column, name });
const sharded = (vindexes: Record<string, unknown>, tables: Record<string, unknown>): Record<string, unknown> => ({ sharded: true, vindexes, tables });
const K = '$.keyspaces';

/** Vitess TestBadSequence: t1 names a missing sequence, t2 a valid one. */
const badSequence: Srv = {
  keyspaces: {
    unsharded: { tables: { valid_seq: { type: 'sequence' } } },
    sharded: sharded(
      { stfu1: { type: 'stfu' } },
      {
        t1: { column_vindexes: [cv('c1', 'stfu1')], auto_increment: { column: 'c1', sequence: 'invalid_seq' } },
        t2: { column_vindexes: [cv('c1', 'stfu1')], auto_increment: { column: 'c1', sequence: 'valid_seq' } },
      },
    ),
  },
};

describe('buildVSchema: Vitess vschema_test.go error cases', () => {
  it.each<[string, Srv, [string, string][]]>([
    [
      'TestBuildVSchemaVindexNotFoundFail',
      { keyspaces: { sharded: sharded({ noexist: { type: 'noexist' } }, { t1: { column_vindexes: [cv('c1', 'noexist')] } }) } },
      [[`${K}.sharded.vindexes.noexist.type`, 'vindexType "noexist" not found']],
    ],
    [
      'TestBuildVSchemaNoColumnVindexFail',
      { keyspaces: { sharded: sharded({ stfu: { type: 'stfu' } }, { t1: {} }) } },
      [[`${K}.sharded.tables.t1.column_vindexes`, 'missing primary col vindex for table: t1']],
    ],
    [
      'TestBuildVSchemaNoindexFail',
      { keyspaces: { sharded: sharded({ stfu: { type: 'stfu' } }, { t1: { column_vindexes: [cv('c1', 'notexist')] } }) } },
      [[`${K}.sharded.tables.t1.column_vindexes[0].name`, 'vindex notexist not found for table t1']],
    ],
    [
      'TestBuildVSchemaColumnAndColumnsFail',
      { keyspaces: { sharded: sharded({ stfu: { type: 'stfu' } }, { t1: { column_vindexes: [{ column: 'c1', columns: ['c2', 'c3'], name: 'stfu' }] } }) } },
      [[`${K}.sharded.tables.t1.column_vindexes[0]`, "can't use column and columns at the same time in vindex (stfu) and table (t1)"]],
    ],
    [
      'TestBuildVSchemaNoColumnsFail',
      { keyspaces: { sharded: sharded({ stfu: { type: 'stfu' } }, { t1: { column_vindexes: [{ name: 'stfu' }] } }) } },
      [[`${K}.sharded.tables.t1.column_vindexes[0]`, 'must specify at least one column for vindex (stfu) and table (t1)']],
    ],
    [
      'TestBuildVSchemaNotUniqueFail',
      { keyspaces: { sharded: sharded({ stln: { type: 'stln' } }, { t1: { column_vindexes: [cv('c1', 'stln')] } }) } },
      [[`${K}.sharded.tables.t1.column_vindexes[0].name`, 'primary vindex stln is not Unique for table t1']],
    ],
    [
      'TestBuildVSchemaPrimaryCannotBeOwned',
      { keyspaces: { sharded: sharded({ stlu: { type: 'stlu', owner: 't1' } }, { t1: { column_vindexes: [cv('c1', 'stlu')] } }) } },
      [[`${K}.sharded.tables.t1.column_vindexes[0].name`, 'primary vindex stlu cannot be owned for table t1']],
    ],
    [
      'TestBuildVSchemaReferenceTableSourceMustBeInDifferentKeyspace',
      {
        keyspaces: {
          sharded: sharded(
            { hash: { type: 'binary_md5' } },
            { ref: { type: 'reference', source: 'sharded.src' }, src: { column_vindexes: [cv('c1', 'hash')] } },
          ),
        },
      },
      [[`${K}.sharded.tables.ref.source`, 'source "sharded.src" may not reference a table in the same keyspace as table: ref']],
    ],
    [
      'TestBuildVSchemaReferenceTableSourceKeyspaceMustExist',
      { keyspaces: { sharded: { sharded: true, tables: { ref: { type: 'reference', source: 'unsharded.src' } } } } },
      [[`${K}.sharded.tables.ref.source`, 'source "unsharded.src" references a non-existent keyspace "unsharded"']],
    ],
    [
      'TestBuildVSchemaReferenceTableSourceTableMustExist',
      {
        keyspaces: {
          unsharded: { tables: { foo: {} } },
          sharded: { sharded: true, tables: { ref: { type: 'reference', source: 'unsharded.src' } } },
        },
      },
      [[`${K}.sharded.tables.ref.source`, 'source "unsharded.src" references a table "src" that is not present in the VSchema of keyspace "unsharded"']],
    ],
    [
      // Vitess asserts the error of sharded1 only; unsharded2 has the same kind of error.
      'TestBuildVSchemaReferenceTableSourceTableMustBeBasicOrReferenceWithoutSource',
      {
        keyspaces: {
          unsharded1: { tables: { src1: { type: 'sequence' } } },
          unsharded2: { tables: { src2: { type: 'reference', source: 'unsharded1.src1' } } },
          unsharded3: { tables: { src3: { type: 'reference' } } },
          unsharded4: { tables: { src4: {} } },
          sharded1: { sharded: true, tables: { ref1: { type: 'reference', source: 'unsharded1.src1' } } },
          sharded2: { sharded: true, tables: { ref2: { type: 'reference', source: 'unsharded3.src3' } } },
          sharded3: { sharded: true, tables: { ref3: { type: 'reference', source: 'unsharded4.src4' } } },
        },
      },
      [
        [`${K}.unsharded2.tables.src2.source`, 'source "unsharded1.src1" may not reference a table of type "sequence": src2'],
        [`${K}.sharded1.tables.ref1.source`, 'source "unsharded1.src1" may not reference a table of type "sequence": ref1'],
      ],
    ],
    [
      'TestBuildVSchemaSourceMayBeReferencedAtMostOncePerKeyspace',
      {
        keyspaces: {
          unsharded: { tables: { src: {} } },
          sharded: {
            sharded: true,
            tables: { ref2: { type: 'reference', source: 'unsharded.src' }, ref1: { type: 'reference', source: 'unsharded.src' } },
          },
        },
      },
      [[`${K}.sharded.tables.ref1.source`, 'source "unsharded.src" may not be referenced more than once per keyspace: ref1, ref2']],
    ],
    [
      // Vitess asserts unsharded1's error; the other two keyspaces of the cycle fail alike.
      'TestBuildVSchemaMayNotChainReferences',
      {
        keyspaces: {
          unsharded1: { tables: { ref: { type: 'reference', source: 'unsharded2.ref' } } },
          unsharded2: { tables: { ref: { type: 'reference', source: 'unsharded3.ref' } } },
          unsharded3: { tables: { ref: { type: 'reference', source: 'unsharded1.ref' } } },
        },
      },
      [
        [`${K}.unsharded1.tables.ref.source`, 'reference chaining is not allowed ref => unsharded2.ref => unsharded3.ref: ref'],
        [`${K}.unsharded2.tables.ref.source`, 'reference chaining is not allowed ref => unsharded3.ref => unsharded1.ref: ref'],
        [`${K}.unsharded3.tables.ref.source`, 'reference chaining is not allowed ref => unsharded1.ref => unsharded2.ref: ref'],
      ],
    ],
    [
      'TestBadSequence',
      badSequence,
      [[`${K}.sharded.tables.t1.auto_increment.sequence`, 'cannot resolve sequence invalid_seq: table invalid_seq not found']],
    ],
    [
      'TestBadSequenceName',
      {
        keyspaces: {
          sharded: sharded({ stfu1: { type: 'stfu' } }, { t1: { column_vindexes: [cv('c1', 'stfu1')], auto_increment: { column: 'c1', sequence: 'a.b.seq' } } }),
        },
      },
      [[`${K}.sharded.tables.t1.auto_increment.sequence`, 'cannot resolve sequence a.b.seq: invalid table name: a.b.seq']],
    ],
    [
      'TestBadShardedSequence',
      { keyspaces: { sharded: { sharded: true, tables: { t1: { type: 'sequence' } } } } },
      [[`${K}.sharded.tables.t1.type`, 'sequence table has to be in an unsharded keyspace or must be pinned: t1']],
    ],
    [
      'TestVSchemaColumnsFail',
      { keyspaces: { unsharded: { tables: { t1: { columns: [{ name: 'c1' }, { name: 'c1' }] } } } } },
      [[`${K}.unsharded.tables.t1.columns[1]`, "duplicate column name 'c1' for table: t1"]],
    ],
    [
      // Vitess stops at the vindex type; shardgate also reports the table without a vindex.
      'TestValidate (bad)',
      { keyspaces: { ks: sharded({ hash: { type: 'absent' } }, { t2: {} }) } },
      [
        [`${K}.ks.vindexes.hash.type`, 'vindexType "absent" not found'],
        [`${K}.ks.tables.t2.column_vindexes`, 'missing primary col vindex for table: t2'],
      ],
    ],
    [
      'TestFindTableWithSequences (ambiguous seq2)',
      {
        routing_rules: { rules: [{ from_table: 'seq3', to_tables: ['ksb.seq3'] }, { from_table: 'seq4', to_tables: ['ksb.seq4'] }] },
        keyspaces: {
          ksa: {
            vindexes: { stfu1: { type: 'stfu' } },
            tables: {
              t1: { column_vindexes: [cv('c1', 'stfu1')], auto_increment: { column: 'c1', sequence: 'seq1' } },
              t2: { column_vindexes: [cv('c2', 'stfu1')], auto_increment: { column: 'c2', sequence: 'seq2' } },
              t3: { column_vindexes: [cv('c3', 'stfu1')], auto_increment: { column: 'c3', sequence: 'seq3' } },
              t4: { column_vindexes: [cv('c4', 'stfu1')], auto_increment: { column: 'c4', sequence: 'ksa.seq4' } },
              seq1: { type: 'sequence' },
              seq2: { type: 'sequence' },
              seq3: { type: 'sequence' },
              seq4: { type: 'sequence' },
            },
          },
          ksb: { tables: { seq2: { type: 'sequence' }, seq3: { type: 'sequence' } } },
        },
      },
      [[`${K}.ksa.tables.t2.auto_increment.sequence`, 'cannot resolve sequence seq2: ambiguous table reference: seq2']],
    ],
    [
      'TestVSchemaRoutingRules (vschema_routing_test.go)',
      {
        routing_rules: {
          rules: [
            { from_table: 'rt1', to_tables: ['ks1.t1', 'ks2.t2'] },
            { from_table: 'rt2', to_tables: ['ks2.t2'] },
            { from_table: 'escaped', to_tables: ['`ks2`.`t2`'] },
            { from_table: 'dup', to_tables: ['ks1.t1'] },
            { from_table: 'dup', to_tables: ['ks1.t1'] },
            { from_table: 'badname', to_tables: ['t1.t2.t3'] },
            { from_table: 'unqualified', to_tables: ['t1'] },
            { from_table: 'badkeyspace', to_tables: ['ks3.t1'] },
            { from_table: 'notfound', to_tables: ['ks1.t2'] },
          ],
        },
        keyspaces: {
          ks1: sharded({ stfu1: { type: 'stfu' } }, { t1: { column_vindexes: [cv('c1', 'stfu1')] } }),
          ks2: { foreign_key_mode: 'managed', tables: { t2: {} } },
        },
      },
      [
        ['$.routing_rules.rules[0].to_tables', 'table rt1 has more than one target: [ks1.t1 ks2.t2]'],
        ['$.routing_rules.rules[4]', 'duplicate rule for entry dup'],
        [
          '$.routing_rules.rules[5].to_tables[0]',
          "invalid table name: 't1.t2.t3', it must be of the qualified form <keyspace_name>.<table_name> (dots are not allowed in either name)",
        ],
        [
          '$.routing_rules.rules[6].to_tables[0]',
          "invalid table name: 't1', it must be of the qualified form <keyspace_name>.<table_name> (dots are not allowed in either name)",
        ],
      ],
    ],
  ])('%s', (_name, srv, want) => {
    expect(problems(srv)).toEqual(want);
  });

  it('TestBadSequence: the failing table is left out, the other keeps its sequence', () => {
    const { model } = build(badSequence);
    const tables = model.keyspaces.get('sharded')!.tables;
    expect([...tables.keys()]).toEqual(['t2']);
    expect(tables.get('t2')!.autoIncrement).toEqual({ column: 'c1', sequence: { keyspace: 'unsharded', table: 'valid_seq' } });
  });

  it('TestFindTableWithSequences: sequences follow routing rules and qualifiers', () => {
    const { model } = build({
      routing_rules: { rules: [{ from_table: 'seq3', to_tables: ['ksb.seq3'] }] },
      keyspaces: {
        ksa: {
          tables: {
            t1: { auto_increment: { column: 'c1', sequence: 'seq1' } },
            t3: { auto_increment: { column: 'c3', sequence: 'seq3' } },
            t4: { auto_increment: { column: 'c4', sequence: 'ksa.seq4' } },
            seq1: { type: 'sequence' },
            seq3: { type: 'sequence' },
            seq4: { type: 'sequence' },
          },
        },
        ksb: { tables: { seq3: { type: 'sequence' } } },
      },
    });
    const seqOf = (t: string): unknown => model.keyspaces.get('ksa')!.tables.get(t)!.autoIncrement!.sequence;
    expect([seqOf('t1'), seqOf('t3'), seqOf('t4')]).toEqual([
      { keyspace: 'ksa', table: 'seq1' },
      { keyspace: 'ksb', table: 'seq3' },
      { keyspace: 'ksa', table: 'seq4' },
    ]);
  });

  it('TestVSchemaRoutingRules: well-formed rules are kept, even with unresolved targets', () => {
    const { model } = build({
      routing_rules: {
        rules: [
          { from_table: 'rt2', to_tables: ['ks2.t2'] },
          { from_table: 'escaped', to_tables: ['`ks2`.`t2`'] },
          { from_table: 'badkeyspace', to_tables: ['ks3.t1'] },
          { from_table: 'notfound', to_tables: ['ks1.t2'] },
          { from_table: 'disabled', to_tables: [] },
        ],
      },
      keyspaces: { ks1: sharded({ stfu1: { type: 'stfu' } }, { t1: { column_vindexes: [cv('c1', 'stfu1')] } }), ks2: { tables: { t2: {} } } },
    });
    expect([...model.routingRules]).toEqual([
      ['rt2', ['ks2.t2']],
      ['escaped', ['ks2.t2']],
      ['badkeyspace', ['ks3.t1']],
      ['notfound', ['ks1.t2']],
      ['disabled', []],
    ]);
  });
});

describe('buildVSchema: Vitess vschema_test.go accepted cases', () => {
  it('TestSequence: unqualified and backticked sequences resolve to the unsharded keyspace', () => {
    const result = build({
      keyspaces: {
        unsharded: { foreign_key_mode: 'disallow', tables: { seq: { type: 'sequence' } } },
        sharded: {
          sharded: true,
          foreign_key_mode: 'unmanaged',
          vindexes: { stfu1: { type: 'stfu', params: {} } },
          tables: {
            t1: { column_vindexes: [cv('c1', 'stfu1')], auto_increment: { column: 'c1', sequence: 'seq' } },
            t2: { column_vindexes: [cv('c1', 'stfu1')], auto_increment: { column: 'c2', sequence: '`unsharded`.`seq`' } },
          },
        },
      },
    });
    expect(result.problems).toEqual([]);
    const ks = result.model.keyspaces.get('sharded')!;
    expect(ks.foreignKeyMode).toBe('unmanaged');
    expect(result.model.keyspaces.get('unsharded')!.foreignKeyMode).toBe('disallow');
    expect([...ks.tables.values()].map((t) => t.autoIncrement)).toEqual([
      { column: 'c1', sequence: { keyspace: 'unsharded', table: 'seq' } },
      { column: 'c2', sequence: { keyspace: 'unsharded', table: 'seq' } },
    ]);
    const primary = ks.tables.get('t1')!.columnVindexes[0]!;
    expect(primary).toMatchObject({ name: 'stfu1', columns: ['c1'], owned: false, vindex: { name: 'stfu1', type: 'stfu', params: {} } });
    expect(primary.vindex.info).toMatchObject({ cost: 1, isUnique: true, kind: 'singleColumn' });
  });

  it('TestShardedVSchemaOwned: only a lookup vindex whose owner is the table is owned', () => {
    const { model, problems: found } = build({
      keyspaces: {
        sharded: sharded(
          { stfu1: { type: 'stfu', params: {}, owner: 't1' }, stln1: { type: 'stln', owner: 't1' } },
          { t1: { column_vindexes: [cv('c1', 'stfu1'), cv('c2', 'stln1')] } },
        ),
      },
    });
    expect(found).toEqual([]);
    expect(model.keyspaces.get('sharded')!.tables.get('t1')!.columnVindexes.map((c) => [c.name, c.owned])).toEqual([
      ['stfu1', false],
      ['stln1', true],
    ]);
    expect(model.keyspaces.get('sharded')!.vindexes.get('stln1')!.owner).toBe('t1');
  });

  it('TestShardedVSchemaMultiColumnVindex and TestMultiColVindexPartialAllowed: multi-column primary vindexes', () => {
    const { model, problems: found } = build({
      keyspaces: {
        sharded: {
          sharded: true,
          foreign_key_mode: 'disallow',
          vindexes: { stfu1: { type: 'stfu', owner: 't1' }, regional_vdx: { type: 'region_experimental_test', params: { region_bytes: '1' } } },
          tables: {
            t1: { column_vindexes: [{ columns: ['c1', 'c2'], name: 'stfu1' }] },
            user_region: { column_vindexes: [{ columns: ['cola', 'colb'], name: 'regional_vdx' }] },
          },
        },
      },
    });
    expect(found).toEqual([]);
    const ks = model.keyspaces.get('sharded')!;
    expect(ks.foreignKeyMode).toBe('disallow');
    expect(ks.tables.get('t1')!.columnVindexes.map((c) => c.columns)).toEqual([['c1', 'c2']]);
    expect(ks.tables.get('user_region')!.columnVindexes[0]!.vindex.info.kind).toBe('multiColumn');
  });

  it.each<[string, Srv]>([
    ['TestUnshardedVSchemaValid', { keyspaces: { ks: { sharded: false, vindexes: {}, tables: {} } } }],
    ['TestVSchemaPinned', { keyspaces: { sharded: { sharded: true, tables: { t1: { pinned: '80' } } } } }],
    ['TestBuildVSchemaDupSeq', { keyspaces: { ksa: { tables: { t1: { type: 'sequence' } } }, ksb: { tables: { t1: { type: 'sequence' } } } } }],
    ['TestBuildVSchemaDupTable', { keyspaces: { ksa: { tables: { t1: {} } }, ksb: { tables: { t1: {} } } } }],
    [
      'TestBuildVSchemaReferenceTableSourceMayBeUnqualified',
      { keyspaces: { unsharded: { tables: { src: {} } }, sharded: { sharded: true, tables: { ref: { type: 'reference', source: 'src' } } } } },
    ],
    [
      'TestBuildVSchemaReferenceTableSourceMayUseShardedKeyspace',
      {
        keyspaces: {
          sharded1: sharded({ hash: { type: 'binary_md5' } }, { src: { column_vindexes: [cv('c1', 'hash')] } }),
          sharded2: { sharded: true, tables: { ref: { type: 'reference', source: 'sharded1.src' } } },
        },
      },
    ],
    // BuildVSchema of a lone unsharded keyspace serves any unqualified table (findGlobalTable).
    ['TestValidate (good)', { keyspaces: { ks: { tables: { t1: { auto_increment: { column: 'col', sequence: 'outside' } }, t2: {} } } } }],
    ['sequence pinned in a sharded keyspace', { keyspaces: { ks: { sharded: true, tables: { seq: { type: 'sequence', pinned: '00' } } } } }],
  ])('%s is accepted', (_name, srv) => {
    expect(problems(srv)).toEqual([]);
  });

  it('TestVSchemaPinned: the pin is the decoded keyspace id', () => {
    const { model } = build({ keyspaces: { sharded: { sharded: true, tables: { t1: { pinned: '80' } } } } });
    expect(model.keyspaces.get('sharded')!.tables.get('t1')!.pinned).toEqual(new Uint8Array([0x80]));
  });

  it('TestSourceTableHasReferencedBy: the source lists its reference tables', () => {
    const { model } = build({
      keyspaces: {
        unsharded: { tables: { src: {} } },
        sharded1: { sharded: true, tables: { ref: { type: 'reference', source: 'unsharded.src' } } },
        sharded2: { sharded: true, tables: { ref: { type: 'reference', source: 'unsharded.src' } } },
      },
    });
    expect(model.keyspaces.get('unsharded')!.tables.get('src')!.referencedBy).toEqual([
      { keyspace: 'sharded1', table: 'ref' },
      { keyspace: 'sharded2', table: 'ref' },
    ]);
    expect(model.keyspaces.get('sharded1')!.tables.get('ref')!.source).toEqual({ keyspace: 'unsharded', table: 'src' });
  });

  it('TestVSchemaPBJSON and TestMultiTenantAttribute: camelCase names, enum numbers, multi-tenant spec', () => {
    const { model, problems: found } = build({
      keyspaces: {
        ks: {
          sharded: true,
          foreignKeyMode: 'unmanaged',
          multi_tenant_spec: { tenant_id_column_name: 'tenant_id', tenant_id_column_type: 265 },
          vindexes: { stfu1: { type: 'stfu' }, stln1: { type: 'stln' } },
          tables: {
            t1: { column_vindexes: [cv('c1', 'stfu1'), cv('c2', 'stln1')] },
            t2: { columnVindexes: [cv('c1', 'stfu1')], columns: [{ name: 'c1', type: 'VARCHAR' }] },
          },
        },
      },
    });
    expect(found).toEqual([]);
    const ks = model.keyspaces.get('ks')!;
    expect(ks.multiTenantSpec).toEqual({ tenantIdColumnName: 'tenant_id', tenantIdColumnType: 'INT64' });
    expect(ks.tables.get('t2')!.columns).toEqual([{ name: 'c1', type: 'VARCHAR', invisible: false, nullable: true }]);
  });

  it.each([
    [undefined, 'unmanaged'],
    ['unspecified', 'unmanaged'],
    [0, 'unmanaged'],
    ['managed', 'managed'],
    [3, 'managed'],
    ['unmanaged', 'unmanaged'],
    ['disallow', 'disallow'],
  ])('TestForeignKeyMode: %j → %s', (mode, want) => {
    const { model } = build({ keyspaces: { ks: mode === undefined ? {} : { foreign_key_mode: mode } } });
    expect(model.keyspaces.get('ks')!.foreignKeyMode).toBe(want);
  });
});
