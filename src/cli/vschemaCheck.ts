// `shardgate vschema check [KEYSPACE=]PATH…`: validates VSchema files as one cluster
// (INTERFACES.md §3). Reads the files, hands them to src/vschema with the real vindex
// registry, prints a summary line per keyspace (stdout) or every problem (stderr).

import { readFile } from 'node:fs/promises';
import type { Problem } from '../errors/problems.js';
import { describeVindexType } from '../sharding/vindexes/registry.js';
import { parseJsonText } from '../util/jsonText.js';
import type { KeyspaceSchema } from '../vschema/model.js';
import { checkVSchemaFiles, keyspaceNameForFile, type VSchemaFile } from '../vschema/vschemaInputFromFiles.js';
import { fileReadError } from './fileReadError.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';

/** Splits `KEYSPACE=PATH` (the keyspace part has no path separator) from a plain PATH. */
export function parseFileArgument(arg: string): { keyspace?: string; path: string } {
  const match = /^([^=/\\]+)=(.+)$/.exec(arg);
  return match ? { keyspace: match[1]!, path: match[2]! } : { path: arg };
}

function plural(n: number, word: string): string {
  if (n === 1) return `1 ${word}`;
  return `${n} ${word.endsWith('x') ? `${word}es` : `${word}s`}`;
}

/** One line per keyspace: sharding, tables by type, vindexes by type. */
export function summarizeKeyspace(keyspace: KeyspaceSchema): string {
  const tables = [...keyspace.tables.values()];
  const sequences = tables.filter((t) => t.type === 'sequence').length;
  const references = tables.filter((t) => t.type === 'reference').length;
  const kinds = [sequences > 0 ? plural(sequences, 'sequence') : '', references > 0 ? plural(references, 'reference') : ''].filter(Boolean);
  const vindexTypes = [...new Set([...keyspace.vindexes.values()].map((v) => v.type))].sort();
  return (
    `${keyspace.name}: ok, ${keyspace.sharded ? 'sharded' : 'unsharded'}, ` +
    `${plural(tables.length, 'table')}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}, ` +
    `${plural(keyspace.vindexes.size, 'vindex')}${vindexTypes.length > 0 ? ` (${vindexTypes.join(', ')})` : ''}`
  );
}

/** Reads and parses one file; a read or JSON failure becomes the file's problem. */
async function readVSchemaFile(arg: string): Promise<VSchemaFile | Problem> {
  const { keyspace, path } = parseFileArgument(arg);
  const label = `${keyspace ?? keyspaceNameForFile(path)}=${path}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { path: `${label}:$`, message: fileReadError(path, error) };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    return { path: `${label}:$`, message: `not valid JSON: ${parsed.message}` };
  }
  return keyspace === undefined ? { path, json: parsed.value } : { keyspace, path, json: parsed.value };
}

/** Options of `vschema check`. */
export interface VschemaCheckOptions {
  /** `--strict`: unknown JSON fields and unknown vindex params are problems, not warnings. */
  readonly strict?: boolean;
}

/**
 * Runs `vschema check` over `args`. Exit 0 with a summary per keyspace on stdout (warnings,
 * e.g. unknown fields Vitess ignores, on stderr as `warning: <path>: <message>`); exit 1 with
 * every problem on stderr, each naming its file, keyspace and JSON path.
 */
export async function runVschemaCheck(args: readonly string[], io: CliIo, options: VschemaCheckOptions = {}): Promise<ExitCode> {
  const read = await Promise.all(args.map((arg) => readVSchemaFile(arg)));
  const readProblems = read.filter((r): r is Problem => 'message' in r);
  const files = read.filter((r): r is VSchemaFile => !('message' in r));
  const result = checkVSchemaFiles(files, { describeVindexType, strict: options.strict ?? false });
  const problems = [...readProblems, ...result.problems];
  for (const warning of result.warnings) io.err(`warning: ${warning.path}: ${warning.message}`);
  if (problems.length > 0) {
    io.err(`vschema check: ${plural(problems.length, 'problem')}`);
    for (const problem of problems) io.err(`${problem.path}: ${problem.message}`);
    return EXIT.userError;
  }
  for (const keyspace of result.model.keyspaces.values()) io.out(summarizeKeyspace(keyspace));
  return EXIT.ok;
}
