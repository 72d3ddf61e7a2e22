// RequestTransaction: one GraphQL mutation request's transaction as its mutation fields share
// it: the engine's TransactionSession (per-shard transactions, single/multi), the rule that a
// failed field rolls everything back and fails the fields after it, and the end of the request
// (commit or rollback) with what the response must say. Owns no SQL and no GraphQL.

import type { CommitReport, TransactionSession } from '../engine/transactionSession.js';
import { ServiceError, isServiceError } from '../errors/serviceError.js';

/** How a request's transaction ended, for the response (see RequestContext.endTransaction). */
export interface TransactionEnd {
  /** Errors the response must carry besides the fields' own: a failed commit. */
  readonly errors: readonly ServiceError[];
  /**
   * True when the request's writes did not all commit (rolled back, or a commit that failed):
   * the data the fields returned describes writes that did not happen, so the response's
   * `data` must be null.
   */
  readonly discardData: boolean;
  /** The `keyspace/shard`s that committed, in commit order (empty when nothing committed). */
  readonly committed: readonly string[];
}

/**
 * A failed commit, as clients see it: which shards committed, which failed and which were rolled
 * back, without the underlying error's text (it may carry driver text; it stays the cause).
 */
function commitFailure(error: unknown): ServiceError {
  if (!isServiceError(error, 'SG711')) return isServiceError(error) ? error : new ServiceError('SG711', 'commit failed; whether any shard committed is unknown', { cause: error });
  const { committed, failed, rolledBack } = error.details as { committed?: string[]; failed?: string; rolledBack?: string[] };
  const list = (names: string[] | undefined) => (names === undefined || names.length === 0 ? 'none' : names.join(', '));
  return new ServiceError(
    'SG711',
    `the mutation's commit failed on ${failed ?? 'a shard'}: committed (their writes stay): ${list(committed)}; rolled back: ${list(rolledBack)}; ${failed ?? 'the failed shard'} rolled back or in doubt`,
    { details: { ...error.details, shards: [...(committed ?? []), ...(failed === undefined ? [] : [failed]), ...(rolledBack ?? [])] }, cause: error },
  );
}

/** One request's write transaction; see the file header. Create one per request, on its first mutation field. */
export class RequestTransaction {
  readonly session: TransactionSession;
  /** True when the session was created to autocommit the request's one write. */
  readonly autocommit: boolean;
  #failure: ServiceError | undefined;
  /** The request's one write ran in autocommit and succeeded: no rollback undoes it. */
  #autocommitted = false;
  #refusal: ServiceError | undefined;
  #end: Promise<TransactionEnd> | undefined;

  constructor(session: TransactionSession, autocommit = false) {
    this.session = session;
    this.autocommit = autocommit;
  }

  /**
   * Throws the refusal of a refused request ({@link refuse}); ServiceError SG1058 when an
   * earlier mutation field of the request failed (the transaction was rolled back then, so
   * nothing of the request is written), or when the request's transaction already ended.
   */
  assertUsable(path: string): void {
    if (this.#refusal !== undefined) throw this.#refusal;
    if (this.#failure === undefined && this.#end === undefined) return;
    const because = this.#failure === undefined ? 'the request\'s transaction has ended' : `an earlier mutation failed (${this.#failure.id}: ${this.#failure.message})`;
    throw new ServiceError('SG1058', `${path} was not run: ${because}; the request's transaction was rolled back, nothing of it is written`, {
      details: { path, ...(this.#failure === undefined ? {} : { cause: this.#failure.id }) },
    });
  }

  /**
   * Refuses the whole request with `error` (a problem of the request itself, such as its
   * transaction header): every mutation field fails with `error`, nothing is written.
   */
  refuse(error: ServiceError): void {
    this.#refusal = error;
    this.#failure = error;
  }

  /** Notes a write that succeeded: in an autocommit session with no transaction begun, it ran in autocommit. */
  wrote(): void {
    const began = (['pre', 'normal', 'post'] as const).some((order) => this.session.shards(order).length > 0);
    if (this.autocommit && this.session.canAutocommit === false && !began) this.#autocommitted = true;
  }

  /**
   * Marks the request failed by `error`, rolls its transaction back (never rejects) and resolves
   * to the error to report: `error` itself, or, after a write that ran in autocommit, the same
   * ServiceError saying that write stays written.
   */
  async fail(error: unknown): Promise<unknown> {
    this.#failure ??= isServiceError(error) ? error : new ServiceError('SG714', 'a mutation failed', { cause: error });
    await this.session.rollback();
    if (!this.#autocommitted || !(error instanceof ServiceError)) return error;
    return new ServiceError(error.id, `${error.message} (the request's only write had already committed on its own, in autocommit: it stays written)`, { details: error.details, cause: error });
  }

  /**
   * Ends the transaction once (later calls get the first call's result): commits when
   * `commit` is true and no field failed, else rolls back. Never rejects: a failed commit is
   * an SG711 error in `errors` that lists the shards that committed.
   */
  end(commit: boolean): Promise<TransactionEnd> {
    this.#end ??= this.#finish(commit);
    return this.#end;
  }

  async #finish(commit: boolean): Promise<TransactionEnd> {
    if (!commit || this.#failure !== undefined || this.session.state !== 'open') {
      await this.session.rollback();
      // An autocommitted write is the one thing the response's data may still show truthfully.
      return { errors: [], discardData: !this.#autocommitted, committed: [] };
    }
    let report: CommitReport;
    try {
      report = await this.session.commit();
    } catch (error) {
      const failure = commitFailure(error);
      const committed = Array.isArray(failure.details.committed) ? (failure.details.committed as string[]) : [];
      return { errors: [failure], discardData: true, committed };
    }
    return { errors: [], discardData: false, committed: report.committed };
  }
}
