// The shape of what the vschema builder needs to know about a vindex type. Owns only the
// type; the registry of real vindex types (src/sharding/vindexes) is injected by callers,
// because src/vschema may not import from src/sharding.

/** A param Vitess accepts although the vindex then cannot do its job; `param` names it. */
export interface VindexParamWarning {
  readonly param: string;
  readonly message: string;
}

/**
 * Facts about one vindex type, as the vindex registry describes it.
 * Mirrors vitess go/vt/vtgate/vindexes/vindex.go (Vindex.Cost, IsUnique, NeedsVCursor,
 * SingleColumn / MultiColumn / Lookup interfaces, ParamValidating.UnknownParams).
 * Contract: `validateParams` returns one message per bad or missing parameter, or [] when
 * the params are acceptable; `paramWarnings` returns what Vitess accepts but leaves the
 * vindex unusable (a lookup without `table`); unknown params are those not in `knownParams`
 * (the builder reports them itself, mirroring Vitess `unknown param`), and none when
 * `reportsUnknownParams` is false (Vitess multicol is not ParamValidating); `kind: 'lookup'`
 * means the type stores its mapping in a lookup table named by the `table` param.
 */
export interface VindexTypeInfo {
  readonly type: string;
  readonly cost: number;
  readonly isUnique: boolean;
  readonly needsVCursor: boolean;
  readonly kind: 'singleColumn' | 'multiColumn' | 'lookup';
  readonly knownParams: readonly string[];
  readonly reportsUnknownParams: boolean;
  validateParams(params: Readonly<Record<string, string>>): string[];
  paramWarnings(name: string, params: Readonly<Record<string, string>>): readonly VindexParamWarning[];
}

/** Looks up a vindex type; undefined when the type is unknown. */
export type DescribeVindexType = (type: string) => VindexTypeInfo | undefined;
