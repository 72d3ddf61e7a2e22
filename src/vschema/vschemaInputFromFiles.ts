// Turns the files given to `shardgate vschema check [KEYSPACE=]PATH…` into one VSchemaInput,
// remembers which file each part came from, and rewrites problem paths to point into those
// files. Owns naming keyspaces after files and merging rule lists; reads no files itself
// (the CLI passes parsed JSON) and checks nothing beyond the file layout (buildVSchema.ts).

import { jsonPath, type Problem } from '../errors/problems.js';
import { buildVSchema, type BuildVSchemaOptions, type BuildVSchemaResult, type VSchemaInput } from './buildVSchema.js';
import { isJsonObject, readMessage, unknownFieldPolicy } from './protoJson.js';

/** One file given on the command line: its parsed JSON and the `KEYSPACE=` name, if any. */
export interface VSchemaFile {
  readonly keyspace?: string;
  readonly path: string;
  readonly json: unknown;
}

/** Where a part of the combined input came from: `inputPath` in the input is `filePath` in `label`'s file. */
export interface VSchemaSource {
  readonly inputPath: string;
  /** `keyspace=file` for a keyspace VSchema file, the file path for an SrvVSchema file. */
  readonly label: string;
  readonly filePath: string;
}

/** The combined input, where its parts came from, and the problems and warnings of the file layout (already located). */
export interface VSchemaFilesInput {
  readonly input: VSchemaInput;
  readonly sources: readonly VSchemaSource[];
  readonly problems: readonly Problem[];
  /** Unknown top-level SrvVSchema fields (problems instead when strict). */
  readonly warnings: readonly Problem[];
}

/** Options of {@link vschemaInputFromFiles}. */
export interface VSchemaFilesOptions {
  /** When true, unknown top-level SrvVSchema fields are problems; default false: warnings, as Vitess ignores them. */
  readonly strict?: boolean;
}

const SRV_FIELDS = ['keyspaces', 'routing_rules', 'shard_routing_rules', 'keyspace_routing_rules', 'mirror_rules'] as const;
const RULE_FIELDS = [
  ['routing_rules', 'routingRules'],
  ['keyspace_routing_rules', 'keyspaceRoutingRules'],
  ['shard_routing_rules', 'shardRoutingRules'],
  ['mirror_rules', 'mirrorRules'],
] as const;

type RuleInputKey = (typeof RULE_FIELDS)[number][1];

interface RuleProvider {
  readonly label: string;
  readonly path: string;
  readonly value: unknown;
}

/**
 * The keyspace name a file stands for when no `KEYSPACE=` is given: a file named
 * `vschema.json` takes its folder's name, any other file its name without `.json`.
 * Contract: returns '' when `vschema.json` has no folder in its path.
 */
export function keyspaceNameForFile(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  const base = parts.at(-1) ?? '';
  if (base === 'vschema.json') return parts.at(-2) ?? '';
  return base.endsWith('.json') ? base.slice(0, -'.json'.length) : base;
}

/**
 * Combines keyspace VSchema files and SrvVSchema files (detected by a top-level `keyspaces`
 * object) into one input, as INTERFACES.md `vschema check` defines.
 * Contract: never throws. Problems (already located, see {@link locateProblems}): a keyspace
 * defined twice (the later file loses), a keyspace name that is empty, `KEYSPACE=` given for
 * an SrvVSchema file, and a rule list given by several files that is not `{"rules": [...]}`.
 * Unknown top-level SrvVSchema fields are warnings (problems when `strict`). Rule lists of
 * several files are concatenated in order.
 */
export function vschemaInputFromFiles(files: readonly VSchemaFile[], options: VSchemaFilesOptions = {}): VSchemaFilesInput {
  const keyspaces: Record<string, unknown> = {};
  const owners = new Map<string, string>();
  const sources: VSchemaSource[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const rules = new Map<RuleInputKey, RuleProvider[]>();

  const addKeyspace = (name: string, raw: unknown, label: string, filePath: string): void => {
    const first = owners.get(name);
    if (first !== undefined) {
      problems.push({ path: `${label}:${filePath}`, message: `keyspace ${name} is already defined by ${first}` });
      return;
    }
    owners.set(name, label);
    keyspaces[name] = raw;
    sources.push({ inputPath: jsonPath('$.keyspaces', name), label, filePath });
  };

  for (const file of files) {
    const json: unknown = file.json;
    if (!(isJsonObject(json) && isJsonObject(json['keyspaces']))) {
      const name = file.keyspace ?? keyspaceNameForFile(file.path);
      const label = `${name}=${file.path}`;
      if (name === '') problems.push({ path: `${label}:$`, message: `cannot name the keyspace of ${file.path}: give KEYSPACE=${file.path}` });
      else addKeyspace(name, json, label, '$');
      continue;
    }
    const label = file.path;
    if (file.keyspace !== undefined) {
      problems.push({ path: `${label}:$`, message: `${file.path} is an SrvVSchema (it has "keyspaces"): drop the ${file.keyspace}= prefix` });
    }
    const fileProblems: Problem[] = [];
    const fileWarnings: Problem[] = [];
    const fields = readMessage(json, '$', 'SrvVSchema', SRV_FIELDS, fileProblems, unknownFieldPolicy(options.strict ?? false, fileProblems, fileWarnings));
    const inFile = (p: Problem): Problem => ({ path: `${label}:${p.path}`, message: p.message });
    problems.push(...fileProblems.map(inFile));
    warnings.push(...fileWarnings.map(inFile));
    const keyspacesField = fields?.get('keyspaces');
    if (keyspacesField !== undefined && isJsonObject(keyspacesField.value)) {
      for (const [name, raw] of Object.entries(keyspacesField.value)) addKeyspace(name, raw, label, jsonPath(keyspacesField.path, name));
    }
    for (const [proto, key] of RULE_FIELDS) {
      const field = fields?.get(proto);
      if (field !== undefined) rules.set(key, [...(rules.get(key) ?? []), { label, path: field.path, value: field.value }]);
    }
  }

  const input: { keyspaces: Record<string, unknown> } & { [K in RuleInputKey]?: unknown } = { keyspaces };
  for (const [proto, key] of RULE_FIELDS) {
    const providers = rules.get(key) ?? [];
    if (providers.length === 1) {
      input[key] = providers[0]!.value;
      sources.push({ inputPath: `$.${proto}`, label: providers[0]!.label, filePath: providers[0]!.path });
    } else if (providers.length > 1) {
      input[key] = { rules: mergeRules(proto, providers, sources, problems) };
    }
  }
  return { input, sources, problems, warnings };
}

/** Concatenates the `rules` arrays of several files, recording where each rule came from. */
function mergeRules(proto: string, providers: readonly RuleProvider[], sources: VSchemaSource[], problems: Problem[]): unknown[] {
  const merged: unknown[] = [];
  for (const p of providers) {
    const list = isJsonObject(p.value) && Object.keys(p.value).length === 1 ? p.value['rules'] : undefined;
    if (!Array.isArray(list)) {
      problems.push({ path: `${p.label}:${p.path}`, message: `${proto} is given by several files, so each must be {"rules": [...]}` });
      continue;
    }
    list.forEach((rule: unknown, i) => {
      sources.push({ inputPath: `$.${proto}.rules[${merged.length}]`, label: p.label, filePath: `${p.path}.rules[${i}]` });
      merged.push(rule);
    });
  }
  return merged;
}

/**
 * Rewrites problem paths of the combined input into `label:path-in-file`, e.g.
 * `$.keyspaces.customer.tables.t1` → `customer=schema/customer/vschema.json:$.tables.t1`, or
 * `cluster.json:$.keyspaces.customer.tables.t1` for an SrvVSchema file.
 * Contract: the most specific source wins; a path no source covers is kept as is; order kept.
 */
export function locateProblems(problems: readonly Problem[], sources: readonly VSchemaSource[]): Problem[] {
  const bySpecificity = [...sources].sort((a, b) => b.inputPath.length - a.inputPath.length);
  return problems.map((problem) => {
    const { path } = problem;
    const source = bySpecificity.find(
      (s) => path === s.inputPath || path.startsWith(`${s.inputPath}.`) || path.startsWith(`${s.inputPath}[`),
    );
    if (source === undefined) return problem;
    return { path: `${source.label}:${source.filePath}${path.slice(source.inputPath.length)}`, message: problem.message };
  });
}

/**
 * Checks files as one cluster, as `shardgate vschema check` does: combines them, builds the
 * VSchema with `resolveAcrossKeyspaces` on (unless the options say otherwise), and returns
 * the model with every problem and warning located in its file (see {@link locateProblems}).
 * Contract: never throws on bad input; file-layout problems and warnings come first.
 */
export function checkVSchemaFiles(
  files: readonly VSchemaFile[],
  options: BuildVSchemaOptions,
): BuildVSchemaResult {
  const combined = vschemaInputFromFiles(files, { strict: options.strict ?? false });
  const result = buildVSchema(combined.input, { resolveAcrossKeyspaces: true, ...options });
  return {
    model: result.model,
    problems: [...combined.problems, ...locateProblems(result.problems, combined.sources)],
    warnings: [...combined.warnings, ...locateProblems(result.warnings, combined.sources)],
  };
}
