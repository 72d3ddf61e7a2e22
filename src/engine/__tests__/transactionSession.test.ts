// The per-request transaction session against the logging fake: lazy begin per shard and
// commit order, the single-shard rule (pre/post transactions exempt, as Vitess), commit
// order and the exact report of a failed multi-shard commit, rollback, and reads that join
// the request's own transactions.

import { describe, expect, it } from 'vitest';
import { sqlInt64 } from '../../util/sqlValue.js';
import { createTransactionSession } from '../transactionSession.js';
import { createFakeTransactionExecutor, rejectionOf } from './fakeTransactionExecutor.js';

const A = { keyspace: 'customer', shard: '-80' };
const B = { keyspace: 'customer', shard: '80-' };
const C = { keyspace: 'commerce', shard: '0' };

describe('createTransactionSession', () => {
  it('begins a transaction on first use of a shard and reuses it; nothing is begun before', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'single' });
    expect(executor.lines).toEqual([]);
    await session.execute(A, 'insert 1', {});
    await session.execute(A, 'insert 2', { v: sqlInt64(1) });
    expect(executor.lines).toEqual(['begin customer/-80#1', 'execute customer/-80#1 insert 1 {}', 'execute customer/-80#1 insert 2 {v: INT64(1)}']);
    expect(await session.commit()).toEqual({ committed: ['customer/-80'] });
    expect(executor.lines.at(-1)).toBe('commit customer/-80#1');
    expect(session.state).toBe('committed');
  });

  it('runs the statements of one transaction one at a time, in call order', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'multi' });
    await Promise.all([session.execute(A, 's1', {}), session.execute(A, 's2', {}), session.execute(B, 's3', {})]);
    expect(executor.lines.filter((l) => l.includes('-80#'))).toEqual(['begin customer/-80#1', 'execute customer/-80#1 s1 {}', 'execute customer/-80#1 s2 {}']);
  });

  it('single: a write to a second shard is refused before it begins, naming both shards', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'single' });
    await session.execute(A, 'insert', {});
    const error = await rejectionOf(session.execute(B, 'insert', {}));
    expect(error.id).toBe('SG710');
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect(error.details.shards).toEqual(['customer/-80', 'customer/80-']);
    expect(error.message).toContain('customer/-80, customer/80-');
    expect(executor.lines.some((l) => l.includes('80-#'))).toBe(false);
  });

  it('single: admit refuses two shards with nothing begun at all', () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'single' });
    expect(() => session.admit('customer', ['-80', '80-'])).toThrow(expect.objectContaining({ id: 'SG710' }) as Error);
    expect(executor.lines).toEqual([]);
    expect(() => session.admit('customer', ['80-'])).not.toThrow();
  });

  it('single: pre and post transactions (consistent lookups) do not count as shards', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'single' });
    await session.execute(C, 'insert lookup', {}, { order: 'pre' });
    await session.execute(A, 'insert row', {});
    await session.execute(C, 'delete lookup', {}, { order: 'post' });
    expect(await session.commit()).toEqual({ committed: ['commerce/0', 'customer/-80', 'commerce/0'] });
    expect(executor.lines.filter((l) => l.startsWith('commit'))).toEqual(['commit commerce/0#1', 'commit customer/-80#2', 'commit commerce/0#3']);
  });

  it('multi: commits pre, then normal shards in first-use order, then post', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'multi' });
    await session.execute(B, 'w', {});
    await session.execute(C, 'post', {}, { order: 'post' });
    await session.execute(A, 'w', {});
    await session.execute(C, 'pre', {}, { order: 'pre' });
    const report = await session.commit();
    expect(report.committed).toEqual(['commerce/0', 'customer/80-', 'customer/-80', 'commerce/0']);
  });

  it('multi: a failed COMMIT reports exactly which shards committed, which failed and which were rolled back', async () => {
    const executor = createFakeTransactionExecutor({ failCommit: ['customer/80-'] });
    const session = createTransactionSession({ executor, mode: 'multi' });
    await session.execute(C, 'pre', {}, { order: 'pre' });
    await session.execute(A, 'w', {});
    await session.execute(B, 'w', {});
    await session.execute({ keyspace: 'customer', shard: 'c0-' }, 'w', {});
    await session.execute(C, 'post', {}, { order: 'post' });
    const error = await rejectionOf(session.commit());
    expect(error.id).toBe('SG711');
    expect(error.details).toMatchObject({ mode: 'multi', committed: ['commerce/0', 'customer/-80'], failed: 'customer/80-', rolledBack: ['customer/c0-', 'commerce/0'] });
    expect(error.message).toContain('committed: commerce/0, customer/-80');
    expect(executor.lines.filter((l) => /^(commit|rollback)/.test(l))).toEqual([
      'commit commerce/0#1',
      'commit customer/-80#2',
      'commit customer/80-#3',
      'rollback customer/c0-#4',
      'rollback commerce/0#5',
    ]);
    expect(session.state).toBe('failed');
    expect(executor.openTransactions()).toBe(0);
  });

  it('rollback ends every transaction; afterwards writes and commit are refused (SG712), rollback again does nothing', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'multi' });
    await session.execute(A, 'w', {});
    await session.execute(C, 'pre', {}, { order: 'pre' });
    await session.rollback();
    expect(executor.openTransactions()).toBe(0);
    expect((await rejectionOf(session.execute(A, 'w', {}))).id).toBe('SG712');
    expect((await rejectionOf(session.commit())).id).toBe('SG712');
    const before = executor.lines.length;
    await session.rollback();
    expect(executor.lines.length).toBe(before);
  });

  it('commit with nothing written commits nothing', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'single' });
    expect(await session.commit()).toEqual({ committed: [] });
    expect(executor.lines).toEqual([]);
  });

  it('reader: joins the open transaction of a shard (normal before pre), else runs outside any transaction', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'multi' });
    await session.execute(C, 'pre', {}, { order: 'pre' });
    await session.execute(A, 'w', {});
    await session.reader.execute({ ...A, tabletType: 'replica' }, 'select a', {});
    await session.reader.execute(C, 'select c', {});
    await session.reader.execute(B, 'select b', {});
    expect(executor.lines.filter((l) => l.includes('select'))).toEqual([
      'execute customer/-80#2 select a {}',
      'execute commerce/0#1 select c {}',
      'execute customer/80- select b {}',
    ]);
  });

  it('autocommit: the one write of a request runs outside any transaction; a second write is refused', async () => {
    const executor = createFakeTransactionExecutor();
    const session = createTransactionSession({ executor, mode: 'single', autocommit: true });
    expect(session.canAutocommit).toBe(true);
    await session.autocommit!(A, 'insert', {});
    expect(session.canAutocommit).toBe(false);
    expect((await rejectionOf(session.execute(B, 'insert', {}))).id).toBe('SG712');
    expect((await rejectionOf(session.autocommit!(A, 'insert', {}))).id).toBe('SG712');
    expect(await session.commit()).toEqual({ committed: ['customer/-80'] });
    expect(executor.lines).toEqual(['execute customer/-80 insert {}']);
  });

  it('autocommit is not offered without the option, nor once a transaction began', async () => {
    const plain = createTransactionSession({ executor: createFakeTransactionExecutor(), mode: 'single' });
    expect(plain.canAutocommit).toBe(false);
    expect((await rejectionOf(plain.autocommit!(A, 'insert', {}))).id).toBe('SG712');
    const session = createTransactionSession({ executor: createFakeTransactionExecutor(), mode: 'single', autocommit: true });
    await session.execute(C, 'pre', {}, { order: 'pre' });
    expect(session.canAutocommit).toBe(false);
  });
});
