// Test fixtures for the planner: planning contexts over Vitess's planbuilder VSchema
// (testdata/schema.json, a byte-for-byte copy of vitessio/vitess
// go/vt/vtgate/planbuilder/testdata/vschemas/schema.json, Apache-2.0, at b3666b2d0e) and over
// the demo VSchemas in schema/, with 2- and 4-shard topologies; and the JSON form of requests.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQL_NULL, isSqlType, makeSqlValue, sqlFloat64, sqlInt64, sqlVarchar, type SqlValue } from '../../../util/sqlValue.js';
import { hexToBytes } from '../../../util/hex.js';
import { buildVSchema } from '../../../vschema/buildVSchema.js';
import { vschemaInputFromFiles } from '../../../vschema/vschemaInputFromFiles.js';
import type { VSchemaModel } from '../../../vschema/model.js';
import type { VindexTypeInfo } from '../../../vschema/vindexTypeInfo.js';
import type { ShardRange } from '../../key/destination.js';
import { FULL_KEY_RANGE } from '../../key/keyRange.js';
import { validateShardName } from '../../key/shardName.js';
import { createVindex, describeVindexType } from '../../vindexes/registry.js';
import type { Vindex } from '../../vindexes/vindex.js';
import type { PlanningContext } from '../planQuery.js';
import type { Predicate, QueryRequest } from '../queryRequest.js';
import { buildRoutingSchema, type VindexFactory } from '../routingSchema.js';

const here = dirname(fileURLToPath(import.meta.url));
export const TESTDATA = join(here, '..', 'testdata');
const REPO = join(here, '..', '..', '..', '..');

/**
 * The planner-test-only vindex types of schema.json (Vitess registers them in
 * go/vt/vtgate/planbuilder/plan_test_vindex.go and vindexes/lookup_cost.go), replaced here
 * only: `hash_test` is `hash` under another type name; `lookup_cost` is `lookup` whose
 * cost is its `cost` param (default 5).
 */
export const createTestVindex: VindexFactory = (type, name, params): Vindex => {
  if (type === 'hash_test') return { ...createVindex('hash', name, {}), type };
  if (type === 'lookup_cost') {
    const { cost, ...rest } = params;
    const parsed = Number.parseInt(cost ?? '', 10);
    return { ...createVindex('lookup', name, rest), type, cost: Number.isNaN(parsed) ? 5 : parsed };
  }
  return createVindex(type, name, params);
};

function describeTestVindexType(type: string): VindexTypeInfo | undefined {
  if (type === 'hash_test') return { ...describeVindexType('hash')!, type };
  if (type === 'lookup_cost') {
    const lookup = describeVindexType('lookup')!;
    return { ...lookup, type, knownParams: [...lookup.knownParams, 'cost'].sort() };
  }
  return describeVindexType(type);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function buildModel(files: { keyspace?: string; path: string }[]): { model: VSchemaModel; problems: string[] } {
  const { input } = vschemaInputFromFiles(files.map((f) => ({ ...f, json: readJson(f.path) })));
  const { model, problems } = buildVSchema(input, { describeVindexType: describeTestVindexType });
  return { model, problems: problems.map((p) => `${p.path}: ${p.message}`) };
}

/** The VSchemas the golden files plan against. */
export const VSCHEMAS = {
  planbuilder: () => buildModel([{ path: join(TESTDATA, 'schema.json') }]),
  demo: () =>
    buildModel([
      { keyspace: 'commerce', path: join(REPO, 'schema', 'commerce', 'vschema.json') },
      { keyspace: 'customer', path: join(REPO, 'schema', 'customer', 'vschema.json') },
    ]),
} as const;

/** Shard layouts of sharded keyspaces; unsharded keyspaces always have the one shard `0`. */
export const LAYOUTS = {
  two: ['-80', '80-'],
  four: ['-40', '40-80', '80-c0', 'c0-'],
} as const;

export function shardRanges(names: readonly string[]): ShardRange[] {
  return names.map((n) => {
    const { name, keyRange } = validateShardName(n);
    return { name, keyRange: keyRange ?? FULL_KEY_RANGE };
  });
}

/** A planning context over a VSchema and a layout, with optional limits and introspected columns. */
export function planningContext(
  model: VSchemaModel,
  layout: keyof typeof LAYOUTS,
  extra: Pick<PlanningContext, 'limits' | 'columns'> = {},
): PlanningContext {
  const routing = buildRoutingSchema(model, { createVindex: createTestVindex });
  const sharded = shardRanges(LAYOUTS[layout]);
  const unsharded = shardRanges(['0']);
  return {
    routing,
    shards: (ks) => (model.keyspaces.get(ks)?.sharded ? sharded : unsharded),
    ...extra,
  };
}

/**
 * Decodes a value of the JSON request form: an integer → INT64, another number → FLOAT64,
 * a string → VARCHAR, null → NULL, `{"type": T, "value": text}` or `{"type": T, "hex": h}`.
 */
export function decodeValue(json: unknown): SqlValue {
  if (json === null) return SQL_NULL;
  if (typeof json === 'number') return Number.isInteger(json) ? sqlInt64(json) : sqlFloat64(json);
  if (typeof json === 'string') return sqlVarchar(json);
  const { type, value, hex } = json as { type: string; value?: string; hex?: string };
  if (!isSqlType(type)) throw new Error(`bad value type ${type}`);
  if (hex !== undefined) return makeSqlValue(type, hexToBytes(hex) ?? new Uint8Array());
  return makeSqlValue(type, value ?? '');
}

type JsonPredicate = Record<string, unknown> & { kind: Predicate['kind'] };

function decodePredicate(json: JsonPredicate): Predicate {
  switch (json.kind) {
    case 'and':
    case 'or':
      return { kind: json.kind, operands: (json.operands as JsonPredicate[]).map(decodePredicate) };
    case 'not':
      return { kind: 'not', operand: decodePredicate(json.operand as JsonPredicate) };
    case 'cmp':
      return { ...(json as unknown as Predicate & { kind: 'cmp' }), value: decodeValue(json.value) };
    case 'in':
      return { ...(json as unknown as Predicate & { kind: 'in' }), values: (json.values as unknown[]).map(decodeValue), negated: json.negated === true };
    case 'isNull':
      return { kind: 'isNull', column: json.column as string, negated: json.negated === true };
    case 'like':
      return { kind: 'like', column: json.column as string, pattern: decodeValue(json.pattern), negated: json.negated === true };
    default:
      return { kind: json.kind } as Predicate;
  }
}

/** Decodes the JSON form of a QueryRequest (values as decodeValue reads them). */
export function decodeRequest(json: Record<string, unknown>): QueryRequest {
  const request = json as unknown as QueryRequest;
  return json.where === undefined ? request : { ...request, where: decodePredicate(json.where as JsonPredicate) };
}
