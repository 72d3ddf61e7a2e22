// parseConfig: a parsed shardgate.json value → the frozen Config, reading VSchema files
// relative to a base directory. Collects every problem (schema, VSchema files, shard layout)
// and throws them together. Reading the config file itself is loadConfig's job.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ValidationError } from '../errors/problems.js';
import { freezeMap } from '../util/frozenMap.js';
import { invariant } from '../util/invariant.js';
import { checkKeyspaces, isPlainObject, type CheckedKeyspace } from './checkKeyspaces.js';
import type { Config, KeyspaceConfig, RelationshipConfig, ShardConfig } from './config.js';
import { createConfigSchema, type ParsedConfigFile } from './configSchema.js';
import { formatPathProblems, sortByDocumentOrder, type PathProblem } from './pathProblem.js';
import { zodIssueMessage, zodProblems } from './zodProblems.js';

/** Where parseConfig finds VSchema files and how it names the config in messages. */
export interface ParseConfigOptions {
  /** Directory relative VSchema paths are resolved against (made absolute). */
  readonly baseDir: string;
  /** Reads a UTF-8 file; defaults to fs.readFileSync. A missing file should throw with `code: 'ENOENT'`. */
  readonly readFile?: (path: string) => string;
  /** Path of the file `json` came from, for Config.configPath and messages. */
  readonly configPath?: string;
}

/**
 * Validates a parsed shardgate.json value and returns the deeply frozen Config.
 * Contract: synchronous; applies every default; reads each `vschema` path relative to
 * `baseDir`; does not modify `json` (inline VSchemas are copied). Throws ValidationError
 * SG100 listing every problem, each with its JSON path, in document order: unknown keys,
 * wrong types and bounds, bad tablet URLs, unreadable or non-object VSchema files (at
 * `$.keyspaces.<ks>.vschema`), bad shard names, gaps and overlaps between shards, unsharded
 * keyspaces without exactly one shard, and relationships naming unknown keyspaces.
 */
export function parseConfig(json: unknown, options: ParseConfigOptions): Config {
  const baseDir = resolve(options.baseDir);
  const configPath = options.configPath === undefined ? null : resolve(options.configPath);
  const rawKeyspaces = isPlainObject(json) && isPlainObject(json.keyspaces) ? json.keyspaces : undefined;

  const parsed = createConfigSchema(rawKeyspaces && new Set(Object.keys(rawKeyspaces))).safeParse(json, { error: zodIssueMessage });
  const problems: PathProblem[] = parsed.success ? [] : zodProblems(parsed.error.issues);
  const checked = rawKeyspaces && checkKeyspaces(rawKeyspaces, { baseDir, readFile: options.readFile ?? ((path) => readFileSync(path, 'utf8')) });
  if (checked) problems.push(...checked.problems);

  if (problems.length > 0 || !parsed.success) {
    const what = configPath === null ? 'invalid configuration' : `invalid configuration file ${configPath}`;
    throw new ValidationError('SG100', what, formatPathProblems(sortByDocumentOrder(problems, json)));
  }
  invariant(checked, 'a config that passed its schema has a keyspaces object');
  return buildConfig(parsed.data, checked.keyspaces, baseDir, configPath);
}

function buildConfig(file: ParsedConfigFile, checked: ReadonlyMap<string, CheckedKeyspace>, baseDir: string, configPath: string | null): Config {
  const keyspaces = Object.entries(file.keyspaces).map(([name, keyspace]): [string, KeyspaceConfig] => {
    const found = checked.get(name);
    invariant(found, `keyspace ${name} passed its checks`);
    const shards = found.shards.map((shard): ShardConfig => {
      const tablets = keyspace.shards[shard.key];
      invariant(tablets, `shard ${shard.key} of ${name} was parsed`);
      return Object.freeze({ name: shard.name, keyRange: shard.keyRange, primary: tablets.primary, replicas: Object.freeze(tablets.replicas) });
    });
    return [
      name,
      Object.freeze({
        name,
        vschema: deepFreezeJson(structuredClone(found.vschema)),
        ...(found.vschemaPath === undefined ? {} : { vschemaPath: found.vschemaPath }),
        sharded: found.sharded,
        shards: Object.freeze(shards),
      }),
    ];
  });
  const relationships = file.relationships.map(
    (r): RelationshipConfig =>
      Object.freeze({
        from: r.from,
        name: r.name,
        columns: Object.freeze(r.columns),
        to: r.to,
        toColumns: Object.freeze(r.toColumns),
        ...(r.reverse === undefined ? {} : { reverse: r.reverse }),
      }),
  );
  return Object.freeze({
    listen: Object.freeze(file.listen),
    keyspaces: freezeMap(keyspaces),
    relationships: Object.freeze(relationships),
    pool: Object.freeze(file.pool),
    limits: Object.freeze(file.limits),
    introspection: file.introspection,
    transactionMode: file.transactionMode,
    federation: file.federation,
    configPath,
    baseDir,
  });
}

function deepFreezeJson<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreezeJson(child);
    Object.freeze(value);
  }
  return value;
}
