// The shape of what the vschema builder needs to know about a vindex type. Owns only the
// type; the registry of real vindex types (src/sharding/vindexes) is injected by callers,
// because src/vschema may not import from src/sharding.

/**
 * Facts about one vindex type, as the vindex registry describes it.
 * Mirrors vitess go/vt/vtgate/vindexes/vindex.go (Vindex.Cost, IsUnique, NeedsVCursor,
 * SingleColumn / MultiColumn / Lookup interfaces, ParamValidating.UnknownParams).
 * Contract: `validateParams` returns one message per bad or missing parameter, or [] when
 * the params are acceptable; unknown params are those not in `knownParams` (the builder
 * reports them itself, mirroring Vitess `unknown param`); `kind: 'lookup'` means the type
 * stores its mapping in a lookup table named by the `table` param.
 */
export interface VindexTypeInfo {
  readonly type: string;
  readonly cost: number;
  readonly isUnique: boolean;
  readonly needsVCursor: boolean;
  readonly kind: 'singleColumn' | 'multiColumn' | 'lookup';
  readonly knownParams: readonly string[];
  validateParams(params: Readonly<Record<string, string>>): string[];
}

/** Looks up a vindex type; undefined when the type is unknown. */
export type DescribeVindexType = (type: string) => VindexTypeInfo | undefined;
