// buildRelationships: relationship names from foreign keys (pluralize, `_by_<fk>`, collisions,
// `_rel`), both directions, cross-database keys, configured relationships and their start-up
// problems (every one listed with its JSON path).
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/problems.js';
import { buildApiCatalog } from '../buildApiCatalog.js';
import { arrayRelationshipName, buildRelationships, objectRelationshipName, type ConfiguredRelationship } from '../buildRelationships.js';
import type { ApiCatalog, ApiForeignKey, CatalogTableInput } from '../catalog.js';
import { column, schema, table, vschemaModel } from './fixtures.js';

const id = (name: string) => column(name, 'INT64', 'bigint');
const fk = (name: string, columns: string[], referencedTable: string, referencedColumns: string[], referencedSchema?: string): ApiForeignKey => ({
  name,
  columns,
  referencedTable,
  referencedColumns,
  ...(referencedSchema === undefined ? {} : { referencedSchema }),
});

/** A catalog of unsharded keyspaces `main` (the given tables) and `other` (table `remote`). */
function catalogOf(tables: CatalogTableInput[]): ApiCatalog {
  return buildApiCatalog({
    vschema: vschemaModel({ main: { sharded: false, tables: {} }, other: { sharded: false, tables: {} } }),
    schemas: [schema('main', tables), schema('other', [table('remote', [id('remote_id'), id('city_id')], ['remote_id'])])],
  });
}

/** `table.field → kind target(columns→toColumns)` for every relationship, in catalog order. */
function summary(catalog: ApiCatalog): string[] {
  return (catalog.relationships ?? []).map(
    (r) => `${r.from.table}.${r.name} → ${r.kind} ${r.to.keyspace}.${r.to.table}(${r.columns.join(',')}→${r.toColumns.join(',')})`,
  );
}

function build(tables: CatalogTableInput[], configured: ConfiguredRelationship[] = [], databases = new Map([['db_other', 'other']])): ApiCatalog {
  return buildRelationships({ catalog: catalogOf(tables), configured, databases });
}

describe('preferred names (INTERFACES.md §5)', () => {
  it.each([
    [['customer_id'], 'customer', 'customer'],
    [['original_language_id'], 'language', 'original_language'],
    [['OWNER_ID'], 'person', 'OWNER'],
    [['id'], 'person', 'person'],
    [['_id'], 'person', 'person'],
    [['sku'], 'product', 'product'],
    [['a_id', 'b_id'], 'pair', 'pair'],
  ])('object relationship of %j → %s is %s', (columns, target, expected) => {
    expect(objectRelationshipName(columns, target)).toBe(expected);
  });

  it.each([
    ['payment', ['customer_id'], false, 'payments'],
    ['address', ['city_id'], false, 'addresses'],
    ['city', ['country_id'], false, 'cities'],
    ['person', ['x_id'], false, 'people'],
    ['film', ['language_id'], true, 'films_by_language_id'],
    ['film', ['a', 'b'], true, 'films_by_a_b'],
  ])('array relationship of %s(%j), several %s → %s', (referencing, columns, several, expected) => {
    expect(arrayRelationshipName(referencing, columns, several)).toBe(expected);
  });
});

describe('relationships from foreign keys', () => {
  it('gives both directions, deterministically', () => {
    const tables = [
      table('customer', [id('customer_id')], ['customer_id']),
      table('payment', [id('payment_id'), id('customer_id')], ['payment_id'], { foreignKeys: [fk('payment_customer', ['customer_id'], 'customer', ['customer_id'])] }),
    ];
    expect(summary(build(tables))).toEqual(['customer.payments → array main.payment(customer_id→customer_id)', 'payment.customer → object main.customer(customer_id→customer_id)']);
    expect(build(tables)).toEqual(build([...tables].reverse()));
  });

  it('names several keys to one table _by_<column>, and object ones after their columns', () => {
    const tables = [
      table('language', [id('language_id')], ['language_id']),
      table('film', [id('film_id'), id('language_id'), column('original_language_id', 'INT64', 'bigint', { nullable: true })], ['film_id'], {
        foreignKeys: [fk('fk_lang', ['language_id'], 'language', ['language_id']), fk('fk_orig', ['original_language_id'], 'language', ['language_id'])],
      }),
    ];
    expect(summary(build(tables))).toEqual([
      'film.language → object main.language(language_id→language_id)',
      'film.original_language → object main.language(original_language_id→language_id)',
      'language.films_by_language_id → array main.film(language_id→language_id)',
      'language.films_by_original_language_id → array main.film(language_id→original_language_id)',
    ]);
  });

  it('resolves collisions: column → referenced table name → _rel → _rel_2', () => {
    const tables = [
      table('product', [column('sku', 'VARCHAR', 'varchar(20)')], ['sku']),
      // `sku` is a column (the referenced table's name then), `product` and `product_rel` are columns too.
      table('line', [id('line_id'), column('sku', 'VARCHAR', 'varchar(20)'), column('product', 'INT64', 'bigint'), column('product_rel', 'INT64', 'bigint'), column('alt', 'VARCHAR', 'varchar(20)')], ['line_id'], {
        foreignKeys: [fk('a_line_sku', ['sku'], 'product', ['sku']), fk('b_line_alt', ['alt'], 'product', ['sku'])],
      }),
    ];
    expect(summary(build(tables)).filter((d) => d.startsWith('line.'))).toEqual([
      'line.product_rel_2 → object main.product(sku→sku)',
      'line.product_rel_3 → object main.product(alt→sku)',
    ]);
  });

  it('an array relationship avoids R and R_aggregate of columns (then R_rel)', () => {
    const tables = [
      table('customer', [id('customer_id'), column('orders_aggregate', 'INT64', 'bigint')], ['customer_id']),
      table('order', [id('order_id'), id('customer_id')], ['order_id'], { foreignKeys: [fk('o_c', ['customer_id'], 'customer', ['customer_id'])] }),
    ];
    expect(summary(build(tables)).filter((d) => d.startsWith('customer.'))).toEqual(['customer.orders_rel → array main.order(customer_id→customer_id)']);
  });

  it('a self-reference gives an object and an array on the same table', () => {
    const tables = [table('employee', [id('employee_id'), column('manager_id', 'INT64', 'bigint', { nullable: true })], ['employee_id'], { foreignKeys: [fk('mgr', ['manager_id'], 'employee', ['employee_id'])] })];
    expect(summary(build(tables))).toEqual(['employee.manager → object main.employee(manager_id→employee_id)', 'employee.employees → array main.employee(employee_id→manager_id)']);
  });

  it('follows a cross-database key to the keyspace whose shard database it names; ignores unknown databases and unserved tables', () => {
    const tables = [
      table('city', [id('city_id'), id('remote_id'), id('gone_id'), id('elsewhere_id')], ['city_id'], {
        foreignKeys: [fk('a', ['remote_id'], 'remote', ['remote_id'], 'db_other'), fk('b', ['gone_id'], 'gone', ['gone_id']), fk('c', ['elsewhere_id'], 'remote', ['remote_id'], 'db_unknown')],
      }),
    ];
    expect(summary(build(tables))).toEqual(['city.remote → object other.remote(remote_id→remote_id)', 'remote.cities → array main.city(remote_id→remote_id)']);
  });
});

describe('configured relationships', () => {
  const tables = (): CatalogTableInput[] => [
    table('customer', [id('customer_id')], ['customer_id']),
    table('payment', [id('payment_id'), id('customer_id')], ['payment_id'], { foreignKeys: [fk('payment_customer', ['customer_id'], 'customer', ['customer_id'])] }),
  ];
  const rel = (extra: Partial<ConfiguredRelationship>): ConfiguredRelationship => ({
    from: { keyspace: 'main', table: 'payment' },
    name: 'payer',
    columns: ['customer_id'],
    to: { keyspace: 'main', table: 'customer' },
    toColumns: ['customer_id'],
    ...extra,
  });

  it('keep their names, come first, and replace the same foreign key edge', () => {
    expect(summary(build(tables(), [rel({ reverse: 'bills' })]))).toEqual(['customer.bills → array main.payment(customer_id→customer_id)', 'payment.payer → object main.customer(customer_id→customer_id)']);
    // Without reverse, the foreign key still gives the array direction.
    expect(summary(build(tables(), [rel({})]))).toEqual(['customer.payments → array main.payment(customer_id→customer_id)', 'payment.payer → object main.customer(customer_id→customer_id)']);
  });

  it('work across keyspaces, matching column names case-insensitively', () => {
    const catalog = build(tables(), [rel({ name: 'remote', columns: ['CUSTOMER_ID'], to: { keyspace: 'other', table: 'remote' }, toColumns: ['remote_id'], reverse: 'payments' })]);
    expect(summary(catalog)).toContain('payment.remote → object other.remote(customer_id→remote_id)');
    expect(summary(catalog)).toContain('remote.payments → array main.payment(remote_id→customer_id)');
  });

  it('report every problem with its JSON path', () => {
    const configured = [
      rel({ from: { keyspace: 'main', table: 'nope' } }),
      rel({ columns: ['customer_id', 'x'], toColumns: ['customer_id'] }),
      rel({ name: 'customer_id', toColumns: ['missing'] }),
      rel({ name: 'ok', reverse: 'customer_id' }),
      rel({ name: 'ok2', reverse: 'payments' }),
    ];
    let error: unknown;
    try {
      build(tables(), configured);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).id).toBe('SG1020');
    expect((error as ValidationError).problems).toEqual([
      { path: '$.relationships[0].from', message: 'no served table main.nope (keyspace main: it serves customer, payment)' },
      { path: '$.relationships[1].columns[1]', message: 'main.payment has no column "x"' },
      { path: '$.relationships[1].toColumns', message: '1 columns cannot pair with the 2 of columns' },
      { path: '$.relationships[2].toColumns[0]', message: 'main.customer has no column "missing"' },
      { path: '$.relationships[3].reverse', message: '"customer_id" is already column customer_id of main.customer' },
    ]);
  });
});
