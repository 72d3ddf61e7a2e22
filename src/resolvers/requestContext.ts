// The per-request state behind RequestContext: options, the explain entries and statement
// counts of what ran, the by-pk DataLoaders (one per table) and the keyed DataLoaders of
// relationships (one per table, key columns and read shape), each created on first use. Owns no
// planning or execution; apiRuntime.ts drives it.

import type DataLoader from 'dataloader';
import type { ExecutionObserver } from '../engine/executionObserver.js';
import type { PlanSummary } from '../sharding/plan/describePlan.js';
import type { SqlValue } from '../util/sqlValue.js';
import type { ApiRow, ExplainEntry, RequestContext, RequestContextOptions } from './apiRuntime.js';
import type { ApiTable } from './catalog.js';
import type { RequestTransaction, TransactionEnd } from './requestTransaction.js';

/** One by-pk load: the key's values per pk column, the columns wanted and the field path. */
export interface PkLoadKey {
  readonly values: readonly SqlValue[];
  /** Equal for two keys that name the same row exactly (pkLoader.ts canonicalKey). */
  readonly canonical: string;
  readonly columns: readonly string[];
  /** `columns` as JSON text (part of the DataLoader cache key). */
  readonly columnsText: string;
  readonly path: string;
}

/** The RequestContext the runtime creates; its extra members are the runtime's, not src/schema's. */
export class ApiRequestContext implements RequestContext {
  readonly options: Readonly<RequestContextOptions>;
  /** Record explain entries. */
  readonly explain: boolean;
  readonly #entries: ExplainEntry[] = [];
  readonly #counts = new Map<string, number>();
  readonly #loaders = new Map<ApiTable, DataLoader<PkLoadKey, ApiRow | null, string>>();
  readonly #keyed = new Map<string, unknown>();
  #transaction: RequestTransaction | undefined;

  constructor(options: RequestContextOptions) {
    this.options = Object.freeze({ ...options });
    this.explain = options.explain === true || options.dryRun === true;
  }

  plan(): ExplainEntry[] {
    return this.#entries.map((e) => ({ ...e, shards: [...e.shards] }));
  }

  statementsPerShard(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Adds explain entries (dry-run: the plan's summary) when explaining. */
  record(entries: readonly PlanSummary[]): void {
    if (this.explain) this.#entries.push(...entries);
  }

  /** An observer for one execution at `path`: routes become explain entries, statements counts. */
  observer(path: string): ExecutionObserver {
    return {
      onRoute: (e) => {
        if (this.explain) this.#entries.push({ path, keyspace: e.keyspace, opcode: e.opcode, shards: [...e.shards], sql: e.sql });
      },
      onStatement: (e) => {
        const key = `${e.keyspace}/${e.shard}`;
        this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
      },
    };
  }

  /** The request's by-pk loader of `table`, created by `create` on first use. */
  loader(table: ApiTable, create: () => DataLoader<PkLoadKey, ApiRow | null, string>): DataLoader<PkLoadKey, ApiRow | null, string> {
    let loader = this.#loaders.get(table);
    if (loader === undefined) {
      loader = create();
      this.#loaders.set(table, loader);
    }
    return loader;
  }

  /**
   * The request's loader named `key` (relationLoader.ts keyedLoaderKey), created by `create` on
   * first use. Contract: one key always names loaders of one type.
   */
  keyedLoader<T>(key: string, create: () => T): T {
    let loader = this.#keyed.get(key) as T | undefined;
    if (loader === undefined) {
      loader = create();
      this.#keyed.set(key, loader);
    }
    return loader;
  }

  /** The request's write transaction (mutationRuntime.ts), created by `create` on the first mutation field. */
  transaction(create: () => RequestTransaction): RequestTransaction {
    this.#transaction ??= create();
    return this.#transaction;
  }

  endTransaction(commit: boolean): Promise<TransactionEnd> {
    return this.#transaction?.end(commit) ?? Promise.resolve({ errors: [], discardData: false, committed: [] });
  }
}
