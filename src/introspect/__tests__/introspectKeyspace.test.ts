import { describe, expect, it } from 'vitest';
import type { ExecuteOptions, QueryResult, ShardExecutor, ShardTarget } from '../../engine/shardExecutor.js';
import { ServiceError, isServiceError } from '../../errors/serviceError.js';
import { SQL_NULL, makeSqlValue, sqlInt64, sqlValueToString, type SqlValue } from '../../util/sqlValue.js';
import { buildSchemaInfo } from '../buildSchemaInfo.js';
import { DEFAULT_INTROSPECT_MAX_ROWS, assertNoDrift, introspectKeyspace } from '../introspectKeyspace.js';
import type { CatalogRows } from '../readCatalog.js';
import { MARIADB, MYSQL, columnRow } from './fixtures.js';

type Cell = string | number | null;

function value(cell: Cell): SqlValue {
  if (cell === null) return SQL_NULL;
  return typeof cell === 'number' ? sqlInt64(cell) : makeSqlValue('VARCHAR', cell);
}

/** The rows information_schema would return for `sql` on a server holding `catalog`. */
function rowsFor(sql: string, catalog: CatalogRows, database: string | null): Cell[][] {
  if (sql.includes('version()')) return [[catalog.flavor === 'mariadb' ? '10.11.19-MariaDB-0+deb12u1' : '8.0.36', database]];
  if (sql.includes('information_schema.tables')) return catalog.tables.map((t) => [t.name, t.type, t.comment]);
  if (sql.includes('information_schema.columns')) {
    return catalog.columns.map((c) => [
      c.table, c.name, c.position, c.dataType, c.columnType, c.nullable ? 'YES' : 'NO', c.default, c.extra, c.maxLength,
      c.numericPrecision, c.numericScale, c.datetimePrecision, c.charset, c.collation, c.comment, c.generationExpression,
    ]);
  }
  if (sql.includes('information_schema.statistics')) {
    return catalog.indexes.map((i) => [i.table, i.index, i.unique ? 0 : 1, i.position, i.column, i.subPart, i.indexType]);
  }
  if (sql.includes('key_column_usage')) {
    return catalog.foreignKeys.map((f) => [
      f.table, f.name, f.position, f.column, f.referencedSchema, f.referencedTable, f.referencedColumn, f.updateRule, f.deleteRule,
    ]);
  }
  if (sql.includes('check_constraints')) return catalog.checks.map((c) => [c.table, c.name, c.clause]);
  if (sql.includes('weight_string')) {
    // The collation probe: one `select '<collation>', …` per collation, answered in that order.
    return [...sql.matchAll(/select '(\w+)'/g)].map(([, name]) => {
      const c = catalog.collations.find((row) => row.collation === name);
      if (c === undefined) throw new Error(`no collation row for ${name}`);
      return [c.collation, c.padSpace ? 1 : 0, c.spaceWeight.toUpperCase(), c.weightOfA.toUpperCase(), c.weightOfAPadded.toUpperCase(), c.sortLength];
    });
  }
  throw new Error(`unexpected SQL ${sql}`);
}

interface Call {
  readonly target: ShardTarget;
  readonly sql: string;
  readonly binds: Record<string, string | string[]>;
  readonly options: ExecuteOptions | undefined;
}

/** A fake executor serving one catalog per shard and logging every statement. */
function fakeExecutor(shards: Record<string, CatalogRows | ServiceError>, database: string | null = 'db1'): ShardExecutor & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async execute(target, sql, bindVars, options): Promise<QueryResult> {
      const binds = Object.fromEntries(
        Object.entries(bindVars).map(([k, v]) => [k, Array.isArray(v) ? v.map(sqlValueToString) : sqlValueToString(v as SqlValue)]),
      );
      calls.push({ target, sql, binds, options });
      const catalog = shards[target.shard];
      if (catalog === undefined) throw new Error(`unknown shard ${target.shard}`);
      if (catalog instanceof ServiceError) throw catalog;
      const rows = rowsFor(sql, catalog, database).map((r) => r.map(value));
      return { fields: [], rows, rowsAffected: 0, insertId: 0n };
    },
  };
}

const DRIFTED: CatalogRows = {
  ...MARIADB,
  columns: MARIADB.columns.map((c) => (c.table === 't' && c.name === 'd' ? { ...c, columnType: 'decimal(12,2)', numericPrecision: 12 } : c)),
  tables: MARIADB.tables.filter((t) => t.name !== 'v'),
};

describe('introspectKeyspace', () => {
  it('returns the first shard schema and no drift when every shard agrees', async () => {
    const executor = fakeExecutor({ '-40': MARIADB, '40-80': MARIADB, '80-': MARIADB });
    const result = await introspectKeyspace(executor, 'ks', ['-40', '40-80', '80-']);
    expect(result.schema).toEqual(buildSchemaInfo('ks', '-40', MARIADB));
    expect(result.drift).toEqual([]);
    expect(new Set(executor.calls.map((c) => c.target.shard))).toEqual(new Set(['-40', '40-80', '80-']));
    // MariaDB: version, tables, columns, statistics, foreign keys, then check constraints and the collation probe.
    expect(executor.calls.filter((c) => c.target.shard === '-40')).toHaveLength(7);
    for (const call of executor.calls) {
      expect(call.target).toEqual({ keyspace: 'ks', shard: call.target.shard });
      if (!call.sql.includes('weight_string')) expect(call.sql).toMatch(/database\(\)/);
      expect(call.binds).toEqual({});
      expect(call.options).toEqual({ maxRows: DEFAULT_INTROSPECT_MAX_ROWS });
    }
  });

  it('reads MySQL 8 without check constraints and builds the same schema', async () => {
    const executor = fakeExecutor({ '0': MYSQL });
    const result = await introspectKeyspace(executor, 'ks', ['0']);
    expect(executor.calls.some((c) => c.sql.includes('check_constraints'))).toBe(false);
    expect(result.schema).toEqual(buildSchemaInfo('ks', '0', MARIADB));
  });

  it('binds the table filter as a list and passes tablet type and limits to every statement', async () => {
    const executor = fakeExecutor({ '-80': MARIADB, '80-': MARIADB });
    const controller = new AbortController();
    await introspectKeyspace(executor, 'ks', ['-80', '80-'], {
      tables: ['t', "o'brien"],
      tabletType: 'replica',
      timeoutMs: 5000,
      maxRows: 100000,
      signal: controller.signal,
    });
    for (const call of executor.calls) {
      expect(call.target.tabletType).toBe('replica');
      expect(call.options).toEqual({ timeoutMs: 5000, maxRows: 100000, signal: controller.signal });
      if (call.sql.includes('version()') || call.sql.includes('weight_string')) continue;
      expect(call.sql).toMatch(/ and (k\.)?table_name in ::tables$/);
      expect(call.sql).not.toContain("o'brien");
      expect(call.binds).toEqual({ tables: ['t', "o'brien"] });
    }
  });

  it('selects nothing for an empty table filter without an empty IN list', async () => {
    const executor = fakeExecutor({ '0': MARIADB });
    await introspectKeyspace(executor, 'ks', ['0'], { tables: [] });
    // The fake serves every column whatever the filter, so it is asked about their collations too.
    const filtered = executor.calls.filter((c) => !c.sql.includes('version()') && !c.sql.includes('weight_string'));
    expect(filtered.every((c) => c.sql.endsWith(' and false') && Object.keys(c.binds).length === 0)).toBe(true);
  });

  it('asks the server about each collation of the columns once, in name order, and writes only plain names into SQL', async () => {
    const catalog: CatalogRows = {
      ...MARIADB,
      columns: [
        ...MARIADB.columns,
        columnRow('t', 'odd', 20, { dataType: 'varchar', columnType: 'varchar(3)', charset: 'utf8mb4', collation: "x' or 1" }),
        columnRow('t', 'odd2', 21, { dataType: 'varchar', columnType: 'varchar(3)', charset: 'utf8mb4; drop', collation: 'utf8mb4_bin' }),
      ],
    };
    const executor = fakeExecutor({ '0': catalog });
    const { schema } = await introspectKeyspace(executor, 'ks', ['0']);
    const probes = executor.calls.filter((c) => c.sql.includes('weight_string'));
    expect(probes).toHaveLength(1);
    const sql = probes[0]!.sql;
    expect([...sql.matchAll(/select '(\w+)'/g)].map((m) => m[1])).toEqual(['utf8mb4_bin', 'utf8mb4_general_ci']);
    expect(sql).not.toContain("x' or 1");
    expect(sql).not.toContain('drop');
    expect(sql).toContain(
      "select 'utf8mb4_general_ci', convert('a' using utf8mb4) collate utf8mb4_general_ci = convert('a ' using utf8mb4) collate utf8mb4_general_ci, " +
        "hex(weight_string(convert(' ' using utf8mb4) collate utf8mb4_general_ci)), hex(weight_string(convert('a' using utf8mb4) collate utf8mb4_general_ci)), " +
        "hex(weight_string(convert('a' using utf8mb4) collate utf8mb4_general_ci as char(3))), " +
        "(select max(sortlen) from information_schema.collations where collation_name in ('utf8mb4_general_ci', 'general_ci'))",
    );
    const columns = schema.tables.get('t')!.columns;
    expect(columns.find((c) => c.name === 's')).toMatchObject({ padSpace: true, spaceWeight: '0020', maxWeightsPerChar: 1 });
    expect(columns.find((c) => c.name === 'odd')).not.toHaveProperty('padSpace');
  });

  it('sends no collation probe when no column has a collation', async () => {
    const catalog: CatalogRows = { ...MARIADB, columns: MARIADB.columns.filter((c) => c.collation === null) };
    const executor = fakeExecutor({ '0': catalog });
    await introspectKeyspace(executor, 'ks', ['0']);
    expect(executor.calls.some((c) => c.sql.includes('weight_string'))).toBe(false);
  });

  it('reports drift per shard in shard order, each against the first shard', async () => {
    const executor = fakeExecutor({ '-40': MARIADB, '40-80': DRIFTED, '80-': DRIFTED });
    const { drift } = await introspectKeyspace(executor, 'ks', ['-40', '40-80', '80-']);
    const lines = drift.map((d) => `${d.shard} ${d.table} ${d.kind}`);
    expect(lines).toEqual(['40-80 t columnChanged', '40-80 v missingTable', '80- t columnChanged', '80- v missingTable']);
    expect(Object.isFrozen(drift)).toBe(true);
  });

  it('throws SG304 for a keyspace without shards', async () => {
    await expect(introspectKeyspace(fakeExecutor({}), 'ks', [])).rejects.toSatisfy((e) => isServiceError(e, 'SG304'));
  });

  it('throws the failure of the first failing shard in shard order', async () => {
    const executor = fakeExecutor({
      '-40': MARIADB,
      '40-80': new ServiceError('SG604', 'ks/40-80: unreachable'),
      '80-': new ServiceError('SG603', 'ks/80-: timed out'),
    });
    await expect(introspectKeyspace(executor, 'ks', ['-40', '40-80', '80-'])).rejects.toThrow('ks/40-80: unreachable');
  });

  it('throws SG852 when the tablet connection has no default database', async () => {
    const executor = fakeExecutor({ '0': MARIADB }, null);
    const error = await introspectKeyspace(executor, 'ks', ['0']).catch((e: unknown) => e);
    expect(isServiceError(error, 'SG852')).toBe(true);
    expect((error as Error).message).toBe('ks/0: the tablet connection has no default database to introspect');
  });
});

describe('assertNoDrift', () => {
  it('does nothing without drift', () => {
    expect(() => assertNoDrift([])).not.toThrow();
  });

  it('throws SG850 listing every difference', async () => {
    const executor = fakeExecutor({ '-80': MARIADB, '80-': DRIFTED });
    const { drift } = await introspectKeyspace(executor, 'ks', ['-80', '80-']);
    let error: unknown;
    try {
      assertNoDrift(drift);
    } catch (e) {
      error = e;
    }
    expect(isServiceError(error, 'SG850')).toBe(true);
    expect((error as ServiceError).code).toBe('FAILED_PRECONDITION');
    expect((error as ServiceError).message).toBe(
      [
        'schema drift between the shards of ks: 2 differences',
        'ks/80-: table t: column d: columnType is decimal(12,2), expected decimal(10,2) as on ks/-80',
        'ks/80-: table v: missing (present on ks/-80)',
      ].join('\n'),
    );
    expect((error as ServiceError).details.drift).toEqual(drift);
  });
});
