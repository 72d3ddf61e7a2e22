// The keyspace checks that need more than a schema: keyspace names, loading each VSchema
// (file or inline) to learn whether it is sharded, and the shard layout that follows from it.
// Works on the raw document so it runs even where the schema found other problems.

import { isAbsolute, resolve } from 'node:path';
import { parseJsonText } from '../util/jsonText.js';
import { prefixProblems, type PathProblem } from './pathProblem.js';
import { parseShardLayout, type ParsedShard } from './shardLayout.js';
import { describeValue } from './zodProblems.js';

/** A keyspace whose name, VSchema and shard layout passed. */
export interface CheckedKeyspace {
  readonly vschema: Record<string, unknown>;
  readonly vschemaPath?: string;
  readonly sharded: boolean;
  readonly shards: readonly ParsedShard[];
}

/** How VSchema files are found and read. */
export interface VSchemaFiles {
  /** Absolute directory relative paths are resolved against. */
  readonly baseDir: string;
  /** Reads a file as UTF-8; throws (ideally with `code: 'ENOENT'`) when it cannot. */
  readonly readFile: (path: string) => string;
}

const OBJECT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks the raw `keyspaces` object: at least one keyspace, names as Vitess allows them
 * (1–64 of `[A-Za-z0-9_-]`), each VSchema readable as a JSON object, each shard layout valid
 * (see parseShardLayout). Contract: paths are relative to the document root; a value of the
 * wrong type is skipped here (the schema reports it); the result map holds only keyspaces
 * without problems, in file order. Never throws for bad input.
 */
export function checkKeyspaces(keyspaces: Record<string, unknown>, files: VSchemaFiles): { keyspaces: Map<string, CheckedKeyspace>; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const checked = new Map<string, CheckedKeyspace>();
  if (Object.keys(keyspaces).length === 0) problems.push({ path: ['keyspaces'], message: 'expected at least one keyspace' });
  for (const [name, raw] of Object.entries(keyspaces)) {
    const found: PathProblem[] = [];
    if (!OBJECT_NAME.test(name)) {
      found.push({ path: [], message: `invalid keyspace name ${JSON.stringify(name)}: use 1 to 64 letters, digits, _ or -` });
    }
    if (isPlainObject(raw)) {
      const vschema = loadVSchema(raw.vschema, files, found);
      const layout = isPlainObject(raw.shards) ? parseShardLayout(Object.keys(raw.shards), vschema?.sharded) : undefined;
      if (layout) found.push(...prefixProblems(['shards'], layout.problems));
      if (found.length === 0 && vschema && layout) checked.set(name, { ...vschema, shards: layout.shards });
    }
    problems.push(...prefixProblems(['keyspaces', name], found));
  }
  return { keyspaces: checked, problems };
}

function loadVSchema(
  value: unknown,
  files: VSchemaFiles,
  problems: PathProblem[],
): { vschema: Record<string, unknown>; vschemaPath?: string; sharded: boolean } | undefined {
  if (isPlainObject(value)) return { vschema: value, sharded: value.sharded === true };
  if (typeof value !== 'string' || value === '') return undefined;
  const path = isAbsolute(value) ? value : resolve(files.baseDir, value);
  const fail = (message: string): undefined => {
    problems.push({ path: ['vschema'], message });
    return undefined;
  };
  let text: string;
  try {
    text = files.readFile(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return fail(`VSchema file not found: ${path}`);
    return fail(`cannot read VSchema file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json = parseJsonText(text);
  if (!json.ok) return fail(`VSchema file ${path}: ${json.message}`);
  if (!isPlainObject(json.value)) return fail(`VSchema file ${path}: expected a JSON object, got ${describeValue(json.value)}`);
  return { vschema: json.value, vschemaPath: path, sharded: json.value.sharded === true };
}

/** True for a non-null, non-array object (what a JSON object parses to). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
