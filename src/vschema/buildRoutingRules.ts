// Builds the table, keyspace and shard routing rules of the model and reports malformed
// rules. Mirrors vitess go/vt/vtgate/vindexes/vschema.go buildRoutingRule,
// buildKeyspaceRoutingRule and buildShardRoutingRule. Owns the rules only, not their use.

import { jsonPath, type Problem } from '../errors/problems.js';
import type { ParsedKeyspaceRule, ParsedRoutingRule } from './parseRules.js';
import { parseQualifiedTableName } from './tableName.js';
import type { RoutingLookup, TableLookup, TableResolver } from './tableResolver.js';

/** Built table routing rules: the model's view and the resolver's view. */
export interface BuiltRoutingRules {
  /** from_table → `ks.table` targets, for well-formed rules. */
  readonly targets: Map<string, readonly string[]>;
  /** from_table → resolved tables or the Vitess error, for sequence resolution. */
  readonly lookups: Map<string, RoutingLookup>;
}

/**
 * Builds table routing rules, appending a problem for each malformed one.
 * Mirrors vitess buildRoutingRule: more than one target, a duplicate `from_table` and a
 * target that is not `keyspace.table` are problems (Vitess stores them as rule errors);
 * shardgate also rejects an empty `from_table`. A well-formed target that names a missing
 * keyspace or table is kept without a problem, as Vitess keeps it (its planner tests route
 * `bad_table` to `noks.noks`); its lookup carries the Vitess error.
 */
export function buildRoutingRules(rules: readonly ParsedRoutingRule[], resolver: TableResolver, problems: Problem[]): BuiltRoutingRules {
  const targets = new Map<string, readonly string[]>();
  const lookups = new Map<string, RoutingLookup>();
  for (const rule of rules) {
    const from = rule.fromTable;
    if (from === '') {
      problems.push({ path: rule.path, message: 'routing rule from_table must not be empty' });
      continue;
    }
    if (lookups.has(from)) {
      problems.push({ path: rule.path, message: `duplicate rule for entry ${from}` });
      continue;
    }
    if (rule.toTables.length > 1) {
      problems.push({ path: rule.toTablesPath, message: `table ${from} has more than one target: [${rule.toTables.join(' ')}]` });
      lookups.set(from, { kind: 'error', message: `table ${from} has more than one target` });
      continue;
    }
    const names: string[] = [];
    const tables: TableLookup[] = [];
    let error: string | undefined;
    rule.toTables.forEach((to, i) => {
      const parsed = parseQualifiedTableName(to);
      if (parsed.kind === 'error') {
        problems.push({ path: jsonPath(rule.toTablesPath, i), message: parsed.message });
        error = parsed.message;
        return;
      }
      names.push(`${parsed.name.keyspace}.${parsed.name.table}`);
      const found = resolver.findTable(parsed.name.keyspace, parsed.name.table, true);
      if (found.kind === 'table') tables.push(found);
      else error ??= found.kind === 'error' ? found.message : `table ${parsed.name.table} not found`;
    });
    lookups.set(from, error === undefined ? { kind: 'tables', tables } : { kind: 'error', message: error });
    if (names.length === rule.toTables.length) targets.set(from, names);
  }
  return { targets, lookups };
}

/**
 * Builds keyspace routing rules (`from_keyspace` → `to_keyspace`).
 * Mirrors vitess buildKeyspaceRoutingRule; shardgate also rejects empty names and a
 * `from_keyspace` given twice (Vitess silently keeps the last).
 */
export function buildKeyspaceRoutingRules(rules: readonly ParsedKeyspaceRule[], problems: Problem[]): Map<string, string> {
  return buildKeyedRules(rules, 'keyspace routing rule', (r) => [['from_keyspace', r.fromKeyspace], ['to_keyspace', r.toKeyspace]], problems);
}

/**
 * Builds shard routing rules keyed `from_keyspace.shard` (vitess getShardRoutingRulesKey).
 * Mirrors vitess buildShardRoutingRule, with the same extra checks as keyspace rules.
 */
export function buildShardRoutingRules(rules: readonly ParsedKeyspaceRule[], problems: Problem[]): Map<string, string> {
  return buildKeyedRules(
    rules,
    'shard routing rule',
    (r) => [['from_keyspace', r.fromKeyspace], ['to_keyspace', r.toKeyspace], ['shard', r.shard]],
    problems,
  );
}

/** Builds `key → to_keyspace` where the key is the rule's non-`to` fields joined by dots. */
function buildKeyedRules(
  rules: readonly ParsedKeyspaceRule[],
  what: string,
  fieldsOf: (rule: ParsedKeyspaceRule) => [string, string][],
  problems: Problem[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of rules) {
    const fields = fieldsOf(rule);
    const missing = fields.filter(([, value]) => value === '').map(([name]) => name);
    if (missing.length > 0) {
      problems.push({ path: rule.path, message: `${what} needs ${missing.join(', ')}` });
      continue;
    }
    const key = fields.filter(([name]) => name !== 'to_keyspace').map(([, value]) => value).join('.');
    if (out.has(key)) {
      problems.push({ path: rule.path, message: `duplicate ${what} for ${key}` });
      continue;
    }
    out.set(key, rule.toKeyspace);
  }
  return out;
}
