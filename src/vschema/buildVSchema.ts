// Builds the frozen VSchema model of a whole cluster from raw Vitess VSchema JSON and reports
// every problem at once. Mirrors vitess go/vt/vtgate/vindexes/vschema.go BuildVSchema:
// keyspaces, references, routing rules, auto-increment sequences, plus the cross-keyspace
// lookup-table check of `shardgate vschema check`. Does not read files (vschemaInputFromFiles.ts).

import { jsonPath, ValidationError, type Problem } from '../errors/problems.js';
import { invariant } from '../util/invariant.js';
import { buildKeyspace, type KeyspaceDraft, type TableDraft } from './buildKeyspace.js';
import { buildKeyspaceRoutingRules, buildRoutingRules, buildShardRoutingRules } from './buildRoutingRules.js';
import { freezeMap } from '../util/frozenMap.js';
import type { KeyspaceSchema, TableSchema, VSchemaModel } from './model.js';
import { parseKeyspace } from './parseKeyspace.js';
import { checkMirrorRules, parseKeyspaceRoutingRules, parseRoutingRules, parseShardRoutingRules } from './parseRules.js';
import { isJsonObject, previewJson, unknownFieldPolicy } from './protoJson.js';
import { formatTableName, parseSqlTableName } from './tableName.js';
import { TableResolver, type RoutingLookup, type TableLookup } from './tableResolver.js';
import type { DescribeVindexType } from './vindexTypeInfo.js';

/**
 * Raw VSchema JSON of a cluster, shaped like a Vitess SrvVSchema: keyspace name → keyspace
 * VSchema object, and the rule lists as their JSON objects (`{"rules": [...]}`).
 */
export interface VSchemaInput {
  readonly keyspaces: Readonly<Record<string, unknown>>;
  readonly routingRules?: unknown;
  readonly keyspaceRoutingRules?: unknown;
  readonly shardRoutingRules?: unknown;
  /** Checked for shape only: mirror rules are not part of the model. */
  readonly mirrorRules?: unknown;
}

/** Options of {@link buildVSchema}. */
export interface BuildVSchemaOptions {
  /** The vindex registry (src/sharding/vindexes describeVindexType), injected by the caller. */
  readonly describeVindexType: DescribeVindexType;
  /**
   * When true, the `table` param of each lookup vindex must name a table of one of the given
   * keyspaces (`vschema check` across files). Vitess does not check this; default false.
   */
  readonly resolveAcrossKeyspaces?: boolean;
  /**
   * When true, unknown vindex params (as `ApplyVSchema --strict`) and unknown JSON fields are
   * problems; default false: warnings, as Vitess accepts both.
   */
  readonly strict?: boolean;
}

/**
 * The model of what was valid, every problem, and the warnings: what Vitess accepts but
 * shardgate points out (unknown JSON fields and vindex params, lookup vindexes that cannot
 * route for lack of `table`, `from` or `to`).
 */
export interface BuildVSchemaResult {
  readonly model: VSchemaModel;
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/**
 * Builds the VSchema model from raw JSON, collecting every problem instead of stopping.
 * Contract: never throws on bad input. Problem paths are JSON paths into the SrvVSchema
 * shape of `input`: `$.keyspaces.<ks>.tables.<t>.column_vindexes[0].name`,
 * `$.routing_rules.rules[2].to_tables[0]` (keys as written, so `columnVindexes` stays
 * camelCase). Problems, and likewise warnings, are grouped by keyspace in input order, rule
 * ones last. The model holds only what is valid: a table with any problem, or using a vindex
 * with one, is left out; all maps keep JSON order and the whole model is frozen.
 */
export function buildVSchema(input: VSchemaInput, options: BuildVSchemaOptions): BuildVSchemaResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const strict = options.strict ?? false;
  const keyspaceOptions = { describeVindexType: options.describeVindexType, strict };
  const unknown = unknownFieldPolicy(strict, problems, warnings);
  const drafts = new Map<string, KeyspaceDraft>();
  if (!isJsonObject(input.keyspaces)) {
    problems.push({ path: '$.keyspaces', message: `expected a JSON object of keyspaces, got ${previewJson(input.keyspaces)}` });
  } else {
    for (const [name, raw] of Object.entries(input.keyspaces)) {
      const parsed = parseKeyspace(raw, name, jsonPath('$.keyspaces', name), problems, unknown);
      if (parsed !== undefined) drafts.set(name, buildKeyspace(parsed, keyspaceOptions, problems, warnings));
    }
  }
  const resolver = new TableResolver(drafts);
  resolveReferences(drafts, resolver, problems);
  const routing = buildRoutingRules(
    input.routingRules == null ? [] : parseRoutingRules(input.routingRules, '$.routing_rules', problems, unknown),
    resolver,
    problems,
  );
  const keyspaceRules = buildKeyspaceRoutingRules(
    input.keyspaceRoutingRules == null ? [] : parseKeyspaceRoutingRules(input.keyspaceRoutingRules, '$.keyspace_routing_rules', problems, unknown),
    problems,
  );
  const shardRules = buildShardRoutingRules(
    input.shardRoutingRules == null ? [] : parseShardRoutingRules(input.shardRoutingRules, '$.shard_routing_rules', problems, unknown),
    problems,
  );
  if (input.mirrorRules != null) checkMirrorRules(input.mirrorRules, '$.mirror_rules', problems, unknown);
  // As Vitess, sequences resolve after routing rules: a sequence obeys them too.
  resolveAutoIncrements(drafts, resolver, routing.lookups, keyspaceRules, problems);
  if (options.resolveAcrossKeyspaces === true) resolveLookupTables(drafts, resolver, problems);
  const model: VSchemaModel = Object.freeze({
    keyspaces: freezeKeyspaces(drafts),
    routingRules: freezeMap([...routing.targets].map(([from, to]) => [from, Object.freeze([...to])] as const)),
    keyspaceRoutingRules: freezeMap(keyspaceRules),
    shardRoutingRules: freezeMap(shardRules),
  });
  const keyspaceNames = isJsonObject(input.keyspaces) ? Object.keys(input.keyspaces) : [];
  return { model, problems: groupByKeyspace(problems, keyspaceNames), warnings: groupByKeyspace(warnings, keyspaceNames) };
}

/**
 * Builds the model like {@link buildVSchema} and throws when anything is wrong.
 * Contract: throws ValidationError SG200 listing every problem; otherwise returns the model
 * and the warnings.
 */
export function assertValidVSchema(input: VSchemaInput, options: BuildVSchemaOptions): { model: VSchemaModel; warnings: readonly Problem[] } {
  const { model, problems, warnings } = buildVSchema(input, options);
  if (problems.length > 0) throw new ValidationError('SG200', 'invalid VSchema', problems);
  return { model, warnings };
}

/** Resolves each reference table's `source`. Mirrors vitess vschema.go buildKeyspaceReferences. */
function resolveReferences(drafts: ReadonlyMap<string, KeyspaceDraft>, resolver: TableResolver, problems: Problem[]): void {
  for (const ks of drafts.values()) {
    for (const t of ks.tables.values()) {
      if (t.type !== 'reference' || t.source === undefined || !t.parsed.clean) continue;
      const message = resolveReference(drafts, t, resolver);
      if (message !== undefined) {
        problems.push({ path: t.parsed.at('source'), message });
        t.ok = false;
      }
    }
  }
}

function resolveReference(drafts: ReadonlyMap<string, KeyspaceDraft>, t: TableDraft, resolver: TableResolver): string | undefined {
  const source = t.source!;
  const shown = JSON.stringify(formatTableName(source));
  const name = t.parsed.name;
  if (source.keyspace === t.keyspace) return `source ${shown} may not reference a table in the same keyspace as table: ${name}`;
  const found = resolver.findTable(source.keyspace, source.table, false);
  if (found.kind === 'error') {
    const missingKeyspace = source.keyspace !== '' && !drafts.has(source.keyspace);
    return missingKeyspace ? `source ${shown} references a non-existent keyspace ${JSON.stringify(source.keyspace)}` : found.message;
  }
  if (found.kind === 'none' || found.draft === undefined) {
    return `source ${shown} references a table ${JSON.stringify(source.table)} that is not present in the VSchema of keyspace ${JSON.stringify(source.keyspace)}`;
  }
  const target = found.draft;
  if (target.parsed.type !== '' && target.parsed.type !== 'reference') {
    return `source ${shown} may not reference a table of type ${JSON.stringify(target.parsed.type)}: ${name}`;
  }
  const other = target.referencedBy.find((r) => r.keyspace === t.keyspace);
  if (other !== undefined) {
    const [a, b] = [other.table, name].sort();
    return `source ${shown} may not be referenced more than once per keyspace: ${a}, ${b}`;
  }
  target.referencedBy.push({ keyspace: t.keyspace, table: name });
  if (target.type === 'reference' && target.source !== undefined) {
    return `reference chaining is not allowed ${name} => ${target.keyspace}.${target.parsed.name} => ${formatTableName(target.source)}: ${name}`;
  }
  t.sourceRef = { keyspace: target.keyspace, table: target.parsed.name };
  return undefined;
}

/** Resolves each `auto_increment.sequence`. Mirrors vitess vschema.go resolveAutoIncrement. */
function resolveAutoIncrements(
  drafts: ReadonlyMap<string, KeyspaceDraft>,
  resolver: TableResolver,
  routingRules: ReadonlyMap<string, RoutingLookup>,
  keyspaceRules: ReadonlyMap<string, string>,
  problems: Problem[],
): void {
  for (const ks of drafts.values()) {
    for (const t of ks.tables.values()) {
      const ai = t.parsed.autoIncrement;
      if (ai === undefined || !t.parsed.clean) continue;
      if (ai.column === '') {
        problems.push({ path: ai.at('column'), message: `auto_increment of table ${t.parsed.name} needs a column` });
        t.ok = false;
      }
      const name = parseSqlTableName(ai.sequence);
      const found: TableLookup =
        name.kind === 'error' ? name : resolver.findRoutedTable(name.name.keyspace, name.name.table, routingRules, keyspaceRules);
      if (found.kind === 'table') {
        t.autoIncrement = { column: ai.column, sequence: found.ref };
        continue;
      }
      const why = found.kind === 'error' ? found.message : `table ${name.kind === 'name' ? name.name.table : ai.sequence} not found`;
      problems.push({ path: ai.at('sequence'), message: `cannot resolve sequence ${ai.sequence}: ${why}` });
      t.ok = false;
    }
  }
}

/**
 * Checks that each lookup vindex's `table` param names a table of the given keyspaces:
 * qualified names need the keyspace (and, when sharded, the table in its VSchema);
 * unqualified names resolve in the vindex's keyspace first, then as a global table.
 * Shardgate's own check for `vschema check`; a failing vindex and the tables using it are left out.
 */
function resolveLookupTables(drafts: ReadonlyMap<string, KeyspaceDraft>, resolver: TableResolver, problems: Problem[]): void {
  for (const ks of drafts.values()) {
    const failed = new Set<string>();
    for (const v of ks.parsed.vindexes) {
      const spec = ks.vindexes.get(v.name);
      const table = spec?.params['table'];
      if (spec?.info.kind !== 'lookup' || table === undefined || table === '') continue;
      const why = lookupTableProblem(ks, table, resolver);
      if (why === undefined) continue;
      problems.push({ path: jsonPath(v.at('params'), 'table'), message: `lookup table ${table} of vindex ${v.name}${why}` });
      failed.add(v.name);
    }
    for (const t of ks.tables.values()) {
      if (t.columnVindexes.some((cv) => failed.has(cv.name))) t.ok = false;
    }
    for (const name of failed) ks.vindexes.delete(name);
  }
}

function lookupTableProblem(ks: KeyspaceDraft, table: string, resolver: TableResolver): string | undefined {
  const name = parseSqlTableName(table);
  if (name.kind === 'error') return `: ${name.message}`;
  const { keyspace, table: tableName } = name.name;
  if (keyspace === '' && ks.tables.has(tableName)) return undefined;
  const found = resolver.findTable(keyspace, tableName, true);
  switch (found.kind) {
    case 'table':
      return undefined;
    case 'error':
      return keyspace === '' ? `: ${found.message}` : ` references a non-existent keyspace ${JSON.stringify(keyspace)}`;
    case 'none':
      return ` is not present in the VSchema of ${keyspace === '' ? 'any keyspace' : `keyspace ${JSON.stringify(keyspace)}`}`;
  }
}

function freezeKeyspaces(drafts: ReadonlyMap<string, KeyspaceDraft>): ReadonlyMap<string, KeyspaceSchema> {
  const kept = new Set<TableDraft>();
  for (const ks of drafts.values()) for (const t of ks.tables.values()) if (t.ok) kept.add(t);
  const isKept = (keyspace: string, table: string): boolean => {
    const t = drafts.get(keyspace)?.tables.get(table);
    return t !== undefined && kept.has(t);
  };
  return freezeMap(
    [...drafts].map(([name, ks]) => {
      const p = ks.parsed;
      const tables = [...ks.tables].filter(([, t]) => kept.has(t)).map(([tname, t]) => [tname, freezeTable(t, isKept)] as const);
      const schema: KeyspaceSchema = Object.freeze({
        name,
        sharded: p.sharded,
        requireExplicitRouting: p.requireExplicitRouting,
        foreignKeyMode: p.foreignKeyMode,
        vindexes: freezeMap(ks.vindexes),
        tables: freezeMap(tables),
        ...(p.multiTenantSpec === undefined ? {} : { multiTenantSpec: Object.freeze(p.multiTenantSpec) }),
      });
      return [name, schema] as const;
    }),
  );
}

function freezeTable(t: TableDraft, isKept: (keyspace: string, table: string) => boolean): TableSchema {
  invariant(t.type !== undefined, `table ${t.parsed.name} without a type was kept`);
  const referencedBy = t.referencedBy.filter((r) => isKept(r.keyspace, r.table)).map((r) => Object.freeze({ ...r }));
  return Object.freeze({
    keyspace: t.keyspace,
    name: t.parsed.name,
    type: t.type,
    columnVindexes: Object.freeze([...t.columnVindexes]),
    ...(t.autoIncrement === undefined
      ? {}
      : { autoIncrement: Object.freeze({ column: t.autoIncrement.column, sequence: Object.freeze({ ...t.autoIncrement.sequence }) }) }),
    columns: Object.freeze(t.columns.map((c) => Object.freeze({ ...c, ...(c.values === undefined ? {} : { values: Object.freeze([...c.values]) }) }))),
    columnListAuthoritative: t.parsed.columnListAuthoritative,
    ...(t.pinned === undefined ? {} : { pinned: t.pinned }),
    ...(t.sourceRef === undefined ? {} : { source: Object.freeze({ ...t.sourceRef }) }),
    ...(referencedBy.length === 0 ? {} : { referencedBy: Object.freeze(referencedBy) }),
  });
}

/** Stable-sorts problems so each keyspace's come together, in keyspace order, rules last. */
function groupByKeyspace(problems: readonly Problem[], keyspaces: readonly string[]): Problem[] {
  const prefixes = keyspaces.map((ks) => jsonPath('$.keyspaces', ks));
  const group = (path: string): number => {
    const i = prefixes.findIndex((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
    return i === -1 ? prefixes.length : i;
  };
  return problems.map((p) => ({ p, g: group(p.path) })).sort((a, b) => a.g - b.g).map(({ p }) => p);
}
