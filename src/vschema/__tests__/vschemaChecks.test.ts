// buildVSchema beyond the Vitess test cases: the JSON shape (protojson spellings, unknown
// fields, wrong types, GetVSchema's printed defaults), shardgate's extra checks, the
// cross-keyspace lookup-table check, all problems at once, and the frozen model.

import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../errors/serviceError.js';
import { ValidationError } from '../../errors/problems.js';
import { assertValidVSchema, buildVSchema, type BuildVSchemaOptions, type VSchemaInput } from '../buildVSchema.js';
import { describeFakeVindexType } from './fakeVindexTypes.js';

const options: BuildVSchemaOptions = { describeVindexType: describeFakeVindexType };
const K = '$.keyspaces';

function problems(input: VSchemaInput, extra: Partial<BuildVSchemaOptions> = {}): [string, string][] {
  return buildVSchema(input, { ...options, ...extra }).problems.map((p) => [p.path, p.message]);
}

const hashed = (tables: Record<string, unknown>, vindexes: Record<string, unknown> = {}): Record<string, unknown> => ({
  sharded: true,
  vindexes: { hash: { type: 'hash' }, ...vindexes },
  tables,
});
const byId = { column_vindexes: [{ column: 'id', name: 'hash' }] };

describe('buildVSchema: JSON shape (protojson rules)', () => {
  it.each<[string, Record<string, unknown>, [string, string][]]>([
    [
      'one field under both spellings',
      { ks: hashed({ t: { column_vindexes: [{ column: 'id', name: 'hash' }], columnVindexes: [] } }) },
      [[`${K}.ks.tables.t.columnVindexes`, 'duplicate field "columnVindexes"']],
    ],
    [
      'wrong JSON types, each reported without knock-on problems',
      {
        ks: {
          sharded: 'yes',
          foreign_key_mode: 'allow',
          vindexes: { v: { type: 'hash', params: { a: 1 } } },
          tables: {
            t1: { column_vindexes: {} },
            t2: { columns: [{ name: 'c', size: 'abc', type: 'VARCHR', invisible: 'no' }] },
            t3: 5,
            t4: null,
            t5: { column_vindexes: [null], auto_increment: 'id' },
          },
        },
        ks2: [],
        ks3: { tables: [] },
      },
      [
        [`${K}.ks.sharded`, 'invalid value for bool field sharded: "yes"'],
        [`${K}.ks.vindexes.v.params.a`, 'invalid value for string field params["a"]: 1'],
        [`${K}.ks.tables.t1.column_vindexes`, 'invalid value for repeated field column_vindexes: {}'],
        [`${K}.ks.tables.t2.columns[0].type`, 'invalid value for enum field type: "VARCHR"'],
        [`${K}.ks.tables.t2.columns[0].invisible`, 'invalid value for bool field invisible: "no"'],
        [`${K}.ks.tables.t2.columns[0].size`, 'invalid value for int32 field size: "abc"'],
        [`${K}.ks.tables.t3`, 'expected a JSON object for table t3, got 5'],
        [`${K}.ks.tables.t4`, 'invalid value null in map field tables'],
        [`${K}.ks.tables.t5.column_vindexes[0]`, 'invalid value null in repeated field column_vindexes'],
        [`${K}.ks.tables.t5.auto_increment`, 'expected a JSON object for auto_increment, got "id"'],
        [`${K}.ks.foreign_key_mode`, 'invalid value for enum field foreign_key_mode: "allow"'],
        [`${K}.ks2`, 'expected a JSON object for keyspace ks2, got []'],
        [`${K}.ks3.tables`, 'invalid value for map field tables: []'],
      ],
    ],
    [
      'int32 out of range and enum numbers outside the enum',
      { ks: { tables: { t: { columns: [{ name: 'a', scale: 2147483648 }, { name: 'b', type: 7 }] } } } },
      [
        [`${K}.ks.tables.t.columns[0].scale`, 'invalid value for int32 field scale: 2147483648'],
        [`${K}.ks.tables.t.columns[1].type`, 'invalid value for enum field type: 7'],
      ],
    ],
    ['null means not set', { ks: { sharded: null, vindexes: null, tables: { t: { type: null, auto_increment: null, columns: null } } } }, []],
  ])('%s', (_name, keyspaces, want) => {
    expect(problems({ keyspaces })).toEqual(want);
  });

  describe('unknown fields at every level (Vitess json2.UnmarshalPB drops them: DiscardUnknown)', () => {
    const keyspaces = {
      ks: {
        tabels: {},
        vindexes: { v: { type: 'hash', paramz: {} } },
        tables: { t: { colums: [], column_vindexes: [{ column: 'id', name: 'v', colum: 'x' }], auto_increment: { column: 'id', sequence: 's', seq: 1 } }, s: { type: 'sequence' } },
        multi_tenant_spec: { tenant_id_column_name: 'tid', extra: true },
      },
    };
    const rules = {
      routingRules: { rules: [{ from_table: 'x', to_tables: ['ks.t'], why: 'y' }], note: 1 },
      keyspaceRoutingRules: { rules: [{ from_keyspace: 'a', to_keyspace: 'ks', z: 0 }] },
      shardRoutingRules: { rules: [{ from_keyspace: 'a', to_keyspace: 'ks', shard: '0', z: 0 }] },
      mirrorRules: { rules: [{ from_table: 'ks.t', to_table: 'ks.s', percent: 5, z: 0 }] },
    };
    const paths = [
      `${K}.ks.tabels`,
      `${K}.ks.vindexes.v.paramz`,
      `${K}.ks.tables.t.colums`,
      `${K}.ks.tables.t.column_vindexes[0].colum`,
      `${K}.ks.tables.t.auto_increment.seq`,
      `${K}.ks.multi_tenant_spec.extra`,
      '$.routing_rules.note',
      '$.routing_rules.rules[0].why',
      '$.keyspace_routing_rules.rules[0].z',
      '$.shard_routing_rules.rules[0].z',
      '$.mirror_rules.rules[0].z',
    ];
    const field = (path: string): string => JSON.stringify(path.slice(path.lastIndexOf('.') + 1));

    it('are warnings by default, and the rest is built as Vitess builds it', () => {
      const result = buildVSchema({ keyspaces, ...rules }, options);
      expect(result.problems).toEqual([]);
      expect(result.warnings).toEqual(paths.map((path) => ({ path, message: `unknown field ${field(path)} (ignored, as Vitess does)` })));
      const t = result.model.keyspaces.get('ks')!.tables.get('t')!;
      expect([t.columnVindexes.map((cv) => cv.columns), t.autoIncrement]).toEqual([[['id']], { column: 'id', sequence: { keyspace: 'ks', table: 's' } }]);
    });

    it('are problems with strict: true, and leave their table out', () => {
      const result = buildVSchema({ keyspaces, ...rules }, { ...options, strict: true });
      expect(result.problems).toEqual(paths.map((path) => ({ path, message: `unknown field ${field(path)} (rejected in strict mode; Vitess ignores it)` })));
      expect(result.warnings).toEqual([]);
      expect([...result.model.keyspaces.get('ks')!.tables.keys()]).toEqual(['s']);
    });

    it('a misspelt column_vindexes is ignored, so a sharded table then lacks its primary vindex (as in Vitess)', () => {
      const result = buildVSchema({ keyspaces: { customer: hashed({ t: { colum_vindexes: [{ column: 'id', name: 'hash' }] } }) } }, options);
      expect(result.warnings).toEqual([
        { path: `${K}.customer.tables.t.colum_vindexes`, message: 'unknown field "colum_vindexes" (ignored, as Vitess does)' },
      ]);
      expect(result.problems).toEqual([{ path: `${K}.customer.tables.t.column_vindexes`, message: 'missing primary col vindex for table: t' }]);
    });
  });

  it('accepts `vtctldclient GetVSchema` output, which prints every default (EmitUnpopulated)', () => {
    const printed = {
      sharded: true,
      vindexes: { xxhash: { type: 'xxhash', params: {}, owner: '' } },
      tables: {
        customer: {
          type: '',
          column_vindexes: [{ column: '', name: 'xxhash', columns: ['customer_id'] }],
          auto_increment: null,
          columns: [{ name: 'email', type: 'VARCHAR', invisible: false, default: '', collation_name: '', size: 0, scale: 0, values: [] }],
          pinned: '',
          column_list_authoritative: false,
          source: '',
        },
      },
      require_explicit_routing: false,
      foreign_key_mode: 'unspecified',
      multi_tenant_spec: null,
    };
    const { model, problems: found } = buildVSchema({ keyspaces: { customer: printed } }, options);
    expect(found).toEqual([]);
    const table = model.keyspaces.get('customer')!.tables.get('customer')!;
    expect(table.columnVindexes.map((cv) => cv.columns)).toEqual([['customer_id']]);
    expect(table.columns).toEqual([{ name: 'email', type: 'VARCHAR', invisible: false, nullable: true }]);
  });

  it('reads int32 given as strings, nullable false and the other column fields', () => {
    const column = { name: 'c', type: 'ENUM', size: '10', scale: 2, nullable: false, default: 'a', collation_name: 'utf8mb4_bin', values: ['a', 'b'] };
    const { model } = buildVSchema({ keyspaces: { ks: { tables: { t: { columns: [column] } } } } }, options);
    expect(model.keyspaces.get('ks')!.tables.get('t')!.columns).toEqual([
      { name: 'c', type: 'ENUM', invisible: false, default: 'a', collationName: 'utf8mb4_bin', size: 10, scale: 2, nullable: false, values: ['a', 'b'] },
    ]);
  });

  it('reports a keyspaces value that is not an object', () => {
    expect(problems({ keyspaces: [] as unknown as Record<string, unknown> })).toEqual([['$.keyspaces', 'expected a JSON object of keyspaces, got []']]);
  });
});

describe('buildVSchema: table and vindex checks', () => {
  it.each<[string, Record<string, unknown>, [string, string][]]>([
    [
      'pins that are not hex (Go encoding/hex messages)',
      { ks: { sharded: true, tables: { a: { pinned: '8' }, b: { pinned: 'zz' }, c: { pinned: '8g0' } } } },
      [
        [`${K}.ks.tables.a.pinned`, 'could not decode the keyspace id for pin: encoding/hex: odd length hex string'],
        [`${K}.ks.tables.b.pinned`, "could not decode the keyspace id for pin: encoding/hex: invalid byte: U+007A 'z'"],
        [`${K}.ks.tables.c.pinned`, "could not decode the keyspace id for pin: encoding/hex: invalid byte: U+0067 'g'"],
      ],
    ],
    ['unknown table type', { ks: { tables: { t: { type: 'view' } } } }, [[`${K}.ks.tables.t.type`, 'unidentified table type view']]],
    [
      'source on a table that is not a reference table',
      { ks: { tables: { t: { source: 'other.t' } } }, other: { tables: { t: {} } } },
      [[`${K}.ks.tables.t.source`, 'source is only allowed on reference tables: t']],
    ],
    [
      'reference source with too many dots',
      { ks: { tables: { r: { type: 'reference', source: 'a.b.c' } } } },
      [
        [
          `${K}.ks.tables.r.source`,
          "invalid source \"a.b.c\" for reference table: r; invalid table name: 'a.b.c', it must be of the unqualified form <table_name> or the qualified form <keyspace_name>.<table_name> (dots are not allowed in either name)",
        ],
      ],
    ],
    [
      'unqualified reference sources: missing and ambiguous (Vitess wording)',
      {
        ks: { sharded: true, tables: { r1: { type: 'reference', source: 'nope' }, r2: { type: 'reference', source: 'src' } } },
        u1: { tables: { src: {} } },
        u2: { tables: { src: {} } },
      },
      [
        [`${K}.ks.tables.r1.source`, 'source "nope" references a table "nope" that is not present in the VSchema of keyspace ""'],
        [`${K}.ks.tables.r2.source`, 'ambiguous table reference: src'],
      ],
    ],
    [
      'multi-column vindex as a secondary vindex, and with more columns than column_count',
      {
        ks: hashed(
          { t1: { column_vindexes: [{ column: 'id', name: 'hash' }, { columns: ['a', 'b'], name: 'mc' }] }, t2: { column_vindexes: [{ columns: ['a', 'b', 'c'], name: 'mc' }] } },
          { mc: { type: 'multicol', params: { column_count: '2' } } },
        ),
      },
      [
        [`${K}.ks.tables.t1.column_vindexes[1].name`, 'multi-column vindex mc should be a primary vindex for table t1'],
        [`${K}.ks.tables.t2.column_vindexes[0]`, 'multi-column vindex mc takes at most 2 columns (column_count) but table t2 lists 3'],
      ],
    ],
    [
      'a column listed twice in one vindex (names ignore case)',
      {
        ks: hashed(
          { t: { column_vindexes: [{ column: 'id', name: 'hash' }, { columns: ['a', 'A'], name: 'lk' }] } },
          { lk: { type: 'lookup', params: { table: 'lk_idx', from: 'a,b', to: 'keyspace_id' } } },
        ),
      },
      [[`${K}.ks.tables.t.column_vindexes[1].columns[1]`, 'column A is listed twice in vindex (lk) of table (t)']],
    ],
    [
      // Deviation: Vitess TestShardedVSchemaOwnerInfo accepts owner "none"; such a lookup is never maintained.
      'an owner that is not a table of the keyspace',
      { ks: hashed({ t: byId }, { lk: { type: 'lookup_unique', owner: 'nope' } }) },
      [[`${K}.ks.vindexes.lk.owner`, 'owner nope of vindex lk is not a table of keyspace ks']],
    ],
    [
      'params the vindex type rejects',
      {
        ks: hashed(
          { t: byId },
          {
            r: { type: 'region_experimental' },
            lk: { type: 'lookup', params: { table: 'x', from: 'a', to: 'b', read_lock: 'sometimes', ignore_nulls: 'yes' } },
          },
        ),
      },
      [
        [`${K}.ks.vindexes.r.params`, 'region_experimental missing region_bytes param'],
        [`${K}.ks.vindexes.lk.params`, "ignore_nulls value must be 'true' or 'false': 'yes'"],
        [`${K}.ks.vindexes.lk.params`, 'invalid read_lock value: sometimes'],
      ],
    ],
    [
      'empty column name and auto_increment without a column',
      { ks: { tables: { t: { columns: [{ name: '' }], auto_increment: { sequence: 'seq' } }, seq: { type: 'sequence' } } } },
      [
        [`${K}.ks.tables.t.columns[0]`, 'column name must not be empty in table: t'],
        [`${K}.ks.tables.t.auto_increment.column`, 'auto_increment of table t needs a column'],
      ],
    ],
  ])('%s', (_name, keyspaces, want) => {
    expect(problems({ keyspaces })).toEqual(want);
  });

  it('unknown params are warnings, or problems with strict (ApplyVSchema --strict), sorted by name', () => {
    const input = { keyspaces: { ks: hashed({ t: byId }, { h: { type: 'hash', params: { foo: 'x', bar: 'y' } } }) } };
    const want = [
      { path: `${K}.ks.vindexes.h.params.bar`, message: 'unknown parameter in vindex h: bar' },
      { path: `${K}.ks.vindexes.h.params.foo`, message: 'unknown parameter in vindex h: foo' },
    ];
    const lenient = buildVSchema(input, options);
    expect([lenient.problems, lenient.warnings]).toEqual([[], want]);
    expect(lenient.model.keyspaces.get('ks')!.vindexes.get('h')!.params).toEqual({ foo: 'x', bar: 'y' });
    const strict = buildVSchema(input, { ...options, strict: true });
    expect([strict.problems, strict.warnings]).toEqual([want, []]);
  });
});

describe('buildVSchema: sequences and rules', () => {
  const seqKs = { tables: { seq: { type: 'sequence' } } };
  const withSeq = (sequence: string): Record<string, unknown> => ({ tables: { t: { auto_increment: { column: 'id', sequence } } } });

  it.each<[string, VSchemaInput, [string, string][]]>([
    [
      'a sequence routed to a disabled table',
      { keyspaces: { ks: withSeq('seq'), u: seqKs, u2: seqKs }, routingRules: { rules: [{ from_table: 'seq', to_tables: [] }] } },
      [[`${K}.ks.tables.t.auto_increment.sequence`, 'cannot resolve sequence seq: table seq has been disabled']],
    ],
    [
      'a sequence routed to a missing keyspace',
      { keyspaces: { ks: withSeq('seq'), u: seqKs }, routingRules: { rules: [{ from_table: 'seq', to_tables: ['noks.seq'] }] } },
      [[`${K}.ks.tables.t.auto_increment.sequence`, "cannot resolve sequence seq: VT05003: unknown database 'noks' in vschema"]],
    ],
    [
      'an unqualified sequence only in a keyspace that requires explicit routing',
      { keyspaces: { ks: withSeq('seq'), hidden: { require_explicit_routing: true, ...seqKs } } },
      [[`${K}.ks.tables.t.auto_increment.sequence`, 'cannot resolve sequence seq: table seq not found']],
    ],
    [
      'a sequence in a sharded keyspace that does not declare it',
      { keyspaces: { ks: withSeq('sh.seq'), sh: { sharded: true } } },
      [[`${K}.ks.tables.t.auto_increment.sequence`, 'cannot resolve sequence sh.seq: table seq not found']],
    ],
    [
      'malformed keyspace, shard and mirror rules',
      {
        keyspaces: {},
        routingRules: { rules: [{ from_table: '', to_tables: ['a.b'] }] },
        keyspaceRoutingRules: { rules: [{ from_keyspace: 'a', to_keyspace: 'b' }, { from_keyspace: 'a', to_keyspace: 'c' }, { to_keyspace: 'c' }] },
        shardRoutingRules: { rules: [{ from_keyspace: 'a', to_keyspace: 'b', shard: '-80' }, { from_keyspace: 'a', to_keyspace: 'c', shard: '-80' }, { from_keyspace: 'a', to_keyspace: 'b' }] },
        mirrorRules: { rules: [{ from_table: 'a.t', to_table: 'b.t', percent: 'half' }] },
      },
      [
        ['$.routing_rules.rules[0]', 'routing rule from_table must not be empty'],
        ['$.keyspace_routing_rules.rules[1]', 'duplicate keyspace routing rule for a'],
        ['$.keyspace_routing_rules.rules[2]', 'keyspace routing rule needs from_keyspace'],
        ['$.shard_routing_rules.rules[1]', 'duplicate shard routing rule for a.-80'],
        ['$.shard_routing_rules.rules[2]', 'shard routing rule needs shard'],
        ['$.mirror_rules.rules[0].percent', 'invalid value for float field percent: "half"'],
      ],
    ],
    ['rules that are not objects', { keyspaces: {}, routingRules: [], shardRoutingRules: { rules: {} } }, [
      ['$.routing_rules', 'expected a JSON object for routing_rules, got []'],
      ['$.shard_routing_rules.rules', 'invalid value for repeated field rules: {}'],
    ]],
  ])('%s', (_name, input, want) => {
    expect(problems(input)).toEqual(want);
  });

  it('a sequence obeys keyspace routing rules; the model keeps the rules', () => {
    const { model, problems: found } = buildVSchema(
      {
        keyspaces: { ks: withSeq('old.seq'), old: seqKs, new: seqKs },
        keyspaceRoutingRules: { rules: [{ from_keyspace: 'old', to_keyspace: 'new' }] },
        shardRoutingRules: { rules: [{ from_keyspace: 'old', to_keyspace: 'new', shard: '-80' }] },
      },
      options,
    );
    expect(found).toEqual([]);
    expect(model.keyspaces.get('ks')!.tables.get('t')!.autoIncrement!.sequence).toEqual({ keyspace: 'new', table: 'seq' });
    expect([...model.keyspaceRoutingRules]).toEqual([['old', 'new']]);
    expect([...model.shardRoutingRules]).toEqual([['old.-80', 'new']]);
  });
});

describe('buildVSchema: lookup tables across keyspaces (resolveAcrossKeyspaces)', () => {
  const lookup = (table: string): Record<string, unknown> => ({ type: 'lookup_unique', params: { table, from: 'c', to: 'keyspace_id' } });
  const keyspaces = {
    main: hashed(
      { t: { column_vindexes: [{ column: 'id', name: 'hash' }, { column: 'c', name: 'l3' }] }, l1_idx: byId },
      {
        l1: lookup('main.l1_idx'),
        l2: lookup('other.undeclared'),
        l3: lookup('nope.l3'),
        l4: lookup('shard2.l4'),
        l5: lookup('l5_idx'),
        l6: lookup('missing'),
        l7: lookup('dup_idx'),
        l8: lookup('a.b.c'),
        l9: lookup('`l1_idx`'),
      },
    ),
    other: { tables: { l5_idx: {}, dup_idx: {} } },
    shard2: hashed({ dup_idx: byId }),
  };
  const at = (v: string): string => `${K}.main.vindexes.${v}.params.table`;

  it('are not checked by default, as Vitess', () => {
    expect(problems({ keyspaces })).toEqual([]);
  });

  it('must resolve when checking files as one cluster; tables using a failing vindex are left out', () => {
    const result = buildVSchema({ keyspaces }, { ...options, resolveAcrossKeyspaces: true });
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      [at('l3'), 'lookup table nope.l3 of vindex l3 references a non-existent keyspace "nope"'],
      [at('l4'), 'lookup table shard2.l4 of vindex l4 is not present in the VSchema of keyspace "shard2"'],
      [at('l6'), 'lookup table missing of vindex l6 is not present in the VSchema of any keyspace'],
      [at('l7'), 'lookup table dup_idx of vindex l7: ambiguous table reference: dup_idx'],
      [at('l8'), 'lookup table a.b.c of vindex l8: invalid table name: a.b.c'],
    ]);
    const main = result.model.keyspaces.get('main')!;
    expect([...main.tables.keys()]).toEqual(['l1_idx']);
    expect(main.vindexes.has('l3')).toBe(false);
    expect(main.vindexes.has('l1')).toBe(true);
  });
});

describe('buildVSchema: all problems at once, and the model', () => {
  it('reports every problem of every keyspace in one pass, grouped by keyspace', () => {
    const input: VSchemaInput = {
      keyspaces: {
        a: hashed({ t1: {}, t2: { column_vindexes: [{ column: 'x', name: 'nope' }] }, t3: { auto_increment: { column: 'id', sequence: 'zz' }, ...byId } }),
        b: { sharded: 'no', tables: { r: { type: 'reference', source: 'a.gone' } } },
      },
      routingRules: { rules: [{ from_table: 'x', to_tables: ['a.t1', 'b.r'] }] },
    };
    expect(problems(input)).toEqual([
      [`${K}.a.tables.t1.column_vindexes`, 'missing primary col vindex for table: t1'],
      [`${K}.a.tables.t2.column_vindexes[0].name`, 'vindex nope not found for table t2'],
      [`${K}.a.tables.t3.auto_increment.sequence`, 'cannot resolve sequence zz: table zz not found'],
      [`${K}.b.sharded`, 'invalid value for bool field sharded: "no"'],
      [`${K}.b.tables.r.source`, 'source "a.gone" references a table "gone" that is not present in the VSchema of keyspace "a"'],
      ['$.routing_rules.rules[0].to_tables', 'table x has more than one target: [a.t1 b.r]'],
    ]);
  });

  it('assertValidVSchema throws ValidationError SG200 listing every problem', () => {
    const input = { keyspaces: { a: hashed({ t1: {}, t2: {} }) } };
    let thrown: unknown;
    try {
      assertValidVSchema(input, options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(isServiceError(thrown, 'SG200')).toBe(true);
    expect((thrown as ValidationError).problems).toHaveLength(2);
    expect((thrown as ValidationError).message).toBe(
      'invalid VSchema: 2 problems\n' +
        `${K}.a.tables.t1.column_vindexes: missing primary col vindex for table: t1\n` +
        `${K}.a.tables.t2.column_vindexes: missing primary col vindex for table: t2`,
    );
  });

  it('assertValidVSchema returns a deeply frozen model keeping JSON order', () => {
    const { model, warnings } = assertValidVSchema({ keyspaces: { z: hashed({ t2: byId, t1: byId }), a: {} } }, options);
    expect(warnings).toEqual([]);
    expect([...model.keyspaces.keys()]).toEqual(['z', 'a']);
    const z = model.keyspaces.get('z')!;
    expect([...z.tables.keys()]).toEqual(['t2', 't1']);
    expect(Object.isFrozen(model) && Object.isFrozen(z) && Object.isFrozen(z.tables.get('t1')!.columnVindexes[0])).toBe(true);
    expect(() => (model.keyspaces as Map<string, unknown>).set('x', {})).toThrow('cannot modify a frozen map');
    expect(() => (z.tables as Map<string, unknown>).delete('t1')).toThrow('cannot modify a frozen map');
    expect(Object.isFrozen(z.vindexes.get('hash')!.params)).toBe(true);
  });
});
