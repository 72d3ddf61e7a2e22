// The zod schema of shardgate.json: every key, its type, bounds and default, strict objects
// everywhere, tablet URLs and relationship table names parsed in place. Does not read files
// or check shard coverage: parseConfig does that on the raw document (see shardLayout.ts).

import { z } from 'zod';
import { isServiceError } from '../errors/serviceError.js';
import { expecting } from './zodProblems.js';
import { parseTabletUrl } from './tabletUrl.js';
import type { TableRef } from './config.js';

const GRAPHQL_NAME = /^(?!__)[_A-Za-z][_0-9A-Za-z]*$/;

/** Every default of the file, as documented in README.md. */
export const CONFIG_DEFAULTS = {
  listen: { host: '127.0.0.1', port: 4000 },
  pool: { size: 16, acquireTimeoutMs: 2000, idleTimeoutMs: 60_000, queueLimit: 1000 },
  limits: {
    queryTimeoutMs: 10_000,
    maxRows: 10_000,
    maxDepth: 15,
    maxAliases: 30,
    maxTokens: 5000,
    maxBatchSize: 1000,
    maxConcurrentOperations: 8,
    allowScatterWrites: false,
  },
  introspection: true,
  transactionMode: 'single',
  federation: false,
} as const;

const positiveInt = (fallback: number) => z.int().min(1).default(fallback);

const tabletUrl = z.string(expecting('a mysql:// URL')).transform((text, ctx) => {
  try {
    return parseTabletUrl(text);
  } catch (error) {
    if (!isServiceError(error, 'SG102')) throw error;
    ctx.issues.push({ code: 'custom', message: error.message, input: text });
    return z.NEVER;
  }
});

const shard = z.strictObject({
  primary: tabletUrl,
  replicas: z.array(tabletUrl).default([]),
});

const keyspace = z.strictObject({
  vschema: z.union([z.string().min(1), z.record(z.string(), z.unknown())], expecting('a VSchema file path or an inline VSchema object')),
  shards: z.record(z.string(), shard),
});

const listen = z.strictObject({
  host: z.string().min(1).default(CONFIG_DEFAULTS.listen.host),
  port: z.int().min(0).max(65535).default(CONFIG_DEFAULTS.listen.port),
});

const pool = z.strictObject({
  size: positiveInt(CONFIG_DEFAULTS.pool.size),
  acquireTimeoutMs: positiveInt(CONFIG_DEFAULTS.pool.acquireTimeoutMs),
  idleTimeoutMs: positiveInt(CONFIG_DEFAULTS.pool.idleTimeoutMs),
  queueLimit: z.int().min(0).default(CONFIG_DEFAULTS.pool.queueLimit),
});

const limits = z.strictObject({
  queryTimeoutMs: positiveInt(CONFIG_DEFAULTS.limits.queryTimeoutMs),
  maxRows: positiveInt(CONFIG_DEFAULTS.limits.maxRows),
  maxDepth: positiveInt(CONFIG_DEFAULTS.limits.maxDepth),
  maxAliases: z.int().min(0).default(CONFIG_DEFAULTS.limits.maxAliases),
  maxTokens: positiveInt(CONFIG_DEFAULTS.limits.maxTokens),
  maxBatchSize: positiveInt(CONFIG_DEFAULTS.limits.maxBatchSize),
  maxConcurrentOperations: z.int().min(0).default(CONFIG_DEFAULTS.limits.maxConcurrentOperations),
  allowScatterWrites: z.boolean().default(CONFIG_DEFAULTS.limits.allowScatterWrites),
});

const graphqlName = z.string().regex(GRAPHQL_NAME, {
  error: (issue) => `expected a GraphQL name (letters, digits, _; not starting with a digit or __), got ${JSON.stringify(issue.input)}`,
});

const columns = z.array(z.string().min(1)).min(1);

/** Splits `keyspace.table` (exactly one dot, both parts non-empty); undefined otherwise. */
export function parseTableRef(text: string): TableRef | undefined {
  const match = /^([^.]+)\.([^.]+)$/.exec(text);
  return match ? { keyspace: match[1]!, table: match[2]! } : undefined;
}

function tableRef(keyspaces: ReadonlySet<string> | undefined) {
  return z.string(expecting('"keyspace.table"')).transform((text, ctx): TableRef => {
    const ref = parseTableRef(text);
    if (ref === undefined) {
      ctx.issues.push({ code: 'custom', message: `expected "keyspace.table", got ${JSON.stringify(text)}`, input: text });
      return z.NEVER;
    }
    if (keyspaces !== undefined && !keyspaces.has(ref.keyspace)) {
      const known = [...keyspaces].join(', ') || 'none';
      ctx.issues.push({ code: 'custom', message: `unknown keyspace ${JSON.stringify(ref.keyspace)} (keyspaces: ${known})`, input: text });
      return z.NEVER;
    }
    return Object.freeze(ref);
  });
}

function relationship(keyspaces: ReadonlySet<string> | undefined) {
  return z
    .strictObject({
      from: tableRef(keyspaces),
      name: graphqlName,
      columns,
      to: tableRef(keyspaces),
      toColumns: columns,
      reverse: graphqlName.optional(),
    })
    .superRefine((r, ctx) => {
      if (r.columns.length !== r.toColumns.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['toColumns'],
          message: `expected ${r.columns.length} column${r.columns.length === 1 ? '' : 's'} to pair with columns, got ${r.toColumns.length}`,
        });
      }
    });
}

type ParsedRelationship = z.output<ReturnType<typeof relationship>>;

/** Reports a relationship field name given twice to one table (as `name` on `from`, `reverse` on `to`). */
function checkFieldNames(relationships: readonly ParsedRelationship[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  relationships.forEach((r, index) => {
    const fields: [TableRef, string, 'name' | 'reverse'][] = [[r.from, r.name, 'name']];
    if (r.reverse !== undefined) fields.push([r.to, r.reverse, 'reverse']);
    for (const [table, field, key] of fields) {
      const id = `${table.keyspace}.${table.table}.${field}`;
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, `$.relationships[${index}].${key}`);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: [index, key],
          message: `field ${JSON.stringify(field)} of ${table.keyspace}.${table.table} is already declared at ${first}`,
        });
      }
    }
  });
}

/**
 * Builds the schema of the whole file. `keyspaces` are the keyspace names the file declares
 * (undefined when `keyspaces` is not an object): relationship ends must name one of them.
 * Contract: output objects have every default filled in; keyspace entries keep the raw
 * `vschema` value (parseConfig loads it). Key-range and shard-coverage rules are not here.
 */
export function createConfigSchema(keyspaces: ReadonlySet<string> | undefined) {
  return z.strictObject({
    $schema: z.string().optional(),
    listen: listen.prefault({}),
    keyspaces: z.record(z.string(), keyspace),
    relationships: z.array(relationship(keyspaces)).superRefine(checkFieldNames).default([]),
    pool: pool.prefault({}),
    limits: limits.prefault({}),
    introspection: z.boolean().default(CONFIG_DEFAULTS.introspection),
    transactionMode: z.enum(['single', 'multi']).default(CONFIG_DEFAULTS.transactionMode),
    federation: z.boolean().default(CONFIG_DEFAULTS.federation),
  });
}

/** The parsed (not yet cross-checked) file. */
export type ParsedConfigFile = z.output<ReturnType<typeof createConfigSchema>>;
