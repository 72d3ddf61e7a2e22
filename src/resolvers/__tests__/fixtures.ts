// Builders for the resolvers unit tests: VSchema models (through buildVSchema with the vschema
// tests' stand-in vindex registry), introspected columns and tables in the structural shapes
// buildApiCatalog reads, a small two-keyspace catalog used across the tests, and a predicate
// printer.

import type { Predicate } from '../../sharding/planner/queryRequest.js';
import { assertNever } from '../../util/invariant.js';
import { describeSqlValue, type SqlType } from '../../util/sqlValue.js';
import { buildVSchema } from '../../vschema/buildVSchema.js';
import type { VSchemaModel } from '../../vschema/model.js';
import { describeFakeVindexType } from '../../vschema/__tests__/fakeVindexTypes.js';
import { buildApiCatalog } from '../buildApiCatalog.js';
import type { ApiCatalog, ApiTable, CatalogColumnInput, CatalogKeyspaceInput, CatalogTableInput } from '../catalog.js';

/** A VSchema model from keyspace JSON; throws listing the problems when it is invalid. */
export function vschemaModel(keyspaces: Record<string, unknown>): VSchemaModel {
  const { model, problems } = buildVSchema({ keyspaces }, { describeVindexType: describeFakeVindexType });
  if (problems.length > 0) throw new Error(`invalid test VSchema: ${JSON.stringify(problems)}`);
  return model;
}

/** An introspected column: NOT NULL without default unless told otherwise. */
export function column(name: string, type: SqlType, columnType: string, extra: Partial<CatalogColumnInput> = {}): CatalogColumnInput {
  return {
    name,
    columnType,
    type,
    unsigned: columnType.includes('unsigned'),
    nullable: false,
    default: { kind: 'none' },
    autoIncrement: false,
    comment: '',
    isBoolean: false,
    ...extra,
  };
}

/** An introspected base table. */
export function table(name: string, columns: readonly CatalogColumnInput[], primaryKey: readonly string[], extra: Partial<CatalogTableInput> = {}): CatalogTableInput {
  return { name, type: 'BASE TABLE', comment: '', columns, primaryKey, foreignKeys: [], ...extra };
}

/** The introspected schema of a keyspace. */
export function schema(keyspace: string, tables: readonly CatalogTableInput[]): CatalogKeyspaceInput {
  return { keyspace, tables: new Map(tables.map((t) => [t.name, t])) };
}

/** Every column type the values tests cover, as one table `allTypes` (pk `id`). */
export const ALL_TYPES: readonly CatalogColumnInput[] = [
  column('id', 'INT64', 'bigint'),
  column('i8', 'INT8', 'tinyint', { nullable: true }),
  column('u8', 'UINT8', 'tinyint unsigned'),
  column('i32', 'INT32', 'int'),
  column('u32', 'UINT32', 'int unsigned'),
  column('u64', 'UINT64', 'bigint unsigned'),
  column('yr', 'YEAR', 'year'),
  column('flag', 'INT8', 'tinyint(1)', { isBoolean: true }),
  column('f32', 'FLOAT32', 'float'),
  column('f64', 'FLOAT64', 'double'),
  column('dec', 'DECIMAL', 'decimal(12,2)', { precision: 12, scale: 2 }),
  column('dt', 'DATETIME', 'datetime(6)', { precision: 6 }),
  column('ts', 'TIMESTAMP', 'timestamp', { default: { kind: 'expression' } }),
  column('d', 'DATE', 'date'),
  column('tm', 'TIME', 'time'),
  column('doc', 'JSON', 'json'),
  column('bin', 'VARBINARY', 'varbinary(16)', { maxLength: 16 }),
  column('bits', 'BIT', 'bit(8)'),
  column('geo', 'GEOMETRY', 'geometry'),
  column('mood', 'ENUM', "enum('sad','ok','happy')", { enumValues: ['sad', 'ok', 'happy'] }),
  column('tags', 'SET', "set('a','b','c')", { enumValues: ['a', 'b', 'c'] }),
  column('name', 'VARCHAR', 'varchar(40)', { nullable: true, maxLength: 40, padSpace: true, spaceWeight: '0020', maxWeightsPerChar: 1 }),
  column('code', 'CHAR', 'char(4)', { maxLength: 4 }),
  column('body', 'TEXT', 'text', { nullable: true }),
];

/**
 * A catalog of two keyspaces: `commerce` (unsharded: `product` with a composite key, `allTypes`
 * and a view) and `customer` (sharded by hash on `customer_id`: `customer`, `corder`).
 */
export function testCatalog(): { catalog: ApiCatalog; vschema: VSchemaModel; table(name: string): ApiTable } {
  const vschema = vschemaModel({
    commerce: { tables: { customer_seq: { type: 'sequence' } } },
    customer: {
      sharded: true,
      vindexes: { hash: { type: 'hash' } },
      tables: {
        customer: { column_vindexes: [{ column: 'customer_id', name: 'hash' }], auto_increment: { column: 'customer_id', sequence: 'customer_seq' } },
        corder: { column_vindexes: [{ column: 'customer_id', name: 'hash' }] },
      },
    },
  });
  const catalog = buildApiCatalog({
    vschema,
    schemas: [
      schema('commerce', [
        table('product', [column('sku', 'VARCHAR', 'varchar(20)'), column('rev', 'INT32', 'int'), column('price', 'DECIMAL', 'decimal(10,2)', { nullable: true })], ['sku', 'rev']),
        table('allTypes', ALL_TYPES, ['id']),
        table('customer_seq', [column('id', 'INT64', 'bigint'), column('next_id', 'INT64', 'bigint')], ['id']),
        table('cheap', [column('sku', 'VARCHAR', 'varchar(20)')], [], { type: 'VIEW' }),
      ]),
      schema('customer', [
        table('customer', [column('customer_id', 'INT64', 'bigint'), column('email', 'VARCHAR', 'varchar(128)'), column('score', 'INT32', 'int', { nullable: true })], ['customer_id']),
        table('corder', [column('order_id', 'INT64', 'bigint'), column('customer_id', 'INT64', 'bigint'), column('sku', 'VARCHAR', 'varchar(20)', { nullable: true }), column('status', 'ENUM', "enum('new','paid')", { enumValues: ['new', 'paid'] })], ['order_id']),
      ]),
    ],
  });
  return {
    catalog,
    vschema,
    table(name: string): ApiTable {
      const found = catalog.tables.find((t) => t.table === name);
      if (found === undefined) throw new Error(`no table ${name} in the test catalog`);
      return found;
    },
  };
}

/** A compact text of a predicate for asserts: `(score > INT64(1) and email is null)`. */
export function showPredicate(p: Predicate): string {
  switch (p.kind) {
    case 'and':
    case 'or':
      return `(${p.operands.map(showPredicate).join(` ${p.kind} `)})`;
    case 'not':
      return `not ${showPredicate(p.operand)}`;
    case 'cmp':
      return `${p.column} ${p.op} ${describeSqlValue(p.value)}`;
    case 'in':
      return `${p.column} ${p.negated ? 'not in' : 'in'} [${p.values.map(describeSqlValue).join(', ')}]`;
    case 'isNull':
      return `${p.column} is ${p.negated ? 'not null' : 'null'}`;
    case 'like':
      return `${p.column} ${p.negated ? 'not like' : 'like'} ${describeSqlValue(p.pattern)}`;
    case 'true':
    case 'false':
      return p.kind;
    default:
      return assertNever(p);
  }
}
