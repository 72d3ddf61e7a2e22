// The registry of vindex types (Vitess vindexes.Register / CreateVindex): every type shardgate
// supports, created by name with string params, plus a plain-data description of each type for
// the VSchema validator. Deliberately absent, as the fixture README of shared/vitess/vschemas
// decides: `hash_test` (vitess planbuilder/plan_test_vindex.go, linked into vtgate but not vtctld)
// and `lookup_cost` (vindexes/lookup_cost.go, "a test vindex", yet registered wherever Vitess is).

import { ServiceError } from '../../errors/serviceError.js';
import { invariant } from '../../util/invariant.js';
import { BINARY } from './binary.js';
import { BINARY_MD5 } from './binaryMd5.js';
import { CFC } from './cfc.js';
import { CONSISTENT_LOOKUP, CONSISTENT_LOOKUP_UNIQUE } from './consistentLookup.js';
import { HASH } from './hash.js';
import { LOOKUP, LOOKUP_UNIQUE } from './lookup.js';
import { LOOKUP_HASH, LOOKUP_HASH_UNIQUE } from './lookupHash.js';
import { LOOKUP_UNICODELOOSEMD5_HASH, LOOKUP_UNICODELOOSEMD5_HASH_UNIQUE } from './lookupUnicodeLooseMd5Hash.js';
import { MULTICOL } from './multicol.js';
import { NULL_VINDEX } from './nullVindex.js';
import { NUMERIC } from './numeric.js';
import { NUMERIC_STATIC_MAP } from './numericStaticMap.js';
import { ParamReader, type ParamWarning } from './paramReader.js';
import { REGION_EXPERIMENTAL } from './regionExperimental.js';
import { REGION_JSON } from './regionJson.js';
import { REVERSE_BITS } from './reverseBits.js';
import { createUnicodeLooseMd5 } from './unicodeLooseMd5.js';
import { createUnicodeLooseXxhash } from './unicodeLooseXxhash.js';
import type { SingleColumnVindex, Vindex } from './vindex.js';
import type { CreateVindexOptions, VindexContext, VindexDefinition, VindexKind } from './vindexDefinition.js';
import { XXHASH } from './xxhash.js';

/** A type whose factory takes the params map itself (unicode_loose_*: no params in Vitess). */
function fromFactory(type: string, factory: (name: string, params: Record<string, string>) => SingleColumnVindex): VindexDefinition {
  return {
    type,
    kind: 'singleColumn',
    cost: 1,
    isUnique: true,
    needsVCursor: false,
    knownParams: [],
    create: (name, reader) => factory(name, { ...reader.params }),
  };
}

const DEFINITIONS: readonly VindexDefinition[] = [
  BINARY,
  BINARY_MD5,
  CFC,
  CONSISTENT_LOOKUP,
  CONSISTENT_LOOKUP_UNIQUE,
  HASH,
  LOOKUP,
  LOOKUP_HASH,
  LOOKUP_HASH_UNIQUE,
  LOOKUP_UNICODELOOSEMD5_HASH,
  LOOKUP_UNICODELOOSEMD5_HASH_UNIQUE,
  LOOKUP_UNIQUE,
  MULTICOL,
  NULL_VINDEX,
  NUMERIC,
  NUMERIC_STATIC_MAP,
  REGION_EXPERIMENTAL,
  REGION_JSON,
  REVERSE_BITS,
  fromFactory('unicode_loose_md5', createUnicodeLooseMd5),
  fromFactory('unicode_loose_xxhash', createUnicodeLooseXxhash),
  XXHASH,
];

const BY_TYPE = new Map(DEFINITIONS.map((d) => [d.type, d]));

/** Every registered vindex type name, sorted. */
export const VINDEX_TYPES: readonly string[] = Object.freeze(DEFINITIONS.map((d) => d.type).sort());

/**
 * A vindex type as the VSchema validator sees it: plain data plus one pure function.
 * `cost` is the type's cost (multicol's depends on its column vindexes: 1 per `hash` column).
 */
export interface VindexTypeInfo {
  readonly type: string;
  readonly cost: number;
  readonly isUnique: boolean;
  readonly needsVCursor: boolean;
  readonly kind: VindexKind;
  /** Param names the type reads, sorted; other params are unknown (Vitess warns, does not fail). */
  readonly knownParams: readonly string[];
  /**
   * True when unknown params are reported for this type (Vitess ParamValidating); false for
   * multicol, which hands them to its column vindexes and which Vitess never asks.
   */
  readonly reportsUnknownParams: boolean;
  /**
   * The problems that would make createVindex fail with SG401, each naming the param and the
   * expected form; empty when the params are valid. Files named by params (json_path,
   * region_map) are not read here, only required to be named.
   */
  validateParams(params: Readonly<Record<string, string>>): string[];
  /**
   * Warnings for vindex `name` with `params`: params Vitess accepts although the vindex then
   * cannot do its job (a lookup without `table`, `from` or `to` cannot route queries), each
   * naming the param. Empty when there is nothing to say; never throws.
   */
  paramWarnings(name: string, params: Readonly<Record<string, string>>): ParamWarning[];
}

export type { ParamWarning } from './paramReader.js';

function unknownType(type: string, name: string): ServiceError {
  return new ServiceError('SG400', `vindex ${JSON.stringify(name)}: unknown vindex type ${JSON.stringify(type)}; expected one of ${VINDEX_TYPES.join(', ')}`, {
    details: { vindex: name, type },
  });
}

function build(type: string, name: string, params: Readonly<Record<string, string>> | undefined, options: CreateVindexOptions, validateOnly: boolean): Vindex {
  const definition = BY_TYPE.get(type);
  if (!definition) throw unknownType(type, name);
  const reader = new ParamReader(params);
  const context: VindexContext = {
    ...options,
    validateOnly,
    createVindex: (subType, subName, subParams) => build(subType, subName, subParams, options, validateOnly),
  };
  const vindex = definition.create(name, reader, context);
  if (reader.problems.length > 0) {
    throw new ServiceError('SG401', `vindex ${JSON.stringify(name)} (${type}): ${reader.problems.join('; ')}`, {
      details: { vindex: name, type, problems: [...reader.problems] },
    });
  }
  invariant(vindex, `vindex type ${type} built nothing without reporting a problem`);
  return vindex;
}

/**
 * Creates a vindex of a registered type (Vitess CreateVindex). Contract: throws ServiceError
 * SG400 for an unknown type and SG401 listing every param problem (each naming the vindex,
 * the param and the expected form); unknown params are not errors (see `unknownParams`).
 * Params that name files are read with `options.readFile` (else SG401).
 */
export function createVindex(type: string, name: string, params?: Readonly<Record<string, string>>, options: CreateVindexOptions = {}): Vindex {
  return build(type, name, params, options, false);
}

/** Describes a registered type, or undefined for an unknown one. */
export function describeVindexType(type: string): VindexTypeInfo | undefined {
  const definition = BY_TYPE.get(type);
  if (!definition) return undefined;
  return Object.freeze({
    type: definition.type,
    cost: definition.cost,
    isUnique: definition.isUnique,
    needsVCursor: definition.needsVCursor,
    kind: definition.kind,
    knownParams: Object.freeze([...definition.knownParams].sort()),
    reportsUnknownParams: definition.reportsUnknownParams ?? true,
    validateParams: (params: Readonly<Record<string, string>>): string[] => [...readParams(definition, type, params).problems],
    paramWarnings: (name: string, params: Readonly<Record<string, string>>): ParamWarning[] => [...readParams(definition, name, params).warnings],
  });
}

/** Runs the type's factory over `params` without reading files, for its problems and warnings. */
function readParams(definition: VindexDefinition, name: string, params: Readonly<Record<string, string>>): ParamReader {
  const reader = new ParamReader(params);
  const context: VindexContext = {
    validateOnly: true,
    createVindex: (subType, subName, subParams) => build(subType, subName, subParams, {}, true),
  };
  definition.create(name, reader, context);
  return reader;
}
