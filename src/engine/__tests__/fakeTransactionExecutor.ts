// A logging fake TransactionalShardExecutor for the write-path engine tests: one line per
// call (`begin`, `execute`, `commit`, `rollback`, each naming `keyspace/shard` and, inside a
// transaction, its number `#n`), scripted answers per statement, injectable COMMIT failures,
// an optional server identity (flavor and version), and a check that a transaction never runs two statements at once.

import { ServiceError, isServiceError } from '../../errors/serviceError.js';
import type { BindVars, Row } from '../../sharding/plan/plan.js';
import type { ExecuteOptions, QueryResult, ServerInfo, ShardTarget, TransactionConnection, TransactionalShardExecutor } from '../shardExecutor.js';
import { formatBinds } from './fakeExecutor.js';

/** An answer: rows, affected rows, or an error to reject with. */
export type TxReply = { readonly rows?: readonly Row[]; readonly rowsAffected?: number } | Error;

/** Answers a statement; `tx` is the transaction number, undefined outside a transaction. */
export type TxReplies = (target: { keyspace: string; shard: string }, sql: string, binds: BindVars, tx: number | undefined) => TxReply | undefined;

/** The fake and what it saw. */
export interface FakeTransactionExecutor extends TransactionalShardExecutor {
  readonly lines: string[];
  /** Transactions still open (begun, neither committed nor rolled back). */
  openTransactions(): number;
}

/** Options of {@link createFakeTransactionExecutor}. */
export interface FakeTransactionOptions {
  readonly replies?: TxReplies;
  /** `keyspace/shard`s whose COMMIT fails (UNAVAILABLE, as a lost connection). */
  readonly failCommit?: readonly string[];
  /** The server every shard reports (TransactionalShardExecutor.server); absent: the fake has no `server`, as an executor that cannot tell. */
  readonly server?: ServerInfo;
}

/** A MySQL server error as src/pools wraps it (errno and sqlState in details). */
export function mysqlError(where: string, errno: number, message: string): ServiceError {
  const id = errno === 1062 || errno === 1452 ? 'SG607' : 'SG605';
  return new ServiceError(id, `MySQL error ${errno} on ${where}: ${message}`, { details: { shard: where, errno, sqlState: '23000' } });
}

function settleLater<T>(work: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error);
      }
    }),
  );
}

function answer(reply: TxReply | undefined): QueryResult {
  if (reply instanceof Error) throw reply;
  return { fields: [], rows: reply?.rows ?? [], rowsAffected: reply?.rowsAffected ?? 0, insertId: 0n };
}

/** Creates the fake; answers settle on a later macrotask so concurrent calls overlap. */
export function createFakeTransactionExecutor(options: FakeTransactionOptions = {}): FakeTransactionExecutor {
  const lines: string[] = [];
  const replies = options.replies ?? (() => undefined);
  const failCommit = new Set(options.failCommit ?? []);
  let next = 1;
  let open = 0;
  const server = options.server;
  return {
    lines,
    openTransactions: () => open,
    ...(server === undefined ? {} : { server: () => settleLater(() => server) }),
    execute(target: ShardTarget, sql: string, binds: BindVars, _options?: ExecuteOptions): Promise<QueryResult> {
      const where = `${target.keyspace}/${target.shard}`;
      lines.push(`execute ${where} ${sql} ${formatBinds(binds)}`);
      return settleLater(() => answer(replies(target, sql, binds, undefined)));
    },
    begin(target: ShardTarget): Promise<TransactionConnection> {
      const where = `${target.keyspace}/${target.shard}`;
      const id = next++;
      lines.push(`begin ${where}#${id}`);
      open++;
      let busy = false;
      let ended = false;
      const end = (): void => {
        if (!ended) open--;
        ended = true;
      };
      const connection: TransactionConnection = {
        keyspace: target.keyspace,
        shard: target.shard,
        execute(sql, binds) {
          if (busy) throw new Error(`two statements at once on ${where}#${id}`);
          if (ended) return Promise.reject(new ServiceError('SG712', `transaction ${where}#${id} ended`));
          busy = true;
          lines.push(`execute ${where}#${id} ${sql} ${formatBinds(binds)}`);
          return settleLater(() => {
            busy = false;
            return answer(replies({ keyspace: target.keyspace, shard: target.shard }, sql, binds, id));
          });
        },
        commit() {
          lines.push(`commit ${where}#${id}`);
          return settleLater(() => {
            end();
            if (failCommit.has(where)) throw new ServiceError('SG604', `lost the connection to ${where} during COMMIT`, { details: { shard: where } });
          });
        },
        rollback() {
          lines.push(`rollback ${where}#${id}`);
          return settleLater(end);
        },
      };
      return settleLater(() => connection);
    },
  };
}

/** The ServiceError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    if (isServiceError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection with a ServiceError');
}
