// mutationError: what a client sees when MySQL refuses a write. Duplicate keys, foreign key
// violations and refused values (out of range, too long, wrong value, NULL, CHECK) become
// BAD_USER_INPUT catalogue errors (SG1055–SG1057) that name the table and carry the MySQL
// error number, with a message of shardgate's own (the server's text may quote data and stays
// the cause, for the log). Everything else passes through unchanged.

import type { ErrorId } from '../errors/catalogue.js';
import { ServiceError } from '../errors/serviceError.js';
import type { ApiTable } from './catalog.js';

const DUPLICATE_KEY = new Set([1062, 1022, 1586]);
/** 1451/1217: a referencing row exists; 1452/1216: the referenced row does not. */
const FOREIGN_KEY = new Map([
  [1451, 'referenced'],
  [1217, 'referenced'],
  [1452, 'missing'],
  [1216, 'missing'],
]);
/** MySQL errors for a value its column refuses, each with what it means. */
const REFUSED_VALUE: ReadonlyMap<number, string> = new Map([
  [1048, 'a NOT NULL column was given NULL'],
  [1264, 'a value is out of range for its column'],
  [1265, 'a value does not fit its column (data truncated)'],
  [1292, 'a value is not a valid value of its column type'],
  [1364, 'a NOT NULL column without a default was not given a value'],
  [1366, 'a value is not a valid value of its column type'],
  [1406, 'a value is too long for its column'],
  [1690, 'a computed value is out of range for its column'],
  [3819, 'a CHECK constraint is violated'],
  [4025, 'a CHECK constraint is violated'],
]);

/** The MySQL error number and shards of a failed write, from the error, its details and its causes. */
function mysqlFailure(error: unknown): { errno: number; sqlState?: string } | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (current instanceof ServiceError && typeof current.details.errno === 'number') {
      const sqlState = current.details.sqlState;
      return { errno: current.details.errno, ...(typeof sqlState === 'string' ? { sqlState } : {}) };
    }
    if (current instanceof AggregateError) queue.push(...(current.errors as unknown[]));
    if (current instanceof Error) queue.push(current.cause);
  }
  return undefined;
}

function shardsOf(error: ServiceError): string[] {
  const { shards, shard } = error.details;
  if (Array.isArray(shards)) return shards.filter((s): s is string => typeof s === 'string');
  return typeof shard === 'string' ? [shard] : [];
}

function foreignKeyText(table: ApiTable, kind: string): string {
  const where = `${table.keyspace}.${table.table}`;
  if (kind === 'referenced') return `rows of another table reference the ${where} row(s) being changed or deleted (a foreign key refuses it)`;
  const keys = table.foreignKeys.map((fk) => `${fk.name}: (${fk.columns.join(', ')}) → ${fk.referencedTable}(${fk.referencedColumns.join(', ')})`);
  return `a foreign key of ${where} has no matching row${keys.length === 0 ? '' : ` (${keys.join('; ')})`}; on a sharded keyspace the referenced row must live on the same shard`;
}

/**
 * Maps a failed write of `table` (`action`: `insert into`, `update of`, `delete from`) to
 * what the client sees. Contract: an error (or one of its causes, or for a multi-shard failure
 * one shard's error) with a MySQL error number becomes SG1055 (duplicate key: 1062, 1022,
 * 1586), SG1056 (foreign key: 1451, 1452, 1216, 1217) or SG1057 (refused value: 1048, 1264,
 * 1265, 1292, 1364, 1366, 1406, 1690, 3819, 4025) with `details` {keyspace, table, errno,
 * sqlState, shards} and the original error as `cause`; any other error is returned as it is.
 */
export function mutationError(table: ApiTable, action: string, error: unknown): unknown {
  if (!(error instanceof ServiceError)) return error;
  const failure = mysqlFailure(error);
  if (failure === undefined) return error;
  const where = `${table.keyspace}.${table.table}`;
  const shards = shardsOf(error);
  let id: ErrorId;
  let text: string;
  if (DUPLICATE_KEY.has(failure.errno)) {
    id = 'SG1055';
    text = `a row of ${where} with the same PRIMARY or UNIQUE key value already exists (use on_conflict to update it instead)`;
  } else if (FOREIGN_KEY.has(failure.errno)) {
    id = 'SG1056';
    text = foreignKeyText(table, FOREIGN_KEY.get(failure.errno)!);
  } else if (REFUSED_VALUE.has(failure.errno)) {
    id = 'SG1057';
    text = `${REFUSED_VALUE.get(failure.errno)!} of ${where}`;
  } else {
    return error;
  }
  const on = shards.length === 0 ? '' : ` on ${shards.join(', ')}`;
  return new ServiceError(id, `${action} ${where} failed${on}: ${text} (MySQL error ${failure.errno})`, {
    details: { keyspace: table.keyspace, table: table.table, errno: failure.errno, ...(failure.sqlState === undefined ? {} : { sqlState: failure.sqlState }), shards },
    cause: error,
  });
}
