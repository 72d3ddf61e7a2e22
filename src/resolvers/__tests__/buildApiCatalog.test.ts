import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../util/invariant.js';
import { buildApiCatalog } from '../buildApiCatalog.js';
import { column, schema, table, testCatalog, vschemaModel } from './fixtures.js';

const id = column('id', 'INT64', 'bigint');

describe('buildApiCatalog', () => {
  it('serves every table of an unsharded keyspace and the listed ones of a sharded keyspace, sequences hidden', () => {
    const { catalog } = testCatalog();
    expect(catalog.tables.map((t) => `${t.keyspace}.${t.table}`)).toEqual([
      'commerce.allTypes',
      'commerce.cheap',
      'commerce.product',
      'customer.corder',
      'customer.customer',
    ]);
    expect(Object.isFrozen(catalog.tables)).toBe(true);
  });

  it('describes a sharded table: primary vindex, sharding columns, planning columns, sequence-filled default', () => {
    const customer = testCatalog().table('customer');
    expect(customer).toMatchObject({
      keyspace: 'customer',
      sharded: true,
      type: 'table',
      view: false,
      primaryKey: ['customer_id'],
      shardingColumns: ['customer_id'],
      primaryVindex: { name: 'hash', type: 'hash' },
    });
    expect(customer.columns.map((c) => [c.name, c.hasDefault])).toEqual([
      ['customer_id', true],
      ['email', false],
      ['score', false],
    ]);
    expect(customer.planningColumns[1]).toEqual({ name: 'email', type: 'VARCHAR' });
  });

  it('describes unsharded tables and views without sharding facts', () => {
    const { table: t } = testCatalog();
    expect(t('product').shardingColumns).toBeUndefined();
    expect(t('product').primaryKey).toEqual(['sku', 'rev']);
    expect(t('cheap')).toMatchObject({ view: true, primaryKey: [], sharded: false });
  });

  it('copies column facts and derives hasDefault', () => {
    const input = [
      column('a', 'INT64', 'bigint', { autoIncrement: true }),
      column('b', 'VARCHAR', 'varchar(3)', { default: { kind: 'literal' }, comment: 'bee' }),
      column('c', 'INT32', 'int', { nullable: true, default: { kind: 'null' } }),
      column('d', 'INT32', 'int', { generated: { kind: 'virtual' } }),
      column('e', 'ENUM', "enum('x')", { enumValues: ['x'] }),
      column('f', 'DECIMAL', 'decimal(5,1)', { precision: 5, scale: 1 }),
    ];
    const catalog = buildApiCatalog({ vschema: vschemaModel({ ks: {} }), schemas: [schema('ks', [table('t', input, ['a'], { comment: 'tee' })])] });
    const t = catalog.tables[0]!;
    expect(t.comment).toBe('tee');
    expect(t.columns.map((c) => [c.name, c.hasDefault, c.generated])).toEqual([
      ['a', true, false],
      ['b', true, false],
      ['c', true, false],
      ['d', true, true],
      ['e', false, false],
      ['f', false, false],
    ]);
    expect(t.columns[1]!.comment).toBe('bee');
    expect(t.columns[4]!.enumValues).toEqual(['x']);
    expect(t.columns[5]).toMatchObject({ precision: 5, scale: 1 });
  });

  it('exposes a reference table once: hidden when its source is served, served from its keyspace otherwise', () => {
    const vschema = vschemaModel({
      main: { tables: { zip: {} } },
      sh: {
        sharded: true,
        vindexes: { hash: { type: 'hash' } },
        tables: { zip: { type: 'reference', source: 'main.zip' }, country: { type: 'reference' }, t: { column_vindexes: [{ column: 'id', name: 'hash' }] } },
      },
    });
    const zip = table('zip', [id], ['id']);
    const catalog = buildApiCatalog({
      vschema,
      schemas: [schema('main', [zip]), schema('sh', [zip, table('country', [id], ['id']), table('t', [id], ['id'])])],
    });
    expect(catalog.tables.map((t) => [`${t.keyspace}.${t.table}`, t.type, t.shardingColumns])).toEqual([
      ['main.zip', 'table', undefined],
      ['sh.country', 'reference', undefined],
      ['sh.t', 'table', ['id']],
    ]);
  });

  it('serves a reference copy whose source table does not exist', () => {
    const vschema = vschemaModel({
      main: { tables: { zip: {} } },
      sh: { sharded: true, tables: { zip: { type: 'reference', source: 'main.zip' } } },
    });
    const catalog = buildApiCatalog({ vschema, schemas: [schema('main', []), schema('sh', [table('zip', [id], ['id'])])] });
    expect(catalog.tables.map((t) => `${t.keyspace}.${t.table}:${t.type}`)).toEqual(['sh.zip:reference']);
  });

  it('skips listed tables that do not exist, and sorts tables by code unit', () => {
    const vschema = vschemaModel({ sh: { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { b: { column_vindexes: [{ column: 'ID', name: 'hash' }] }, a: { column_vindexes: [{ column: 'id', name: 'hash' }] }, gone: { column_vindexes: [{ column: 'id', name: 'hash' }] } } } });
    const catalog = buildApiCatalog({ vschema, schemas: [schema('sh', [table('b', [id], ['id']), table('a', [id], ['id']), table('B', [id], ['id'])])] });
    expect(catalog.tables.map((t) => t.table)).toEqual(['a', 'b']);
    expect(catalog.tables[1]!.shardingColumns).toEqual(['id']);
  });

  it('keeps VSchema keyspace order and is deterministic', () => {
    const vschema = vschemaModel({ z: {}, a: {} });
    const input = { vschema, schemas: [schema('a', [table('t', [id], ['id'])]), schema('z', [table('t', [id], ['id'])])] };
    const first = buildApiCatalog(input);
    expect(first.tables.map((t) => t.keyspace)).toEqual(['z', 'a']);
    expect(JSON.stringify(buildApiCatalog(input))).toBe(JSON.stringify(first));
  });

  it('refuses a missing, repeated or unknown keyspace schema (composition bugs)', () => {
    const vschema = vschemaModel({ a: {} });
    expect(() => buildApiCatalog({ vschema, schemas: [] })).toThrow(InvariantError);
    expect(() => buildApiCatalog({ vschema, schemas: [schema('a', []), schema('a', [])] })).toThrow(InvariantError);
    expect(() => buildApiCatalog({ vschema, schemas: [schema('a', []), schema('b', [])] })).toThrow(InvariantError);
  });

  it('sorts foreign keys by name and keeps a cross-database reference', () => {
    const fks = [
      { name: 'z_fk', columns: ['a'], referencedTable: 'p', referencedColumns: ['id'] },
      { name: 'a_fk', columns: ['b'], referencedSchema: 'other', referencedTable: 'q', referencedColumns: ['id'] },
    ];
    const catalog = buildApiCatalog({ vschema: vschemaModel({ ks: {} }), schemas: [schema('ks', [table('t', [id], ['id'], { foreignKeys: fks })])] });
    expect(catalog.tables[0]!.foreignKeys).toEqual([fks[1], fks[0]]);
  });
});
