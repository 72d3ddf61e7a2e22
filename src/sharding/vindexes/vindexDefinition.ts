// What each vindex type module exports for the registry: its static capabilities, the params
// it knows, and a factory that reads params through a ParamReader. Owns no registration (see
// registry.ts) and no mapping logic (each type's own file).

import type { ParamReader } from './paramReader.js';
import type { Vindex } from './vindex.js';

/** The shape of a vindex type: `singleColumn`, `multiColumn` or `lookup`. */
export type VindexKind = Vindex['kind'];

/** Options for creating vindexes. */
export interface CreateVindexOptions {
  /**
   * Reads a file named by a param (numeric_static_map `json_path`, region_json `region_map`),
   * as Vitess reads it when the VSchema loads. Vindexes do no I/O themselves: without this
   * option those params are rejected with SG401.
   */
  readonly readFile?: (path: string) => string;
}

/** What a factory gets besides its params. */
export interface VindexContext extends CreateVindexOptions {
  /** True when only validating params: files are not read and the vindex is discarded. */
  readonly validateOnly: boolean;
  /** Creates another vindex (multicol columns, numeric_static_map fallback); throws ServiceError SG400/SG401. */
  readonly createVindex: (type: string, name: string, params: Readonly<Record<string, string>>) => Vindex;
}

/**
 * One registered vindex type (Vitess Register + the capability methods).
 * Contract: `create` records every param problem in `reader` and then returns a vindex built
 * from the valid part (or undefined when nothing sensible can be built); the registry throws
 * SG401 when `reader.problems` is not empty, so a returned vindex is only used when clean.
 */
export interface VindexDefinition {
  readonly type: string;
  readonly kind: VindexKind;
  /** The type's cost; multicol's depends on its column vindexes and this is the default per column (1, `hash`). */
  readonly cost: number;
  readonly isUnique: boolean;
  readonly needsVCursor: boolean;
  /** Param names the type reads, sorted. */
  readonly knownParams: readonly string[];
  /**
   * False for a type that Vitess does not make ParamValidating (multicol: it passes its other
   * params on to its column vindexes), so nobody reports its unknown params. Default true.
   */
  readonly reportsUnknownParams?: false;
  create(name: string, reader: ParamReader, context: VindexContext): Vindex | undefined;
}
