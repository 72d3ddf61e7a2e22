// Orphan clean-up of reads routed by an owned consistent lookup (lookupOrphans.ts), through
// executePlan with the logging fake transactional executor: only lookup rows naming a shard
// whose statement returned nothing are checked; a plain owner read that finds the owner, a
// lookup row gone or re-pointed, an owner row locked by a write in flight (NOWAIT error) each
// leave the row (rolled back); only a row still orphaned under both locks is deleted and
// committed. Statements are symbolic: R read owner, L lock lookup, O lock owner, D delete.

import { describe, expect, it } from 'vitest';
import type { BindVars, LookupOrphanCleanup, SelectPlan, VindexLookupNode } from '../../sharding/plan/plan.js';
import { sqlValueToString } from '../../util/sqlValue.js';
import { executePlan } from '../executePlan.js';
import { createFakeTransactionExecutor, mysqlError, type TxReply } from './fakeTransactionExecutor.js';
import { LAYOUT, LOOKUPS, lookupPlan, s, show } from './planFixtures.js';

const ORPHANS: LookupOrphanCleanup = {
  table: { keyspace: LOOKUPS, table: 'name_idx', routing: { kind: 'unsharded', shard: '0' } },
  from: 'name',
  to: 'ksid',
  sql: { readOwner: 'R', lockLookup: 'L', lockOwner: 'O', delete: 'D' },
};

/** The lookup plan over `names` (each name's keyspace id is given in `ksids`), with orphan clean-up. */
function plan(names: readonly string[]): SelectPlan {
  const base = lookupPlan('IN', names.map(s));
  return { ...base, route: { ...(base.route as VindexLookupNode), orphans: ORPHANS } };
}

/** Keyspace ids (hex) of the names: a → -40, b → 40-80, c → 80-c0. */
const KSIDS: Readonly<Record<string, string>> = { a: '10', b: '50', c: '90' };

/** A user row on -40 only (a's shard); `per` answers the clean-up statements by `sql` and name. */
function executor(per: (sql: string, name: string, tx: number | undefined) => TxReply | undefined = () => undefined) {
  return createFakeTransactionExecutor({
    replies: (target, sql, binds: BindVars, tx) => {
      if (sql.includes('name_idx')) {
        const names = binds.name as readonly ReturnType<typeof s>[];
        return { rows: names.map((n) => [n, s(KSIDS[sqlValueToString(n)]!)]) };
      }
      if (sql.startsWith('select')) return { rows: target.shard === '-40' ? [[s('1'), s('a')]] : [] };
      return per(sql, sqlValueToString(binds.name as ReturnType<typeof s>), tx);
    },
  });
}

/** The clean-up lines of `lines` (everything after the lookup read and the user reads). */
function cleanup(lines: readonly string[]): string[] {
  return lines.filter((l) => !l.includes('select'));
}

describe('removeLookupOrphans (through executePlan)', () => {
  it('deletes a lookup row still orphaned under both locks and commits; rows whose shard answered are not looked at', async () => {
    const fake = executor((sql) => (sql === 'L' ? { rows: [[s('90')]] } : sql === 'D' ? { rowsAffected: 1 } : undefined));
    const result = await executePlan(plan(['a', 'c']), fake, { layout: LAYOUT, lookupOrphans: fake });
    expect(show(result.rows)).toEqual(['1,a']);
    expect(cleanup(fake.lines)).toEqual([
      'execute customer/80-c0 R {name: VARCHAR("c")}',
      'begin lookups/0#1',
      'execute lookups/0#1 L {ksid: VARCHAR("90"), name: VARCHAR("c")}',
      'execute customer/80-c0 O {name: VARCHAR("c")}',
      'execute lookups/0#1 D {ksid: VARCHAR("90"), name: VARCHAR("c")}',
      'commit lookups/0#1',
    ]);
    expect(fake.openTransactions()).toBe(0);
  });

  it.each<[string, (sql: string) => TxReply | undefined, string[]]>([
    ['the plain owner read finds the owner (another filter hid it)', (sql) => (sql === 'R' ? { rows: [[s('b')]] } : undefined), ['execute customer/40-80 R {name: VARCHAR("b")}']],
    [
      'the lookup row is gone or names another keyspace id by now',
      () => undefined,
      ['execute customer/40-80 R {name: VARCHAR("b")}', 'begin lookups/0#1', 'execute lookups/0#1 L {ksid: VARCHAR("50"), name: VARCHAR("b")}', 'rollback lookups/0#1'],
    ],
    [
      'the owner row is locked by a write in flight (NOWAIT fails)',
      (sql) => (sql === 'L' ? { rows: [[s('50')]] } : sql === 'O' ? mysqlError('customer/40-80', 1205, 'Lock wait timeout exceeded') : undefined),
      ['execute customer/40-80 R {name: VARCHAR("b")}', 'begin lookups/0#1', 'execute lookups/0#1 L {ksid: VARCHAR("50"), name: VARCHAR("b")}', 'execute customer/40-80 O {name: VARCHAR("b")}', 'rollback lookups/0#1'],
    ],
    [
      'the owner row exists under the lock (committed since the plain read)',
      (sql) => (sql === 'L' ? { rows: [[s('50')]] } : sql === 'O' ? { rows: [[s('b')]] } : undefined),
      ['execute customer/40-80 R {name: VARCHAR("b")}', 'begin lookups/0#1', 'execute lookups/0#1 L {ksid: VARCHAR("50"), name: VARCHAR("b")}', 'execute customer/40-80 O {name: VARCHAR("b")}', 'rollback lookups/0#1'],
    ],
  ])('leaves the row when %s', async (_why, per, lines) => {
    const fake = executor(per);
    const result = await executePlan(plan(['b']), fake, { layout: LAYOUT, lookupOrphans: fake });
    expect(result.rows).toEqual([]);
    expect(cleanup(fake.lines)).toEqual(lines);
    expect(fake.openTransactions()).toBe(0);
  });

  it('never fails the read: a failing clean-up statement is swallowed after its rollback', async () => {
    const fake = executor((sql) => (sql === 'L' ? mysqlError('lookups/0', 1213, 'Deadlock found') : undefined));
    const result = await executePlan(plan(['b']), fake, { layout: LAYOUT, lookupOrphans: fake });
    expect(result.rows).toEqual([]);
    expect(cleanup(fake.lines).at(-1)).toBe('rollback lookups/0#1');
  });

  it('does nothing without the lookupOrphans option (a read-only runtime)', async () => {
    const fake = executor();
    await executePlan(plan(['b', 'c']), fake, { layout: LAYOUT });
    expect(cleanup(fake.lines)).toEqual([]);
  });
});
