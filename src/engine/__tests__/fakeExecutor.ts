// A logging fake ShardExecutor for engine tests: records one `execute keyspace/shard sql
// binds` line per call (in call order), answers with canned rows or errors per shard, can
// hold a call until its signal aborts, and tracks how many calls were in flight at once.
// Its errors carry the pools' ids (SG603, SG604, SG605) as src/pools would throw them.

import { ServiceError } from '../../errors/serviceError.js';
import { isBindList, type BindVars, type Row } from '../../sharding/plan/plan.js';
import { describeSqlValue, type SqlType } from '../../util/sqlValue.js';
import type { ExecuteOptions, QueryResult, ResultField, ShardExecutor, ShardTarget } from '../shardExecutor.js';

/** What a shard answers: rows (fields optional), an error to reject with, or `hang` until aborted. */
export type FakeReply = readonly Row[] | { readonly rows: readonly Row[]; readonly fields: readonly ResultField[] } | Error | 'hang';

/** Replies by `keyspace/shard`, or a function of the call. A shard with no reply answers no rows. */
export type FakeReplies = Readonly<Record<string, FakeReply>> | ((target: ShardTarget, sql: string, binds: BindVars) => FakeReply);

/** A fake executor and what it saw. */
export interface FakeExecutor extends ShardExecutor {
  /** `execute <keyspace>/<shard>[@replica] <sql> {<bind>: <value>, …}` per call, in call order. */
  readonly lines: string[];
  /** The options of each call, in call order. */
  readonly options: ExecuteOptions[];
  /** The most calls that were in flight at the same time. */
  readonly maxInFlight: number;
}

/** Formats binds as `{a: INT64(1), l: [INT64(1), INT64(2)]}`, names sorted. */
export function formatBinds(binds: BindVars): string {
  const parts = Object.keys(binds)
    .sort()
    .map((k) => {
      const v = binds[k]!;
      return `${k}: ${isBindList(v) ? `[${v.map(describeSqlValue).join(', ')}]` : describeSqlValue(v)}`;
    });
  return `{${parts.join(', ')}}`;
}

/** Field types guessed from the first row (VARBINARY for a NULL), named c0, c1, …. */
function guessFields(rows: readonly Row[]): ResultField[] {
  return (rows[0] ?? []).map((v, i) => ({ name: `c${i}`, type: (v.type === 'NULL' ? 'VARBINARY' : v.type) as SqlType }));
}

/** A ServiceError as a pools executor would throw it, for `keyspace/shard`. */
export function shardError(code: 'UNAVAILABLE' | 'DEADLINE_EXCEEDED' | 'INVALID_ARGUMENT', where: string, what: string): ServiceError {
  const id = code === 'UNAVAILABLE' ? 'SG604' : code === 'DEADLINE_EXCEEDED' ? 'SG603' : 'SG605';
  return new ServiceError(id, `${where}: ${what}`, { details: { shard: where } });
}

/**
 * Creates the fake. Contract: every call logs its line synchronously; answers settle on a
 * later macrotask, so calls started together are in flight together; a `hang` answer
 * settles only when the call's signal aborts (DEADLINE_EXCEEDED naming the shard).
 */
export function createFakeExecutor(replies: FakeReplies = {}): FakeExecutor {
  const lines: string[] = [];
  const options: ExecuteOptions[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fake = {
    lines,
    options,
    get maxInFlight() {
      return maxInFlight;
    },
    execute(target: ShardTarget, sql: string, binds: BindVars, opts: ExecuteOptions = {}): Promise<QueryResult> {
      const where = `${target.keyspace}/${target.shard}`;
      const tablet = target.tabletType === 'replica' ? '@replica' : '';
      lines.push(`execute ${where}${tablet} ${sql} ${formatBinds(binds)}`);
      options.push(opts);
      const reply = typeof replies === 'function' ? replies(target, sql, binds) : (replies[where] ?? []);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<QueryResult>((resolve, reject) => {
        const settle = (): void => {
          inFlight--;
          if (reply instanceof Error) return reject(reply);
          if (reply === 'hang') return;
          const rows = 'rows' in reply ? reply.rows : reply;
          const fields = 'fields' in reply ? reply.fields : guessFields(rows);
          resolve({ fields, rows, rowsAffected: 0, insertId: 0n });
        };
        if (reply === 'hang') {
          const onAbort = (): void => {
            inFlight--;
            reject(shardError('DEADLINE_EXCEEDED', where, 'statement cancelled'));
          };
          if (opts.signal?.aborted) onAbort();
          else opts.signal?.addEventListener('abort', onAbort, { once: true });
          return;
        }
        setImmediate(settle);
      });
    },
  };
  return fake;
}
