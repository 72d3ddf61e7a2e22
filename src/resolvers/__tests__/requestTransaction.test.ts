// RequestTransaction over a recording fake TransactionSession (commit outcome chosen per test),
// requestTransactionMode, and mutationError's mapping of MySQL errors found anywhere in a failed
// write's error (details, causes, aggregates) to SG1055–SG1057.

import { describe, expect, it } from 'vitest';
import type { TransactionSession } from '../../engine/transactionSession.js';
import { ServiceError } from '../../errors/serviceError.js';
import { mutationError } from '../mutationError.js';
import { requestTransactionMode } from '../mutationRuntime.js';
import { RequestTransaction } from '../requestTransaction.js';
import { testCatalog } from './fixtures.js';

/** A session that logs commit and rollback; `commit` resolves with `committed` or rejects with `failure`. */
function fakeSession(outcome: { committed?: string[]; failure?: unknown; canAutocommit?: boolean } = {}): { session: TransactionSession; log: string[] } {
  const log: string[] = [];
  let state: TransactionSession['state'] = 'open';
  const unused = () => Promise.reject(new Error('not used'));
  const session: TransactionSession = {
    mode: 'single',
    get state() {
      return state;
    },
    reader: { execute: unused },
    executor: { execute: unused, begin: unused },
    admit: () => undefined,
    execute: unused,
    shards: () => outcome.committed ?? [],
    ...(outcome.canAutocommit === undefined ? {} : { canAutocommit: outcome.canAutocommit }),
    async commit() {
      log.push('commit');
      if (outcome.failure !== undefined) {
        state = 'failed';
        throw outcome.failure;
      }
      state = 'committed';
      return { committed: outcome.committed ?? [] };
    },
    async rollback() {
      log.push('rollback');
      if (state === 'open') state = 'rolledBack';
    },
  };
  return { session, log };
}

describe('RequestTransaction', () => {
  it('commits once when the operation succeeded, and reports what committed', async () => {
    const { session, log } = fakeSession({ committed: ['customer/-80'] });
    const tx = new RequestTransaction(session);
    tx.assertUsable('a');
    const [first, second] = await Promise.all([tx.end(true), tx.end(false)]);
    expect(first).toEqual({ errors: [], discardData: false, committed: ['customer/-80'] });
    expect(second).toBe(first);
    expect(log).toEqual(['commit']);
    expect(() => tx.assertUsable('b')).toThrow(expect.objectContaining({ id: 'SG1058' }));
  });

  it('rolls back when the operation had errors: the data is discarded', async () => {
    const { session, log } = fakeSession();
    expect(await new RequestTransaction(session).end(false)).toEqual({ errors: [], discardData: true, committed: [] });
    expect(log).toEqual(['rollback']);
  });

  it('after a failed field: rolled back at once, later fields refused naming the failure, never committed', async () => {
    const { session, log } = fakeSession();
    const tx = new RequestTransaction(session);
    await tx.fail(new ServiceError('SG1055', 'duplicate'));
    expect(() => tx.assertUsable('b')).toThrow(expect.objectContaining({ id: 'SG1058', message: 'b was not run: an earlier mutation failed (SG1055: duplicate); the request\'s transaction was rolled back, nothing of it is written' }));
    expect((await tx.end(true)).discardData).toBe(true);
    expect(log).toEqual(['rollback', 'rollback']);
  });

  it('a refused request fails every field with the refusal itself and writes nothing', async () => {
    const { session, log } = fakeSession();
    const tx = new RequestTransaction(session);
    const refusal = new ServiceError('SG1059', 'bad mode');
    tx.refuse(refusal);
    expect(() => tx.assertUsable('a')).toThrow(refusal);
    expect(() => tx.assertUsable('b')).toThrow(refusal);
    expect(await tx.end(true)).toEqual({ errors: [], discardData: true, committed: [] });
    expect(log).toEqual(['rollback']);
  });

  it('after a write that ran in autocommit, a failure says the write stays, and the data is kept', async () => {
    const { session } = fakeSession({ canAutocommit: false });
    const tx = new RequestTransaction(session, true);
    tx.wrote();
    const failure = (await tx.fail(new ServiceError('SG1060', 'returning failed'))) as ServiceError;
    expect(failure).toMatchObject({ id: 'SG1060', message: "returning failed (the request's only write had already committed on its own, in autocommit: it stays written)" });
    expect(await tx.end(false)).toEqual({ errors: [], discardData: false, committed: [] });
    const { session: fresh } = fakeSession({ canAutocommit: true });
    const notYet = new RequestTransaction(fresh, true);
    notYet.wrote();
    const plain = new ServiceError('SG1055', 'duplicate');
    expect(await notYet.fail(plain)).toBe(plain);
  });

  it('a failed multi-shard commit becomes an SG711 that names the committed, failed and rolled back shards, without the driver text', async () => {
    const failure = new ServiceError('SG711', 'commit failed on customer/80- (lost the connection to tablet 10.0.0.1:3306); committed: customer/-80; rolled back: none', {
      details: { mode: 'multi', committed: ['commerce/0', 'customer/-80'], failed: 'customer/80-', rolledBack: [] },
    });
    const { session } = fakeSession({ failure });
    const end = await new RequestTransaction(session).end(true);
    expect(end.discardData).toBe(true);
    expect(end.committed).toEqual(['commerce/0', 'customer/-80']);
    expect(end.errors).toHaveLength(1);
    const error = end.errors[0]!;
    expect(error.id).toBe('SG711');
    expect(error.message).toBe("the mutation's commit failed on customer/80-: committed (their writes stay): commerce/0, customer/-80; rolled back: none; customer/80- rolled back or in doubt");
    expect(error.message).not.toContain('10.0.0.1');
    expect(error.details).toMatchObject({ committed: ['commerce/0', 'customer/-80'], failed: 'customer/80-', shards: ['commerce/0', 'customer/-80', 'customer/80-'] });
    expect(error.cause).toBe(failure);
  });
});

describe('requestTransactionMode', () => {
  it.each([
    [undefined, 'single'],
    ['multi', 'multi'],
    [' MULTI ', 'multi'],
    ['Single', 'single'],
  ])('%j → %s (default single)', (asked, mode) => {
    expect(requestTransactionMode(asked, 'single')).toBe(mode);
  });

  it.each(['', 'twopc', 'multi,single'])('refuses %j with SG1059', (asked) => {
    expect(() => requestTransactionMode(asked, 'single')).toThrow(expect.objectContaining({ id: 'SG1059' }));
  });
});

describe('mutationError', () => {
  const corder = testCatalog().table('corder');
  const shardError = (errno: number) => new ServiceError('SG607', `MySQL error ${errno} on customer/-80 (tablet t1): secret text`, { details: { shard: 'customer/-80', errno, sqlState: '23000' } });

  it.each([
    [1062, 'SG1055', 'insert into customer.corder failed on customer/-80: a row of customer.corder with the same PRIMARY or UNIQUE key value already exists (use on_conflict to update it instead) (MySQL error 1062)'],
    [1452, 'SG1056', 'insert into customer.corder failed on customer/-80: a foreign key of customer.corder has no matching row; on a sharded keyspace the referenced row must live on the same shard (MySQL error 1452)'],
    [1451, 'SG1056', 'insert into customer.corder failed on customer/-80: rows of another table reference the customer.corder row(s) being changed or deleted (a foreign key refuses it) (MySQL error 1451)'],
    [1264, 'SG1057', 'insert into customer.corder failed on customer/-80: a value is out of range for its column of customer.corder (MySQL error 1264)'],
    [1406, 'SG1057', 'insert into customer.corder failed on customer/-80: a value is too long for its column of customer.corder (MySQL error 1406)'],
  ])('MySQL error %i → %s, with errno, sqlState and shards in details and the driver text only in the cause', (errno, id, message) => {
    const original = shardError(errno);
    const mapped = mutationError(corder, 'insert into', original) as ServiceError;
    expect(mapped).toMatchObject({ id, message, code: 'INVALID_ARGUMENT' });
    expect(mapped.details).toEqual({ keyspace: 'customer', table: 'corder', errno, sqlState: '23000', shards: ['customer/-80'] });
    expect(mapped.cause).toBe(original);
  });

  it('finds the MySQL error in causes and aggregates of an engine error', () => {
    const engine = new ServiceError('SG703', 'query failed on customer/-80, customer/80-', {
      details: { shards: ['customer/-80', 'customer/80-'] },
      cause: new AggregateError([new ServiceError('SG604', 'lost'), shardError(1062)]),
    });
    expect(mutationError(corder, 'update of', engine)).toMatchObject({ id: 'SG1055', details: { errno: 1062, shards: ['customer/-80', 'customer/80-'] } });
  });

  it('leaves other errors as they are', () => {
    const lost = new ServiceError('SG604', 'lost the connection', { details: { shard: 'customer/-80' } });
    expect(mutationError(corder, 'insert into', lost)).toBe(lost);
    const deadlock = shardError(1213);
    expect(mutationError(corder, 'insert into', deadlock)).toBe(deadlock);
    const plain = new Error('bug');
    expect(mutationError(corder, 'insert into', plain)).toBe(plain);
  });
});
