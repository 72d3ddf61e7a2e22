// A small stand-in for the vindex registry (src/sharding/vindexes may not be imported here):
// the facts the VSchema builder needs about each Vitess vindex type, taken from
// vitess go/vt/vtgate/vindexes (Cost, IsUnique, NeedsVCursor, interfaces, *Params lists) and
// the test-only types registered in go/vt/vtgate/vindexes/vschema_test.go (stfu, stln, ...).

import type { DescribeVindexType, VindexParamWarning, VindexTypeInfo } from '../vindexTypeInfo.js';

type Kind = VindexTypeInfo['kind'];

const LOOKUP_INTERNAL = ['table', 'from', 'to', 'ignore_nulls', 'batch_lookup', 'read_lock'];
const LOOKUP_COMMON = [...LOOKUP_INTERNAL, 'autocommit', 'multi_shard_autocommit'];
const LOOKUP = [...LOOKUP_COMMON, 'no_verify', 'write_only'];
const CONSISTENT_LOOKUP = [...LOOKUP_INTERNAL, 'write_only'];

/** Mirrors vitess lookup_internal.go boolFromMap and the read_lock check of lookupInternal.Init. */
function validateLookup(params: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const key of ['ignore_nulls', 'batch_lookup', 'autocommit', 'multi_shard_autocommit', 'no_verify', 'write_only']) {
    const v = params[key];
    if (v !== undefined && v !== 'true' && v !== 'false') out.push(`${key} value must be 'true' or 'false': '${v}'`);
  }
  const lock = params['read_lock'];
  if (lock !== undefined && !['exclusive', 'shared', 'none'].includes(lock)) out.push(`invalid read_lock value: ${lock}`);
  return out;
}

/**
 * Vitess lookupInternal.Init builds its queries from table, from and to without requiring
 * them; the registry warns about each one missing (src/sharding/vindexes lookupInternal.ts).
 */
function lookupWarnings(name: string, params: Readonly<Record<string, string>>): VindexParamWarning[] {
  return ['table', 'from', 'to']
    .filter((param) => (params[param] ?? '').split(',')[0]!.trim() === '')
    .map((param) => ({ param, message: `lookup vindex ${name} has no ${param} param: it cannot route queries` }));
}

/** Mirrors vitess region_experimental.go newRegionExperimental. */
function validateRegion(params: Readonly<Record<string, string>>): string[] {
  const rb = params['region_bytes'];
  if (rb === undefined) return ['region_experimental missing region_bytes param'];
  return rb === '1' || rb === '2' ? [] : [`region_bytes must be 1 or 2: ${rb}`];
}

/** Mirrors vitess multicol.go getColumnCount. */
function validateMultiCol(params: Readonly<Record<string, string>>): string[] {
  const count = params['column_count'];
  if (count === undefined) return ["number of columns not provided in the parameter 'column_count'"];
  const n = Number(count);
  return Number.isInteger(n) && n >= 1 && n <= 8 ? [] : ["number of columns should be between 1 and 8 in the parameter 'column_count'"];
}

const none = (): string[] => [];

const FACTS: readonly [string, number, boolean, boolean, Kind, readonly string[], VindexTypeInfo['validateParams']][] = [
  // type, cost, isUnique, needsVCursor, kind, knownParams, validateParams
  ['binary', 0, true, false, 'singleColumn', [], none],
  ['binary_md5', 1, true, false, 'singleColumn', [], none],
  ['hash', 1, true, false, 'singleColumn', [], none],
  ['xxhash', 1, true, false, 'singleColumn', [], none],
  ['unicode_loose_md5', 1, true, false, 'singleColumn', [], none],
  ['unicode_loose_xxhash', 1, true, false, 'singleColumn', [], none],
  ['cfc', 1, true, false, 'singleColumn', ['hash', 'offsets'], none],
  ['lookup', 20, false, true, 'lookup', LOOKUP, validateLookup],
  ['lookup_unique', 10, true, true, 'lookup', LOOKUP, validateLookup],
  ['consistent_lookup', 20, false, true, 'lookup', CONSISTENT_LOOKUP, validateLookup],
  ['consistent_lookup_unique', 10, true, true, 'lookup', CONSISTENT_LOOKUP, validateLookup],
  ['lookup_unicodeloosemd5_hash', 20, false, true, 'lookup', [...LOOKUP_COMMON, 'write_only'], validateLookup],
  ['multicol', 3, true, false, 'multiColumn', ['column_count', 'column_bytes', 'column_vindex'], validateMultiCol],
  ['region_experimental', 1, true, false, 'multiColumn', ['region_bytes'], validateRegion],
  // Test-only types of vitess go/vt/vtgate/vindexes/vschema_test.go.
  ['stfu', 1, true, false, 'singleColumn', [], none],
  ['stfn', 1, false, false, 'singleColumn', [], none],
  ['stln', 0, false, true, 'lookup', [], none],
  ['stlu', 2, true, true, 'lookup', [], none],
  ['stlo', 2, true, true, 'lookup', [], none],
  ['mcfu', 1, true, false, 'multiColumn', [], none],
  ['region_experimental_test', 1, true, false, 'multiColumn', ['region_bytes'], validateRegion],
];

/** Types Vitess does not make ParamValidating: nobody reports their unknown params. */
const NOT_PARAM_VALIDATING = new Set(['multicol', 'stfu', 'stfn', 'stln', 'stlu', 'stlo', 'mcfu', 'region_experimental_test']);

const TYPES = new Map<string, VindexTypeInfo>(
  FACTS.map(([type, cost, isUnique, needsVCursor, kind, knownParams, validateParams]) => [
    type,
    {
      type,
      cost,
      isUnique,
      needsVCursor,
      kind,
      knownParams,
      reportsUnknownParams: !NOT_PARAM_VALIDATING.has(type),
      validateParams,
      paramWarnings: (name: string, params: Readonly<Record<string, string>>) => (kind === 'lookup' && knownParams.includes('table') ? lookupWarnings(name, params) : []),
    },
  ]),
);

/** Describes the vindex types above; undefined for any other (so `hash_test`, `lookup_cost` are unknown). */
export const describeFakeVindexType: DescribeVindexType = (type) => TYPES.get(type);
