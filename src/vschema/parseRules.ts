// Decodes the cluster-level rule lists of an SrvVSchema (routing_rules, keyspace_routing_rules,
// shard_routing_rules, mirror_rules) into plain records with JSON paths. Owns the JSON shape
// only; buildRoutingRules.ts gives the rules their meaning.

import { jsonPath, type Problem } from '../errors/problems.js';
import { invalidValue, readMessage, readRepeated, readString, readStringList, type MessageFields, type UnknownFieldPolicy } from './protoJson.js';

/** A decoded vschema.proto RoutingRule. */
export interface ParsedRoutingRule {
  readonly path: string;
  readonly fromTable: string;
  readonly toTables: readonly string[];
  readonly toTablesPath: string;
}

/** A decoded KeyspaceRoutingRule or ShardRoutingRule (`shard` is '' for keyspace rules). */
export interface ParsedKeyspaceRule {
  readonly path: string;
  readonly fromKeyspace: string;
  readonly toKeyspace: string;
  readonly shard: string;
}

/**
 * Decodes the `rules` list of a rules message at `path`, reading each rule with `fields`.
 * Contract: a non-object or malformed rule is a problem and is skipped; order is kept;
 * unknown fields are reported as `unknown` says.
 */
function parseRuleList<T>(
  raw: unknown,
  path: string,
  what: string,
  fields: readonly string[],
  problems: Problem[],
  unknown: UnknownFieldPolicy,
  readRule: (rule: MessageFields, path: string) => T,
): T[] {
  const list = readMessage(raw, path, what, ['rules'], problems, unknown);
  if (list === undefined) return [];
  const out: T[] = [];
  readRepeated(list.get('rules'), 'rules', problems, (item, itemPath) => {
    const rule = readMessage(item, itemPath, 'rule', fields, problems, unknown);
    if (rule !== undefined) out.push(readRule(rule, itemPath));
  });
  return out;
}

/** Decodes vschema.proto RoutingRules (`{"rules": [{"from_table", "to_tables"}]}`). */
export function parseRoutingRules(raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedRoutingRule[] {
  return parseRuleList(raw, path, 'routing_rules', ['from_table', 'to_tables'], problems, unknown, (rule, rulePath) => ({
    path: rulePath,
    fromTable: readString(rule.get('from_table'), 'from_table', problems),
    toTables: readStringList(rule.get('to_tables'), 'to_tables', problems),
    toTablesPath: rule.get('to_tables')?.path ?? jsonPath(rulePath, 'to_tables'),
  }));
}

/** Decodes vschema.proto KeyspaceRoutingRules (`from_keyspace`, `to_keyspace`). */
export function parseKeyspaceRoutingRules(raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedKeyspaceRule[] {
  return parseRuleList(raw, path, 'keyspace_routing_rules', ['from_keyspace', 'to_keyspace'], problems, unknown, (rule, rulePath) => ({
    path: rulePath,
    fromKeyspace: readString(rule.get('from_keyspace'), 'from_keyspace', problems),
    toKeyspace: readString(rule.get('to_keyspace'), 'to_keyspace', problems),
    shard: '',
  }));
}

/** Decodes vschema.proto ShardRoutingRules (`from_keyspace`, `to_keyspace`, `shard`). */
export function parseShardRoutingRules(raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedKeyspaceRule[] {
  return parseRuleList(raw, path, 'shard_routing_rules', ['from_keyspace', 'to_keyspace', 'shard'], problems, unknown, (rule, rulePath) => ({
    path: rulePath,
    fromKeyspace: readString(rule.get('from_keyspace'), 'from_keyspace', problems),
    toKeyspace: readString(rule.get('to_keyspace'), 'to_keyspace', problems),
    shard: readString(rule.get('shard'), 'shard', problems),
  }));
}

/**
 * Checks the shape of vschema.proto MirrorRules (`from_table`, `to_table`, `percent`).
 * Contract: only the JSON shape is validated; mirror rules are not part of the model
 * (shardgate does not mirror traffic).
 */
export function checkMirrorRules(raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): void {
  parseRuleList(raw, path, 'mirror_rules', ['from_table', 'to_table', 'percent'], problems, unknown, (rule) => {
    readString(rule.get('from_table'), 'from_table', problems);
    readString(rule.get('to_table'), 'to_table', problems);
    const percent = rule.get('percent');
    if (percent !== undefined && typeof percent.value !== 'number' && !(typeof percent.value === 'string' && Number.isFinite(Number(percent.value)))) {
      problems.push({ path: percent.path, message: invalidValue('float', 'percent', percent.value) });
    }
  });
}
