// useDocumentCache: parsed and validated operation documents are reused across requests, with
// hit and miss counters for /metrics. Parsing goes through Yoga's parser cache, backed by
// bounded LRU maps; validation results are kept here, per document (Yoga's validation cache
// joins the names of every validation rule into a key on each request, about 10 µs). A
// repeated operation is neither parsed nor validated again. Owns the caches and the counting;
// the SQL plan cache belongs to the runtime.

import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LruCache } from '../util/lru.js';

/** Hit and miss counts of one cache since start. */
export interface CacheCounts {
  readonly hits: number;
  readonly misses: number;
}

/** What the document cache did since start. */
export interface DocumentCacheStats {
  /** Documents looked up by their text (a cached syntax error is a hit too). */
  readonly parse: CacheCounts;
  /** Validations answered from the cache (same document, same rules) or run. */
  readonly validate: CacheCounts;
  /** Documents held now (at most the capacity). */
  readonly documents: number;
  readonly capacity: number;
}

/** Yoga's `parserAndValidationCache` option, as createYoga takes it (validation is cached by the plugin). */
export interface YogaCacheOptions {
  readonly documentCache: { get(key: string): DocumentNode | undefined; set(key: string, value: DocumentNode): void };
  readonly errorCache: { get(key: string): unknown; set(key: string, value: unknown): void };
  readonly validationCache: false;
}

/** The plugin plus what createYoga needs and the counters. */
export interface DocumentCachePlugin extends Plugin {
  /** Pass as createYoga's `parserAndValidationCache`. */
  readonly yogaCache: YogaCacheOptions;
  stats(): DocumentCacheStats;
}

/** Options of {@link useDocumentCache}. */
export interface DocumentCacheOptions {
  /** Most documents kept (and as many cached syntax errors); default 1000. */
  readonly maxDocuments?: number;
}

/**
 * `fn` wrapped to call `count` on every call; one wrapper per function (kept in `memo`), so a
 * request does not allocate one.
 */
function counting<F extends (...args: never[]) => unknown>(memo: WeakMap<object, unknown>, fn: F, count: () => void): F {
  let wrapped = memo.get(fn) as F | undefined;
  if (wrapped === undefined) {
    wrapped = ((...args: Parameters<F>) => {
      count();
      return fn(...args);
    }) as F;
    memo.set(fn, wrapped);
  }
  return wrapped;
}

/**
 * Creates the document cache. Contract: `yogaCache` must be given to createYoga and the plugin
 * to its plugins. Parse counting wraps the parse function, so a lookup that Yoga's cache answers
 * is a hit and one that reaches graphql-js is a miss. Validation results are cached per schema
 * and document object (WeakMaps), so they live exactly as long as the document's LRU entry;
 * the validation rules must be the same for every request of a server (shardgate's are: the
 * specified rules plus useLimits' fixed ones).
 */
export function useDocumentCache(options: DocumentCacheOptions = {}): DocumentCachePlugin {
  const capacity = options.maxDocuments ?? 1000;
  const documents = new LruCache<string, DocumentNode>(capacity);
  const errors = new LruCache<string, unknown>(capacity);
  const counts = { parseLookups: 0, parses: 0, validateLookups: 0, validations: 0 };
  const countedParse = new WeakMap<object, unknown>();
  const validated = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly Error[]>>();

  return {
    yogaCache: {
      documentCache: { get: (key) => documents.get(key), set: (key, value) => documents.set(key, value) },
      errorCache: { get: (key) => errors.get(key), set: (key, value) => errors.set(key, value) },
      validationCache: false,
    },
    stats: () => ({
      parse: { hits: counts.parseLookups - counts.parses, misses: counts.parses },
      validate: { hits: counts.validateLookups - counts.validations, misses: counts.validations },
      documents: documents.size,
      capacity,
    }),
    onParse({ parseFn, setParseFn }) {
      counts.parseLookups++;
      setParseFn(counting(countedParse, parseFn, () => counts.parses++));
    },
    onValidate({ params: { schema, documentAST }, setResult }) {
      counts.validateLookups++;
      let bySchema = validated.get(schema);
      if (bySchema === undefined) {
        bySchema = new WeakMap();
        validated.set(schema, bySchema);
      }
      const cached = bySchema.get(documentAST);
      if (cached !== undefined) {
        setResult(cached);
        return undefined;
      }
      counts.validations++;
      const store = bySchema;
      return ({ result }) => {
        store.set(documentAST, result as readonly Error[]);
      };
    },
  };
}
